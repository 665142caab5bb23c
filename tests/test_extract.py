"""extract_claims and extract_statements on hand-written sentences.

Expected values are written out by hand from the codebook (data/README.md: the interval
conventions, the sides, the categories), not computed by the package.  Sentences come from
several conflicts (Afghanistan–Pakistan, India–Pakistan, Russia–Ukraine, Israel–Lebanon,
Sudan, DR Congo, Ethiopia, Yemen) and were written for these tests.
"""

from __future__ import annotations

import csv
import math
from importlib import resources

import pandas as pd
import pytest

import escalation as esc
from escalation.errors import DataValidationError

INF = math.inf


def claims(text: str, **kw) -> pd.DataFrame:
    kw.setdefault("source_url", "https://example.org/article")
    kw.setdefault("published", "2026-03-01")
    return esc.extract_claims(text, **kw)


def one(text: str, **kw) -> pd.Series:
    cl = claims(text, **kw)
    assert len(cl) == 1, cl[["raw_phrase", "outcome", "number"]]
    return cl.iloc[0]


def facts(cl: pd.DataFrame, cols=("claimant_side", "subject_state", "subject_category",
                                  "outcome", "low", "high")) -> list[tuple]:
    return [tuple(r) for r in cl[list(cols)].itertuples(index=False)]


# -- numbers --------------------------------------------------------------------------
@pytest.mark.parametrize("text, low, high, qualifier", [
    ("The army said 12 soldiers were killed.", 12, 12, "exact"),
    ("The army said Forty-one soldiers were killed.", 41, 41, "exact"),
    ("The army said two hundred and twelve soldiers were killed.", 212, 212, "exact"),
    ("The army said 1,600 soldiers were killed.", 1600, 1600, "exact"),
    ("The army said a dozen soldiers were killed.", 12, 12, "exact"),
    ("The army said at least 47 soldiers were killed.", 47, INF, "at_least"),
    ("The army said no fewer than 30 soldiers were killed.", 30, INF, "at_least"),
    ("The army said more than 200 soldiers were killed.", 201, INF, "more_than"),
    ("The army said over 15 soldiers were killed.", 16, INF, "more_than"),
    ("The army said upwards of 40 soldiers were killed.", 41, INF, "more_than"),
    ("The army said up to 464 soldiers were killed.", 0, 464, "up_to"),
    ("The army said as many as 18 soldiers were killed.", 0, 18, "up_to"),
    ("The army said about 52 soldiers were killed.", 46, 58, "about"),
    ("The army said some 274 soldiers were killed.", 246, 302, "about"),
    ("The army said around 400 soldiers were killed.", 360, 440, "about"),
    ("The army said seven to eight soldiers were killed.", 7, 8, "range"),
    ("The army said between 10 and 20 soldiers were killed.", 10, 20, "range"),
    ("The army said 15-20 soldiers were killed.", 15, 20, "range"),
    ("The army said a few soldiers were killed.", 2, 9, "few"),
    ("The army said several soldiers were killed.", 3, INF, "several"),
    ("The army said dozens of soldiers were killed.", 24, INF, "dozens"),
    ("The army said scores of soldiers were killed.", 40, INF, "scores"),
    ("The army said hundreds of soldiers were killed.", 200, INF, "hundreds"),
    ("The army said many soldiers were killed.", 1, INF, "many"),
    ("The army said a large number of soldiers were killed.", 1, INF, "many"),
])
def test_numbers_and_qualifiers(text, low, high, qualifier):
    row = one(text)
    assert (row["low"], row["high"], row["qualifier"]) == (low, high, qualifier)
    assert row["raw_phrase"] == text[row["char_start"]:row["char_end"]]


@pytest.mark.parametrize("text, low, high, qualifier", [
    ("The army said nearly 50 soldiers were killed.", 45, 50, "nearly"),
    ("The army said almost 20 soldiers were killed.", 18, 20, "nearly"),
    ("The army said fewer than 10 soldiers were killed.", 0, 9, "fewer_than"),
    ("The army said tens of soldiers were killed.", 20, 99, "tens"),
    ("The UN said tens of thousands of people were killed.", 20000, 99999, "tens"),
    ("The army said just under 300 soldiers were killed.", 270, 300, "nearly"),
    ("The army said under 40 soldiers were killed.", 0, 39, "fewer_than"),
])
def test_new_qualifiers(text, low, high, qualifier):
    row = one(text)
    assert (row["low"], row["high"], row["qualifier"]) == (low, high, qualifier)


def test_convention_changes_vague_intervals():
    text = "The army said dozens of soldiers were killed."
    assert one(text, convention="acled_conservative")["low"] == 12
    assert one(text)["low"] == 24


# -- several outcomes and roles -------------------------------------------------------
def test_several_outcomes_in_one_sentence():
    cl = claims("Pakistan's military said 12 soldiers were killed, 27 were injured and one "
                "soldier was missing.")
    assert facts(cl, ("outcome", "low", "subject_category")) == [
        ("killed", 12, "military"), ("wounded", 27, "military"), ("missing", 1, "military")]


def test_active_and_passive_forms():
    cl = claims("The ministry of health in Kabul said the strikes killed 12 people and wounded 27, "
                "leaving four children dead and 15 others injured.")
    assert facts(cl, ("outcome", "low")) == [
        ("killed", 12), ("wounded", 27), ("killed", 4), ("wounded", 15)]


