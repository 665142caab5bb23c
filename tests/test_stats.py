"""Statistics: known answers, independent re-computations, sizes at small scale, clear output.

Sizes here are checked with a few dozen replications and generous bounds; the full
study (500 replications per scenario) is benchmarks/calibration.py -> docs/calibration.md.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

import escalation as esc
from escalation.errors import EscalationWarning
from escalation.stats import mann_kendall, reaction_function, simulate
from escalation.stats._common import holm

from simulate import daily_pair, events_from_counts, weekly_frame


# -- the NB2 fit -----------------------------------------------------------------------
def independent_nb2_fit(y, X, starts):
    """Multi-start maximum of the NB2 likelihood written from scipy's nbinom."""

    def nll(p):
        mu = np.exp(X @ p[:-1])
        r = np.exp(-p[-1])
        return -stats.nbinom.logpmf(y, r, r / (r + mu)).sum()

    best = None
    for s in starts:
        res = optimize.minimize(nll, s, method="Nelder-Mead",
                                options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 40000, "maxfev": 80000})
        res = optimize.minimize(nll, res.x, method="BFGS", options={"gtol": 1e-10})
        if best is None or res.fun < best.fun:
            best = res
    return best


def pak_afg_weekly(coded):
    w = esc.build_series(coded, freq="W")
    return w[(w["actor_state"] == "PAK") & (w["target_state"] == "AFG")].sort_values("period")


def test_pak_afg_nb_trend_reaches_the_nb2_maximum_with_a_finite_interval(coded):
    """Review B: statsmodels stopped at alpha 3.5e-24 and reported the Poisson IRR."""
    from escalation.stats._nb import fit_nb2
    from escalation.stats.trend import _time_axis

    g = pak_afg_weekly(coded)
    y = g["n_events"].to_numpy(float)
    t = _time_axis(g["period"])
    X = np.column_stack([np.ones_like(t), t])
    ours = fit_nb2(y, X)
    ref = independent_nb2_fit(y, X, [(0, 0, 0), (-2, 0.1, 1), (1, -0.1, -2), (-1, 0.05, 2), (-4, 0, 3)])
    assert ours.converged and ours.alpha > 1
    assert ours.llf == pytest.approx(-ref.fun, abs=1e-6)
    assert np.allclose(ours.beta, ref.x[:2], atol=1e-6)
    assert math.log(ours.alpha) == pytest.approx(ref.x[2], abs=1e-5)
    row = esc.stats.trend(esc.build_series(coded, freq="W")).set_index(["group", "method"]).loc[
        ("PAK→AFG", "negative_binomial")]
    assert bool(row["converged"]) and row["note"] == ""
    assert row["estimate"] == pytest.approx(math.exp(ref.x[1]), rel=1e-6)
    assert math.isfinite(row["ci_low"]) and math.isfinite(row["ci_high"])
    assert row["ci_low"] < row["estimate"] < row["ci_high"]
    assert math.isfinite(row["p_value"])
    # the overdispersion LR from the two maxima, never from a NaN
    poisson = optimize.minimize(lambda b: -stats.poisson.logpmf(y, np.exp(X @ b)).sum(), [0, 0],
                                method="BFGS", options={"gtol": 1e-10})
    assert row["overdispersion_lr"] == pytest.approx(2 * (poisson.fun - ref.fun), abs=1e-5)


def test_nb2_fit_on_poisson_data_sits_on_the_boundary_and_says_so():
    from escalation.stats._nb import fit_nb2

    rng = np.random.default_rng(4)
    y = rng.binomial(4, 0.5, size=200).astype(float)  # underdispersed: alpha's maximum is 0
    X = np.ones((200, 1))
    fit = fit_nb2(y, X)
    assert fit.alpha == 0 and fit.converged and "boundary" in fit.note
    assert fit.overdispersion_lr == 0.0
    assert math.exp(fit.beta[0]) == pytest.approx(y.mean(), rel=1e-8)


