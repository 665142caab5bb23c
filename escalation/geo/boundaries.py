"""Admin-0 boundaries: the shipped Natural Earth units, or a user's GeoJSON.

The shipped file ``boundaries.npz`` holds Natural Earth 4.1.0 admin-0 countries at 1:50m
(via the npm package world-atlas 2.0.2), one MultiPolygon per ISO 3166-1 state, built by
``tools/build_geo.py``.  Natural Earth draws de facto lines and makes its own choices
where they are disputed; see ``escalation/geo/README.md`` for those that matter to
placement (Kashmir, Crimea, Western Sahara, Northern Cyprus, Somaliland, Kosovo, ...).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import FileFormatError

#: GEOS prepared geometries build their indexes lazily and are not thread-safe
#: (libgeos/geos#825), and shapely releases the GIL while using them: threads (dask's,
#: the streaming workers) take turns on the boundaries through this lock.
GEOMETRY_LOCK = threading.RLock()

#: Points this close to a state's shipped boundary count as inside it: 1:50m vertices lie
#: a few km apart, so a town on the line may fall just outside the drawn polygon.
SHIPPED_TOLERANCE_KM = 5.0
SHIPPED_SOURCE = "Natural Earth 4.1.0 admin-0 countries 1:50m (world-atlas 2.0.2)"

#: GeoJSON properties read for a feature's ISO 3166-1 alpha-3 code, in this order
#: (Natural Earth, GADM, geoBoundaries, world-countries spellings).
ISO3_KEYS = ("iso3", "ISO3", "iso_a3", "ISO_A3", "adm0_a3", "ADM0_A3", "GID_0", "shapeGroup",
             "cca3", "ISO_A3_EH", "iso_a3_eh")
#: ... and for its ISO 3166-1 numeric code (a feature's own ``id`` is tried first).
NUMERIC_KEYS = ("iso_n3", "ISO_N3", "ccn3", "numeric", "iso_numeric")
NAME_KEYS = ("name", "NAME", "ADMIN", "admin", "NAME_0", "shapeName", "country")


@dataclass(eq=False)
class Boundaries:
    """Admin-0 units: a code (ISO3 for states), a name and a (Multi)Polygon each.

    Made by :func:`load_boundaries`; ``code in boundaries`` asks whether a unit is held.

    Attributes
    ----------
    codes, names : numpy.ndarray of str
        Each unit's code (ISO 3166-1 alpha-3 for states; Natural Earth's own code for
        units without one) and name.
    iso : numpy.ndarray of bool
        False for units without an ISO code (Natural Earth's Somaliland, Kosovo,
        Northern Cyprus, Siachen Glacier): no event's state is ever one of them, so a
        point there lies outside every target state.
    notes : numpy.ndarray of str
        Why a unit has no ISO code, for messages.
    geometries : numpy.ndarray of shapely geometries
        One (Multi)Polygon per unit, WGS84 longitude/latitude.
    source : str
        Where the lines come from (named in every unplaced strike's reason).
    tolerance_km : float
        How far outside its drawn polygon a point may lie and still count as inside a
        state.

    Examples
    --------
    >>> import numpy as np
    >>> b = load_boundaries()
    >>> "KHM" in b, b.name("KHM")
    (True, 'Cambodia')
    >>> b.describe(int(b.unit_at(np.array([104.92]), np.array([11.56]))[0]))  # Phnom Penh
    'Cambodia (KHM)'
    """

    codes: np.ndarray
    names: np.ndarray
    iso: np.ndarray
    notes: np.ndarray
    geometries: np.ndarray
    source: str
    tolerance_km: float = SHIPPED_TOLERANCE_KM
    # derived from the fields (prepared pieces, remembered placements): a copy made with
    # dataclasses.replace starts its own
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        import shapely

        shapely.prepare(self.geometries)
        self._position = {str(c): i for i, c in enumerate(self.codes)}

    def __contains__(self, code) -> bool:
        return isinstance(code, str) and code in self._position

    def __len__(self) -> int:
        return len(self.codes)

    def __repr__(self) -> str:
        return (f"Boundaries({len(self)} units from {self.source}, "
                f"tolerance {self.tolerance_km:g} km)")

    def geometry(self, code: str):
        """The unit's geometry, or None when the boundaries do not hold it.

        Parameters
        ----------
        code : str
            A unit's code (ISO3 for states).

        Returns
        -------
        shapely.MultiPolygon or None

        Examples
        --------
        >>> b = load_boundaries()
        >>> b.geometry("ARM").geom_type, b.geometry("XXX") is None
        ('MultiPolygon', True)
        """
        i = self._position.get(code)
        return None if i is None else self.geometries[i]

    def name(self, code: str) -> str:
        """The unit's name, or the code itself when the boundaries do not hold it.

        Parameters
        ----------
        code : str
            A unit's code.

        Returns
        -------
        str

        Examples
        --------
        >>> load_boundaries().name("AZE"), load_boundaries().name("XXX")
        ('Azerbaijan', 'XXX')
        """
        i = self._position.get(code)
        return code if i is None else str(self.names[i])

    def unit_at(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Index of the unit containing each point (-1 at sea or outside every unit).

        Strictly within the drawn polygons (no tolerance).

        Parameters
        ----------
        lon, lat : array-like of float
            WGS84 degrees.

        Returns
        -------
        numpy.ndarray of int64
            Positions in ``codes``, one per point.

        Examples
        --------
        >>> import numpy as np
        >>> b = load_boundaries()
        >>> [str(b.codes[i]) if i >= 0 else "sea" for i in b.unit_at(np.array([44.51, 0.0]), np.array([40.18, 0.0]))]
        ['ARM', 'sea']
        """
        import shapely

        points = shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        out = np.full(len(points), -1, dtype=np.int64)
        with GEOMETRY_LOCK:
            if "tree" not in self._cache:
                self._cache["tree"] = shapely.STRtree(self.geometries)
            hit_point, hit_unit = self._cache["tree"].query(points, predicate="within")
        out[hit_point] = hit_unit
        return out

    def describe(self, index: int) -> str:
        """A unit as messages name it: ``"Armenia (ARM)"``, or with why it has no ISO code.

        Parameters
        ----------
        index : int
            A position in ``codes`` (from :meth:`unit_at`).

        Returns
        -------
        str

        Examples
        --------
        >>> b = load_boundaries()
        >>> b.describe(list(b.codes).index("SOL")).split(";")[0]
        'Somaliland (SOL: no ISO code in Natural Earth 4.1.0 admin-0 countries 1:50m (world-atlas 2.0.2)'
        """
        code, name = str(self.codes[index]), str(self.names[index])
        if bool(self.iso[index]):
            return f"{name} ({code})"
        note = str(self.notes[index])
        return f"{name} ({code}: no ISO code in {self.source}{'; ' + note if note else ''})"


@lru_cache(maxsize=1)
def shipped_boundaries() -> Boundaries:
    """The shipped Natural Earth 4.1.0 1:50m admin-0 units (loaded once).

    Returns
    -------
    Boundaries
        240 units from ``boundaries.npz`` with the 5 km tolerance of 1:50m lines.

    Examples
    --------
    >>> b = shipped_boundaries()
    >>> len(b), b.tolerance_km
    (240, 5.0)
    """
    import shapely

    with resources.files("escalation.geo").joinpath("boundaries.npz").open("rb") as f:
        z = np.load(f)
        coords = np.cumsum(z["delta"].astype(np.int64), axis=0) * float(z["quantum"])
        offsets = (z["ring_offsets"], z["polygon_offsets"], z["part_offsets"])
        geoms = shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, coords, offsets)
        return Boundaries(codes=z["code"].astype(str), names=z["name"].astype(str),
                          iso=z["iso"].astype(bool), notes=z["note"].astype(str),
                          geometries=geoms, source=SHIPPED_SOURCE)


