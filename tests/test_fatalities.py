"""Reported fatalities in series: sums of known values, unknowns counted, mutual apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import escalation as esc

ROOT = Path(__file__).resolve().parents[1]


def _events(n: int = 400, seed: int = 3) -> pd.DataFrame:
    """Random events of two dyads with fatalities known, unknown, bounded or mutual."""
    rng = np.random.default_rng(seed)
    pairs = [("ARM", "AZE"), ("AZE", "ARM"), ("IND", "PAK"), ("PAK", "IND")]
    pick = rng.integers(0, len(pairs), n)
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 120, n), unit="D")
    best = rng.integers(0, 30, n).astype(float)
    best[rng.random(n) < 0.3] = np.nan
    low = np.where(rng.random(n) < 0.4, np.floor(best * 0.5), np.nan)
    high = np.where(rng.random(n) < 0.4, best + rng.integers(0, 10, n), np.nan)
    only_bounds = np.isnan(best) & (rng.random(n) < 0.5)  # a range with no best estimate
    low[only_bounds] = 2.0
    high[only_bounds] = np.where(rng.random(only_bounds.sum()) < 0.5, 9.0, np.nan)
    return pd.DataFrame({
        "event_id": [f"E{i}" for i in range(n)],
        "date_start": start.strftime("%Y-%m-%d"),
        "actor_state": [pairs[i][0] for i in pick],
        "target_state": [pairs[i][1] for i in pick],
        "kind": rng.choice(["shelling", "border_clash", "airstrike_border", "talks"], n),
        "mutual": rng.random(n) < 0.2,
        "source_url": "https://example.org/x",
        "fatalities": best, "fatalities_low": low, "fatalities_high": high,
    })


def independent(coded: pd.DataFrame, freq: str, directed: bool) -> pd.DataFrame:
    """Row by row: each counted event's deaths added to its period and direction(s)."""
    ok = (coded["rung"].astype(str).isin(esc.EscalationScale.default().keys)
          & coded["is_dyadic"] & coded["is_state_action"])
    if directed:
        ok &= ~(coded["mutual"] & (coded["level"] < 0))
    acc: dict[tuple, dict] = {}
    for r in coded[ok].itertuples():
        period = esc.periods.period_start(pd.Series([r.date_start]), freq).iloc[0]
        keys = [(period, r.actor_state, r.target_state)] if directed else [(period, r.dyad)]
        if directed and r.mutual:
            keys.append((period, r.target_state, r.actor_state))
        lo = r.fatalities_low if not np.isnan(r.fatalities_low) else r.fatalities
        hi = r.fatalities_high if not np.isnan(r.fatalities_high) else r.fatalities
        lo, hi = (hi if np.isnan(lo) else lo), (lo if np.isnan(hi) else hi)
        for key in keys:
            a = acc.setdefault(key, {"f": [], "lo": [], "hi": [], "unknown": 0, "mut": [], "n": 0,
                                     "n_own": 0, "n_mut": 0})
            a["n"] += 1
            if np.isnan(r.fatalities):
                a["unknown"] += 1
            if directed and r.mutual:
                a["n_mut"] += 1
                if not np.isnan(r.fatalities):
                    a["mut"].append(r.fatalities)
                continue
            a["n_own"] += 1
            if r.mutual and not np.isnan(r.fatalities):
                a["mut"].append(r.fatalities)
            if not np.isnan(r.fatalities):
                a["f"].append(r.fatalities)
            if not np.isnan(lo):
                a["lo"].append(lo)
                a["hi"].append(hi)
    rows = []
    for key, a in acc.items():
        total = lambda v, n: float(sum(v)) if v else (np.nan if n else 0.0)  # noqa: E731
        rows.append({"key": key, "fatalities": total(a["f"], a["n_own"]),
                     "fatalities_low": total(a["lo"], a["n_own"]),
                     "fatalities_high": total(a["hi"], a["n_own"]),
                     "n_fatalities_unknown": a["unknown"],
                     "fatalities_mutual": total(a["mut"], a["n_mut"]) if directed else float(sum(a["mut"]))})
    return pd.DataFrame(rows).set_index("key")


