"""Hostile input, one test per cause of review 2026-11 section C: one package error naming
the file (and the row and column where there is one), or, in readers of third-party
exports, a rejected row with its row in the file and the rest imported."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import escalation as esc
from escalation import errors

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def good_events(n: int = 3) -> pd.DataFrame:
    days = pd.date_range("2026-02-20", periods=n, freq="D").strftime("%Y-%m-%d")
    return pd.DataFrame({
        "event_id": [f"E{i}" for i in range(1, n + 1)],
        "date_start": list(days),
        "actor_state": ["PAK", "AFG"] * (n // 2) + ["PAK"] * (n % 2),
        "target_state": ["AFG", "PAK"] * (n // 2) + ["AFG"] * (n % 2),
        "kind": ["shelling"] * n,
        "source_url": [f"https://a.example/{i}" for i in range(n)],
    })


def names(exc: BaseException, path, *, row: int | None = None, column: str | None = None) -> None:
    """``exc`` is the package's, names ``path``, and the row and column when given."""
    assert isinstance(exc, errors.EscalationError), type(exc)
    msg = str(exc)
    assert str(path) in msg, msg
    if row is not None:
        assert re.search(rf"\brows? (?:[\d, ]*\b)?{row}\b", msg), msg
    if column is not None:
        assert f"'{column}'" in msg, msg


def rows_add_up(report) -> None:
    assert report.rows_read == report.coded + report.out_of_scope + report.uncoded + report.rejected


# -- 1. empty or whitespace-only files ---------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"   \n\n  \n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("loader", [esc.load_events, esc.load_claims, esc.read_acled,
                                    esc.read_ucdp_ged, esc.read_gdelt])
def test_empty_files(tmp_path, content, loader):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(errors.FileFormatError) as info:
        loader(path)
    names(info.value, path)
    assert "empty" in str(info.value)


# -- 2. dates outside pandas' range (events: tests/test_validation.py::test_bad_date) ----------
def two_claims(**cells) -> pd.DataFrame:
    """Two valid claims about good_events(), with some cells replaced."""
    return pd.DataFrame({"claim_id": ["C1", "C2"], "event_id": ["E1", "E2"],
                         "claimant_side": ["PAK", "AFG"], "subject_state": ["AFG", "PAK"],
                         "subject_category": ["military"] * 2, "outcome": ["killed"] * 2,
                         "qualifier": ["exact"] * 2, "number": ["3", "4"],
                         "source_url": ["https://a.example/1"] * 2,
                         "claim_date": ["2026-02-21"] * 2} | cells)


@pytest.mark.parametrize("cells,error,column", [
    ({"claim_date": ["2026-02-21", "0001-01-01"]}, errors.DateError, "claim_date"),
    # 10. whole numbers too large to hold exactly (claims' claim_seq)
    ({"claim_seq": ["1", "1e20"]}, errors.NumberError, "claim_seq"),
    ({"number": ["3", "1e400"]}, errors.NumberError, "number"),
])
def test_claim_cells_the_schema_refuses(write_csv, cells, error, column):
    write_csv(good_events(), "events.csv")
    path = write_csv(two_claims(**cells), "claims.csv")
    with pytest.raises(error) as info:
        esc.load_claims(path)
    names(info.value, path, row=2, column=column)


def test_ged_date_outside_the_range_is_rejected_not_fatal(tmp_path):
    raw = pd.read_csv(FIXTURES / "ucdp_ged_fixture.csv", dtype=str, keep_default_na=False)
    raw.loc[2, ["date_start", "date_end"]] = "1677-09-21 00:00:00.000"
    path = tmp_path / "ged.csv"
    raw.to_csv(path, index=False)
    events, report = esc.read_ucdp_ged(path)
    rows_add_up(report)
    rejected = report.rejections.set_index("row")
    assert 3 in rejected.index and "1677-09-21" in rejected.loc[3, "reason"]
    assert "GED-3" not in set(events["event_id"]) and "GED-1" in set(events["event_id"])


