"""The in-memory, streaming (Parquet batches) and dask paths give identical series."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import escalation as esc
from escalation import errors
from escalation._distinct import factorize_rows
from escalation.aggregates import SeriesParts, merge
from escalation.series import finish_series

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[1]


def _synthetic(n: int, seed: int = 7) -> pa.Table:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(n, seed=seed)


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "events.parquet"
    pq.write_table(_synthetic(60_000), path, row_group_size=20_000)
    return path


@pytest.fixture(scope="module")
def bundled_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bundled") / "events.parquet"
    esc.load_events().to_parquet(path)
    return path


def in_memory(path, **kw):
    return esc.build_series(esc.code_events(esc.load_events(path)), **kw)


OPTIONS = [dict(), dict(freq="D"), dict(freq="M"), dict(by="dyad"), dict(include_nonstate=True),
           dict(since="2020-01-01", until="2020-12-31")]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "defaults")
@pytest.mark.parametrize("batch_size", [7_001, 1 << 20])
def test_streaming_equals_in_memory_on_synthetic_events(synthetic_file, options, batch_size):
    expected = in_memory(synthetic_file, **options)
    got = esc.series_from_parquet(synthetic_file, batch_size=batch_size, **options)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("options", OPTIONS[:5], ids=str)
def test_streaming_equals_in_memory_on_bundled_events(bundled_file, options):
    # statements (text rules), curated overrides, umbrella rows, spans and mutual exchanges
    expected = in_memory(bundled_file, **options)
    for batch_size in (1, 13, 50):
        pd.testing.assert_frame_equal(esc.build_series(str(bundled_file), **options) if batch_size == 50
                                      else esc.series_from_parquet(bundled_file, batch_size=batch_size, **options),
                                      expected)


def test_dask_equals_in_memory(synthetic_file, bundled_file):
    dd = pytest.importorskip("dask.dataframe")
    for path in (synthetic_file, bundled_file):
        expected = in_memory(path)
        ddf = dd.read_parquet(path).repartition(npartitions=4)
        pd.testing.assert_frame_equal(esc.build_series(ddf), expected)
        pd.testing.assert_frame_equal(esc.series_from_dask(ddf, by="dyad"), in_memory(path, by="dyad"))


def test_series_counts_match_a_plain_groupby(synthetic_file):
    """Independent check: events per (ISO week, direction) by pandas groupby on the raw table."""
    raw = pq.read_table(synthetic_file).to_pandas()
    scale = esc.EscalationScale.default()
    coded = esc.code_events(esc.load_events(synthetic_file))
    rung = coded["rung"].astype("str")
    countable = rung.isin([r.key for r in scale.rungs if r.is_dyadic]) & raw["actor_state"].notna()
    ev = raw[countable.to_numpy()].assign(level=coded.loc[countable, "level"].to_numpy())
    ev = ev[~(ev["mutual"] & (ev["level"] < 0))]
    flipped = ev[ev["mutual"]].rename(columns={"actor_state": "target_state", "target_state": "actor_state"})
    both = pd.concat([ev, flipped])
    week = both["date_start"].dt.to_period("W-SUN").dt.start_time.astype("datetime64[ns]")
    expected = both.groupby([week.rename("period"), both["actor_state"].astype(str),
                             both["target_state"].astype(str)]).size()
    series = esc.series_from_parquet(synthetic_file, batch_size=9_999)
    got = series[series["n_events"] > 0].set_index(["period", "actor_state", "target_state"])["n_events"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    assert len(series) == series["period"].nunique() * 2 * series["dyad"].nunique()
    coding = series.attrs["coding"]
    assert coding["rows_in"] == len(raw)
    assert sum(v for k, v in coding.items() if k != "rows_in") == len(raw)
    assert coding["uncoded"] == int(raw["kind"].isin(["unverified_report", "misc"]).sum())


def test_row_groups_with_different_dictionaries(tmp_path):
    a = esc.load_events().iloc[:40]
    b = esc.load_events().iloc[40:]
    path = tmp_path / "two.parquet"
    with pq.ParquetWriter(path, pa.Table.from_pandas(a, preserve_index=False).schema) as w:
        for part in (a, b):  # each row group carries its own dictionaries
            w.write_table(pa.Table.from_pandas(part, preserve_index=False))
    pd.testing.assert_frame_equal(esc.series_from_parquet(path, batch_size=40), in_memory(path))


def test_streaming_error_names_the_row_in_the_whole_file(tmp_path):
    ev = esc.load_events()
    ev.loc[57, "target_state"] = "XXX"
    path = tmp_path / "bad.parquet"
    ev.to_parquet(path)
    with pytest.raises(errors.UnknownCodeError) as info:
        esc.series_from_parquet(path, batch_size=20)
    assert info.value.rows == [58] and info.value.column == "target_state"
    assert str(path) in str(info.value)


def test_duplicate_ids_across_batches_are_caught(tmp_path):
    ev = esc.load_events()
    ev.loc[90, "event_id"] = ev.loc[3, "event_id"]
    path = tmp_path / "dup.parquet"
    ev.to_parquet(path)
    with pytest.raises(errors.DuplicateIdError) as info:
        esc.series_from_parquet(path, batch_size=30)
    assert info.value.rows == [4, 91]


def test_parquet_dictionary_errors_name_rows(tmp_path):
    table = _synthetic(5_000)
    actor = table.column("actor_state").combine_chunks()
    dictionary = actor.dictionary.to_pylist()
    dictionary[dictionary.index("IND")] = "INX"
    broken = pa.DictionaryArray.from_arrays(actor.indices, pa.array(dictionary))
    path = tmp_path / "broken.parquet"
    pq.write_table(table.set_column(table.schema.get_field_index("actor_state"), "actor_state", broken), path)
    with pytest.raises(errors.UnknownCodeError) as info:
        esc.load_events(path)
    expected = [int(i) + 1 for i in np.flatnonzero(np.asarray(actor.to_pandas().astype(str)) == "IND")]
    assert info.value.rows == expected
    assert "'INX'" in str(info.value)


def test_parts_merge_in_any_grouping():
    coded = esc.code_events(esc.load_events())
    scale = esc.EscalationScale.default()
    whole = esc.build_series(coded)
    chunks = [SeriesParts.from_coded(coded.iloc[i::4], scale) for i in range(4)]
    for merged in (merge(chunks), chunks[0] + chunks[1] + chunks[2] + chunks[3],
                   merge([merge(chunks[2:]), merge(chunks[:2])])):
        pd.testing.assert_frame_equal(finish_series(merged, scale), whole)
    with pytest.raises(ValueError, match="different"):
        chunks[0] + SeriesParts.from_coded(coded, scale, freq="M")


def test_streaming_with_claims_matches_in_memory(bundled_file):
    claims = esc.load_claims()
    expected = esc.build_series(esc.code_events(esc.load_events()), claims=claims, as_of="2026-03-31")
    got = esc.series_from_parquet(bundled_file, batch_size=17, claims=claims, as_of="2026-03-31")
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("seed", range(5))
def test_factorize_rows_round_trips(seed):
    rng = np.random.default_rng(seed)
    n = 5_000
    frame = pd.DataFrame({
        "text": rng.choice(["a", "b", "c", None], n),
        "cat": pd.Categorical(rng.choice(["x", "y", None], n)),
        "num": rng.integers(0, 2_000, n),  # forces renumbering of the folded key
        "more": rng.integers(0, 70, n),
    })
    codes, distinct = factorize_rows(frame)
    assert len(distinct) == len(frame.drop_duplicates())
    back = distinct.iloc[codes].reset_index(drop=True)
    for c in frame:
        left = back[c].astype("object").where(back[c].notna(), None).tolist()
        right = frame[c].astype("object").where(frame[c].notna(), None).tolist()
        assert left == right


def test_not_parquet_is_one_clear_error(tmp_path):
    path = tmp_path / "events.parquet"
    path.write_text("event_id,date_start\n1,2026-01-01\n")
    with pytest.raises(errors.FileFormatError, match="not a readable Parquet"):
        esc.build_series(path)


def test_placement_options_reach_every_path(tmp_path):
    # strikes with points: the border distance decides border or interior on all three paths
    path = tmp_path / "points.parquet"
    pq.write_table(_synthetic_points(20_000), path, row_group_size=5_000)
    near = in_memory(path)
    for border_km in (0.0, 400.0):
        expected = esc.build_series(esc.code_events(esc.load_events(path), border_km=border_km))
        got = esc.build_series(str(path), border_km=border_km)
        pd.testing.assert_frame_equal(got, expected)
        dd = pytest.importorskip("dask.dataframe")
        pd.testing.assert_frame_equal(esc.build_series(dd.read_parquet(path), border_km=border_km),
                                      expected)
        # the option changes the answer, so the test can fail
        assert not expected["n_at_or_above_airstrike_interior"].equals(near["n_at_or_above_airstrike_interior"])
    with pytest.raises(ValueError, match="code_events"):
        esc.build_series(esc.code_events(esc.load_events(path)), border_km=10)


def _synthetic_points(n: int) -> pa.Table:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(n, seed=5, coordinates=True)


def test_text_columns_arrive_as_categoricals_whether_the_files_stored_dictionaries_or_not(tmp_path):
    # the files' dictionaries (or plain strings) are read as dictionaries, so each batch's
    # text is validated and coded once per distinct value, as load_events does
    from escalation.streaming import _chunks, open_dataset

    ev = esc.load_events()
    folder = tmp_path / "mixed"
    folder.mkdir()
    ev.iloc[:60].to_parquet(folder / "a.parquet")  # categoricals: dictionaries in the file
    ev.iloc[60:].astype({c: "str" for c in ("kind", "actor_state", "location")}).to_parquet(
        folder / "b.parquet")                       # plain strings in the file
    batch = next(_chunks(open_dataset(folder), 1 << 20, str(folder))).to_pandas()
    for column in ("kind", "actor_state", "target_state", "location"):
        assert isinstance(batch[column].dtype, pd.CategoricalDtype), column
    pd.testing.assert_frame_equal(esc.build_series(folder), esc.build_series(esc.code_events(ev)))


def _fresh_boundaries():
    """The shipped units in a new object: nothing placed, nothing remembered."""
    import dataclasses

    from escalation.geo.boundaries import load_boundaries

    return dataclasses.replace(load_boundaries())


@pytest.mark.parametrize("workers", [1, 3])
def test_any_number_of_workers_gives_the_same_series(tmp_path, workers):
    # strikes with points, placed in the worker threads: they share one boundaries object
    # (and its memo of placed points), each fresh so that nothing is placed beforehand
    path = tmp_path / "points.parquet"
    pq.write_table(_synthetic_points(30_000), path, row_group_size=2_000)
    expected = esc.build_series(esc.code_events(esc.load_events(path),
                                                boundaries=_fresh_boundaries()))
    shared = _fresh_boundaries()
    got = esc.series_from_parquet(path, batch_size=3_000, workers=workers, boundaries=shared)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["coding"]["rows_in"] == 30_000
    memo = shared._cache[("placed", 50.0, shared.tolerance_km)]
    assert len(memo.known[0]) > 1_000  # the threads placed the points themselves


def test_an_unreadable_page_does_not_hide_an_earlier_bad_row(tmp_path):
    # a bad value in the first batch and a corrupt data page in the fourth: the error of
    # the first bad batch in file order is the one raised, whatever the threads finish first
    ev = esc.load_events()
    big = pd.concat([ev.assign(event_id=ev["event_id"] + f"-{i}") for i in range(6)],
                    ignore_index=True)
    big["target_state"] = big["target_state"].astype(object)
    big.loc[5, "target_state"] = "XXX"
    path = tmp_path / "corrupt.parquet"
    big.to_parquet(path, row_group_size=len(ev), compression=None)
    group = pq.ParquetFile(path).metadata.row_group(3)
    kind = next(group.column(i) for i in range(group.num_columns)
                if group.column(i).path_in_schema == "kind")
    data = bytearray(path.read_bytes())
    data[kind.data_page_offset:kind.data_page_offset + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    for workers in (1, 4):
        with pytest.raises(errors.UnknownCodeError, match=r"row 6\b"):
            esc.series_from_parquet(path, batch_size=len(ev), workers=workers)
    # the corrupt page alone is one clear error
    fixed = big.assign(target_state=big["target_state"].replace("XXX", "PAK"))
    fixed.to_parquet(path, row_group_size=len(ev), compression=None)
    data = bytearray(path.read_bytes())
    data[kind.data_page_offset:kind.data_page_offset + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(errors.FileFormatError, match="not a readable Parquet"):
        esc.series_from_parquet(path, batch_size=len(ev), workers=4)


@pytest.mark.parametrize("workers", [0, -1, 1.5, True, "2"])
def test_workers_must_be_a_whole_positive_number(bundled_file, workers):
    with pytest.raises(ValueError, match="workers"):
        esc.series_from_parquet(bundled_file, workers=workers)


def test_workers_may_be_a_numpy_integer(bundled_file):
    pd.testing.assert_frame_equal(esc.series_from_parquet(bundled_file, workers=np.int64(2)),
                                  esc.series_from_parquet(bundled_file, workers=1))


def test_the_first_bad_batch_in_file_order_is_reported_with_many_workers(tmp_path):
    ev = esc.load_events()
    big = pd.concat([ev.assign(event_id=ev["event_id"] + f"-{i}") for i in range(12)],
                    ignore_index=True)
    bad = big.copy()
    rows = [len(ev) * 3 + 4, len(ev) * 9 + 1]  # two bad batches; the earlier must be named
    bad["target_state"] = bad["target_state"].astype(object)
    bad.loc[rows, "target_state"] = "XXX"
    path = tmp_path / "bad.parquet"
    bad.to_parquet(path, row_group_size=len(ev))
    for workers in (1, 4):
        with pytest.raises(errors.UnknownCodeError, match=rf"row {rows[0] + 1}\b"):
            esc.series_from_parquet(path, batch_size=len(ev), workers=workers)


@pytest.mark.parametrize("seed", range(4))
def test_factorize_rows_agrees_with_a_groupby_on_sparse_and_dense_keys(seed):
    # few rows over a large key space (hashed) and many rows over a small one (direct
    # addressing) must number the distinct rows alike
    rng = np.random.default_rng(seed)
    for n, width in ((300, 5_000), (50_000, 40)):
        frame = pd.DataFrame({c: rng.integers(0, width, n) for c in "abc"})
        codes, distinct = factorize_rows(frame)
        groups = frame.groupby(list("abc"), sort=False).ngroup().to_numpy()
        # the same partition of the rows, and each distinct row is what its rows hold
        assert len(distinct) == groups.max() + 1
        assert len(set(zip(codes.tolist(), groups.tolist()))) == len(distinct)
        pd.testing.assert_frame_equal(distinct.iloc[codes].reset_index(drop=True), frame,
                                      check_dtype=False)
