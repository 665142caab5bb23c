"""Seeded synthetic event files in the package's schema, for the benchmark.

Realistic in shape, not in substance: the 15 states of ``escalation/tables/capitals.csv``
(Zipf weights, Afghanistan and Pakistan most active), the default ladder's kinds
(Zipf weights) plus 0.3 % unknown kinds, militant attacks with no acting state, strikes
on capitals, on listed border places and on interior districts, mutual exchanges of fire
and 2 % of events known only to the week.  Written as Parquet in row groups of 1e6
rows; an optional directory of 1e6-row files serves dask.

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


def generate(n: int, seed: int = SEED):
    """A pyarrow Table of ``n`` synthetic events."""
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    capitals = {r["iso3"]: r["capital"] for r in _read("capitals.csv")}
    states = np.array(["AFG", "PAK"] + sorted(set(capitals) - {"AFG", "PAK"}))
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
    })


def write(n: int, out: Path, dataset: bool = False) -> Path:
    """Write ``out/events_<n>.parquet`` (and ``out/events_<n>/`` as 1e6-row files)."""
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    path = out / f"events_{n}.parquet"
    if not path.exists():
        table = generate(n)
        pq.write_table(table, path, row_group_size=1_000_000)
        if dataset:
            folder = out / f"events_{n}"
            folder.mkdir(exist_ok=True)
            for i, start in enumerate(range(0, n, 1_000_000)):
                pq.write_table(table.slice(start, 1_000_000), folder / f"part-{i:03d}.parquet")
    return path


if __name__ == "__main__":
    n = int(float(sys.argv[1]))
    print(write(n, Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "benchmarks" / "data", dataset=True))
