"""Depth of a point relative to two states: capital, border, interior, or unplaced.

:func:`place_points` takes points (longitude, latitude), the state each should lie in
(the target) and the state whose territory the border is measured from (the actor):

1. a point farther than the boundaries' tolerance (5 km for the shipped 1:50m lines)
   from the target's territory is *unplaced*, with the unit it lies in as the reason;
2. a point within a capital's radius (``capitals.csv``) is on the *capital*;
3. a point within ``border_km`` of the actor's territory is on the *border*;
4. any other point in the target is in the *interior*.

Distances are great-circle kilometres (haversine on a sphere of 6,371 km) to the
nearest point of a state's polygons.  The nearest point is found in a local
equirectangular frame (longitudes scaled by the cosine of the point's 1-degree latitude
band) and its distance then measured on the sphere, so the error is far below the
1:50m lines' own few-km precision.  Work is vectorised per (target, actor) pair with
shapely 2 (GEOS); the actor's territory is first cut to the target's bounding box
widened by ``border_km``, which leaves every distance up to ``border_km`` unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._distinct import first_rows
from .boundaries import GEOMETRY_LOCK, Boundaries, load_boundaries
from .capitals import capital_points
from ._memo import PLACEMENT_CODES, PlacedPoints

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = np.pi * EARTH_RADIUS_KM / 180.0
#: A strike this close to the acting state's territory is on the border (``border_km``).
DEFAULT_BORDER_KM = 50.0
#: Latitude bands (degrees) sharing one scale factor when searching for the nearest point.
BAND_DEGREES = 1.0

PLACEMENTS = ("capital", "border", "interior")


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (broadcasting).

    Haversine on a sphere of 6,371.0088 km (the mean Earth radius).

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array-like
        WGS84 degrees.

    Returns
    -------
    numpy.ndarray
        Kilometres.

    Examples
    --------
    >>> round(float(haversine_km(69.17, 34.53, 73.04, 33.72)))  # Kabul to Islamabad
    367
    """
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_km(lon, lat, state: str, boundaries=None) -> np.ndarray:
    """Kilometres from each point to the territory of ``state`` (0 inside it).

    Parameters
    ----------
    lon, lat : array-like of float
        WGS84 degrees.
    state : str
        ISO3 of a unit the boundaries hold.
    boundaries : path, Boundaries or None
        The shipped Natural Earth units by default.

    Returns
    -------
    numpy.ndarray
        Great-circle kilometres to the nearest point of the state's polygons.

    Raises
    ------
    KeyError
        The boundaries do not hold ``state``.

    Examples
    --------
    >>> d = distance_km([44.5126], [40.17765], "AZE")  # Yerevan to Azerbaijan (Nakhchivan)
    >>> 30 < float(d[0]) < 60
    True
    """
    b = load_boundaries(boundaries)
    geom = b.geometry(state)
    if geom is None:
        raise KeyError(f"no boundary for {state!r} in {b.source}")
    with GEOMETRY_LOCK:
        return _distance_km(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), geom,
                            b._cache, ("full", state))


def _scaled(geom, k: float, cache: dict, key):
    import shapely

    if key not in cache:
        g = shapely.transform(geom, lambda c: c * [k, 1.0])
        shapely.prepare(g)
        cache[key] = g
    return cache[key]


def _distance_km(lon: np.ndarray, lat: np.ndarray, geom, cache: dict, key) -> np.ndarray:
    import shapely

    out = np.zeros(len(lon))
    if geom is None or geom.is_empty:
        return np.full(len(lon), np.inf)
    todo = ~shapely.contains_xy(geom, lon, lat)
    band = np.floor(lat / BAND_DEGREES).astype(np.int64)
    for b in np.unique(band[todo]):
        rows = todo & (band == b)
        k = max(np.cos(np.radians((b + 0.5) * BAND_DEGREES)), 0.02)
        g = _scaled(geom, k, cache, (key, int(b)))
        ends = shapely.get_coordinates(shapely.shortest_line(shapely.points(lon[rows] * k, lat[rows]), g))
        ends = ends.reshape(-1, 2, 2)[:, 1]
        out[rows] = haversine_km(lon[rows], lat[rows], ends[:, 0] / k, ends[:, 1])
    return out


