"""Seeded synthetic event files in the package's schema, for the benchmark.

Realistic in shape, not in substance: 14 states (Zipf weights, Afghanistan and Pakistan
most active), the default ladder's kinds (Zipf weights) plus 0.3 % unknown kinds,
militant attacks with no acting state, strikes on capitals, on listed border places and
on districts no table knows, mutual exchanges of fire and 2 % of events known only to the
week.  Written as Parquet in row groups of 1e6 rows; an optional directory of 1e6-row
files serves dask.

With ``coordinates=True`` (``events_geo_<N>.parquet``) every strike also carries a point
of ``town`` precision, as ACLED's strikes do: a strike on a capital gets the capital's
point, the others one of 2,000 sites drawn uniformly inside the target state's shipped
boundary (ACLED's points are gazetteer places, so a few thousand sites per state repeat
across events).  Other rows carry no point.

usage: python benchmarks/synthetic.py N [OUT_DIR]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

SEED = 12345
ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "escalation" / "tables"
START, END = np.datetime64("2015-01-01"), np.datetime64("2026-12-31")

#: kind, relative weight (Zipf-like: clashes and fire commonest, capital strikes rare)
KINDS = [("exchange_of_fire", 1.0), ("border_clash", 1 / 2), ("shelling", 1 / 3),
         ("airstrike", 1 / 4), ("threat", 1 / 5), ("militant_attack", 1 / 6),
         ("drone_attack", 1 / 7), ("artillery", 1 / 8), ("border_closure", 1 / 9),
         ("talks", 1 / 10), ("cross_border_ground_attack", 1 / 11), ("missile_strike", 1 / 12),
         ("mediation", 1 / 13), ("ceasefire", 1 / 14), ("agreement", 1 / 15),
         ("treaty_suspension", 1 / 16)]
UNKNOWN_KINDS = ["unverified_report", "misc"]
STRIKES = {"airstrike", "drone_attack", "missile_strike"}
MUTUAL_KINDS = {"exchange_of_fire", "border_clash"}


def _read(name):
    with open(TABLES / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


STATES = ["AFG", "PAK", "CHN", "IND", "IRN", "IRQ", "ISR", "QAT", "RUS", "SAU", "SYR", "TUR",
          "UKR", "USA"]
SITES_PER_STATE = 2000


def _capitals() -> dict[str, tuple[str, float, float]]:
    with open(ROOT / "escalation" / "geo" / "capitals.csv", encoding="utf-8") as f:
        return {r["iso3"]: (r["capital"], float(r["longitude"]), float(r["latitude"]))
                for r in csv.DictReader(f) if r["role"] == "official"}


def sites(states, rng) -> tuple[np.ndarray, np.ndarray]:
    """``SITES_PER_STATE`` points drawn uniformly (in degrees) inside each state's boundary."""
    import shapely

    sys.path.insert(0, str(ROOT))
    from escalation.geo.boundaries import load_boundaries

    b = load_boundaries()
    lon = np.empty((len(states), SITES_PER_STATE))
    lat = np.empty((len(states), SITES_PER_STATE))
    for i, s in enumerate(states):
        geom = b.geometry(s)
        x0, y0, x1, y1 = geom.bounds
        got = np.empty((0, 2))
        while len(got) < SITES_PER_STATE:
            cand = np.column_stack([rng.uniform(x0, x1, 20000), rng.uniform(y0, y1, 20000)])
            got = np.vstack([got, cand[shapely.contains_xy(geom, cand[:, 0], cand[:, 1])]])
        lon[i], lat[i] = got[:SITES_PER_STATE, 0], got[:SITES_PER_STATE, 1]
    return lon, lat


