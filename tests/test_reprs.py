"""Text and HTML displays of the public types: complete, readable, and escaped."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import escalation as esc
from escalation.claims.intervals import Convention, interval_for
from escalation.importers import ImportReport
from escalation.scale import EscalationScale, Rung

HOSTILE = "<script>alert(1)</script>"


def _no_raw_markup(fragment: str) -> None:
    """The hostile text appears only escaped, never as a tag."""
    assert "<script>" not in fragment
    assert html.escape(HOSTILE) in fragment


def hostile_scale() -> EscalationScale:
    return EscalationScale(
        name=f"ladder {HOSTILE}",
        rungs=[Rung("talks", -1, "Talks"),
               Rung(HOSTILE, 2, f"name {HOSTILE}", description=f"about {HOSTILE}"),
               Rung("strike_border", 5, "Strike, border", is_kinetic=True),
               Rung("strike_capital", 7, "Strike, capital", is_kinetic=True),
               Rung("militants", 5, "Militants", is_kinetic=True, is_dyadic=False)],
        kind_map={"airstrike": "@depth", f"kind {HOSTILE}": HOSTILE},
        depth={"capital": "strike_capital", "interior": "strike_border", "border": "strike_border"},
        description=f"a ladder {HOSTILE}",
    )


# -- EscalationScale and Rung -----------------------------------------------------------
def test_scale_text_is_a_ladder_table_highest_rung_first():
    scale = esc.EscalationScale.default()
    lines = repr(scale).splitlines()
    assert lines[0] == f"EscalationScale 'default' v{scale.version}: {len(scale.rungs)} rungs"
    assert lines[1].split() == ["level", "rung", "name", "kinetic", "dyadic"]
    body = lines[2:2 + len(scale.rungs)]
    # one line per rung, in descending level order, each carrying its level and key
    assert [(int(b.split()[0]), b.split()[1]) for b in body] == \
        [(r.level, r.key) for r in reversed(scale.rungs)]
    kinetic = {b.split()[1]: "yes" in b.split()[2:] for b in body}
    assert kinetic == {r.key: r.is_kinetic for r in scale.rungs}
    context = [b.split()[1] for b in body if b.rstrip().endswith(" no")]
    assert context == [r.key for r in scale.rungs if not r.is_dyadic]
    n_mapped = sum(1 for k, v in scale.kind_map.items() if k != v)
    assert lines[-1].startswith(f"{n_mapped} kinds mapped")
    assert str(scale) == repr(scale)


def test_scale_html_lists_every_rung_and_its_kinds():
    scale = esc.EscalationScale.default()
    page = scale._repr_html_()
    rows = re.findall(r"<tr><td style='text-align:right'>(-?\d+)</td><td><code>([^<]+)</code>", page)
    assert [(int(a), b) for a, b in rows] == [(r.level, r.key) for r in reversed(scale.rungs)]
    # the kinds shown on the cross-border rung are exactly those mapped to it
    shelling_row = page.split("<code>cross_border_attack</code>")[1].split("</tr>")[0]
    mapped = sorted(k for k, v in scale.kind_map.items() if v == "cross_border_attack" and k != v)
    assert mapped and all(k in shelling_row for k in mapped)
    assert "@depth" in page and "airstrike" in page


def test_scale_displays_escape_names():
    scale = hostile_scale()
    _no_raw_markup(scale._repr_html_())
    assert HOSTILE in repr(scale)  # plain text shows the key as it is


def test_rung_text_and_html():
    rung = esc.EscalationScale.default()["airstrike_capital"]
    assert str(rung) == f"{rung.level} airstrike_capital: {rung.name}"
    assert "kinetic" in rung._repr_html_() and html.escape(rung.description) in rung._repr_html_()
    hostile = Rung(HOSTILE, 1, HOSTILE, description=HOSTILE)
    page = hostile._repr_html_()
    assert "<script>" not in page and page.count(html.escape(HOSTILE)) == 3


# -- ClaimInterval ----------------------------------------------------------------------
@pytest.mark.parametrize("phrase, text", [
    ("at least 274", "[274, ∞) (at least 274; default convention)"),
    ("about 274", "[246, 302] (about 274; default convention)"),
    ("12", "12 (exact 12; default convention)"),
    ("between 5 and 9", "[5, 9] (range 5 to 9; default convention)"),
    ("tens of thousands", "[20,000, 99,999] (tens of 1,000s; default convention)"),
])
def test_claim_interval_text(phrase, text):
    iv = esc.parse_claim(phrase)
    assert str(iv) == text
    # the text is built from the interval itself, not from the phrase
    m = re.match(r"\[([\d,]+), ([\d,]+|∞)[\])] ", text) or re.match(r"([\d,]+)() ", text)
    lo, hi = m.groups()
    assert float(lo.replace(",", "")) == iv.low
    assert (math.inf if hi == "∞" else float((hi or lo).replace(",", ""))) == iv.high


@pytest.mark.parametrize("phrase, text", [
    ("at least 274", "ClaimInterval(low=274, high=inf, qualifier='at_least', number=274)"),
    ("about 274", "ClaimInterval(low=246, high=302, qualifier='about', number=274)"),
    ("between 5 and 9", "ClaimInterval(low=5, high=9, qualifier='range', number=5, number_to=9)"),
    ("many", "ClaimInterval(low=1, high=inf, qualifier='many')"),
])
def test_claim_interval_repr_shows_the_fields_that_carry_something(phrase, text):
    assert repr(esc.parse_claim(phrase)) == text


def test_claim_interval_repr_names_a_convention_other_than_the_default():
    iv = interval_for("about", 100, convention="acled_conservative")
    assert repr(iv).endswith("convention='acled_conservative')")


def test_claim_interval_unknown_and_html_escaped():
    assert str(interval_for("unknown")) == "unknown (nothing stated)"
    conv = Convention(name=HOSTILE, about_fraction=0.1, nearly_fraction=0.1,
                      vague=dict(esc.claims.DEFAULT_CONVENTION.vague))
    iv = interval_for("about", 100, convention=conv)
    _no_raw_markup(iv._repr_html_())
    assert str(iv) == f"[90, 110] (about 100; {HOSTILE} convention)"


# -- ImportReport -----------------------------------------------------------------------
def test_import_report_text_has_no_empty_frame(tmp_path):
    report = ImportReport(source="x.csv", format="ACLED export", rows_read=3, coded=2,
                          out_of_scope=1, uncoded=0, rejected=0,
                          out_of_scope_reasons={"protests and riots": 1})
    text = repr(report)
    assert "DataFrame" not in text and "Columns" not in text
    assert text.splitlines() == ["x.csv (ACLED export): 3 rows read = 2 coded + 1 out of scope "
                                 "+ 0 uncoded + 0 rejected", "  out of scope: protests and riots: 1"]


def test_import_report_html_escaped_and_complete():
    rejections = pd.DataFrame({"row": [4, 9], "column": ["event_date", HOSTILE],
                               "reason": [f"not a date: {HOSTILE}", "bad"]})
    report = ImportReport(source=f"{HOSTILE}.csv", format="ACLED export", rows_read=10, coded=5,
                          out_of_scope=2, uncoded=1, rejected=2, rejections=rejections,
                          out_of_scope_reasons={HOSTILE: 2}, uncoded_reasons={"x": 1},
                          fatalities_unknown={"fatalities empty": 3})
    page = report._repr_html_()
    _no_raw_markup(page)
    for count in ("<td>coded</td><td>5</td>", "<td>rejected</td><td>2</td>",
                  "<td>rows read</td><td>10</td>", "<td>4</td><td>event_date</td>",
                  "<td>fatalities empty</td><td>3</td>"):
        assert count in page


def test_import_report_html_caps_long_rejection_lists():
    n = ImportReport.HTML_ROWS + 7
    rejections = pd.DataFrame({"row": range(1, n + 1), "column": "x", "reason": "bad"})
    report = ImportReport("f.csv", "GDELT 2.0", n, 0, 0, 0, n, rejections)
    page = report._repr_html_()
    assert page.count("<td>bad</td>") == ImportReport.HTML_ROWS
    assert "7 more in .rejections" in page


def test_import_report_from_a_reader_displays():
    events, report = esc.read_acled(Path(__file__).parent / "fixtures" / "acled_fixture.csv")
    assert report.adds_up
    assert repr(report) == str(report)
    assert f"{report.rows_read} rows read" in report._repr_html_()


# -- CodingSummary ----------------------------------------------------------------------
def test_coding_summary_text_is_its_repr():
    summary = esc.coding_summary(esc.code_events(esc.load_events()))
    assert repr(summary) == str(summary)
    assert repr(summary).startswith(f"Coding on ladder 'default': {summary.rows_in} rows in = "
                                    f"{summary.coded} coded")


def test_coding_summary_html_escaped():
    scale = hostile_scale()
    events = pd.DataFrame({
        "event_id": ["a", "b", "c"], "date_start": ["2025-07-24"] * 3,
        "actor_state": ["THA", "KHM", "THA"], "target_state": ["KHM", "THA", "KHM"],
        "kind": [f"kind {HOSTILE}", HOSTILE + " unknown", "airstrike"],
        "location": ["", "", f"nowhere {HOSTILE}"], "source_url": ["https://example.org"] * 3,
    })
    coded = esc.code_events(esc.validate_events(events), scale)
    summary = esc.coding_summary(coded)
    assert (summary.coded, summary.uncoded) == (2, 1)
    page = summary._repr_html_()
    _no_raw_markup(page)
    assert summary.unplaced_reasons  # the strike was unplaced, its reason shown escaped
    assert all(html.escape(k) in page for k in summary.unplaced_reasons)