def test_nb2_gradient_and_hessian_match_finite_differences():
    from escalation.stats._nb import _full_derivatives, _full_loglike

    rng = np.random.default_rng(9)
    X = np.column_stack([np.ones(120), rng.normal(size=120)])
    y = rng.poisson(np.exp(0.3 + 0.5 * X[:, 1]) * rng.gamma(2, 0.5, 120)).astype(float)
    p = np.array([0.2, 0.4, math.log(0.7)])
    off = np.zeros(120)
    g, H = _full_derivatives(y, X, off, p)
    eps = 1e-6
    num_g = [(_full_loglike(y, X, off, p + eps * e) - _full_loglike(y, X, off, p - eps * e)) / (2 * eps)
             for e in np.eye(3)]
    num_H = [(_full_derivatives(y, X, off, p + eps * e)[0] - _full_derivatives(y, X, off, p - eps * e)[0])
             / (2 * eps) for e in np.eye(3)]
    assert np.allclose(g, num_g, rtol=1e-6, atol=1e-6)
    assert np.allclose(H, np.array(num_H), rtol=1e-5, atol=1e-5)


# -- trend ----------------------------------------------------------------------------
def test_trend_recovers_a_known_rate_ratio():
    rng = np.random.default_rng(11)
    true_irr = 1.04  # per 30 days
    y = simulate.weekly_counts(rng, 156, mean=2.0, alpha=0.5, irr_per_30_days=true_irr)
    t = esc.stats.trend(weekly_frame(y)).set_index("method")
    nb = t.loc["negative_binomial"]
    assert nb["ci_low"] < true_irr < nb["ci_high"]
    assert nb["p_value"] < 0.05 and nb["overdispersion_p"] < 0.05 and bool(nb["converged"])
    assert t.loc["rank_trend", "p_value"] < 0.05
    assert t.loc["rank_trend", "tau"] > 0


def test_rank_trend_statistic_is_the_ewc_t_of_ranks_on_time():
    # independent arithmetic: OLS of mid-ranks on time, EWC long-run variance from the
    # first nu cosine transforms of the scores (LLSW 2018, eq. 3), nu in the row's df
    rng = np.random.default_rng(5)
    y = simulate.weekly_counts(rng, 120, mean=1.5, alpha=0.5, burst_length=3, irr_per_30_days=1.03)
    row = esc.stats.trend(weekly_frame(y)).set_index("method").loc["rank_trend"]
    nu, T = int(row["df"]), len(y)
    r = stats.rankdata(y)
    days = np.arange(T) * 7.0
    tt = (days - days.mean()) / 30.0
    slope, intercept = np.polyfit(tt, r, 1)
    e = r - (intercept + slope * tt)
    # influence of each period on the slope: (t - mean t) e / sum (t - mean t)^2
    infl = (tt - tt.mean()) * e / np.sum((tt - tt.mean()) ** 2)
    j = np.arange(1, nu + 1)[:, None]
    lam = np.sqrt(2.0 / T) * np.cos(np.pi * j * (np.arange(1, T + 1) - 0.5) / T) @ infl
    se = np.sqrt(T * np.sum(lam**2) / nu)
    assert row["statistic"] == pytest.approx(slope / se, rel=1e-8)
    assert nu in (4, 8) and 0 < row["p_value"] < 1


def test_mann_kendall_matches_pymannkendall():
    pmk = pytest.importorskip("pymannkendall")
    rng = np.random.default_rng(3)
    for _ in range(5):
        x = rng.poisson(np.linspace(0.2, 3, 90) * (1 + np.sin(np.arange(90) / 6)))
        ours, theirs = mann_kendall(x), pmk.hamed_rao_modification_test(x)
        assert ours["z"] == pytest.approx(theirs.z)
        assert ours["p_value"] == pytest.approx(theirs.p)
        assert ours["sen_slope"] == pytest.approx(theirs.slope)


def test_imhof_tail_probability_is_exact_for_a_t_statistic():
    from escalation.stats._nb import imhof_positive

    for nu, c in ((4, 2.776), (8, 1.7), (14, 3.2)):
        weights = np.r_[1.0, np.full(nu, -c * c / nu)]
        assert imhof_positive(weights) == pytest.approx(2 * stats.t.sf(c, nu), abs=1e-7)


