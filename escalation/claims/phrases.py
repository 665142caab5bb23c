"""Reading casualty phrases ("at least 274", "seven to eight", "dozens") into intervals.

References
----------
1. ACLED (2024), *Fatalities* FAQ ("tens" = 10, "dozens" = 12, "hundreds" = 100).
2. The package codebook, ``data/README.md``, "Interval conventions".
"""

from __future__ import annotations

import re

from ..errors import ClaimIntervalError, ClaimParseError
from .intervals import DEFAULT_CONVENTION, ClaimInterval, Convention, Qualifier, interval_for

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "a", "and", "dozen"], key=len, reverse=True))
#: A number: digits (with thousands separators) or number words ("forty-one", "a dozen").
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})(?:[\s-]+(?:{_WORD}))*))"

_PATTERNS: list[tuple[Qualifier, re.Pattern[str]]] = [
    (Qualifier.RANGE, re.compile(rf"^between\s+(?P<n>{NUMBER})\s+and\s+(?P<m>{NUMBER})$")),
    (Qualifier.RANGE, re.compile(
        rf"^(?P<n>{NUMBER})(?:\s*[–—]\s*|\s+(?:to|or)\s+|(?<=\d)\s*-\s*(?=\d))(?P<m>{NUMBER})$")),
    (Qualifier.AT_LEAST, re.compile(
        rf"^(?:at\s+least|no\s+fewer\s+than|not\s+less\s+than|no\s+less\s+than|a\s+minimum\s+of|minimum(?:\s+of)?)\s+(?P<n>{NUMBER})$")),
    (Qualifier.MORE_THAN, re.compile(
        rf"^(?:more\s+than|over|in\s+excess\s+of|upwards\s+of|above|greater\s+than|>)\s*(?P<n>{NUMBER})$")),
    (Qualifier.UP_TO, re.compile(
        rf"^(?:up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of)\s+(?P<n>{NUMBER})$")),
    (Qualifier.NEARLY, re.compile(
        rf"^(?:nearly|almost|just\s+under|just\s+short\s+of|not\s+quite)\s+(?P<n>{NUMBER})$")),
    (Qualifier.FEWER_THAN, re.compile(
        rf"^(?:fewer\s+than|less\s+than|under|below|<)\s*(?P<n>{NUMBER})$")),
    (Qualifier.ABOUT, re.compile(
        rf"^(?:about|around|some|approximately|approx\.?|roughly|an\s+estimated|estimated|close\s+to|~)\s*(?P<n>{NUMBER})$")),
    (Qualifier.EXACT, re.compile(rf"^(?:exactly\s+|precisely\s+)?(?P<n>{NUMBER})$")),
]
_VAGUE: dict[str, Qualifier] = {
    "a few": Qualifier.FEW, "few": Qualifier.FEW, "a handful": Qualifier.FEW,
    "several": Qualifier.SEVERAL,
    "tens": Qualifier.TENS, "tens of": Qualifier.TENS,
    "dozens": Qualifier.DOZENS, "dozens of": Qualifier.DOZENS,
    "scores": Qualifier.SCORES, "scores of": Qualifier.SCORES,
    "hundreds": Qualifier.HUNDREDS, "hundreds of": Qualifier.HUNDREDS,
    "many": Qualifier.MANY, "a large number": Qualifier.MANY, "a large number of": Qualifier.MANY,
    "a number of": Qualifier.MANY, "numerous": Qualifier.MANY, "a lot": Qualifier.MANY,
    "large numbers": Qualifier.MANY, "heavy casualties": Qualifier.MANY,
    "unknown": Qualifier.UNKNOWN, "an unknown number": Qualifier.UNKNOWN,
    "unspecified": Qualifier.UNKNOWN, "an unspecified number": Qualifier.UNKNOWN,
}
#: "tens of thousands": ``tens`` counted in a larger unit.
_TENS_OF = re.compile(r"^tens\s+of\s+(?P<unit>thousands|millions)(?:\s+of)?$")
_UNIT = {"thousands": 1000, "millions": 1_000_000}


