"""Hostile claims tables: every bad cell is one package error naming file, rows, column, values."""

from __future__ import annotations

import pandas as pd
import pytest

import escalation as esc
from escalation.errors import (
    DanglingReferenceError,
    DataValidationError,
    EscalationError,
    IntervalError,
    NumberError,
    SupersessionError,
    UnknownCodeError,
    UnknownQualifierError,
)

BASE = {"claim_id": "", "event_id": "E", "claimant": "", "claimant_org": "",
        "claimant_side": "AFG", "subject_state": "PAK", "subject_category": "military",
        "outcome": "killed", "qualifier": "exact", "number": "5", "number_to": "",
        "source_url": "https://x.example", "claim_date": "2026-01-01", "claim_seq": "",
        "supersedes": ""}


def write_claims(tmp_path, bad: dict, bad_rows=(2, 4), n=5):
    """n claims, the 1-based data rows in ``bad_rows`` carrying the ``bad`` cells."""
    rows = [{**BASE, "claim_id": f"c{i}", **(bad if i in bad_rows else {})}
            for i in range(1, n + 1)]
    path = tmp_path / "hostile_claims.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


#: (case, cells, error, column, text the message must hold)
CASES = [
    ("about inf", {"qualifier": "about", "number": "inf"}, NumberError, "number", "finite"),
    ("1e400", {"number": "1e400"}, NumberError, "number", "finite"),
    ("huge digits", {"number": "9" * 400}, NumberError, "number", "finite"),
    ("1e20", {"number": "1e20"}, NumberError, "number", "row 2: 1e20 is above 9,007,199,254,740,992"),
    ("exact inf", {"number": "inf"}, NumberError, "number", "finite"),
    ("claim_seq 1e20", {"claim_seq": "1e20"}, NumberError, "claim_seq", "row 4: 1e20 is above"),
    ("reversed range", {"qualifier": "range", "number": "50", "number_to": "10"}, IntervalError,
     "number_to", "row 2: range 50 to 10: a range must run upwards"),
    ("empty range", {"qualifier": "range", "number": "50", "number_to": "50"}, IntervalError,
     "number_to", "must run upwards"),
    ("fewer than 0", {"qualifier": "fewer_than", "number": "0"}, IntervalError, "number",
     "row 4: fewer_than 0"),
    ("tens of sevens", {"qualifier": "tens", "number": "7"}, IntervalError, "number", "power of ten"),
    ("nearly nothing stated", {"qualifier": "nearly", "number": ""}, NumberError, "number",
     "row 2: qualifier 'nearly' needs a number"),
    ("stored high 1e400", {"high": "1e400"}, IntervalError, "high", "row 2: high '1e400', but exact 5"),
    ("stored low above", {"qualifier": "at_least", "number": "5", "low": "9"}, IntervalError, "low",
     "gives [5, inf]"),
    ("stored low text", {"low": "many"}, NumberError, "low", "row 4: not a number: 'many'"),
    ("stored low negative", {"low": "-inf"}, NumberError, "low", "negative value -inf"),
    ("unknown qualifier", {"qualifier": "nearlyy"}, UnknownQualifierError, "qualifier",
     "row 2: 'nearlyy' is not one of"),
    ("unknown stored convention", {"convention": "generous"}, UnknownCodeError, "convention",
     "row 4: 'generous' is not one of"),
    ("dangling supersedes", {"supersedes": "nobody"}, DanglingReferenceError, "supersedes",
     "row 2: 'nobody' is not a claim_id"),
]


@pytest.mark.parametrize("case,cells,error,column,text", CASES, ids=[c[0] for c in CASES])
def test_hostile_cells_name_file_rows_column_and_values(tmp_path, case, cells, error, column, text):
    path = write_claims(tmp_path, cells)
    with pytest.raises(error) as info:
        esc.load_claims(path)
    exc = info.value
    assert isinstance(exc, DataValidationError) and isinstance(exc, EscalationError)
    assert isinstance(exc, ValueError)
    assert exc.column == column and exc.rows == [2, 4]
    message = str(exc)
    assert message.startswith(f"{path}, rows 2, 4, column '{column}'")
    assert text in message


def test_many_bad_rows_are_listed_up_to_ten_with_a_count(tmp_path):
    path = write_claims(tmp_path, {"qualifier": "range", "number": "9", "number_to": "3"},
                       bad_rows=range(1, 15), n=14)
    with pytest.raises(IntervalError) as info:
        esc.load_claims(path)
    message = str(info.value)
    assert info.value.rows == list(range(1, 15))
    assert "row 10: range 9 to 3" in message and "row 11:" not in message
    assert "and 4 more" in message