def test_list_with_one_verb_and_breakdown():
    cl = claims("Afghan authorities said 13 soldiers and 76 civilians have been killed.")
    assert facts(cl, ("subject_category", "outcome", "low")) == [
        ("military", "killed", 13), ("civilian", "killed", 76)]
    cl = claims("Anadolu said 89 people were killed, including 13 soldiers and five civilians.")
    assert facts(cl, ("subject_category", "outcome", "low")) == [
        ("civilian", "killed", 89), ("military", "killed", 13), ("civilian", "killed", 5)]


def test_tolls_and_nouns():
    cl = claims("Lebanon's health ministry said the death toll had risen to at least 32, "
                "with 456 injuries, and 12 bodies were recovered.")
    assert facts(cl, ("outcome", "low", "high")) == [
        ("killed", 32, INF), ("wounded", 456, 456), ("killed", 12, 12)]
    row = one("Officials in Islamabad said the number of injured stood at 162.")
    assert (row["outcome"], row["low"], row["claimant_side"]) == ("wounded", 162, "PAK")


def test_captured_and_missing():
    cl = claims("The Taliban spokesman said three Pakistani soldiers were captured and "
                "two remain missing.")
    assert facts(cl, ("subject_state", "outcome", "low")) == [
        ("PAK", "captured", 3), ("PAK", "missing", 2)]


def test_others_inherit_whose_people():
    cl = claims("Sudan's army said 40 RSF fighters were killed. Twenty others were wounded, it said.")
    assert facts(cl, ("claimant_side", "subject_category", "outcome", "low")) == [
        ("SDN", "militant", "killed", 40), ("SDN", "militant", "wounded", 20)]


@pytest.mark.parametrize("text, outcome, low, phrase", [
    # participles and phrases that carry the outcome (written for these tests)
    ("Afghan officials said the border clashes ended on Sunday, leaving 12 soldiers dead.",
     "killed", 12, "12 soldiers dead"),
    ("Police said the blast claimed the lives of 14 civilians.", "killed", 14,
     "claimed the lives of 14 civilians"),
    ("Israel's army said the ambush cost the lives of 3 soldiers.", "killed", 3,
     "cost the lives of 3 soldiers"),
    ("Pakistan's military said 12 soldiers were martyred.", "killed", 12,
     "12 soldiers were martyred"),
    ("Afghan officials said 40 people lost their lives.", "killed", 40, "40 people lost their lives"),
    ("Lebanon's health ministry said the death toll rose to 47.", "killed", 47,
     "death toll rose to 47"),
    ("Nigerian police said 14 villagers were gunned down.", "killed", 14,
     "14 villagers were gunned down"),
    ("The Indian army said 3 soldiers were among those killed.", "killed", 3,
     "3 soldiers were among those killed"),
    ("Sudanese officials said the number of those killed rose to 40.", "killed", 40,
     "number of those killed rose to 40"),
    ("Ukrainian officials said the bodies of 12 soldiers were returned.", "killed", 12,
     "bodies of 12 soldiers"),
    ("The Nigerian army said 30 schoolgirls were abducted.", "captured", 30,
     "30 schoolgirls were abducted"),
    ("Kyiv said 4 Russian soldiers were taken as prisoners of war.", "captured", 4,
     "4 Russian soldiers were taken as prisoners of war"),
    ("The Afghan army said the Taliban took 3 soldiers prisoner.", "captured", 3,
     "took 3 soldiers"),
    ("Afghan officials said 3 soldiers succumbed to injuries in hospital.", "killed", 3,
     "3 soldiers succumbed to injuries"),
])
def test_outcome_phrases(text, outcome, low, phrase):
    row = one(text)
    assert (row["outcome"], row["low"], row["raw_phrase"]) == (outcome, low, phrase)


def test_lost_and_losing_count_the_subjects_own_people():
    # the state before "lost" is whose people, not a state acting on the other side
    row = one("Pakistan lost 12 soldiers in the clashes, the Afghan defence ministry said.",
              states=["AFG", "PAK"])
    assert (row["claimant_side"], row["subject_state"], row["subject_category"], row["outcome"],
            row["low"], row["raw_phrase"]) == ("AFG", "PAK", "military", "killed", 12,
                                              "lost 12 soldiers")
    cl = claims("Pakistan's army said it lost 12 soldiers and two pilots.")
    assert facts(cl, ("claimant_side", "subject_state", "subject_category", "low")) == [
        ("PAK", "PAK", "military", 12), ("PAK", "PAK", "military", 2)]
    # a participle's subject leads its clause: Afghan fighters, not Pakistani ones
    row = one("Afghan forces attacked Pakistani posts on Sunday, losing 12 fighters, Kabul said.",
              states=["AFG", "PAK"])
    assert (row["claimant_side"], row["subject_state"], row["subject_category"], row["raw_phrase"]) \
        == ("AFG", "AFG", "military", "losing 12 fighters")


@pytest.mark.parametrize("text, low, phrase", [
    # ages are not counts: the count is the people's number
    ("Kyiv's mayor said 3 people, aged 12 to 70, were killed.", 3,
     "3 people, aged 12 to 70, were killed"),
    ("Police said two men aged 25 and 31 were killed.", 2, "two men aged 25 and 31 were killed"),
    ("Police said a 15-year-old boy was killed.", 1, "a 15-year-old boy was killed"),
])
def test_ages_are_not_casualty_figures(text, low, phrase):
    row = one(text)
    assert (row["low"], row["high"], row["raw_phrase"], row["subject_category"]) == (
        low, low, phrase, "civilian")


