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
    ax = esc.plots.ladder_timeline(coded, since="2026-02-15", until="2026-03-20").axes[0]
    points = drawn_points(ax)
    colors = legend_colors(ax)
    kabul_day = mdates.date2num(pd.Timestamp("2026-02-27"))
    hit = points[np.isclose(points["x"], kabul_day) & (points["y"] == 8)]
    assert len(hit) >= 1
    assert hit["color"].iloc[0] == colors["Pakistan → Afghanistan"]
    assert colors["Pakistan → Afghanistan"] != colors["Afghanistan → Pakistan"]
    # the Afghan cross-border attack of 26 Feb in the AFG->PAK colour
    afg = points[np.isclose(points["x"], mdates.date2num(pd.Timestamp("2026-02-26"))) & (points["y"] == 5)]
    assert afg["color"].iloc[0] == colors["Afghanistan → Pakistan"]
    ax.figure.canvas.draw()  # labels are placed with the layout
    labels = {t.get_text(): t for t in ax.texts if t.get_visible()}
    assert "“open war”" in labels and "Kabul" in labels
    # one "Kabul" for the strikes of 27 Feb, 12 Mar and 16 Mar: each 30 days labelled once
    assert [t for t in labels if "Kabul" in t] == ["Kabul"]
    assert labels["Kabul"].xy == (kabul_day, 8.0)


def test_timeline_labels_stay_in_their_rung_s_row(coded):
    ax = esc.plots.ladder_timeline(coded, dyad="AFG-PAK", since="2025-09-01").axes[0]
    fig = ax.figure
    fig.canvas.draw()
    to_data = ax.transData.inverted()
    shown = [t for t in ax.texts if t.get_visible() and t.get_text()]
    assert len(shown) >= 4
    for text in shown:
        box = text.get_window_extent()
        low, high = to_data.transform((box.x0, box.y0))[1], to_data.transform((box.x1, box.y1))[1]
        level = text.xy[1]
        assert level - 0.5 <= low and high <= level + 0.5, (text.get_text(), level, low, high)


@pytest.mark.parametrize("as_categorical", [False, True])
def test_hue_maps_to_the_right_series_whatever_the_dtype(coded, as_categorical):
    data = esc.plots.timeline_data(coded, since="2026-02-20", until="2026-03-05")
    if as_categorical:  # categories deliberately in the opposite order
        data = data.assign(direction=pd.Categorical(data["direction"], categories=["PAK→AFG", "AFG→PAK"]))
    ax = esc.plots.ladder_timeline(data).axes[0]
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
    _, m8 = marker(fig, "CL-084")  # "at least eight": an open marker with an arrow to the right
    assert list(m8.get_xdata()) == [8] and m8.get_markerfacecolor() == "white"
    arrow = [ln for ln in ax55.lines if ln.get_gid() == "claim:CL-084:open"][0]
    assert list(arrow.get_xdata()) == [8, 24] and arrow.get_marker() == ">"
    assert m55.get_markerfacecolor() not in ("none", "white")


def test_claims_give_one_row_per_pairing_with_its_ratio(claims):
    d = esc.discrepancies(claims, history=True)
    d = d[(d["event_id"] == "AFPK-050") & (d["outcome"] == "killed") & (d["subject_group"] == "combatant")]
    fig = esc.plots.claims(d)
    claims_ax, ratio_ax = fig.axes[0], fig.axes[1]
    rows = [t.get_text() for t in claims_ax.get_yticklabels()]
    assert len(rows) == len(d)
    # row k holds exactly the two claims of pairing k, and its ratio
    ratios = {round(t.get_position()[1]): t.get_text() for t in ratio_ax.texts}
    expected = esc.plots.claims_data(d).drop_duplicates("row")
    for k, r in enumerate(expected.itertuples()):
        ys = {round(float(ln.get_ydata()[0])) for ln in claims_ax.lines
              if str(ln.get_gid()) in (f"claim:{r.claim_id}",)}
        assert k in ys
        assert ratios[k] == r.ratio_text
    pair = d[(d["claim_id_a"] == "CL-082") & (d["claim_id_b"] == "CL-075")].iloc[0]
    assert round(pair["ratio"], 2) == 4.58 and "4.58×" in ratios.values()
    header = ratio_ax.get_title(loc="left")
    assert "÷" in header  # the ratio column says what it is


def test_claims_never_mix_subjects_on_one_axis(claims):
    d = esc.discrepancies(claims, history=True)
    fig = esc.plots.claims(d[d["event_id"].isin(["AFPK-050", "AFPK-057"])])
    panels = [ax for ax in fig.axes if ax.get_xscale() == "log"]
    titles = [ax.get_title(loc="left") for ax in panels]
    assert any("Combatants" in t for t in titles) and any("Civilians" in t for t in titles)
    for ax in panels:
        groups = {t.get_text().split("\n")[0].split()[-1] for t in ax.get_yticklabels()}
        assert len(groups) == 1


