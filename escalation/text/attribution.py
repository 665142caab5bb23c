"""Who said it: states, organisations, offices and speakers in news text.

Three tables beside this module (sources and licences in ``tables/README.md``):

- ``demonyms.csv``: every ISO 3166-1 state with its nationality words ("Afghan",
  "Pakistanis"), and its capitals, read as the government when they speak ("Kabul said");
- ``organisations.csv``: named bodies (UN agencies, NGOs, media, state bodies without a
  nationality word such as ISPR or the IDF, non-state armed groups) with their side:
  an ISO3 code, ``THIRD`` or ``NSA``;
- ``offices.csv``: state-agnostic offices ("information minister", "defence ministry",
  "security sources") that make a phrase a speaker, with a normalised code.

:class:`Speaker` is one resolved speaker.  :class:`SpeakerMemory` keeps the speakers of
an article in order, so that "he said", "the ministry said" or "Mujahid said" in a later
sentence resolve to the person or body named before.  The claimant's side comes, in
order, from a named organisation, a state word inside the speaker's phrase, an earlier
mention of the same speaker, or the state named just before it in context; otherwise it
stays empty and the row is flagged for review.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from .._schema import known_states

_TABLES = "text/tables"


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("escalation").joinpath(f"{_TABLES}/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _split(cell: str) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def _alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, longest first, written as a trie
    ("Pakistan|Pakistani|Pakistanis" -> "Pakistan(?:is?)?") so that a position that starts
    no word fails after one character instead of after a thousand alternatives."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in node.items() if ch != ""]
    if not branches:
        return ""
    # longer continuations first, so the longest word wins
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(sorted(branches, key=len, reverse=True)) + ")"
    return f"(?:{body})?" if ends else body


@dataclass(frozen=True)
class Organisation:
    """A named body from ``organisations.csv``.

    Attributes
    ----------
    alias : str
        The name as written in text (``"ISPR"``).
    org : str
        Its normalised code (``"PAK-ISPR"``).
    side : str
        ISO3, ``THIRD`` (UN, NGOs, media) or ``NSA`` (non-state armed groups).
    state : str
        The state it belongs to or reports on (UNAMA -> AFG), or empty.
    kind : str
        ``government``, ``military``, ``un``, ``ngo``, ``media``, ``armed_group``, ...
    category : str
        The subject category its people fall in (``military`` for an army), or empty.

    Examples
    --------
    >>> lexicon().organisations["ISPR"]
    Organisation(alias='ISPR', org='PAK-ISPR', side='PAK', state='PAK', kind='military', category='military')
    """

    alias: str
    org: str
    side: str
    state: str
    kind: str
    category: str


@dataclass(frozen=True)
class Office:
    """A state-agnostic office from ``offices.csv`` ("defence minister").

    Attributes
    ----------
    phrase : str
        The words, lower case.
    office : str
        Its normalised code (``"MOD"``), joined to the side: ``"PAK-MOD"``.
    kind : str
        ``person``, ``body`` or ``sources``.

    Examples
    --------
    >>> lexicon().offices["defence minister"]
    Office(phrase='defence minister', office='MOD', kind='person')
    """

    phrase: str
    office: str
    kind: str


@dataclass(frozen=True)
class Lexicon:
    """The compiled tables (built once, on first use): see :func:`lexicon`.

    Attributes
    ----------
    state_of : dict of str to str
        A state word as written (name, adjective, nationality noun, capital) -> ISO3.
    people_words : frozenset of str
        Plural nationality nouns ("Afghans"): people, not a government.
    capital_words : frozenset of str
        Capitals, read as the government when they speak ("Kabul said").
    organisations : dict of str to Organisation
        By alias.
    offices : dict of str to Office
        By lower-case phrase.
    named, office, office_lower : re.Pattern
        Organisations and state words (case-sensitive); offices (any case); offices in
        lower-cased text.

    Examples
    --------
    >>> lex = lexicon()
    >>> lex.state_of["Afghan"], "Afghans" in lex.people_words, "Kabul" in lex.capital_words
    ('AFG', True, True)
    """

    state_of: dict[str, str]           # a state word as written -> ISO3
    people_words: frozenset[str]       # plural nationality nouns ("Afghans")
    capital_words: frozenset[str]
    organisations: dict[str, Organisation]
    offices: dict[str, Office]
    named: re.Pattern[str]             # organisations and state words, case-sensitive
    office: re.Pattern[str]            # offices, case-insensitive
    office_lower: re.Pattern[str]      # the same, for lower-cased text


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The tables as a :class:`Lexicon` (cached).

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> lexicon() is lexicon()
    True
    """
    valid = known_states()
    state_of: dict[str, str] = {}
    people: set[str] = set()
    capitals: set[str] = set()
    for row in _read("demonyms.csv"):
        iso = row["iso3"]
        if iso not in valid:  # pragma: no cover - guarded by a test on the table
            raise ValueError(f"demonyms.csv: {iso!r} is not a known ISO3 code")
        for word in [row["name"], *_split(row["adjectives"])]:
            state_of.setdefault(word, iso)
        for word in _split(row["nouns"]):
            state_of.setdefault(word, iso)
            people.add(word)
        for word in _split(row["capitals"]):
            state_of.setdefault(word, iso)
            capitals.add(word)
    # the names ISO and the package's states table know ("Russian Federation", "Türkiye")
    states_text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    for row in csv.DictReader(states_text.splitlines()):
        for word in [row["name"], *_split(row["aliases"])]:
            if "(" not in word and "," not in word:
                state_of.setdefault(word, row["iso3"])
    orgs = {r["alias"]: Organisation(r["alias"], r["org"], r["side"], r["state"], r["kind"],
                                     r["category"]) for r in _read("organisations.csv")}
    offices = {r["phrase"].lower(): Office(r["phrase"].lower(), r["office"], r["kind"])
               for r in _read("offices.csv")}
    # "Houthi-run", "Iran-backed": a name may be glued to these words by a hyphen
    named = re.compile(r"(?<![\w-])(?:" + _alternation([*orgs, *state_of]) + r")"
                       r"(?![\w]|-(?!(?:run|led|controlled|administered|held|appointed|backed|"
                       r"aligned|allied|funded|based|supported|linked)\b))")
    office = re.compile(r"(?<![\w-])(?:" + _alternation(offices) + r")(?![\w-])", re.IGNORECASE)
    office_lower = re.compile(r"(?<![\w-])(?:" + _alternation(offices) + r")(?![\w-])")
    return Lexicon(state_of, frozenset(people), frozenset(capitals), orgs, offices, named, office,
                   office_lower)


