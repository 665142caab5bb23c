"""Escalation statistics: trend, change points, regimes, reciprocity, retaliation.

Each function takes a series from :func:`escalation.build_series` (or coded events) and
returns a tidy table with a fixed set of columns whatever happens: the method, its
defaults and its reference, ``n_events``, ``share_zero``, raw and Holm-adjusted p-values
(``p_holm``, within the declared ``family``), ``converged`` where a model is fitted, and
NaN with the reason in ``note`` where a test cannot be computed.  Sizes, powers and
interval coverage on simulated conflict series are in ``docs/calibration.md``; the
simulators are :mod:`escalation.stats.simulate`.

On a curated record of reported events (such as the bundled data), which is not a random
sample of anything, the p-values are descriptive: they say how unusual the record's
pattern would be under the null, not how likely a hypothesis about the world is.
Loaded on first use of ``escalation.stats``.
"""

from . import simulate
from ._common import InsufficientDataError
from .changes import change_points, regimes
from .reciprocity import (
    granger_test,
    impulse_responses,
    lag_blocks,
    reaction_function,
    reciprocity,
    retaliation,
)
from .trend import mann_kendall, trend, trend_fit

__all__ = ["InsufficientDataError", "change_points", "granger_test", "impulse_responses",
           "lag_blocks", "mann_kendall", "reaction_function", "reciprocity", "regimes",
           "retaliation", "simulate", "trend", "trend_fit"]
