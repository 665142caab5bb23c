"""Casualty claims: intervals, loading and validation (and, later, discrepancies)."""

from .intervals import (
    ACLED_CONSERVATIVE,
    CONVENTIONS,
    DEFAULT_CONVENTION,
    ClaimInterval,
    Convention,
    Qualifier,
    interval_for,
)

__all__ = [
    "ACLED_CONSERVATIVE", "CONVENTIONS", "DEFAULT_CONVENTION", "ClaimInterval",
    "Convention", "Qualifier", "interval_for",
]