@dataclass(frozen=True)
class Mention:
    """A state or organisation named in the text.

    Attributes
    ----------
    start, end : int
        Its span.
    text : str
        The words.
    state : str
        The ISO3 the words point to ("" for a stateless group).
    organisation : Organisation or None
        When the words name an organisation.

    Examples
    --------
    >>> find_mentions("Afghan forces said")[0]
    Mention(start=0, end=6, text='Afghan', state='AFG', organisation=None)
    """

    start: int
    end: int
    text: str
    state: str                 # ISO3 the words point to ("" for a stateless group)
    organisation: Organisation | None = None


def _scan(text: str) -> tuple[list[Mention], list[int]]:
    lex = lexicon()
    out = []
    for m in lex.named.finditer(text):
        word = m.group(0)
        org = lex.organisations.get(word)
        state = org.state if org is not None else lex.state_of[word]
        out.append(Mention(m.start(), m.end(), word, state, org))
    return out, [m.start for m in out]


@lru_cache(maxsize=8)
def _scanned(text: str) -> tuple[list[Mention], list[int]]:
    return _scan(text)


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """States (names, nationality words, capitals) and organisations in ``text[start:end]``.

    The text is scanned once (the last few texts are cached), so asking about many small
    spans of one article costs a binary search each.

    Parameters
    ----------
    text : str
        The whole text (offsets are absolute).
    start, end : int
        The span to look in (the whole text by default).

    Returns
    -------
    list of Mention
        Left to right; only mentions wholly inside the span.

    Examples
    --------
    >>> t = "Pakistan's defence minister said the Afghan Taliban attacked, according to ISPR."
    >>> [(m.text, m.state) for m in find_mentions(t)]
    [('Pakistan', 'PAK'), ('Afghan', 'AFG'), ('Taliban', 'AFG'), ('ISPR', 'PAK')]
    """
    mentions, starts = _scanned(text) if len(text) > 200 else _scan(text)
    end = len(text) if end is None else end
    i = bisect_left(starts, start)
    out = []
    while i < len(mentions) and mentions[i].start < end:
        if mentions[i].end <= end:
            out.append(mentions[i])
        i += 1
    return out


# -- speakers ------------------------------------------------------------------------
#: Verbs and phrases that attribute what follows (or precedes) to a speaker.
SAY = (r"said|says|say|saying|told|tells|stated|states|claimed|claims|claiming|added|adds|"
       r"announced|announces|reported|reports|confirmed|confirms|tweeted|wrote|writes|posted|"
       r"noted|notes|explained|insisted|alleged|alleges|maintained|asserted|declared|declares|"
       r"estimated|estimates|counted|recorded|documented|verified|revealed|disclosed|"
       r"acknowledged|admitted|warned|warns|vowed|urged|stressed|put\s+the\s+(?:death\s+)?toll\s+at|"
       r"reiterated|reiterates|emphasi[sz]ed|emphasi[sz]es|remarked|underlined|underscored|"
       r"highlighted|affirmed|reaffirmed|cautioned|retorted|argued|asked|"
       r"pointed\s+out")
