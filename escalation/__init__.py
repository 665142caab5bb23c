"""escalation: statistical analysis of conflict escalation.

The public API (``import escalation as esc``)::

    ev = esc.load_events()             # bundled, sourced AFG-PAK (+ IND-PAK) events
    cl = esc.load_claims()             # bundled casualty claims
    new = esc.extract_claims(article)  # claims (who, how many, whose) read from news text
    coded = esc.code_events(ev)        # + rung, level, is_kinetic on the default ladder
    esc.cite()                         # the data's version and sources, BibTeX

    events, report = esc.read_acled(path)   # also read_ucdp_ged, read_gdelt: every row accounted for
    weekly = esc.build_series(coded)   # per direction, zero-filled ISO weeks
    esc.stats.trend(weekly)            # tidy tables: method, reference, p, p_holm
    fig = esc.plots.series(weekly)     # every plot returns a matplotlib Figure

``esc.stats`` and ``esc.plots`` load on first use, so ``import escalation`` does not
import statsmodels, matplotlib or seaborn.  The documentation site (``docs/``, built by
``mkdocs build --strict`` with the ``docs`` extra) has a page per family of functions and
the tutorials in ``analysis/``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .claims import (
    ClaimInterval,
    Qualifier,
    claimed_killed,
    current_claims,
    discrepancies,
    interval_for,
    parse_claim,
    pool_discrepancies,
)
from .claims.table import load_claims, validate_claims
from .coding import CodingSummary, code_events, coding_summary, rule_agreement
from .datasets import cite, data_dir
from .errors import (
    ClaimParseError,
    ConventionError,
    DataValidationError,
    EscalationError,
    FileFormatError,
    InputIsDirectoryError,
    InputNotFoundError,
    MalformedRowError,
    MissingExtraError,
    NoDataError,
    ScaleError,
)
from .events import load_events, validate_events
from .importers import ImportReport, read_acled, read_gdelt, read_ucdp_ged
from .scale import EscalationScale
from .series import build_series, wide
from .streaming import series_from_dask, series_from_parquet
from .text import extract_claims, extract_statements

__version__ = "0.1.0"

_LAZY_MODULES = {"stats", "plots", "report"}

if TYPE_CHECKING:  # pragma: no cover
    from . import plots, stats  # noqa: F401


def __getattr__(name: str):
    if name in _LAZY_MODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'escalation' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY_MODULES))


__all__ = [
    "ClaimInterval", "ClaimParseError", "CodingSummary", "ConventionError", "DataValidationError",
    "InputIsDirectoryError", "InputNotFoundError", "MalformedRowError", "NoDataError",
    "EscalationError", "EscalationScale", "FileFormatError", "MissingExtraError",
    "extract_claims", "extract_statements",
    "Qualifier", "ScaleError", "cite", "claimed_killed", "current_claims", "discrepancies",
    "parse_claim", "pool_discrepancies", "code_events", "coding_summary", "data_dir", "interval_for",
    "ImportReport", "read_acled", "read_gdelt", "read_ucdp_ged", "build_series", "series_from_dask", "series_from_parquet", "wide", "load_claims", "load_events", "rule_agreement", "validate_claims", "validate_events",
]