def test_phrases_end_at_the_noun():
    cl = claims("Afghan officials said the strike killed 5 soldiers and wounded 3 others.")
    assert cl["raw_phrase"].tolist() == ["killed 5 soldiers", "wounded 3 others"]
    # ", police said" starts a new clause: police are the speaker, not victims
    row = one("The blast claimed the lives of 14 civilians, police said.")
    assert (row["raw_phrase"], row["subject_category"], row["claimant"]) == (
        "claimed the lives of 14 civilians", "civilian", "police")


# -- attribution ----------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Ukraine's General Staff said 1,150 Russian troops were killed.",
    "1,150 Russian troops were killed, Ukraine's General Staff said.",
    "1,150 Russian troops were killed, said Ukraine's General Staff.",
    "According to Ukraine's General Staff, 1,150 Russian troops were killed.",
    "1,150 Russian troops were killed, according to Ukraine's General Staff.",
    "1,150 Russian troops, Ukraine's General Staff said, were killed.",
    "Kyiv said 1,150 Russian troops were killed.",
])
def test_attribution_in_any_position(text):
    row = one(text)
    assert (row["claimant_side"], row["subject_state"], row["subject_category"], row["low"]) == (
        "UKR", "RUS", "military", 1150)
    assert not row["needs_review"]


def test_attribution_by_pronoun_surname_and_short_reference():
    text = ("Pakistan's information minister Attaullah Tarar held a news conference on Friday. "
            "He said 133 Afghan Taliban fighters were killed. "
            "The fighting continued overnight near the border. "
            "Tarar added that more than 200 were injured. "
            "The information ministry later said two Pakistani soldiers died.")
    cl = claims(text, states=["AFG", "PAK"])
    assert facts(cl, ("claimant_side", "subject_state", "outcome", "low")) == [
        ("PAK", "AFG", "killed", 133), ("PAK", "AFG", "wounded", 201),
        ("PAK", "PAK", "killed", 2)]
    assert cl["claimant"].iloc[0].endswith("Attaullah Tarar")


def test_attribution_from_quotation():
    text = ('"We have lost 11 soldiers and 78 were wounded," the Pakistani army spokesman said.')
    cl = claims(text)
    assert facts(cl, ("claimant_side", "subject_state", "outcome", "low")) == [
        ("PAK", "PAK", "killed", 11), ("PAK", "PAK", "wounded", 78)]


@pytest.mark.parametrize("speaker, side, org", [
    ("ISPR", "PAK", "PAK-ISPR"),
    ("The IDF", "ISR", "ISR-IDF"),
    ("UNAMA", "THIRD", "UNAMA"),
    ("The Kremlin", "RUS", "RUS-KREMLIN"),
    ("Hezbollah", "NSA", "HEZBOLLAH"),
    ("The Rapid Support Forces", "NSA", "RSF"),
    ("M23 rebels", "NSA", "M23"),
    ("Doctors Without Borders", "THIRD", "MSF"),
    ("Ethiopia's defence ministry", "ETH", "ETH-MOD"),
    ("Colombian police", "COL", "COL-POLICE"),
    ("Yemen's Houthi-run health ministry", "NSA", "HOUTHIS"),
    ("Afghanistan's Taliban government spokesman Zabihullah Mujahid", "AFG", "AFG-TALIBAN"),
])
def test_claimant_side_from_tables(speaker, side, org):
    row = one(f"{speaker} said 14 people were killed.")
    assert (row["claimant_side"], row["claimant_org"]) == (side, org)


def test_side_from_the_state_named_in_context():
    row = one("In Kabul, the defence ministry said 13 soldiers were killed.")
    assert row["claimant_side"] == "AFG"
    assert "state named" in row["review_reason"]


def test_side_from_context_needs_one_state():
    row = one("Pakistan and Afghanistan traded fire. The defence ministry said 13 soldiers "
              "were killed.")
    assert row["claimant_side"] == "" and row["needs_review"]


def test_denial_is_not_the_speakers_claim():
    row = one("The army denied that 58 soldiers were killed.")
    assert row["needs_review"] and row["claimant_side"] == ""
    assert "denies" in row["review_reason"]


