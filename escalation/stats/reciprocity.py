"""Action and reaction: does one side's activity follow the other's?"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._common import (
    BURST_WINDOW,
    MAX_LAG,
    MIN_NONZERO,
    N_SHIFTS,
    RETALIATION_MIN_LAG,
    RETALIATION_WINDOW,
    SEED,
    SHIFT_RADIUS,
    InsufficientDataError,
    describe,
    finish,
    quietly,
)
from ._hmm import burst_probability

NB_REFERENCE = ("Reaction functions: Goldstein & Freeman (1990), Three-Way Street; Jaeger & "
                "Paserman (2008), AER 98:1591-1604; NB2: Cameron & Trivedi (2013); burst "
                "control: Zucchini, MacDonald & Langrock (2016), Poisson HMM")
VAR_REFERENCE = ("Luetkepohl (2005), New Introduction to Multiple Time Series Analysis, "
                 "sections 2.3 (IRF), 3.6 (Granger and instantaneous causality)")
RETALIATION_REFERENCE = ("Haushofer, Biletzki & Kanwisher (2010), PNAS 107:17927-17932; "
                         "circular-shift baseline: Ernst (2004), Statistical Science 19:676-685")
COLUMNS = ["group", "cause", "effect", "method", "test", "estimate", "statistic", "p_value"]


def _pair(series: pd.DataFrame, value: str):
    """Yield (dyad, a, b, y_ab, y_ba, periods) for each dyad of a daily directed series."""
    if "actor_state" not in series:
        raise ValueError("reciprocity needs a directed series (build_series with the default by=)")
    if series.attrs.get("freq", "D") != "D":
        raise ValueError("reciprocity works on daily series: build_series(coded, freq='D')")
    for dyad, g in series.groupby("dyad", sort=True):
        a, b = dyad.split("-")
        ab = g[(g["actor_state"] == a) & (g["target_state"] == b)].sort_values("period")
        ba = g[(g["actor_state"] == b) & (g["target_state"] == a)].sort_values("period")
        yield dyad, a, b, ab[value].to_numpy(float), ba[value].to_numpy(float), ab["period"]


def _lags(v: np.ndarray, k: int) -> np.ndarray:
    return np.column_stack([np.r_[np.zeros(j), v[:len(v) - j]] for j in range(1, k + 1)])


def reaction_function(y: np.ndarray, x: np.ndarray, lags: int = MAX_LAG,
                      burst_control: bool = True) -> dict:
    """NB2 of y_t on its own lags, x's lags and the burst control; tests on x's lags.

    Returns the joint Wald test that all of x's lag coefficients are zero, the test that
    their sum is zero (the net reaction), the sum itself, and which model was used (a
    Poisson fit replaces NB2 when alpha sits on its boundary and the Hessian is singular).
    """
    import statsmodels.api as sm

    n = len(y)
    cols = [np.ones(n), _lags(y, lags), _lags(x, lags)]
    if burst_control:
        # the shared burst state (both sides' total) and the responder's own state: the
        # first guards against common bursts, the second against the opponent's past
        # standing in for the responder's own longer history
        cols.append(np.column_stack([burst_probability(y + x), burst_probability(y)]))
    X = np.column_stack(cols)
    start = max(lags, BURST_WINDOW if burst_control else lags)
    yy, XX = y[start:], X[start:]
    opp = np.arange(1 + lags, 1 + 2 * lags)
    model_name = "negative_binomial"
    res, warn = quietly(sm.NegativeBinomial(yy, XX).fit, disp=0, maxiter=300)
    k = XX.shape[1] + 1
    usable = res.mle_retvals.get("converged", False) and np.all(np.isfinite(res.bse))
    if not usable:
        res, warn = quietly(sm.Poisson(yy, XX).fit, disp=0, maxiter=300)
        model_name, k = "poisson (NB alpha at its boundary)", XX.shape[1]
    R = np.zeros((lags, k))
    R[np.arange(lags), opp] = 1
    joint = res.wald_test(R, scalar=True)
    total = np.zeros(k)
    total[opp] = 1
    summed = res.t_test(total)
    return {"joint_stat": float(joint.statistic), "joint_p": float(joint.pvalue),
            "sum": float(np.asarray(summed.effect).ravel()[0]),
            "sum_z": float(np.asarray(summed.tvalue).ravel()[0]),
            "sum_p": float(np.asarray(summed.pvalue).ravel()[0]),
            "model": model_name, "n_obs": len(yy), "warnings": "; ".join(warn)}


def _daily(data: pd.DataFrame, include_mutual: bool) -> pd.DataFrame:
    """Coded events become a daily series (mutual rows left out unless asked); series pass."""
    if "rung" not in data.columns:
        return data
    from ..series import build_series

    events = data if include_mutual else data[~data["mutual"].astype(bool)]
    return build_series(events, freq="D")


def reciprocity(series: pd.DataFrame, value: str = "n_events", *, lags: int = MAX_LAG,
                burst_control: bool = True, var: bool = True,
                include_mutual: bool = False) -> pd.DataFrame:
    """Does each side's daily activity react to the other's?

    Primary: for each direction A->B, a negative-binomial (NB2) reaction function of A's
    daily count on its own lags 1..7, B's lags 1..7 and a burst control (the
    one-step-ahead probability of a shared burst state from a two-state Poisson HMM of
    both sides' total), reported as two tests side by side: the joint Wald test that
    all of B's lags are zero (any reaction) and the test that their sum is zero (net
    reaction, with the sum as ``estimate``).

    Secondary (``var=True``): a VAR on the two series (lag order by AIC up to 7), with
    Granger causality for each ``cause`` -> ``effect`` (statsmodels
    ``test_causality(caused, causing)``) and instantaneous causality.

    Pass coded events (a daily series is built with mutual rows left out, since they are
    simultaneous by construction; ``include_mutual=True`` keeps them) or a daily series
    from :func:`escalation.build_series`.  Fewer than 10 non-zero days on either side
    give NaN with the reason.

    References
    ----------
    Goldstein & Freeman (1990); Jaeger & Paserman (2008); Luetkepohl (2005);
    Zucchini, MacDonald & Langrock (2016).
    """
    series = _daily(series, include_mutual)
    rows = []
    for dyad, a, b, y_ab, y_ba, periods in _pair(series, value):
        for actor, target, y, x in ((a, b, y_ab, y_ba), (b, a, y_ba, y_ab)):
            base = {"group": dyad, "cause": f"{target}→{actor}", "effect": f"{actor}→{target}",
                    **describe(y), "n_events_cause": int(x.sum()),
                    "defaults": f"lags={lags}, burst_control={'poisson_hmm' if burst_control else 'none'}",
                    "reference": NB_REFERENCE}
            short = min((y > 0).sum(), (x > 0).sum()) < MIN_NONZERO
            rows_nb = [{**base, "method": "nb_reaction", "test": "joint_lags_zero"},
                       {**base, "method": "nb_reaction", "test": "sum_of_lags_zero"}]
            if short:
                note = f"fewer than {MIN_NONZERO} non-zero days on a side: not estimated"
                rows += [{**r, "note": note} for r in rows_nb]
                continue
            try:
                fit = reaction_function(y, x, lags, burst_control)
            except Exception as exc:  # a degenerate fit is reported, never raised
                note = f"not estimated: {type(exc).__name__}: {str(exc).splitlines()[0]}"
                rows += [{**r, "note": note} for r in rows_nb]
                continue
            rows_nb[0].update(statistic=fit["joint_stat"], p_value=fit["joint_p"],
                              model=fit["model"], n_obs=fit["n_obs"], warnings=fit["warnings"])
            rows_nb[1].update(estimate=fit["sum"], statistic=fit["sum_z"], p_value=fit["sum_p"],
                              model=fit["model"], n_obs=fit["n_obs"], warnings=fit["warnings"])
            rows += rows_nb
        if var:
            rows += _var_rows(dyad, a, b, y_ab, y_ba, lags)
    return finish(rows, COLUMNS)


def _var_fit(y_ab, y_ba, a, b, lags):
    from statsmodels.tsa.api import VAR

    data = pd.DataFrame({f"{a}→{b}": y_ab, f"{b}→{a}": y_ba})
    model = VAR(data)
    order = model.select_order(maxlags=lags).selected_orders.get("aic") or 1
    res, warn = quietly(model.fit, max(int(order), 1))
    return data, res, warn


def _var_rows(dyad, a, b, y_ab, y_ba, lags) -> list[dict]:
    base = {"group": dyad, "method": "var", "reference": VAR_REFERENCE, **describe(y_ab + y_ba)}
    if min((y_ab > 0).sum(), (y_ba > 0).sum()) < MIN_NONZERO:
        return [{**base, "test": "granger", "note": f"fewer than {MIN_NONZERO} non-zero days on a side"}]
    data, res, warn = _var_fit(y_ab, y_ba, a, b, lags)
    names = list(data.columns)
    rows = []
    for caused, causing in ((names[0], names[1]), (names[1], names[0])):
        t = res.test_causality(caused, causing, kind="f")
        rows.append({**base, "cause": causing, "effect": caused, "test": "granger",
                     "statistic": float(t.test_statistic), "p_value": float(t.pvalue),
                     "defaults": f"lag order by AIC up to {lags} (chose {res.k_ar})",
                     "warnings": "; ".join(warn)})
    inst = res.test_inst_causality(names[1])
    rows.append({**base, "cause": names[1], "effect": names[0], "test": "instantaneous",
                 "statistic": float(inst.test_statistic), "p_value": float(inst.pvalue),
                 "defaults": f"lag order {res.k_ar}"})
    return rows


def impulse_responses(series: pd.DataFrame, value: str = "n_events", *, horizon: int = 14,
                      lags: int = MAX_LAG, repl: int = 500, seed: int = SEED) -> pd.DataFrame:
    """Orthogonalised impulse responses of the VAR, with Monte Carlo 95% bands.

    The Cholesky ordering is named in ``ordering`` (the first series is assumed not to
    respond within the day to the second).  Long form: one row per dyad, impulse,
    response and horizon, with ``irf``, ``lower`` and ``upper``; ``attrs["arrays"]``
    holds the (horizon+1, 2, 2) arrays per dyad.

    Reference: Luetkepohl (2005), section 3.7.
    """
    rows, arrays = [], {}
    series = _daily(series, include_mutual=False)
    for dyad, a, b, y_ab, y_ba, _ in _pair(series, value):
        if min((y_ab > 0).sum(), (y_ba > 0).sum()) < MIN_NONZERO:
            raise InsufficientDataError(f"impulse_responses: {dyad} has fewer than {MIN_NONZERO} non-zero days on a side")
        data, res, _ = _var_fit(y_ab, y_ba, a, b, lags)
        irf = res.irf(horizon)
        lower, upper = irf.errband_mc(orth=True, repl=repl, rng=np.random.default_rng(seed))
        names = list(data.columns)
        arrays[dyad] = {"irf": irf.orth_irfs, "lower": lower, "upper": upper, "names": names}
        for h in range(horizon + 1):
            for i, response in enumerate(names):
                for j, impulse in enumerate(names):
                    rows.append({"group": dyad, "impulse": impulse, "response": response,
                                 "horizon": h, "irf": irf.orth_irfs[h, i, j],
                                 "lower": lower[h, i, j], "upper": upper[h, i, j],
                                 "ordering": " then ".join(names), "k_ar": res.k_ar})
    out = pd.DataFrame(rows)
    out.attrs["arrays"] = arrays
    return out


def retaliation(coded: pd.DataFrame, window: str = RETALIATION_WINDOW,
                min_lag: str = RETALIATION_MIN_LAG, *, include_mutual: bool = False,
                radius: int = SHIFT_RADIUS, n_shifts: int = N_SHIFTS, seed: int = SEED,
                dyad: str | None = None) -> pd.DataFrame:
    """For each A->B event, does B->A follow within the window, and on which rung?

    A trigger is a day-precision A->B state action on a dyadic rung; it is answered if
    B->A acts between ``min_lag`` and ``window`` after it.  The answer's rung against the
    trigger's: ``equal``, ``higher`` (an escalation step) or ``lower`` (the first answer
    counts).  Baseline: the responder's daily series is shifted circularly within the
    active window around each trigger (+-30 days), ``n_shifts`` times with a fixed
    seed; shifts keep the responder's bursts but break their timing relative to the
    trigger (shifting across years would move bursts into quiet time, and permuting
    dates destroys clustering: both make any bursty process look reciprocal).  Shifts
    alone still favour "answers" when both sides share bursts, because a trigger sits in
    a burst; so the statistic is the number of triggers answered after minus the number
    preceded by the responder in the mirror window before (shared bursts raise both
    alike), and the p-value is the share of shifted statistics at least as large.

    Mutual rows are left out by default; imprecise events never count.

    References
    ----------
    Haushofer, Biletzki & Kanwisher (2010); Ernst (2004).

    Examples
    --------
    >>> import escalation as esc
    >>> r = esc.stats.retaliation(esc.code_events(esc.load_events()), dyad="AFG-PAK", n_shifts=199)
    >>> sorted(r.columns[:4])
    ['cause', 'effect', 'group', 'method']
    """
    lag_lo = pd.Timedelta(min_lag).days
    lag_hi = pd.Timedelta(window).days
    ok = (coded["rung"].astype(str).isin(_ladder_keys(coded)) & coded["is_dyadic"]
          & coded["is_state_action"] & (coded["date_precision"] == "day"))
    if not include_mutual:
        ok &= ~coded["mutual"]
    ev = coded[ok]
    if dyad is not None:
        ev = ev[ev["dyad"] == dyad]
    rng = np.random.default_rng(seed)
    rows, detail = [], []
    for d, g in ev.groupby("dyad", sort=True):
        a, b = d.split("-")
        for actor, target in ((a, b), (b, a)):
            trig = g[(g["actor_state"] == actor) & (g["target_state"] == target)]
            resp = g[(g["actor_state"] == target) & (g["target_state"] == actor)]
            rows.append(_retaliation_direction(d, actor, target, trig, resp, lag_lo, lag_hi,
                                               radius, n_shifts, rng, detail))
    out = finish(rows, COLUMNS)
    out.attrs["events"] = pd.DataFrame(detail)
    return out


def _ladder_keys(coded):
    from ..scale import EscalationScale

    name = coded.attrs.get("scale", "default")
    scale = EscalationScale.shipped(name) if name in ("default", "mid_hostility") else None
    return scale.keys if scale else [k for k in coded["rung"].astype(str).unique()
                                     if k not in ("aggregate", "uncoded", "out_of_scope")]


def _retaliation_direction(dyad, actor, target, trig, resp, lag_lo, lag_hi, radius, n_shifts,
                           rng, detail) -> dict:
    base = {"group": dyad, "cause": f"{actor}→{target}", "effect": f"{target}→{actor}",
            "method": "retaliation", "test": "answered_within_window",
            "n_events": int(len(trig)), "n_events_effect": int(len(resp)),
            "defaults": f"window={lag_hi}D, min_lag={lag_lo}D, shifts=+-{radius}D x {n_shifts}",
            "reference": RETALIATION_REFERENCE}
    if trig.empty:
        return {**base, "note": "no day-precision triggers"}
    day0 = min(trig["date_start"].min(), resp["date_start"].min() if len(resp) else trig["date_start"].min())
    day0 = day0 - pd.Timedelta(days=radius + lag_hi + 1)
    t_days = (trig["date_start"] - day0).dt.days.to_numpy()
    r_days = (resp["date_start"] - day0).dt.days.to_numpy() if len(resp) else np.array([], int)
    span = int(max(t_days.max(), r_days.max() if len(r_days) else 0) + radius + lag_hi + 2)
    daily = np.zeros(span, dtype="int64")
    np.add.at(daily, r_days, 1)
    level = np.full(span, -np.inf)
    if len(r_days):
        np.maximum.at(level, r_days, resp["level"].astype(float).to_numpy())
    # local windows around each trigger: [t - radius, t + radius + lag_hi]
    width = 2 * radius + lag_hi + 1
    offsets = np.arange(width) - radius
    local = daily[np.clip(t_days[:, None] + offsets[None, :], 0, span - 1)]
    in_window = (offsets >= lag_lo) & (offsets <= lag_hi)
    mirror = (offsets <= -lag_lo) & (offsets >= -lag_hi)
    # Statistic: triggers answered after, minus triggers preceded by the responder in the
    # mirror window before.  Shared bursts raise both alike (a two-state latent chain is
    # time-reversible), so the difference isolates answers; the circular shifts give its
    # null distribution while keeping the responder's local clustering.
    answered = local[:, in_window].sum(axis=1) > 0
    preceded = local[:, mirror].sum(axis=1) > 0
    shifts = rng.integers(1, width, size=(n_shifts, len(t_days)))
    idx = (np.arange(width)[None, None, :] - shifts[:, :, None]) % width
    shifted = np.take_along_axis(np.broadcast_to(local, (n_shifts, *local.shape)), idx, axis=2)
    null_after = (shifted[:, :, in_window].sum(axis=2) > 0).sum(axis=1)
    null = null_after - (shifted[:, :, mirror].sum(axis=2) > 0).sum(axis=1)
    stat = int(answered.sum()) - int(preceded.sum())
    p = (1 + np.sum(null >= stat)) / (1 + n_shifts)
    observed = answered
    # rung of the first answer against the trigger's
    first = np.full(len(t_days), np.nan)
    for k in np.flatnonzero(in_window):
        day = t_days + offsets[k]
        lv = level[np.clip(day, 0, span - 1)]
        fill = np.isnan(first) & np.isfinite(lv)
        first[fill] = lv[fill]
    trig_level = trig["level"].astype(float).to_numpy()
    step = np.where(np.isnan(first), "none",
                    np.where(first > trig_level, "higher", np.where(first == trig_level, "equal", "lower")))
    for eid, s_, f_ in zip(trig["event_id"], step, first):
        detail.append({"group": dyad, "trigger": eid, "cause": base["cause"], "answered": s_ != "none",
                       "answer_level": f_, "answer_vs_trigger": s_})
    baseline = float(null_after.mean() / len(t_days))
    rate = float(observed.mean())
    return {**base, "estimate": rate, "statistic": float(stat), "p_value": float(p),
            "baseline_rate": baseline, "rate_ratio": rate / baseline if baseline > 0 else math.inf,
            "n_answered": int(observed.sum()), "n_preceded": int(preceded.sum()),
            "n_higher": int((step == "higher").sum()),
            "n_equal": int((step == "equal").sum()), "n_lower": int((step == "lower").sum())}