def _near(geom, lon: np.ndarray, lat: np.ndarray, radius_km: float, cache: dict, key) -> np.ndarray:
    """Which points lie within ``radius_km`` of ``geom`` (bounding-box filter, then distances)."""
    if geom is None or geom.is_empty:
        return np.zeros(len(lon), dtype=bool)
    x0, y0, x1, y1 = geom.bounds
    dlat = radius_km / KM_PER_DEGREE
    coslat = max(np.cos(np.radians(min(89.0, max(abs(y0), abs(y1)) + dlat))), 0.02)
    dlon = radius_km / (KM_PER_DEGREE * coslat)
    box = (lat >= y0 - dlat) & (lat <= y1 + dlat) & (lon >= x0 - dlon) & (lon <= x1 + dlon)
    out = np.zeros(len(lon), dtype=bool)
    if box.any():
        out[box] = _distance_km(lon[box], lat[box], geom, cache, key) <= radius_km
    return out


def _actor_near_target(b: Boundaries, actor: str, target: str, radius_km: float):
    """The actor's territory cut to the target's bounding box widened by ``radius_km``.

    Distances up to ``radius_km`` from any point of the target are the same to this
    piece as to the whole territory, and a far-away actor (USA for IRN) leaves nothing.
    """
    import shapely

    key = ("cut", actor, target, float(radius_km))
    if key not in b._cache:
        a, t = b.geometry(actor), b.geometry(target)
        x0, y0, x1, y1 = t.bounds
        dlat = radius_km / KM_PER_DEGREE + 0.1
        coslat = max(np.cos(np.radians(min(89.0, max(abs(y0), abs(y1)) + dlat))), 0.02)
        dlon = radius_km / (KM_PER_DEGREE * coslat) + 0.1
        piece = shapely.intersection(a, shapely.box(x0 - dlon, y0 - dlat, x1 + dlon, y1 + dlat))
        shapely.prepare(piece)
        b._cache[key] = piece
    return b._cache[key]


def are_neighbours(actor: str, target: str, boundaries=None, border_km: float = DEFAULT_BORDER_KM) -> bool:
    """True when some of the target's territory lies within ``border_km`` of the actor's.

    Used for locations that say only "border": such a strike is on the border when the
    two states are neighbours in this sense.

    Parameters
    ----------
    actor, target : str
        ISO3 codes.
    boundaries : path, Boundaries or None
        The shipped Natural Earth units by default.
    border_km : float
        The distance that makes neighbours (50 km by default).

    Returns
    -------
    bool
        False too when the boundaries hold either state not at all.

    Examples
    --------
    >>> are_neighbours("ARM", "AZE"), are_neighbours("USA", "IRN"), are_neighbours("ISR", "IRN")
    (True, False, False)
    """
    b = load_boundaries(boundaries)
    if b.geometry(actor) is None or b.geometry(target) is None:
        return False
    with GEOMETRY_LOCK:
        return _are_neighbours(b, actor, target, border_km)


def _are_neighbours(b: Boundaries, actor: str, target: str, border_km: float) -> bool:
    import shapely

    piece = _actor_near_target(b, actor, target, border_km)
    if piece.is_empty:
        return False
    # boundary vertices of the target within border_km of the actor's piece
    coords = shapely.get_coordinates(b.geometry(target))
    return bool(_near(piece, coords[:, 0], coords[:, 1], border_km, b._cache,
                      ("cut", actor, target, float(border_km))).any())


def place_points(longitude, latitude, target, actor, *, boundaries=None,
                 border_km: float = DEFAULT_BORDER_KM) -> pd.DataFrame:
    """Place points as ``capital``, ``border`` or ``interior`` of the target, or explain why not.

    Parameters
    ----------
    longitude, latitude : array-like of float
        WGS84 degrees.
    target : array-like of str
        ISO3 of the state each point should lie in.
    actor : array-like of str or None
        ISO3 of the acting state the border is measured from.
    boundaries : path, Boundaries or None
        The shipped Natural Earth units by default (see :func:`load_boundaries`).
    border_km : float
        Points within this distance of the actor's territory are on the border.

    Returns
    -------
    DataFrame
        ``placement`` (``capital``, ``border``, ``interior`` or empty) and ``reason``
        (why a point is unplaced; empty otherwise), one row per point.

    Examples
    --------
    >>> p = place_points([44.51, 45.41, 44.70], [40.18, 39.21, 39.95], ["ARM", "AZE", "ARM"],
    ...                  ["AZE", "ARM", "AZE"])
    >>> p["placement"].tolist()  # Yerevan; Nakhchivan city by Armenia's border; Ararat plain
    ['capital', 'border', 'border']
    """
    if not np.isfinite(border_km) or border_km < 0:
        raise ValueError(f"border_km must be a non-negative number of km, got {border_km!r}")
    b = load_boundaries(boundaries)
    target_of, targets = pd.factorize(pd.Series(target, dtype=object).fillna(""))
    actor_of, actors = pd.factorize(pd.Series(actor, dtype=object).fillna(""))
    placement, reason, reasons = _point_codes(
        b, np.asarray(longitude, dtype=float), np.asarray(latitude, dtype=float),
        target_of, targets, actor_of, actors, border_km)
    used, reason_of = np.unique(reason, return_inverse=True)
    return pd.DataFrame({"placement": np.asarray(PLACEMENT_CODES, dtype=object)[placement],
                         "reason": np.asarray([reasons[r] for r in used], dtype=object)[reason_of]},
                        dtype=object)