# -- whose people ---------------------------------------------------------------------
def _demonyms() -> list[tuple[str, str]]:
    text = resources.files("escalation").joinpath("text/tables/demonyms.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        for adj in filter(None, row["adjectives"].split(";")):
            out.append((row["iso3"], adj))
    return out


def test_demonym_table_covers_every_state():
    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    states = {r["iso3"] for r in csv.DictReader(text.splitlines())}
    table = resources.files("escalation").joinpath("text/tables/demonyms.csv").read_text("utf-8")
    rows = list(csv.DictReader(table.splitlines()))
    assert {r["iso3"] for r in rows} == states and len(rows) == len(states)
    # every sovereign UN member has a nationality word
    missing = [r["iso3"] for r in rows if not r["adjectives"]]
    assert set(missing) <= {"ATA", "ATF", "BVT", "HMD", "IOT", "SGS", "UMI", "COG", "DMA"}


@pytest.mark.parametrize("iso3, adjective", _demonyms())
def test_subject_state_from_every_nationality_word(iso3, adjective):
    row = one(f"The United Nations said 12 {adjective} soldiers were killed.")
    assert (row["subject_state"], row["subject_category"], row["claimant_side"]) == (
        iso3, "military", "THIRD")


def test_subject_state_from_place_possessive_and_agent():
    assert one("UNAMA said five civilians in Pakistan were killed.")["subject_state"] == "PAK"
    assert one("Pakistan's military said 23 of its soldiers were martyred.")["subject_state"] == "PAK"
    row = one("Afghan officials said Pakistani airstrikes killed 12 people.", states=["AFG", "PAK"])
    assert row["subject_state"] == "AFG"
    row = one("Israel's military said it killed 40 militants.", states=["ISR", "LBN"])
    assert (row["subject_state"], row["subject_category"]) == ("LBN", "militant")


@pytest.mark.parametrize("noun, category", [
    ("soldiers", "military"), ("troops", "military"), ("policemen", "military"),
    ("militants", "militant"), ("terrorists", "militant"), ("rebels", "militant"),
    ("civilians", "civilian"), ("children", "civilian"), ("people", "civilian"),
    ("Taliban fighters", "military"), ("Hezbollah fighters", "militant"),
    ("fighters", "militant"), ("soldiers and militants", "mixed"),
    ("Afghan Taliban regime operatives and terrorists", "mixed"),
])
def test_subject_category(noun, category):
    assert one(f"Officials in Islamabad said 20 {noun} were killed.")["subject_category"] == category


# -- never invents --------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The army said two drones were shot down and three houses were destroyed.",
    "The army said no one was killed in the 2025 clashes that lasted three days.",
    "Officials said there were no casualties on 12 October.",
    "The army said the strike killed or wounded 40 people.",
    "A 12-year-old boy said the school was closed.",
    "The spokesman said soldiers were killed in the attack.",
    "Not a single soldier was killed, the army said.",
    # "lost" and "losing" with anything but people, or with no outcome
    "Pakistan lost 3 aircraft and 2 posts, officials said.",
    "The army said it lost contact with 4 soldiers.",
    "The team lost 2 matches, police said.",
    "The army said it was losing 3 drones a day to jamming.",
    "The army executed 3 strikes on Sunday, officials said.",
    "Officials said 3,000 people were displaced and 12 houses were destroyed on 14 October.",
    "The 2 ministers lost their tempers, the officials said.",
    # weapons, displacement, units, equipment, buildings
    "Ukraine's air force said Russia fired 40 missiles and 120 drones overnight, and 1,200 "
    "people were displaced.",
    "Officials said the 93rd Brigade lost 3 tanks in 2 days.",
    "Russia's defence ministry said it had shot down 24 Ukrainian drones, killing no one.",
])
def test_no_claim_without_a_figure_tied_to_an_outcome(text):
    assert claims(text).empty


# -- review and the claims table ------------------------------------------------------
def test_unattributed_rows_need_review_and_fail_validation():
    cl = claims("Twelve soldiers were killed near the border on Sunday.")
    row = cl.iloc[0]
    assert row["needs_review"] and row["claimant_side"] == ""
    with pytest.raises(DataValidationError):
        esc.validate_claims(cl)


def test_attributed_rows_validate_and_feed_discrepancies():
    text = ("Pakistan's military said 23 soldiers were killed and 29 injured. "
            "The Taliban spokesman Zabihullah Mujahid said 58 Pakistani soldiers were killed.")
    cl = claims(text, event_id="AFPK-050", published="2025-10-12")
    assert not cl["needs_review"].any()
    valid = esc.validate_claims(cl)
    assert list(valid["claim_date"].dt.strftime("%Y-%m-%d").unique()) == ["2025-10-12"]
    d = esc.discrepancies(valid)
    pair = d[(d["claim_id_a"] == "AFPK-050-C03") & (d["claim_id_b"] == "AFPK-050-C01")]
    assert len(pair) == 1 and float(pair["ratio"].iloc[0]) == pytest.approx(58 / 23)


def test_spans_are_exact_and_ids_stable():
    text = ("At least 17 civilians were killed, UNAMA said on Friday. "
            "Lebanon's health ministry said 31 people were killed and 150 wounded.")
    cl = claims(text)
    for _, r in cl.iterrows():
        assert text[r["char_start"]:r["char_end"]] == r["raw_phrase"]
    again = claims(text)
    assert cl["claim_id"].tolist() == again["claim_id"].tolist()
    assert cl["event_id"].nunique() == 1 and cl["event_id"].iloc[0].startswith("ART-")
    assert set(cl.columns) >= set(esc.load_claims().columns) - {"convention"}


def test_bad_arguments():
    with pytest.raises(TypeError):
        esc.extract_claims(b"bytes")
    with pytest.raises(ValueError, match="published"):
        esc.extract_claims("x", published="yesterday-ish")
    with pytest.raises(ValueError, match="convention"):
        esc.extract_claims("x", convention="nope")
    assert esc.extract_claims("").empty and esc.extract_statements("").empty


# -- statements -----------------------------------------------------------------------
@pytest.mark.parametrize("text, side, rung", [
    ('"Now it is open war between us," Pakistan\'s defence minister said.', "PAK", "open_war"),
    ('Afghanistan\'s defence ministry said: "If they attack again, we will respond with full '
     'force."', "AFG", "coercion"),
    ('"We want to resolve this through dialogue," said India\'s foreign ministry spokesman.',
     "IND", "talks"),
    ('"This is a blatant violation of our sovereignty," the Kremlin said.', "RUS", "rhetoric"),
    ('"We will strike back at the enemy," a Hezbollah commander said.', "NSA", "coercion"),
])
def test_statements_rungs_and_speakers(text, side, rung):
    st = esc.extract_statements(text)
    assert len(st) == 1
    row = st.iloc[0]
    assert (row["speaker_side"], row["rung"]) == (side, rung)
    assert text[row["char_start"]:row["char_end"]] == row["quote"]


