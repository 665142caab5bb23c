"""When the level of activity changed: change points (exact PELT) and two-state regimes.

References
----------
1. Killick, Fearnhead & Eckley (2012), JASA 107:1590-1598 (PELT).
2. Csörgő & Horváth (1997), *Limit Theorems in Change-Point Analysis*, Wiley.
3. Zucchini, MacDonald & Langrock (2016), *Hidden Markov Models for Time Series*, 2nd ed.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._common import (
    MIN_NONZERO,
    MIN_REGIME_NONZERO,
    MIN_REGIME_PERIODS,
    SEARCH_REPS,
    SEED,
    describe,
    finish,
    groups,
    warn_once,
)

PELT_REFERENCE = ("Killick, Fearnhead & Eckley (2012), JASA 107:1590-1598; penalty and support: "
                  "Andrews (1993), Econometrica 61:821-856; Estrella (2003), Econometric "
                  "Theory 19:1128-1143; quasi-Poisson dispersion: McCullagh & Nelder (1989)")
HMM_REFERENCE = ("Poisson HMM by EM: Zucchini, MacDonald & Langrock (2016), Hidden Markov Models "
                 "for Time Series, 2nd ed., ch. 3-4; independent mixture: Leroux & Puterman "
                 "(1992), Biometrics 48:545-558; persistence by permutation: Ernst (2004)")

CHANGE_COLUMNS = ["group", "method", "family", "break_period", "break_index", "mean_before",
                  "mean_after", "ratio", "statistic", "p_value", "p_holm", "n_breaks", "note",
                  "n_periods", "n_events", "n_nonzero", "share_zero", "penalty", "dispersion",
                  "min_size", "value", "defaults", "reference"]
REGIME_COLUMNS = ["group", "method", "family", "regime", "label", "mean_count",
                  "stay_probability", "p_to_low", "p_to_high", "expected_duration",
                  "stationary_share", "share_of_periods", "statistic", "p_value", "p_holm",
                  "converged", "regimes_distinct", "note", "llf", "llf_independent",
                  "n_starts", "n_starts_at_max", "n_periods", "n_events", "n_nonzero",
                  "share_zero", "value", "defaults", "reference", "warnings"]

#: Regimes count as distinct only if the fit converged (and its best maximum was found
#: from at least two starts), the busier state's mean is at least twice the calmer's,
#: the states persist (the permutation test of serial dependence rejects at 5% and each state's expected
#: stay is at least 2 periods), and each state holds at least 5% of the periods.
#: Without persistence an iid overdispersed series would be "two regimes".
DISTINCT_RATIO = 2.0
DISTINCT_MIN_DURATION = 2.0
DISTINCT_MIN_SHARE = 0.05
CHANGE_LEVEL = 0.05
CHANGE_MIN_SIZE = 4
#: The dispersion estimate counts as chi-square with n / (2 b) degrees of freedom: the
#: number of disjoint pairs of blocks its differences come from.
DISPERSION_DF_SHARE = 2.0


def change_points(series: pd.DataFrame, value: str = "n_events", *,
                  level: float = CHANGE_LEVEL, min_size: int = CHANGE_MIN_SIZE,
                  penalty: float | None = None) -> pd.DataFrame:
    """Changes in the level of a count per direction: exact PELT, quasi-Poisson cost.

    Each segment's cost is twice its negative Poisson log-likelihood at its own mean,
    divided by the series' long-run dispersion (the long-run variance of the counts
    over their mean, from differences of adjacent block sums of length sqrt(n), at
    least 1) [1, 5].  Dividing by it is what keeps bursts and overdispersion from being
    read as changes.  The penalty per break is the ``1 - level`` point of the sup-LR
    distribution for one change at an unknown time over the admissible split points,
    allowing for the estimated dispersion's own noise (a chi-square with ``n / (2b)``
    degrees of freedom, one per disjoint pair of blocks) [3, 4]; a series with no change
    gets a break about ``level`` of the time or less (docs/calibration.md).  Every
    period is a candidate (no subsampling), segments hold at least ``min_size`` periods.
    The package's own PELT: no optional dependency.

    Each break's support: ``statistic`` is the likelihood ratio (over the dispersion)
    of keeping the break against merging its two neighbouring segments, ``p_value`` its
    sup-LR p-value over the merged span.  Breaks of all directions form one Holm family.

    On a curated record of reported events (such as the bundled data), which is not a
    random sample, these tests are descriptive.

    Parameters
    ----------
    series : DataFrame
        From :func:`escalation.build_series` (weekly by default).
    value : str
        The count column.
    level : float
        False-break rate the penalty is set for (0.05).
    min_size : int
        Shortest segment, in periods (4).
    penalty : float, optional
        Overrides the calibrated penalty (on the dispersion-scaled LR scale).

    Returns
    -------
    DataFrame
        One row per break (``break_period`` is the first period of the new segment, with
        the mean counts per period before and after it, ``ratio`` after/before); a
        direction without a break gets one row with ``break_period`` NaT and
        ``n_breaks`` 0.  Columns: ``group``, ``method``, ``family``, ``break_period``,
        ``break_index``, ``mean_before``, ``mean_after``, ``ratio``, ``statistic``,
        ``p_value``, ``p_holm``, ``n_breaks``, ``note``, ``n_periods``, ``n_events``,
        ``n_nonzero``, ``share_zero``, ``penalty``, ``dispersion``, ``min_size``,
        ``value``, ``defaults``, ``reference``.  Fewer than 10 non-zero periods, or
        fewer than ``2 min_size`` periods: no break is sought (``note`` says so).

    References
    ----------
    1. Killick, R., Fearnhead, P. & Eckley, I. A. (2012), Optimal detection of
       changepoints with a linear computational cost, JASA 107:1590-1598.
    2. Csörgő, M. & Horváth, L. (1997), *Limit Theorems in Change-Point Analysis*, Wiley.
    3. Andrews, D. W. K. (1993), Econometrica 61:821-856.
    4. Estrella, A. (2003), Econometric Theory 19:1128-1143.
    5. McCullagh, P. & Nelder, J. A. (1989), *Generalized Linear Models*, 2nd ed., ch. 9.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import escalation as esc
    >>> y = np.r_[np.random.default_rng(5).poisson(0.5, 60), np.random.default_rng(6).poisson(4, 60)]
    >>> s = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=120, freq="7D"),
    ...                   "dyad": "AFG-PAK", "actor_state": "AFG", "target_state": "PAK",
    ...                   "n_events": y})
    >>> cp = esc.stats.change_points(s)
    >>> int(cp.break_index.item()), bool(cp.p_value.item() < 0.01)
    (60, True)
    """
    from ._segment import (
        break_support,
        dispersion_block,
        long_run_dispersion,
        pelt,
        sup_lr_pvalue_scaled,
        sup_lr_quantile,
    )

    rows = []
    for name, g in groups(series, value):
        y = g[value].to_numpy(dtype=float)
        periods = g["period"].to_numpy()
        n = len(y)
        base = {"group": name, "method": "pelt_quasi_poisson", "family": "change_points",
                "value": value, **describe(y), "reference": PELT_REFERENCE,
                "min_size": min_size, "n_breaks": 0, "break_period": pd.NaT}
        if n < 2 * min_size or np.sum(y > 0) < MIN_NONZERO:
            rows.append({**base, "note": f"not estimated: needs {2 * min_size} periods and "
                                         f"{MIN_NONZERO} non-zero periods (has {n} and {int(np.sum(y > 0))})"})
            continue
        df = n / dispersion_block(n) / DISPERSION_DF_SHARE
        phi = long_run_dispersion(y)
        pen = sup_lr_quantile(level, min_size / n, df) if penalty is None else float(penalty)
        defaults = (f"quasi-Poisson cost, dispersion from block differences (b={dispersion_block(n)}), "
                    f"penalty = {1 - level:.0%} point of sup-LR (df={df:.0f}), min_size={min_size}")
        base.update(penalty=pen, dispersion=phi, defaults=defaults)
        breaks = pelt(y, pen, min_size, phi)
        if not breaks:
            rows.append(base)
            continue
        support = break_support(y, breaks, phi)
        bounds = [0, *breaks, n]
        for k, (b, lr) in enumerate(zip(breaks, support)):
            before, after = y[bounds[k]:b], y[b:bounds[k + 2]]
            span = bounds[k + 2] - bounds[k]
            mb, ma = float(before.mean()), float(after.mean())
            rows.append({**base, "break_period": pd.Timestamp(periods[b]), "break_index": b,
                         "n_breaks": len(breaks), "mean_before": mb, "mean_after": ma,
                         "ratio": ma / mb if mb > 0 else math.inf, "statistic": lr,
                         "p_value": sup_lr_pvalue_scaled(lr, min_size / span, df)})
    return finish(rows, CHANGE_COLUMNS)


PERSISTENCE_LAGS = 4
N_PERMUTATIONS = 999


def persistence_test(y, *, lags: int = PERSISTENCE_LAGS, n_permutations: int = N_PERMUTATIONS,
                     seed: int = SEED) -> tuple[float, float]:
    """Are the counts serially dependent?  Sum of the first ``lags`` autocorrelations,
    one-sided permutation p-value (exact for exchangeable, i.e. iid, counts).

    The statistic is the sum of the lag-1 to lag-``lags`` sample autocorrelations (a
    Box-Pierce-type sum without squares, so that only positive dependence, persistence,
    counts against the null) [2]; its null distribution is that of the same sum over
    ``n_permutations`` seeded permutations of the series, with the observed series
    counted among them: ``p = (1 + #{permuted >= observed}) / (1 + n_permutations)``
    [1].  :func:`regimes` uses it to decide whether two levels persist.  The likelihood
    ratio of the HMM against the independent mixture is not chi-square(1) on such data
    (it rejected 12-16% of iid NB series at 5%); the permutation reference holds
    whatever the counts' distribution.

    Parameters
    ----------
    y : array
        The counts, in time order.
    lags : int
        How many autocorrelations are summed (4).
    n_permutations : int
        Seeded permutations of the series (999).
    seed : int
        Seed of the permutations.

    Returns
    -------
    tuple of float
        ``(statistic, p_value)``: the sum of autocorrelations and its one-sided
        permutation p-value; both NaN for a constant series.

    References
    ----------
    1. Ernst, M. D. (2004), Statistical Science 19:676-685.
    2. Box, G. E. P. & Pierce, D. A. (1970), JASA 65:1509-1526 (sums of autocorrelations).

    Examples
    --------
    >>> import numpy as np
    >>> calm_then_busy = np.r_[np.zeros(30), np.full(30, 3.0)] + np.tile([0, 1], 30)
    >>> stat, p = persistence_test(calm_then_busy, n_permutations=199)
    >>> bool(stat > 0), bool(p < 0.01)
    (True, True)
    >>> stat, p = persistence_test(np.random.default_rng(1).poisson(2, 60), n_permutations=199)
    >>> bool(p > 0.05)
    True
    """
    y = np.asarray(y, dtype=float)
    rng = np.random.default_rng(seed)
    perms = np.vstack([y, np.array([rng.permutation(y) for _ in range(n_permutations)])])
    z = perms - perms.mean(axis=1, keepdims=True)
    denom = np.sum(z**2, axis=1)
    total = sum(np.sum(z[:, k:] * z[:, :-k], axis=1) for k in range(1, lags + 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = total / denom
    if not np.isfinite(stat[0]):
        return math.nan, math.nan
    p = (1 + np.sum(stat[1:] >= stat[0] - 1e-12)) / (1 + n_permutations)
    return float(stat[0]), float(p)


def regimes(series: pd.DataFrame, value: str = "n_events", *, n_starts: int = SEARCH_REPS,
            seed: int = SEED, search_reps: int | None = None) -> pd.DataFrame:
    """Calm and intense regimes per direction: a two-state Poisson hidden Markov model.

    The counts follow a Poisson law whose mean depends on a hidden calm/intense state
    that switches as a Markov chain.  Fitted by EM from ``n_starts`` seeded starts (the
    best maximum kept; ``converged`` says whether EM met its tolerance there and
    ``n_starts_at_max`` how many starts reached it) [1, 2].  Persistence is tested by
    the sum of the counts' first four autocorrelations against its permutation
    distribution (999 seeded permutations; exact for iid counts) [4]: an iid
    overdispersed series has two "levels" but no persistence.  The likelihood of the
    same two levels without persistence (an independent mixture, ``llf_independent``)
    is reported beside the HMM's, but their ratio is not used as a test: it is not
    chi-square(1) on such data (12-16% rejections of iid series at 5%) [3].
    ``regimes_distinct`` is a fixed rule:
    converged, the intense state's mean at least twice the calm one's, persistence
    rejected at 5% with each state's expected stay at least 2 periods, and each state
    holding at least 5% of the periods.  The persistence tests of all directions form
    one Holm family.  statsmodels' Markov switching is Gaussian and its likelihood is
    unbounded on zero-heavy counts, which is why this model is used instead.

    On a curated record of reported events (such as the bundled data), which is not a
    random sample, these tests are descriptive.

    Parameters
    ----------
    series : DataFrame
        From :func:`escalation.build_series`.
    value : str
        The count column.
    n_starts : int
        EM starts (seeded).
    seed : int
        Seed of the random starts.
    search_reps : int, optional
        Old name of ``n_starts``.

    Returns
    -------
    DataFrame
        Two rows per direction (``regime`` 0 low, 1 high), columns ``group``, ``method``,
        ``family``, ``regime``, ``label``, ``mean_count`` (events per period),
        ``stay_probability``, ``p_to_low``, ``p_to_high`` (the transition row),
        ``expected_duration`` (periods), ``stationary_share``, ``share_of_periods``
        (periods decoded to the state), ``statistic`` (sum of the first four
        autocorrelations; on the high row), ``p_value`` (its permutation p),
        ``p_holm``, ``converged``, ``regimes_distinct``, ``note``, ``llf``,
        ``llf_independent``, ``n_starts``, ``n_starts_at_max``, ``n_periods``,
        ``n_events``, ``n_nonzero``, ``share_zero``, ``value``, ``defaults``,
        ``reference``, ``warnings``.  ``attrs["probabilities"]``: per period, the
        smoothed probability of the high state (``p_high``) and the decoded state.
        Fewer than 50 periods or 10 non-zero periods: NaN and a note.

    References
    ----------
    1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series: An Introduction Using R*, 2nd ed., CRC Press, ch. 3-4.
    2. Rabiner, L. R. (1989), Proc. IEEE 77:257-286.
    3. Leroux, B. G. & Puterman, M. L. (1992), Biometrics 48:545-558.
    4. Ernst, M. D. (2004), Statistical Science 19:676-685.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import escalation as esc
    >>> from escalation.stats import simulate
    >>> rng = np.random.default_rng(7)
    >>> state = simulate.two_state_chain(rng, 220, burst_length=10, burst_share=0.3)
    >>> s = pd.DataFrame({"period": pd.date_range("2022-01-03", periods=220, freq="7D"),
    ...                   "dyad": "AFG-PAK", "actor_state": "AFG", "target_state": "PAK",
    ...                   "n_events": rng.poisson(np.where(state == 1, 8.0, 0.5))})
    >>> r = esc.stats.regimes(s)
    >>> bool(r.regimes_distinct.all()), bool(r.converged.all())
    (True, True)
    """
    from ._hmm import expected_duration, fit_poisson_hmm
    from ._common import collect_warnings

    if search_reps is not None:
        n_starts = search_reps
    rows, probs = [], []
    for name, g in groups(series, value):
        y = g[value].to_numpy(dtype=float)
        base = {"group": name, "method": "poisson_hmm", "family": "regimes", **describe(y),
                "value": value, "reference": HMM_REFERENCE,
                "defaults": f"2 states, Poisson, EM from {n_starts} seeded starts (seed {seed})"}
        blank = [{**base, "regime": i, "label": lab} for i, lab in enumerate(("low", "high"))]
        if len(y) < MIN_REGIME_PERIODS or np.sum(y > 0) < MIN_REGIME_NONZERO:
            note = (f"not estimated: needs {MIN_REGIME_PERIODS} periods and {MIN_REGIME_NONZERO} "
                    f"non-zero periods (has {len(y)} and {int(np.sum(y > 0))})")
            rows += [{**r, "note": note, "family": None} for r in blank]
            continue
        with collect_warnings() as caught:
            hmm = fit_poisson_hmm(y, n_starts=n_starts, seed=seed)
            mix = fit_poisson_hmm(y, persistent=False, n_starts=2, seed=seed)
        if hmm is None or mix is None:
            rows += [{**r, "note": "not estimated: the EM could not start", "converged": False,
                      "warnings": "; ".join(caught)} for r in blank]
            continue
        stat, p = persistence_test(y, seed=seed)
        G = hmm.transition
        stationary = np.array([G[1, 0], G[0, 1]]) / max(G[1, 0] + G[0, 1], 1e-300)
        decoded = hmm.posterior.argmax(axis=1)
        shares = np.array([np.mean(decoded == i) for i in range(2)])
        durations = np.array([expected_duration(G[i, i]) for i in range(2)])
        converged = bool(hmm.converged)
        ratio = hmm.rates[1] / hmm.rates[0] if hmm.rates[0] > 0 else math.inf
        distinct = bool(converged and hmm.n_starts_at_max >= 2 and ratio >= DISTINCT_RATIO
                        and p < 0.05 and durations.min() >= DISTINCT_MIN_DURATION
                        and shares.min() >= DISTINCT_MIN_SHARE)
        note = "" if converged else "EM did not reach its tolerance"
        for i, lab in enumerate(("low", "high")):
            rows.append({**base, "regime": i, "label": lab, "mean_count": float(hmm.rates[i]),
                         "stay_probability": float(G[i, i]), "p_to_low": float(G[i, 0]),
                         "p_to_high": float(G[i, 1]), "expected_duration": float(durations[i]),
                         "stationary_share": float(stationary[i]),
                         "share_of_periods": float(shares[i]),
                         "statistic": stat if i == 1 else math.nan,
                         "p_value": p if i == 1 else math.nan,
                         "converged": converged, "regimes_distinct": distinct, "note": note,
                         "llf": hmm.llf, "llf_independent": mix.llf, "n_starts": hmm.n_starts,
                         "n_starts_at_max": hmm.n_starts_at_max, "warnings": "; ".join(caught)})
        probs.append(pd.DataFrame({"group": name, "period": g["period"].to_numpy(),
                                   "p_high": hmm.posterior[:, 1], "state": decoded}))
    out = finish(rows, REGIME_COLUMNS)
    out["regimes_distinct"] = out["regimes_distinct"].astype("boolean")
    warn_once(out, "regimes")
    out.attrs["probabilities"] = (pd.concat(probs, ignore_index=True) if probs else
                                  pd.DataFrame(columns=["group", "period", "p_high", "state"]))
    return out
