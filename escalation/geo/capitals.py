"""Capitals of every UN member and observer: names, former spellings, point and radius.

``capitals.csv`` (built by ``tools/build_geo.py``) lists the capital(s) world-countries
5.1.0 gives for each UN member and observer, plus documented seats of government
(``role``: ``official``, ``seat_of_government``, ``claimed``).  Each has its GeoNames point
and population, and ``radius_km``: the radius of a disc holding the city's population at
4,000 people per km^2, kept within 3..25 km (a strike within it is on the capital).
``aliases`` are GeoNames' Latin-script alternate names (minus those naming another place
in the same state) and curated former spellings (Kiev, Nur-Sultan, Peking, ...).
``admin1`` names the first-level unit that is the capital city itself, where there is one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .names import any_of


@lru_cache(maxsize=1)
def capitals() -> pd.DataFrame:
    """The shipped capitals table (one row per capital; some states have two).

    Returns
    -------
    DataFrame
        ``iso3``, ``un_status``, ``capital``, ``role`` (``official``,
        ``seat_of_government``, ``claimed``), ``latitude``, ``longitude``,
        ``population``, ``radius_km`` (a strike within it is on the capital),
        ``geonameid``, ``admin1`` (a first-level unit that is the city itself, or empty)
        and ``aliases`` (``;``-separated other and former spellings); see
        ``escalation/geo/README.md``.

    Examples
    --------
    >>> t = capitals()
    >>> t.loc[t.iso3 == "UKR", ["capital", "radius_km"]].values.tolist()
    [['Kyiv', 15.3]]
    >>> "Kiev" in t.loc[t.iso3 == "UKR", "aliases"].item().split(";")
    True
    """
    with resources.files("escalation.geo").joinpath("capitals.csv").open("rb") as f:
        table = pd.read_csv(f, dtype={"aliases": "str", "admin1": "str"}, keep_default_na=False)
    return table


@lru_cache(maxsize=None)
def capital_pattern(iso3: str) -> re.Pattern | None:
    """Whole-word pattern for any name of any capital of ``iso3`` (on :func:`~escalation.geo.names.key` text).

    Parameters
    ----------
    iso3 : str
        A state.

    Returns
    -------
    re.Pattern or None
        Matches any spelling of the state's capital(s) inside a keyed location text;
        None for a state without a listed capital.

    Examples
    --------
    >>> from escalation.geo.names import key
    >>> bool(capital_pattern("UKR").search(key("Strikes on Kiev overnight")))
    True
    """
    table = capitals()
    rows = table[table["iso3"] == iso3]
    names = [n for r in rows.itertuples() for n in [r.capital, *r.aliases.split(";")] if n]
    return any_of(names)


def capital_points(iso3: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longitudes, latitudes and radii (km) of the capitals of ``iso3``.

    Parameters
    ----------
    iso3 : str
        A state.

    Returns
    -------
    tuple of three numpy.ndarray
        Longitudes, latitudes and radii, one entry per capital (empty for none).

    Examples
    --------
    >>> [a.tolist() for a in capital_points("ARM")]
    [[44.5126], [40.17765], [9.5]]
    """
    points = _capital_points().get(iso3)
    return tuple(a.copy() for a in points) if points else (np.array([]), np.array([]), np.array([]))


@lru_cache(maxsize=1)
def _capital_points() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return {iso3: (rows["longitude"].to_numpy(float), rows["latitude"].to_numpy(float),
                   rows["radius_km"].to_numpy(float))
            for iso3, rows in capitals().groupby("iso3")}


def capital_admin1(iso3: str) -> set[str]:
    """First-level units that are the capital city itself (``Islamabad Capital Territory``).

    An event whose ``admin1`` is one of them is on the capital.

    Parameters
    ----------
    iso3 : str
        A state.

    Returns
    -------
    set of str

    Examples
    --------
    >>> capital_admin1("PAK")
    {'Islamabad Capital Territory'}
    """
    return set(_capital_admin1().get(iso3, ()))


@lru_cache(maxsize=1)
def _capital_admin1() -> dict[str, frozenset]:
    table = capitals()
    return {iso3: frozenset(a for a in rows["admin1"] if a) for iso3, rows in table.groupby("iso3")}
