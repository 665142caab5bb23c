"""Quantities in running text: digits, number words, qualifiers and vague words.

:func:`find_quantities` finds the spans of text that state how many ("at least 274",
"Forty-one", "seven to eight", "dozens of", "a large number of") and reads each with
:func:`escalation.claims.parse_claim`, so a qualifier means here exactly what it means in
the claims table.  This module only *recognises* the words; what they mean as an interval
is decided in :mod:`escalation.claims` under a named convention.  A span that
``parse_claim`` cannot read is dropped, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..claims.intervals import ClaimInterval, Convention
from ..claims.phrases import parse_claim
from ..errors import ClaimParseError

_UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
               "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALE_WORDS = ("hundred", "thousand")
_NUM_WORD = "(?:" + "|".join(sorted(_UNIT_WORDS + _TENS_WORDS + list(_SCALE_WORDS) + ["dozen"],
                                   key=len, reverse=True)) + ")"
#: One number: digits with thousands separators, or number words ("forty-one",
#: "two hundred and twelve", "a dozen", "a hundred").  "a" alone is not a number.
NUMBER_SPAN = (
    r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?![\d.,]\d)"
    rf"|(?:an?\s+(?=(?:dozen|hundred|thousand)\b))?{_NUM_WORD}(?:(?:\s+and\s+|[\s-]+){_NUM_WORD})*)"
)
#: Words before a number that ``parse_claim`` reads as a qualifier.
PREFIX = (
    r"(?:at\s+least|no\s+fewer\s+than|not\s+less\s+than|no\s+less\s+than|a\s+minimum\s+of|"
    r"minimum(?:\s+of)?|more\s+than|over|in\s+excess\s+of|upwards\s+of|above|greater\s+than|"
    r"up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|"
    r"about|around|some|approximately|approx\.|roughly|nearly|almost|an\s+estimated|"
    r"estimated|close\s+to|fewer\s+than|less\s+than|just\s+under|just\s+short\s+of|not\s+quite|"
    r"under|below|exactly|precisely)"
)
#: Number-less quantity words ``parse_claim`` knows (longest first).
VAGUE = (
    r"(?:tens\s+of\s+(?:thousands|millions)|tens|dozens|scores|hundreds|a\s+large\s+number|large\s+numbers|"
    r"an?\s+(?:unknown|unspecified)\s+number|a\s+number|a\s+handful|a\s+few|several|many|"
    r"numerous)(?=[\"”’']?\s+of\b|[\"”’']?\s+(?!of\b)[a-z])"
)
_RANGE_TAIL = rf"(?:\s*[–—]\s*|\s+(?:to|or)\s+|(?<=\d)-(?=\d)){NUMBER_SPAN}"
_QUANTITY = re.compile(
    rf"(?<![\w-])(?:(?P<between>between\s+{NUMBER_SPAN}\s+and\s+{NUMBER_SPAN})"
    rf"|(?P<prefix>{PREFIX}\s+)?(?P<number>{NUMBER_SPAN})(?P<range>{_RANGE_TAIL})?"
    rf"|(?P<vague>{VAGUE}))(?![\w-])",
    re.IGNORECASE,
)
def _first_words() -> list[str]:
    words = set(_UNIT_WORDS + _TENS_WORDS) | {"between", "hundred", "thousand", "dozen",
                                              "approx", "minimum", "few"}
    for alternation in (PREFIX, VAGUE):
        body = re.sub(r"\(\?=.*$", "", alternation[3:])
        for alt in body.split("|"):
            first = re.split(r"\\s", alt.strip("()?:"))[0]
            if first.isalpha():
                words.add(first.lower())
    return sorted(words)


#: Where a quantity may start: a digit or one of the words that can begin one.
def _trie(words: list[str]) -> str:
    from .attribution import _alternation

    return _alternation(words)


_START = re.compile(r"(?<![\w-])(?:\d|(?:" + _trie(_first_words()) + r")\b)", re.IGNORECASE)
_START_LOWER = re.compile(r"(?<![\w-])(?:\d|(?:" + _trie(_first_words()) + r")\b)")
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A stated quantity: its span in the text and its reading as an interval.

    Attributes
    ----------
    start, end : int
        Its span in the text.
    text : str
        The words (``"at least 47"``).
    interval : ClaimInterval
        Its reading under the convention asked for.
    has_number : bool
        False for number-less words ("dozens").

    Examples
    --------
    >>> q = find_quantities("at least 47 died")[0]
    >>> q.text, q.qualifier, (q.interval.low, q.interval.high)
    ('at least 47', 'at_least', (47.0, inf))
    """

    start: int
    end: int
    text: str
    interval: ClaimInterval
    has_number: bool

    @property
    def qualifier(self) -> str:
        """The qualifier's name (``"at_least"``)."""
        return self.interval.qualifier.value


