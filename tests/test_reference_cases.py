"""Published claim-vs-reference ratios, rebuilt from their numbers with the package's arithmetic."""

from __future__ import annotations

import csv

import pytest

import escalation as esc
from escalation.claims import reference_cases


def published_rows():
    path = esc.data_dir() / "published" / "claim_reference_cases.csv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def rounded(value: float, places: int) -> float:
    """Half-up rounding, as published figures are rounded (34.25 -> 34.3)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("row", published_rows(), ids=lambda r: r["case"])
def test_every_published_ratio_is_reproduced(row):
    table = reference_cases().set_index("case")
    got = table.loc[row["case"]]
    low, high = row["published_ratio_low"], row["published_ratio_high"]
    if not low:  # the published ratio is undefined: a denial
        assert got["ratio_kind"] == "undefined" and got["denial"]
        return
    if not high or low == high:  # a single published figure is the stated ratio
        assert rounded(got["stated_ratio"], decimals(low)) == pytest.approx(float(low))
        # and the package's ratio never falls outside its bounds (where there are any)
        assert got["ratio_kind"] == "undefined" or got["ratio_low"] <= got["ratio"] <= got["ratio_high"]
        return
    assert rounded(got["ratio_low"], decimals(low)) == pytest.approx(float(low))
    assert rounded(got["ratio_high"], decimals(high)) == pytest.approx(float(high))


def test_open_ended_cases_are_bounded_not_points():
    t = reference_cases().set_index("case")
    assert t.loc["Russia-Ukraine, 19 Aug 2022", "ratio_kind"] == "lower_bound"
    assert t.loc["Iran-Iraq war", "ratio_kind"] == "upper_bound"
    assert t.loc["US-led coalition, to May 2017", "ratio_kind"] == "undefined"
