"""The bundled dataset: it loads, validates, codes completely, and keeps its sources."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

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
    # 1.0.0 had 102 events and 190 claims; 1.1.0 adds 4 events and 12 claims (CHANGES.md)
    assert len(events) == 106 and len(claims) == 202
    assert events["dyad"].value_counts().to_dict() == {"AFG-PAK": 91, "IND-PAK": 15}
    assert claims["claimant_side"].value_counts().to_dict() == {
        "PAK": 81, "AFG": 70, "THIRD": 42, "IND": 9}


def test_every_event_codes_and_the_summary_adds_up(coded):
    summary = esc.coding_summary(coded)
    assert summary.uncoded == 0 and summary.out_of_scope == 0
    assert summary.aggregate == 4
    assert summary.coded == 102
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
    assert len(rhetoric) == 19
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
        "CL-078": ("at_least", 274, inf),    # AP: "killed at least 274" (was "some 274", about)
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
    assert "version = {1.1.0}" in bib
    from escalation.datasets import DATASET_VERSION, datapackage

    assert DATASET_VERSION == "1.1.0" == datapackage()["version"]
    urls = set(events["source_url"]) | set(claims["source_url"])
    assert bib.count("@misc{") == len(urls)
    assert all(u in bib for u in urls)


# -- Data 1.1 (issue 15): the re-check's corrections, June 2026, coordinates -------------
AP_27_FEB = ("https://viralpique.com/pakistani-defense-minister-says-his-country-is-in-open-war-"
             "with-afghanistan-after-recent-strikes")


def test_recheck_corrections(events, claims):
    ev, cl = events.set_index("event_id"), claims.set_index("claim_id")
    # Geo News interview: "on the eve of" the 6 Nov 2025 Istanbul round
    assert (ev.loc["AFPK-038", "date_start"], ev.loc["AFPK-038", "date_end"]) == (
        pd.Timestamp("2025-11-05"), pd.Timestamp("2025-11-05"))
    assert ev.loc["AFPK-038", "verification"] == "corrected"
    # ISPR as AP words it: "killed at least 274 ... and wounded more than 400"
    killed, wounded = cl.loc["CL-078"], cl.loc["CL-079"]
    assert (killed["qualifier"], killed["number"], killed["low"], killed["high"]) == (
        "at_least", 274, 274, math.inf)
    assert (wounded["qualifier"], wounded["number"], wounded["low"], wounded["high"]) == (
        "more_than", 400, 401, math.inf)
    assert killed["source_url"] == wounded["source_url"] == AP_27_FEB
    assert "at least 274" in killed["raw_phrase"] and "some 274" in killed["quality_note"]
    assert killed["verification"] == "corrected"
    # Mujahid: "the bodies of 23 of them taken to Afghanistan" (of the 55 of CL-082)
    bodies = cl.loc["CL-191"]
    assert (bodies["event_id"], bodies["claimant_side"], bodies["subject_state"],
            bodies["subject_category"], bodies["outcome"], bodies["qualifier"], bodies["number"]) == (
        "AFPK-050", "AFG", "PAK", "military", "missing", "exact", 23)
    assert cl.loc["CL-082", "number"] == 55 and "CL-082" in bodies["quality_note"]
    # ... so it pairs with ISPR's "one soldier was missing", never with the 55 killed
    d = esc.discrepancies(claims)
    pair = d[(d["claim_id_a"] == "CL-191")]
    assert pair["claim_id_b"].tolist() == ["CL-077"] and pair["ratio"].item() == 23
    # CL-160 stays on the night's Paktika strike, flagged; CL-105 unverifiable again
    assert (cl.loc["CL-160", "event_id"], cl.loc["CL-160", "quality"]) == ("AFPK-032", "doubtful")
    assert "North and South Waziristan" in cl.loc["CL-160", "quality_note"]
    assert (cl.loc["CL-105", "quality"], cl.loc["CL-105", "verification"]) == (
        "unretrieved", "unverifiable")
    text = (esc.data_dir() / "CHANGES.md").read_text()
    for row in ["AFPK-038", "CL-078", "CL-079", "CL-105", "CL-191", "CL-160"]:
        assert f"| {row} |" in text, row


def test_unama_series_after_the_recheck():
    unama = esc.plots.load_published("unama_civilian_casualties").set_index("period")
    first = unama.loc["Earlier Oct 2025 clashes (prelim., 16 Oct)"]
    assert first["source_url"].startswith("http://unama.unmissions.org/")
    assert (first["killed"], first["killed_qualifier"], first["injured"], first["injured_qualifier"]) == (
        1, "at_least", 15, "at_least")  # "at least 16 civilian casualties (one killed, 15 injured)"
    assert unama.loc["15 Oct 2025 (final, whole day)", "killed_qualifier"] == "at_least"  # "at least 35"
    march = unama.loc["26 Feb - ~13 Mar 2026"]  # "at least 75 killed, 193 injured since 26 Feb"
    assert (march["killed"], march["killed_qualifier"], march["injured"], march["injured_qualifier"]) == (
        75, "at_least", 193, "exact")
    assert (march["period_start"], march["period_end"]) == ("2026-02-26", "2026-03-13")
    assert unama.index[-1] == "26 Feb - ~13 Mar 2026"  # appended: earlier rows keep their order
    running = esc.plots.load_published("ghazab_running_claims")
    ispr = running[running["claimant"].str.contains("ISPR")].iloc[0]
    assert (ispr["killed"], ispr["killed_qualifier"], ispr["source_url"]) == (274, "at_least", AP_27_FEB)


def test_june_2026_rows_as_the_sources_give_them(events, claims):
    ev, cl = events.set_index("event_id"), claims.set_index("claim_id")
    day = pd.Timestamp
    karachi = ev.loc["AFPK-086"]
    assert (karachi["date_start"], karachi["kind"], karachi["country_where"]) == (
        day("2026-06-27"), "militant_attack", "PAK")
    assert pd.isna(karachi["actor_state"])
    protest = ev.loc["AFPK-087"]
    assert (protest["date_start"], protest["date_end"], protest["rung_override"]) == (
        day("2026-06-28"), day("2026-06-29"), "rhetoric")
    operation = ev.loc["AFPK-088"]
    assert (operation["date_start"], operation["actor_state"], operation["target_state"],
            operation["kind"], operation["quality"]) == (
        day("2026-06-28"), "PAK", "AFG", "airstrike_border", "single_source")
    assert "fewer than three weeks" in operation["summary"]  # AP's early-June round: noted, not an event
    # ISPR on Karachi: 3 Rangers killed, 4 wounded; 3 attackers killed, 1 captured
    expected = {
        "CL-195": ("AFPK-086", "PAK", "military", "killed", 3),
        "CL-196": ("AFPK-086", "PAK", "military", "wounded", 4),
        "CL-197": ("AFPK-086", "AFG", "militant", "killed", 3),
        "CL-198": ("AFPK-086", "AFG", "militant", "captured", 1),
        "CL-199": ("AFPK-088", "AFG", "militant", "killed", 29),   # Tarar on X
        "CL-200": ("AFPK-088", "AFG", "civilian", "killed", 36),   # Kabul, one translated copy
        "CL-201": ("AFPK-088", "AFG", "civilian", "wounded", 163),
    }
    for cid, row in expected.items():
        got = cl.loc[cid, ["event_id", "subject_state", "subject_category", "outcome", "number"]]
        assert tuple(got) == row, cid
    assert (cl.loc[["CL-200", "CL-201", "CL-202"], "quality"] == "doubtful").all()
    assert "one" in cl.loc["CL-200", "quality_note"] and "translated" in cl.loc["CL-200", "quality_note"]
    un = cl.loc["CL-202"]
    assert (un["claimant_side"], un["qualifier"], un["low"], un["high"]) == ("THIRD", "at_least", 28, math.inf)
    # Bannu, 9 May 2026: police "at least 15", the Foreign Office's 15 supersedes it
    assert (cl.loc["CL-192", "qualifier"], cl.loc["CL-192", "number"]) == ("at_least", 15)
    assert (cl.loc["CL-193", "number"], cl.loc["CL-193", "supersedes"]) == (15, "CL-192")
    # nothing between the Urumqi talks and 27 Jun except the Bannu attack: no invented event
    window = events[(events["date_start"] > "2026-04-08")]
    assert sorted(window["event_id"]) == ["AFPK-085", "AFPK-086", "AFPK-087", "AFPK-088"]


#: Rough bounding boxes (lat_min, lat_max, lon_min, lon_max), typed from atlas extents;
#: a proper point-in-polygon check belongs to the geo module.
BOXES = {
    "AFG": (29.3, 38.5, 60.4, 75.0), "PAK": (23.6, 37.1, 60.8, 77.9),
    "IND": (6.5, 35.7, 68.1, 97.4), "QAT": (24.4, 26.2, 50.7, 51.7),
    "TUR": (35.8, 42.2, 25.6, 44.9), "SAU": (16.3, 32.2, 34.5, 55.7),
    "CHN": (18.1, 53.6, 73.5, 134.8), "SGP": (1.1, 1.5, 103.6, 104.1),
}


def test_every_place_has_its_precision_and_points_lie_in_their_country(events):
    ev = events.set_index("event_id")
    has_point = ev["latitude"].notna()
    assert (has_point == ev["longitude"].notna()).all()
    # sites and towns always carry a point; several sites never do
    assert has_point[ev["geo_precision"].isin(["exact", "town"])].all()
    assert not has_point[ev["geo_precision"] == "multiple"].any()
    placed = ev["geo_precision"] != ""
    assert (ev.loc[placed, "geo_source"].str.len() > 10).all() and (ev.loc[~placed, "geo_source"] == "").all()
    for eid, r in ev[has_point].iterrows():
        lat0, lat1, lon0, lon1 = BOXES[r["country_where"]]
        assert lat0 <= r["latitude"] <= lat1 and lon0 <= r["longitude"] <= lon1, eid
    # umbrella and placeless rows stay empty
    empty = ["AFPK-U01", "AFPK-U02", "AFPK-U03", "INPK-U01", "AFPK-004", "AFPK-076", "AFPK-054"]
    assert (ev.loc[empty, "geo_precision"] == "").all() and not has_point[empty].any()
    # typed from the plan: what each point stands for
    precision = {"AFPK-019": "town", "AFPK-062": "exact", "AFPK-007": "exact", "AFPK-032": "district",
                 "AFPK-020": "province", "AFPK-048": "multiple", "AFPK-088": "multiple",
                 "AFPK-086": "town", "AFPK-014": "district"}
    assert ev.loc[list(precision), "geo_precision"].to_dict() == precision
    # Kabul (GeoNames 1138958) and Bagram airfield (cited page), to 0.01 degree
    assert tuple(ev.loc["AFPK-019", ["latitude", "longitude"]]) == pytest.approx((34.53, 69.17), abs=0.01)
    assert tuple(ev.loc["AFPK-062", ["latitude", "longitude"]]) == pytest.approx((34.95, 69.27), abs=0.01)
    # Barmal's district centre is in no gazetteer: a district without a point, not a guess
    assert ev.loc["AFPK-014", "geo_precision"] == "district" and not has_point["AFPK-014"]
    # a province's point is its capital, flagged as a province, never a town or a site
    assert "provincial capital" in ev.loc["AFPK-020", "geo_source"]