def test_picss_bars_for_january_to_june_2025_sum_to_502():
    data = esc.plots.load_published("picss_monthly_attacks")
    ax = esc.plots.picss_attacks().axes[0]
    heights = [p.get_height() for p in ax.patches]
    bars = dict(zip(data["month"], heights))  # one bar per published month, in order
    assert [round(p.get_x() + p.get_width() / 2) for p in ax.patches] == list(range(len(data)))
    assert sum(bars[f"2025-{m:02d}"] for m in range(1, 7)) == 502  # PICSS's H1 2025 report
    # typed from published_series.md, section A
    assert [bars[m] for m in ("2025-03", "2025-08", "2025-12", "2026-01")] == [105, 143, 68, 87]
    assert len(bars) == 13 and ax.get_ylim()[0] == 0


def test_unama_figures_are_drawn_over_their_own_periods():
    data = esc.plots.load_published("unama_civilian_casualties")
    fig = esc.plots.unama_casualties()
    killed_ax, injured_ax = fig.axes[0], fig.axes[1]
    spans = {}
    for line in killed_ax.lines:
        gid = str(line.get_gid())
        if gid.startswith("period:"):
            x = mdates.num2date(line.get_xydata()[:, 0])
            spans[int(gid.split("#")[1])] = (x[0].date().isoformat(), x[1].date().isoformat(), line.get_ydata()[0])
    for r in data.dropna(subset=["killed"]).itertuples():
        start, end, value = spans[r.Index]
        # each figure spans its period (to the end of its last day), at its published height
        assert start == r.period_start and value == r.killed
        assert end == (pd.Timestamp(r.period_end) + pd.Timedelta(days=1)).date().isoformat()
    by_span = {(a, b): v for a, b, v in spans.values()}
    assert by_span[("2025-10-01", "2026-01-01")] == 70 and by_span[("2026-02-26", "2026-03-03")] == 42
    ends = [ln for ln in killed_ax.lines if str(ln.get_gid()).startswith("end:")]
    open_ends = [ln for ln in ends if ln.get_markerfacecolor() == "white"]
    assert len(open_ends) == 8  # the eight 'at least' killed figures (Data 1.1: rows 1, 3 and 13 Mar)
    assert len([ln for ln in injured_ax.lines if str(ln.get_gid()).startswith("period:")]) == \
        data["injured"].notna().sum()
    assert killed_ax.get_ylim()[0] == 0 and injured_ax.get_ylim()[0] == 0


def test_running_claims_separate_combatants_and_civilians():
    fig = esc.plots.running_claims()
    left, right = fig.axes[0], fig.axes[1]
    assert "combatants" in left.get_title(loc="left") and "civilians" in right.get_title(loc="left")
    tarar = [ln for ln in left.lines if ln.get_label() == "Pakistan: Tarar (information minister)"][0]
    assert list(tarar.get_ydata())[0] == 133 and list(tarar.get_ydata())[-1] == 641
    unama = [ln for ln in right.lines if ln.get_label() == "UNAMA / UN"][0]
    assert list(unama.get_ydata()) == [34, 42, 56, 75]  # 75: UNAMA's 13 Mar 2026 total
    assert left.get_ylim()[0] == 0 and right.get_ylim()[0] == 0  # the review's axis from 30
    # every claimant's marker and line style is in the legend
    legend = fig.legends[0] if fig.legends else [ax.get_legend() for ax in fig.axes if ax.get_legend()][0]
    keys = {(h.get_marker(), h.get_linestyle(), mcolors.to_hex(h.get_color())) for h in legend.legend_handles}
    for ax in (left, right):
        for line in ax.lines:
            if str(line.get_gid()).startswith("claims:"):
                marks = [m for m in ax.lines if m.get_gid() == "claim:" + line.get_gid().split(":", 1)[1]]
                marker_ = marks[0].get_marker() if marks else line.get_marker()
                assert (marker_, line.get_linestyle(), mcolors.to_hex(line.get_color())) in keys, line.get_gid()


def test_series_panels_show_the_peak_week(coded):
    s = esc.build_series(coded, freq="W", since="2026-01-05", until="2026-04-05")
    s = s[s["dyad"] == "AFG-PAK"]
    fig = esc.plots.series(s)
    panels = {ax.get_title(loc="left"): ax for ax in fig.axes}
    pak = panels["Pakistan → Afghanistan"]
    bars = {mdates.num2date(p.get_x()).date().isoformat(): p.get_height() for p in pak.patches}
    assert bars["2026-02-23"] == 9
    afg = panels["Afghanistan → Pakistan"]
    # one direction never hides the other: each has its own panel, on one count scale
    assert afg is not pak and afg.get_ylim() == pak.get_ylim()
    want = s[s["actor_state"] == "AFG"].set_index("period")["n_events"]
    got = {pd.Timestamp(mdates.num2date(p.get_x()).date()): p.get_height() for p in afg.patches}
    assert got == {k: v for k, v in want.items()}


