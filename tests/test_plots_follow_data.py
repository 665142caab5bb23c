"""Figures speak of the user's states, ladder and frequency (issue 11, item 4)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import escalation as esc  # noqa: E402

LADDER = """
name = "border_war"
[[rungs]]
key = "calm_talks"
level = -1
name = "Talks"
[[rungs]]
key = "skirmish"
level = 1
name = "Skirmish"
is_kinetic = true
[[rungs]]
key = "offensive"
level = 2
name = "Offensive"
is_kinetic = true
[kinds]
talks = "calm_talks"
border_clash = "skirmish"
shelling = "skirmish"
ground_offensive = "offensive"
"""


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def armenia_azerbaijan() -> pd.DataFrame:
    days = pd.date_range("2023-09-01", "2023-11-30", freq="5D")
    rng = np.random.default_rng(0)
    kinds = rng.choice(["border_clash", "shelling", "ground_offensive"], len(days))
    actor = np.where(np.arange(len(days)) % 3 == 0, "ARM", "AZE")
    return pd.DataFrame({
        "event_id": [f"AA-{i}" for i in range(len(days))], "date_start": days.strftime("%Y-%m-%d"),
        "actor_state": actor, "target_state": np.where(actor == "ARM", "AZE", "ARM"),
        "kind": kinds, "source_url": "https://example.org/aa"})


@pytest.fixture
def user_coded(tmp_path):
    path = tmp_path / "ladder.toml"
    path.write_text(LADDER)
    scale = esc.EscalationScale.from_toml(path)
    return esc.code_events(esc.validate_events(armenia_azerbaijan()), scale=scale)


def test_timeline_draws_every_dyad_by_default_and_names_its_states(user_coded):
    ax = esc.plots.ladder_timeline(user_coded).axes[0]
    n_points = sum(len(c.get_offsets()) for c in ax.collections)
    assert n_points == len(user_coded)
    title = ax.get_title(loc="left")
    assert "Armenia–Azerbaijan" in title and "Sep 2023" in title and "Nov 2023" in title
    assert "Afghanistan" not in title and "Pakistan" not in title


def test_rung_axes_come_from_the_ladder_the_events_were_coded_on(user_coded):
    ax = esc.plots.ladder_timeline(user_coded).axes[0]
    labels = {t.get_text() for t in ax.get_yticklabels()}
    assert {"skirmish", "offensive"} <= labels <= {"calm talks", "skirmish", "offensive"}
    assert "user ladder" not in ax.get_ylabel() and "border_war" in ax.get_ylabel()
    s = esc.build_series(user_coded, freq="W")
    fig = esc.plots.series(s)
    rung_ax = [ax for ax in fig.axes if ax.get_ylabel() == "peak rung"][0]
    assert {t.get_text() for t in rung_ax.get_yticklabels()} == {"skirmish", "offensive"}


@pytest.mark.parametrize("freq,unit", [("D", "day"), ("W", "week"), ("M", "month")])
def test_count_axis_is_labelled_by_the_frequency_with_whole_number_ticks(user_coded, freq, unit):
    s = esc.build_series(user_coded, freq=freq)
    fig = esc.plots.series(s)
    fig.canvas.draw()
    counts = [ax for ax in fig.axes if ax.yaxis.get_gid() == "count"]
    assert len(counts) == 2  # one panel per direction
    for top in counts:
        assert top.get_ylabel() == f"events per {unit}"
        ticks = [t for t in top.get_yticks() if top.get_ylim()[0] <= t <= top.get_ylim()[1]]
        assert all(float(t).is_integer() for t in ticks) and top.get_ylim()[0] == 0 and len(ticks) >= 2
    assert f"events per {unit}" in fig.get_suptitle()
    # a series that lost its attrs still says the right unit (period spacing)
    s.attrs = {}
    again = esc.plots.series(s, scale=esc.aggregates.scale_for(user_coded, None))
    assert again.axes[0].get_ylabel() == f"events per {unit}"


def test_one_dyad_when_asked(coded):
    ax = esc.plots.ladder_timeline(coded, dyad="IND-PAK").axes[0]
    assert "India–Pakistan" in ax.get_title(loc="left")
    data = esc.plots.timeline_data(coded, dyad="IND-PAK")
    assert set(data["dyad"]) == {"IND-PAK"} and len(data) > 0
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(data)
    both = esc.plots.timeline_data(coded)
    assert set(both["dyad"]) == {"AFG-PAK", "IND-PAK"}


def test_claims_colours_follow_the_claimants_in_the_data():
    d = pd.DataFrame({
        "event_id": ["X1"], "subject_state": ["UKR"], "subject_group": ["combatant"], "outcome": ["killed"],
        "basis": ["adversary_vs_admission"],
        "claim_id_a": ["a"], "claimant_side_a": ["RUS"], "claimant_org_a": ["RUS-MOD"], "qualifier_a": ["exact"],
        "number_a": [120.0], "low_a": [120.0], "high_a": [120.0],
        "claim_id_b": ["b"], "claimant_side_b": ["UKR"], "claimant_org_b": ["UKR-GS"], "qualifier_b": ["exact"],
        "number_b": [15.0], "low_b": [15.0], "high_b": [15.0],
        "ratio": [8.0], "ratio_low": [8.0], "ratio_high": [8.0], "ratio_kind": ["point"]})
    fig = esc.plots.claims(d)
    legend = [ax for ax in fig.axes if ax.get_legend()][0].get_legend()
    texts = {t.get_text() for t in legend.get_texts()}
    assert {"claimant: Russia", "claimant: Ukraine"} <= texts
    colors = {t.get_text(): mcolors.to_hex(h.get_facecolor()) for h, t in zip(legend.legend_handles, legend.get_texts())
              if t.get_text().startswith("claimant:")}
    assert colors["claimant: Russia"] != colors["claimant: Ukraine"]
    assert "Russia" in fig.get_suptitle() and "Ukraine" in fig.get_suptitle()
    assert "Afghanistan" not in fig.get_suptitle() and "Pakistan" not in fig.get_suptitle()
