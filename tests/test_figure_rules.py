"""Every public plot function keeps the figure rules (tests/figure_rules.py), on the
bundled data, on the real ACLED sample, and on users' files of other conflicts; and each
rule fails on a figure that breaks it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import REALDATA  # noqa: E402
from figure_rules import assert_follows_rules, problems  # noqa: E402

import escalation as esc  # noqa: E402
from escalation.plots._style import integer_axis, new_figure  # noqa: E402

ACLED_SAMPLE = REALDATA / "acled_2022_pak_afg_sample_acledR.csv"
FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures"
#: Every public function of escalation.plots that draws.
DRAWING = ["claims", "event_map", "ladder_timeline", "picss_attacks", "reciprocity", "running_claims",
           "series", "unama_casualties"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure_of(drawn):
    # one rule for every plot function (docs/plots.md): it returns its Figure
    assert isinstance(drawn, matplotlib.figure.Figure), type(drawn)
    return drawn


def test_the_list_of_drawing_functions_is_complete():
    public = {name for name in esc.plots.__all__ if callable(getattr(esc.plots, name))
              and name not in ("style", "direction_colors", "load_published")
              and not name.endswith("_data")}
    assert public == set(DRAWING)


def draws(coded, claims=None, *, since=None, freq="W"):
    """Every drawing function on one coded frame (and claims): name -> figure."""
    out = {}
    out["ladder_timeline"] = esc.plots.ladder_timeline(coded, since=since)
    for f in ("D", "W", "M") if freq is None else (freq,):
        s = esc.build_series(coded, freq=f, since=since)
        out[f"series_{f}"] = esc.plots.series(s, change_points=esc.stats.change_points(s),
                                              trend=esc.stats.trend_fit(s))
    out["event_map"] = esc.plots.event_map(coded, since=since)
    table = esc.stats.retaliation(coded, n_shifts=99)
    out["reciprocity"] = esc.plots.reciprocity(table, dates=coded["date_start"])
    if claims is not None:
        d = esc.discrepancies(claims, history=True)
        out["claims"] = esc.plots.claims(d[~d["is_umbrella"]])
    return {k: figure_of(v) for k, v in out.items()}


def test_every_figure_of_the_bundled_data_keeps_the_rules(coded, claims):
    figures = draws(coded, claims, since="2025-01-01", freq=None)
    figures["picss_attacks"] = figure_of(esc.plots.picss_attacks())
    figures["unama_casualties"] = esc.plots.unama_casualties()
    figures["running_claims"] = esc.plots.running_claims()
    for dyad in ("AFG-PAK", "IND-PAK"):
        figures[f"timeline {dyad}"] = figure_of(esc.plots.ladder_timeline(coded, dyad=dyad))
        figures[f"map {dyad}"] = esc.plots.event_map(coded, dyad=dyad)
    found = {name: problems(fig) for name, fig in figures.items()}
    assert {k: v for k, v in found.items() if v} == {}
    assert {name.split()[0].split("_")[0] for name in figures} >= {n.split("_")[0] for n in DRAWING}


@pytest.mark.skipif(not ACLED_SAMPLE.exists(), reason=f"real ACLED sample not found ({ACLED_SAMPLE})")
def test_every_figure_of_the_real_acled_sample_keeps_the_rules():
    events, _ = esc.read_acled(ACLED_SAMPLE)
    figures = draws(esc.code_events(events), freq=None)
    found = {name: problems(fig) for name, fig in figures.items()}
    assert {k: v for k, v in found.items() if v} == {}
    # the sample's six directions each get their panel, none hidden under another
    series = figures["series_W"]
    titles = [ax.get_title(loc="left") for ax in series.axes]
    assert sum("→" in t for t in titles) == 6


def test_figures_of_other_conflicts_keep_the_rules():
    ev = esc.load_events(FIXTURES / "report_arm_aze_events.csv")
    claims = esc.load_claims(FIXTURES / "report_arm_aze_claims.csv", events=ev)
    ladder = esc.EscalationScale.from_toml(FIXTURES / "report_border_ladder.toml")
    for scale in (None, ladder):
        figures = draws(esc.code_events(ev, scale=scale), claims, freq=None)
        found = {name: problems(fig) for name, fig in figures.items()}
        assert {k: v for k, v in found.items() if v} == {}, scale
    acled, _ = esc.read_acled(FIXTURES / "report_tha_khm_acled.csv")
    found = {name: problems(fig) for name, fig in draws(esc.code_events(acled), freq=None).items()}
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [3.5, 7.0])
def test_a_single_column_axes_keeps_the_rules_too(coded, width):
    with esc.plots.style():  # the house style's sizes, as the package's own figures have them
        fig, ax = new_figure(width, 3.6)
    esc.plots.ladder_timeline(coded, since="2026-02-20", until="2026-03-20", dyad="AFG-PAK", ax=ax)
    assert_follows_rules(fig)


# -- each rule fails on a figure that breaks it ----------------------------------------------------
def plain(width=7.0, height=3.0):
    fig, ax = new_figure(width, height)
    ax.set_title("Counts, 2026", loc="left")
    return fig, ax


def test_size_rule():
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    ax.set_title("2026")
    assert any("journal column" in p for p in problems(fig))
    fig, ax = plain(7.0, 9.5)
    assert any("journal column" in p for p in problems(fig))


def test_overlapping_texts_and_texts_off_the_figure_are_found():
    fig, ax = plain()
    ax.text(0.5, 0.5, "Kabul")
    ax.text(0.505, 0.5, "Kabul")  # the review's Kabul / Kabul
    off = ax.text(0.99, 0.2, "a label running far off the right edge of the figure")
    off.set_in_layout(False)  # as a label placed after the layout would be
    found = problems(fig)
    assert any("texts overlap: 'Kabul' and 'Kabul'" in p for p in found)
    assert any("runs off the figure" in p for p in found)


def test_a_legend_over_data_is_found():
    fig, ax = plain()
    x = np.arange(10)
    ax.plot(x, np.full(10, 9.0), color=esc.plots.OKABE_ITO["blue"], label="a")
    ax.plot(x, x, color=esc.plots.OKABE_ITO["vermillion"], label="b")
    ax.legend(loc="upper left")
    assert any("covers data" in p for p in problems(fig))


def test_unexplained_styles_are_found():
    fig, ax = plain()
    ax.plot([0, 1], [0, 1], color=esc.plots.OKABE_ITO["blue"], marker="o", label="claims")
    ax.plot([0, 1], [1, 0], color=esc.plots.OKABE_ITO["black"], marker="D", markerfacecolor="none", ls="none")
    ax.legend(handles=[ax.lines[0]], loc="upper left", bbox_to_anchor=(1.0, 1.0))
    found = " ".join(problems(fig))
    # the review's THIRD diamonds with a filled circle in the legend
    assert "marker ['D']" in found and "fill ['open']" in found and "#000000" in found


def test_count_axes_from_zero_with_whole_numbers():
    fig, ax = plain()
    ax.bar([0, 1, 2], [31, 40, 35], color=esc.plots.OKABE_ITO["blue"])
    ax.set_ylim(30, 41)
    ax.set_ylabel("killed")
    assert any("not a whole-number axis" in p for p in problems(fig))
    fig, ax = plain()
    ax.bar([0, 1], [1, 2], color=esc.plots.OKABE_ITO["blue"])
    ax.set_ylabel("events per month")
    integer_axis(ax)
    ax.set_yticks([0, 0.5, 1, 1.5, 2])
    assert any("not whole numbers" in p for p in problems(fig))
    fig, ax = plain()
    ax.bar([0, 1], [31, 40], color=esc.plots.OKABE_ITO["blue"])
    ax.set_ylabel("events per week")
    integer_axis(ax)
    ax.set_ylim(30, 41)
    assert any("starts at 30" in p for p in problems(fig))


def test_nested_periods_drawn_side_by_side_are_found():
    fig, ax = plain()
    for i, (gid, value) in enumerate([("period:2025-10-01/2025-12-31", 70), ("period:2025-10-10/2025-10-17", 47)]):
        ax.barh([i], [value], color=esc.plots.OKABE_ITO["vermillion"], gid=gid)
        ax.patches[-1].set_gid(gid)
    ax.set_xlabel("civilians")
    assert any("side by side" in p for p in problems(fig))


def test_colours_that_colour_blind_readers_cannot_tell_apart_are_found():
    fig, ax = plain()
    ax.plot([0, 1], [0, 1], color="#FF0000", label="red")
    ax.plot([0, 1], [1, 0], color="#00AA00", label="green")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    found = " ".join(problems(fig))
    assert "outside the colour-blind-safe palettes" in found and "apart for" in found


def test_a_title_without_when_is_found():
    fig, ax = new_figure(7.0, 3.0)
    ax.set_title("Events", loc="left")
    assert any("says when" in p for p in problems(fig))


def test_the_rules_pass_a_figure_that_keeps_them():
    fig, ax = plain()
    ax.bar(pd.date_range("2026-01-05", periods=4, freq="7D"), [0, 2, 1, 3], width=6,
           color=esc.plots.OKABE_ITO["blue"])
    ax.set_ylabel("events per week")
    integer_axis(ax)
    assert problems(fig) == []