# -- 3-7. Parquet: not Parquet, truncated, empty, tz-aware, nested, mixed, zero rows --------------
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def parquet_bytes(tmp_path, frame: pd.DataFrame) -> bytes:
    path = tmp_path / "good.parquet"
    frame.to_parquet(path)
    return path.read_bytes()


@pytest.mark.parametrize("how", ["csv", "truncated", "empty", "magic only"])
@pytest.mark.parametrize("reader", ["load_events", "build_series"])
def test_files_that_are_not_parquet(tmp_path, how, reader):
    good = parquet_bytes(tmp_path, good_events())
    content = {"csv": good_events().to_csv(index=False).encode(), "truncated": good[: len(good) // 2],
               "empty": b"", "magic only": b"PAR1PAR1"}[how]
    path = tmp_path / "events.parquet"
    path.write_bytes(content)
    with pytest.raises(errors.FileFormatError) as info:
        getattr(esc, reader)(path if reader == "load_events" else str(path))
    names(info.value, path)


def test_tz_aware_timestamps_read_as_their_own_dates(tmp_path):
    frame = good_events()
    naive = esc.load_events(_parquet(tmp_path / "naive.parquet",
                                     frame.assign(date_start=pd.to_datetime(frame["date_start"]))))
    aware = frame.assign(date_start=pd.to_datetime(frame["date_start"]).dt.tz_localize("UTC"))
    loaded = esc.load_events(_parquet(tmp_path / "aware.parquet", aware))
    assert loaded["date_start"].dt.tz is None
    assert (loaded["date_start"].to_numpy() == naive["date_start"].to_numpy()).all()
    s = esc.build_series(str(tmp_path / "aware.parquet"))
    assert s.equals(esc.build_series(str(tmp_path / "naive.parquet")))


def _parquet(path: Path, frame) -> Path:
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize("arrow_type", [pa.list_(pa.string()), pa.struct([("a", pa.string())]),
                                        pa.binary()])
def test_nested_or_binary_parquet_columns(tmp_path, arrow_type):
    frame = good_events()
    values = {"list": [["a"], ["b"], ["c"]], "struct": [{"a": "x"}] * 3, "binary": [b"x"] * 3}
    kind = [k for k in values if k in str(arrow_type)][0]
    table = pa.Table.from_pandas(frame.drop(columns="kind"), preserve_index=False).append_column(
        "kind", pa.array(values[kind], type=arrow_type))
    path = _parquet(tmp_path / "nested.parquet", table)
    for call in (lambda: esc.load_events(path), lambda: esc.build_series(str(path))):
        with pytest.raises(errors.FileFormatError) as info:
            call()
        names(info.value, path, column="kind")


def test_parquet_folder_with_mixed_schemas_or_junk(tmp_path):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    _parquet(mixed / "a.parquet", good_events().assign(event_id=[1, 2, 3]))
    _parquet(mixed / "b.parquet", good_events().assign(event_id=["x", "y", "z"]))
    with pytest.raises(errors.FileFormatError) as info:
        esc.build_series(str(mixed))
    names(info.value, mixed / "b.parquet", column="event_id")
    junk = tmp_path / "junk"
    junk.mkdir()
    _parquet(junk / "a.parquet", good_events())
    (junk / "notes.parquet").write_text("not parquet")
    with pytest.raises(errors.FileFormatError) as info:
        esc.build_series(str(junk))
    names(info.value, junk / "notes.parquet")


def test_parquet_folder_of_compatible_types_reads_as_one(tmp_path):
    """Dictionaries of different widths and int32 beside int64 are the same column."""
    ev = esc.load_events()
    folder = tmp_path / "ok"
    folder.mkdir()
    a, b = ev.iloc[:40].copy(), ev.iloc[40:].copy()
    a["kind"] = a["kind"].astype("category")
    a["fatalities"] = 1
    b["fatalities"] = np.where(np.arange(len(b)) % 2, 2.5, np.nan)
    _parquet(folder / "a.parquet", a)
    _parquet(folder / "b.parquet", b)
    coded = esc.code_events(esc.load_events().assign(fatalities=np.r_[[1.0] * 40, b["fatalities"]]))
    assert esc.build_series(str(folder)).equals(esc.build_series(coded))


def test_zero_rows_and_empty_folders(tmp_path):
    zero = _parquet(tmp_path / "zero.parquet", good_events().iloc[:0])
    with pytest.raises(errors.NoDataError) as info:
        esc.build_series(str(zero))
    names(info.value, zero)
    assert len(esc.load_events(zero)) == 0  # loading nothing is no error; counting it is
    empty = tmp_path / "empty_folder"
    empty.mkdir()
    with pytest.raises(errors.NoDataError) as info:
        esc.build_series(str(empty))
    names(info.value, empty)
    coded = esc.code_events(esc.load_events(zero))
    with pytest.raises(errors.NoDataError):
        esc.build_series(coded)
    grid = esc.build_series(coded, since="2026-01-05", until="2026-01-25")
    assert len(grid) == 0 or grid["n_events"].sum() == 0


# -- 8. importers where no row survives -----------------------------------------------------------
@pytest.mark.parametrize("reader,fixture", [(esc.read_acled, "acled_fixture.csv"),
                                            (esc.read_ucdp_ged, "ucdp_ged_fixture.csv")])
def test_header_only_and_all_rejected_exports(tmp_path, reader, fixture):
    text = (FIXTURES / fixture).read_text()
    header = tmp_path / "header.csv"
    header.write_text(text.splitlines()[0] + "\n")
    events, report = reader(header)
    assert (report.rows_read, len(events)) == (0, 0) and report.adds_up
    raw = pd.read_csv(FIXTURES / fixture, dtype=str, keep_default_na=False)
    date = "event_date" if "event_date" in raw else "date_start"
    raw[date] = "not a date"
    bad = tmp_path / "bad.csv"
    raw.to_csv(bad, index=False)
    events, report = reader(bad)
    assert report.rejected == report.rows_read == len(raw) and len(events) == 0
    assert esc.build_series(events, since="2026-01-01", until="2026-02-01")["n_events"].sum() == 0


def test_gdelt_all_rows_rejected(tmp_path):
    lines = (FIXTURES / "gdelt1_fixture.tsv").read_text().splitlines()
    bad = tmp_path / "gdelt.tsv"
    bad.write_text("\n".join("\t".join(["1", "notadate", *l.split("\t")[2:]]) for l in lines) + "\n")
    events, report = esc.read_gdelt(bad)
    assert report.rejected == report.rows_read == len(lines) and len(events) == 0


# -- 9. isdigit traps -----------------------------------------------------------------------------
@pytest.mark.parametrize("iso", ["²", "٤", "4.0", "-4", "00004", ""])
def test_acled_iso_codes_that_are_not_ascii_digits(tmp_path, iso):
    raw = pd.read_csv(FIXTURES / "acled_fixture.csv", dtype=str, keep_default_na=False)
    raw["iso"] = iso
    path = tmp_path / "acled.csv"
    raw.to_csv(path, index=False)
    events, report = esc.read_acled(path)
    rows_add_up(report)
    expected = "AFG" if iso == "00004" else None
    where = events["country_where"].dropna().unique().tolist()
    assert where == ([expected] if expected else [])


# -- 12. ladder TOML --------------------------------------------------------------------------------
RUNG = "[[rungs]]\nkey = 'a'\nlevel = 1\n"


@pytest.mark.parametrize("text,needle", [
    (b"\xe9" + RUNG.encode(), "not UTF-8"),
    (RUNG.replace("level = 1", "level = inf").encode(), "whole number"),
    (RUNG.replace("level = 1", "level = 3.7").encode(), "whole number"),
    (RUNG.replace("level = 1", "level = true").encode(), "whole number"),
    (RUNG.replace("level = 1", "level = 1000").encode(), "between"),
    ((RUNG + "is_kinetic = 'false'\n").encode(), "true or false"),
    ((RUNG + "is_kinetc = true\n").encode(), "did you mean 'is_kinetic'"),
    (("kinds = 'abc'\n" + RUNG).encode(), "'kinds' must be a table"),
    (("kinds = ['a']\n" + RUNG).encode(), "'kinds' must be a table"),
    ((RUNG + "[kinds]\nx = {y = 1}\n").encode(), "[kinds] 'x' must be text"),
    ((RUNG + "[depth]\nmiddle = 'a'\n").encode(), "[depth] unknown key 'middle'"),
    (("nmae = 'x'\n" + RUNG).encode(), "did you mean 'name'"),
    ((RUNG + "[[rungs]]\nkey = 'b'\nlevel = 2\n[kinds]\na = 'b'\nb = 'a'\n").encode(), "cycle"),
    (b"rungs = 3\n", "'rungs' must be an array of tables"),
    (b"", "no [[rungs]]"),
])
def test_malformed_ladders(tmp_path, text, needle):
    path = tmp_path / "ladder.toml"
    path.write_bytes(text)
    with pytest.raises(errors.ScaleError) as info:
        esc.EscalationScale.from_toml(path)
    names(info.value, path)
    assert needle in str(info.value)


# -- 13. empty windows -------------------------------------------------------------------------------
@pytest.mark.parametrize("since,until", [("2030-01-01", None), ("2026-03-01", "2026-01-01"),
                                         (None, "2001-01-01")])
def test_empty_windows(coded, since, until):
    with pytest.raises(errors.NoDataError) as info:
        esc.build_series(coded, since=since, until=until)
    assert "empty window" in str(info.value)


# -- missing files, folders, conventions: package errors that are also the builtins ---------------
LOADERS = [esc.load_events, esc.load_claims, esc.read_acled, esc.read_ucdp_ged, esc.read_gdelt,
           esc.EscalationScale.from_toml, lambda p: esc.build_series(str(p))]


@pytest.mark.parametrize("loader", LOADERS)
def test_missing_file_is_both_a_package_error_and_file_not_found(tmp_path, loader):
    path = tmp_path / "nowhere.csv"
    with pytest.raises(FileNotFoundError) as info:
        loader(path)
    names(info.value, path)
    assert isinstance(info.value, errors.InputNotFoundError)


@pytest.mark.parametrize("loader", LOADERS[:-1])
def test_folder_given_for_a_file(tmp_path, loader):
    with pytest.raises(IsADirectoryError) as info:
        loader(tmp_path)
    names(info.value, tmp_path)
    assert isinstance(info.value, errors.InputIsDirectoryError)


def test_unknown_convention_is_a_package_error():
    for call in (lambda: esc.load_claims(convention="nope"), lambda: esc.parse_claim("at least 3", convention="nope")):
        with pytest.raises(errors.ConventionError) as info:
            call()
        assert isinstance(info.value, ValueError) and isinstance(info.value, KeyError)
        assert "nope" in str(info.value)


# -- malformed rows: extra fields, bytes that are not UTF-8, duplicate headers ----------------------
def test_extra_fields_name_the_row_not_a_column(tmp_path):
    text = good_events().to_csv(index=False).splitlines()
    for at in (1, 3):  # the first data row too: pandas would make its first column the index
        lines = list(text)
        lines[at] += ",surplus"
        path = tmp_path / f"extra{at}.csv"
        path.write_text("\n".join(lines) + "\n")
        with pytest.raises(errors.MalformedRowError) as info:
            esc.load_events(path)
        names(info.value, path, row=at)
        assert "7 fields" in str(info.value) and "date_start" not in str(info.value)


def test_bytes_that_are_not_utf8(tmp_path):
    lines = good_events().to_csv(index=False).encode().splitlines()
    lines[2] = lines[2].replace(b"shelling", b"shell\xe9ing")
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(errors.MalformedRowError) as info:
        esc.load_events(path)
    names(info.value, path, row=2, column="kind")
    assert "UTF-8" in str(info.value)


def test_acled_rejects_malformed_rows_by_file_row_and_imports_the_rest(tmp_path):
    lines = (FIXTURES / "acled_fixture.csv").read_bytes().splitlines()
    lines[2] = lines[2].replace(b"Synthetic fixture row FX2", b"Synth\xe9tic")
    lines[4] = lines[4] + b",surplus"
    path = tmp_path / "acled.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    events, report = esc.read_acled(path)
    rows_add_up(report)
    rejected = report.rejections.set_index("row")
    assert rejected.loc[2, "column"] == "notes" and "UTF-8" in rejected.loc[2, "reason"]
    assert "fields" in rejected.loc[4, "reason"]
    assert {"ACLED-FX2", "ACLED-FX4"}.isdisjoint(events["event_id"]) and "ACLED-FX5" in set(events["event_id"])


def test_gdelt_invalid_utf8_is_rejected_not_replaced(tmp_path):
    lines = (FIXTURES / "gdelt1_fixture.tsv").read_bytes().splitlines()
    lines[0] = lines[0].replace(b"Kabul", b"K\xe2bul")
    path = tmp_path / "gdelt.tsv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    events, report = esc.read_gdelt(path)
    rows_add_up(report)
    assert report.rejections.set_index("row").loc[1, "column"] == "ActionGeo_FullName"
    assert "GDELT-9001" not in set(events["event_id"])
    assert not events["location"].astype(str).str.contains("\ufffd").any()


def test_duplicate_header_names(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("event_id,kind,kind\nE1,a,b\n")
    with pytest.raises(errors.FileFormatError) as info:
        esc.load_events(path)
    names(info.value, path, column="kind")


# -- importers: file rows, duplicates, rows the schema refuses ----------------------------------------
def test_importers_number_rejections_by_file_row(tmp_path):
    """Out-of-scope rows before the bad in-scope ones: rows count in the file, not the subset."""
    raw = pd.read_csv(FIXTURES / "ucdp_ged_fixture.csv", dtype=str, keep_default_na=False)
    filler = pd.concat([raw.iloc[[4]]] * 20, ignore_index=True)  # government vs TTP: out of scope
    filler["id"] = [str(100 + i) for i in range(len(filler))]
    frame = pd.concat([filler, raw], ignore_index=True)
    # GED-1 (file row 21): day precision over three days, which the event schema refuses
    frame.loc[20, "date_end"] = "2025-05-09 00:00:00.000"
    # GED-2 (file row 22) repeated at file row 29
    dup = frame.iloc[[21]].assign(relid="again")
    frame = pd.concat([frame, dup], ignore_index=True)
    path = tmp_path / "ged.csv"
    frame.to_csv(path, index=False)
    events, report = esc.read_ucdp_ged(path)
    rows_add_up(report)
    rejected = report.rejections.set_index("row")
    assert rejected.loc[21, "column"] == "date_end" and "span" in rejected.loc[21, "reason"]
    assert rejected.loc[29, "column"] == "id" and "row 22" in rejected.loc[29, "reason"]
    assert rejected.loc[28, "column"] == "date_end"  # the fixture's own reversed span (FX-8)
    assert "GED-1" not in set(events["event_id"]) and "GED-2" in set(events["event_id"])
    assert events.set_index("event_id").loc["GED-2", "source_row"] == 22


# -- fatalities: unreadable values are unknown, counted, never a rejection ---------------------------
def test_acled_fatalities(tmp_path):
    raw = pd.read_csv(FIXTURES / "acled_fixture.csv", dtype=str, keep_default_na=False)
    raw["fatalities"] = ["3", "abc", "-5", "", "1e400", "0", "7", "2", "1", "4"]
    path = tmp_path / "acled.csv"
    raw.to_csv(path, index=False)
    events, report = esc.read_acled(path)
    rows_add_up(report)
    assert report.rejected == 1  # the fixture's bad date, not a fatality
    fat = events.set_index("event_id")["fatalities"]
    assert fat["ACLED-FX1"] == 3 and fat["ACLED-FX6"] == 0
    assert fat[["ACLED-FX2", "ACLED-FX3", "ACLED-FX4", "ACLED-FX5"]].isna().all()
    assert report.fatalities_unknown == {"fatalities empty": 1, "fatalities negative": 1,
                                         "fatalities not a number": 1, "fatalities not finite": 1}
    assert events["fatalities_low"].isna().all() and events["fatalities_high"].isna().all()
    assert "fatalities unknown" in str(report)


def test_ucdp_fatalities(tmp_path):
    raw = pd.read_csv(FIXTURES / "ucdp_ged_fixture.csv", dtype=str, keep_default_na=False)
    raw.loc[0, ["best", "low", "high"]] = ["5", "-3", "9"]     # low unreadable: best and high kept
    raw.loc[1, ["best", "low", "high"]] = ["11", "12", "40"]   # low above best: all unknown
    raw.loc[2, ["best", "low", "high"]] = ["x", "15", "60"]
    events, report = esc.read_ucdp_ged(_write(tmp_path, raw))
    rows_add_up(report)
    ev = events.set_index("event_id")
    assert ev.loc["GED-1", ["fatalities", "fatalities_high"]].tolist() == [5, 9]
    assert np.isnan(ev.loc["GED-1", "fatalities_low"])
    assert ev.loc["GED-2", ["fatalities", "fatalities_low", "fatalities_high"]].isna().all()
    assert ev.loc["GED-3", ["fatalities_low", "fatalities_high"]].tolist() == [15, 60]
    assert report.fatalities_unknown == {"best not a number": 1, "low above best": 1,
                                         "low negative": 1}
    esc.validate_events(events[events["rung"].astype(str) == "border_clash"])  # the schema holds


def _write(tmp_path, frame, name="ged.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


# -- rung_override off the ladder: the file and the row the event came from -------------------------
def test_rung_override_off_the_ladder_names_file_and_row(write_csv):
    frame = good_events(5).assign(rung_override=["", "", "", "nonsense", ""])
    path = write_csv(frame)
    events = esc.load_events(path)
    for subset in (events, events[events["event_id"] != "E1"]):  # rows as in the file
        with pytest.raises(errors.DataValidationError) as info:
            esc.code_events(subset)
        names(info.value, path, row=4, column="rung_override")
        assert "nonsense" in str(info.value) and "E4" in str(info.value)
    ladder = esc.EscalationScale.mid_hostility()
    with pytest.raises(errors.DataValidationError) as info:
        esc.code_events(events.assign(rung_override=["", "talks", "", "", "militant_attack"]), ladder)
    names(info.value, path, row=5, column="rung_override")


# -- messages: every bad value, hints -------------------------------------------------------------------
def test_several_bad_dates_show_each_value(write_csv):
    frame = good_events(12)
    frame.loc[[6, 9], "date_start"] = ["2026-02-30", "yesterday"]
    path = write_csv(frame)
    with pytest.raises(errors.DateError) as info:
        esc.load_events(path)
    msg = str(info.value)
    assert "rows 7, 10" in msg and "'2026-02-30'" in msg and "'yesterday'" in msg
    assert info.value.values == {7: "2026-02-30", 10: "yesterday"}


def test_self_dyad_says_so(write_csv):
    path = write_csv(good_events().assign(target_state=["PAK", "PAK", "AFG"]))
    with pytest.raises(errors.UnknownCodeError) as info:
        esc.load_events(path)
    names(info.value, path, row=1, column="dyad")
    assert "with itself" in str(info.value)


def test_semicolon_file_gets_a_hint(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(good_events().to_csv(index=False, sep=";"))
    with pytest.raises(errors.MissingColumnError) as info:
        esc.load_events(path)
    assert "semicolons" in str(info.value)


def test_tsv_files_load(tmp_path, write_csv):
    path = tmp_path / "events.tsv"
    path.write_text(good_events().to_csv(index=False, sep="\t"))
    pd.testing.assert_frame_equal(esc.load_events(path),
                                  esc.load_events(write_csv(good_events())))
