"""Casualty claims and official statements from news text.

:func:`extract_claims` reads an article into rows of the claims table: who claims how
many of whose people were killed, wounded, captured or missing, with the exact words
(``raw_phrase``, ``char_start``, ``char_end``).  :func:`extract_statements` lists the
quotations attributed to officials, placed on the ladder's statement rungs by
:func:`escalation.coding.classify_statements`.

Everything is rules over regular expressions and the tables of
:mod:`escalation.text.attribution`: offline, deterministic, and fast (the benchmark in
``benchmarks/extraction_speed.py`` measures it).  The extractor never invents: every row
rests on a quantity written in the text and bound to an outcome; what it cannot
attribute it leaves empty and flags (``needs_review``), and such rows fail
:func:`escalation.validate_claims` until a person fills them.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from ..claims.intervals import Convention, get_convention
from .attribution import (
    CUE_WORDS,
    find_cues,
    PRONOUNS,
    Mention,
    Speaker,
    SpeakerMemory,
    _np_ok,
    _TOKEN,
    _token_end,
    context_state,
    describe,
    find_mentions,
    is_speaker_phrase,
    left_phrase,
    lexicon,
    right_phrase,
)
from .casualties import (
    ANY_OUTCOME,
    OUTCOME_WORDS,
    PERSON_NOUNS,
    Casualty,
    agent_states,
    article_quantities,
    find_casualties,
)
from .numbers import find_quantities
from .quotes import find_quotations

__all__ = ["CLAIM_COLUMNS", "STATEMENT_COLUMNS", "extract_claims", "extract_statements",
           "sentences"]

#: The columns of :func:`extract_claims`, in order: the claims table's, then the span
#: and the review flag.
CLAIM_COLUMNS = [
    "claim_id", "event_id", "claimant", "claimant_org", "claimant_side", "subject_state",
    "subject_category", "outcome", "qualifier", "number", "number_to", "low", "high",
    "raw_phrase", "claim_date", "claim_date_precision", "claim_seq", "supersedes",
    "source_publisher", "source_title", "source_url", "source_date", "quality",
    "quality_note", "verification", "convention", "char_start", "char_end", "needs_review",
    "review_reason",
]
_CLAIM_DTYPES = {**{c: "str" for c in CLAIM_COLUMNS}, "number": "float64", "number_to": "float64",
                 "low": "float64", "high": "float64", "claim_seq": "int64", "char_start": "int64",
                 "char_end": "int64", "needs_review": "bool"}
#: The columns of :func:`extract_statements`, in order.
STATEMENT_COLUMNS = ["speaker", "speaker_side", "speaker_org", "quote", "rung", "char_start",
                     "char_end", "needs_review"]

#: How many sentences back "he", "the ministry" or a surname may point.
MEMORY_SENTENCES = 6

# -- sentences ------------------------------------------------------------------------
_ABBREV = {
    "mr", "mrs", "ms", "dr", "lt", "gen", "col", "maj", "capt", "sgt", "gov", "sen", "rep",
    "st", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "e.g", "i.e", "etc", "vs", "jr", "sr", "prof", "brig", "adm", "cmdr", "u.s", "u.n",
    "a.m", "p.m", "approx", "inc", "co", "corp", "ltd", "dept", "govt", "mt", "ft", "lt.-gen",
}
#: A full stop, ! or ? before a space and a capital, digit or quotation mark; or a line break.
_LAST_WORD = re.compile(r"([\w.]+)\.*$")
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9À-Þ])|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    r"""Sentence spans ``(start, end)``: ends at ``.``, ``!``, ``?`` (not after "Lt." or
    "U.S.") and at every line break, so headlines and paragraphs stand alone.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of tuple of int

    Examples
    --------
    >>> t = "Lt. Gen. Chaudhry said 12 died. Kabul denied it.\nHeadline"
    >>> [t[a:b] for a, b in sentences(t)]
    ['Lt. Gen. Chaudhry said 12 died.', 'Kabul denied it.', 'Headline']
    """
    out = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0) != "\n":
            word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start() + 1)
            w = word.group(1).lower().rstrip(".") if word else ""
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
        end = m.end()
        if text[start:end].strip():
            out.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        out.append(_trim(text, start, len(text)))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_DESCRIBES_PEOPLE = re.compile(
    r"(?:\s+[A-Za-z'’-]+){0,2}?\s+(?:" + "|".join(sorted(
        {w for w in PERSON_NOUNS if " " not in w} | {"others", "nationals", "citizens"},
        key=len, reverse=True)) + r")\b", re.IGNORECASE)
#: What may follow a cue before the reported words start ("told reporters on Sunday that").
_AFTER_CUE = re.compile(r"^(?:\s|,|:|that\b|in\s+a\s+statement|to\s+reporters|on\s+\w+day|on\s+X|"
                        r"late\s+on\s+\w+day|reporters|(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)+")

_VERB_AFTER_QUOTE = re.compile(r"[\s,.!?]*[\"”’']?\s*,?\s*(?:[\w'’.-]+\s+){0,6}?(?:said|says|told|"
                               r"added|asked|recalled|explained|shouted|wrote)\b", re.IGNORECASE)
#: What may stand between a speech verb and the quotation it introduces.
_BEFORE_QUOTE = re.compile(
    r"[\s,:\"“‘']*(?:that\s+|in\s+a\s+statement[,:]?\s*|on\s+\w+day[,:]?\s*|"
    r"(?:to\s+)?(?:reporters|journalists|the\s+media|[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)"
    r"[,:]?\s*)*[\s,:\"“‘']*")
#: Between a speaker's verb and a quotation: a relative clause or a new clause means the
#: quoted words may be someone else's.
_NOT_THE_SPEAKERS = re.compile(r"[;]|\b(?:which|who|whom|whose|while|whereas|but)\b", re.IGNORECASE)
#: Verbs that characterise in someone's words: "called the strikes 'an act of war'".
_CALLED = re.compile(r"\b(?:(?P<naming>called|calls|calling|described|describes|describing|termed|"
                     r"terms|branded|brands|labell?ed|labels|dubbed)|condemned|condemns|denounced|"
                     r"denounces|slammed|slams|hailed|hails|pledged|pledges|promised|promises|"
                     r"threatened|threatens|demanded|demands|accused|accuses)\b", re.IGNORECASE)
_VERB_BEFORE_QUOTE = re.compile(r"\b(?:said|says|told|added|asked|recalled|explained|wrote)"
                                r"(?:\s+\w+){0,3}\s*[,:]?\s*[\"“‘']?\s*$", re.IGNORECASE)

#: A wire dateline at a paragraph's start: the place in capitals, then a comma, the agency
#: in brackets or a dash.
_DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'.-]+(?:[ \t]+[A-Z][A-Z'.-]+){0,2})(?=[ \t]*(?:,|\(|—|–|-))")
#: "Pakistan's Asif: 'open war'": a speaker's name, a colon, the quotation.
_SPEAKER_COLON = re.compile(r"\s*([A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,7}?)\s*:\s*[\"“‘']?\s*")
_CLAUSE_PRONOUN = re.compile(r"(?:\bwho|\bwhich|\bthat|\band|\bbut|,)\s*$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(his|her|its|their)\b", re.IGNORECASE)
_POSSESSOR = {"his": "he", "her": "she", "its": "it", "their": "they"}
#: Cue words that are also plural nouns, and the words that make them nouns.
_NOUN_CUE = re.compile(r"claims|reports|states|estimates|notes|counts|records|posts|tweets",
                       re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|these|those|its|his|her|their|our|such|any|all|of|"
                                r"some|many|false|baseless|media|news)\s+$",
                                re.IGNORECASE)

_VERB_AFTER_NOUN = re.compile(r"\s+(?:were|are|was|is|have|has|had|of|about|by|from)\b",
                              re.IGNORECASE)

# -- the document: sentences, speakers, quotations ------------------------------------
@dataclass
class _Cue:
    start: int
    end: int
    speaker: Speaker
    direction: str          # forward, backward, both
    deny: bool


@dataclass
class _Quote:
    start: int              # the words inside the quotation marks
    end: int
    sentence: int           # where it starts
    last: int               # where it ends (a quotation may run over several sentences)
    speaker: Speaker | None = None
    how: str = ""           # after, before, clause, called, continuation, previous


@dataclass
class _Document:
    text: str
    states: tuple[str, ...] = ()
    sents: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    cues: dict[int, list[_Cue]] = field(default_factory=dict)
    quotes: list[_Quote] = field(default_factory=list)
    memory: SpeakerMemory = field(default_factory=SpeakerMemory)
    _pending: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sents = sentences(self.text)
        self.mentions = find_mentions(self.text)
        self.mention_starts = [m.start for m in self.mentions]
        if not self.states:
            counts = Counter(m.state for m in self.mentions if m.state and (
                m.organisation is None or m.organisation.side not in ("THIRD",)))
            self.states = tuple(s for s, _ in counts.most_common(2))
        self._context: tuple[list[Mention], list[int]] | None = None
        # one lower-cased copy for fast word scans (only if lower-casing keeps offsets)
        low = self.text.lower()
        self._lower = low if len(low) == len(self.text) else None
        self._cues_found: list[int] | None = None
        self.quotes = self._find_quotes()
        self._quote_starts = [q.start for q in self.quotes]
        self._quote_ends = [q.end for q in self.quotes]
        self._quote_done: set[int] = set()
        self._datelines: dict[int, str] | None = None

    def _dateline(self, i: int) -> str:
        """The state of the dateline that opens sentence ``i`` ("ISLAMABAD (Reuters) —",
        "NEW DELHI, May 9 -"): where the report is from."""
        if self._datelines is None:
            self._datelines = {}
            starts = [s for s, _ in self.sents]
            state_of = lexicon().state_of
            for m in _DATELINE.finditer(self.text):
                state = state_of.get(" ".join(w.capitalize() for w in m.group(1).split()))
                if state:
                    self._datelines[bisect_right(starts, m.start(1)) - 1] = state
        return self._datelines.get(i, "")

    # speakers
    def _sentence_floor(self, i: int, pos: int) -> int:
        """Where a speaker's phrase may begin: the sentence start or the end of the last
        quotation before ``pos``."""
        s, _ = self.sents[i]
        k = bisect_right(self._quote_ends, pos - 1) - 1
        if k >= 0 and self.quotes[k].end >= s:
            return max(s, self.quotes[k].end + 1)
        return s

    def _resolve(self, sp: Speaker, i: int, direction: str = "forward") -> Speaker:
        owner = _POSSESSIVE.match(sp.text)
        if not sp.resolved and owner and sp.office:
            # "his spokesman", "its foreign ministry": the office of the one named before
            for j in range(max(0, i - MEMORY_SENTENCES), i):
                self.cues_at(j)
            self._flush(i)
            pronoun = Speaker(owner.group(0), sp.start, sp.start + len(owner.group(0)),
                              kind=PRONOUNS[_POSSESSOR[owner.group(1).lower()]], how="pronoun")
            who = self.memory.resolve(pronoun, sp.start,
                                      since=self.sents[max(0, i - MEMORY_SENTENCES)][0])
            if who.resolved:
                org = who.org if who.side in ("THIRD", "NSA") else f"{who.side}-{sp.office}"
                return replace(sp, side=who.side, org=org, group=who.group, state=who.state,
                               how="memory", text=f"{sp.text} ({who.text})")
            return sp
        if not sp.resolved:
            # a short reference points to someone named in the last few sentences
            for j in range(max(0, i - MEMORY_SENTENCES), i):
                self.cues_at(j)
            self._flush(i)
            sp = self.memory.resolve(sp, sp.start, since=self.sents[max(0, i - MEMORY_SENTENCES)][0])
        if not sp.resolved and sp.office and sp.how != "pronoun":
            # the state named before the speaker in its sentence (not in the figures it
            # reports, so only for a speaker who comes first), else in the sentence before
            windows = []
            if direction == "forward":
                windows.append((self.sents[i][0], sp.start))
            if i > 0:
                windows.append(self.sents[i - 1])
            state = context_state(*self._context_mentions(), windows) or self._dateline(i)
            if state:
                sp = replace(sp, side=state, org=f"{state}-{sp.office}", state=state,
                             how="context")
        return sp

    def _read_speakers(self, i: int, s: int, e: int) -> None:
        text = self.text
        found: list[_Cue] = []
        starts = self._cue_starts()
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        for m in find_cues(text, s, e, starts[lo:hi] if self._lower is not None else None):
            if m.group("say") and m.group(0).lower().startswith("estimate") and re.match(
                    r"\s+\d", text[m.end():m.end() + 3]):
                continue  # "an estimated 400": a qualifier, not a speaker
            if _NOUN_CUE.fullmatch(m.group(0)) and (
                    _DETERMINER_BEFORE.search(text, max(s, m.start() - 16), m.start())
                    or _VERB_AFTER_NOUN.match(text, m.end(), e)):
                continue  # "rejected the claims", "Pakistan's claims were": nouns, not verbs
            if self._inside_quote(m.start()):
                continue
            floor = self._sentence_floor(i, m.start())
            sp = None
            direction = "forward"
            if m.group("according"):
                span = right_phrase(text, m.end(), e)
                if span:
                    sp = describe(text, *span)
                direction = "forward" if not text[floor:m.start()].strip(" ,—-") else "backward"
            else:
                left = left_phrase(text, m.start(), floor)
                if isinstance(left, str):
                    ps = m.start() - len(text[:m.start()].rstrip()) + len(text[:m.start()].rstrip())
                    pstart = text.rfind(left if left != "i" else "I", floor, m.start())
                    pstart = pstart if pstart >= 0 else ps
                    sp = describe(text, pstart, pstart + len(left), pronoun=left)
                    if left in ("we", "i"):
                        sp = None
                    elif _CLAUSE_PRONOUN.search(text, max(floor, pstart - 12), pstart):
                        # "Hezbollah mourned five fighters, who it said were ...": the
                        # pronoun in a clause points to the sentence's subject
                        subject = self._sentence_subject(i, pstart, sp.kind)
                        if subject is not None:
                            sp = replace(subject, start=sp.start, end=sp.end, how="pronoun")
                elif left:
                    sp = describe(text, *left)
                elif re.search(r"[,”\"’']\s*$", text[floor:m.start()]):
                    span = right_phrase(text, m.end(), e)
                    if span:
                        sp = describe(text, *span)
                        direction = "backward"
                if sp is not None and direction == "forward":
                    rest = _AFTER_CUE.sub("", text[m.end():e], count=1)
                    before_phrase = text[floor:sp.start].rstrip()
                    if not rest.strip(" .\"”’')"):
                        direction = "backward"
                    elif before_phrase.endswith(",") and text[m.end():e].lstrip().startswith(","):
                        direction = "both"
            if sp is None:
                continue
            sp = self._resolve(sp, i, direction)
            found.append(_Cue(m.start(), m.end(), sp, direction, bool(m.group("deny"))))
        for c in found:
            self.memory.add(c.speaker)
        # people and bodies named without a verb ("Pakistan's information minister Attaullah
        # Tarar held a news conference") are remembered for a later "he said"; they are read
        # only when a later reference needs them
        insort(self._pending, (i, s, e, [(c.speaker.start, c.speaker.end) for c in found]),
               key=lambda p: p[0])
        self.cues[i] = found

    def _sentence_subject(self, i: int, end: int, kind: str) -> Speaker | None:
        """The speaker-like phrase that opens sentence ``i`` ("Hezbollah mourned ..."),
        if it is of the pronoun's ``kind`` and can be placed."""
        text = self.text
        toks = list(_TOKEN.finditer(text, self.sents[i][0], end))
        n = 0
        while n < len(toks) and n < 12 and _np_ok(toks[n].group(0)) and toks[n].group(0) not in ",;:":
            n += 1
        if n == 0:
            return None
        a, b = toks[0].start(), _token_end(toks[n - 1])
        if not is_speaker_phrase(text, a, b):
            return None
        sp = describe(text, a, b)
        person = sp.kind == "person" or bool(sp.names)
        if (kind == "person" and not person) or (kind == "body" and sp.kind == "person"):
            return None
        sp = self._resolve(sp, i)
        return sp if sp.resolved or sp.office else None

    def _cue_starts(self) -> list[int]:
        if self._cues_found is None:
            self._cues_found = [m.start() for m in CUE_WORDS.finditer(self._lower)] \
                if self._lower is not None else []
        return self._cues_found

    def outcome_sentences(self) -> list[int]:
        """The sentences holding an outcome word, found in one pass over the text."""
        starts = [s for s, _ in self.sents]
        if self._lower is not None:
            hits = (m.start() for m in OUTCOME_WORDS.finditer(self._lower))
        else:
            hits = (m.start() for m in ANY_OUTCOME.finditer(self.text))
        return sorted({bisect_right(starts, pos) - 1 for pos in hits} - {-1})

    def _context_mentions(self) -> tuple[list[Mention], list[int]]:
        """Mentions that may say where a speaker is.  A nationality word describing people
        ("nine Afghan fighters") says whose people, not where the speaker is."""
        if self._context is None:
            kept = [m for m in self.mentions if not _DESCRIBES_PEOPLE.match(self.text, m.end)]
            self._context = kept, [m.start for m in kept]
        return self._context

    def cues_at(self, i: int) -> list[_Cue]:
        """The speech cues of sentence ``i``, read on first need.  A speaker that needs an
        earlier one ("he said") first reads the sentences it may point to, so the result
        is the same as reading every sentence in order; sentences far from any figure or
        quotation are never read."""
        if i < 0 or i >= len(self.sents):
            return []
        if i not in self.cues:
            self._read_speakers(i, *self.sents[i])
        return self.cues[i]

    def _flush(self, before: int) -> None:
        """Read the speakers named without a verb in the sentences before ``before``."""
        text = self.text
        ready = [p for p in self._pending if p[0] < before]
        if not ready:
            return
        self._pending = [p for p in self._pending if p[0] >= before]
        for i, s, e, taken in ready:
            if i < before - MEMORY_SENTENCES:
                continue  # too far back to be pointed to
            offices = lexicon().office_lower.finditer(self._lower, s, e) if self._lower is not None \
                else lexicon().office.finditer(text, s, e)
            for om in offices:
                if any(a <= om.start() < b for a, b in taken):
                    continue
                span = _expand(text, om.start(), om.end(), s, e)
                sp = describe(text, *span)
                if sp.resolved or sp.names:
                    self.memory.add(self._resolve(sp, i))
                    taken.append(span)

    def _inside_quote(self, pos: int) -> bool:
        return self.quote_at(pos) is not None

    # quotations
    def _find_quotes(self) -> list[_Quote]:
        out = []
        starts = [s for s, _ in self.sents]
        for qs, qe in find_quotations(self.text):
            while qe > qs and self.text[qe - 1] in " ,.;:!?…":
                qe -= 1 if self.text[qe - 1] not in ".!?" or qe - qs < 2 else 0
                if self.text[qe - 1] in ".!?":
                    break
            if qe <= qs:
                continue
            out.append(_Quote(qs, qe, max(0, bisect_right(starts, qs) - 1),
                              max(0, bisect_right(starts, qe - 1) - 1)))
        return out

    def attribute_quotes(self) -> None:
        """Give every quotation its speaker."""
        for k in range(len(self.quotes)):
            self.quote_speaker(k)

    def quote_speaker(self, k: int) -> Speaker | None:
        """The speaker of quotation ``k`` (read once, on first need).  A quotation with its
        own verb ("..., a resident said") belongs to that speaker, even one the tables do
        not know; one without may continue the quotation just before it."""
        if k in self._quote_done:
            return self.quotes[k].speaker
        # walk back to the start of a run of quotations that may continue each other
        first = k
        while first > 0 and first - 1 not in self._quote_done:
            first -= 1
        for j in range(first, k + 1):
            q = self.quotes[j]
            q.speaker, q.how = self._quote_speaker(q)
            closes = self.text[q.end - 1:q.end] == "." or self.text[q.end:q.end + 1] == "."
            own_verb = (not closes and _VERB_AFTER_QUOTE.match(self.text, q.end)) or \
                _VERB_BEFORE_QUOTE.search(self.text, max(0, q.start - 60), q.start)
            previous = self.quotes[j - 1] if j > 0 else None
            if q.speaker is None and not own_verb and previous is not None and \
                    previous.speaker is not None and q.sentence - previous.last <= 2 and \
                    self._continues(previous, q):
                q.speaker, q.how = replace(previous.speaker, how="continuation"), "continuation"
            if q.speaker is None and not own_verb:
                q.speaker = self._previous_sentence_speaker(q)
                q.how = "previous" if q.speaker is not None else ""
            self._quote_done.add(j)
        return self.quotes[k].speaker

    def _continues(self, a: _Quote, b: _Quote) -> bool:
        between = self.text[a.end + 1:b.start - 1]
        return not re.search(r"[A-Za-z]{3,}", re.sub(r"\b(?:he|she|it|they)\s+\w+ed\b", "",
                                                      between, flags=re.IGNORECASE)) \
            or len(between) < 40

    def _quote_speaker(self, q: _Quote) -> tuple[Speaker | None, str]:
        """The speaker named with the quotation itself, and how: ``after`` ("...," he said),
        ``before`` (Tarar said: "..."), ``clause`` (Tarar said Pakistan was in "open war"),
        ``called`` (the ministry called the strikes "an act of war")."""
        text = self.text
        # after: "..., he said" / "..." said Tarar (a quotation may span several sentences)
        after = [c for i in dict.fromkeys((q.last, q.last + 1, q.sentence)) for c in self.cues_at(i)]
        for c in after:
            between = text[q.end:min(c.start, c.speaker.start)]
            ended = text[q.end - 1:q.end] in (".", "!", "?")  # the quotation closes a sentence
            if c.start >= q.end and len(between) < 6 and not re.search(r"\w", between) and (
                    ("." not in between and not ended) or c.direction in ("backward", "both")):
                return c.speaker, "after"
            # '"...," the ministry said' -- not '"...." The ministry said 12 were killed'
            gap = text[q.end:c.speaker.start]
            if c.start >= q.end and c.speaker.start >= q.end and re.fullmatch(
                    r"[\s,.!?\"”’']*", gap) and c.start - q.end < 120 and (
                    ("." not in gap and not ended) or c.direction in ("backward", "both")):
                return c.speaker, "after"
        before = [c for i in dict.fromkeys((q.sentence, q.sentence - 1)) for c in self.cues_at(i)]
        for c in before:  # before: "Tarar said: "..."", "he told reporters that "...""
            if c.end <= q.start and _BEFORE_QUOTE.fullmatch(text, c.end, max(c.end, q.start - 1)):
                return c.speaker, "before"
        # inside the reported clause: "Asif said Pakistan was now in 'open war' with Kabul"
        s = self._sentence_floor(q.sentence, q.start)
        inside = [c for c in self.cues_at(q.sentence) if s <= c.start and c.end <= q.start]
        if inside:
            c = inside[-1]
            if c.direction in ("forward", "both") and not c.deny and q.start - c.end <= 200 and \
                    not _NOT_THE_SPEAKERS.search(text, c.end, q.start):
                return c.speaker, "clause"
        # a headline's "Pakistan's Asif: 'We are in open war'"
        label = _SPEAKER_COLON.fullmatch(text, s, max(s, q.start - 1))
        if label and is_speaker_phrase(text, label.start(1), label.end(1)):
            sp = self._resolve(describe(text, label.start(1), label.end(1)), q.sentence, "forward")
            if sp.resolved or sp.office:
                return sp, "before"
        # "the ministry called the strikes 'an act of war'", "what he termed 'aggression'"
        window_start = max(s, q.start - 120)
        called = None
        for m in _CALLED.finditer(text, window_start, q.start):
            called = m
        if called is not None and not _NOT_THE_SPEAKERS.search(text, called.end(), q.start):
            object_words = re.findall(r"\w+", text[called.end():q.start])
            what = re.search(r"\bwhat\s+(?:\w+\s+){1,3}$", text[max(s, called.start() - 40):called.start()])
            if object_words or what or not called.group("naming"):
                left = left_phrase(text, called.start(), s)
                sp = None
                if isinstance(left, str) and left not in ("we", "i"):
                    at = text.rfind(left if left != "i" else "I", s, called.start())
                    at = at if at >= 0 else called.start()
                    sp = describe(text, at, at + len(left), pronoun=left)
                elif left and not isinstance(left, str):
                    sp = describe(text, *left)
                if sp is not None:
                    sp = self._resolve(sp, q.sentence, "forward")
                    return sp, "called"
        return None, ""

    def _previous_sentence_speaker(self, q: _Quote) -> Speaker | None:
        """A quotation that is a sentence of its own, with no verb, after a sentence whose
        speaker reports what they said ("Mujahid said Pakistan had attacked. 'This will not
        go unanswered.'"): that speaker's words."""
        if q.sentence == 0:
            return None
        s, _ = self.sents[q.sentence]
        if self.text[s:q.start].strip(" \"“‘'"):
            return None
        cues = [c for c in self.cues_at(q.sentence - 1) if not c.deny and not self._inside_quote(c.start)]
        if not cues:
            return None
        return replace(cues[-1].speaker, how="previous sentence")

    def quote_at(self, pos: int) -> _Quote | None:
        k = self._quote_index(pos)
        return None if k is None else self.quotes[k]

    def _quote_index(self, pos: int) -> int | None:
        k = bisect_right(self._quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end:
            return k
        return None

    def speaker_for(self, i: int, start: int, end: int) -> tuple[Speaker | None, bool]:
        """The speaker of a claim at ``text[start:end]`` in sentence ``i``, and whether
        the speaker denies it."""
        k = self._quote_index(start)
        if k is not None and self.quote_speaker(k) is not None:
            return self.quotes[k].speaker, False
        cues = self.cues_at(i)
        best, dist = None, None
        for c in cues:
            if c.direction in ("forward", "both") and c.end <= start:
                d = start - c.end
            elif c.direction in ("backward", "both") and c.start >= end:
                d = c.start - end
            else:
                continue
            if dist is None or d < dist:
                best, dist = c, d
        if best is None and cues:
            best = min(cues, key=lambda c: abs(c.start - start))
        if best is None:
            return None, False
        return best.speaker, best.deny

    def opponent(self, side: str) -> str:
        if len(self.states) == 2 and side in self.states:
            return self.states[1] if self.states[0] == side else self.states[0]
        return ""


@lru_cache(maxsize=4)
def _document(text: str, states: tuple[str, ...]) -> _Document:
    """One reading of an article, shared by :func:`extract_claims` and
    :func:`extract_statements` on the same text."""
    return _Document(text, states)


def _expand(text: str, start: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    """Grow an office word into the phrase around it ("Pakistan's information minister
    Attaullah Tarar")."""
    toks = list(_TOKEN.finditer(text, max(floor, start - 120), min(ceiling, end + 100)))
    idx = [k for k, t in enumerate(toks) if t.start() >= start and t.end() <= end]
    if not idx:
        return start, end
    a, b = idx[0], idx[-1]
    while a > 0 and _np_ok(toks[a - 1].group(0)) and idx[0] - a < 8:
        a -= 1
    while b + 1 < len(toks) and _np_ok(toks[b + 1].group(0)) and b - idx[-1] < 6:
        b += 1
    while a < b and toks[a].group(0).lower() in ("and", "of", "for", "the", "a", "an", "on", "in", "to", "at"):
        a += 1
    while b > a and toks[b].group(0).lower() in ("and", "of", "for", "the", "a", "an", "on", "in", "to", "at"):
        b -= 1
    return toks[a].start(), _token_end(toks[b])


# -- claims ---------------------------------------------------------------------------
def _date_text(published) -> tuple[str, str]:
    if published is None or (isinstance(published, float) and published != published):
        return "", ""
    if isinstance(published, (_dt.date, pd.Timestamp)):
        return pd.Timestamp(published).strftime("%Y-%m-%d"), "day"
    text = str(published).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return text, "month"
    try:
        return pd.Timestamp(text).strftime("%Y-%m-%d"), "day"
    except (ValueError, TypeError):
        raise ValueError(f"published: {published!r} is not a date (YYYY-MM-DD)") from None


def extract_claims(text: str, *, event_id: str | None = None, published=None,
                   source_url: str | None = None, convention: str | Convention = "default",
                   states: Sequence[str] | None = None, source_publisher: str = "",
                   source_title: str = "") -> pd.DataFrame:
    """Casualty claims in a news text, as rows of the claims table.

    Each row is one quantity in the text bound to an outcome ("58 Pakistani soldiers
    were killed", "killing 19", "a death toll of at least 47"), with the speaker it is
    attributed to (before or after the figure, "according to ...", or by pronoun or short
    reference across sentences), the speaker's side (from ``organisations.csv``, a
    nationality word or state in the speaker's phrase, or the state named just before
    it), whose people (nationality word or state in the noun phrase, a place, or the
    context) and which category.  The qualifier and interval come from
    :func:`escalation.parse_claim` under ``convention``.

    Parameters
    ----------
    text : str
        The article.
    event_id : str, optional
        The event the claims are about; by default one id per article, ``ART-`` and a
        hash of the text, so the same text always gets the same ids.
    published : date or str, optional
        When the article was published: ``claim_date`` and ``source_date``.
    source_url : str, optional
        The article's address (the claims table requires one).
    convention : str or Convention
        How qualifiers become intervals (``"default"``, ``"acled_conservative"``).
    states : sequence of str, optional
        The conflict's two states (ISO3).  By default the two states the text names most.
        Used to place militants and people counted without a nationality word.
    source_publisher, source_title : str
        Copied into every row.

    Returns
    -------
    DataFrame
        :data:`CLAIM_COLUMNS`: the claims table's columns, ``low``/``high`` derived,
        ``raw_phrase`` the exact span ``text[char_start:char_end]``, and ``needs_review``
        (``True`` where the claimant's side, the subject state or the category could
        not be read; those rows leave the cell empty and fail
        :func:`escalation.validate_claims` until a person fills it) with
        ``review_reason``.

    Examples
    --------
    >>> import escalation as esc
    >>> cl = esc.extract_claims(
    ...     "Pakistan's military said 12 soldiers were killed and 27 injured.",
    ...     published="2026-02-27", source_url="https://example.org/a")
    >>> cl[["claimant_side", "subject_state", "subject_category", "outcome", "number"]].values.tolist()
    [['PAK', 'PAK', 'military', 'killed', 12.0], ['PAK', 'PAK', 'military', 'wounded', 27.0]]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    conv = get_convention(convention)
    claim_date, precision = _date_text(published)
    if event_id is None:
        event_id = "ART-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    doc = _document(text, tuple(states or ()))
    rows: list[dict] = []
    previous: list[dict] = []
    prev_i = -10
    for i in doc.outcome_sentences():
        s, e = doc.sents[i]
        qs = find_quantities(text, s, e, convention=conv, lower=doc._lower)
        qs = sorted(qs + article_quantities(text, s, e, qs, lower=doc._lower), key=lambda q: q.start)
        if not qs:
            continue
        here: list[dict] = []
        for c in find_casualties(text, s, e, qs):
            # "22 others" may point to the sentence before; a bare "408 killed" only
            # to a figure in its own sentence
            said_by = doc.speaker_for(i, c.start, c.end)
            here.append(_row(doc, i, c, here or _antecedents(doc, i, c, previous, prev_i, said_by[0]),
                             said_by))
        if here:
            rows.extend(here)
            previous, prev_i = here, i
    n = len(rows)
    constant = {
        "event_id": str(event_id), "claim_date": claim_date,
        "claim_date_precision": precision or "day", "claim_seq": 1, "supersedes": "",
        "source_publisher": source_publisher, "source_title": source_title,
        "source_url": source_url or "", "source_date": claim_date, "quality": "ok",
        "quality_note": "extracted from text by escalation.extract_claims; check the span",
        "verification": "not_checked", "convention": conv.name,
    }
    columns: dict[str, object] = {}
    for col in CLAIM_COLUMNS:
        if col == "claim_id":
            columns[col] = [f"{event_id}-C{k + 1:02d}" for k in range(n)]
        elif col in constant:
            columns[col] = [constant[col]] * n
        else:
            columns[col] = [r[col] for r in rows]
    if n == 0:
        return _empty_claims().copy()
    return _frame(columns, _CLAIM_DTYPES)


_BACK = re.compile(r"\b(?:others?|more|them|whom)\b", re.IGNORECASE)


def _antecedents(doc: _Document, i: int, c: Casualty, previous: list[dict], prev_i: int,
                 sp: Speaker | None) -> list[dict]:
    """Figures an earlier sentence gives that ``c`` may point back to: "22 others" in the
    next sentences, and a figure without a noun ("more than 200 were injured") when the
    same speaker gave them in the sentence before."""
    if not previous or i - prev_i > 3:
        return []
    if _BACK.search(doc.text, c.np_start, c.np_end):
        return previous
    if c.np_start == c.np_end or not doc.text[c.np_start:c.np_end].strip():
        if sp is not None and sp.resolved and i - prev_i <= 2 and \
                previous[-1]["claimant_side"] == sp.side:
            return previous
    return []


def _frame(columns: dict[str, list], dtypes: dict[str, str], *, arrow: bool = True) -> pd.DataFrame:
    """A frame from columns of Python values, built in one step (pandas builds thirty text
    columns one by one several times slower): through Arrow when pyarrow is installed,
    else the text columns as one block and numbers as arrays.  Same values either way."""
    pa = None
    if arrow:
        try:
            import pyarrow as pa
        except ImportError:  # pyarrow is optional (the parquet extra)
            pa = None
    if pa is not None:
        # large_string is what pandas keeps: no cast on the way in
        kinds = {"str": pa.large_string(), "float64": pa.float64(), "int64": pa.int64(),
                 "bool": pa.bool_()}
        schema = pa.schema([(c, kinds[dtypes[c]]) for c in columns])
        return pa.Table.from_pydict(columns, schema=schema).to_pandas(split_blocks=True)
    text_cols = [c for c in columns if dtypes[c] == "str"]
    n = len(next(iter(columns.values())))
    block = np.empty((n, len(text_cols)), dtype=object)
    for j, c in enumerate(text_cols):
        block[:, j] = columns[c]
    frame = pd.DataFrame(block, columns=text_cols, dtype="str")
    for c in columns:
        if dtypes[c] != "str":
            frame[c] = np.asarray(columns[c], dtype=dtypes[c])
    return frame[list(columns)]


@lru_cache(maxsize=1)
def _empty_claims() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in CLAIM_COLUMNS}).astype(_CLAIM_DTYPES)


@lru_cache(maxsize=1)
def _empty_statements() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in STATEMENT_COLUMNS}).astype(
        {**{c: "str" for c in STATEMENT_COLUMNS}, "char_start": "int64", "char_end": "int64",
         "needs_review": "bool"})


def _row(doc: _Document, i: int, c: Casualty, earlier: list[dict],
         said_by: tuple[Speaker | None, bool]) -> dict:
    text = doc.text
    sp, denied = said_by
    reasons = []
    side = org = claimant = ""
    if sp is not None and sp.resolved:
        side, org, claimant = sp.side, (sp.group or sp.org), sp.text
        if sp.how == "context":
            reasons.append("claimant's side from the state named before it")
    elif sp is not None:
        claimant = sp.text
        reasons.append(f"claimant {sp.text!r} not in the tables")
    else:
        reasons.append("no speaker")
    if denied:
        reasons.append(f"{claimant or 'the speaker'} denies it")
        side = ""
    iv = c.quantity.interval
    subject, how = _subject_state(doc, i, c, side, sp, earlier)
    if not subject:
        reasons.append("whose people not stated")
    category = c.category
    if not category and c.back_reference and earlier:
        category = earlier[-1]["subject_category"]
    if not category:
        category = _sentence_category(text, *doc.sents[i])
        if category:
            reasons.append("category from the sentence")
    if not category:
        reasons.append("category not stated")
    needs = not side or not subject or not category or denied
    return {
        "claimant": claimant, "claimant_org": org, "claimant_side": side,
        "subject_state": subject, "subject_category": category, "outcome": c.outcome,
        "qualifier": iv.qualifier.value, "number": iv.number, "number_to": iv.number_to,
        "low": iv.low, "high": iv.high, "raw_phrase": text[c.start:c.end],
        "char_start": c.start, "char_end": c.end, "needs_review": needs,
        "review_reason": "; ".join(r for r in reasons if r) if needs or reasons else "",
        "_state_how": how,
    }


def _subject_state(doc: _Document, i: int, c: Casualty, side: str, sp: Speaker | None,
                   earlier: list[dict]) -> tuple[str, str]:
    if c.state:
        return c.state, c.state_how
    if c.own and side not in ("", "THIRD", "NSA"):
        return side, "own"
    if c.back_reference and earlier and earlier[-1]["subject_state"]:
        return earlier[-1]["subject_state"], "earlier figure"
    s, e = doc.sents[i]
    # "Pakistan lost 12 soldiers": the state before the verb acted on no one
    agents = [] if c.lost else [m for m in agent_states(doc.text, s, e)
                                if not (c.np_start <= m.start < c.np_end)]
    if agents:
        other = doc.opponent(agents[0].state)
        if other:
            return other, "acted on by " + agents[0].state
    if c.category == "militant":
        # militants on their own are counted for the state opposing the claimant
        # (the codebook's rule), never as the claimant's own people
        other = doc.opponent(side) if side not in ("", "THIRD", "NSA") else ""
        return (other, "militants: the claimant's opponent") if other else ("", "")
    if side not in ("", "THIRD", "NSA") and c.category in ("military", "civilian", "mixed", ""):
        return side, "the claimant's own"
    if sp is not None and sp.state:
        return sp.state, "the organisation's country"
    states = {m.state for m in find_mentions(doc.text, s, e) if m.state}
    if len(states) == 1:
        return states.pop(), "the only state in the sentence"
    return "", ""


_CATEGORY_WORDS = re.compile(r"\b(civilians?|residents|villagers|children|women|soldiers|troops|"
                             r"militants|terrorists|insurgents)\b", re.IGNORECASE)


def _sentence_category(text: str, s: int, e: int) -> str:
    from .casualties import PERSON_NOUNS

    cats = {PERSON_NOUNS[m.group(1).lower()] for m in _CATEGORY_WORDS.finditer(text, s, e)}
    return cats.pop() if len(cats) == 1 else ""


# -- statements -----------------------------------------------------------------------
_SMALL_WORDS = frozenset("of the and al el for in on a an de bin ibn ul".split())
#: Words before a quotation that make it a name or a label, not someone's words.
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:operation|operations|so-called|dubbed|named|code-?named|known\s+as|titled|"
    r"entitled|designated(?:\s+\w+){0,3}\s+as(?:\s+an?)?)|#)\s*[\"“‘']$", re.IGNORECASE)
_STOP_WORDS = frozenset(
    "a an the and or but of in on at to for from with by as that this these those it its we "
    "our us they their them he she his her i my me you your is are was were be been being has "
    "have had will would shall should can could may might do does did not no so than then there "
    "here also which who whom what when where all some any more most other such only just very "
    "said says".split())


def _is_label(text: str, q: _Quote) -> bool:
    """A name or label in quotation marks ("Operation Bunyan-um-Marsoos", "Islamic Army",
    designated a "foreign terrorist organization"): not a statement."""
    words = re.findall(r"[\w'’-]+", text[q.start:q.end])
    if not words or len(words) > 8:
        return False
    if _LABEL_BEFORE.search(text, max(0, q.start - 40), q.start):
        return True
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    # every word capitalised, and not a sentence ("Never again.", "We will win")
    return bool(content) and all(w[:1].isupper() for w in content) and \
        text[q.end - 1:q.end] not in ".!?" and (len(content) > 1 or q.how not in ("after", "before"))


def _only_casualties(doc: _Document, q: _Quote, n_words: int) -> bool:
    """A quotation whose only content is a casualty figure ("left two dead", "we have
    lost 11 soldiers and 78 were wounded", 'more than 130 militants' were killed) is a
    claim, not a statement; so is a short fragment inside one (killed "dozens" of
    fighters, "neutralised" 40 fighters)."""
    text = doc.text
    s, e = doc.sents[q.sentence][0], doc.sents[q.last][1]
    if (OUTCOME_WORDS.search(doc._lower, s, e) if doc._lower is not None
            else ANY_OUTCOME.search(text, s, e)) is None:
        return False
    spans = []
    for i in range(q.sentence, q.last + 1):
        a, b = doc.sents[i]
        qs = find_quantities(text, a, b, lower=doc._lower)
        qs = sorted(qs + article_quantities(text, a, b, qs, lower=doc._lower), key=lambda x: x.start)
        if qs:
            spans += [(c.start, max(c.end, c.np_end)) for c in find_casualties(text, a, b, qs)
                      if c.start <= q.end and q.start <= max(c.end, c.np_end) + 1]
    if not spans:
        return False
    if n_words < 3:
        return True
    rest = list(text[q.start:q.end])
    for a, b in spans:
        for k in range(max(a, q.start) - q.start, min(b, q.end) - q.start):
            rest[k] = " "
    content = [w for w in re.findall(r"[A-Za-z'’-]+", "".join(rest)) if w.lower() not in _STOP_WORDS]
    return len(content) < 3


def extract_statements(text: str, *, states: Sequence[str] | None = None) -> pd.DataFrame:
    """Quotations attributed to officials, placed on the ladder's statement rungs.

    A quotation is text in quotation marks, double or single, straight or curly (“…”,
    "…", ‘…’, '…'; :func:`escalation.text.quotes.find_quotations` tells a quotation mark
    from an apostrophe), and may run over several sentences.  Its speaker is the one
    named just after it ("..., the minister said", "... said Tarar, the information
    minister") or just before it ("Tarar said: ..."), the speaker whose reported words it
    sits in ("Asif said Pakistan was in 'open war'") or who characterised something in it
    ("the ministry called the strikes 'an act of war'"), by pronoun or short reference
    resolved as for claims, the speaker of the quotation just before it in the same
    passage, or, for a quotation that is a sentence of its own, the speaker of the
    sentence before.  A fragment of one or two words needs a speaker named with it.
    Only speakers that the tables recognise as an office, organisation or state are kept
    (residents and witnesses are not officials); names and labels in quotation marks
    ("Operation ...", "so-called", a designation) and quotations whose only content is a
    casualty figure (those are claims) are left out.  ``rung`` comes from
    :func:`escalation.coding.classify_statements`: ``open_war``, ``coercion``,
    ``rhetoric`` or ``talks``.

    Parameters
    ----------
    text : str
        The article.
    states : sequence of str, optional
        The conflict's two states (ISO3); by default the two states the text names most.
        Used to give a side to speakers known only by the state named before them.

    Returns
    -------
    DataFrame
        :data:`STATEMENT_COLUMNS`; ``char_start``/``char_end`` span the words inside the
        quotation marks, ``needs_review`` marks speakers whose side was not found.

    Examples
    --------
    >>> import escalation as esc
    >>> st = esc.extract_statements('"Now it is open war between us," Pakistan\\'s defence minister said.')
    >>> st[["speaker_side", "rung"]].values.tolist()
    [['PAK', 'open_war']]
    """
    from ..coding import classify_statements

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    doc = _document(text, tuple(states or ()))
    doc.attribute_quotes()
    rows = []
    for q in doc.quotes:
        sp = q.speaker
        if sp is None or not (sp.resolved or sp.office):
            continue
        words = re.findall(r"\w+", text[q.start:q.end])
        if len(words) < 3 and q.how in ("continuation", "previous") and \
                text[q.end - 1:q.end] not in (".", "!", "?"):
            continue  # a fragment (not a sentence: "Never again.") needs its speaker named with it
        if _is_label(text, q) or _only_casualties(doc, q, len(words)):
            continue
        rows.append({"speaker": sp.text, "speaker_side": sp.side,
                     "speaker_org": sp.group or sp.org, "quote": text[q.start:q.end],
                     "char_start": q.start, "char_end": q.end, "needs_review": not sp.resolved})
    if not rows:
        return _empty_statements().copy()
    rungs = classify_statements(pd.Series([r["quote"] for r in rows], dtype="str")).tolist()
    columns = {c: [r[c] for r in rows] if c != "rung" else rungs for c in STATEMENT_COLUMNS}
    return _frame(columns, {**{c: "str" for c in STATEMENT_COLUMNS}, "char_start": "int64",
                            "char_end": "int64", "needs_review": "bool"})
