"""Casualty claims as intervals: the qualifier enum, the named conventions, ``ClaimInterval``.

A stated casualty figure is rarely a point.  "At least 274" is ``[274, inf)``, "more than
200" is ``[201, inf)``, "about 274" is ``[246, 302]``.  How vague words ("dozens",
"several") become intervals is a *convention*, a named and documented choice that every
output records, never a silent default.

References
----------
ACLED (2024), *Fatalities* FAQ: vague counts take the most conservative figure
("dozens" = 12, "hundreds" = 100).  UCDP GED codebook: ``low``/``best``/``high``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

INF = math.inf


class Qualifier(str, Enum):
    """How a number was stated.  The one enum shared by the data and the parser."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    UP_TO = "up_to"
    RANGE = "range"
    FEW = "few"
    SEVERAL = "several"
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
     Qualifier.UP_TO, Qualifier.RANGE}
)
#: Qualifiers that are words without a number.
VAGUE_QUALIFIERS = frozenset(
    {Qualifier.FEW, Qualifier.SEVERAL, Qualifier.DOZENS, Qualifier.SCORES,
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
    vague : dict
        ``qualifier -> (low, high)`` for the number-less words.
    """

    name: str
    about_fraction: float = 0.1
    vague: dict[Qualifier, tuple[float, float]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.name)


DEFAULT_CONVENTION = Convention(
    name="default",
    about_fraction=0.1,
    vague={
        Qualifier.FEW: (2, 9),
        Qualifier.SEVERAL: (3, INF),
        Qualifier.DOZENS: (24, INF),
        Qualifier.SCORES: (40, INF),
        Qualifier.HUNDREDS: (200, INF),
        Qualifier.MANY: (1, INF),
    },
)

#: ACLED's "most conservative estimate": the plural's conventional floor ("dozens" = 12,
#: "hundreds" = 100), kept as the interval's lower end, never as a point.
ACLED_CONSERVATIVE = Convention(
    name="acled_conservative",
    about_fraction=0.1,
    vague={
        Qualifier.FEW: (2, 9),
        Qualifier.SEVERAL: (3, INF),
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
    """Return a :class:`Convention` from its name (or pass one through)."""
    if isinstance(convention, Convention):
        return convention
    try:
        return CONVENTIONS[convention]
    except KeyError:
        raise ValueError(
            f"unknown convention {convention!r}; choose one of {sorted(CONVENTIONS)}"
        ) from None


@dataclass(frozen=True)
class ClaimInterval:
    """A claimed number as an interval ``[low, high]`` (``high`` may be ``inf``).

    ``low`` and ``high`` are NaN for ``unknown`` (nothing was stated).
    """

    low: float
    high: float
    qualifier: Qualifier
    number: float = math.nan
    number_to: float = math.nan
    convention: str = DEFAULT_CONVENTION.name

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    @property
    def is_open(self) -> bool:
        return math.isinf(self.high)

    @property
    def is_defined(self) -> bool:
        return not (math.isnan(self.low) or math.isnan(self.high))


def interval_for(
    qualifier: Qualifier | str,
    number: float | None = None,
    number_to: float | None = None,
    *,
    convention: str | Convention = DEFAULT_CONVENTION,
) -> ClaimInterval:
    """Derive ``[low, high]`` from a qualifier and the stated number(s).

    Examples
    --------
    >>> iv = interval_for("about", 274)
    >>> (iv.low, iv.high)
    (246.0, 302.0)
    >>> interval_for("more_than", 200).low
    201.0
    """
    conv = get_convention(convention)
    q = Qualifier(qualifier)
    n = math.nan if number is None else float(number)
    m = math.nan if number_to is None else float(number_to)
    if q in NUMERIC_QUALIFIERS and math.isnan(n):
        raise ValueError(f"qualifier '{q}' needs a number")
    if q is Qualifier.RANGE and math.isnan(m):
        raise ValueError("qualifier 'range' needs a second number (number_to)")
    if q is Qualifier.EXACT:
        low, high = n, n
    elif q is Qualifier.ABOUT:
        f = conv.about_fraction
        # round() first so that 0.9 * 274 = 246.60000000000002 floors the way arithmetic does
        low = math.floor(round((1 - f) * n, 9))
        high = math.ceil(round((1 + f) * n, 9))
    elif q is Qualifier.AT_LEAST:
        low, high = n, INF
    elif q is Qualifier.MORE_THAN:
        low, high = n + 1, INF
    elif q is Qualifier.UP_TO:
        low, high = 0, n
    elif q is Qualifier.RANGE:
        low, high = min(n, m), max(n, m)
    elif q is Qualifier.UNKNOWN:
        low, high = math.nan, math.nan
    else:
        low, high = conv.vague[q]
    return ClaimInterval(low=float(low), high=float(high), qualifier=q, number=n, number_to=m,
                         convention=conv.name)