@lru_cache(maxsize=4096)
def read_quantity(phrase: str, convention: str | Convention = "default") -> ClaimInterval | None:
    """``parse_claim`` on a recognised span; ``None`` where it cannot be read.

    Cached: news repeats the same few quantities ("two", "at least 10") and the result
    is immutable.

    Parameters
    ----------
    phrase : str
        A quantity as written.
    convention : str or Convention
        How qualifiers become intervals.

    Returns
    -------
    ClaimInterval or None

    Examples
    --------
    >>> str(read_quantity("at least 47")), read_quantity("umpteen")
    ('[47, ∞) (at least 47; default convention)', None)
    """
    phrase = re.sub(r"\s+of$", "", phrase.strip(), flags=re.IGNORECASE)
    for candidate in (phrase, phrase + " of"):  # "a number" is read as "a number of"
        try:
            return parse_claim(candidate, convention=convention)
        except (ClaimParseError, ValueError):
            continue
    return None


def find_quantities(text: str, start: int = 0, end: int | None = None, *,
                    convention: str | Convention = "default",
                    lower: str | None = None) -> list[Quantity]:
    """Every readable quantity in ``text[start:end]``, left to right, with absolute offsets.

    A range written "from 26 to 32" is a change, not a range: only the later number is
    kept.  Decimals ("2.5") and numbers glued to letters ("12th", "F-16") are not counts.

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The span to search (the whole text by default).
    convention : str or Convention
        How qualifiers become intervals.
    lower : str, optional
        The text lower-cased with the same offsets (searched instead of ``text``).

    Returns
    -------
    list of Quantity

    Examples
    --------
    >>> [(q.text, q.qualifier) for q in find_quantities("at least 47 died and dozens of others")]
    [('at least 47', 'at_least'), ('dozens', 'dozens')]
    """
    end = len(text) if end is None else end
    out: list[Quantity] = []
    pos = start
    # ``lower``: the text lower-cased with the same offsets, searched case-sensitively
    scan, starts = (lower, _START_LOWER) if lower is not None else (text, _START)
    while True:
        # find where a quantity may start with a cheap pattern, then read it there
        cand = starts.search(scan, pos, end)
        if cand is None:
            break
        m = _QUANTITY.match(text, cand.start(), end)
        if m is None:
            pos = cand.end()
            continue
        pos = m.end()
        s, e = m.span()
        span = m.group(0)
        if m.group("range") and _FROM_BEFORE.search(text, max(0, s - 6), s):
            # "rose from 26 to 32": the figure now is the second one
            tail = m.group("range")
            num = re.search(NUMBER_SPAN, tail, re.IGNORECASE)
            if num is None:  # pragma: no cover - the tail always holds a number
                continue
            s = m.start("range") + num.start()
            span = text[s:e]
        if m.group("number") and "." in m.group("number"):
            continue
        interval = read_quantity(span, convention)
        if interval is None and m.group("range"):
            # "12 to 15" may be two separate figures ("killed 12, to 15 others"): keep the first
            s, e = m.start(), m.end("number")
            span = text[s:e]
            interval = read_quantity(span, convention)
            pos = e
        if interval is None and not m.group("vague"):
            # "seven and eight" is two numbers, not one: keep the longest readable head
            s, e, span, interval = _readable_head(text, s, e, convention)
            if interval is not None:
                pos = e
        if interval is None:
            continue
        out.append(Quantity(s, e, span, interval, has_number=m.group("vague") is None))
    return out


_WORD_CUT = re.compile(r"(?:\s+and\s+|[\s-]+)")


def _readable_head(text: str, s: int, e: int, convention):
    """The longest leading run of words in ``text[s:e]`` that reads as one quantity."""
    cuts = [m.start() for m in _WORD_CUT.finditer(text, s, e)]
    for cut in reversed(cuts):
        interval = read_quantity(text[s:cut], convention)
        if interval is not None:
            return s, cut, text[s:cut], interval
    return s, e, text[s:e], None