def words_to_number(text: str) -> int:
    """``"forty-one"`` -> 41, ``"a dozen"`` -> 12, ``"1,600"`` -> 1600.

    Reads digits (with or without thousands separators) and English number words up to
    the thousands: units, tens, "hundred", "thousand", "a" and "dozen", joined by
    spaces, hyphens or "and", in an order a number can be said ("one hundred and
    twenty", "two thousand five hundred"; not "ten ten").

    Parameters
    ----------
    text : str
        The number alone, any case, surrounding spaces ignored.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For anything that is not a whole number: other words, words in an impossible
        order ("dozen dozen"), or no number at all ("a").

    Examples
    --------
    >>> words_to_number("Forty-one"), words_to_number("a dozen"), words_to_number("1,600")
    (41, 12, 1600)
    >>> words_to_number("two thousand five hundred")
    2500
    """
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    tokens = [t for t in re.split(r"[\s-]+", text) if t and t != "and"]
    if not tokens:
        raise ValueError(f"no number in {text!r}")
    # Each word may only follow certain others: "forty one", "one hundred and twenty",
    # "two thousand five hundred"; not "ten ten" or "dozen dozen".
    follows = {
        "start": {"a", "unit", "tens"},
        "a": {"hundred", "thousand", "dozen"},
        "unit": {"hundred", "thousand", "dozen"},
        "tens": {"unit", "hundred", "thousand", "dozen"},
        "hundred": {"unit", "tens", "thousand"},
        "thousand": {"a", "unit", "tens"},
        "dozen": set(),
    }
    total, current, last = 0, 0, "start"
    for tok in tokens:
        if tok in _UNITS:
            cat = "unit" if _UNITS[tok] < 10 or last != "tens" else "bad"
        elif tok in _TENS:
            cat = "tens"
        elif tok in ("a", "hundred", "thousand", "dozen"):
            cat = tok
        else:
            raise ValueError(f"{tok!r} is not a number word")
        if cat not in follows[last] or (cat == "unit" and last == "tens" and _UNITS[tok] == 0):
            raise ValueError(f"{tok!r} cannot follow the words before it in {text!r}")
        if cat == "a":
            current += 1
        elif cat == "unit":
            current += _UNITS[tok]
        elif cat == "tens":
            current += _TENS[tok]
        elif cat == "dozen":
            current = max(current, 1) * 12
        elif cat == "hundred":
            current = max(current, 1) * 100
        elif cat == "thousand":
            total += max(current, 1) * 1000
            current = 0
        last = cat
    if last in ("start", "a"):
        raise ValueError(f"no number in {text!r}")
    return total + current


def parse_claim(phrase: str, *, convention: str | Convention = DEFAULT_CONVENTION) -> ClaimInterval:
    """Read a casualty phrase into a :class:`ClaimInterval`.

    Understands numbers in digits or words ("thirteen", "Forty-one", "a dozen"),
    "at least N", "more than N" / "over N" / "upwards of N", "up to N" / "as many as N",
    "nearly N" / "almost N" (``[floor(0.9 N), N]``), "fewer than N" / "under N"
    (``[0, N - 1]``), "N to M" / "N-M" / "between N and M", "about / around / some N",
    and the vague words "a few", "several", "tens" (``[20, 99]``; "tens of thousands"
    ``[20000, 99999]``), "dozens", "scores", "hundreds", "many", "a large number".
    Vague words become intervals under ``convention`` (recorded in the result).

    Parameters
    ----------
    phrase : str
        The quantity as reported, without the noun ("at least 274", not "at least 274
        soldiers were killed").
    convention : str or Convention
        ``"default"`` or ``"acled_conservative"``.

    Returns
    -------
    ClaimInterval
        Always finite at the low end; ``high`` is ``inf`` only for open phrases.

    Raises
    ------
    ClaimParseError
        For anything else, naming the phrase: text that is no casualty phrase, a range
        that does not run upwards, a number above 2**53 (``MAX_NUMBER``).
    UnknownConventionError
        An unknown convention name.

    References
    ----------
    1. ACLED (2024), *Fatalities* FAQ.
    2. ``data/README.md``, "Interval conventions".

    Examples
    --------
    >>> parse_claim("at least 274")
    ClaimInterval(low=274, high=inf, qualifier='at_least', number=274)
    >>> iv = parse_claim("twenty-five to thirty"); (iv.low, iv.high)
    (25.0, 30.0)
    >>> iv = parse_claim("nearly 100"); (iv.qualifier.value, iv.low, iv.high)
    ('nearly', 90.0, 100.0)
    >>> iv = parse_claim("tens of thousands"); (iv.low, iv.high)
    (20000.0, 99999.0)
    >>> parse_claim("dozens", convention="acled_conservative").low
    12.0
    """
    if not isinstance(phrase, str):
        raise ClaimParseError(repr(phrase), "expected text")
    text = re.sub(r"\s+", " ", phrase.strip().lower()).rstrip(".,;:!")
    text = text.replace("’", "'")
    try:
        if text in _VAGUE:
            return interval_for(_VAGUE[text], convention=convention)
        tens = _TENS_OF.fullmatch(text)
        if tens:
            return interval_for(Qualifier.TENS, _UNIT[tens.group("unit")], convention=convention)
        for qualifier, pattern in _PATTERNS:
            m = pattern.fullmatch(text)
            if not m:
                continue
            try:
                n = words_to_number(m.group("n"))
                m2 = words_to_number(m.group("m")) if "m" in pattern.groupindex else None
            except ValueError:  # not a number, or more digits than int() reads
                continue
            return interval_for(qualifier, n, m2, convention=convention)
    except ClaimIntervalError as exc:
        raise ClaimParseError(phrase, str(exc)) from None
    raise ClaimParseError(phrase)