def test_statements_follow_pronouns_and_continuations_and_skip_non_officials():
    text = ('Ukraine\'s foreign minister spoke in Brussels on Monday. "We will not negotiate '
            'under fire," he said. "Peace requires a full ceasefire first." '
            '"I heard explosions all night," a resident said. "It was a terrible night."')
    st = esc.extract_statements(text)
    assert st["speaker_side"].tolist() == ["UKR", "UKR"]
    assert st["quote"].tolist() == ["We will not negotiate under fire",
                                    "Peace requires a full ceasefire first."]


@pytest.mark.parametrize("text, quote, side, rung", [
    # British style: single marks, the speaker before or after
    ("Pakistan's Defence Minister Khawaja Asif said: 'Now it is open war between us.'",
     "Now it is open war between us.", "PAK", "open_war"),
    ("'Now it is open war between us,' Pakistan's defence minister said.",
     "Now it is open war between us", "PAK", "open_war"),
    # curly marks, with the same mark as an apostrophe in the speaker's name
    ("‘We will respond with full force,’ Afghanistan’s defence ministry said.",
     "We will respond with full force", "AFG", "coercion"),
    ("“We want to resolve this through dialogue,” India’s foreign ministry spokesman said.",
     "We want to resolve this through dialogue", "IND", "talks"),
    # a quotation over a sentence break, the speaker after it
    ("'Our patience has run out. We will respond to every attack,' Pakistan's defence "
     "minister Khawaja Asif told reporters.",
     "Our patience has run out. We will respond to every attack", "PAK", "coercion"),
    # "..., said <name>, <office>"
    ("'Pakistan has violated our airspace,' said Zabihullah Mujahid, the Taliban spokesman.",
     "Pakistan has violated our airspace", "AFG", "rhetoric"),
    # a fragment inside the reported clause, and a characterisation
    ("Pakistan's defence minister said the country was now in 'open war' with Afghanistan.",
     "open war", "PAK", "open_war"),
    ("Iran's foreign ministry described the strikes as 'a flagrant violation of international law'.",
     "a flagrant violation of international law", "IRN", "rhetoric"),
])
def test_statements_in_single_and_curly_quotation_marks(text, quote, side, rung):
    st = esc.extract_statements(text)
    assert st[["quote", "speaker_side", "rung"]].values.tolist() == [[quote, side, rung]]
    row = st.iloc[0]
    assert text[row["char_start"]:row["char_end"]] == quote


@pytest.mark.parametrize("text, speaker", [
    # a name and its office, in either order, set off by commas
    ("Khawaja Asif, Pakistan's defence minister, said: 'Now it is open war.'",
     "Khawaja Asif, Pakistan's defence minister"),
    ("Pakistan's defence minister, Khawaja Asif, said: 'Now it is open war.'",
     "Pakistan's defence minister, Khawaja Asif"),
    ("'Now it is open war,' said Khawaja Asif, Pakistan's defence minister.",
     "Khawaja Asif, Pakistan's defence minister"),
    ("In Islamabad, Khawaja Asif, the Pakistani defence minister, said: 'Now it is open war.'",
     "Khawaja Asif, the Pakistani defence minister"),
])
def test_statement_speakers_with_appositives(text, speaker):
    st = esc.extract_statements(text)
    assert st[["speaker", "speaker_side"]].values.tolist() == [[speaker, "PAK"]]


def test_claims_the_noun_is_not_a_speech_verb():
    # "Pakistan's claims were ..." is a noun phrase; the spokesman said it
    text = ("Zabihullah Mujahid, the Taliban spokesman, said on Sunday that Pakistan's claims "
            "were 'baseless and false'.")
    st = esc.extract_statements(text)
    assert st[["speaker", "speaker_side", "quote"]].values.tolist() == [
        ["Zabihullah Mujahid, the Taliban spokesman", "AFG", "baseless and false"]]
    row = one("Kabul claims 12 Pakistani soldiers were killed.")
    assert (row["claimant"], row["claimant_side"]) == ("Kabul", "AFG")


@pytest.mark.parametrize("text, side", [
    ("Pakistan's foreign office spokesperson reiterated: 'Pakistan will defend its sovereignty.'",
     "PAK"),
    ("'We are ready for talks,' India's external affairs minister emphasised.", "IND"),
    ("Iran's foreign minister pointed out that 'the aggression was unprovoked'.", "IRN"),
])
def test_more_speech_verbs(text, side):
    assert esc.extract_statements(text)["speaker_side"].tolist() == [side]


def test_headline_speaker_before_a_colon():
    st = esc.extract_statements("Pakistan's Khawaja Asif: 'We are now in open war with Afghanistan'")
    assert st[["speaker", "speaker_side", "rung"]].values.tolist() == [
        ["Pakistan's Khawaja Asif", "PAK", "open_war"]]
    # a label before a colon is no speaker
    assert esc.extract_statements("Breaking news: 'We are now in open war with Afghanistan'").empty


