"""Correlates of War MID action codes 0-21 as a crosswalk onto the ladders.

Reference: Palmer et al. (2022), "The MID5 Dataset, 2011-2014", Conflict Management and
Peace Science 39(4); MIDIP codebook (action, hostility level).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import pandas as pd


@lru_cache(maxsize=1)
def mid_crosswalk() -> pd.DataFrame:
    """MID action codes with their name, hostility level, MID-ladder rung and default-ladder kind.

    Returns
    -------
    DataFrame
        Indexed by ``action`` (0-21): ``name``, ``hostility_level`` (1-5), ``mid_rung``
        (on :meth:`escalation.EscalationScale.mid_hostility`), ``kind`` (on the default
        ladder) and ``note``.

    Examples
    --------
    >>> from escalation.importers.mid import mid_crosswalk
    >>> row = mid_crosswalk().loc[18]
    >>> row["name"], int(row["hostility_level"]), row["kind"]
    ('Declaration of war', 4, 'open_war')
    """
    text = resources.files("escalation").joinpath("importers/tables/mid_actions.csv").read_text("utf-8")
    t = pd.DataFrame(list(csv.DictReader(text.splitlines())))
    t["action"] = t["action"].astype(int)
    t["hostility_level"] = t["hostility_level"].astype(int)
    return t.set_index("action")


def mid_kinds(actions) -> pd.Series:
    """The default-ladder kind of each MID action code (-9, missing, and unknown codes give NaN).

    Give the result as ``kind`` in an event table, and code it on the default ladder or
    on :meth:`escalation.EscalationScale.mid_hostility`.

    Parameters
    ----------
    actions : array-like
        MID action codes 0-21 (numbers or text).

    Returns
    -------
    Series
        The kind of each code (``open_war`` for a declaration of war, ...), NaN where
        the code is not a MID action.

    Examples
    --------
    >>> mid_kinds([18, 7, -9, 99]).tolist()
    ['open_war', 'coercion', nan, nan]
    """
    s = pd.Series(actions)
    return pd.to_numeric(s, errors="coerce").map(mid_crosswalk()["kind"])
