"""Figures: values read back from the drawn artists, not from the frame passed in."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import escalation as esc  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def legend_colors(ax) -> dict[str, tuple]:
    legend = ax.get_legend()
    out = {}
    for handle, text in zip(legend.legend_handles, legend.get_texts()):
        color = handle.get_facecolor() if hasattr(handle, "get_facecolor") else handle.get_color()
        out[text.get_text()] = mcolors.to_rgba(np.asarray(color).reshape(-1, 4)[0] if np.ndim(color) > 1 else color)
    return out


def drawn_points(ax) -> pd.DataFrame:
    rows = []
    for coll in ax.collections:
        offsets = coll.get_offsets()
        colors = coll.get_facecolors()
        for k, (x, y) in enumerate(np.asarray(offsets)):
            rows.append({"x": x, "y": y, "color": mcolors.to_rgba(colors[k % len(colors)])})
    return pd.DataFrame(rows)


def test_timeline_draws_the_kabul_strike_in_the_pak_afg_colour(coded):
    ax = esc.plots.ladder_timeline(coded, since="2026-02-15", until="2026-03-20")
    points = drawn_points(ax)
    colors = legend_colors(ax)
    kabul_day = mdates.date2num(pd.Timestamp("2026-02-27"))
    hit = points[np.isclose(points["x"], kabul_day) & (points["y"] == 8)]
    assert len(hit) >= 1
    assert hit["color"].iloc[0] == colors["PAK→AFG"]
    assert colors["PAK→AFG"] != colors["AFG→PAK"]
    # the Afghan cross-border attack of 26 Feb in the AFG->PAK colour
    afg = points[np.isclose(points["x"], mdates.date2num(pd.Timestamp("2026-02-26"))) & (points["y"] == 5)]
    assert afg["color"].iloc[0] == colors["AFG→PAK"]
    labels = [t.get_text() for t in ax.texts]
    assert "“open war”" in labels and "Kabul" in labels


@pytest.mark.parametrize("as_categorical", [False, True])
def test_hue_maps_to_the_right_series_whatever_the_dtype(coded, as_categorical):
    data = esc.plots.timeline_data(coded, since="2026-02-20", until="2026-03-05")
    if as_categorical:  # categories deliberately in the opposite order
        data = data.assign(direction=pd.Categorical(data["direction"], categories=["PAK→AFG", "AFG→PAK"]))
    ax = esc.plots.ladder_timeline(data)
    points = drawn_points(ax)
    expected = [mcolors.to_rgba(esc.plots.DIRECTION_COLORS[d]) for d in data["direction"].astype(str)]
    # seaborn draws one collection in data order: match each point to its own row
    assert len(points) == len(data)
    got = points.sort_values(["x", "y"]).reset_index(drop=True)
    want = pd.DataFrame({"x": mdates.date2num(data["date"]), "y": data["level"], "color": expected})
    want = want.sort_values(["x", "y"]).reset_index(drop=True)
    pairs_got = sorted(zip(got["x"], got["y"], got["color"]))
    pairs_want = sorted(zip(want["x"], want["y"], want["color"]))
    assert pairs_got == pairs_want


def marker(fig, claim_id):
    for ax in fig.axes:
        for line in ax.lines:
            if line.get_gid() == f"claim:{claim_id}":
                return ax, line
    raise AssertionError(f"{claim_id} not drawn")


def test_claims_panel_shows_the_26_27_february_figures(claims):
    d = esc.discrepancies(claims, history=True)
    fig = esc.plots.claims(d[d["event_id"] == "AFPK-050"])
    ax55, m55 = marker(fig, "CL-082")
    ax12, m12 = marker(fig, "CL-075")
    assert list(m55.get_xdata()) == [55] and list(m12.get_xdata()) == [12]
    assert ax55 is ax12 and ax55.get_xscale() == "log"
    assert "Combatants" in ax55.get_title(loc="left")
    _, m8 = marker(fig, "CL-084")  # "at least eight": an open marker
    assert list(m8.get_xdata()) == [8] and m8.get_markerfacecolor() == "none"
    filled = m55.get_markerfacecolor()
    assert filled != "none"


def test_claims_never_mix_subjects_on_one_axis(claims):
    d = esc.discrepancies(claims, history=True)
    fig = esc.plots.claims(d[d["event_id"].isin(["AFPK-050", "AFPK-057"])])
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert any("Combatants" in t for t in titles) and any("Civilians" in t for t in titles)
    for ax in fig.axes:
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        groups = {t.split()[-1] for t in ticks}
        assert len(groups) == 1


def test_picss_bars_for_january_to_june_2025_sum_to_502():
    ax = esc.plots.picss_attacks()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    heights = [p.get_height() for p in ax.patches]
    bars = dict(zip(labels, heights))
    assert sum(bars[f"2025-{m:02d}"] for m in range(1, 7)) == 502  # PICSS's H1 2025 report
    # typed from published_series.md, section A
    assert [bars[m] for m in ("2025-03", "2025-08", "2025-12", "2026-01")] == [105, 143, 68, 87]
    assert len(bars) == 13


def test_unama_bars_are_the_published_figures():
    ax = esc.plots.unama_casualties()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    killed = {}
    for bar in ax.containers[0]:
        killed[labels[round(bar.get_y() + bar.get_height() / 2 + 0.2)]] = bar.get_width()
    assert killed["Q4 2025"] == 70 and killed["26 Feb - 2 Mar 2026"] == 42
    hatched = [bar.get_hatch() for bar in ax.containers[0]]
    assert hatched.count("////") == 8  # the eight 'at least' killed figures (Data 1.1: rows 1, 3 and 13 Mar)


def test_running_claims_separate_combatants_and_civilians():
    fig = esc.plots.running_claims()
    left, right = fig.axes
    assert "combatants" in left.get_title(loc="left") and "civilians" in right.get_title(loc="left")
    tarar = [l for l in left.lines if l.get_label() == "PAK: Tarar (information minister)"][0]
    assert list(tarar.get_ydata())[0] == 133 and list(tarar.get_ydata())[-1] == 641
    unama = [l for l in right.lines if l.get_label() == "UNAMA / UN"][0]
    assert list(unama.get_ydata()) == [34, 42, 56, 75]  # 75: UNAMA's 13 Mar 2026 total


def test_series_panels_show_the_peak_week(coded):
    s = esc.build_series(coded, freq="W", since="2026-01-05", until="2026-04-05")
    s = s[s["dyad"] == "AFG-PAK"]
    fig = esc.plots.series(s)
    top = fig.axes[0]
    colors = {t.get_text(): h.get_color() for h, t in zip(top.get_legend().legend_handles, top.get_legend().get_texts())}
    pak = [l for l in top.lines if l.get_color() == colors["PAK→AFG"] and len(l.get_xdata()) > 1][0]
    y = dict(zip(np.asarray(pak.get_xdata(), dtype=float), pak.get_ydata()))
    assert y[mdates.date2num(pd.Timestamp("2026-02-23"))] == 9


def test_retaliation_bars(coded):
    table = esc.stats.retaliation(coded, dyad="AFG-PAK", n_shifts=199)
    ax = esc.plots.reciprocity(table)
    heights = [p.get_height() for p in ax.patches]
    assert heights[: len(table)] == pytest.approx(table["estimate"].tolist())


def test_html_reprs_escape_text_from_the_data():
    ev = pd.DataFrame({"event_id": ["a"], "date_start": ["2026-01-01"], "actor_state": ["PAK"], "target_state": ["AFG"],
                       "kind": ["<script>alert(1)</script>"], "source_url": ["x"]})
    html = esc.coding_summary(esc.code_events(esc.validate_events(ev)))._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_series_draws_the_fitted_trend():
    rng = np.random.default_rng(4)
    periods = pd.date_range("2024-01-01", periods=104, freq="7D")
    mu = 0.5 * 1.05 ** np.arange(104)
    s = pd.DataFrame({"period": periods, "dyad": "AFG-PAK", "actor_state": "PAK", "target_state": "AFG",
                      "n_events": rng.poisson(mu), "max_level": np.nan, "max_kinetic_level": np.nan})
    fit = esc.stats.trend_fit(s)
    fig = esc.plots.series(s, trend=fit)
    line = [l for l in fig.axes[0].lines if l.get_gid() == "trend:PAK→AFG"][0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 104 and y[-1] > y[0]  # an increasing fitted mean
    assert np.allclose(y, fit["fitted"].to_numpy())
