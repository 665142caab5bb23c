"""Casualty claims: phrases, as-of selection, discrepancy ratios, pooling, per-period sums."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from hypothesis import given, settings
from hypothesis import strategies as st

import escalation as esc
from escalation.claims import words_to_number
from escalation.errors import ClaimParseError

INF = math.inf

#: Typed by hand from DESIGN's conventions, not from the CSV or the parser:
#: exact N [N,N]; about N [floor .9N, ceil 1.1N]; at least N [N,inf); more than N [N+1,inf);
#: up to N [0,N]; range [N,M]; few [2,9]; several [3,inf); dozens [24,inf); scores [40,inf);
#: hundreds [200,inf); many [1,inf); nearly N [floor .9N, N]; fewer than N [0, N-1];
#: tens [20, 99], tens of thousands [20000, 99999].
PHRASES = [
    ("Forty-one", "exact", 41, 41),
    ("forty one", "exact", 41, 41),
    ("thirteen", "exact", 13, 13),
    ("13", "exact", 13, 13),
    ("a dozen", "exact", 12, 12),
    ("one hundred and twenty", "exact", 120, 120),
    ("1,600", "exact", 1600, 1600),
    ("exactly 9", "exact", 9, 9),
    ("seven to eight", "range", 7, 8),
    ("twenty-five to thirty", "range", 25, 30),
    ("15 to 20", "range", 15, 20),
    ("35-40", "range", 35, 40),
    ("between 35 and 40", "range", 35, 40),
    ("60-70", "range", 60, 70),
    ("at least 274", "at_least", 274, INF),
    ("at least eight", "at_least", 8, INF),
    ("no fewer than 20", "at_least", 20, INF),
    ("a minimum of 60", "at_least", 60, INF),
    ("more than 200", "more_than", 201, INF),
    ("More than 331", "more_than", 332, INF),
    ("over 15", "more_than", 16, INF),
    ("over 500", "more_than", 501, INF),
    ("in excess of 100", "more_than", 101, INF),
    ("up to 464", "up_to", 0, 464),
    ("up to 55", "up_to", 0, 55),
    ("as many as 18", "up_to", 0, 18),
    ("at most 3", "up_to", 0, 3),
    ("some 274", "about", 246, 302),
    ("about 400", "about", 360, 440),
    ("around 52", "about", 46, 58),
    ("approximately 10", "about", 9, 11),
    ("roughly 331", "about", 297, 365),
    ("nearly 100", "nearly", 90, 100),
    ("almost 50", "nearly", 45, 50),
    ("just under 30", "nearly", 27, 30),
    ("nearly seventy", "nearly", 63, 70),
    ("fewer than 10", "fewer_than", 0, 9),
    ("under 25", "fewer_than", 0, 24),
    ("less than a dozen", "fewer_than", 0, 11),
    ("upwards of 30", "more_than", 31, INF),
    ("tens", "tens", 20, 99),
    ("tens of", "tens", 20, 99),
    ("tens of thousands", "tens", 20000, 99999),
    ("Tens of thousands of", "tens", 20000, 99999),
    ("a few", "few", 2, 9),
    ("few", "few", 2, 9),
    ("several", "several", 3, INF),
    ("dozens", "dozens", 24, INF),
    ("dozens of", "dozens", 24, INF),
    ("scores", "scores", 40, INF),
    ("hundreds", "hundreds", 200, INF),
    ("many", "many", 1, INF),
    ("a large number", "many", 1, INF),
    ("a large number of", "many", 1, INF),
]


@pytest.mark.parametrize("phrase,qualifier,low,high", PHRASES)
def test_phrase_table(phrase, qualifier, low, high):
    iv = esc.parse_claim(phrase)
    assert (iv.qualifier.value, iv.low, iv.high) == (qualifier, low, high)
    assert iv.convention == "default"


def test_phrase_table_covers_every_qualifier_in_the_data(claims):
    in_data = set(claims["qualifier"]) - {"unknown"}
    assert in_data <= {q for _, q, _, _ in PHRASES}
    assert len(PHRASES) >= 40
    assert esc.parse_claim("unknown").qualifier.value == "unknown"


def test_acled_conservative_convention_is_named_in_the_result():
    iv = esc.parse_claim("dozens", convention="acled_conservative")
    assert (iv.low, iv.high, iv.convention) == (12, INF, "acled_conservative")
    assert esc.parse_claim("hundreds", convention="acled_conservative").low == 100
    # ACLED FAQ: "tens" = 10, the floor; the plural still stops below a hundred
    iv = esc.parse_claim("tens of thousands", convention="acled_conservative")
    assert (iv.low, iv.high) == (10000, 99999)


def test_an_unknown_convention_is_a_package_error_and_both_builtins():
    from escalation.errors import EscalationError, UnknownConventionError

    for call in (lambda: esc.parse_claim("dozens", convention="generous"),
                 lambda: esc.claims.interval_for("exact", 3, convention="generous"),
                 lambda: esc.load_claims(convention="generous")):
        with pytest.raises(UnknownConventionError, match="unknown convention 'generous'") as info:
            call()
        assert isinstance(info.value, EscalationError)
        assert isinstance(info.value, ValueError) and isinstance(info.value, KeyError)
        assert str(info.value).startswith("unknown convention")  # not quoted like a KeyError


@pytest.mark.parametrize("phrase", ["soldiers were killed", "at least", "5 to 3", "", "ten ten",
                                    "a a dozen", "tens of hundreds", "274 killed", "nine-ish",
                                    "fewer than 0", "5 to 5", "tens of tens"])
def test_unparseable_phrases_name_themselves(phrase):
    with pytest.raises(ClaimParseError) as info:
        esc.parse_claim(phrase)
    assert repr(phrase) in str(info.value)


#: The shared CSV stored these intervals wrongly; the bundled data and the parser agree now.
CORRECTED = {
    "CL-028": "more than 200",         # stored [200, open)
    "CL-102": "up to 464",             # stored exact 464
    "CL-021": "seven to eight",        # stored 'about'
    "CL-034": "Twenty-five to thirty", # stored 'about'
    "CL-035": "15 to 20",              # stored 'about'
    "CL-142": "35 to 40",              # stored 'about'
    "CL-134": "As many as 18",         # stored 'about'
    "CL-079": "more than 400",         # stored [400, open)
    "CL-022": "over 15",               # stored [15, open)
}


@pytest.mark.parametrize("claim_id,phrase", sorted(CORRECTED.items()))
def test_corrected_rows_match_the_parser(claims, claim_id, phrase):
    row = claims.set_index("claim_id").loc[claim_id]
    assert phrase.lower() in row["raw_phrase"].lower() or claim_id in {"CL-142"}
    iv = esc.parse_claim(phrase)
    assert (row["qualifier"], row["low"], row["high"]) == (iv.qualifier.value, iv.low, iv.high)


HUGE = ["9" * 400, "about 1" + "7" * 308, "9" * 5000, "about " + "9" * 17, "nearly " + "9" * 30,
        "fewer than " + "9" * 40, "1" + "0" * 16 + " to " + "2" + "0" * 16, "inf", "infinity",
        "about inf", "1e400", "at least 1e400", "-5", "about -3", "nan", "over 9007199254740993"]


@pytest.mark.parametrize("phrase", HUGE, ids=lambda p: p[:24])
def test_huge_and_infinite_numbers_are_parse_errors(phrase):
    with pytest.raises(ClaimParseError) as info:
        esc.parse_claim(phrase)
    assert len(str(info.value)) < 300  # names the phrase without printing 5000 digits


def test_the_largest_exact_number_still_parses():
    iv = esc.parse_claim(str(2**53))
    assert iv.low == iv.high == 2.0**53
    iv = esc.parse_claim(f"about {2**53}")
    assert math.isfinite(iv.high) and iv.low < iv.high


def _check_interval(iv):
    """What every parsed claim must satisfy, whatever the phrase."""
    if iv.qualifier.value == "unknown":
        assert math.isnan(iv.low) and math.isnan(iv.high)
        return
    assert math.isfinite(iv.low) and 0 <= iv.low <= iv.high
    assert iv.low == int(iv.low)
    assert math.isfinite(iv.high) or iv.qualifier.value in {
        "at_least", "more_than", "several", "dozens", "scores", "hundreds", "many"}
    if math.isfinite(iv.number):
        assert iv.number <= 2**53


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=40))
def test_parser_never_crashes_on_arbitrary_text(text):
    try:
        iv = esc.parse_claim(text)
    except ClaimParseError:
        return
    _check_interval(iv)


PREFIXES = ["", "about ", "nearly ", "almost ", "under ", "fewer than ", "over ", "at least ",
            "up to ", "more than ", "between ", "tens of ", "~", "< ", "> "]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(PREFIXES),
       st.one_of(st.integers(min_value=-10, max_value=10**30).map(str),
                 st.text(alphabet="0123456789,.-e ", max_size=25),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr)),
       st.sampled_from(["", " to 12", " and 40", " thousand", "-7", " or so"]))
def test_parser_on_numbers_of_any_size_gives_an_interval_or_a_parse_error(prefix, number, tail):
    try:
        iv = esc.parse_claim(prefix + number + tail)
    except ClaimParseError:
        return
    _check_interval(iv)


UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@st.composite
def numbers_as_written(draw):
    n = draw(st.integers(min_value=1, max_value=99))
    as_words = draw(st.booleans())
    if not as_words:
        return n, str(n)
    if n < 10:
        return n, UNITS[n - 1]
    if n < 20:
        return n, ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                   "seventeen", "eighteen", "nineteen"][n - 10]
    tens, unit = divmod(n, 10)
    word = TENS[tens - 2] + ("" if unit == 0 else "-" + UNITS[unit - 1])
    return n, word


@settings(max_examples=200, deadline=None)
@given(numbers_as_written(), numbers_as_written(),
       st.sampled_from(["", "at least ", "more than ", "over ", "up to ", "as many as ",
                        "about ", "some ", "around ", "range"]))
def test_generated_well_formed_phrases_parse(first, second, prefix):
    (n, n_text), (m, m_text) = first, second
    if prefix == "range":
        if m <= n:
            return
        iv = esc.parse_claim(f"{n_text} to {m_text}")
        assert (iv.low, iv.high) == (n, m)
        return
    iv = esc.parse_claim(prefix + n_text)
    expected = {
        "": (n, n), "at least ": (n, INF), "more than ": (n + 1, INF), "over ": (n + 1, INF),
        "up to ": (0, n), "as many as ": (0, n),
        "about ": (math.floor(round(0.9 * n, 9)), math.ceil(round(1.1 * n, 9))),
    }
    expected["some "] = expected["around "] = expected["about "]
    assert (iv.low, iv.high) == expected[prefix]


def test_number_words():
    assert words_to_number("two thousand five hundred") == 2500
    assert words_to_number("a hundred") == 100
    with pytest.raises(ValueError):
        words_to_number("dozen dozen")


# -- as-of selection ------------------------------------------------------------------
def test_latest_claim_per_side_follows_order_within_the_day(claims):
    cur = esc.current_claims(claims, as_of="2026-02-27")
    at_050 = cur[(cur["event_id"] == "AFPK-050") & (cur["outcome"] == "killed")]
    ids = set(at_050["claim_id"])
    assert {"CL-078", "CL-087", "CL-075", "CL-082"} <= ids      # the day's last words
    assert not ids & {"CL-080", "CL-084", "CL-149"}             # revised the same day


def test_as_of_excludes_later_and_month_precision_claims(claims):
    cur = esc.current_claims(claims, as_of="2026-03-11")
    u03 = cur[(cur["event_id"] == "AFPK-U03") & (cur["claimant_key"] == "PAK")
              & (cur["outcome"] == "killed")]
    assert u03["claim_id"].tolist() == ["CL-117"]               # Tarar's 641 on 11 Mar
    early = esc.current_claims(claims, as_of="2026-03-10")
    assert "CL-117" not in set(early["claim_id"])
    # RTA's month-precision tally (CL-111) counts from 31 Mar
    assert "CL-111" not in set(early["claim_id"])
    assert "CL-111" in set(esc.current_claims(claims, as_of="2026-03-31")["claim_id"])


def test_history_keeps_superseded_claims_and_the_data_keeps_both(claims):
    hist = esc.current_claims(claims, history=True)
    assert {"CL-080", "CL-084", "CL-078", "CL-087"} <= set(hist["claim_id"])
    until = hist.set_index("claim_id")["current_until"]
    assert until["CL-084"] == pd.Timestamp("2026-02-27") and pd.isna(until["CL-087"])
    assert len(claims) == 202


# -- discrepancies ----------------------------------------------------------------------
#: DESIGN section 7's reference pairs, typed from its table.
REFERENCE = [
    # claim, reference, history, ratio, ratio_low, ratio_high, kind, comparable
    ("CL-082", "CL-075", False, 4.58, 4.58, 4.58, "point", True),
    # Data 1.1: ISPR's 274 is 'at least' as AP words it (CL-078), no longer 'about'
    ("CL-078", "CL-087", False, 21.08, 21.08, INF, "lower_bound", False),
    ("CL-080", "CL-084", True, 16.62, 0.0, 16.62, "upper_bound", True),
    # "more than 200" is at least 201: the stated ratio sits inside its bounds (201 / 9)
    ("CL-028", "CL-031", False, 22.33, 22.33, INF, "lower_bound", False),
    ("CL-029", "CL-026", False, 2.52, 2.52, 2.52, "point", True),
]


@pytest.mark.parametrize("a,b,history,ratio,low,high,kind,comparable", REFERENCE)
def test_reference_pairs(claims, a, b, history, ratio, low, high, kind, comparable):
    d = esc.discrepancies(claims, history=history)
    row = d[(d["claim_id_a"] == a) & (d["claim_id_b"] == b)]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["basis"] == "adversary_vs_admission"
    assert round(row["ratio"], 2) == ratio
    assert round(row["ratio_low"], 2) == low
    assert (round(row["ratio_high"], 2) if math.isfinite(high) else row["ratio_high"]) == high
    assert row["ratio_kind"] == kind
    assert bool(row["comparable"]) is comparable
    assert row["convention"] == "default"


def test_at_least_eight_pair_only_in_history(claims):
    now = esc.discrepancies(claims)
    assert not ((now["claim_id_a"] == "CL-078") & (now["claim_id_b"] == "CL-084")).any()


def test_claims_against_independent_figures(claims):
    d = esc.discrepancies(claims)
    row = d[(d["claim_id_a"] == "CL-090") & (d["claim_id_b"] == "CL-092")].iloc[0]
    assert row["basis"] == "claim_vs_independent"
    assert row["ratio"] == pytest.approx(26 / 6) and row["ratio_kind"] == "point"
    assert (d.loc[d["basis"] == "claim_vs_independent", "claimant_org_b"]
            .isin(["UNAMA", "UN"]).all())


SYNTHETIC_BASE = {"claimant": "", "claimant_org": "", "qualifier": "exact", "number_to": "",
                  "source_url": "https://x.example", "claim_date": "2026-01-01",
                  "outcome": "killed", "subject_category": "military"}


def synthetic_claims(rows):
    frame = pd.DataFrame([{**SYNTHETIC_BASE, **r} for r in rows]).astype(str)
    return esc.claims.table.validate_claims(frame)


def test_loader_derives_the_new_qualifiers_under_each_convention():
    rows = [
        {"claim_id": "n", "qualifier": "nearly", "number": "100"},
        {"claim_id": "f", "qualifier": "fewer_than", "number": "10"},
        {"claim_id": "t", "qualifier": "tens", "number": ""},
        {"claim_id": "k", "qualifier": "tens", "number": "1000"},
        {"claim_id": "d", "qualifier": "dozens", "number": ""},
    ]
    rows = [{"event_id": "E", "claimant_side": "AFG", "subject_state": "PAK", **r} for r in rows]
    default = synthetic_claims(rows).set_index("claim_id")
    expected = {"n": (90, 100), "f": (0, 9), "t": (20, 99), "k": (20000, 99999), "d": (24, INF)}
    assert {k: (default.loc[k, "low"], default.loc[k, "high"]) for k in expected} == expected
    frame = pd.DataFrame([{**SYNTHETIC_BASE, **r} for r in rows]).astype(str)
    acled = esc.claims.table.validate_claims(frame, convention="acled_conservative").set_index("claim_id")
    assert (acled.loc["t", "low"], acled.loc["k", "low"], acled.loc["d", "low"]) == (10, 10000, 12)
    assert set(acled["convention"]) == {"acled_conservative"}


def test_stored_intervals_are_rederived_under_the_convention_asked_for(claims):
    acled = esc.load_claims(convention="acled_conservative").set_index("claim_id")
    dozens = claims.loc[claims["qualifier"] == "dozens", "claim_id"]
    assert len(dozens) > 0
    for cid in dozens:  # the file stores the default [24, inf)
        assert (acled.loc[cid, "low"], acled.loc[cid, "convention"]) == (12, "acled_conservative")
    same = claims["qualifier"].isin(["exact", "at_least", "more_than", "range", "up_to"])
    pd.testing.assert_series_equal(acled.loc[claims.loc[same, "claim_id"], "low"].reset_index(drop=True),
                                   claims.loc[same, "low"].reset_index(drop=True), check_names=False)


def test_a_stored_interval_that_contradicts_its_qualifier_is_refused(tmp_path):
    from escalation.errors import IntervalError

    rows = [{"claim_id": f"c{i}", "event_id": "E", "claimant_side": "AFG", "subject_state": "PAK",
             "qualifier": "more_than", "number": "200", "low": low, "high": ""}
            for i, low in enumerate(["201", "200", "201", "150"])]
    path = tmp_path / "claims.csv"
    pd.DataFrame([{**SYNTHETIC_BASE, **r} for r in rows]).to_csv(path, index=False)
    with pytest.raises(IntervalError) as info:
        esc.load_claims(path)
    message = str(info.value)
    assert "claims.csv, rows 2, 4, column 'low'" in message
    assert "row 2: low '200', but more_than 200 gives [201, inf]" in message
    assert "row 4: low '150'" in message


def test_denial_is_its_own_category():
    cl = synthetic_claims([
        {"claim_id": "a", "event_id": "E", "claimant_side": "AFG", "subject_state": "PAK", "number": "40"},
        {"claim_id": "b", "event_id": "E", "claimant_side": "PAK", "subject_state": "PAK", "number": "0"},
    ])
    row = esc.discrepancies(cl).iloc[0]
    assert bool(row["denial"]) and row["ratio_kind"] == "undefined"
    assert math.isnan(row["ratio"]) and math.isnan(row["ratio_low"])


def test_ratio_kinds_from_interval_arithmetic():
    from escalation.claims import ratio_bounds

    out = ratio_bounds([10, 10, 0, 5], [10, INF, 30, 5], [2, 2, 3, 0], [2, 2, 3, INF],
                       [10, 10, 15, 5], [2, 2, 3, 0])
    # [0, 30] / 3 runs from 0 to 10: bounded above only
    assert out["ratio_kind"].tolist() == ["point", "lower_bound", "upper_bound", "undefined"]
    assert out["ratio_low"].tolist()[:3] == [5, 5, 0]
    assert out["ratio_high"].tolist()[:3] == [5, INF, 10]
    both_finite = ratio_bounds([20], [30], [4], [5], [25], [4])
    assert both_finite["ratio_kind"].item() == "interval"
    assert (both_finite["ratio_low"].item(), both_finite["ratio_high"].item()) == (4, 7.5)


# -- pooling ----------------------------------------------------------------------------
def test_pooling_the_bundled_pairs(claims):
    pooled = esc.pool_discrepancies(esc.discrepancies(claims)).set_index("claimant_side_a")
    afg = pooled.loc["AFG"]
    assert afg["n_events"] == 3 and afg["events"] == "AFPK-015;AFPK-021;AFPK-050"
    logs = np.log([19 / 1, 58 / 23, 55 / 12])
    assert afg["gm_ratio"] == pytest.approx(np.exp(logs.mean()))
    half = stats.t.ppf(0.975, 2) * logs.std(ddof=1) / np.sqrt(3)  # all three are points
    assert (afg["ci_low"], afg["ci_high"]) == (pytest.approx(np.exp(logs.mean() - half)),
                                               pytest.approx(np.exp(logs.mean() + half)))
    assert afg["ci_method"].startswith("Student t")
    # every Pakistani pair is left out, and the note says so instead of dropping the row
    pak = pooled.loc["PAK"]
    assert pak["n_events"] == 0 and np.isnan(pak["gm_ratio"])
    assert "not comparable" in pak["note"] and pak["n_left_out"] >= 1


def pooled_pairs(rng, n, open_share=0.0):
    rows = []
    for i in range(n):
        own = int(rng.integers(5, 30))
        claim = own * int(rng.integers(2, 6))
        stated = {"number": str(claim)}
        if rng.random() < open_share:
            stated = {"qualifier": "more_than", "number": str(claim)}
        rows += [
            {"claim_id": f"a{i}", "event_id": f"E{i:03d}", "claimant_side": "AFG",
             "subject_state": "PAK", **stated},
            {"claim_id": f"b{i}", "event_id": f"E{i:03d}", "claimant_side": "PAK",
             "subject_state": "PAK", "number": str(own)},
        ]
    return esc.discrepancies(synthetic_claims(rows))


def test_pooling_uses_t_below_twenty_events_and_bca_from_twenty():
    rng = np.random.default_rng(1)
    small = esc.pool_discrepancies(pooled_pairs(rng, 10)).iloc[0]
    assert small["ci_method"].startswith("Student t")
    big_d = pooled_pairs(rng, 25)
    first = esc.pool_discrepancies(big_d, n_resamples=999)
    pd.testing.assert_frame_equal(first, esc.pool_discrepancies(big_d, n_resamples=999))
    row = first.iloc[0]
    assert row["n_events"] == 25 and row["ci_method"].startswith("bootstrap BCa")
    assert row["ci_low"] < row["gm_ratio"] < row["ci_high"]
    assert row["gm_ratio"] == pytest.approx(np.exp(np.log(big_d["ratio"]).mean()))


def test_open_ended_ratios_are_bounds_never_averaged_as_exact():
    rng = np.random.default_rng(2)
    d = pooled_pairs(rng, 12, open_share=0.4)
    row = esc.pool_discrepancies(d).iloc[0]
    assert row["n_censored"] == int((d["ratio_kind"] == "lower_bound").sum()) > 0
    assert np.isnan(row["gm_ratio"]) and "censored" in row["note"]
    assert row["gm_ratio_high"] == INF and row["ci_high"] == INF
    assert row["gm_ratio_low"] == pytest.approx(np.exp(np.log(d["ratio_low"]).mean()))
    # every stated ratio sits inside its own bounds
    assert ((d["ratio"] >= d["ratio_low"]) & (d["ratio"] <= d["ratio_high"])).all()
    assert row["ci_low"] <= row["gm_ratio_low"]


def test_claim_widths_are_carried_into_the_pooled_bounds():
    rows = []
    for i, (claim, own) in enumerate([(100, 10), (60, 12), (80, 20)]):
        rows += [{"claim_id": f"a{i}", "event_id": f"E{i}", "claimant_side": "AFG",
                  "subject_state": "PAK", "qualifier": "about", "number": str(claim)},
                 {"claim_id": f"b{i}", "event_id": f"E{i}", "claimant_side": "PAK",
                  "subject_state": "PAK", "number": str(own)}]
    row = esc.pool_discrepancies(esc.discrepancies(synthetic_claims(rows))).iloc[0]
    lows = [90 / 10, 54 / 12, 72 / 20]
    highs = [110 / 10, 66 / 12, 88 / 20]
    assert row["gm_ratio_low"] == pytest.approx(np.exp(np.mean(np.log(lows))))
    assert row["gm_ratio_high"] == pytest.approx(np.exp(np.mean(np.log(highs))))
    assert row["gm_ratio_low"] < row["gm_ratio"] < row["gm_ratio_high"]


# -- claimed killed per period ----------------------------------------------------------
def test_running_totals_never_add_up(claims, events):
    k = esc.claimed_killed(claims, events, freq="W", as_of="2026-03-31")
    week = k[(k["period"] == "2026-02-23") & (k["claimant_side"] == "PAK")
             & (k["subject_state"] == "AFG")].iloc[0]
    # ISPR's "at least 274" (AP) replaced Tarar's 133 the same day; the umbrella's 297...641 stay out
    assert (week["claimed_killed_low"], week["claimed_killed_high"]) == (274, INF)
    assert week["n_claims"] == 1
    assert k["claimed_killed_low"].max() < 641


def test_per_period_sums_equal_an_independent_computation(claims, events):
    as_of = "2026-04-30"
    k = esc.claimed_killed(claims, events, freq="M", as_of=as_of)
    cur = esc.current_claims(claims, as_of)
    cur = cur[(cur["outcome"] == "killed") & ~cur["event_id"].str.contains("-U")]
    cur = cur.sort_values(["effective_date", "claim_seq", "claim_id"]).groupby(
        ["event_id", "claimant_side", "subject_state", "subject_group"]).tail(1)
    month = cur["event_id"].map(events.set_index("event_id")["date_start"]).dt.to_period("M")
    expected = (cur.assign(period=month.dt.start_time.astype("datetime64[ns]"))
                .groupby(["period", "claimant_side", "subject_state"])["low"].sum())
    got = k.set_index(["period", "claimant_side", "subject_state"])["claimed_killed_low"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    open_rows = k[np.isinf(k["claimed_killed_high"])]
    assert len(open_rows) > 0
