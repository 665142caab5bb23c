"""Escalation statistics (statsmodels): trend, change points, regimes, reciprocity, retaliation.

Each function takes a series from :func:`escalation.build_series` (or coded events) and
returns a tidy table naming the method, its defaults and its reference, with
``n_events``, ``share_zero``, raw and Holm-adjusted p-values (``p_holm``, the table being
one family).  The bundled events are a curated record of reported events, not a sample:
read the p-values as descriptions of that record.  Loaded on first use of
``escalation.stats``.
"""

from ._common import InsufficientDataError
from .changes import change_points, regimes
from .reciprocity import impulse_responses, reaction_function, reciprocity, retaliation
from .trend import mann_kendall, trend, trend_fit

__all__ = ["InsufficientDataError", "change_points", "impulse_responses", "mann_kendall",
           "reaction_function", "reciprocity", "regimes", "retaliation", "trend", "trend_fit"]
