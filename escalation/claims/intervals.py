"""Casualty claims as intervals: the qualifier enum, the named conventions, ``ClaimInterval``.

A stated casualty figure is rarely a point.  "At least 274" is ``[274, inf)``, "more than
200" is ``[201, inf)``, "about 274" is ``[246, 302]``, "nearly 100" is ``[90, 100]``,
"fewer than 10" is ``[0, 9]``, "tens of thousands" is ``[20000, 99999]``.  How vague words ("dozens",
"several") become intervals is a *convention*, a named and documented choice that every
output records, never a silent default.

References
----------
1. ACLED (2024), *Fatalities* FAQ: vague counts take the most conservative figure
   ("tens" = 10, "dozens" = 12, "hundreds" = 100).
2. UCDP GED codebook: ``low``/``best``/``high``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

from ..errors import ClaimIntervalError, UnknownConventionError

INF = math.inf
#: The largest stated number accepted: 2**53, the largest whole number a float64 holds
#: exactly.  Anything above it is a typing error, not a casualty count, and would turn
#: into ``inf`` or lose its last digits in interval arithmetic.
MAX_NUMBER = 2**53


class Qualifier(str, Enum):
    """How a number was stated.  The one enum shared by the data and the parser.

    A member compares equal to its text (``Qualifier.AT_LEAST == "at_least"``), which is
    what the ``qualifier`` column of the claims table holds.  :func:`interval_for` turns
    a qualifier and its number(s) into an interval.

    Attributes
    ----------
    EXACT, ABOUT, AT_LEAST, MORE_THAN, NEARLY, UP_TO, FEWER_THAN : Qualifier
        A stated number: "274", "about 274", "at least 274", "more than 200", "nearly
        100", "up to 20", "fewer than 10".
    RANGE : Qualifier
        Two stated numbers, "seven to eight" (``number`` and ``number_to``).
    FEW, SEVERAL, TENS, DOZENS, SCORES, HUNDREDS, MANY : Qualifier
        Words without a number, made intervals by a :class:`Convention` (``tens`` may
        count in a unit: "tens of thousands").
    UNKNOWN : Qualifier
        Nothing was stated: the interval is undefined (NaN).

    Examples
    --------
    >>> Qualifier("at_least") is Qualifier.AT_LEAST, Qualifier.AT_LEAST == "at_least"
    (True, True)
    >>> f"{Qualifier.DOZENS}"
    'dozens'
    """

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    NEARLY = "nearly"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"
    RANGE = "range"
    FEW = "few"
    SEVERAL = "several"
    TENS = "tens"
    DOZENS = "dozens"
    SCORES = "scores"
    HUNDREDS = "hundreds"
    MANY = "many"
    UNKNOWN = "unknown"

    def __str__(self) -> str:  # so f-strings and CSVs show the bare value
        return self.value


#: Qualifiers that carry a stated number (``range`` carries two).
NUMERIC_QUALIFIERS = frozenset(
    {Qualifier.EXACT, Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.MORE_THAN,
     Qualifier.NEARLY, Qualifier.UP_TO, Qualifier.FEWER_THAN, Qualifier.RANGE}
)
#: Qualifiers that are words without a number.  ``tens`` may carry the unit it counts in
#: ``number`` (1000 for "tens of thousands"; empty means 1).
VAGUE_QUALIFIERS = frozenset(
    {Qualifier.FEW, Qualifier.SEVERAL, Qualifier.TENS, Qualifier.DOZENS, Qualifier.SCORES,
     Qualifier.HUNDREDS, Qualifier.MANY}
)


@dataclass(frozen=True)
class Convention:
    """A named rule set turning qualifiers into intervals.

    Parameters
    ----------
    name : str
        Recorded in every output that used the convention.
    about_fraction : float
        "about N" becomes ``[floor((1-f) N), ceil((1+f) N)]``.
    nearly_fraction : float
        "nearly N" becomes ``[floor((1-f) N), N]``.
    vague : dict
        ``qualifier -> (low, high)`` for the number-less words; ``tens`` is scaled by its
        unit (``[low u, (high + 1) u - 1]``).

    Examples
    --------
    >>> wide = Convention("wide_about", about_fraction=0.25, vague=DEFAULT_CONVENTION.vague)
    >>> iv = interval_for("about", 100, convention=wide); (iv.low, iv.high, iv.convention)
    (75.0, 125.0, 'wide_about')
    >>> ACLED_CONSERVATIVE.vague[Qualifier.DOZENS]
    (12, inf)
    """

    name: str
    about_fraction: float = 0.1
    nearly_fraction: float = 0.1
    vague: dict[Qualifier, tuple[float, float]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.name)


DEFAULT_CONVENTION = Convention(
    name="default",
    about_fraction=0.1,
    vague={
        Qualifier.FEW: (2, 9),
        Qualifier.SEVERAL: (3, INF),
        Qualifier.TENS: (20, 99),
        Qualifier.DOZENS: (24, INF),
        Qualifier.SCORES: (40, INF),
        Qualifier.HUNDREDS: (200, INF),
        Qualifier.MANY: (1, INF),
    },
)

#: ACLED's "most conservative estimate": the plural's conventional floor ("tens" = 10,
#: "dozens" = 12, "hundreds" = 100), kept as the interval's lower end, never as a point.
ACLED_CONSERVATIVE = Convention(
    name="acled_conservative",
    about_fraction=0.1,
    vague={
        Qualifier.FEW: (2, 9),
        Qualifier.SEVERAL: (3, INF),
        Qualifier.TENS: (10, 99),
        Qualifier.DOZENS: (12, INF),
        Qualifier.SCORES: (20, INF),
        Qualifier.HUNDREDS: (100, INF),
        Qualifier.MANY: (1, INF),
    },
)

CONVENTIONS: dict[str, Convention] = {
    c.name: c for c in (DEFAULT_CONVENTION, ACLED_CONSERVATIVE)
}


def get_convention(convention: str | Convention) -> Convention:
    """Return a :class:`Convention` from its name (or pass one through).

    Parameters
    ----------
    convention : str or Convention
        A name in ``CONVENTIONS`` (``"default"``, ``"acled_conservative"``), or a
        :class:`Convention`, returned as it is.

    Returns
    -------
    Convention

    Raises
    ------
    UnknownConventionError
        For any other name (a ``ValueError`` and a ``KeyError`` too).

    Examples
    --------
    >>> get_convention("acled_conservative").vague[Qualifier.TENS]
    (10, 99)
    >>> get_convention(DEFAULT_CONVENTION) is DEFAULT_CONVENTION
    True
    """
    if isinstance(convention, Convention):
        return convention
    if isinstance(convention, str) and convention in CONVENTIONS:
        return CONVENTIONS[convention]
    raise UnknownConventionError(
        f"unknown convention {convention!r}; choose one of {', '.join(sorted(CONVENTIONS))}")


@dataclass(frozen=True)
class ClaimInterval:
    """A claimed number as an interval ``[low, high]`` (``high`` may be ``inf``).

    ``low`` and ``high`` are NaN for ``unknown`` (nothing was stated).  Made by
    :func:`interval_for` and :func:`~escalation.claims.phrases.parse_claim`; frozen, so
    it can be a dictionary key.  ``str()`` gives the interval and what was said.

    Attributes
    ----------
    low, high : float
        The interval's ends, whole numbers; ``high`` is ``inf`` for an open claim ("at
        least 274").
    qualifier : Qualifier
        How the number was stated.
    number, number_to : float
        The stated number(s), NaN where none was stated (``number_to`` only for a
        range; for ``tens``, ``number`` is the unit counted).
    convention : str
        The name of the :class:`Convention` the interval was derived under.

    Examples
    --------
    >>> iv = interval_for("at_least", 274)
    >>> iv.is_open, iv.is_point, iv.is_defined
    (True, False, True)
    >>> print(iv)
    [274, ∞) (at least 274; default convention)
    >>> print(interval_for("unknown"))
    unknown (nothing stated)
    """

    low: float
    high: float
    qualifier: Qualifier
    number: float = math.nan
    number_to: float = math.nan
    convention: str = DEFAULT_CONVENTION.name

    @property
    def is_point(self) -> bool:
        """Whether the interval is one number (``low == high``): an exact claim."""
        return self.low == self.high

    @property
    def is_open(self) -> bool:
        """Whether the interval is open above (``high`` is ``inf``): "at least", "dozens"."""
        return math.isinf(self.high)

    @property
    def is_defined(self) -> bool:
        """Whether both ends are numbers (false only for ``unknown``)."""
        return not (math.isnan(self.low) or math.isnan(self.high))

    # -- display (text and Jupyter HTML) ---------------------------------------------
    def __str__(self) -> str:
        """``[246, 302] (about 274; default convention)``: the interval, then what was said."""
        def num(x: float) -> str:
            if math.isinf(x):
                return "∞"
            return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"

        said = str(self.qualifier).replace("_", " ")
        stated = [num(x) for x in (self.number, self.number_to) if not math.isnan(x)]
        if self.qualifier is Qualifier.TENS:
            said += f" of {stated[0]}s" if stated and self.number > 1 else ""
        elif stated:
            said += " " + " to ".join(stated)
        if not self.is_defined:
            return "unknown (nothing stated)"
        if self.low == self.high:
            span = num(self.low)
        else:
            span = f"[{num(self.low)}, {num(self.high)}{')' if math.isinf(self.high) else ']'}"
        return f"{span} ({said}; {self.convention} convention)"

    def __repr__(self) -> str:
        """``ClaimInterval(low=274, high=inf, qualifier='at_least', number=274)``: fields
        that carry something, numbers without trailing zeros, the qualifier by its code."""
        def num(x: float) -> str:
            return "inf" if math.isinf(x) else "nan" if math.isnan(x) else f"{x:g}" if not float(x).is_integer() else f"{x:.0f}"

        parts = [f"low={num(self.low)}", f"high={num(self.high)}", f"qualifier={str(self.qualifier)!r}"]
        parts += [f"{name}={num(v)}" for name, v in (("number", self.number), ("number_to", self.number_to))
                  if not math.isnan(v)]
        if self.convention != DEFAULT_CONVENTION.name:
            parts.append(f"convention={self.convention!r}")
        return f"ClaimInterval({', '.join(parts)})"

    def _repr_html_(self) -> str:
        import html

        return f"<code>ClaimInterval</code> {html.escape(str(self))}"


def _count(value, what: str) -> float:
    """A stated number as a float: finite, not negative, at most ``MAX_NUMBER``."""
    if value is None:
        return math.nan
    if isinstance(value, int) and value > MAX_NUMBER:  # before float() rounds or overflows
        raise ClaimIntervalError(f"{what} is above {MAX_NUMBER:,}")
    try:
        x = float(value)
    except OverflowError:
        raise ClaimIntervalError(f"{what} is above {MAX_NUMBER:,}") from None
    except (TypeError, ValueError):
        raise ClaimIntervalError(f"{what} {value!r} is not a number") from None
    if math.isnan(x):
        return x
    if math.isinf(x) or x > MAX_NUMBER:
        raise ClaimIntervalError(f"{what} {x:g} is not a finite number up to {MAX_NUMBER:,}")
    if x < 0:
        raise ClaimIntervalError(f"{what} {x:g} is negative")
    return x


def interval_for(
    qualifier: Qualifier | str,
    number: float | None = None,
    number_to: float | None = None,
    *,
    convention: str | Convention = DEFAULT_CONVENTION,
) -> ClaimInterval:
    """Derive ``[low, high]`` from a qualifier and the stated number(s).

    Parameters
    ----------
    qualifier : Qualifier or str
        How the number was stated (one of :class:`Qualifier`).
    number, number_to : float, optional
        The stated number(s); ``number_to`` only for ``range``.  For ``tens``, ``number``
        is the unit counted in tens (1000 for "tens of thousands"; ``None`` means 1).
    convention : str or Convention
        How approximate and vague qualifiers become intervals.

    Returns
    -------
    ClaimInterval
        The interval, with the qualifier, the stated number(s) and the convention's
        name.

    Raises
    ------
    ClaimIntervalError
        A missing, negative, infinite or too large number (above ``MAX_NUMBER``), a range
        that does not run upwards, "fewer than 0", or a ``tens`` unit that is not a power
        of ten.  It is a ``ValueError``.
    UnknownConventionError
        An unknown convention name.

    Examples
    --------
    >>> iv = interval_for("about", 274)
    >>> (iv.low, iv.high)
    (246.0, 302.0)
    >>> interval_for("more_than", 200).low
    201.0
    >>> iv = interval_for("nearly", 100); (iv.low, iv.high)
    (90.0, 100.0)
    >>> iv = interval_for("tens", 1000); (iv.low, iv.high)
    (20000.0, 99999.0)
    """
    conv = get_convention(convention)
    try:
        q = Qualifier(qualifier)
    except ValueError:
        raise ClaimIntervalError(
            f"{qualifier!r} is not a qualifier; choose one of "
            f"{', '.join(x.value for x in Qualifier)}") from None
    n = _count(number, "number")
    m = _count(number_to, "number_to")
    if q in NUMERIC_QUALIFIERS and math.isnan(n):
        raise ClaimIntervalError(f"qualifier '{q}' needs a number")
    if q is Qualifier.RANGE and math.isnan(m):
        raise ClaimIntervalError("qualifier 'range' needs a second number (number_to)")
    if q is Qualifier.EXACT:
        low, high = n, n
    elif q is Qualifier.ABOUT:
        f = conv.about_fraction
        # round() first so that 0.9 * 274 = 246.60000000000002 floors the way arithmetic does
        low = math.floor(round((1 - f) * n, 9))
        high = math.ceil(round((1 + f) * n, 9))
    elif q is Qualifier.NEARLY:
        low, high = math.floor(round((1 - conv.nearly_fraction) * n, 9)), n
    elif q is Qualifier.AT_LEAST:
        low, high = n, INF
    elif q is Qualifier.MORE_THAN:
        low, high = n + 1, INF
    elif q is Qualifier.UP_TO:
        low, high = 0, n
    elif q is Qualifier.FEWER_THAN:
        if n < 1:
            raise ClaimIntervalError(f"'fewer than {n:g}' is no count")
        low, high = 0, math.ceil(n) - 1
    elif q is Qualifier.RANGE:
        if m <= n:
            raise ClaimIntervalError(f"a range must run upwards ({n:g} to {m:g})")
        low, high = n, m
    elif q is Qualifier.UNKNOWN:
        low, high = math.nan, math.nan
    elif q is Qualifier.TENS:
        unit = 1.0 if math.isnan(n) else n
        if unit < 1 or 10 ** round(math.log10(unit)) != unit:
            raise ClaimIntervalError(f"'tens' counts in a power of ten (1, 1000, ...), not {unit:g}")
        lo, hi = conv.vague[q]
        low, high = lo * unit, (hi + 1) * unit - 1
        if high > MAX_NUMBER:
            raise ClaimIntervalError(f"'tens' of {unit:g} runs above {MAX_NUMBER:,}")
    else:
        low, high = conv.vague[q]
    return ClaimInterval(low=float(low), high=float(high), qualifier=q, number=n, number_to=m,
                         convention=conv.name)