DENY = r"denied|denies|rejected|rejects|dismissed|dismisses|refuted|refutes"
#: The cue words alone, lower case: searched in the lower-cased text (case-insensitive
#: patterns are about twice as slow in Python's re).
CUE_WORDS = re.compile(r"\b(?:" + _alternation(
    [w for w in (SAY + "|" + DENY).split("|") if "\\" not in w and "[" not in w]
    + ["emphasised", "emphasized", "emphasises", "emphasizes"]) + r"|according|put|pointed)\b")
CUE = re.compile(rf"\b(?:(?P<say>{SAY})|(?P<deny>{DENY})|(?P<according>according\s+to))\b",
                 re.IGNORECASE)


def find_cues(text: str, start: int, end: int, candidates: Iterable[int] | None = None):
    """Speech cues in ``text[start:end]``: where the cue words are (``candidates``, or a
    scan of the lower-cased span), then the full pattern there.

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The span (a sentence).
    candidates : iterable of int, optional
        Positions where cue words start, when the caller found them already.

    Yields
    ------
    re.Match
        One per cue, with group ``say``, ``deny`` or ``according`` set.

    Examples
    --------
    >>> t = "The minister said 12 died, according to ISPR."
    >>> [(m.group(0), m.lastgroup) for m in find_cues(t, 0, len(t))]
    [('said', 'say'), ('according to', 'according')]
    """
    if candidates is None:
        low = text[start:end].lower()
        candidates = [start + m.start() for m in CUE_WORDS.finditer(low)] \
            if len(low) == end - start else [m.start() for m in CUE.finditer(text, start, end)]
    for pos in candidates:
        full = CUE.match(text, pos, end)
        if full:
            yield full
PRONOUNS = {"he": "person", "she": "person", "it": "body", "they": "any", "we": "self",
            "i": "self"}
