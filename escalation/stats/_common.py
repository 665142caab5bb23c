"""Shared pieces of the statistics: defaults, tidy tables, Holm adjustment, groupings."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..errors import EscalationError

#: Defaults, declared once before looking at any result (DESIGN section 6).
TREND_FREQ = "W"            # trend and regimes on weekly series
DAILY_FREQ = "D"            # reciprocity and retaliation on daily series
MAX_LAG = 7                 # lag cap, days
MIN_NONZERO = 10            # fewer non-zero periods: NaN with a reason
MIN_REGIME_PERIODS = 100    # regimes refuse shorter series
SEARCH_REPS = 20            # Markov-switching random starts
SEED = 20260227             # every random step is seeded
BURST_WINDOW = 28           # days of joint activity in the burst control
RETALIATION_WINDOW = "7D"
RETALIATION_MIN_LAG = "1D"
SHIFT_RADIUS = 30           # days either side for the circular-shift baseline
N_SHIFTS = 999
HAC_LAGS = 4                # Newey-West lags for the trend's HAC errors (weekly)


class InsufficientDataError(EscalationError, ValueError):
    """A series is too short, empty or constant for the method asked for."""


def groups(series: pd.DataFrame, value: str | None = None) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield (label, rows) per direction ("PAK→AFG") or per dyad, in period order.

    With ``value``, first check that the series has that column and the keys, so a wrong
    argument is one clear error rather than a KeyError from deep inside a fit.
    """
    needed = ["period", value] if value else ["period"]
    missing = [c for c in needed if c not in series.columns]
    if missing:
        raise ValueError(f"the series has no column {missing[0]!r} (columns: {', '.join(map(str, series.columns))}); "
                         "build it with escalation.build_series")
    if "actor_state" in series:
        label = series["actor_state"] + "→" + series["target_state"]
    else:
        label = series["dyad"]
    for name, g in series.assign(_g=label).groupby("_g", sort=True):
        yield name, g.sort_values("period").drop(columns="_g")


def describe(y: np.ndarray) -> dict:
    y = np.asarray(y, dtype=float)
    return {"n_periods": int(len(y)), "n_events": int(np.nansum(y)),
            "share_zero": float(np.mean(y == 0)) if len(y) else np.nan}


def holm(p: pd.Series) -> pd.Series:
    """Holm step-down adjustment over one table (the family), NaN left as NaN."""
    from statsmodels.stats.multitest import multipletests

    out = pd.Series(np.nan, index=p.index)
    ok = p.notna()
    if ok.any():
        out[ok] = multipletests(p[ok].to_numpy(), method="holm")[1]
    return out


def finish(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    for c in columns:
        if c not in table:
            table[c] = np.nan
    table["p_holm"] = holm(table["p_value"])
    rest = [c for c in table.columns if c not in columns and c != "p_holm"]
    return table[[*columns, "p_holm", *rest]]


def quietly(fn, *args, **kwargs):
    """Run a statsmodels fit, returning (result, list of warning messages)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, sorted({str(w.message).splitlines()[0] for w in caught})