@pytest.mark.parametrize("name,params", [
    ("iid NB", dict(mean=1.0, alpha=1.0)),
    ("bursts 4 weeks", dict(mean=1.0, alpha=0.5, burst_length=4)),
])
def test_trend_tests_hold_their_size_at_small_scale(name, params):
    rng = np.random.default_rng(20260227)
    reps = 40
    nb, mk, covered = [], [], []
    for _ in range(reps):
        t = esc.stats.trend(weekly_frame(simulate.weekly_counts(rng, 225, **params))).set_index("method")
        nb.append(t.loc["negative_binomial", "p_value"] < 0.05)
        mk.append(t.loc["rank_trend", "p_value"] < 0.05)
        covered.append(t.loc["negative_binomial", "ci_low"] <= 1 <= t.loc["negative_binomial", "ci_high"])
    print(f"\n{name}: NB trend rejects {np.mean(nb):.2f}, rank trend {np.mean(mk):.2f}, CI covers {np.mean(covered):.2f}")
    assert np.mean(nb) <= 0.15 and np.mean(mk) <= 0.15 and np.mean(covered) >= 0.85


@pytest.mark.parametrize("y", [np.zeros(60), np.r_[np.zeros(59), 1], np.r_[np.zeros(50), np.ones(9)]])
def test_trend_on_sparse_series_is_nan_with_a_reason(y):
    t = esc.stats.trend(weekly_frame(y))
    assert t["p_value"].isna().all()
    assert t["note"].str.contains("non-zero periods").all()
    assert t["family"].isna().all()  # not tried: out of the Holm family


# -- Holm families, fixed columns, warnings ---------------------------------------------
def test_holm_keeps_failed_tests_in_their_family_and_leaves_untried_ones_out():
    p = pd.Series([0.01, np.nan, 0.04, 0.01, 0.02])
    family = pd.Series(["a", "a", "a", "b", None])
    adjusted = holm(p, family)
    # family a has three tests tried (one failed: p = 1 for the adjustment)
    assert adjusted[0] == pytest.approx(0.03) and adjusted[2] == pytest.approx(0.08)
    assert np.isnan(adjusted[1])
    assert adjusted[3] == pytest.approx(0.01) and np.isnan(adjusted[4])
    from statsmodels.stats.multitest import multipletests

    assert adjusted[[0, 2]].tolist() == pytest.approx(
        multipletests([0.01, 1.0, 0.04], method="holm")[1][[0, 2]].tolist())


def test_every_table_keeps_its_columns_whatever_happens(coded):
    empty = weekly_frame(np.zeros(80))
    rich = weekly_frame(simulate.weekly_counts(np.random.default_rng(1), 120, mean=2.0, alpha=0.5))
    for fn in (esc.stats.trend, esc.stats.change_points, esc.stats.regimes):
        assert list(fn(empty).columns) == list(fn(rich).columns), fn.__name__
    quiet = daily_pair(np.zeros(200), np.r_[np.zeros(199), 1])
    busy = daily_pair(*simulate.independent_pair(np.random.default_rng(2), 900, 0.4, 3))
    r_quiet, r_busy = esc.stats.reciprocity(quiet), esc.stats.reciprocity(busy)
    assert list(r_quiet.columns) == list(r_busy.columns)
    assert r_quiet["p_value"].isna().all() and r_quiet["note"].str.len().gt(0).all()
    assert r_busy["p_value"].notna().all()


