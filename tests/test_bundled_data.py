"""The bundled dataset: it loads, validates, codes completely, and keeps its sources."""

from __future__ import annotations

import json
import math

import pandas as pd

import escalation as esc

#: Typed by hand from the sources (timeline_notes.md), not from the CSV: every event whose
#: date_start falls between 21 Feb and 2 Mar 2026, and the rung it belongs on.
FEB_MAR_2026 = {
    "AFPK-048": "airstrike_border",     # 22 Feb: Pakistani strikes in Nangarhar and Paktika
    "AFPK-049": "coercion",             # 22 Feb: Kabul promises a "calculated response"
    "AFPK-050": "cross_border_attack",  # 26 Feb: Afghan attacks on 53 places across the border
    "AFPK-U03": "aggregate",            # umbrella row for Operation Ghazab lil-Haq totals
    "AFPK-051": "airstrike_capital",    # 27 Feb: Kabul
    "AFPK-052": "airstrike_interior",   # 27 Feb: Kandahar
    "AFPK-053": "airstrike_border",     # 27 Feb: Paktia
    "AFPK-054": "open_war",             # 27 Feb: Asif, "Now it is open war between us"
    "AFPK-055": "coercion",             # 27 Feb: "our hands can reach their necks"
    "AFPK-056": "airstrike_interior",   # 27 Feb: drones over Abbottabad, Swabi, Nowshera
    "AFPK-057": "airstrike_border",     # 27 Feb: Khost and Paktika (Barmal)
    "AFPK-058": "airstrike_interior",   # 27 Feb night: Laghman
    "AFPK-059": "talks",                # 27 Feb: "resolve this matter through dialogue"
    "AFPK-065": "cross_border_attack",  # late Feb - 5 Mar: Shorabak ground attack
    "AFPK-060": "airstrike_interior",   # 28 Feb: eastern military installations
    "AFPK-061": "cross_border_attack",  # 28 Feb: shelling at Kharlachi, Kurram
    "AFPK-062": "airstrike_interior",   # 1 Mar: Bagram
    "AFPK-063": "airstrike_interior",   # 1-3 Mar: Afghan drones on Rawalpindi and Quetta
    "AFPK-064": "border_clash",         # 2 Mar: northern Balochistan
}


def test_bundled_tables_have_the_documented_size(events, claims):
    assert len(events) == 102 and len(claims) == 190
    assert events["dyad"].value_counts().to_dict() == {"AFG-PAK": 87, "IND-PAK": 15}
    assert claims["claimant_side"].value_counts().to_dict() == {
        "PAK": 73, "AFG": 67, "THIRD": 41, "IND": 9}


def test_every_event_codes_and_the_summary_adds_up(coded):
    summary = esc.coding_summary(coded)
    assert summary.uncoded == 0 and summary.out_of_scope == 0
    assert summary.aggregate == 4
    assert summary.coded == 98
    assert summary.adds_up
    assert sum(summary.by_rung.values()) == summary.coded


def test_feb_mar_2026_rungs(coded):
    window = coded[(coded["date_start"] >= "2026-02-21") & (coded["date_start"] <= "2026-03-02")]
    got = dict(zip(window["event_id"], window["rung"].astype(str)))
    assert got == FEB_MAR_2026


def test_umbrella_rows_are_aggregate_and_never_levelled(coded):
    umbrella = coded[coded["event_id"].str.contains("-U")]
    assert umbrella["is_umbrella"].all()
    assert set(umbrella["rung"].astype(str)) == {"aggregate"}
    assert umbrella["level"].isna().all()
    assert not coded.loc[~coded["event_id"].str.contains("-U"), "is_umbrella"].any()


def test_the_four_other_rows_got_real_kinds(events):
    kinds = events.set_index("event_id")["kind"]
    assert kinds[["AFPK-001", "AFPK-067", "INPK-002", "INPK-014"]].tolist() == [
        "border_standoff", "militant_attack", "treaty_suspension", "rhetoric"]
    assert "other" not in set(events["kind"])


def test_every_rhetoric_row_has_a_curated_override_and_rationale(events):
    rhetoric = events[events["kind"] == "rhetoric"]
    assert len(rhetoric) == 18
    assert (rhetoric["rung_override"] != "").all()
    assert (rhetoric["rung_rationale"].str.len() > 20).all()


def test_disputed_attribution_and_state_columns(events):
    ev = events.set_index("event_id")
    assert ev.loc["AFPK-056", "attribution"] == "disputed"
    assert ev.loc["AFPK-071", "attribution"] == "alleged"
    # a strike on "TTP" hideouts in Afghanistan hits Afghan territory
    assert ev.loc["AFPK-048", ["actor", "target", "actor_state", "target_state"]].tolist() == [
        "PAK", "TTP", "PAK", "AFG"]
    assert ev.loc["AFPK-031", "is_state_action"] == False  # noqa: E712 (numpy bool)
    assert pd.isna(ev.loc["AFPK-031", "actor_state"])
    assert ev.loc["AFPK-026", "mutual"] and ev.loc["AFPK-033", "third_party"] == "QAT;TUR"