@pytest.mark.parametrize("supersedes,rows,text", [
    ({"c1": "c1"}, [1], "'c1' supersedes 'c1', which is itself"),
    ({"c1": "c2", "c2": "c1"}, [1, 2], "leads back to it (a cycle)"),
    ({"c1": "c2", "c2": "c3", "c3": "c2"}, [2, 3], "row 3: 'c3' supersedes 'c2'"),
    ({"c1": "c3"}, [1], "which is not earlier (2026-01-01, seq 3)"),
])
def test_supersessions_must_run_back_in_time_without_cycles(tmp_path, supersedes, rows, text):
    frame = pd.DataFrame([{**BASE, "claim_id": f"c{i}", "claim_seq": str(i),
                           "supersedes": supersedes.get(f"c{i}", "")} for i in (1, 2, 3)])
    path = tmp_path / "cycle.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(SupersessionError) as info:
        esc.load_claims(path)
    assert info.value.rows == rows and info.value.column == "supersedes"
    assert text in str(info.value) and str(path) in str(info.value)


def test_a_revision_chain_in_order_loads(tmp_path):
    frame = pd.DataFrame([{**BASE, "claim_id": f"c{i}", "claim_seq": str(i), "number": str(4 + i),
                           "supersedes": "" if i == 1 else f"c{i - 1}"} for i in (1, 2, 3)])
    path = tmp_path / "chain.csv"
    frame.to_csv(path, index=False)
    cl = esc.load_claims(path)
    assert esc.current_claims(cl)["claim_id"].tolist() == ["c3"]


def test_typed_frames_with_missing_values_load():
    """A frame built in Python (NaN, not empty text) in the optional interval columns."""
    frame = pd.DataFrame([{**BASE, "claim_id": "a", "low": float("nan"), "high": float("nan"),
                           "claim_seq": 1}])
    cl = esc.claims.table.validate_claims(frame)
    assert (cl.loc[0, "low"], cl.loc[0, "high"]) == (5, 5)


def test_the_bundled_intervals_agree_with_their_qualifiers(claims):
    """The loader refuses a stored interval its qualifier does not give: loading is the check."""
    raw = pd.read_csv(esc.data_dir() / "claims.csv", dtype=str, keep_default_na=False)
    derived = claims.set_index("claim_id")
    for row in raw.itertuples():
        if row.qualifier == "unknown":
            continue
        assert float(row.low) == derived.loc[row.claim_id, "low"]
        assert (float(row.high) if row.high else float("inf")) == derived.loc[row.claim_id, "high"]


def test_a_loaded_claims_table_validates_again_unchanged():
    loaded = esc.load_claims()
    again = esc.validate_claims(loaded)
    assert again["claim_date"].equals(loaded["claim_date"])
    assert again["claim_date_precision"].tolist() == loaded["claim_date_precision"].tolist()
    assert (loaded["claim_date_precision"] == "month").any()  # the month rows round-trip too
    for col in ("low", "high"):
        pd.testing.assert_series_equal(again[col], loaded[col])


def test_non_state_groups_are_claimants_each_for_its_own_organisation(tmp_path):
    # the TTP and a second armed group each claim the same losses: neither claim
    # supersedes the other, while a later TTP claim replaces the earlier TTP one
    rows = [{**BASE, "claim_id": "c1", "claimant_side": "NSA", "claimant_org": "TTP",
             "number": "10", "claim_date": "2026-01-01"},
            {**BASE, "claim_id": "c2", "claimant_side": "NSA", "claimant_org": "Other group",
             "number": "30", "claim_date": "2026-01-02"},
            {**BASE, "claim_id": "c3", "claimant_side": "NSA", "claimant_org": "TTP",
             "number": "12", "claim_date": "2026-01-03"}]
    path = tmp_path / "nsa_claims.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    claims = esc.load_claims(path)
    assert claims["claimant_side"].tolist() == ["NSA"] * 3
    current = esc.claims.current_claims(claims)
    assert sorted(current["claim_id"]) == ["c2", "c3"]
    assert sorted(current["claimant_key"]) == ["NSA:Other group", "NSA:TTP"]


def test_an_unknown_claimant_side_names_the_accepted_ones(tmp_path):
    path = write_claims(tmp_path, {"claimant_side": "rebels"})
    with pytest.raises(UnknownCodeError, match=r"row 2: 'rebels' is not an ISO3 code, THIRD or NSA"):
        esc.load_claims(path)