def generate(n: int, seed: int = SEED, coordinates: bool = False):
    """A pyarrow Table of ``n`` synthetic events (with points on strikes if asked)."""
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    capital_of = _capitals()
    capitals = {s: capital_of[s][0] for s in STATES}
    states = np.array(STATES)
    w = 1 / np.arange(1, len(states) + 1)
    actor = rng.choice(len(states), n, p=w / w.sum())
    target = rng.choice(len(states), n, p=np.roll(w, 1) / w.sum())  # PAK hits AFG most
    target = np.where(target == actor, (target + 1) % len(states), target)

    kw = np.array([k[1] for k in KINDS])
    kinds = np.array([k[0] for k in KINDS] + UNKNOWN_KINDS)
    kind = rng.choice(len(KINDS), n, p=kw / kw.sum())
    unknown = rng.random(n) < 0.003
    kind[unknown] = len(KINDS) + rng.integers(0, len(UNKNOWN_KINDS), unknown.sum())
    kind_name = kinds[kind]

    # places: 300 districts; strikes also hit the target's capital or a listed border place
    border = {}
    for r in _read("border_areas.csv"):
        border.setdefault((r["state"], r["neighbour"]), []).extend(
            p for p in r["border_places"].split(";") if p)
    districts = np.array([f"District {i:03d}" for i in range(300)])
    places = list(districts) + sorted(set(capitals.values())) + sorted(
        {p for ps in border.values() for p in ps})
    place_index = {p: i for i, p in enumerate(places)}
    location = rng.integers(0, len(districts), n)
    strike = np.isin(kind_name, list(STRIKES))
    u = rng.random(n)
    on_capital = strike & (u < 0.05)
    cap_idx = np.array([place_index[capitals[s]] for s in states])
    location[on_capital] = cap_idx[target[on_capital]]
    for (state, neighbour), names in border.items():
        rows = strike & (u >= 0.05) & (u < 0.35) & (states[target] == state) & (states[actor] == neighbour)
        location[rows] = np.array([place_index[p] for p in names])[rng.integers(0, len(names), rows.sum())]

    days = (END - START).astype(int) + 1
    date_start = START + rng.integers(0, days, n).astype("timedelta64[D]")
    week = rng.random(n) < 0.02
    date_end = date_start + np.where(week, rng.integers(1, 7, n), 0).astype("timedelta64[D]")
    mutual = np.isin(kind_name, list(MUTUAL_KINDS)) & (rng.random(n) < 0.3)
    militant = kind_name == "militant_attack"

    def dictionary(codes, values, mask=None):
        return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32), mask=mask), pa.array(values))

    points = {}
    if coordinates:  # drawn after everything else: the events are the same with or without
        site_lon, site_lat = sites(states, np.random.default_rng(seed + 1))
        site = np.random.default_rng(seed + 2).integers(0, SITES_PER_STATE, n)
        lon, lat = site_lon[target, site], site_lat[target, site]
        cap = np.array([capital_of[s][1:] for s in states])
        lon = np.where(on_capital, cap[target, 0], lon)
        lat = np.where(on_capital, cap[target, 1], lat)
        points = {"latitude": pa.array(lat, mask=~strike), "longitude": pa.array(lon, mask=~strike),
                  "geo_precision": dictionary(np.zeros(n, dtype=np.int32), ["town"], mask=~strike)}

    return pa.table({
        "event_id": pa.array(np.arange(n, dtype=np.int64)),
        "date_start": pa.array(date_start.astype("datetime64[ms]")),
        "date_end": pa.array(date_end.astype("datetime64[ms]")),
        "date_precision": dictionary(week.astype(np.int32), ["day", "week"]),
        "actor_state": dictionary(actor, states, mask=militant),
        "target_state": dictionary(target, states),
        "kind": dictionary(kind, kinds),
        "location": dictionary(location, places),
        "mutual": pa.array(mutual),
        "source_url": dictionary(np.zeros(n, dtype=np.int32), ["https://example.org/synthetic"]),
        **points,
    })


def write(n: int, out: Path, dataset: bool = False, coordinates: bool = False) -> Path:
    """Write ``out/events_<n>.parquet`` (and ``out/events_<n>/`` as 1e6-row files).

    With ``coordinates`` the file is ``events_geo_<n>.parquet`` (``events_geo_<n>/``).
    """
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    stem = f"events_geo_{n}" if coordinates else f"events_{n}"
    path = out / f"{stem}.parquet"
    if not path.exists():
        table = generate(n, coordinates=coordinates)
        pq.write_table(table, path, row_group_size=1_000_000)
        if dataset:
            folder = out / stem
            folder.mkdir(exist_ok=True)
            for i, start in enumerate(range(0, n, 1_000_000)):
                pq.write_table(table.slice(start, 1_000_000), folder / f"part-{i:03d}.parquet")
    return path


if __name__ == "__main__":
    n = int(float(sys.argv[1]))
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "benchmarks" / "data"
    print(write(n, out, dataset=True))
    print(write(n, out, dataset=True, coordinates=True))
