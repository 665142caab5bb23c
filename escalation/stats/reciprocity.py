"""Action and reaction: does one side's activity follow the other's?

Two questions, kept apart because they are different claims:

- *prediction* (Granger): does B's past improve the linear prediction of A's counts
  beyond A's own past?  Least squares, F statistic.
- *reaction* (negative binomial): does A's event rate rise after B's events, given A's
  own past?  NB2 with alpha profiled, score statistics.

Both take their null distribution from shifting B's whole daily series circularly
against A's: the shifts keep each side's bursts, so the size holds on sparse, bursty
counts where chi-square and F references do not (docs/calibration.md).

Neither can tell a reaction from a common shock both sides answer (shared bursts):
both reject when the sides merely share bursts (docs/calibration.md reports how
often).  ``retaliation`` asks the event-level question with a null that keeps the
responder's bursts intact.

References
----------
1. Goldstein, J. S. & Freeman, J. R. (1990), *Three-Way Street: Strategic Reciprocity in
   World Politics*, University of Chicago Press.
2. Jaeger, D. A. & Paserman, M. D. (2008), The cycle of violence? An empirical analysis
   of fatalities in the Palestinian-Israeli conflict, AER 98:1591-1604.
3. Haushofer, J., Biletzki, A. & Kanwisher, N. (2010), Both sides retaliate in the
   Israeli-Palestinian conflict, PNAS 107:17927-17932.
4. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, 2nd ed.
5. Granger, C. W. J. (1969), Econometrica 37:424-438.
6. Boos, D. D. & Stefanski, L. A. (2013), *Essential Statistical Inference*, Springer,
   ch. 12 (permutation and randomisation tests).
7. Lütkepohl, H. (2005), *New Introduction to Multiple Time Series Analysis*, Springer.
8. Ernst, M. D. (2004), Permutation methods: a basis for exact inference, Statistical
   Science 19:676-685.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._common import (
    EVENTS_PER_PARAMETER,
    MAX_LAG,
    MIN_NONZERO,
    N_SHIFTS,
    RETALIATION_MIN_LAG,
    RETALIATION_WINDOW,
    SEED,
    SHIFTS_CAUSE,
    collect_warnings,
    describe,
    finish,
    warn_once,
)

NB_REFERENCE = ("Goldstein & Freeman (1990); Jaeger & Paserman (2008), AER 98:1591-1604; "
                "NB2 with profiled alpha and score tests: Cameron & Trivedi (2013), ch. 3; "
                "whole-series shift null: Ernst (2004), Statistical Science 19:676-685")
GRANGER_REFERENCE = ("Granger (1969), Econometrica 37:424-438; Luetkepohl (2005), section 3.6; "
                     "whole-series shift null: Ernst (2004), Statistical Science 19:676-685")
VAR_REFERENCE = ("Luetkepohl (2005), New Introduction to Multiple Time Series Analysis, "
                 "sections 2.3 (IRF), 3.7 (Monte Carlo bands)")
RETALIATION_REFERENCE = ("Haushofer, Biletzki & Kanwisher (2010), PNAS 107:17927-17932; "
                         "whole-series shift null: Ernst (2004), Statistical Science 19:676-685")
COLUMNS = ["group", "cause", "effect", "method", "test", "family", "estimate", "estimate_name",
           "ci_low", "ci_high", "statistic", "df", "p_value", "p_holm", "converged", "note",
           "n_shifts", "n_params",
           "n_nonzero_needed", "n_obs", "n_periods", "n_events", "n_nonzero", "share_zero",
           "n_events_cause", "alpha", "lag_blocks", "defaults", "reference", "warnings"]
RETALIATION_COLUMNS = ["group", "cause", "effect", "method", "test", "family", "estimate",
                       "baseline_rate", "rate_ratio", "statistic", "p_value", "p_holm",
                       "n_events", "n_events_effect", "n_answered", "n_preceded", "n_higher",
                       "n_equal", "n_lower", "n_shifts", "note", "defaults", "reference"]
MIN_TRIGGERS = 5


def lag_blocks(lags: int) -> list[tuple[int, int]]:
    """Lags 1..``lags`` in doubling blocks: (1, 1), (2, 3), (4, 7), (8, 15), ...

    Summing the lags within a block keeps the parameters few enough for sparse daily
    counts while still separating next-day from later reactions.

    Parameters
    ----------
    lags : int
        The longest lag, in days (periods).

    Returns
    -------
    list of tuple of int
        ``(first, last)`` lag of each block, inclusive; the last block ends at ``lags``.

    References
    ----------
    1. Jaeger, D. A. & Paserman, M. D. (2008), AER 98:1591-1604 (reactions by day after).

    Examples
    --------
    >>> lag_blocks(7)
    [(1, 1), (2, 3), (4, 7)]
    """
    out, lo = [], 1
    while lo <= lags:
        hi = min(2 * lo - 1, lags)
        out.append((lo, hi))
        lo = hi + 1
    return out


def _block_lags(v: np.ndarray, blocks) -> np.ndarray:
    """Columns: for each block (lo, hi), the sum of v over days t-hi .. t-lo."""
    c = np.r_[0.0, np.cumsum(v)]
    t = np.arange(len(v))
    cols = []
    for lo, hi in blocks:
        start, end = np.clip(t - hi, 0, None), np.clip(t - lo + 1, 0, None)
        cols.append(c[end] - c[start])
    return np.column_stack(cols)


def _pair(series: pd.DataFrame, value: str):
    """Yield (dyad, a, b, y_ab, y_ba) for each dyad of a daily directed series."""
    if "actor_state" not in series:
        raise ValueError("reciprocity needs a directed series (build_series with the default by=)")
    if series.attrs.get("freq", "D") != "D":
        raise ValueError("reciprocity works on daily series: build_series(coded, freq='D')")
    if value not in series.columns:
        raise ValueError(f"the series has no column {value!r} (columns: {', '.join(map(str, series.columns))}); "
                         "build it with escalation.build_series")
    for dyad, g in series.groupby("dyad", sort=True):
        a, b = _two_states(dyad, g)
        ab = g[(g["actor_state"] == a) & (g["target_state"] == b)].set_index("period")[value]
        ba = g[(g["actor_state"] == b) & (g["target_state"] == a)].set_index("period")[value]
        days = ab.index.union(ba.index).sort_values()
        yield (dyad, a, b, ab.reindex(days, fill_value=0).to_numpy(float),
               ba.reindex(days, fill_value=0).to_numpy(float))


def _design(y, x, blocks, burst_control):
    """Responder y's own lag blocks, the cause x's lag blocks, and the own-burst control."""
    from ._hmm import burst_probability

    start = blocks[-1][1]
    own, cause = _block_lags(y, blocks), _block_lags(x, blocks)
    cols = [np.ones(len(y)), own]
    if burst_control == "own":
        # built from the responder's own past only, never from the cause under test
        cols.append(burst_probability(y)[:, None])
    X0 = np.column_stack(cols)[start:]
    return y[start:], X0, cause[start:]


def _shifts(n: int, lags: int, n_shifts: int, seed: int) -> np.ndarray:
    """Circular shifts of the cause's series used as its null: at least twice the longest
    lag from the observed alignment, all of them if there are at most ``n_shifts``."""
    margin = 2 * lags + 1
    possible = np.arange(margin, n - margin + 1)
    if len(possible) > n_shifts:
        possible = np.sort(np.random.default_rng(seed).choice(possible, n_shifts, replace=False))
    return possible


def _shifted_blocks(x: np.ndarray, blocks, shifts: np.ndarray, start: int) -> np.ndarray:
    """Lag blocks of x circularly shifted by each shift: (n_shifts + 1, n - start, q),
    the observed alignment first."""
    n = len(x)
    c = np.r_[0.0, np.cumsum(np.r_[x, x])]              # the series twice, for wrapping
    t = np.arange(start, n)
    out = []
    for s in np.r_[0, shifts]:
        cols = []
        for lo, hi in blocks:
            # sum of x over days t-hi .. t-lo, read s days earlier on the circle
            a = (t - hi - s) % n
            cols.append(c[a + (hi - lo + 1)] - c[a])
        out.append(np.column_stack(cols))
    return np.stack(out)


def _score_statistics(u: np.ndarray, w: np.ndarray, X0: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Score statistics for adding Z (..., n, q) to a fitted model with design X0, scores
    ``u`` per period and working weights ``w``: ``S' I_eff^-1 S``."""
    Xw = X0 * w[:, None]
    I00 = X0.T @ Xw
    # partial X0 out of Z in the weighted metric, then the quadratic form
    Zp = Z - X0[None] @ np.linalg.solve(I00, np.einsum("nk,bnq->bkq", Xw, Z))
    S = np.einsum("n,bnq->bq", u, Zp)
    info = np.einsum("bnq,n,bnr->bqr", Zp, w, Zp)
    return np.einsum("bq,bq->b", S, np.linalg.solve(info, S[..., None])[..., 0])