@pytest.mark.parametrize("text, side", [
    ("ISLAMABAD (Reuters) — Defence Minister Khawaja Asif said: 'Now it is open war between us.'",
     "PAK"),
    ("NEW DELHI, May 9 (AFP) - 'We will respond firmly,' the defence minister said.", "IND"),
])
def test_side_from_the_dateline(text, side):
    st = esc.extract_statements(text)
    assert st[["speaker_side", "needs_review"]].values.tolist() == [[side, False]]
    row = one(text.split("—")[0].split(" - ")[0] + " — The army said 12 soldiers were killed.")
    assert (row["claimant_side"], row["subject_state"]) == (side, side)
    assert "state named" in row["review_reason"]


def test_statement_of_an_office_without_a_country_is_kept_for_review():
    st = esc.extract_statements("Defence Minister Khawaja Asif said: 'Now it is open war between us.'")
    assert st[["speaker", "speaker_side", "quote", "rung", "needs_review"]].values.tolist() == [
        ["Defence Minister Khawaja Asif", "", "Now it is open war between us.", "open_war", True]]


def test_statement_speakers_from_earlier_sentences():
    text = ("Pakistan's information minister Attaullah Tarar held a news conference in Islamabad. "
            "'The Afghan Taliban regime has crossed every red line,' the minister said. "
            "'We will respond with full force.' "
            "Afghanistan's Taliban government spokesman Zabihullah Mujahid rejected the claims. "
            "'These are baseless allegations,' Mujahid said on X. "
            "He said Pakistan had violated Afghan airspace again. 'This is an attack on our sovereignty.'")
    st = esc.extract_statements(text)
    assert st["speaker_side"].tolist() == ["PAK", "PAK", "AFG", "AFG"]
    assert st["quote"].tolist() == [
        "The Afghan Taliban regime has crossed every red line", "We will respond with full force.",
        "These are baseless allegations", "This is an attack on our sovereignty."]
    assert st["speaker"].iloc[2] == "Afghanistan's Taliban government spokesman Zabihullah Mujahid"


@pytest.mark.parametrize("text", [
    # apostrophes, not quotation marks
    "The rebels' commander said 12 soldiers were killed, and the soldiers' families said they "
    "hadn't been told.",
    "Officials' statements differ: the ministry's count is 12, the hospitals' count 15.",
    "In the '80s the mujahideen's leaders met; O'Brien said Sana'a's airport was hit.",
    # names, labels and designations in quotation marks
    "Pakistan's army said it had launched Operation 'Bunyan um Marsoos' against India.",
    "The US designated the group a 'foreign terrorist organization' on Friday, the State "
    "Department said.",
    # private persons, and a quotation nobody is named for
    "Villagers told AFP: 'We heard explosions all night.'",
    "'Now it is open war between us,' he said.",
    # a casualty figure is a claim, not a statement
    "'We have lost 11 soldiers and 78 were wounded,' the Pakistani army spokesman said.",
    "Pakistan's army said its forces killed 'dozens' of Taliban fighters.",
])
def test_no_statement_without_an_officials_quotation(text):
    assert esc.extract_statements(text).empty


def test_find_quotations_tells_quotation_marks_from_apostrophes():
    from escalation.text.quotes import find_quotations

    def quoted(t):
        return [t[a:b] for a, b in find_quotations(t)]

    assert quoted("The soldiers' families and Pakistan's army met in the '90s.") == []
    assert quoted("He called it 'a blatant act of war' and left.") == ["a blatant act of war"]
    assert quoted("'We will avenge our soldiers' deaths,' he said.") == [
        "We will avenge our soldiers' deaths,"]
    assert quoted("‘We are ready,’ he said. ‘Never again.’") == ["We are ready,", "Never again."]
    # nested: the inner quotation is part of the outer one
    assert quoted('"He told us \'go home\' twice," she said.') == ["He told us 'go home' twice,"]
    # a quotation running over two paragraphs, reopened in the second
    assert quoted("Asif said: 'We will fight.\n'We will win,' he said.") == [
        "We will fight.", "We will win,"]


def test_quoted_figure_in_single_marks_is_a_claim():
    row = one("Pakistan's army said its forces killed 'dozens' of Taliban fighters.")
    assert (row["qualifier"], row["subject_category"], row["outcome"]) == ("dozens", "military",
                                                                          "killed")
    row = one("Pakistan's army said it killed 70 'terrorists'.")
    assert (row["low"], row["subject_category"]) == (70, "militant")


def test_organisation_and_office_tables_are_well_formed():
    from escalation._schema import known_states
    from escalation.text.attribution import lexicon

    lex = lexicon()
    states = known_states()
    for org in lex.organisations.values():
        assert org.side in states or org.side in ("THIRD", "NSA"), org
        assert org.state == "" or org.state in states, org
        assert org.category in ("", "military", "militant", "civilian"), org
    assert {o.kind for o in lex.offices.values()} <= {"person", "body", "sources"}


def test_independent_bodies_named_after_a_state_are_third():
    row = one("The Syrian Observatory for Human Rights said 14 soldiers were killed.")
    assert row["claimant_side"] == "THIRD" and row["subject_state"] == "SYR"


def test_quoted_quantity_and_hospital_wording():
    row = one('Sudan\'s army said its forces killed "dozens" of RSF fighters.')
    assert (row["qualifier"], row["subject_state"], row["subject_category"]) == (
        "dozens", "SDN", "militant")
    row = one("Ukraine's emergency service said nine people were hospitalised with injuries.")
    assert (row["outcome"], row["low"], row["claimant_side"]) == ("wounded", 9, "UKR")