#: Capitalised words that start sentences and clauses, not names.
_NOT_NAMES = {"in", "on", "at", "from", "after", "before", "during", "meanwhile", "earlier",
              "later", "separately", "however", "also", "but", "and", "the", "a", "an", "this",
              "that", "it", "he", "she", "they", "we", "i", "as", "while", "when", "since",
              "on", "by", "with", "for", "of", "to", "yesterday", "today", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday"}
_TITLES = {"lt", "lt.", "gen", "gen.", "general", "maj", "maj.", "col", "col.", "capt", "capt.",
           "brig", "brig.", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sen", "sen.",
           "lieutenant", "colonel", "major", "brigadier", "mullah", "maulvi", "maulana",
           "sheikh", "adm", "adm.", "admiral", "sgt", "sgt.", "prof", "prof.", "gov", "gov."}
#: Lower-case words that may sit inside a speaker's phrase ("the acting deputy
#: spokesman of the Islamic Emirate").
_NP_LOWER = {
    "the", "a", "an", "of", "for", "and", "on", "in", "to", "at", "de", "al", "bin", "ul",
    "e", "i", "el", "van", "von", "deputy", "acting", "senior", "top", "chief", "local",
    "provincial", "district", "federal", "national", "regional", "interim", "former", "official",
    "government", "government's", "security", "military", "army", "police", "health",
    "information", "interior", "defence", "defense", "foreign", "border", "public", "state",
    "hospital", "medical", "unnamed", "anonymous", "two", "three", "several", "other",
    "country's", "its", "his", "her", "their", "press", "media", "affairs", "relations",
    "internal", "main", "head", "run", "led", "backed", "de-facto", "de", "facto", "caretaker",
    "taliban-run", "spokesman", "spokeswoman", "spokesperson", "minister", "ministry",
    "officials", "official", "sources", "source", "authorities", "office", "director",
    "commander", "governor", "mayor", "envoy", "ambassador", "agency", "department", "mission",
    "wing", "staff", "general", "joint", "forces", "armed", "force", "air", "navy", "council",
    "committee", "administration", "cabinet", "president", "prime", "premier", "superintendent",
    "spokesmen", "representatives", "representative", "secretary", "secretary-general",
    "humanitarian", "human", "rights", "refugee", "children's", "coordinator", "chief's",
    "broadcaster", "television", "tv", "news", "tally", "count", "statement", "doctor",
    "doctors", "surgeon", "officer", "officers", "leader", "leaders", "monitor", "monitors",
    "group", "observers", "team", "people's", "corps", "public-relations", "relations", "wing's",
    "monitoring", "peacekeeping", "observer", "observation", "assistance", "special",
    "political", "rights", "aid", "relief", "humanitarian", "investigative", "independent",
    "disaster", "management", "emergency", "rescue", "civil", "defence's", "spokesperson's",
    "officials'", "ministry's", "military's", "army's", "police's", "ministry’s", "military’s",
}
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Words between a speaker and the verb ("the ministry on Sunday said", "he also told").
_SKIP_BEFORE_CUE = tuple(sorted(
    {"also", "later", "earlier", "separately", "previously", "has", "have", "had", "would",
     "then", "reportedly", "however", "meanwhile", "further", "subsequently", "yesterday",
     "today", "tonight", "last night", "first", "in a statement", "in a post on x",
     "in a post", "on x", "on social media", "in a televised address", "at a news conference",
     "at a press conference", *[f"{w} {d}" for d in _DAYS for w in ("on", "late on", "early on")]},
    key=len, reverse=True))


_SKIP_LAST_WORDS = frozenset(p.split()[-1] for p in _SKIP_BEFORE_CUE)


def _strip_skips(window: str) -> str:
    """``window`` without the adverbs and time phrases that end it."""
    while True:
        trimmed = window.rstrip(" ,\t\n")
        last = trimmed[trimmed.rfind(" ") + 1:].lower()
        if last not in _SKIP_LAST_WORDS:
            return window
        low = trimmed.lower()
        for phrase in _SKIP_BEFORE_CUE:
            if low.endswith(phrase) and (len(low) == len(phrase) or not low[-len(phrase) - 1].isalnum()):
                window = trimmed[:-len(phrase)]
                break
        else:
            return window
_PARENTHETICAL_BEFORE_CUE = re.compile(
    r",\s*(?:who|which|speaking|citing|quoted|in\s+a|on\s+condition|requesting|asking)\b[^,;:“”\"]{0,120},\s*$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ\u0100-\u024f][\w'’.\-]*|\d+|[,;:()“”\"«»]|\S")
_INNER_DOT = re.compile(r"\.\w")
_NAME_TOKEN = re.compile(r"[A-ZÀ-Þ][\w'’\-]*\.?$")


@dataclass(frozen=True)
class Speaker:
    """A speaker as written, and what the tables and context say about it.

    Attributes
    ----------
    text : str
        The phrase as written.
    start, end : int
        Its span.
    side : str
        ISO3, ``THIRD``, ``NSA``, or empty while unresolved.
    org : str
        Normalised organisation (``"PAK-ISPR"``, ``"UNAMA"``, ``"AFG-MOD"``).
    group : str
        The armed group, for side ``NSA``.
    state : str
        The state an organisation is about (UNAMA -> AFG).
    kind : str
        ``person``, ``body`` or ``sources``.
    office : str
        The office's code (``"MOD"``), or empty.
    names : tuple of str
        Personal names in the phrase ("Mujahid"), for later short references.
    how : str
        How the side was found: ``organisation``, ``state``, ``memory``, ``pronoun``,
        ``context`` or ``unresolved``.

    Examples
    --------
    >>> t = "Pakistan's defence minister said"
    >>> sp = describe(t, 0, 27)
    >>> sp.side, sp.org, sp.kind, sp.how, sp.resolved
    ('PAK', 'PAK-MOD', 'person', 'state', True)
    """

    text: str
    start: int
    end: int
    side: str = ""            # ISO3, THIRD, NSA or "" (unresolved)
    org: str = ""             # normalised organisation ("PAK-ISPR", "UNAMA", "AFG-MOD")
    group: str = ""           # the armed group, for side NSA
    state: str = ""           # the state an organisation is about (UNAMA -> AFG)
    kind: str = "body"        # person, body, sources
    office: str = ""
    names: tuple[str, ...] = ()
    how: str = ""             # organisation, state, memory, pronoun, context, unresolved

    @property
    def resolved(self) -> bool:
        """True once the speaker's side is known."""
        return bool(self.side)


def _org_code(side: str, office: str) -> str:
    return f"{side}-{office}" if side and office else (office or side)


_RUN_BY = re.compile(r"-(?:run|controlled|led|administered|held|appointed)\b", re.IGNORECASE)
_BACKED = re.compile(r"-(?:backed|aligned|allied|funded|based|supported|linked)\b", re.IGNORECASE)
_RELAYED = re.compile(r"\b(?:to|via|told|by|through|quoting|quoted\s+by|cited\s+by)\s+(?:the\s+)?$",
                     re.IGNORECASE)


def describe(text: str, start: int, end: int, *, pronoun: str | None = None) -> Speaker:
    """Read a speaker phrase ``text[start:end]`` into a :class:`Speaker` (not yet resolved
    against memory or context).

    The side comes from a named organisation, else from a state word in the phrase
    (not one it relays: "told Pakistani media"); "Houthi-run ministry" takes the ruling
    group's side.

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The phrase's span (from :func:`left_phrase` or :func:`right_phrase`).
    pronoun : str, optional
        The phrase is this pronoun ("he", "they"): only its kind is recorded.

    Returns
    -------
    Speaker

    Examples
    --------
    >>> t = "The war was over, according to ISPR."
    >>> sp = describe(t, 31, 35)
    >>> sp.side, sp.org, sp.office, sp.how
    ('PAK', 'PAK-ISPR', 'MILITARY', 'organisation')
    """
    phrase = text[start:end]
    if pronoun is not None:
        return Speaker(phrase, start, end, kind=PRONOUNS[pronoun], how="pronoun")
    lex = lexicon()
    mentions = find_mentions(text, start, end)
    low_phrase = phrase.lower()
    if len(low_phrase) == len(phrase):  # lower-casing kept the offsets: search it as is
        offices = [(start + o.start(), start + o.end(), o.group(0))
                   for o in lex.office_lower.finditer(low_phrase)]
    else:
        offices = [(o.start(), o.end(), o.group(0).lower()) for o in lex.office.finditer(text, start, end)]
    office = lex.offices[offices[-1][2]] if offices else None
    covered = [(m.start, m.end) for m in mentions] + [(a, b) for a, b, _ in offices]
    names = []
    for t in _TOKEN.finditer(text, start, end):
        word = t.group(0)
        if not _NAME_TOKEN.match(word):
            continue
        low = word.lower()
        if low in _TITLES or low in _NP_LOWER or low in _NOT_NAMES or \
                any(a <= t.start() < b for a, b in covered):
            continue
        names.append(word.rstrip(".").replace("’s", "").replace("'s", ""))
    names = tuple(names)
    kind = office.kind if office else ("person" if names else "body")
    # the speaker is the first body or state named, not a medium it spoke through
    # ("Spin Boldak officials told AFP", "sources quoted by Xinhua")
    own = [m for m in mentions if not _RELAYED.search(text, max(start, m.start - 12), m.start)
           and not _BACKED.match(text, m.end)]
    ruling = [m for m in own if _RUN_BY.match(text, m.end)]  # "Houthi-run ministry"
    first = ruling[0] if ruling else (own[0] if own else None)
    office_code = office.office if office else ""
    if first is not None and first.organisation is not None:
        org = first.organisation
        side = org.side
        code = org.org
        if org.kind == "government" and office is not None and side not in ("THIRD", "NSA"):
            code = _org_code(side, office_code)  # "Taliban spokesman" -> AFG-SPOKESPERSON
        state_words = [m.state for m in own if m.organisation is None]
        if not office_code and org.kind == "military":
            office_code = "MILITARY"  # "ISPR said ... the military added"
        return Speaker(phrase, start, end, side=side, org=code,
                       group=org.org if side == "NSA" else "",
                       state=org.state or (state_words[0] if state_words else ""),
                       kind=kind, office=office_code, names=names, how="organisation")
    if first is not None and first.state and _NGO_HEAD.search(text, first.end, end) and \
            office is None:
        # a state's name inside an NGO's name: "Sudan Doctors Network", "Syrian Observatory"
        return Speaker(phrase, start, end, side="THIRD", org="NGO", state=first.state,
                       kind=kind, names=names, how="organisation")
    if first is not None and first.state:
        side = first.state
        orgs = [m.organisation for m in own if m.organisation is not None]
        code = orgs[0].org if orgs and orgs[0].side == side else _org_code(side, office_code or "GOVT")
        return Speaker(phrase, start, end, side=side, org=code, state=side, kind=kind,
                       office=office_code, names=names, how="state")
    return Speaker(phrase, start, end, kind=kind, office=office.office if office else "",
                   names=names, how="unresolved")


def is_speaker_phrase(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` name someone who can speak (an office, organisation,
    state or person), rather than being the content of a clause?

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The span.

    Returns
    -------
    bool

    Examples
    --------
    >>> t = "the defence ministry said the posts were attacked"
    >>> is_speaker_phrase(t, 0, 20), is_speaker_phrase(t, 26, 35)
    (True, False)
    """
    if start >= end:
        return False
    lex = lexicon()
    if lex.named.search(text, start, end):
        return True
    low = text[start:end].lower()
    if len(low) == end - start:  # lower-casing kept the offsets: search the copy as is
        if lex.office_lower.search(low) or _SOURCE_NOUN_LOWER.search(low):
            return True
    elif lex.office.search(text, start, end) or _SOURCE_NOUN.search(text, start, end):
        return True
    toks = [t.group(0) for t in _TOKEN.finditer(text, start, end)]
    return bool(toks) and all(_NAME_TOKEN.match(t) or t.lower() in _TITLES for t in toks) \
        and len(toks) <= 5


#: Sources that speak but hold no office: their side is read from the tables or left empty.
_SOURCE_NOUN = re.compile(
    r"\b(?:group|network|organi[sz]ation|monitor|observatory|committee|union|association|"
    r"society|foundation|institute|coalition|centre|center|commission|medics|doctors|"
    r"rescuers|rescue\s+workers|witnesses|residents|activists|villagers|survivors|relatives)\b",
    re.IGNORECASE)
_SOURCE_NOUN_LOWER = re.compile(_SOURCE_NOUN.pattern)
#: Heads of a name that make it a non-governmental body ("Sudan Doctors Network",
#: "Syrian Observatory for Human Rights"): independent, so THIRD, even with a state's name.
_NGO_HEAD = re.compile(
    r"\b(?:Network|Observatory|Society|Association|Union|Foundation|Institute|Coalition|"
    r"Centre|Center|Commission|Council\s+for|Watch|Doctors|Initiative|Project|Collective)\b")


@lru_cache(maxsize=16384)
def _np_ok(tok: str) -> bool:
    """May ``tok`` stand in a speaker's phrase?  (Cached: the same words recur.)"""
    if tok.endswith(".") and tok.lower() not in _TITLES and not _INNER_DOT.search(tok):
        tok = tok[:-1]
    low = tok.lower()
    return bool(_NAME_TOKEN.match(tok)) or low in _NP_LOWER or low in _TITLES or \
        low.rstrip("'’s") in _NP_LOWER or tok in ("-", "’s", "'s")


def _token_end(tok: re.Match) -> int:
    """A token's end, without a full stop that ends the sentence rather than an
    abbreviation ("authorities." but "Lt." and "U.S.")."""
    word = tok.group(0)
    if word.endswith(".") and word.lower() not in _TITLES and not _INNER_DOT.search(word):
        return tok.end() - 1
    return tok.end()


def left_phrase(text: str, cue_start: int, floor: int) -> tuple[int, int] | str | None:
    """The speaker phrase that ends just before a cue ("the ministry said"), as a span,
    or a pronoun ("he said") as a string; ``None`` when there is none.

    Parameters
    ----------
    text : str
        The whole text.
    cue_start : int
        Where the cue ("said") starts.
    floor : int
        The phrase starts no earlier (the sentence's start).

    Returns
    -------
    tuple of int, str or None

    Examples
    --------
    >>> t = "Pakistan's defence minister said 12 died."
    >>> left_phrase(t, t.index("said"), 0)
    (0, 27)
    >>> left_phrase("He said 12 died.", 3, 0)
    'he'
    """
    end = cue_start
    window = text[max(floor, end - 160):end]
    base = end - len(window)
    window = _strip_skips(window)
    if window.rstrip().endswith(","):
        par = _PARENTHETICAL_BEFORE_CUE.search(window)
        if par:
            window = window[:par.start()]
    window = window.rstrip()
    if not window:
        return None
    toks = list(_TOKEN.finditer(window))
    if toks and toks[-1].group(0).lower() in PRONOUNS and (
            len(toks) == 1 or not _np_ok(toks[-2].group(0)) or toks[-2].group(0) in ",;:“”\""):
        return toks[-1].group(0).lower()
    appositive = False
    if toks and toks[-1].group(0) == ",":
        appositive = True
        toks = toks[:-1]
    i = len(toks)
    unknown = 0
    while i > 0 and len(toks) - i < 14:
        tok = toks[i - 1].group(0)
        if not _np_ok(tok):
            # a word the lists do not know may sit inside a title ("Khost provincial info
            # director"), never at its start
            ahead = [t.group(0) for t in toks[max(0, i - 3):i - 1]]
            if not (tok.isalpha() and tok.islower() and unknown < 2 and ahead
                    and any(_np_ok(t) and t not in ",;:" for t in ahead)
                    and not any(t in ",;:“”\"" for t in ahead[-1:])):
                break
            unknown += 1
        i -= 1
    span = toks[i:]
    while span and not _np_ok(span[0].group(0)):
        span = span[1:]
    while span and span[0].group(0).lower() in {"and", "of", "for", "on", "in", "to", "at"}:
        span = span[1:]
    if not span:
        return None
    s, e = base + span[0].start(), base + _token_end(span[-1])
    if appositive:
        if i == 0 or toks[i - 1].group(0) != ",":
            return None
        j = i - 1
        if _is_name([t.group(0) for t in span]) and not _describes(text, s, e):
            # "Pakistan's defence minister, Khawaja Asif, said": take the office too
            k = j
            while k > 0 and _np_ok(toks[k - 1].group(0)) and toks[k - 1].group(0) not in ",;:“”\"" \
                    and j - k < 10:
                k -= 1
            while k < j and toks[k].group(0).lower() in ("and", "of", "for", "on", "in", "to", "at"):
                k += 1
            if k == j or not _describes(text, base + toks[k].start(), base + _token_end(toks[j - 1])):
                return None
            s = base + toks[k].start()
        else:
            # "Zabihullah Mujahid, the government's spokesman, said", "Khawaja Asif,
            # Pakistan's defence minister, said": take the name too
            if span[0].group(0).lower() not in ("the", "a", "an") and not _describes(text, s, e):
                return None
            k = j
            while k > 0 and _NAME_TOKEN.match(toks[k - 1].group(0)) and j - k < 5 \
                    and toks[k - 1].group(0).lower() not in _NOT_NAMES:
                k -= 1
            if k < j and _is_name([t.group(0) for t in toks[k:j]]):
                s = base + toks[k].start()
            elif not _describes(text, s, e):
                return None
            # else "The military's media wing, ISPR, said": the body named between commas
    elif span[0].group(0).lower() in ("the", "a", "an") and i > 1 and toks[i - 1].group(0) == ",":
        # "Mujahid, the spokesman said"
        k = i - 1
        while k > 0 and _NAME_TOKEN.match(toks[k - 1].group(0)) and i - 1 - k < 5 \
                and toks[k - 1].group(0).lower() not in _NOT_NAMES:
            k -= 1
        if k < i - 1 and (k == 0 or not _np_ok(toks[k - 1].group(0))):
            s = base + toks[k].start()
    if not is_speaker_phrase(text, s, e):
        return None
    return s, e


def _is_name(words: list[str]) -> bool:
    """Are ``words`` a personal name ("Khawaja Asif", "Gen. Asim Munir")?"""
    return 0 < len(words) <= 5 and all(
        _NAME_TOKEN.match(w) and w.lower() not in _NOT_NAMES or w.lower() in _TITLES for w in words) \
        and any(w.lower() not in _TITLES for w in words)


def _describes(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` name an office, a body or a state (not just a person)?"""
    lex = lexicon()
    return bool(lex.named.search(text, start, end) or lex.office.search(text, start, end))


def right_phrase(text: str, cue_end: int, ceiling: int) -> tuple[int, int] | None:
    """The speaker phrase just after a cue ("..., said the ministry", "according to UNAMA").

    Parameters
    ----------
    text : str
        The whole text.
    cue_end : int
        Where the cue ends.
    ceiling : int
        The phrase ends no later (the sentence's end).

    Returns
    -------
    tuple of int or None
        The phrase's span.

    Examples
    --------
    >>> t = "Twelve died, according to UNAMA."
    >>> start, end = right_phrase(t, t.index("to") + 2, len(t))
    >>> t[start:end]
    'UNAMA'
    """
    window = text[cue_end:min(ceiling, cue_end + 200)]
    toks = list(_TOKEN.finditer(window))
    n = 0
    while n < len(toks) and _np_ok(toks[n].group(0)) and n < 14:
        n += 1
    span = toks[:n]
    while span and span[-1].group(0).lower() in {"and", "of", "for", "on", "in", "to", "at",
                                                  "the", "a", "an"}:
        span = span[:-1]
    if not span:
        return None
    s, e = cue_end + span[0].start(), cue_end + _token_end(span[-1])
    # "said Zabihullah Mujahid, the Taliban's chief spokesman." / "..., Pakistan's
    # defence minister."
    if n < len(toks) and toks[n].group(0) == ",":
        m = n + 1
        if m < len(toks) and _np_ok(toks[m].group(0)):
            while m < len(toks) and _np_ok(toks[m].group(0)) and m - n < 12:
                m += 1
            tail_end = cue_end + _token_end(toks[m - 1])
            if (m >= len(toks) or toks[m].group(0) in ",.;:") and lexicon().office.search(
                    text, e, tail_end):
                e = tail_end
    if not is_speaker_phrase(text, s, e):
        return None
    return s, e


#: A general office word and the offices it may stand for ("the minister" after "the
#: information minister", "the military" after "ISPR").
_OFFICE_FAMILIES = {
    "MIN": ("MIN", "MOD", "MOH", "MOFA"),
    "MINISTRY": ("MIN", "MOD", "MOH", "MOFA", "MINISTRY"),
    "SPOKESPERSON": ("SPOKESPERSON",),
    "MILITARY": ("MILITARY", "GENERAL-STAFF", "AIR-FORCE", "NAVY"),
    "OFFICIAL": ("",), "OFFICIALS": ("",), "SOURCES": ("",), "AUTHORITIES": ("",), "GOVT": ("",),
}


def _same_office(sp: Speaker, m: Speaker) -> bool:
    if m.office == sp.office:
        return True
    family = _OFFICE_FAMILIES.get(sp.office)
    if family is None or m.kind != sp.kind:
        return False
    return any(part in m.office for part in family)


@dataclass
class SpeakerMemory:
    """The speakers named so far in one article, for pronouns and short references.

    Attributes
    ----------
    items : list of Speaker
        In order of position.

    Examples
    --------
    >>> t = "Pakistan's defence minister said 12 died. He said more had fled."
    >>> memory = SpeakerMemory()
    >>> memory.add(describe(t, 0, 27))
    >>> he = describe(t, 42, 44, pronoun="he")
    >>> memory.resolve(he, before=42).org
    'PAK-MOD'
    """

    items: list[Speaker] = field(default_factory=list)

    def add(self, sp: Speaker) -> None:
        """Remember a named speaker (pronouns are not remembered).

        Parameters
        ----------
        sp : Speaker

        Examples
        --------
        >>> memory = SpeakerMemory()
        >>> memory.add(describe("ISPR said", 0, 4)); memory.add(describe("He said", 0, 2, pronoun="he"))
        >>> [s.text for s in memory.items]
        ['ISPR']
        """
        if sp.how != "pronoun":
            insort(self.items, sp, key=lambda x: x.start)

    def resolve(self, sp: Speaker, before: int, since: int = 0) -> Speaker:
        """Resolve ``sp`` (unresolved or a pronoun) from speakers named between ``since``
        and ``before``.

        A pronoun takes the latest speaker of its kind; a personal name, the speaker
        who bore it; an office ("the ministry"), the latest resolved speaker with the
        same office.

        Parameters
        ----------
        sp : Speaker
            The speaker to resolve.
        before : int
            Only speakers ending before this position count.
        since : int
            ... and starting at or after this one.

        Returns
        -------
        Speaker
            The resolved speaker at ``sp``'s span (``how="pronoun"`` or ``"memory"``),
            or ``sp`` unchanged.

        Examples
        --------
        >>> t = "Zabihullah Mujahid, the Taliban spokesman, said 5 died. Mujahid said 3 more."
        >>> memory = SpeakerMemory()
        >>> memory.add(describe(t, 0, 41))
        >>> later = describe(t, 56, 63)
        >>> later.side, memory.resolve(later, before=56).side
        ('', 'AFG')
        """
        earlier = [m for m in self.items if since <= m.start and m.end <= before]
        if not earlier:
            return sp
        if sp.how == "pronoun":
            want = sp.kind
            for m in reversed(earlier):
                if want == "any" or (want == "person" and (m.kind == "person" or m.names)) or \
                        (want == "body" and m.kind != "person"):
                    return replace(m, start=sp.start, end=sp.end, how="pronoun")
            return sp
        for name in reversed(sp.names):  # "Mujahid said" (even if Mujahid's side is unknown)
            for m in reversed(earlier):
                if name in m.names:
                    return replace(m, start=sp.start, end=sp.end, how="memory")
        earlier = [m for m in earlier if m.resolved]
        if sp.office:  # "the ministry said", "the spokesman added", "the minister said"
            for m in reversed(earlier):
                if _same_office(sp, m):
                    return replace(sp, side=m.side, org=m.org, group=m.group, state=m.state,
                                   names=sp.names or m.names, how="memory",
                                   text=sp.text if sp.names else f"{sp.text} ({m.text})")
        return sp


def context_state(mentions: list[Mention], starts: list[int], windows: list[tuple[int, int]]) -> str:
    """The one state named in the first of ``windows`` that names any: "In Kabul, the
    ministry said" gives AFG; a window naming two states gives nothing.

    Parameters
    ----------
    mentions : list of Mention
        The text's mentions (:func:`find_mentions`), in order.
    starts : list of int
        Their start positions (for bisection).
    windows : list of tuple of int
        Spans to look in, nearest first.

    Returns
    -------
    str
        ISO3, or empty.

    Examples
    --------
    >>> t = "In Kabul, the ministry said 5 died."
    >>> ms = find_mentions(t)
    >>> context_state(ms, [m.start for m in ms], [(0, 10)])
    'AFG'
    """
    for a, b in windows:
        i = bisect_right(starts, b) - 1
        found = set()
        while i >= 0 and mentions[i].start >= a:
            m = mentions[i]
            if m.state and m.end <= b and (m.organisation is None or m.organisation.side not in
                                           ("THIRD", "NSA")):
                found.add(m.state)
            i -= 1
        if found:
            return found.pop() if len(found) == 1 else ""
    return ""