def _shift_pvalue(stats: np.ndarray) -> float:
    """(1 + #{shifted >= observed}) / (1 + shifts); the observed statistic comes first."""
    obs, null = stats[0], stats[1:]
    if not np.isfinite(obs):
        return math.nan
    return float((1 + np.sum(null >= obs - 1e-12 * abs(obs))) / (1 + len(null)))


def reaction_function(y: np.ndarray, x: np.ndarray, lags: int = MAX_LAG,
                      burst_control: str | bool = "none", *, n_shifts: int = SHIFTS_CAUSE,
                      seed: int = SEED) -> dict:
    """NB2 of ``y_t`` on its own past; does adding ``x``'s past raise its rate?

    The null model is NB2 (alpha profiled) of the responder's daily count on its own
    lag blocks (days 1, 2-3, 4-7 for ``lags=7``).  Two score tests of adding the
    cause's past: all of its lag blocks (``joint``) and its total over the last
    ``lags`` days (``net``, one coefficient: the net reaction).  Their null
    distributions come from shifting the cause's whole series circularly against the
    responder (``n_shifts`` seeded shifts of at least ``2 lags + 1`` days), which keeps
    both series' bursts and holds the size whatever the NB model gets wrong about the
    responder; a chi-square reference rejected 8-12% of independent sparse pairs.

    Parameters
    ----------
    y, x : array
        Daily counts: the responder and the cause.
    lags : int
        Longest lag, in days; lags are grouped in doubling blocks (:func:`lag_blocks`).
    burst_control : {"none", "own"}
        ``"own"`` adds the one-step-ahead burst probability of a two-state Poisson HMM
        of ``y`` alone (never of ``x``, the variable under test).
    n_shifts, seed : int
        The shifts.

    Returns
    -------
    dict
        ``joint_stat``, ``joint_df``, ``joint_p``, ``net`` (the log rate ratio per cause
        event over the last ``lags`` days, from the NB2 fit with that one regressor
        added), ``net_low``, ``net_high`` (its 95% interval: EWC sandwich standard error,
        fixed-b critical value, as for :func:`escalation.stats.trend`), ``net_stat``,
        ``net_p``, ``alpha`` (null model), ``converged``, ``n_obs``, ``n_params``,
        ``n_shifts``, ``note``, ``warnings``.

    References
    ----------
    1. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, ch. 3
       (NB2, score tests).
    2. Jaeger, D. A. & Paserman, M. D. (2008), AER 98:1591-1604.
    3. Ernst, M. D. (2004), Statistical Science 19:676-685 (shift and permutation nulls).

    Examples
    --------
    >>> import numpy as np
    >>> from escalation.stats import simulate, reaction_function
    >>> x, y = simulate.answering_pair(np.random.default_rng(3), 1500, 0.3, 5, effect=1.0)
    >>> bool(reaction_function(y, x)["joint_p"] < 0.01)
    True
    """
    from ._nb import ewc_t_test, ewc_terms, fit_nb2, information, score_contributions

    if burst_control is True:
        burst_control = "own"
    if burst_control is False:
        burst_control = "none"
    blocks = lag_blocks(lags)
    start = blocks[-1][1]
    y = np.asarray(y, float)
    x = np.asarray(x, float)
    yy, X0, C = _design(y, x, blocks, burst_control)
    total = C.sum(axis=1, keepdims=True)
    with collect_warnings() as caught:
        null = fit_nb2(yy, X0)
        net = fit_nb2(yy, np.column_stack([X0, total]))
    k = X0.shape[1] + len(blocks) + 1
    converged = bool(null.converged and net.converged)
    out = {"n_obs": len(yy), "n_params": k, "alpha": null.alpha, "converged": converged,
           "joint_df": len(blocks), "warnings": "; ".join(caught),
           "note": "" if converged else "; ".join(dict.fromkeys(f.note for f in (null, net) if f.note))}
    nan = {"joint_stat": math.nan, "joint_p": math.nan, "net": math.nan, "net_low": math.nan,
           "net_high": math.nan, "net_stat": math.nan, "net_p": math.nan, "n_shifts": 0}
    if not converged:
        return {**out, **nan}
    shifts = _shifts(len(y), lags, n_shifts, seed)
    Z = _shifted_blocks(x, blocks, shifts, start)
    u = (yy - null.mu) / (1 + null.alpha * null.mu)
    w = null.mu / (1 + null.alpha * null.mu)
    with np.errstate(all="ignore"):
        joint = _score_statistics(u, w, X0, Z)
        net_stats = _score_statistics(u, w, X0, Z.sum(axis=2, keepdims=True))
    # the interval: an EWC sandwich with its fixed-b critical value, since the model's
    # own information understates the uncertainty when the responder is bursty; the
    # number of cosine terms follows the persistence of the coefficient's own influence
    # series (scores times the inverse information), which is what the long-run
    # variance is of: the residuals alone can look white once own lags are in the model
    Xn = np.column_stack([X0, total])
    influence = score_contributions(net, yy, Xn) @ np.linalg.inv(information(net, Xn))[-1]
    _, _, se, crit = ewc_t_test(net, yy, Xn, Xn.shape[1] - 1, ewc_terms(len(yy), influence))
    beta = float(net.beta[-1])
    return {**out, "joint_stat": float(joint[0]), "joint_p": _shift_pvalue(joint),
            "net": beta, "net_low": beta - crit * se, "net_high": beta + crit * se,
            "net_stat": float(net_stats[0]), "net_p": _shift_pvalue(net_stats),
            "n_shifts": int(len(shifts))}