COLUMNS = ["fatalities", "fatalities_low", "fatalities_high", "n_fatalities_unknown", "fatalities_mutual"]


@pytest.mark.parametrize("freq", ["D", "W", "M"])
@pytest.mark.parametrize("directed", [True, False])
def test_fatalities_equal_an_independent_sum(freq, directed):
    coded = esc.code_events(esc.validate_events(_events()))
    s = esc.build_series(coded, freq=freq, by=esc.series.DIRECTED if directed else "dyad")
    expected = independent(coded, freq, directed)
    keys = (list(zip(s["period"], s["actor_state"], s["target_state"])) if directed
            else list(zip(s["period"], s["dyad"])))
    got = s.assign(key=keys).set_index("key")
    assert set(expected.index) <= set(got.index)
    empty = got.loc[~got.index.isin(expected.index)]
    assert (empty["n_events"] == 0).all() and (empty[COLUMNS].fillna(-1) == 0).all().all()
    pd.testing.assert_frame_equal(got.loc[expected.index, COLUMNS], expected[COLUMNS],
                                  check_dtype=False, check_names=False)


def test_fatalities_are_nan_when_no_event_reports_them(coded):
    # the bundled record carries no fatalities: every period with events says "unknown"
    s = esc.build_series(coded, freq="W", since="2026-02-16", until="2026-03-08")
    busy = s["n_events"] > s["n_mutual"]          # directed (not mutual) events
    assert busy.sum() >= 4 and (s["n_mutual"] > 0).any()
    assert s.loc[busy, "fatalities"].isna().all()
    assert (s.loc[~busy, "fatalities"] == 0).all()
    assert s.loc[s["n_mutual"] > 0, "fatalities_mutual"].isna().all()
    assert (s["n_fatalities_unknown"] == s["n_events"]).all()


def test_mutual_deaths_shown_in_both_directions_only():
    ev = pd.DataFrame({
        "event_id": ["a", "b", "c"], "date_start": ["2024-03-04", "2024-03-05", "2024-03-06"],
        "actor_state": ["ARM", "AZE", "ARM"], "target_state": ["AZE", "ARM", "AZE"],
        "kind": ["border_clash", "shelling", "shelling"], "mutual": [True, False, False],
        "source_url": "u", "fatalities": ["4", "7", ""]})
    s = esc.build_series(esc.code_events(esc.validate_events(ev)), freq="W").set_index("actor_state")
    assert s.loc["ARM", "fatalities_mutual"] == s.loc["AZE", "fatalities_mutual"] == 4
    assert s.loc["AZE", "fatalities"] == 7            # b only
    assert np.isnan(s.loc["ARM", "fatalities"])       # c reported nothing
    assert s.loc["ARM", "n_fatalities_unknown"] == 1 and s.loc["AZE", "n_fatalities_unknown"] == 0
    d = esc.build_series(esc.code_events(esc.validate_events(ev)), freq="W", by="dyad").iloc[0]
    assert d["fatalities"] == 11 and d["fatalities_mutual"] == 4 and d["n_fatalities_unknown"] == 1


def test_streaming_and_dask_give_the_same_fatalities(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    frame = esc.validate_events(_events(3000, seed=11))
    path = tmp_path / "events.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=500)
    for options in (dict(), dict(freq="D"), dict(by="dyad")):
        expected = esc.build_series(esc.code_events(esc.load_events(path)), **options)
        pd.testing.assert_frame_equal(esc.series_from_parquet(path, batch_size=333, **options), expected)
        dd = pytest.importorskip("dask.dataframe")
        pd.testing.assert_frame_equal(
            esc.build_series(dd.read_parquet(path).repartition(npartitions=3), **options), expected)
