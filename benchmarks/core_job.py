"""Benchmark: the core job (load, code, weekly per-direction series, zero-filled).

Variants, each timed end to end from the same Parquet file of synthetic events
(``benchmarks/synthetic.py``):

``package``    ``build_series(code_events(load_events(path)))``, in memory
``streaming``  ``build_series(path)``: Parquet batches, mergeable aggregates
``dask``       ``build_series(dask.dataframe.read_parquet(folder))`` (threads scheduler)
``duckdb``     one SQL query doing the same work over ``read_parquet(path)``
``naive``      ``pandas.read_parquet`` + a row-by-row ``apply`` + ``groupby`` (1e6 only)
``package_geo``, ``streaming_geo``
               ``package`` and ``streaming`` on the same events whose strikes carry
               points (``events_geo_<N>.parquet``): strikes no table names are placed
               by coordinates (point in polygon, distance to the acting state) instead
               of being flagged unplaced

Every run is a fresh subprocess (peak RSS is its own ``ru_maxrss``); the variants are
interleaved within each round; the first round is a warm-up, then the median of the
timed rounds is reported with every run printed.  All variants' frames are compared with
``pandas.testing.assert_frame_equal`` after the warm-up.  Import costs are timed the
same way.

usage:
    python benchmarks/core_job.py all [--sizes 1e6,1e7,5e7] [--rounds 5]
    python benchmarks/core_job.py run VARIANT N    (one run; prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = Path(os.environ.get("ESCALATION_BENCH_DATA", HERE / "data"))
OUT = DATA / "results"
sys.path.insert(0, str(ROOT))  # the checkout's package, installed or not


def parquet(n: int, geo: bool = False) -> Path:
    return DATA / (f"events_geo_{n}.parquet" if geo else f"events_{n}.parquet")


def _capitals_csv() -> str:
    return f"{ROOT}/escalation/geo/capitals.csv"


# -- DuckDB: the same job in SQL ---------------------------------------------------------
def duckdb_series(path: Path):
    import duckdb

    from escalation import EscalationScale

    scale = EscalationScale.default()
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE rungs(rung VARCHAR, level INTEGER, kinetic BOOLEAN, dyadic BOOLEAN)")
    con.executemany("INSERT INTO rungs VALUES (?, ?, ?, ?)",
                    [(r.key, r.level, r.is_kinetic, r.is_dyadic) for r in scale.rungs])
    con.execute("CREATE TEMP TABLE kinds(kind VARCHAR, rung VARCHAR)")
    con.executemany("INSERT INTO kinds VALUES (?, ?)", list(scale.kind_map.items()))
    # a strike no table places (and with no point) is unplaced: the lowest strike rung
    levels = {r.key: r.level for r in scale.rungs}
    depth = {**scale.depth, "unplaced": min(scale.depth.values(), key=lambda k: (levels[k], k))}
    con.execute(f"CREATE TEMP TABLE depth AS SELECT * FROM (VALUES {', '.join(repr(kv) for kv in depth.items())}) t(place, rung)")
    con.execute(f"CREATE TEMP TABLE capitals AS SELECT iso3, capital FROM read_csv('{_capitals_csv()}', all_varchar=true)")
    con.execute(f"""CREATE TEMP TABLE border_places AS
        SELECT state, neighbour, unnest(string_split(border_places, ';')) AS place
        FROM read_csv('{ROOT}/escalation/tables/border_areas.csv', all_varchar=true)
        WHERE border_places IS NOT NULL""")
    hostile = [r for r in scale.rungs if r.level > 0 and r.is_dyadic]
    at_or_above = ",\n".join(
        f"count(*) FILTER (WHERE level >= {r.level}) AS n_at_or_above_{r.key}" for r in hostile)
    at_or_above_out = ", ".join(f"coalesce(a.n_at_or_above_{r.key}, 0) AS n_at_or_above_{r.key}"
                                for r in hostile)
    # dyads are derived after aggregation (a function of actor and target), as one would
    # write it for DuckDB: no per-row string building
    sql = f"""
    WITH ev AS (
      SELECT date_start::DATE AS ds, date_end::DATE AS de, date_precision AS prec, kind, location,
             coalesce(mutual, false) AS mutual, actor_state AS a, target_state AS t
      FROM read_parquet('{path}')),
    placed AS (
      SELECT ev.*, CASE WHEN k.rung = '@depth' THEN d.rung ELSE coalesce(k.rung, 'uncoded') END AS rung
      FROM ev LEFT JOIN kinds k USING (kind)
      LEFT JOIN capitals c ON c.iso3 = ev.t AND c.capital = ev.location
      LEFT JOIN border_places b ON b.state = ev.t AND b.neighbour = ev.a AND b.place = ev.location
      LEFT JOIN depth d ON d.place = CASE WHEN c.capital IS NOT NULL THEN 'capital'
                                          WHEN b.place IS NOT NULL THEN 'border' ELSE 'unplaced' END),
    counted AS (
      SELECT p.ds, p.de, p.prec, p.mutual, p.a, p.t, r.level, r.kinetic
      FROM placed p JOIN rungs r USING (rung)
      WHERE r.dyadic AND p.a IS NOT NULL AND NOT (p.mutual AND r.level < 0)),
    directed AS (
      SELECT ds, de, prec, mutual, level, kinetic, a AS actor, t AS target FROM counted
      UNION ALL
      SELECT ds, de, prec, mutual, level, kinetic, t AS actor, a AS target FROM counted WHERE mutual),
    agg AS (
      SELECT date_trunc('week', ds) AS period, actor, target,
             count(*) AS n_events, count(*) FILTER (WHERE mutual) AS n_mutual,
             max(level) AS max_level, max(level) FILTER (WHERE kinetic) AS max_kinetic_level,
             {at_or_above},
             avg(level) FILTER (WHERE level > 0) AS mean_level
      FROM directed GROUP BY ALL),
    weeks AS (
      SELECT unnest(generate_series(date_trunc('week', min(ds)), date_trunc('week', max(ds)),
                                    INTERVAL 7 DAY)) AS period FROM counted),
    pairs AS (SELECT DISTINCT a, t FROM ev WHERE a IS NOT NULL),
    dyads AS (SELECT DISTINCT least(a, t) || '-' || greatest(a, t) AS dyad FROM pairs),
    directions AS (
      SELECT dyad, split_part(dyad, '-', 1) AS actor, split_part(dyad, '-', 2) AS target FROM dyads
      UNION ALL
      SELECT dyad, split_part(dyad, '-', 2), split_part(dyad, '-', 1) FROM dyads),
    grid AS (SELECT * FROM weeks CROSS JOIN directions),
    spans AS (
      SELECT period, actor, target, count(*) AS n_imprecise FROM (
        SELECT unnest(generate_series(date_trunc('week', ds), date_trunc('week', de), INTERVAL 7 DAY))
               AS period, actor, target
        FROM directed WHERE prec <> 'day') GROUP BY ALL)
    SELECT g.period, isoyear(g.period) AS iso_year, week(g.period) AS iso_week,
           g.dyad, g.actor AS actor_state, g.target AS target_state,
           coalesce(a.n_events, 0) AS n_events, coalesce(a.n_mutual, 0) AS n_mutual,
           a.max_level, a.max_kinetic_level, {at_or_above_out}, a.mean_level,
           coalesce(s.n_imprecise, 0) AS n_imprecise
    FROM grid g
    LEFT JOIN agg a ON a.period = g.period AND a.actor = g.actor AND a.target = g.target
    LEFT JOIN spans s ON s.period = g.period AND s.actor = g.actor AND s.target = g.target
    ORDER BY g.period, g.dyad, g.actor, g.target"""
    return con.execute(sql).df()


# -- naive pandas: one Python call per row ------------------------------------------------
def naive_series(path: Path):
    import csv

    import numpy as np
    import pandas as pd

    from escalation import EscalationScale

    scale = EscalationScale.default()
    rung_of = dict(scale.kind_map)
    rungs = {r.key: r for r in scale.rungs}
    depth = {**scale.depth, "unplaced": min(scale.depth.values(), key=lambda k: (rungs[k].level, k))}
    with open(_capitals_csv(), encoding="utf-8") as f:
        capitals = {r["iso3"]: r["capital"] for r in csv.DictReader(f) if r["role"] == "official"}
    with open(ROOT / "escalation/tables/border_areas.csv", encoding="utf-8") as f:
        border = {(r["state"], r["neighbour"], p) for r in csv.DictReader(f)
                  for p in r["border_places"].split(";") if p}
    df = pd.read_parquet(path)

    def code_row(r):
        rung = rung_of.get(r["kind"], "uncoded")
        if rung == "@depth":
            where = ("capital" if capitals.get(r["target_state"]) == r["location"] else
                     "border" if (r["target_state"], r["actor_state"], r["location"]) in border
                     else "unplaced")
            rung = depth[where]
        return rung

    df["rung"] = df.apply(code_row, axis=1)
    df["dyad"] = df.apply(lambda r: "" if pd.isna(r["actor_state"]) else
                          "-".join(sorted([r["actor_state"], r["target_state"]])), axis=1)
    dyads = sorted(d for d in df["dyad"].unique() if d)
    ok = df.apply(lambda r: r["rung"] in rungs and rungs[r["rung"]].is_dyadic
                  and not pd.isna(r["actor_state"]) and r["dyad"] != ""
                  and not (r["mutual"] and rungs[r["rung"]].level < 0), axis=1)
    ev = df[ok].copy()
    ev["level"] = ev["rung"].map(lambda k: rungs[k].level)
    flipped = ev[ev["mutual"]].rename(columns={"actor_state": "target_state", "target_state": "actor_state"})
    ev = pd.concat([ev, flipped], ignore_index=True)
    ev["period"] = ev["date_start"].dt.to_period("W-SUN").dt.start_time.astype("datetime64[ns]")
    hostile = [r for r in scale.rungs if r.level > 0 and r.is_dyadic]
    ev["kinetic_level"] = ev["level"].where(ev["rung"].map(lambda k: rungs[k].is_kinetic))
    ev["hostile_level"] = ev["level"].where(ev["level"] > 0)
    for r in hostile:
        ev[f"n_at_or_above_{r.key}"] = (ev["level"] >= r.level).astype(int)
    agg = ev.groupby(["period", "dyad", "actor_state", "target_state"]).agg(
        n_events=("level", "size"), n_mutual=("mutual", "sum"), max_level=("level", "max"),
        max_kinetic_level=("kinetic_level", "max"),
        **{f"n_at_or_above_{r.key}": (f"n_at_or_above_{r.key}", "sum") for r in hostile},
        mean_level=("hostile_level", "mean"))
    periods = pd.date_range(ev["period"].min(), ev["period"].max(), freq="7D")
    directions = [(d, *d.split("-")) for d in dyads] + [(d, *reversed(d.split("-"))) for d in dyads]
    grid = pd.DataFrame([(p, *d) for p in periods for d in directions],
                        columns=["period", "dyad", "actor_state", "target_state"])
    out = grid.merge(agg.reset_index(), how="left", on=["period", "dyad", "actor_state", "target_state"])
    for c in ["n_events", "n_mutual", *[f"n_at_or_above_{r.key}" for r in hostile]]:
        out[c] = out[c].fillna(0).astype("int64")
    imp = ev[ev["date_precision"] != "day"]
    counts = {}
    for _, r in imp.iterrows():
        first = r["date_start"] - pd.Timedelta(days=r["date_start"].day_of_week)
        last = r["date_end"] - pd.Timedelta(days=r["date_end"].day_of_week)
        for p in pd.date_range(first.normalize(), last.normalize(), freq="7D"):
            key = (p, r["dyad"], r["actor_state"], r["target_state"])
            counts[key] = counts.get(key, 0) + 1
    out["n_imprecise"] = [counts.get(k, 0) for k in out[["period", "dyad", "actor_state", "target_state"]]
                          .itertuples(index=False, name=None)]
    iso = out["period"].dt.isocalendar()
    out.insert(1, "iso_year", iso["year"].astype("int64"))
    out.insert(2, "iso_week", iso["week"].astype("int64"))
    return out.sort_values(["period", "dyad", "actor_state", "target_state"]).reset_index(drop=True), np


# -- the package's paths ------------------------------------------------------------------
def package_series(path: Path):
    import escalation as esc

    return esc.build_series(esc.code_events(esc.load_events(path)))


def streaming_series(path: Path):
    import escalation as esc

    return esc.build_series(path)


def dask_series(path: Path):
    import dask
    import dask.dataframe as dd

    import escalation as esc

    with dask.config.set(scheduler="threads"):
        return esc.build_series(dd.read_parquet(path.with_suffix("")))


VARIANTS = {"package": package_series, "streaming": streaming_series, "dask": dask_series,
            "duckdb": duckdb_series, "naive": lambda p: naive_series(p)[0],
            "package_geo": package_series, "streaming_geo": streaming_series}
IMPORTS = {"pass": "pass", "import pandas": "import pandas", "import escalation": "import escalation",
           "report --help": None, "import statsmodels.api": "import statsmodels.api",
           "import seaborn": "import seaborn"}


def normalise(frame):
    """The columns every variant must agree on, in one set of dtypes."""
    import pandas as pd

    out = frame.copy()
    out["period"] = pd.to_datetime(out["period"]).astype("datetime64[ns]")
    for c in out.columns:
        if c in ("dyad", "actor_state", "target_state"):
            out[c] = out[c].astype("str")
        elif c.startswith("n_") or c.startswith("iso_"):
            out[c] = out[c].astype("int64")
        elif c != "period":
            out[c] = out[c].astype("float64")
    return out.sort_values(["period", "dyad", "actor_state", "target_state"]).reset_index(drop=True)


def run(variant: str, n: int) -> None:
    t0 = time.perf_counter()
    out = VARIANTS[variant](parquet(n, geo=variant.endswith("_geo")))
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    OUT.mkdir(parents=True, exist_ok=True)
    normalise(out).to_parquet(OUT / f"{variant}_{n}.parquet")
    print(json.dumps({"variant": variant, "n": n, "seconds": seconds, "peak_mib": peak,
                      "rows": len(out)}))


def import_time(stmt: str | None) -> float:
    cmd = ([sys.executable, "-m", "escalation.report", "--help"] if stmt is None
           else [sys.executable, "-c", stmt])
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


FATALITY_COLUMNS = ("fatalities", "fatalities_low", "fatalities_high", "n_fatalities_unknown",
                    "fatalities_mutual")


def compare(n: int, variants: list[str]) -> str:
    import pandas as pd

    frames = {v: pd.read_parquet(OUT / f"{v}_{n}.parquet") for v in variants}
    lines = []
    for ref_name, group in (("duckdb", [v for v in variants if not v.endswith("_geo")]),
                            ("package_geo", [v for v in variants if v.endswith("_geo")])):
        if ref_name not in frames:
            continue
        for v in group:
            # the DuckDB query leaves out the fatality columns (the synthetic events carry
            # none: every one is unknown); the package computes them all the same
            shared = [c for c in frames[v].columns if c in frames[ref_name].columns]
            assert set(frames[v].columns) - set(shared) <= set(FATALITY_COLUMNS), v
            pd.testing.assert_frame_equal(frames[v][shared], frames[ref_name][shared],
                                          check_exact=False, rtol=1e-12)
        lines.append(f"identical frames ({len(frames[ref_name])} rows) from {', '.join(group)}")
    return f"{n:.0e}: " + "; ".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("all")
    a.add_argument("--sizes", default="1e6,1e7,5e7")
    a.add_argument("--rounds", type=int, default=5)
    a.add_argument("--variants", default="package,streaming,dask,duckdb,naive,package_geo,streaming_geo")
    r = sub.add_parser("run")
    r.add_argument("variant")
    r.add_argument("n", type=float)
    args = parser.parse_args()
    if args.cmd == "run":
        return run(args.variant, int(args.n))

    sys.path.insert(0, str(HERE))
    import synthetic

    sizes = [int(float(s)) for s in args.sizes.split(",")]
    wanted = args.variants.split(",")
    print(f"# machine: {platform.platform()}, {os.cpu_count()} cpus, Python {platform.python_version()}")
    results, checks = [], []
    for n in sizes:
        synthetic.write(n, DATA, dataset="dask" in wanted)
        if any(v.endswith("_geo") for v in wanted):
            synthetic.write(n, DATA, coordinates=True)
        variants = [v for v in wanted if v != "naive" or n <= 1_000_000]
        for rnd in range(args.rounds + 1):  # round 0: warm-up, also checks the frames
            for v in variants:
                p = subprocess.run([sys.executable, __file__, "run", v, str(n)],
                                   capture_output=True, text=True)
                if p.returncode:
                    print(f"{v} {n:.0e} FAILED\n{p.stderr[-3000:]}", flush=True)
                    sys.exit(1)
                rec = json.loads(p.stdout.strip().splitlines()[-1])
                rec["round"] = rnd
                print(json.dumps(rec), flush=True)
                if rnd:
                    results.append(rec)
            if rnd == 0:
                checks.append(compare(n, variants))
                print("# " + checks[-1], flush=True)
    imports = {}
    for label, stmt in IMPORTS.items():
        runs = [import_time(stmt) for _ in range(6)][1:]
        imports[label] = statistics.median(runs)
        print(json.dumps({"import": label, "runs_s": [round(x, 3) for x in runs]}), flush=True)
    print(table(results, sizes, imports, checks))


def table(results, sizes, imports, checks) -> str:
    lines = ["| N | variant | median s | runs (s) | x DuckDB | x same without points | peak RSS MiB | bytes/row |",
             "|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        rows = [r for r in results if r["n"] == n]
        med = {v: statistics.median(r["seconds"] for r in rows if r["variant"] == v)
               for v in dict.fromkeys(r["variant"] for r in rows)}
        for v, m in med.items():
            runs = [round(r["seconds"], 2) for r in rows if r["variant"] == v]
            peak = statistics.median(r["peak_mib"] for r in rows if r["variant"] == v)
            plain = med.get(v.removesuffix("_geo")) if v.endswith("_geo") else None
            vs_plain = f"{m / plain:.2f}" if plain else ""
            lines.append(f"| {n:.0e} | {v} | {m:.2f} | {runs} | {m / med['duckdb']:.2f} | {vs_plain} "
                         f"| {peak:.0f} | {peak * 2**20 / n:.0f} |")
    lines += ["", "| start-up | median s |", "|---|---|"]
    lines += [f"| `{k}` | {v:.3f} |" for k, v in imports.items()]
    lines += ["", *[f"- {c}" for c in checks]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