def test_militants_are_never_the_claimants_own_people():
    row = one("The Israeli military said it killed two operatives.")
    assert row["subject_category"] == "militant" and row["subject_state"] == ""
    assert row["needs_review"]


def test_unknown_sources_are_named_but_flagged():
    row = one("At least 40 people were killed, a local medical group said.")
    assert row["claimant"] == "a local medical group" and row["claimant_side"] == ""
    assert row["needs_review"]


ORDER_TEXT = (
    "Pakistan's information minister Attaullah Tarar spoke in Islamabad on Friday. "
    '"We have given a befitting reply," he said. "Our forces will respond to every attack." '
    "The army said 12 soldiers were killed. The Taliban spokesman Zabihullah Mujahid said 58 "
    "Pakistani soldiers were killed. Mujahid added that nine Afghan fighters died. "
    "The minister later said 133 Afghan Taliban fighters were killed. "
    '"They started this war," he said.')


def test_results_do_not_depend_on_what_was_read_first():
    from escalation.text import extract as X

    a_claims = esc.extract_claims(ORDER_TEXT)
    a_statements = esc.extract_statements(ORDER_TEXT)
    X._document.cache_clear()
    b_statements = esc.extract_statements(ORDER_TEXT)
    b_claims = esc.extract_claims(ORDER_TEXT)
    pd.testing.assert_frame_equal(a_claims, b_claims)
    pd.testing.assert_frame_equal(a_statements, b_statements)
    # "The army" is named by no state nearby: flagged, not guessed
    assert a_claims["claimant_side"].tolist() == ["", "AFG", "AFG", "PAK"]
    assert a_statements["speaker_side"].tolist() == ["PAK", "PAK", "PAK"]


def test_frames_are_the_same_without_pyarrow():
    from escalation.text import extract as X

    cl = esc.extract_claims(ORDER_TEXT)
    columns = {c: cl[c].tolist() for c in cl.columns}
    pd.testing.assert_frame_equal(X._frame(columns, X._CLAIM_DTYPES, arrow=False),
                                  X._frame(columns, X._CLAIM_DTYPES, arrow=True))


def test_text_whose_lower_case_changes_length():
    # "İ" lower-cases to two characters: offsets must still be exact
    text = "İstanbul: UNAMA said a soldier and 12 civilians were killed in Kabul."
    cl = claims(text)
    assert cl["low"].tolist() == [1, 12]
    for _, r in cl.iterrows():
        assert text[r["char_start"]:r["char_end"]] == r["raw_phrase"]
    from escalation.text.casualties import article_quantities

    assert [q.text for q in article_quantities(text, 0, len(text), [])] == ["a"]


@pytest.mark.parametrize("marks", [("'", "'"), ("‘", "’"), ("“", "”")])
def test_the_quotation_marks_do_not_change_what_is_read(marks):
    # the same article with its double marks replaced: the same statements and claims
    opening, closing = marks
    text, k = [], 0
    for part in ORDER_TEXT.split('"'):
        text.append(part)
        text.append(opening if k % 2 == 0 else closing)
        k += 1
    other = "".join(text[:-1])
    a = esc.extract_statements(ORDER_TEXT)
    b = esc.extract_statements(other)
    assert b[["speaker", "speaker_side", "quote", "rung"]].values.tolist() == \
        a[["speaker", "speaker_side", "quote", "rung"]].values.tolist()
    assert esc.extract_claims(other)[["claimant", "claimant_side", "raw_phrase"]].values.tolist() \
        == esc.extract_claims(ORDER_TEXT)[["claimant", "claimant_side", "raw_phrase"]].values.tolist()


BRITISH_TEXT = (
    "Pakistan declares 'open war' on Afghanistan after border clashes\n"
    "Islamabad, Feb 27 — Pakistan's defence minister Khawaja Asif said on Friday that the "
    "country was now in 'open war' with Afghanistan's Taliban government, hours after Pakistani "
    "jets struck targets in Kabul and Kandahar.\n"
    "'Our patience has run out. Now it is open war between us,' Asif wrote on X.\n"
    "The military's media wing, ISPR, said 12 soldiers were martyred and 27 injured in the "
    "fighting, while 'more than 130 Afghan Taliban and terrorists' were killed.\n"
    "Afghanistan's Taliban spokesman Zabihullah Mujahid rejected the figures. He said 58 "
    "Pakistani soldiers had been killed and 30 wounded, while the Taliban lost nine of their "
    "own fighters.\n"
    "'We do not want war, but we will defend our land,' Mujahid told reporters in Kabul.\n"
    "UN Secretary-General António Guterres urged both sides to exercise restraint. "
    "'Dialogue is the only way forward,' his spokesman said.\n")


