"""Casualty claims: intervals, phrases, as-of selection, discrepancies, per-period totals."""

from .asof import current_claims
from .discrepancy import discrepancies, pool_discrepancies, ratio_bounds
from .intervals import (
    ACLED_CONSERVATIVE,
    CONVENTIONS,
    DEFAULT_CONVENTION,
    ClaimInterval,
    Convention,
    Qualifier,
    interval_for,
)
from .per_period import claimed_killed
from .phrases import parse_claim, words_to_number
from .reference_cases import reference_cases

__all__ = [
    "claimed_killed", "current_claims", "discrepancies", "parse_claim", "pool_discrepancies",
    "ratio_bounds", "reference_cases", "words_to_number",
    "ACLED_CONSERVATIVE", "CONVENTIONS", "DEFAULT_CONVENTION", "ClaimInterval",
    "Convention", "Qualifier", "interval_for",
]
