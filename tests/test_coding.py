"""Coding onto the ladder: precedence, derivation rules, user ladders, no row lost."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import escalation as esc
from escalation.coding import classify_statements, place_strikes

#: Statements not in data/, typed with the rung a careful coder would give them.
HELD_OUT_QUOTES = [
    ("Now it is open war between us", "open_war"),
    ("We hereby declare war on the Taliban regime", "open_war"),
    ("From today there is a state of war between our countries", "open_war"),
    ("If talks fail, only war will happen", "coercion"),
    ("If no agreement takes place, we have an open war with them", "coercion"),
    ("Any further aggression will be met with full force", "coercion"),
    ("We warn Islamabad of grave consequences", "coercion"),
    ("Should they attack again, it would be open war", "coercion"),
    ("We won't hesitate to strike the hideouts again", "coercion"),
    ("This is a blatant act of war", "rhetoric"),
    ("Kabul is exporting terrorism to Pakistan", "rhetoric"),
    ("They have declared war on our people", "rhetoric"),
    ("The allegations are baseless and false", "rhetoric"),
    ("Pakistan's war on our people is a crime", "rhetoric"),
    ("We do not want war with Pakistan", "talks"),
    ("We want to resolve this matter through dialogue", "talks"),
    ("Both sides agreed to exercise restraint and de-escalate", "talks"),
    ("We welcome the mediation of Qatar and Turkey", "talks"),
    ("This is not open war, it is a limited operation against terrorists", "rhetoric"),
    ("If they want a ceasefire, they must take verifiable steps", "rhetoric"),
]


@pytest.mark.parametrize("quote,rung", HELD_OUT_QUOTES)
def test_held_out_statements(quote, rung):
    assert classify_statements(pd.Series([quote])).item() == rung


def test_rules_against_the_curated_coding(events):
    table = esc.rule_agreement(events)
    disagreements = table.loc[~table["agree"], ["event_id", "curated", "derived"]]
    print(f"\nrule agreement: {table['agree'].sum()} of {len(table)} "
          f"({table['agree'].mean():.0%})\n{disagreements.to_string(index=False)}")
    # statements: judgement calls the overrides document (see data/events.csv rung_rationale);
    # strikes: places neither the tables, the coordinates nor the gazetteer resolve (a province
    # point, several sites), flagged unplaced and put on the lowest strike rung, never guessed;
    # Bagram (AFPK-062) is placed by its point (Data 1.1)
    assert disagreements.values.tolist() == [
        ["AFPK-041", "rhetoric", "open_war"],   # "We are in a state of war" (with militants)
        ["AFPK-058", "airstrike_interior", "airstrike_border"],  # "Laghman": the province only
        ["AFPK-060", "airstrike_interior", "airstrike_border"],  # "Eastern Afghanistan ..."
        ["INPK-013", "coercion", "rhetoric"],   # "Water and blood can't flow together"
    ]
    depth = table.set_index("event_id")["depth_source"].astype(str)
    assert depth[["AFPK-058", "AFPK-060"]].tolist() == ["unplaced"] * 2
    assert depth["AFPK-062"] == "coordinates"
    assert len(table) == 51  # 19 statements + 32 strikes re-derived (Data 1.1: AFPK-087, AFPK-088)


def strike(location, admin1, country, dyad="AFG-PAK", target=None):
    return {"location": location, "admin1": admin1, "country_where": country, "dyad": dyad,
            "target_state": target or country}


@pytest.mark.parametrize("row,placement", [
    (strike("Kabul (ammunition depot)", "Kabul", "AFG"), "capital"),
    (strike("a military centre in Islamabad", "Islamabad Capital Territory", "PAK"), "capital"),
    (strike("Kandahar", "Kandahar", "AFG"), "interior"),
    (strike("Spin Boldak", "Kandahar", "AFG"), "border"),
    (strike("Barmal district", "Paktika", "AFG"), "border"),
    (strike("Bagram Air Base", "Parwan", "AFG"), "unplaced"),  # no coordinates, no GeoNames town
    (strike("Nur Khan Airbase (Rawalpindi); corps HQ Quetta", "Punjab", "PAK"), "interior"),
    (strike("Abbottabad, Swabi, Nowshera", "Khyber Pakhtunkhwa", "PAK"), "interior"),
    (strike("Bajaur", "Khyber Pakhtunkhwa", "PAK"), "border"),
    (strike("Poonch, Rajouri", "Jammu and Kashmir", "IND", "IND-PAK"), "border"),
    (strike("Lahore, Karachi, Rawalpindi", "Punjab", "PAK", "IND-PAK"), "interior"),
    (strike("Afghan border posts", "", "AFG"), "border"),
])
def test_strikes_are_placed_by_depth(row, placement):
    placed = place_strikes(pd.DataFrame([row]))
    assert placed["placement"].item() == placement
    assert placed["depth_source"].item() == ("unplaced" if placement == "unplaced" else "table")


def test_curated_kind_and_override_win_over_derivation():
    ev = pd.DataFrame({
        "event_id": ["a", "b", "c", "d"],
        "actor_state": ["PAK"] * 4, "target_state": ["AFG"] * 4,
        "kind": ["airstrike_border", "airstrike", "rhetoric", "rhetoric"],
        "location": ["Kabul", "Kabul", "", ""], "admin1": ["Kabul", "Kabul", "", ""],
        "quote": ["", "", "Now it is open war between us", "Now it is open war between us"],
        "rung_override": ["", "", "", "coercion"],
    })
    coded = esc.code_events(ev)
    assert coded["rung"].astype(str).tolist() == [
        "airstrike_border", "airstrike_capital", "open_war", "coercion"]
    assert coded["rung_source"].tolist() == ["kind", "depth", "text", "override"]
    assert coded["level"].tolist() == [6, 8, 9, 2]
    assert coded["is_kinetic"].tolist() == [True, True, False, False]


def test_unknown_kinds_are_kept_and_counted():
    ev = pd.DataFrame({"event_id": list("abcd"), "actor_state": ["PAK"] * 4,
                       "target_state": ["AFG"] * 4,
                       "kind": ["shelling", "sabotage", "sabotage", ""]})
    coded = esc.code_events(ev)
    assert coded["event_id"].tolist() == list("abcd")
    summary = esc.coding_summary(coded)
    assert (summary.rows_in, summary.coded, summary.uncoded) == (4, 1, 3)
    assert summary.uncoded_by_kind == {"": 1, "sabotage": 2}
    assert summary.adds_up
    assert coded["level"].isna().tolist() == [False, True, True, True]


def test_code_events_does_not_touch_its_input(events):
    before = events.copy()
    esc.code_events(events)
    pd.testing.assert_frame_equal(events, before)


KINDS = ["shelling", "airstrike", "drone_attack", "rhetoric", "talks", "ceasefire",
         "militant_attack", "border_clash", "nonsense", "", "airstrike_capital"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.text(max_size=40),
                          st.sampled_from(["Kabul", "Kandahar", "Paktika", "", "Quetta"]),
                          st.booleans()),
                min_size=0, max_size=30))
def test_coding_never_loses_or_duplicates_a_row(rows):
    ev = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(len(rows))],
        "actor_state": ["PAK"] * len(rows), "target_state": ["AFG"] * len(rows),
        "kind": [r[0] for r in rows], "quote": [r[1] for r in rows],
        "location": [r[2] for r in rows], "admin1": [r[2] for r in rows],
        "is_umbrella": [r[3] for r in rows],
    })
    coded = esc.code_events(ev)
    assert coded["event_id"].tolist() == ev["event_id"].tolist()
    summary = esc.coding_summary(coded)
    assert summary.adds_up and summary.rows_in == len(rows)
    assert summary.aggregate == sum(r[3] for r in rows)


USER_LADDER = """
name = "three_step"
version = "0.1"