def granger_test(y: np.ndarray, x: np.ndarray, lags: int = MAX_LAG, *, n_shifts: int = SHIFTS_CAUSE,
                 seed: int = SEED) -> dict:
    """Does x's past improve the least-squares prediction of y beyond y's own past?

    OLS of ``y_t`` on a constant and both series' lag blocks; the statistic is the F
    statistic for x's blocks, and its null distribution comes from shifting x's whole
    series circularly (as in :func:`reaction_function`).  On sparse bursty counts the
    F reference (homoskedastic: 15% at 5%) and even HC3 errors (12%) reject
    independent pairs too often; the shifts hold the size [2].  It asks about linear
    prediction only: it does not say that y reacts to x (:func:`reaction_function`
    asks that), nor tell a reaction from common shocks both series answer [1, 3].

    Parameters
    ----------
    y, x : array
        Daily counts: the series predicted and the candidate predictor, same length.
    lags : int
        Longest lag, in days; both series enter as doubling lag blocks
        (:func:`lag_blocks`).
    n_shifts : int
        Largest number of circular shifts of x (all of them when there are fewer).
    seed : int
        Seed for choosing the shifts.

    Returns
    -------
    dict
        ``f`` (the F statistic for x's blocks), ``df`` (their number), ``p_value`` (the
        shift p-value), ``p_f`` (the F reference's, for comparison only),
        ``n_shifts``, ``n_params`` (of the full model) and ``warnings``.

    References
    ----------
    1. Granger, C. W. J. (1969), Econometrica 37:424-438.
    2. Ernst, M. D. (2004), Statistical Science 19:676-685.
    3. Lütkepohl, H. (2005), *New Introduction to Multiple Time Series Analysis*,
       Springer, section 3.6 (Granger-causality tests).

    Examples
    --------
    >>> import numpy as np
    >>> from escalation.stats import simulate, granger_test
    >>> x, y = simulate.independent_pair(np.random.default_rng(4), 800, 0.3, 5)
    >>> 0 < granger_test(y, x)["p_value"] <= 1
    True
    """
    blocks = lag_blocks(lags)
    start = blocks[-1][1]
    y = np.asarray(y, float)
    x = np.asarray(x, float)
    yy = y[start:]
    X0 = np.column_stack([np.ones(len(y)), _block_lags(y, blocks)])[start:]
    shifts = _shifts(len(y), lags, n_shifts, seed)
    Z = _shifted_blocks(x, blocks, shifts, start)
    with np.errstate(all="ignore"):
        Q, _ = np.linalg.qr(X0)
        e = yy - Q @ (Q.T @ yy)
        Zp = Z - Q[None] @ np.einsum("nk,bnq->bkq", Q, Z)
        S = np.einsum("n,bnq->bq", e, Zp)
        explained = np.einsum("bq,bq->b", S, np.linalg.solve(np.einsum("bnq,bnr->bqr", Zp, Zp),
                                                             S[..., None])[..., 0])
        q, dof = len(blocks), len(yy) - X0.shape[1] - len(blocks)
        f = (explained / q) / ((e @ e - explained) / dof)
    return {"f": float(f[0]), "df": float(q), "p_value": _shift_pvalue(f),
            "p_f": float(sps.f.sf(f[0], q, dof)), "n_shifts": int(len(shifts)),
            "warnings": "", "n_params": X0.shape[1] + q}