def test_resolved_and_widened_dates(events):
    ev = events.set_index("event_id")
    day = lambda s: pd.Timestamp(s)  # noqa: E731
    assert (ev.loc["AFPK-018", "date_precision"], ev.loc["AFPK-018", "date_start"]) == (
        "day", day("2025-10-09"))
    assert (ev.loc["INPK-002", "date_precision"], ev.loc["INPK-002", "date_start"]) == (
        "day", day("2025-04-23"))
    assert (ev.loc["AFPK-063", "date_start"], ev.loc["AFPK-063", "date_end"]) == (
        day("2026-03-01"), day("2026-03-03"))
    assert ev.loc["AFPK-066", "date_start"] == day("2026-03-05")  # corrected in the re-check


def test_every_row_carries_its_source_and_a_quality_flag(events, claims):
    for table in (events, claims):
        assert (table["source_url"].str.startswith("http")).all()
        assert (table["source_date"].str.match(r"^\d{4}-\d{2}(-\d{2})?$")).all()
        assert table["quality"].isin(["ok", "single_source", "unretrieved", "doubtful"]).all()
    assert (events["source_publisher"] != "").all() and (events["source_title"] != "").all()
    assert (claims["source_publisher"] != "").all() and (claims["source_title"] != "").all()
    # verification.md: the rows resting on pages that could not be retrieved
    unretrieved = set(claims.loc[claims["quality"] == "unretrieved", "claim_id"])
    assert unretrieved == {"CL-102", "CL-103", "CL-104", "CL-105", "CL-106", "CL-112",
                           "CL-181", "CL-182"}
    assert events.set_index("event_id").loc["AFPK-058", "quality"] == "unretrieved"


def test_claim_intervals_follow_the_default_convention(claims):
    cl = claims.set_index("claim_id")
    inf = math.inf
    # typed from DESIGN's conventions: more than N -> [N+1, inf); about N -> [floor .9N, ceil 1.1N]
    expected = {
        "CL-028": ("more_than", 201, inf),   # "more than 200 Afghan Taliban fighters"
        "CL-078": ("about", 246, 302),       # "some 274"
        "CL-084": ("at_least", 8, inf),      # "at least eight"
        "CL-102": ("up_to", 0, 464),         # "up to 464": was stored as exact
        "CL-021": ("range", 7, 8),           # "seven to eight": was stored as about
        "CL-134": ("up_to", 0, 18),          # "As many as 18"
        "CL-073": ("dozens", 24, inf),
        "CL-038": ("many", 1, inf),
        "CL-082": ("exact", 55, 55),
    }
    for cid, (q, low, high) in expected.items():
        assert (cl.loc[cid, "qualifier"], cl.loc[cid, "low"], cl.loc[cid, "high"]) == (q, low, high), cid
    unknown = cl.loc["CL-083"]
    assert unknown["qualifier"] == "unknown" and math.isnan(unknown["low"])


def test_claim_dates_and_order_within_the_day(claims):
    cl = claims.set_index("claim_id")
    # said on 27 Feb, after the defence ministry's "at least eight", though published 28 Feb
    assert cl.loc["CL-087", "claim_date"] == pd.Timestamp("2026-02-27")
    assert cl.loc["CL-087", "source_date"] == "2026-02-28"
    assert cl.loc["CL-087", "claim_seq"] > cl.loc["CL-084", "claim_seq"]
    assert cl.loc["CL-078", "claim_seq"] > cl.loc["CL-080", "claim_seq"]
    assert cl.loc["CL-078", "supersedes"] == "CL-080"
    assert cl.loc["CL-004", "claim_date_precision"] == "month"


def test_changes_file_records_every_curated_change():
    text = (esc.data_dir() / "CHANGES.md").read_text()
    for row in ["AFPK-001", "AFPK-067", "INPK-002", "INPK-014", "AFPK-056", "AFPK-018",
                "CL-102", "CL-021", "CL-087", "CL-070"]:
        assert f"| {row} |" in text, row


def test_datapackage_describes_every_column(events):
    pkg = json.loads((esc.data_dir() / "datapackage.json").read_text())
    resources = {r["name"]: r for r in pkg["resources"]}
    for name in ("events", "claims"):
        header = pd.read_csv(esc.data_dir() / resources[name]["path"], nrows=0).columns.tolist()
        assert [f["name"] for f in resources[name]["schema"]["fields"]] == header
    codebook = (esc.data_dir() / "README.md").read_text()
    for column in header + pd.read_csv(esc.data_dir() / "events.csv", nrows=0).columns.tolist():
        assert f"`{column}`" in codebook, column


def test_cite_lists_the_dataset_and_every_source(events, claims):
    bib = esc.cite()
    assert bib.startswith("@dataset{escalation_afpak_data,")
    assert "version = {1.0.0}" in bib
    urls = set(events["source_url"]) | set(claims["source_url"])
    assert bib.count("@misc{") == len(urls)
    assert all(u in bib for u in urls)