[[rungs]]
key = "verbal"
level = 0

[[rungs]]
key = "nonlethal"
level = 1

[[rungs]]
key = "fighting"
level = 2
is_kinetic = true

[[rungs]]
key = "context"
level = 2
is_dyadic = false

[kinds]
ceasefire = "verbal"
talks = "verbal"
mediation = "verbal"
rhetoric = "@text"
border_closure = "nonlethal"
border_standoff = "nonlethal"
treaty_suspension = "nonlethal"
exchange_of_fire = "fighting"
border_clash = "fighting"
shelling = "fighting"
cross_border_ground_attack = "fighting"
airstrike_border = "fighting"
airstrike_interior = "fighting"
airstrike_capital = "fighting"
drone_attack = "fighting"
militant_attack = "context"

[text]
open_war = "fighting"
coercion = "nonlethal"
rhetoric = "verbal"
talks = "verbal"
"""


def test_a_user_toml_ladder_codes_the_bundled_data(tmp_path, events):
    path = tmp_path / "three_step.toml"
    path.write_text(USER_LADDER)
    scale = esc.EscalationScale.from_toml(path)
    coded = esc.code_events(events, scale)
    summary = esc.coding_summary(coded)
    assert summary.uncoded == 0 and summary.adds_up
    rung = coded.set_index("event_id")["rung"].astype(str)
    # overrides written for the default ladder translate through the user's [text] table
    assert rung[["AFPK-054", "AFPK-055", "AFPK-059", "AFPK-051", "AFPK-031"]].tolist() == [
        "fighting", "nonlethal", "verbal", "fighting", "context"]
    assert coded.attrs["scale"] == "three_step"


def test_mid_hostility_ladder(events):
    mid = esc.EscalationScale.mid_hostility()
    assert [(r.key, r.level) for r in mid.rungs] == [
        ("no_militarized_action", 1), ("threat_to_use_force", 2), ("display_of_force", 3),
        ("use_of_force", 4), ("war", 5)]
    coded = esc.code_events(events, mid)
    summary = esc.coding_summary(coded)
    assert summary.uncoded == 0
    assert summary.out_of_scope == (events["kind"] == "militant_attack").sum()
    assert coded.set_index("event_id").loc["AFPK-054", "level"] == 4  # MID 18: a use of force