def _daily(data: pd.DataFrame, include_mutual: bool) -> pd.DataFrame:
    """Coded events become a daily series (mutual rows left out unless asked); series pass."""
    if "rung" not in data.columns:
        return data
    from ..series import build_series

    events = data if include_mutual else data[~data["mutual"].astype(bool)]
    return build_series(events, freq="D")


def reciprocity(series: pd.DataFrame, value: str = "n_events", *, lags: int = MAX_LAG,
                burst_control: str | bool = "none", granger: bool = True,
                include_mutual: bool = False, n_shifts: int = SHIFTS_CAUSE, seed: int = SEED,
                var: bool | None = None) -> pd.DataFrame:
    """Does each side's daily activity react to, or predict, the other's?

    For each direction A→B of each dyad (the *effect*; the *cause* is B→A):

    - **reaction** (family ``reciprocity:reaction``): NB2 of A's daily count on its own
      lag blocks (days 1, 2-3, 4-7), alpha profiled [4].  Two score tests of adding B's
      past: all of B's lag blocks (``joint_lags_zero``) and B's total over the last
      ``lags`` days (``net_reaction_zero``; ``estimate`` is its coefficient, the log rate
      ratio per B event in the window, with a 95% interval ``ci_low``, ``ci_high`` from an
      EWC sandwich with its fixed-b critical value).
      No control is built from B's series (a control made of the variable under test
      removes the very reaction it tests); ``burst_control="own"`` adds A's own burst
      state.
    - **prediction** (family ``reciprocity:prediction``, ``granger=True``): least
      squares of A's count on both series' lag blocks, F statistic for B's blocks [5].

    Every p-value comes from shifting B's whole daily series circularly against A's
    (``n_shifts`` seeded shifts of at least ``2 lags + 1`` days) [6, 7]: each side keeps
    its bursts, and the size holds on sparse bursty counts where the chi-square and F
    references reject independent pairs 8-15% of the time.  The two families are
    Holm-adjusted apart, each across all directions.

    Minimum data (the events-per-parameter rule): every parameter estimated needs 10
    non-zero days of the responder (the NB model's 1 + 3 + 3 coefficients and alpha need
    80; the least squares' 7 need 70), and the cause needs 10 non-zero days; otherwise
    NaN with the reason, out of the family.  A fit that does not converge gives NaN with
    the reason and stays in its family.

    Common shocks: when both sides answer the same outside events (shared bursts) and
    not each other, both tests reject often (docs/calibration.md): they cannot see the
    shock.  Read a rejection as "B's activity precedes A's", not as proof of reaction.
    On a curated record of reported events (such as the bundled data), which is not a
    random sample, these tests are descriptive.

    Parameters
    ----------
    series : DataFrame
        Coded events (a daily series is built, mutual rows left out unless
        ``include_mutual``) or a daily series from :func:`escalation.build_series`.
    value : str
        The count column.
    lags : int
        Longest lag in days (7), grouped in doubling blocks.
    burst_control : {"none", "own"}
        See above.
    granger : bool
        Add the prediction tests.
    include_mutual : bool
        Keep mutual rows (simultaneous by construction) when events are given.
    n_shifts, seed : int
        The shifts.
    var : bool, optional
        Old name of ``granger``.

    Returns
    -------
    DataFrame
        Columns ``group``, ``cause``, ``effect``, ``method`` (``nb_reaction``,
        ``granger``), ``test``, ``family``, ``estimate``, ``estimate_name``, ``ci_low``,
        ``ci_high``, ``statistic``, ``df``, ``p_value``, ``p_holm``, ``converged``,
        ``note``, ``n_shifts``, ``n_params``, ``n_nonzero_needed``, ``n_obs``,
        ``n_periods``, ``n_events``, ``n_nonzero``, ``share_zero``, ``n_events_cause``,
        ``alpha``, ``lag_blocks``, ``defaults``, ``reference``, ``warnings``.

    References
    ----------
    1. Goldstein, J. S. & Freeman, J. R. (1990), *Three-Way Street*.
    2. Jaeger, D. A. & Paserman, M. D. (2008), AER 98:1591-1604.
    3. Haushofer, J., Biletzki, A. & Kanwisher, N. (2010), PNAS 107:17927-17932.
    4. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, ch. 3.
    5. Granger, C. W. J. (1969), Econometrica 37:424-438.
    6. Ernst, M. D. (2004), Statistical Science 19:676-685.
    7. Boos, D. D. & Stefanski, L. A. (2013), *Essential Statistical Inference*, ch. 12.

    Examples
    --------
    >>> import escalation as esc
    >>> r = esc.stats.reciprocity(esc.code_events(esc.load_events()))
    >>> sorted(r.test.unique())
    ['granger', 'joint_lags_zero', 'net_reaction_zero']
    >>> bool(r.note.str.startswith("refused").all())  # 13-26 non-zero days per side
    True
    """
    if var is not None:
        granger = var
    if burst_control is True:
        burst_control = "own"
    if burst_control is False:
        burst_control = "none"
    series = _daily(series, include_mutual)
    blocks = lag_blocks(lags)
    block_text = ", ".join(f"{lo}" if lo == hi else f"{lo}-{hi}" for lo, hi in blocks)
    shift_text = f"{n_shifts} whole-series shifts of the cause (seed {seed})"
    rows = []
    for dyad, a, b, y_ab, y_ba in _pair(series, value):
        for actor, target, y, x in ((a, b, y_ab, y_ba), (b, a, y_ba, y_ab)):
            base = {"group": dyad, "cause": f"{target}→{actor}", "effect": f"{actor}→{target}",
                    **describe(y), "n_events_cause": int(x.sum()), "lag_blocks": block_text}
            nb_params = 1 + 2 * len(blocks) + (burst_control == "own") + 1
            ols_params = 1 + 2 * len(blocks)
            specs = [("nb_reaction", "joint_lags_zero", "reciprocity:reaction", nb_params),
                     ("nb_reaction", "net_reaction_zero", "reciprocity:reaction", nb_params)]
            if granger:
                specs.append(("granger", "granger", "reciprocity:prediction", ols_params))
            nonzero_y = int(np.sum(y[blocks[-1][1]:] > 0))
            nonzero_x = int(np.sum(x > 0))
            fit = None
            for method, test, family, k in specs:
                row = {**base, "method": method, "test": test, "family": family,
                       "n_params": k, "n_nonzero_needed": EVENTS_PER_PARAMETER * k,
                       "reference": NB_REFERENCE if method == "nb_reaction" else GRANGER_REFERENCE,
                       "defaults": (f"NB2, alpha profiled, score tests; lag blocks {block_text}; "
                                    f"burst_control={burst_control}; {shift_text}"
                                    if method == "nb_reaction"
                                    else f"OLS, F statistic; lag blocks {block_text}; {shift_text}")}
                if nonzero_y < EVENTS_PER_PARAMETER * k or nonzero_x < MIN_NONZERO:
                    row["note"] = (f"refused: {k} parameters need {EVENTS_PER_PARAMETER * k} "
                                   f"non-zero days of the responder (has {nonzero_y}) and "
                                   f"{MIN_NONZERO} of the cause (has {nonzero_x})")
                    row["family"] = None
                    rows.append(row)
                    continue
                if method == "nb_reaction":
                    if fit is None:
                        fit = reaction_function(y, x, lags, burst_control, n_shifts=n_shifts,
                                                seed=seed)
                    row.update(converged=fit["converged"], alpha=fit["alpha"], n_obs=fit["n_obs"],
                               warnings=fit["warnings"], n_shifts=fit["n_shifts"])
                    if not fit["converged"]:
                        row["note"] = f"not estimated: {fit['note']}"
                    elif test == "joint_lags_zero":
                        row.update(statistic=fit["joint_stat"], df=fit["joint_df"],
                                   p_value=fit["joint_p"])
                    else:
                        row.update(statistic=fit["net_stat"], df=1.0, p_value=fit["net_p"],
                                   estimate=fit["net"], ci_low=fit["net_low"],
                                   ci_high=fit["net_high"],
                                   estimate_name=f"log rate ratio per cause event in the last {lags} days")
                else:
                    g = granger_test(y, x, lags, n_shifts=n_shifts, seed=seed)
                    row.update(statistic=g["f"], df=g["df"], p_value=g["p_value"],
                               n_shifts=g["n_shifts"], n_obs=len(y) - blocks[-1][1])
                rows.append(row)
    table = finish(rows, COLUMNS)
    warn_once(table, "reciprocity")
    return table