def test_fit_warnings_become_one_escalation_warning_naming_the_groups(monkeypatch):
    import escalation.stats._nb as nb

    original = nb.irls

    def noisy(*args, **kwargs):
        warnings.warn("iteration limit reached", RuntimeWarning)
        return original(*args, **kwargs)

    monkeypatch.setattr(nb, "irls", noisy)
    rng = np.random.default_rng(3)
    s = pd.concat([weekly_frame(rng.poisson(1.0, 100)),
                   weekly_frame(rng.poisson(1.0, 100), label=("PAK", "AFG"))], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = esc.stats.trend(s)
    ours = [w for w in caught if issubclass(w.category, EscalationWarning)]
    assert len(ours) == 1 and len(caught) == 1
    assert "AFG→PAK" in str(ours[0].message) and "PAK→AFG" in str(ours[0].message)
    assert t.loc[t["method"] == "negative_binomial", "warnings"].str.contains("RuntimeWarning").all()


# -- change points ----------------------------------------------------------------------
def brute_force_segmentation(y, penalty, min_size, phi):
    """Optimal partitioning by plain dynamic programming (no pruning): O(n^2)."""
    from escalation.stats._segment import _cost

    n = len(y)
    cum = np.r_[0.0, np.cumsum(y)]
    F = np.full(n + 1, np.inf)
    F[0] = -penalty
    last = np.zeros(n + 1, int)
    for t in range(min_size, n + 1):
        for s in range(0, t - min_size + 1):
            if s != 0 and s < min_size:
                continue
            v = F[s] + float(_cost(cum, s, t)) / phi + penalty
            if v < F[t]:
                F[t], last[t] = v, s
    out, t = [], n
    while t > 0:
        if last[t] > 0:
            out.append(int(last[t]))
        t = last[t]
    return sorted(out), F[n]


def test_pelt_finds_the_exact_optimal_segmentation():
    from escalation.stats._segment import pelt

    rng = np.random.default_rng(12)
    for _ in range(15):
        y = np.r_[rng.poisson(rng.uniform(0.2, 3), 30), rng.poisson(rng.uniform(0.2, 3), 25),
                  rng.poisson(rng.uniform(0.2, 3), 20)].astype(float)
        pen = rng.uniform(3, 12)
        expected, _ = brute_force_segmentation(y, pen, 4, 1.3)
        assert pelt(y, pen, 4, 1.3) == expected


def test_pelt_finds_a_known_break_within_one_period():
    rng = np.random.default_rng(5)
    y = np.r_[rng.poisson(0.5, 60), rng.poisson(4, 60)]
    cp = esc.stats.change_points(weekly_frame(y))
    assert len(cp) == 1 and cp["n_breaks"].item() == 1
    assert abs(cp["break_index"].item() - 60) <= 1
    assert cp["mean_after"].item() > cp["mean_before"].item()
    assert cp["p_value"].item() < 0.01 and cp["statistic"].item() > cp["penalty"].item()


def test_sup_lr_approximation_is_conservative_against_simulation():
    from escalation.stats._segment import sup_lr_pvalue

    rng = np.random.default_rng(0)
    n, trim = 200, 4
    e = rng.standard_normal((3000, n))
    S = np.cumsum(e, axis=1)
    k = np.arange(1, n)
    stat = (S[:, :-1] - k / n * S[:, -1:]) ** 2 / (k * (n - k) / n)
    sup = stat[:, (k >= trim) & (k <= n - trim)].max(axis=1)
    for x in (8.0, 10.0, 12.0):
        assert np.mean(sup > x) <= sup_lr_pvalue(x, trim / n) + 0.01


@pytest.mark.parametrize("name,params", [
    ("iid NB", dict(mean=1.0, alpha=1.0)),
    ("bursts 4 weeks", dict(mean=1.0, alpha=0.5, burst_length=4)),
])
def test_change_points_rarely_break_a_no_change_series(name, params):
    rng = np.random.default_rng(6)
    found = [esc.stats.change_points(weekly_frame(simulate.weekly_counts(rng, 225, **params)))
             ["break_period"].notna().any() for _ in range(60)]
    print(f"\nfalse-break rate, {name}, 225 weeks, 60 reps: {np.mean(found):.2f}")
    assert np.mean(found) <= 0.15


def test_change_points_need_no_optional_dependency(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ruptures", None)  # importing it would fail
    y = np.r_[np.random.default_rng(1).poisson(0.5, 50), np.random.default_rng(2).poisson(3, 50)]
    assert esc.stats.change_points(weekly_frame(y))["n_breaks"].max() >= 1


# -- regimes ----------------------------------------------------------------------------
def test_poisson_hmm_recovers_two_regimes():
    rng = np.random.default_rng(7)
    state = simulate.two_state_chain(rng, 220, burst_length=10, burst_share=0.3)
    y = rng.poisson(np.where(state == 1, 8.0, 0.5))
    r = esc.stats.regimes(weekly_frame(y)).set_index("label")
    assert 6 < r.loc["high", "mean_count"] < 11 and r.loc["low", "mean_count"] < 1
    assert r["converged"].all() and r["regimes_distinct"].all()
    assert r.loc["high", "stay_probability"] > 0.6  # true 0.9; one sample of 220 weeks
    assert r.loc["low", "p_to_low"] + r.loc["low", "p_to_high"] == pytest.approx(1)
    probs = r.attrs["probabilities"]
    assert np.mean((probs["p_high"].to_numpy() > 0.5) == (state == 1)) > 0.9


def test_hmm_em_reaches_the_likelihood_maximum_of_an_independent_optimiser():
    from escalation.stats._hmm import fit_poisson_hmm

    rng = np.random.default_rng(8)
    state = simulate.two_state_chain(rng, 150, burst_length=6, burst_share=0.25)
    y = rng.poisson(np.where(state == 1, 5.0, 0.4)).astype(float)
    fit = fit_poisson_hmm(y, n_starts=10, seed=1)

    def nll(p):  # log rates, logit stays, logit of the initial state
        lam = np.exp(p[:2])
        g = 1 / (1 + np.exp(-p[2:4]))
        G = np.array([[g[0], 1 - g[0]], [1 - g[1], g[1]]])
        a = np.array([1 / (1 + np.exp(-p[4])), 1 - 1 / (1 + np.exp(-p[4]))]) * stats.poisson.pmf(y[0], lam)
        ll = math.log(a.sum())
        a /= a.sum()
        for v in y[1:]:
            a = (a @ G) * stats.poisson.pmf(v, lam)
            ll += math.log(a.sum())
            a /= a.sum()
        return -ll

    start = np.r_[np.log(fit.rates), np.log(np.diag(fit.transition) / (1 - np.diag(fit.transition))),
                  math.log(max(fit.initial[0], 1e-6) / max(fit.initial[1], 1e-6))]
    start[4] = np.clip(start[4], -10, 10)
    other = optimize.minimize(nll, start + 0.3, method="Nelder-Mead",
                              options={"maxiter": 20000, "xatol": 1e-9, "fatol": 1e-11})
    assert fit.converged
    assert fit.llf >= -other.fun - 1e-4


def test_an_iid_overdispersed_series_is_rarely_called_two_regimes():
    rng = np.random.default_rng(8)
    found = [bool(esc.stats.regimes(weekly_frame(simulate.weekly_counts(rng, 200, mean=1.0, alpha=1.0)),
                                    n_starts=5)["regimes_distinct"].iloc[0]) for _ in range(30)]
    print(f"\nfalse-regime rate (iid NB, 200 weeks, 30 reps): {np.mean(found):.2f}")
    assert np.mean(found) <= 0.1


def test_persistence_permutation_test_is_exact_under_exchangeability():
    from escalation.stats.changes import persistence_test

    rng = np.random.default_rng(3)
    p = np.array([persistence_test(rng.negative_binomial(1, 0.4, 150), n_permutations=199, seed=i)[1]
                  for i in range(60)])
    assert 0.3 < np.mean(p) < 0.7 and np.mean(p < 0.05) <= 0.12


def test_regimes_give_nan_and_a_note_on_short_or_empty_series():
    for y in (np.arange(30) % 3, np.zeros(80)):
        r = esc.stats.regimes(weekly_frame(y))
        assert len(r) == 2 and r["mean_count"].isna().all()
        assert r["note"].str.startswith("not estimated").all()


# -- reciprocity --------------------------------------------------------------------------
def test_reaction_function_has_power_in_the_true_direction_only():
    rng = np.random.default_rng(21)
    hits_true, hits_reverse = [], []
    for _ in range(30):
        x, y = simulate.answering_pair(rng, 1200, 0.3, 5, effect=0.5)
        hits_true.append(reaction_function(y, x, n_shifts=99)["joint_p"] < 0.05)
        hits_reverse.append(reaction_function(x, y, n_shifts=99)["joint_p"] < 0.05)
    print(f"\npower at effect 0.5 (30 reps): {np.mean(hits_true):.2f}; reverse: {np.mean(hits_reverse):.2f}")
    assert np.mean(hits_true) >= 0.8
    assert np.mean(hits_reverse) <= 0.2


def test_reaction_and_prediction_hold_their_size_on_independent_bursty_pairs():
    rng = np.random.default_rng(2026)
    rows = []
    for _ in range(40):
        x, y = simulate.independent_pair(rng, 1000, 0.3, 7)
        f = reaction_function(y, x, n_shifts=99)
        g = esc.stats.granger_test(y, x, n_shifts=99)
        rows.append((f["joint_p"] < 0.05, f["net_p"] < 0.05, g["p_value"] < 0.05, g["p_f"] < 0.05))
    joint, net, granger, granger_f = np.mean(rows, axis=0)
    print(f"\nindependent pairs (40 reps): NB joint {joint:.2f}, net {net:.2f}, Granger {granger:.2f} "
          f"(F reference {granger_f:.2f})")
    assert max(joint, net, granger) <= 0.15


def test_reciprocity_table_names_cause_and_effect_and_declares_two_families():
    rng = np.random.default_rng(22)
    x, y = simulate.answering_pair(rng, 900, 0.4, 5, effect=1.0)
    s = daily_pair(x, y)  # x: AFG->PAK, y: PAK->AFG (answers x)
    t = esc.stats.reciprocity(s, n_shifts=99)
    joint = t[t["test"] == "joint_lags_zero"].set_index("cause")
    assert joint.loc["AFG→PAK", "effect"] == "PAK→AFG"
    assert joint.loc["AFG→PAK", "p_value"] < 0.05
    net = t[t["test"] == "net_reaction_zero"].set_index("cause").loc["AFG→PAK"]
    assert net["ci_low"] > 0 and net["estimate"] > 0
    assert set(t["family"]) == {"reciprocity:reaction", "reciprocity:prediction"}
    for family, g in t.groupby("family"):
        assert g["p_holm"].tolist() == pytest.approx(holm(g["p_value"]).tolist())
    irf = esc.stats.impulse_responses(s, horizon=5)
    assert set(irf["ordering"]) == {"AFG→PAK then PAK→AFG"}
    assert irf.attrs["arrays"]["AFG-PAK"]["irf"].shape == (6, 2, 2)
    assert (irf["lower"] <= irf["upper"]).all()


def test_reciprocity_refuses_what_the_bundled_days_cannot_carry(coded):
    r = esc.stats.reciprocity(coded)
    assert r["p_value"].isna().all()
    assert r["note"].str.startswith("refused").all()
    row = r[(r["group"] == "AFG-PAK") & (r["test"] == "joint_lags_zero")].iloc[0]
    assert row["n_nonzero_needed"] == 10 * row["n_params"] > row["n_nonzero"]


def test_reciprocity_needs_a_daily_series(coded):
    with pytest.raises(ValueError, match="daily"):
        esc.stats.reciprocity(esc.build_series(coded, freq="W"))


def test_reciprocity_takes_coded_events_leaving_mutual_rows_out(coded):
    direct = esc.stats.reciprocity(coded, granger=False)
    built = esc.stats.reciprocity(esc.build_series(coded[~coded["mutual"]], freq="D"), granger=False)
    pd.testing.assert_frame_equal(direct, built)


# -- retaliation --------------------------------------------------------------------------
def test_retaliation_detects_a_responder():
    rng = np.random.default_rng(31)
    x, y = simulate.answering_pair(rng, 1200, 0.2, 5, effect=0.8)
    coded = events_from_counts(x, y, levels=(4, 5))
    r = esc.stats.retaliation(coded, n_shifts=499).set_index("cause")
    assert r.loc["AFG→PAK", "p_value"] < 0.01
    assert r.loc["AFG→PAK", "rate_ratio"] > 1.1
    # every answer is a shelling (5) against a clash (4): an escalation step
    assert r.loc["AFG→PAK", "n_higher"] == r.loc["AFG→PAK", "n_answered"]
    detail = r.attrs["events"]
    afg = detail[detail["cause"] == "AFG→PAK"]
    assert len(afg) == r.loc["AFG→PAK", "n_events"]
    assert afg["answered"].sum() == r.loc["AFG→PAK", "n_answered"]


def test_retaliation_holds_its_size_on_independent_bursty_pairs():
    """Review B: shifting each trigger's window alone rejected 11-24% of such pairs."""
    rng = np.random.default_rng(2026)
    p = []
    for _ in range(40):
        a, b = simulate.independent_pair(rng, 1000, 0.2, 10)
        r = esc.stats.retaliation(events_from_counts(a, b), n_shifts=199)
        p.append(r.set_index("cause").loc["AFG→PAK", "p_value"])
    rate = np.mean(np.asarray(p) < 0.05)
    print(f"\nretaliation on independent bursty pairs (40 reps): {rate:.2f}")
    assert rate <= 0.15


def test_retaliation_shifts_the_whole_responder_series():
    """An independent re-computation of the statistic and its shift distribution."""
    rng = np.random.default_rng(5)
    a, b = simulate.independent_pair(rng, 300, 0.15, 4)
    coded = events_from_counts(a, b)
    r = esc.stats.retaliation(coded, n_shifts=10_000).set_index("cause").loc["AFG→PAK"]
    ev = coded[~coded["mutual"]]
    day0 = ev["date_start"].min() - pd.Timedelta(days=7)
    span = int((ev["date_start"].max() - day0).days) + 8
    trig = (ev.loc[ev["actor_state"] == "AFG", "date_start"] - day0).dt.days.to_numpy()
    resp = np.bincount((ev.loc[ev["actor_state"] == "PAK", "date_start"] - day0).dt.days, minlength=span)

    def stat(series):
        after = sum(series[(trig + k) % span] for k in range(1, 8))
        before = sum(series[(trig - k) % span] for k in range(1, 8))
        return after.sum() - before.sum()

    observed = stat(resp)
    null = [stat(np.roll(resp, s)) for s in range(15, span - 15 + 1)]
    assert r["statistic"] == observed and r["n_shifts"] == len(null)
    assert r["p_value"] == pytest.approx((1 + np.sum(np.asarray(null) >= observed)) / (1 + len(null)))


def test_retaliation_on_the_bundled_record(coded):
    r = esc.stats.retaliation(coded, n_shifts=199).set_index("cause")
    afg = r.loc["AFG→PAK"]
    assert afg["n_answered"] == afg["n_higher"] + afg["n_equal"] + afg["n_lower"]
    assert afg["n_events"] == len(coded[(coded["actor_state"] == "AFG") & (coded["target_state"] == "PAK")
                                        & ~coded["mutual"] & (coded["date_precision"] == "day")
                                        & coded["is_state_action"] & coded["is_dyadic"]])
    assert set(r["family"].dropna()) == {"retaliation"}


def test_retaliation_without_triggers_is_a_note():
    coded = events_from_counts(np.zeros(30, int), np.r_[np.zeros(29, int), 1])
    r = esc.stats.retaliation(coded, n_shifts=99).set_index("cause")
    assert r.loc["AFG→PAK", "n_events"] == 0 and np.isnan(r.loc["AFG→PAK", "p_value"])
    assert r.loc["AFG→PAK", "note"].startswith("not tested")
    assert r.loc["PAK→AFG", "n_events"] == 1 and r.loc["PAK→AFG", "n_answered"] == 0


# -- degenerate inputs -----------------------------------------------------------------------
def test_degenerate_inputs_give_documented_nans():
    days = pd.date_range("2025-01-01", periods=150, freq="D")
    for y in (np.zeros(150), np.r_[np.zeros(149), 1]):
        s = daily_pair(y, y)
        for table in (esc.stats.trend(s), esc.stats.reciprocity(s), esc.stats.change_points(s),
                      esc.stats.regimes(s)):
            assert table["p_value"].isna().all() and (table["note"] != "").all()
        assert len(days) == 150


def test_a_missing_value_column_is_one_clear_error(coded):
    s = esc.build_series(coded, freq="W")
    for fn in (esc.stats.trend, esc.stats.change_points, esc.stats.trend_fit, esc.stats.regimes):
        with pytest.raises(ValueError, match="no column 'n_attacks'"):
            fn(s, value="n_attacks")


# -- the calibration study's own small-scale run -------------------------------------------
def test_calibration_script_runs_and_reports_every_metric(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import calibration

    specs = calibration.scenarios()
    assert all(len([s for s in specs if s.family == f]) >= 4
               for f in ("trend", "change_points", "regimes", "reciprocity", "irf", "pooling"))
    # one scenario of each family, a few replications
    picked = {}
    for i, s in enumerate(specs):
        picked.setdefault(s.family, (i, s))
    rows = []
    for i, s in picked.values():
        rows += calibration._chunk((i, s, 0, 2))
    summary = calibration.summarise(pd.DataFrame(rows), specs)
    assert set(summary["family"]) == set(picked)
    # a coverage whose every interval was refused has no rate, and says so
    assert (summary["rate"].between(0, 1) | (summary["n"] == 0)).all()
    assert (summary.loc[summary["n"] == 0, "refused"] == 1).all()
    out = tmp_path / "calibration.md"
    calibration.write_markdown(summary, out, 2, 1.0, 1)
    assert "# Calibration of the statistics" in out.read_text()


def test_our_pelt_agrees_with_ruptures_given_the_same_cost():
    """Cross-check against ruptures' PELT (test extra only; the package does not need it)."""
    rpt = pytest.importorskip("ruptures")
    from ruptures.base import BaseCost

    from escalation.stats._segment import _cost, pelt

    class QuasiPoisson(BaseCost):
        model = "quasi_poisson"
        min_size = 4

        def __init__(self, phi):
            self.phi = phi

        def fit(self, signal):
            self.signal = np.asarray(signal, float).reshape(-1, 1)
            self.cum = np.r_[0.0, np.cumsum(self.signal.ravel())]
            return self

        def error(self, start, end):
            return float(_cost(self.cum, start, end)) / self.phi

    rng = np.random.default_rng(17)
    for _ in range(10):
        y = np.r_[rng.poisson(rng.uniform(0.2, 3), 40), rng.poisson(rng.uniform(0.2, 3), 35)].astype(float)
        pen, phi = rng.uniform(4, 12), rng.uniform(1, 2)
        theirs = rpt.Pelt(custom_cost=QuasiPoisson(phi), min_size=4, jump=1).fit(y).predict(pen=pen)[:-1]
        assert pelt(y, pen, 4, phi) == theirs


def test_a_failed_trend_fit_is_nan_with_its_reason_and_stays_in_its_family(monkeypatch):
    import escalation.stats._nb as nb

    original = nb.fit_nb2
    calls = {"n": 0}

    def failing_first(y, X, offset=None):
        calls["n"] += 1
        fit = original(y, X, offset)
        if calls["n"] == 1:  # the first direction's fit fails
            fit.converged, fit.note = False, "the NB2 fit did not converge"
        return fit

    monkeypatch.setattr(nb, "fit_nb2", failing_first)
    rng = np.random.default_rng(12)
    s = pd.concat([weekly_frame(simulate.weekly_counts(rng, 150, mean=2.0, alpha=0.5, irr_per_30_days=1.05)),
                   weekly_frame(simulate.weekly_counts(rng, 150, mean=2.0, alpha=0.5, irr_per_30_days=1.05),
                                label=("PAK", "AFG"))], ignore_index=True)
    t = esc.stats.trend(s)
    nbrows = t[t["method"] == "negative_binomial"].set_index("group")
    failed, good = nbrows.loc["AFG→PAK"], nbrows.loc["PAK→AFG"]
    assert np.isnan(failed["p_value"]) and np.isnan(failed["estimate"]) and not failed["converged"]
    assert failed["note"].startswith("not estimated: the NB2 fit did not converge")
    assert failed["family"] == good["family"] == "trend:negative_binomial"
    assert good["p_holm"] == pytest.approx(min(1.0, 2 * good["p_value"]))


def test_retaliation_names_the_dyads_when_asked_for_one_that_is_not_there(coded):
    with pytest.raises(ValueError, match=r"no events of dyad 'AFG-IRN' \(dyads here: .*AFG-PAK"):
        esc.stats.retaliation(coded, dyad="AFG-IRN", n_shifts=19)


def test_retaliation_counts_triggers_on_the_ladder_the_events_carry():
    # a user's ladder carried in attrs: every rung of it counts, with or without the name
    coded = events_from_counts(np.r_[1, 0, 0, 1, 0, 0] * 1, np.r_[0, 1, 0, 0, 1, 0])
    ladder = esc.EscalationScale.shipped("default")
    assert esc.stats.retaliation(coded, n_shifts=19).set_index("cause").loc["AFG→PAK", "n_events"] == 2
    renamed = coded.copy()
    renamed.attrs = {**coded.attrs, "scale": "my ladder", "ladder": ladder}
    r = esc.stats.retaliation(renamed, n_shifts=19).set_index("cause")
    assert r.loc["AFG→PAK", "n_events"] == 2 and r.loc["AFG→PAK", "n_answered"] == 2
