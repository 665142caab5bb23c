"""Shared pieces of the statistics: defaults, tidy tables, Holm families, warnings, groupings.

Every table the statistics return has a fixed list of columns, filled with NaN and a
``note`` when a test cannot be computed, so user code never meets a missing column.  Holm
adjustment runs within *declared* families (the ``family`` column), and a test that
failed stays in its family with p = 1, so a failure never makes the others look stronger.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

from ..errors import EscalationError, EscalationWarning

#: Defaults, declared once before looking at any result (DESIGN section 6).
# trend, change points and regimes take any series (weekly by default in the README);
# reciprocity and retaliation need daily ones
MAX_LAG = 7                 # lag cap, days
MIN_NONZERO = 10            # fewer non-zero periods: NaN with a reason (trend, change points)
MIN_TREND_PERIODS = 20      # trend: fewer periods give NaN with a reason
MIN_REGIME_PERIODS = 50     # regimes: fewer periods give NaN with a reason
MIN_REGIME_NONZERO = 10     # ... and fewer non-zero periods too
EVENTS_PER_PARAMETER = 10   # reaction function: non-zero responder days per parameter
SEARCH_REPS = 10            # HMM: seeded EM starts
SEED = 20260227             # every random step is seeded
RETALIATION_WINDOW = "7D"
RETALIATION_MIN_LAG = "1D"
N_SHIFTS = 999              # retaliation: whole-series shifts of the responder
SHIFTS_CAUSE = 199          # reciprocity: whole-series shifts of the cause
# pooled claim ratios: escalation/claims/discrepancy.py (MIN_POOL_BOOTSTRAP = 20)


class InsufficientDataError(EscalationError, ValueError):
    """A series is too short, empty or constant for the method asked for."""


def groups(series: pd.DataFrame, value: str | None = None) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield (label, rows) per direction ("PAK→AFG") or per dyad, in period order.

    With ``value``, first check that the series has that column and the keys, so a wrong
    argument is one clear error rather than a KeyError from deep inside a fit.
    """
    needed = ["period", value] if value else ["period"]
    missing = [c for c in needed if c not in series.columns]
    if missing:
        raise ValueError(f"the series has no column {missing[0]!r} (columns: {', '.join(map(str, series.columns))}); "
                         "build it with escalation.build_series")
    if "actor_state" in series:
        label = series["actor_state"] + "→" + series["target_state"]
    else:
        label = series["dyad"]
    for name, g in series.assign(_g=label).groupby("_g", sort=True):
        yield name, g.sort_values("period").drop(columns="_g")


def describe(y: np.ndarray) -> dict:
    y = np.asarray(y, dtype=float)
    return {"n_periods": int(len(y)), "n_events": int(np.nansum(y)),
            "n_nonzero": int(np.sum(y > 0)),
            "share_zero": float(np.mean(y == 0)) if len(y) else np.nan}


def holm(p: pd.Series, family: pd.Series | None = None) -> pd.Series:
    """Holm step-down adjustment within each family.

    A NaN p-value (a test that was tried but could not be computed, e.g. a fit that
    failed) keeps its place in the family as p = 1, so the family's size is the number
    of tests tried, not the number that happened to succeed; its adjusted value stays
    NaN.  Rows with no family (tests not tried because the data fall below a method's
    declared minimum, decided before any fit) are not counted.

    References
    ----------
    1. Holm, S. (1979), A simple sequentially rejective multiple test procedure,
       Scandinavian Journal of Statistics 6:65-70.
    """
    p = pd.Series(p, dtype="float64")
    family = pd.Series("all", index=p.index) if family is None else pd.Series(family, index=p.index)
    out = pd.Series(np.nan, index=p.index)
    declared = family.notna() & (family.astype("str") != "")
    for _, idx in p[declared].groupby(family[declared].astype("str"), sort=False).groups.items():
        values = p[idx].fillna(1.0).to_numpy()
        m = len(values)
        order = np.argsort(values, kind="stable")
        adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * values[order]))
        result = np.empty(m)
        result[order] = adjusted
        out[idx] = np.where(p[idx].isna(), np.nan, result)
    return out


def finish(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A table with exactly ``columns`` (NaN where a row has no value) and ``p_holm``.

    ``columns`` must hold ``p_value`` and ``family``; ``p_holm`` is computed within each
    family and placed after ``p_value``.
    """
    table = pd.DataFrame(rows, columns=[c for c in columns if c != "p_holm"])
    for c in ("note", "warnings"):
        if c in table:
            table[c] = table[c].astype(object).where(table[c].notna(), "").astype("str")
    if "converged" in table:
        table["converged"] = table["converged"].astype("boolean")
    table["p_holm"] = holm(table["p_value"], table["family"]) if len(table) else pd.Series(dtype=float)
    return table[columns].reset_index(drop=True)


@contextmanager
def collect_warnings():
    """Catch every warning raised inside; yields the list of their first lines."""
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as raw:
        warnings.simplefilter("always")
        np_state = np.seterr(all="ignore")
        try:
            yield caught
        finally:
            np.seterr(**np_state)
            caught.extend(sorted({f"{w.category.__name__}: {str(w.message).splitlines()[0]}"
                                  for w in raw}))


def quietly(fn, *args, **kwargs):
    """Run a fit, returning (result, list of warning messages)."""
    with collect_warnings() as caught:
        result = fn(*args, **kwargs)
    return result, caught


def warn_once(table: pd.DataFrame, function: str) -> None:
    """One :class:`EscalationWarning` per call naming the groups whose fits warned."""
    if "warnings" not in table or not len(table):
        return
    hit = table[table["warnings"].astype("str") != ""]
    if hit.empty:
        return
    parts = []
    for group, g in hit.groupby("group", sort=True):
        kinds = sorted({w.split(":")[0] for ws in g["warnings"] for w in ws.split("; ") if w})
        parts.append(f"{group} ({', '.join(kinds)})")
    warnings.warn(f"{function}: the fits for {'; '.join(parts)} raised warnings; see the "
                  "'warnings' and 'note' columns", EscalationWarning, stacklevel=3)