def _var_fit(y_ab, y_ba, a, b, lags):
    from statsmodels.tsa.api import VAR

    data = pd.DataFrame({f"{a}→{b}": y_ab, f"{b}→{a}": y_ba})
    model = VAR(data)
    with collect_warnings() as caught:
        order = model.select_order(maxlags=lags).selected_orders.get("aic") or 1
        res = model.fit(max(int(order), 1))
    return data, res, caught


def _robust_cov_alpha(res) -> np.ndarray:
    """Heteroskedasticity-robust (HC0) covariance of the VAR's lag coefficients, in
    statsmodels' ``_cov_alpha`` layout (vec of [A_1 ... A_p], equations fastest).

    Spiky counts make the errors' variance move with the level; the textbook
    ``kron(inv(Z'Z), Sigma_u)`` then understates the uncertainty of responses.
    Reference: Lütkepohl (2005), section 3.2; White (1980), Econometrica 48:817-838.
    """
    Z = np.asarray(res.endog_lagged, dtype=float)
    U = np.asarray(res.resid, dtype=float)
    K, m = U.shape[1], Z.shape[1]
    bread = np.kron(np.linalg.inv(Z.T @ Z), np.eye(K))
    scores = (Z[:, :, None] * U[:, None, :]).reshape(len(Z), m * K)   # index j*K + i
    cov = bread @ (scores.T @ scores) @ bread
    kn = res.k_exog * K
    return cov[kn:, kn:]


