"""When the level of activity changed: PELT change points and Markov-switching regimes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import require
from ._common import (
    MIN_NONZERO,
    MIN_REGIME_PERIODS,
    SEARCH_REPS,
    SEED,
    InsufficientDataError,
    describe,
    groups,
    quietly,
)

PELT_REFERENCE = ("Killick, Fearnhead & Eckley (2012), JASA 107:1590-1598; ruptures: Truong, "
                  "Oudre & Vayatis (2020), Signal Processing 167")
#: Regimes count as found only if the fit converged, no regime is degenerate (zero
#: variance), each holds at least 10% of periods, and their means differ by more than
#: 1 on the log1p scale (about a 2.7-fold difference in counts).  Without this rule a
#: two-regime model "finds" regimes in most one-regime count series (see the tests).
DISTINCT_GAP = 1.0
MARKOV_REFERENCE = ("Hamilton (1989), Econometrica 57:357-384; Kim & Nelson (1999), "
                    "State-Space Models with Regime Switching; statsmodels MarkovRegression")


def _noise_sd(signal: np.ndarray) -> float:
    """Robust noise scale from first differences (MAD), insensitive to the breaks themselves."""
    d = np.diff(signal)
    mad = np.median(np.abs(d - np.median(d))) / 0.6745 / math.sqrt(2)
    return float(mad) if mad > 0 else float(np.std(d) / math.sqrt(2) or 1.0)


def change_points(series: pd.DataFrame, value: str = "n_events", *, penalty: float | str = "bic",
                  model: str = "l2", min_size: int = 2) -> pd.DataFrame:
    """PELT change points in the mean of ``sqrt(value)`` per direction.

    Uses ``ruptures.Pelt(model, min_size, jump=1)`` (every period is a candidate: ruptures'
    default ``jump=5`` would only consider every fifth).  The square root stabilises
    count variance; the default penalty is BIC-like, ``2 sigma^2 log n`` with sigma from
    the median absolute first difference.  Fewer than 10 non-zero periods give no break
    and a note (a handful of events is not a regime).  Needs the ``changepoints`` extra.

    Returns one row per detected break (``break_period`` is the first period of the new
    segment, with the segment means before and after on the count scale); a direction
    with no break gets one row with ``break_period`` NaT.

    References
    ----------
    Killick, Fearnhead & Eckley (2012); Truong, Oudre & Vayatis (2020).
    """
    rpt = require("ruptures", feature="change_points", extra="changepoints")
    rows = []
    for name, g in groups(series, value):
        y = g[value].to_numpy(dtype=float)
        periods = g["period"].to_numpy()
        base = {"group": name, "method": "pelt", "value": value, **describe(y),
                "reference": PELT_REFERENCE}
        if len(y) < 2 * min_size or np.all(y == y[0]):
            rows.append({**base, "break_period": pd.NaT, "note": "constant or too short: no break possible"})
            continue
        if np.sum(y > 0) < MIN_NONZERO:
            rows.append({**base, "break_period": pd.NaT,
                         "note": f"fewer than {MIN_NONZERO} non-zero periods: not estimated"})
            continue
        signal = np.sqrt(y)
        sd = _noise_sd(signal)
        pen = 2 * sd**2 * math.log(len(y)) if penalty == "bic" else float(penalty)
        ends = rpt.Pelt(model=model, min_size=min_size, jump=1).fit(signal.reshape(-1, 1)).predict(pen=pen)
        bounds = [0, *ends]
        defaults = f"model={model}, min_size={min_size}, jump=1, penalty={'2*sigma^2*log(n)' if penalty == 'bic' else penalty}"
        breaks = ends[:-1]
        if not breaks:
            rows.append({**base, "break_period": pd.NaT, "penalty": pen, "defaults": defaults})
        for k, b in enumerate(breaks):
            before = y[bounds[k]:b]
            after = y[b:bounds[k + 2]]
            rows.append({**base, "break_period": pd.Timestamp(periods[b]), "break_index": b,
                         "mean_before": before.mean(), "mean_after": after.mean(),
                         "penalty": pen, "defaults": defaults})
    return pd.DataFrame(rows)


def regimes(series: pd.DataFrame, value: str = "n_events", *, transform: str = "log1p",
            k_regimes: int = 2, search_reps: int = SEARCH_REPS, seed: int = SEED) -> pd.DataFrame:
    """Two-regime Markov switching (calm and intense) per direction.

    ``MarkovRegression(log1p(value), k_regimes=2, trend="c", switching_variance=True)``
    fitted with ``search_reps`` seeded random starts; the regime with the higher mean is
    labelled ``high``.  Refuses series shorter than 100 periods.  ``regimes_distinct`` says
    whether the two regimes are real by a fixed rule (converged, no zero-variance regime,
    each holding 10% of periods, means more than 1 apart on the log1p scale).  Returns one row per
    regime with its mean (transformed and back on the count scale), variance, expected
    duration and share of periods it most probably holds, and whether the fit converged;
    ``result.attrs["probabilities"]`` holds the smoothed probability of the high regime
    per period.

    References
    ----------
    Hamilton (1989); Kim & Nelson (1999).
    """
    from statsmodels.tsa.regime_switching.markov_regression import MarkovRegression

    rows, probs = [], []
    for name, g in groups(series, value):
        y = g[value].to_numpy(dtype=float)
        if len(y) < MIN_REGIME_PERIODS:
            raise InsufficientDataError(
                f"regimes: {name} has {len(y)} periods; Markov switching needs at least "
                f"{MIN_REGIME_PERIODS} (use a daily series or a longer window)")
        if np.all(y == y[0]):
            raise InsufficientDataError(f"regimes: {name} is constant ({y[0]:g}); no regimes to find")
        z = np.log1p(y) if transform == "log1p" else y
        model = MarkovRegression(z, k_regimes=k_regimes, trend="c", switching_variance=True)
        note = ""
        try:
            res, warn = quietly(model.fit, search_reps=search_reps, rng=np.random.default_rng(seed))
        except np.linalg.LinAlgError:
            # EM start values break down on zero-heavy series; go straight to the optimiser
            res, warn = quietly(model.fit, em_iter=0, search_reps=search_reps,
                                rng=np.random.default_rng(seed))
            note = "EM start failed (zero-heavy series); fitted from random starts only. "
        params = dict(zip(model.param_names, np.asarray(res.params)))
        means = np.array([params[f"const[{i}]"] for i in range(k_regimes)])
        variances = np.array([params[f"sigma2[{i}]"] for i in range(k_regimes)])
        high = int(np.argmax(means))
        smoothed = np.asarray(res.smoothed_marginal_probabilities)
        most = smoothed.argmax(axis=1)
        durations = np.asarray(res.expected_durations).ravel()
        converged = bool(res.mle_retvals.get("converged", False)) if res.mle_retvals else False
        if np.any(variances < 1e-6):
            note += ("Degenerate: a regime has ~zero variance (a run of identical values, "
                     "typically zeros); read the regimes with care or use a weekly series.")
        shares = np.array([np.mean(most == i) for i in range(k_regimes)])
        distinct = bool(converged and np.all(variances >= 1e-6) and shares.min() >= 0.1
                        and (means.max() - means.min()) > DISTINCT_GAP)
        for i in range(k_regimes):
            rows.append({
                "group": name, "method": "markov_switching", "regime": i,
                "label": "high" if i == high else "low", "mean": means[i],
                "mean_count": float(np.expm1(means[i])) if transform == "log1p" else means[i],
                "variance": variances[i], "expected_duration": float(durations[i]),
                "share_of_periods": float(shares[i]), "converged": converged,
                "regimes_distinct": distinct,
                "llf": float(res.llf), **describe(y), "value": value, "transform": transform,
                "defaults": f"k_regimes={k_regimes}, trend='c', switching_variance=True, "
                            f"search_reps={search_reps}, seed={seed}",
                "warnings": "; ".join(warn), "note": note.strip(), "reference": MARKOV_REFERENCE,
            })
        probs.append(pd.DataFrame({"group": name, "period": g["period"].to_numpy(),
                                   "p_high": smoothed[:, high]}))
    out = pd.DataFrame(rows)
    out.attrs["probabilities"] = pd.concat(probs, ignore_index=True) if probs else pd.DataFrame()
    return out