def load_boundaries(path=None, *, tolerance_km: float | None = None) -> Boundaries:
    """Admin-0 boundaries: the shipped Natural Earth units, or a user's GeoJSON file.

    Parameters
    ----------
    path : str, Path or Boundaries, optional
        ``None`` for the shipped Natural Earth 4.1.0 1:50m units.  A GeoJSON
        ``FeatureCollection`` in WGS84 longitude/latitude degrees whose features are
        ``Polygon`` or ``MultiPolygon`` admin-0 units, each naming its state by an ISO
        3166-1 alpha-3 property (``iso3``, ``ISO_A3``, ``ADM0_A3``, ``GID_0``,
        ``shapeGroup``, ``cca3``; Natural Earth's ``-99`` is skipped) or ISO numeric code
        (the feature's ``id``, or ``ISO_N3``, ``ccn3``).  Features of one state are
        merged; features with no ISO code are kept as units outside every state.
    tolerance_km : float, optional
        How far outside its polygon a point may lie and still count as inside a state:
        5 km for the shipped 1:50m lines, 1 km by default for a user's file.

    Raises
    ------
    FileFormatError
        One error naming the file for a file that is not such GeoJSON.

    Returns
    -------
    Boundaries
        The units, ready for :func:`escalation.geo.place_points` and
        :func:`escalation.code_events` (``boundaries=``).

    Examples
    --------
    >>> b = load_boundaries()
    >>> b.name("ARM"), "ARM" in b, "SOL" in b and not b.iso[list(b.codes).index("SOL")]
    ('Armenia', True, True)
    """
    if isinstance(path, Boundaries):
        return path
    if path is None:
        shipped = shipped_boundaries()
        if tolerance_km is None or tolerance_km == shipped.tolerance_km:
            return shipped
        return Boundaries(shipped.codes, shipped.names, shipped.iso, shipped.notes,
                          shipped.geometries, shipped.source, float(tolerance_km))
    return _read_geojson(Path(path), 1.0 if tolerance_km is None else float(tolerance_km))