IRF_COLUMNS = ["group", "impulse", "response", "horizon", "irf", "lower", "upper", "ordering",
               "k_ar", "note", "warnings"]


def impulse_responses(series: pd.DataFrame, value: str = "n_events", *, horizon: int = 14,
                      lags: int = MAX_LAG, bands: str = "asymptotic", repl: int = 500,
                      seed: int = SEED) -> pd.DataFrame:
    """Orthogonalised impulse responses of a VAR on the two daily series, 95% bands.

    The lag order is chosen by AIC up to ``lags``; the pointwise bands are the
    delta-method (asymptotic) bands with a heteroskedasticity-robust (HC0) covariance
    of the lag coefficients by default [1, 2], or statsmodels' Monte Carlo bands
    (``bands="mc"``: ``repl`` seeded draws of the VAR's asymptotic distribution, fifty
    times slower and no better covering) [1].  The
    Cholesky ordering is named in ``ordering`` (the first series is assumed not to
    respond within the day to the second).  Bands describe the linear VAR's own
    uncertainty; on sparse, bursty counts read them with the calibration study's
    coverage figures in mind (docs/calibration.md).  A dyad with fewer than 10 non-zero
    days on a side gets one row of NaN with the reason in ``note``.

    On a curated record of reported events, which is not a random sample, the bands
    are descriptive.

    Parameters
    ----------
    series : DataFrame
        Coded events or a daily series.
    value : str
        The count column.
    horizon : int
        Days after the impulse.
    lags : int
        Largest VAR order considered.
    bands : {"asymptotic", "mc"}
        How the 95% bands are computed.
    repl : int
        Monte Carlo draws for ``bands="mc"``.
    seed : int
        Their seed.

    Returns
    -------
    DataFrame
        One row per dyad, impulse, response and horizon: ``group``, ``impulse``,
        ``response``, ``horizon``, ``irf``, ``lower``, ``upper``, ``ordering``,
        ``k_ar``, ``note``, ``warnings``; ``attrs["arrays"]`` holds the (horizon+1, 2, 2) arrays per dyad.

    References
    ----------
    1. Lütkepohl, H. (2005), *New Introduction to Multiple Time Series Analysis*,
       Springer, sections 2.3 and 3.7.1 (asymptotic distribution of impulse responses).
    2. White, H. (1980), A heteroskedasticity-consistent covariance matrix estimator and
       a direct test for heteroskedasticity, Econometrica 48:817-838.

    Examples
    --------
    >>> import escalation as esc
    >>> irf = esc.stats.impulse_responses(esc.code_events(esc.load_events()), horizon=3)
    >>> list(irf.columns[:4])
    ['group', 'impulse', 'response', 'horizon']
    """
    rows, arrays = [], {}
    series = _daily(series, include_mutual=False)
    for dyad, a, b, y_ab, y_ba in _pair(series, value):
        if min((y_ab > 0).sum(), (y_ba > 0).sum()) < MIN_NONZERO:
            rows.append({"group": dyad, "note": f"not estimated: fewer than {MIN_NONZERO} "
                                                f"non-zero days on a side"})
            continue
        data, res, caught = _var_fit(y_ab, y_ba, a, b, lags)
        irf = res.irf(horizon)
        with collect_warnings() as more:
            if bands == "mc":
                lower, upper = irf.errband_mc(orth=True, repl=repl, rng=np.random.default_rng(seed))
            else:
                irf.cov_a = _robust_cov_alpha(res)
                se = irf.stderr(orth=True)
                lower, upper = irf.orth_irfs - 1.959964 * se, irf.orth_irfs + 1.959964 * se
        names = list(data.columns)
        arrays[dyad] = {"irf": irf.orth_irfs, "lower": lower, "upper": upper, "names": names}
        for h in range(horizon + 1):
            for i, response in enumerate(names):
                for j, impulse in enumerate(names):
                    rows.append({"group": dyad, "impulse": impulse, "response": response,
                                 "horizon": h, "irf": irf.orth_irfs[h, i, j],
                                 "lower": lower[h, i, j], "upper": upper[h, i, j],
                                 "ordering": " then ".join(names), "k_ar": res.k_ar, "note": "",
                                 "warnings": "; ".join(caught + more)})
    out = pd.DataFrame(rows, columns=IRF_COLUMNS)
    for c in ("note", "warnings"):
        out[c] = out[c].astype(object).where(out[c].notna(), "").astype("str")
    warn_once(out, "impulse_responses")
    out.attrs["arrays"] = arrays
    return out