def _point_codes(b: Boundaries, lon: np.ndarray, lat: np.ndarray, target_of: np.ndarray, targets,
                 actor_of: np.ndarray, actors, border_km: float):
    """Points placed (or found placed before) as codes.

    Targets and actors come as codes into ``targets`` and ``actors``.  Returns the
    placements (positions in ``PLACEMENT_CODES``), the reasons (positions in the returned
    list, which only ever grows) and that list.
    """
    with GEOMETRY_LOCK:
        memo = _placed_points(b, border_km)
        placement, reason = memo.lookup(lon, lat, target_of, targets, actor_of, actors,
                                        lambda *points: _place_new(b, *points, border_km))
        return placement, reason, memo.reasons


def _placed_points(b: Boundaries, border_km: float) -> PlacedPoints:
    """The points ``b`` placed so far for ``border_km`` (call with ``GEOMETRY_LOCK`` held)."""
    key = ("placed", float(border_km), float(b.tolerance_km))
    if key not in b._cache:
        b._cache[key] = PlacedPoints()
    return b._cache[key]


def _place_new(b: Boundaries, lon: np.ndarray, lat: np.ndarray, target_of: np.ndarray, targets,
               actor_of: np.ndarray, actors, border_km: float) -> tuple[np.ndarray, np.ndarray]:
    placement = np.full(len(lon), "", dtype=object)
    reason = np.full(len(lon), "", dtype=object)
    for ti, t in enumerate(targets):
        rows = np.flatnonzero(target_of == ti)
        # capital and inside depend on the point alone: test each distinct point once
        same, first = _distinct_points(lon[rows], lat[rows])
        x0, y0 = lon[rows][first], lat[rows][first]
        cap_lon, cap_lat, cap_r = capital_points(t)
        on_capital = np.zeros(len(first), dtype=bool)
        for x, y, r in zip(cap_lon, cap_lat, cap_r):
            on_capital |= haversine_km(x0, y0, x, y) <= r
        on_capital = on_capital[same]
        geom = b.geometry(t) if t in b and b.iso[list(b.codes).index(t)] else None
        if geom is None:
            placement[rows[on_capital]] = "capital"
            reason[rows[~on_capital]] = f"no boundary for {t or 'the target state'} in {b.source}"
            continue
        why = np.full(len(first), "", dtype=object)
        inside = _inside(b, t, geom, x0, y0, why, np.arange(len(first)))[same]
        reason[rows] = why[same]
        placement[rows[inside & on_capital]] = "capital"
        rest = rows[inside & ~on_capital]
        for ai in np.unique(actor_of[rest]):
            a = actors[ai]
            rows_a = rest[actor_of[rest] == ai]
            if not a:
                reason[rows_a] = "no acting state to measure the border from"
                continue
            if a not in b:
                reason[rows_a] = f"no boundary for the acting state {a} in {b.source}"
                continue
            piece = _actor_near_target(b, a, t, border_km)
            near = _near(piece, lon[rows_a], lat[rows_a], border_km, b._cache,
                         ("cut", a, t, float(border_km)))
            placement[rows_a] = np.where(near, "border", "interior")
    return placement, reason


def _distinct_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each point, its distinct point's position; and a row holding each distinct point."""
    same, distinct = pd.factorize(lon + 1j * lat, use_na_sentinel=False)
    return same, first_rows(same, len(distinct))


def _inside(b: Boundaries, state: str, geom, lon, lat, reason: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Points in ``state`` (within the tolerance); the others get a reason naming where they are."""
    import shapely

    inside = shapely.contains_xy(geom, lon, lat)
    if inside.all():
        return inside
    out = np.flatnonzero(~inside)
    d = _distance_km(lon[out], lat[out], geom, b._cache, ("full", state))
    close = d <= b.tolerance_km
    inside[out[close]] = True
    far = out[~close]
    if len(far):
        units = b.unit_at(lon[far], lat[far])
        for i, unit, km in zip(far, units, d[~close]):
            where = "at sea or outside every unit" if unit < 0 else "in " + b.describe(int(unit))
            reason[rows[i]] = f"outside {state}: {where}, {km:.0f} km from {b.name(state)}"
    return inside
