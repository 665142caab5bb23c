"""Every validation error: a malformed file, and a message naming file, row and column."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import escalation as esc
from escalation import errors


def good_events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["E1", "E2", "E3"],
        "date_start": ["2026-02-22", "2026-02-26", "2026-02-27"],
        "actor_state": ["PAK", "AFG", "PAK"],
        "target_state": ["AFG", "PAK", "AFG"],
        "kind": ["airstrike", "shelling", "rhetoric"],
        "source_url": ["https://a.example/1", "https://a.example/2", "https://a.example/3"],
    })


def good_claims() -> pd.DataFrame:
    return pd.DataFrame({
        "claim_id": ["C1", "C2", "C3"],
        "event_id": ["E1", "E2", "E2"],
        "claimant_side": ["PAK", "AFG", "PAK"],
        "subject_state": ["AFG", "PAK", "PAK"],
        "subject_category": ["militant", "military", "military"],
        "outcome": ["killed", "killed", "killed"],
        "qualifier": ["at_least", "exact", "exact"],
        "number": ["80", "55", "12"],
        "source_url": ["https://a.example/1", "https://a.example/2", "https://a.example/4"],
        "claim_date": ["2026-02-24", "2026-02-27", "2026-02-27"],
    })


def assert_names(exc: errors.DataValidationError, path, row: int | None, column: str):
    msg = str(exc)
    assert str(path) in msg
    assert f"column '{column}'" in msg
    if row is not None:
        assert re.search(rf"\brows? (?:[\d, ]*\b)?{row}\b", msg), msg
        assert row in exc.rows
    assert exc.column == column


def test_minimal_event_file_gets_documented_defaults(write_csv):
    ev = esc.load_events(write_csv(good_events()))
    assert list(ev["dyad"]) == ["AFG-PAK"] * 3
    assert (ev["date_end"] == ev["date_start"]).all()
    assert set(ev["date_precision"]) == {"day"}
    assert set(ev["attribution"]) == {"claimed"}
    assert not ev["mutual"].any() and not ev["is_umbrella"].any()
    assert ev["is_state_action"].all()
    assert list(ev["country_where"]) == ["AFG", "PAK", "AFG"]


def test_columns_a_file_lacks_can_be_written():
    ev = esc.validate_events(good_events())
    for column in ("fatalities", "latitude", "fatalities_high"):
        assert ev[column].isna().all(), column
    ev.loc[1, "fatalities"] = 12.0
    ev.loc[0, "latitude"] = 34.5
    assert ev["fatalities"].isna().tolist() == [True, False, True]
    assert ev["latitude"].notna().tolist() == [True, False, False]


@pytest.mark.parametrize("as_categories", [False, True])
def test_an_action_of_a_state_on_itself_is_refused_with_its_rows(as_categories):
    # no dyad column: the dyad is made from actor and target, and only a state acting on
    # itself can make it wrong (categoricals arrive from Parquet dictionaries)
    raw = pd.concat([good_events()] * 3, ignore_index=True).assign(
        event_id=[f"E{i}" for i in range(9)])
    raw.loc[[4, 7], "target_state"] = raw.loc[[4, 7], "actor_state"]
    if as_categories:
        raw = raw.astype({"actor_state": "category", "target_state": "category"})
    with pytest.raises(errors.UnknownCodeError, match="pairs a state with itself") as info:
        esc.validate_events(raw, source="self.parquet")
    assert info.value.rows == [5, 8]
    assert_names(info.value, "self.parquet", 5, "dyad")


def test_parquet_events_load_like_csv(tmp_path, write_csv):
    pytest.importorskip("pyarrow")
    frame = good_events()
    path = tmp_path / "events.parquet"
    frame.to_parquet(path)
    from_parquet = esc.load_events(path)
    from_csv = esc.load_events(write_csv(frame))
    # Parquet text columns arrive as categoricals (the file's dictionaries), same values
    assert isinstance(from_parquet["actor_state"].dtype, pd.CategoricalDtype)
    assert from_parquet["event_id"].dtype == from_csv["event_id"].dtype

    def as_text(f):
        return f.apply(lambda c: c.astype("str") if isinstance(c.dtype, pd.CategoricalDtype) else c)

    pd.testing.assert_frame_equal(as_text(from_parquet), as_text(from_csv))


@pytest.mark.parametrize("column", ["event_id", "date_start", "target_state", "kind", "source_url"])
def test_missing_column(write_csv, column):
    path = write_csv(good_events().drop(columns=column))
    with pytest.raises(errors.MissingColumnError) as info:
        esc.load_events(path)
    assert_names(info.value, path, None, column)
    assert "not found" in str(info.value)


@pytest.mark.parametrize("bad", ["2026-02-30", "26/02/2026", "yesterday", "",
                                 # outside pandas' nanosecond range (review 2026-11, C.2)
                                 "9999-12-31", "0001-01-01", "1677-09-21", "2262-04-12"])
def test_bad_date(write_csv, bad):
    frame = good_events()
    frame.loc[1, "date_start"] = bad
    path = write_csv(frame)
    with pytest.raises(errors.DateError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 2, "date_start")


def test_reversed_date_range(write_csv):
    frame = good_events().assign(date_end=["2026-02-22", "2026-02-25", "2026-02-27"])
    path = write_csv(frame)
    with pytest.raises(errors.DateError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 2, "date_end")
    assert "before date_start" in str(info.value)


def test_span_longer_than_its_precision(write_csv):
    frame = good_events().assign(date_end=["2026-02-22", "2026-03-10", "2026-02-27"],
                                 date_precision=["day", "week", "day"])
    path = write_csv(frame)
    with pytest.raises(errors.DateError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 2, "date_end")


@pytest.mark.parametrize("column,value", [("actor_state", "PAKI"), ("target_state", "XXX"),
                                          ("actor_state", "afg")])
def test_unknown_state_code(write_csv, column, value):
    frame = good_events()
    frame.loc[2, column] = value
    path = write_csv(frame)
    with pytest.raises(errors.UnknownCodeError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 3, column)


@pytest.mark.parametrize("dyad", ["PAK-AFG", "AFG-XXX", "AFGPAK"])
def test_unknown_or_unsorted_dyad(write_csv, dyad):
    frame = good_events().assign(dyad=["AFG-PAK", dyad, "AFG-PAK"])
    path = write_csv(frame)
    with pytest.raises(errors.UnknownCodeError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 2, "dyad")


def test_state_outside_its_dyad(write_csv):
    frame = good_events().assign(dyad=["AFG-PAK", "AFG-PAK", "IND-PAK"])
    path = write_csv(frame)
    with pytest.raises(errors.DataValidationError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 3, "target_state")


def test_duplicate_event_id(write_csv):
    frame = good_events()
    frame.loc[2, "event_id"] = "E1"
    path = write_csv(frame)
    with pytest.raises(errors.DuplicateIdError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 1, "event_id")
    assert info.value.rows == [1, 3]


def test_bad_boolean(write_csv):
    path = write_csv(good_events().assign(mutual=["False", "maybe", "True"]))
    with pytest.raises(errors.DataValidationError) as info:
        esc.load_events(path)
    assert_names(info.value, path, 2, "mutual")


def test_wrong_file_type(tmp_path):
    path = tmp_path / "events.xlsx"
    path.write_text("not a spreadsheet")
    with pytest.raises(errors.FileFormatError, match="events.xlsx"):
        esc.load_events(path)


def write_pair(write_csv, claims: pd.DataFrame):
    write_csv(good_events(), "events.csv")
    return write_csv(claims, "claims.csv")


def test_minimal_claims_load_with_derived_intervals(write_csv):
    cl = esc.load_claims(write_pair(write_csv, good_claims()))
    assert cl["low"].tolist() == [80, 55, 12]
    assert cl["high"].tolist() == [float("inf"), 55, 12]
    assert set(cl["convention"]) == {"default"}


def test_claim_pointing_at_no_event(write_csv):
    frame = good_claims()
    frame.loc[2, "event_id"] = "E9"
    path = write_pair(write_csv, frame)
    with pytest.raises(errors.DanglingReferenceError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 3, "event_id")


def test_supersedes_pointing_at_no_claim(write_csv):
    path = write_pair(write_csv, good_claims().assign(supersedes=["", "C7", ""]))
    with pytest.raises(errors.DanglingReferenceError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 2, "supersedes")


@pytest.mark.parametrize("value,needle", [("-4", "negative"), ("twelve", "not a number")])
def test_bad_number(write_csv, value, needle):
    frame = good_claims()
    frame.loc[1, "number"] = value
    path = write_pair(write_csv, frame)
    with pytest.raises(errors.NumberError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 2, "number")
    assert needle in str(info.value)


def test_low_above_high(write_csv):
    path = write_pair(write_csv, good_claims().assign(low=["80", "60", "12"],
                                                      high=["", "55", "12"]))
    with pytest.raises(errors.IntervalError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 2, "low")


def test_negative_bound(write_csv):
    path = write_pair(write_csv, good_claims().assign(low=["80", "55", "-1"]))
    with pytest.raises(errors.NumberError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 3, "low")


def test_unknown_qualifier(write_csv):
    frame = good_claims()
    frame.loc[0, "qualifier"] = "roughly"
    path = write_pair(write_csv, frame)
    with pytest.raises(errors.UnknownQualifierError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 1, "qualifier")
    assert "roughly" in str(info.value)


def test_numeric_qualifier_without_number(write_csv):
    frame = good_claims()
    frame.loc[1, "number"] = ""
    path = write_pair(write_csv, frame)
    with pytest.raises(errors.NumberError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 2, "number")


def test_duplicate_claim_id(write_csv):
    frame = good_claims()
    frame.loc[1, "claim_id"] = "C3"
    path = write_pair(write_csv, frame)
    with pytest.raises(errors.DuplicateIdError) as info:
        esc.load_claims(path)
    assert_names(info.value, path, 2, "claim_id")


def test_errors_share_one_base_and_are_value_errors(write_csv):
    frame = good_events()
    frame.loc[0, "date_start"] = "soon"
    with pytest.raises(esc.EscalationError):
        esc.load_events(write_csv(frame))
    assert issubclass(errors.DataValidationError, ValueError)


@pytest.mark.parametrize("cells, column, row", [
    ({"latitude": ["34.5", "", ""], "longitude": ["69.2", "", ""]}, None, None),
    ({"latitude": ["95", "", ""], "longitude": ["10", "", ""]}, "latitude", 1),
    ({"latitude": ["", "30", ""], "longitude": ["", "-181", ""]}, "longitude", 2),
    ({"latitude": ["", "", "33.1"]}, "longitude", 3),
    ({"longitude": ["", "71", ""], "latitude": ["", "", ""]}, "latitude", 2),
    ({"latitude": ["", "inf", ""], "longitude": ["", "1", ""]}, "latitude", 2),
    ({"geo_precision": ["town", "", "street"]}, "geo_precision", 3),
    ({"fatalities": ["3", "", "-1"]}, "fatalities", 3),
    ({"fatalities": ["3", "", ""], "fatalities_low": ["4", "", ""]}, "fatalities_low", 1),
    ({"fatalities": ["", "9", ""], "fatalities_high": ["", "8", ""]}, "fatalities_high", 2),
    ({"fatalities_low": ["", "", "9"], "fatalities_high": ["", "", "8"]}, "fatalities_high", 3),
])
def test_coordinates_and_fatalities_are_checked(write_csv, cells, column, row):
    frame = good_events().assign(**cells)
    path = write_csv(frame)
    if column is None:
        ev = esc.load_events(path)
        assert ev["latitude"].tolist()[0] == 34.5 and ev["longitude"].isna().tolist() == [False, True, True]
        return
    with pytest.raises(errors.DataValidationError) as info:
        esc.load_events(path)
    assert_names(info.value, path, row, column)


def test_coordinates_and_fatalities_default_to_unknown(write_csv):
    ev = esc.load_events(write_csv(good_events()))
    for col in ("latitude", "longitude", "fatalities", "fatalities_low", "fatalities_high"):
        assert ev[col].dtype == "float64" and ev[col].isna().all(), col
    assert (ev["geo_precision"].astype(str) == "").all()