def retaliation(coded: pd.DataFrame, window: str = RETALIATION_WINDOW,
                min_lag: str = RETALIATION_MIN_LAG, *, include_mutual: bool = False,
                n_shifts: int = N_SHIFTS, seed: int = SEED,
                dyad: str | None = None) -> pd.DataFrame:
    """For each A→B event, does B→A follow within the window, and on which rung?

    A trigger is a day-precision A→B state action on a dyadic rung; it is answered if
    B→A acts between ``min_lag`` and ``window`` after it.  The answer's rung against
    the trigger's: ``equal``, ``higher`` (an escalation step) or ``lower`` (the first
    answer counts).

    The statistic is the number of responder events in the triggers' windows after
    minus the number in the mirror windows before (common bursts raise both alike).  Its
    null distribution comes from shifting the responder's *whole* daily series
    circularly against the triggers (by at least twice the window), so the responder's
    bursts stay intact: triggers in one burst share their responders, and shifting each
    trigger's window on its own (as earlier versions did) treats them as independent
    and rejects 11-24% of independent pairs at 5% [2, 3].  All shifts are used when
    there are at most ``n_shifts`` of them, otherwise ``n_shifts`` seeded ones;
    p = (1 + #{shifted >= observed}) / (1 + shifts).  ``baseline_rate`` is the mean
    answer rate over the shifts.  Directions form one Holm family.

    Fewer than 5 triggers or 5 responder events: NaN with the reason.  Mutual rows are
    left out by default; imprecise events never count.  On a curated record of
    reported events, which is not a random sample, the test is descriptive.

    Parameters
    ----------
    coded : DataFrame
        Coded events (:func:`escalation.code_events`).
    window, min_lag : str
        The answer window, e.g. ``"7D"`` and ``"1D"``.
    include_mutual : bool
        Count mutual rows.
    n_shifts : int
        Largest number of shifts.
    seed : int
        Seed for sampling shifts.
    dyad : str, optional
        Only this dyad, e.g. ``"AFG-PAK"``.

    Returns
    -------
    DataFrame
        One row per direction: ``group``, ``cause``, ``effect``, ``method``, ``test``,
        ``family``, ``estimate`` (share of triggers answered), ``baseline_rate``,
        ``rate_ratio``, ``statistic``, ``p_value``, ``p_holm``, ``n_events`` (triggers),
        ``n_events_effect``, ``n_answered``, ``n_preceded``, ``n_higher``, ``n_equal``,
        ``n_lower``, ``n_shifts``, ``note``, ``defaults``, ``reference``;
        ``attrs["events"]`` has one row per trigger.

    References
    ----------
    1. Haushofer, J., Biletzki, A. & Kanwisher, N. (2010), PNAS 107:17927-17932.
    2. Ernst, M. D. (2004), Statistical Science 19:676-685.
    3. Lahiri, S. N. (2003), *Resampling Methods for Dependent Data*, Springer, ch. 2.

    Examples
    --------
    >>> import escalation as esc
    >>> r = esc.stats.retaliation(esc.code_events(esc.load_events()), dyad="AFG-PAK", n_shifts=199)
    >>> sorted(r.columns[:4])
    ['cause', 'effect', 'group', 'method']
    """
    lag_lo = pd.Timedelta(min_lag).days
    lag_hi = pd.Timedelta(window).days
    if lag_lo < 1 or lag_hi < lag_lo:
        raise ValueError(f"retaliation: window {window!r} must be at least min_lag {min_lag!r}, "
                         "and min_lag at least one day")
    ok = (coded["rung"].astype(str).isin(_ladder_keys(coded)) & coded["is_dyadic"]
          & coded["is_state_action"] & (coded["date_precision"] == "day"))
    if not include_mutual:
        ok &= ~coded["mutual"].astype(bool)
    ev = coded[ok]
    if dyad is not None:
        if not (coded["dyad"] == dyad).any():
            known = sorted(str(v) for v in coded["dyad"].dropna().unique() if str(v))
            raise ValueError(f"retaliation: no events of dyad {dyad!r} "
                             f"(dyads here: {', '.join(known) or 'none'})")
        ev = ev[ev["dyad"] == dyad]
    rows, detail = [], []
    for d, g in ev.groupby("dyad", sort=True):
        a, b = _two_states(d, g)
        day0 = g["date_start"].min() - pd.Timedelta(days=lag_hi)
        span = int((g["date_start"].max() - day0).days) + lag_hi + 1
        for actor, target in ((a, b), (b, a)):
            trig = g[(g["actor_state"] == actor) & (g["target_state"] == target)]
            resp = g[(g["actor_state"] == target) & (g["target_state"] == actor)]
            rows.append(_retaliation_direction(d, actor, target, trig, resp, day0, span,
                                               lag_lo, lag_hi, n_shifts, seed, detail))
    out = finish(rows, RETALIATION_COLUMNS)
    out.attrs["events"] = pd.DataFrame(detail, columns=["group", "trigger", "cause", "answered",
                                                        "answer_level", "answer_vs_trigger"])
    return out


