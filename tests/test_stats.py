"""Statistics: known answers in simulations, calibration under a seeded null, clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import escalation as esc
from escalation.stats import InsufficientDataError, mann_kendall, reaction_function

from simulate import driven_pair, events_from_counts, latent_bursts, shared_burst_pair


def weekly_frame(y, start="2024-01-01", label=("AFG", "PAK")):
    periods = pd.date_range(start, periods=len(y), freq="7D")
    return pd.DataFrame({"period": periods, "dyad": "AFG-PAK", "actor_state": label[0],
                         "target_state": label[1], "n_events": y})


# -- trend ----------------------------------------------------------------------------
def test_trend_recovers_a_known_rate_ratio():
    rng = np.random.default_rng(11)
    weeks = np.arange(156)
    true_irr = 1.08  # per 30 days
    mu = 2.0 * true_irr ** (weeks * 7 / 30)
    y = rng.negative_binomial(n=2.0, p=2.0 / (2.0 + mu))
    t = esc.stats.trend(weekly_frame(y)).set_index("method")
    nb = t.loc["negative_binomial"]
    assert nb["ci_low"] < true_irr < nb["ci_high"]
    assert nb["p_value"] < 0.01 and nb["overdispersion_p"] < 0.05
    assert t.loc["mann_kendall_hamed_rao", "p_value"] < 0.05
    assert t.loc["mann_kendall_hamed_rao", "estimate"] > 0
    assert {"p_holm", "n_events", "share_zero", "reference", "defaults"} <= set(t.columns)


def test_mann_kendall_matches_pymannkendall():
    pmk = pytest.importorskip("pymannkendall")
    rng = np.random.default_rng(3)
    for _ in range(5):
        x = rng.poisson(np.linspace(0.2, 3, 90) * (1 + np.sin(np.arange(90) / 6)))
        ours, theirs = mann_kendall(x), pmk.hamed_rao_modification_test(x)
        assert ours["z"] == pytest.approx(theirs.z)
        assert ours["p_value"] == pytest.approx(theirs.p)
        assert ours["sen_slope"] == pytest.approx(theirs.slope)


@pytest.mark.parametrize("y", [np.zeros(60), np.r_[np.zeros(59), 1], np.r_[np.zeros(50), np.ones(9)]])
def test_trend_on_sparse_series_is_nan_with_a_reason(y):
    t = esc.stats.trend(weekly_frame(y))
    assert t["p_value"].isna().all()
    assert t["note"].str.contains("fewer than 10 non-zero periods").all()


# -- change points and regimes ----------------------------------------------------------
def test_pelt_finds_a_known_break_within_one_period():
    pytest.importorskip("ruptures")
    rng = np.random.default_rng(5)
    y = np.r_[rng.poisson(0.5, 60), rng.poisson(4, 60)]
    cp = esc.stats.change_points(weekly_frame(y))
    assert len(cp) == 1
    assert abs(cp["break_index"].item() - 60) <= 1
    assert cp["mean_after"].item() > cp["mean_before"].item()


def test_pelt_false_break_rate_is_reported():
    pytest.importorskip("ruptures")
    rng = np.random.default_rng(6)
    false = [esc.stats.change_points(weekly_frame(rng.poisson(1.0, 120)))["break_period"].notna().any()
             for _ in range(100)]
    rate = float(np.mean(false))
    print(f"\nPELT false-break rate (no break, Poisson(1), 120 periods, 100 reps): {rate:.2f}")
    assert rate < 0.2


def test_markov_switching_recovers_two_regimes():
    rng = np.random.default_rng(7)
    state = latent_bursts(rng, 220, stay_calm=0.95, stay_burst=0.9)
    y = rng.poisson(np.where(state == 1, 8.0, 0.5))
    r = esc.stats.regimes(weekly_frame(y))
    high = r[r["label"] == "high"].iloc[0]
    assert 5 < high["mean_count"] < 12
    probs = r.attrs["probabilities"]["p_high"].to_numpy()
    assert np.mean((probs > 0.5) == (state == 1)) > 0.9
    assert r["converged"].all() and r["regimes_distinct"].all()


def test_markov_false_regime_rate_is_reported():
    rng = np.random.default_rng(8)
    found = []
    for _ in range(20):
        r = esc.stats.regimes(weekly_frame(rng.poisson(3.0, 150)), search_reps=5)
        found.append(bool(r["regimes_distinct"].iloc[0]))
    rate = float(np.mean(found))
    print(f"\nMarkov false-regime rate (one regime, Poisson(3), 150 periods, 20 reps): {rate:.2f}")
    assert rate <= 0.3


def test_regimes_refuse_short_series():
    with pytest.raises(InsufficientDataError, match="at least 100"):
        esc.stats.regimes(weekly_frame(np.arange(60) % 3))


# -- reciprocity ----------------------------------------------------------------------------
EFFECT = 0.3  # each A->B event raises B->A's daily rate by 0.3 events for three days


def test_reaction_function_has_power_in_the_true_direction_only():
    rng = np.random.default_rng(21)
    hits_true, hits_reverse = [], []
    for _ in range(60):
        x, y = driven_pair(rng, effect=EFFECT)
        hits_true.append(reaction_function(y, x)["joint_p"] < 0.05)
        hits_reverse.append(reaction_function(x, y)["joint_p"] < 0.05)
    power, reverse = np.mean(hits_true), np.mean(hits_reverse)
    print(f"\npower at effect {EFFECT} (60 reps): {power:.2f}; reverse-direction rejections: {reverse:.2f}")
    assert power >= 0.8
    assert reverse <= 0.15


def test_reciprocity_table_names_cause_and_effect():
    rng = np.random.default_rng(22)
    x, y = driven_pair(rng, n=900, effect=0.6)
    coded = events_from_counts(x, y)  # x: AFG->PAK, y: PAK->AFG (driven by x)
    s = esc.build_series(coded, freq="D", since="2022-01-01", until="2024-06-18")
    t = esc.stats.reciprocity(s)
    joint = t[(t["method"] == "nb_reaction") & (t["test"] == "joint_lags_zero")].set_index("cause")
    assert joint.loc["AFG→PAK", "effect"] == "PAK→AFG"
    assert joint.loc["AFG→PAK", "p_value"] < 0.01
    granger = t[t["test"] == "granger"].set_index("cause")
    assert granger.loc["AFG→PAK", "p_value"] < 0.05
    assert {"p_holm", "n_events", "share_zero", "reference", "defaults"} <= set(t.columns)
    irf = esc.stats.impulse_responses(s, horizon=5, repl=50)
    assert set(irf["ordering"]) == {"AFG→PAK then PAK→AFG"}
    assert irf.attrs["arrays"]["AFG-PAK"]["irf"].shape == (6, 2, 2)
    assert (irf["lower"] <= irf["upper"]).all()


def test_reciprocity_needs_a_daily_series(coded):
    with pytest.raises(ValueError, match="daily"):
        esc.stats.reciprocity(esc.build_series(coded, freq="W"))


def test_reciprocity_and_retaliation_calibrated_under_a_shared_burst_null():
    """Both sides share a latent burst state; neither reacts to the other."""
    rng = np.random.default_rng(2026)
    reps = 500
    p_nb, p_ret, zeros = [], [], []
    for _ in range(reps):
        a, b = shared_burst_pair(rng)
        zeros.append(np.mean(a == 0))
        try:
            p_nb.append(reaction_function(b, a)["joint_p"])
        except Exception:  # counted apart, never silently
            p_nb.append(np.nan)
        coded = events_from_counts(a, b)
        r = esc.stats.retaliation(coded, n_shifts=199, seed=int(rng.integers(1 << 30)))
        p_ret.append(r.set_index("cause").loc["AFG→PAK", "p_value"])
    p_nb, p_ret = np.asarray(p_nb, float), np.asarray(p_ret, float)
    nb_rate = np.nanmean(p_nb < 0.05)
    ret_rate = np.nanmean(p_ret < 0.05)
    nb_nan, ret_nan = np.mean(np.isnan(p_nb)), np.mean(np.isnan(p_ret))
    print(f"\nnull ({reps} reps, {np.mean(zeros):.1%} zeros): reaction function rejects "
          f"{nb_rate:.1%} (NaN {nb_nan:.1%}); retaliation rejects {ret_rate:.1%} (NaN {ret_nan:.1%})")
    assert np.mean(zeros) >= 0.9
    assert 0.02 <= nb_rate <= 0.09 and nb_nan < 0.1
    assert 0.02 <= ret_rate <= 0.09 and ret_nan < 0.1


def test_retaliation_detects_a_responder():
    rng = np.random.default_rng(31)
    x, y = driven_pair(rng, n=1500, effect=0.6)
    coded = events_from_counts(x, y, levels=(4, 5))
    r = esc.stats.retaliation(coded, n_shifts=499).set_index("cause")
    assert r.loc["AFG→PAK", "p_value"] < 0.01
    assert r.loc["AFG→PAK", "rate_ratio"] > 1.5
    # every answer is a shelling (5) against a clash (4): an escalation step
    assert r.loc["AFG→PAK", "n_higher"] == r.loc["AFG→PAK", "n_answered"]
    detail = r.attrs["events"]
    afg = detail[detail["cause"] == "AFG→PAK"]
    assert len(afg) == r.loc["AFG→PAK", "n_events"]
    assert afg["answered"].sum() == r.loc["AFG→PAK", "n_answered"]
    assert set(afg.loc[afg["answered"], "answer_vs_trigger"]) == {"higher"}


def test_retaliation_on_the_bundled_record(coded):
    r = esc.stats.retaliation(coded, n_shifts=199).set_index("cause")
    afg = r.loc["AFG→PAK"]
    assert afg["n_answered"] == afg["n_higher"] + afg["n_equal"] + afg["n_lower"]
    assert afg["n_events"] == len(coded[(coded["actor_state"] == "AFG") & (coded["target_state"] == "PAK")
                                        & ~coded["mutual"] & (coded["date_precision"] == "day")
                                        & coded["is_state_action"] & coded["is_dyadic"]])


# -- degenerate inputs: a clear error or a documented NaN, never a statsmodels traceback --
def degenerate_series():
    days = pd.date_range("2025-01-01", periods=150, freq="D")
    frames = {}
    for name, y in {"all_zero": np.zeros(150), "single_event": np.r_[np.zeros(149), 1]}.items():
        rows = []
        for a, b in (("AFG", "PAK"), ("PAK", "AFG")):
            rows.append(pd.DataFrame({"period": days, "dyad": "AFG-PAK", "actor_state": a,
                                      "target_state": b, "n_events": y}))
        frame = pd.concat(rows, ignore_index=True)
        frame.attrs["freq"] = "D"
        frames[name] = frame
    return frames


@pytest.mark.parametrize("name", ["all_zero", "single_event"])
def test_degenerate_inputs_give_documented_nans(name):
    s = degenerate_series()[name]
    t = esc.stats.trend(s)
    assert t["p_value"].isna().all() and t["note"].notna().all()
    r = esc.stats.reciprocity(s)
    assert r["p_value"].isna().all() and r["note"].notna().all()
    pytest.importorskip("ruptures")
    cp = esc.stats.change_points(s)
    assert cp["break_period"].isna().all()


def test_regimes_refuse_a_constant_series():
    s = degenerate_series()["all_zero"]
    with pytest.raises(InsufficientDataError, match="constant"):
        esc.stats.regimes(s)


def test_retaliation_without_triggers_is_a_note():
    coded = events_from_counts(np.zeros(30, int), np.r_[np.zeros(29, int), 1])
    r = esc.stats.retaliation(coded, n_shifts=99).set_index("cause")
    assert r.loc["AFG→PAK", "n_events"] == 0 and np.isnan(r.loc["AFG→PAK", "p_value"])
    assert r.loc["AFG→PAK", "note"] == "no day-precision triggers"
    assert r.loc["PAK→AFG", "n_events"] == 1 and r.loc["PAK→AFG", "n_answered"] == 0


def test_reciprocity_takes_coded_events_leaving_mutual_rows_out(coded):
    direct = esc.stats.reciprocity(coded, var=False)
    built = esc.stats.reciprocity(esc.build_series(coded[~coded["mutual"]], freq="D"), var=False)
    pd.testing.assert_frame_equal(direct, built)


def test_a_missing_value_column_is_one_clear_error(coded):
    s = esc.build_series(coded, freq="W")
    for fn in (esc.stats.trend, esc.stats.change_points, esc.stats.trend_fit):
        with pytest.raises(ValueError, match="no column 'n_attacks'"):
            fn(s, value="n_attacks")