def test_series_draws_change_points_and_segment_means():
    rng = np.random.default_rng(5)
    y = np.r_[rng.poisson(0.5, 60), rng.poisson(4, 60)]  # a clear break at week 60
    s = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=120, freq="7D"), "dyad": "AFG-PAK",
                      "actor_state": "PAK", "target_state": "AFG", "n_events": y,
                      "max_level": np.nan, "max_kinetic_level": np.nan})
    cps = esc.stats.change_points(s)
    fig = esc.plots.series(s, change_points=cps)
    pak = {ax.get_title(loc="left"): ax for ax in fig.axes}["Pakistan → Afghanistan"]
    breaks = sorted(mdates.num2date(ln.get_xydata()[0, 0]).date() for ln in pak.lines
                    if ln.get_gid() == "break:PAK→AFG")
    want = sorted(pd.Timestamp(p).date() for p in cps.loc[cps["group"] == "PAK→AFG", "break_period"].dropna())
    assert breaks == want and pd.Timestamp(s["period"][60]).date() in want
    segments = [ln for ln in pak.lines if ln.get_gid() == "segment:PAK→AFG"]
    assert len(segments) == len(want) + 1
    counts = s.set_index("period")["n_events"]
    for ln in segments:  # each step is the mean count between its breaks
        a, b = (pd.Timestamp(mdates.num2date(x).date()) for x in ln.get_xydata()[:, 0])
        assert ln.get_ydata()[0] == pytest.approx(counts[(counts.index >= a) & (counts.index < b)].mean())
    legend = fig.axes[-1].get_legend()
    texts = {t.get_text() for t in legend.get_texts()}
    assert {"change point", "mean between change points"} <= texts


def test_retaliation_dots_intervals_and_baseline(coded):
    table = esc.stats.retaliation(coded, dyad="AFG-PAK", n_shifts=199)
    ax = esc.plots.reciprocity(table).axes[0]
    for r in table.itertuples():
        observed = [ln for ln in ax.lines if ln.get_gid() == f"observed:{r.cause}"][0]
        interval = [ln for ln in ax.lines if ln.get_gid() == f"interval:{r.cause}"][0]
        baseline = [ln for ln in ax.lines if ln.get_gid() == f"baseline:{r.cause}"][0]
        assert observed.get_xdata()[0] == pytest.approx(r.estimate)
        assert baseline.get_xdata()[0] == pytest.approx(r.baseline_rate)
        lo, hi = interval.get_xdata()
        # Wilson 95% interval, computed here independently
        n, k, z = r.n_events, r.n_answered, 1.959963984540054
        centre = (k + z * z / 2) / (n + z * z)
        half = z * np.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
        assert (lo, hi) == pytest.approx((centre - half, centre + half))
    legend = [a for a in ax.figure.axes if a.get_legend()][0].get_legend()
    colors = {mcolors.to_hex(h.get_color()) for h in legend.legend_handles}
    # both directions' colours are in the legend (the review: orange only)
    assert {mcolors.to_hex(esc.plots.DIRECTION_COLORS[c]) for c in table["cause"]} <= colors


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
    line = [ln for ln in fig.axes[0].lines if ln.get_gid() == "trend:PAK→AFG"][0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 104 and y[-1] > y[0]  # an increasing fitted mean
    assert np.allclose(y, fit["fitted"].to_numpy())


def test_series_reads_the_new_change_point_columns(coded):
    """Change points as the rewritten statistics give them (p_holm per break, a note per
    direction) are drawn with their p-values, and the figure keeps the rules."""
    from figure_rules import problems

    s = esc.build_series(coded, freq="W", since="2025-01-01")
    s = s[s["dyad"] == "AFG-PAK"]
    cps = esc.stats.change_points(s)
    cps = cps.assign(p_holm=np.where(cps["break_period"].notna(), [0.0004, 0.03, 0.2, 0.6][: len(cps)]
                                     if len(cps) == 4 else 0.01, np.nan),
                     note=np.where(cps["break_period"].isna(), "not estimated: needs 8 periods", ""))
    fig = esc.plots.series(s, change_points=cps)
    fig.canvas.draw()
    pak = {ax.get_title(loc="left"): ax for ax in fig.axes}["Pakistan → Afghanistan"]
    notes = sorted(t.get_text() for t in pak.texts if t.get_visible())
    rows = cps[(cps["group"] == "PAK→AFG") & cps["break_period"].notna()]
    expected = sorted("p(Holm) < 0.001" if p < 0.001 else f"p(Holm) = {p:.2g}" for p in rows["p_holm"])
    assert notes == expected
    afg = {ax.get_title(loc="left"): ax for ax in fig.axes}["Afghanistan → Pakistan"]
    assert not [ln for ln in afg.lines if str(ln.get_gid()).startswith("segment:")]  # not estimated: no means
    assert problems(fig) == []