def _two_states(dyad: str, g: pd.DataFrame) -> tuple[str, str]:
    """The dyad's two states, read from its rows (state codes may themselves hold a '-')."""
    states = sorted(set(g["actor_state"].astype(str)) | set(g["target_state"].astype(str)))
    if len(states) != 2:
        raise ValueError(f"dyad {dyad!r} has rows between {len(states)} states "
                         f"({', '.join(states)}); a dyad is two states")
    return states[0], states[1]


def _ladder_keys(coded):
    from ..aggregates import scale_for

    try:
        return scale_for(coded, None).keys
    except ValueError:  # a user's ladder not carried along: the rungs the rows were coded on
        return [k for k in coded["rung"].astype(str).unique()
                if k not in ("aggregate", "uncoded", "out_of_scope")]


def _window_counts(cum2: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """Events in [start, start + width) of a circular series (``cum2``: cumsum of it twice)."""
    return cum2[starts + width] - cum2[starts]


def _retaliation_direction(dyad, actor, target, trig, resp, day0, span, lag_lo, lag_hi,
                           n_shifts, seed, detail) -> dict:
    base = {"group": dyad, "cause": f"{actor}→{target}", "effect": f"{target}→{actor}",
            "method": "retaliation", "test": "after_minus_before", "family": "retaliation",
            "n_events": int(len(trig)), "n_events_effect": int(len(resp)),
            "defaults": (f"window {lag_lo}-{lag_hi} days; whole-series circular shifts of the "
                         f"responder (at most {n_shifts}, seed {seed})"),
            "reference": RETALIATION_REFERENCE}
    t_days = (trig["date_start"] - day0).dt.days.to_numpy()
    r_days = (resp["date_start"] - day0).dt.days.to_numpy()
    daily = np.bincount(r_days, minlength=span).astype(np.int64) if len(r_days) else np.zeros(span, np.int64)
    level = np.full(span, -np.inf)
    if len(r_days):
        np.maximum.at(level, r_days, resp["level"].astype(float).to_numpy())
    # rung of the first answer against the trigger's (reported even when untested)
    first = np.full(len(t_days), np.nan)
    for k in range(lag_lo, lag_hi + 1):
        day = t_days + k
        lv = level[np.clip(day, 0, span - 1)]
        lv = np.where(day < span, lv, -np.inf)
        fill = np.isnan(first) & np.isfinite(lv)
        first[fill] = lv[fill]
    trig_level = trig["level"].astype(float).to_numpy()
    step = np.where(np.isnan(first), "none",
                    np.where(first > trig_level, "higher", np.where(first == trig_level, "equal", "lower")))
    for eid, s_, f_ in zip(trig["event_id"], step, first):
        detail.append({"group": dyad, "trigger": eid, "cause": base["cause"], "answered": s_ != "none",
                       "answer_level": f_, "answer_vs_trigger": s_})
    width = lag_hi - lag_lo + 1
    cum2 = np.r_[0, np.cumsum(np.r_[daily, daily])]
    after_start = (t_days + lag_lo) % span
    before_start = (t_days - lag_hi) % span
    after = _window_counts(cum2, after_start, width)
    before = _window_counts(cum2, before_start, width)
    answered, preceded = after > 0, before > 0
    base.update(n_answered=int(answered.sum()), n_preceded=int(preceded.sum()),
                n_higher=int((step == "higher").sum()), n_equal=int((step == "equal").sum()),
                n_lower=int((step == "lower").sum()),
                estimate=float(answered.mean()) if len(t_days) else math.nan)
    if len(t_days) < MIN_TRIGGERS or len(r_days) < MIN_TRIGGERS:
        return {**base, "family": None,
                "note": f"not tested: needs {MIN_TRIGGERS} day-precision triggers and "
                        f"{MIN_TRIGGERS} responder events (has {len(t_days)} and {len(r_days)})"}
    # shifting the responder by s moves its day d to d + s: the window of trigger t then
    # covers the original days t + lag - s
    margin = 2 * lag_hi + 1
    possible = np.arange(margin, span - margin + 1)
    if len(possible) == 0:
        return {**base, "family": None, "note": "not tested: the record is too short to shift"}
    if len(possible) > n_shifts:
        possible = np.sort(np.random.default_rng(seed).choice(possible, n_shifts, replace=False))
    shifts = possible[:, None]
    shifted_after = _window_counts(cum2, (after_start[None, :] - shifts) % span, width)
    shifted_before = _window_counts(cum2, (before_start[None, :] - shifts) % span, width)
    null = shifted_after.sum(axis=1) - shifted_before.sum(axis=1)
    stat = int(after.sum()) - int(before.sum())
    p = (1 + np.sum(null >= stat)) / (1 + len(possible))
    baseline = float((shifted_after > 0).sum(axis=1).mean() / len(t_days))
    return {**base, "statistic": float(stat), "p_value": float(p), "baseline_rate": baseline,
            "rate_ratio": base["estimate"] / baseline if baseline > 0 else math.inf,
            "n_shifts": int(len(possible))}