def _read_geojson(path: Path, tolerance_km: float) -> Boundaries:
    import shapely
    from shapely.geometry import shape

    from .._schema import known_states

    def bad(detail: str) -> FileFormatError:
        return FileFormatError(f"{path}: not usable admin-0 boundaries: {detail}")

    if not path.is_file():
        raise FileFormatError(f"{path}: no such boundaries file")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad(f"not a GeoJSON (JSON) file: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise bad("expected a GeoJSON FeatureCollection")
    states = known_states()
    numeric = _numeric_to_iso3()
    units: dict[str, dict] = {}
    for n, feature in enumerate(data["features"], start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            raise bad(f"feature {n} has no geometry")
        kind = feature["geometry"].get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            raise bad(f"feature {n} is a {kind}; admin-0 units must be Polygon or MultiPolygon")
        try:
            geom = shape(feature["geometry"])
        except Exception as exc:  # shapely raises several types on malformed rings
            raise bad(f"feature {n} has malformed coordinates: {exc}") from None
        if geom.is_empty:
            continue
        x0, y0, x1, y1 = geom.bounds
        if not (-180.5 <= x0 and x1 <= 180.5 and -90.5 <= y0 and y1 <= 90.5):
            raise bad(f"feature {n} has coordinates outside longitude/latitude degrees "
                      f"(bounds {x0:g}, {y0:g}, {x1:g}, {y1:g}): reproject to WGS84 (EPSG:4326)")
        props = feature.get("properties") or {}
        code = _iso3_of(feature, props, states, numeric)
        name = next((str(props[k]) for k in NAME_KEYS if props.get(k)), code or f"feature {n}")
        iso = code is not None
        code = code or f"#{n}"
        unit = units.setdefault(code, {"name": name, "iso": iso, "parts": []})
        unit["parts"].append(shapely.make_valid(geom))
    if not any(u["iso"] for u in units.values()):
        raise bad("no feature names an ISO 3166-1 state (looked for properties "
                  f"{', '.join(ISO3_KEYS[:6])}, ... or an ISO numeric id)")
    codes = sorted(units)
    geoms = []
    for c in codes:
        merged = shapely.union_all(units[c]["parts"])
        polys = shapely.get_parts(merged)
        geoms.append(shapely.MultiPolygon([p for p in polys if p.geom_type == "Polygon"]))
    return Boundaries(
        codes=np.array(codes), names=np.array([units[c]["name"] for c in codes]),
        iso=np.array([units[c]["iso"] for c in codes]), notes=np.array([""] * len(codes)),
        geometries=np.array(geoms, dtype=object), source=str(path), tolerance_km=tolerance_km)


def _iso3_of(feature: dict, props: dict, states: frozenset, numeric: dict) -> str | None:
    for k in ISO3_KEYS:
        v = str(props.get(k) or "").strip().upper()
        if v in states:
            return v
    for v in (feature.get("id"), *(props.get(k) for k in NUMERIC_KEYS)):
        text = str(v if v is not None else "").strip()
        if text.isascii() and text.isdigit() and int(text) in numeric:
            return numeric[int(text)]
    return None


@lru_cache(maxsize=1)
def _numeric_to_iso3() -> dict[int, str]:
    import csv

    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    return {int(r["numeric"]): r["iso3"] for r in csv.DictReader(text.splitlines())
            if r["numeric"].isdigit()}