def test_a_british_style_article():
    """An article written for this test in British style (single quotation marks), its
    expected rows written out before the extractor was run on it."""
    st = esc.extract_statements(BRITISH_TEXT, states=["AFG", "PAK"])
    assert st[["speaker_side", "quote"]].values.tolist() == [
        ["PAK", "open war"],                     # the headline: Pakistan declares 'open war'
        ["PAK", "open war"],                     # the fragment in Asif's reported words
        ["PAK", "Our patience has run out. Now it is open war between us"],
        ["AFG", "We do not want war, but we will defend our land"],
        ["THIRD", "Dialogue is the only way forward"],   # his (Guterres's) spokesman
    ]
    assert st["rung"].tolist()[:3] == ["open_war"] * 3
    cl = esc.extract_claims(BRITISH_TEXT, states=["AFG", "PAK"])
    assert facts(cl, ("claimant_side", "subject_state", "subject_category", "outcome", "low")) == [
        ("PAK", "PAK", "military", "killed", 12),
        ("PAK", "PAK", "military", "wounded", 27),
        # a quoted figure is a claim, not a statement: Afghan Taliban and terrorists
        ("PAK", "AFG", "mixed", "killed", 131),
        ("AFG", "PAK", "military", "killed", 58),
        ("AFG", "PAK", "military", "wounded", 30),
        ("AFG", "AFG", "military", "killed", 9),  # the Taliban lost their own fighters
    ]
    assert cl["claimant"].tolist()[:2] == ["ISPR", "ISPR"]


WIRE_TEXT = (
    "BANGKOK (AP) — Fighting between Thailand and Cambodia spread to new areas on Friday, with "
    "Thai officials saying at least 14 people, including a soldier, had been killed.\n"
    "“Cambodia must stop attacking our territory immediately,” Thai acting Prime Minister "
    "Phumtham Wechayachai told reporters in Bangkok. “If the situation escalates, it may develop "
    "into war.”\n"
    "Cambodia’s Defence Ministry spokeswoman Lt. Gen. Maly Socheata said Thai forces had fired "
    "first. “We were forced to respond in self-defence,” she said, adding that one Cambodian "
    "civilian was killed and five others were wounded.\n"
    "The Thai army said two F-16 jets struck Cambodian military targets, killing “several” "
    "soldiers.\n"
    "U.S. President Donald Trump said he had spoken to both leaders. “They have agreed to meet "
    "and quickly work out a ceasefire,” Trump wrote on social media.\n"
    "According to Thailand’s health ministry, 13 civilians and one soldier have died and 46 "
    "people were injured.\n")


def test_a_wire_style_article():
    """An article written for this test in wire style (curly double marks), its expected
    rows written out before the extractor was run on it."""
    st = esc.extract_statements(WIRE_TEXT, states=["THA", "KHM"])
    assert st[["speaker_side", "quote"]].values.tolist() == [
        ["THA", "Cambodia must stop attacking our territory immediately"],
        ["THA", "If the situation escalates, it may develop into war."],   # continues
        ["KHM", "We were forced to respond in self-defence"],              # she: Maly Socheata
        ["USA", "They have agreed to meet and quickly work out a ceasefire"],
    ]   # “several” is part of a casualty figure, not a statement
    cl = esc.extract_claims(WIRE_TEXT, states=["THA", "KHM"])
    assert facts(cl, ("claimant_side", "subject_state", "subject_category", "outcome", "low")) == [
        ("THA", "THA", "mixed", "killed", 14),       # people, including a soldier
        ("THA", "THA", "military", "killed", 1),
        ("KHM", "KHM", "civilian", "killed", 1),
        ("KHM", "KHM", "civilian", "wounded", 5),
        ("THA", "KHM", "military", "killed", 3),     # "several", struck by the Thai army
        ("THA", "THA", "civilian", "killed", 13),
        ("THA", "THA", "military", "killed", 1),
        ("THA", "THA", "civilian", "wounded", 46),
    ]


LEBANON_TEXT = (
    "BEIRUT — Israeli airstrikes on southern Lebanon killed at least 31 people on Saturday, "
    "Lebanon's health ministry said, while Hezbollah said it had fired dozens of rockets at "
    "northern Israel.\n"
    "The ministry said in a statement that 68 others were wounded, among them 12 children.\n"
    'The Israeli military said its jets had struck "terrorist infrastructure" and killed 15 '
    'Hezbollah operatives. "We will continue to act against any threat to the citizens of '
    'Israel," military spokesman Daniel Hagari told a news conference.\n'
    "Hezbollah mourned five of its fighters, who it said were \"martyred on the road to "
    "Jerusalem\".\n"
    'Lebanese Prime Minister Najib Mikati condemned what he called "a blatant aggression".\n'
    "Two Israeli soldiers were seriously wounded by an anti-tank missile, the army said.\n")


def test_pronouns_in_a_clause_and_short_references():
    """Written for this test: "who it said" points to the sentence's subject (Hezbollah),
    "the army" to the Israeli military named before, "what he called" to Mikati."""
    st = esc.extract_statements(LEBANON_TEXT, states=["ISR", "LBN"])
    assert st[["speaker_side", "quote"]].values.tolist() == [
        ["ISR", "terrorist infrastructure"],
        ["ISR", "We will continue to act against any threat to the citizens of Israel"],
        ["NSA", "martyred on the road to Jerusalem"],
        ["LBN", "a blatant aggression"],
    ]
    cl = esc.extract_claims(LEBANON_TEXT, states=["ISR", "LBN"])
    assert facts(cl, ("claimant_side", "subject_state", "subject_category", "outcome", "low")) == [
        ("LBN", "LBN", "civilian", "killed", 31),
        ("LBN", "LBN", "civilian", "wounded", 68),
        ("LBN", "LBN", "civilian", "wounded", 12),
        ("ISR", "LBN", "militant", "killed", 15),
        ("ISR", "ISR", "military", "wounded", 2),
    ]
