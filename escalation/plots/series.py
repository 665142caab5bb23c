"""Activity per direction and period: counts, change points, trend, and the peak rungs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..aggregates import scale_for
from ..scale import EscalationScale
from . import _labels
from ._style import (
    GUIDE,
    MAX_HEIGHT,
    date_axis,
    direction_colors,
    integer_axis,
    legend_axes,
    legend_in,
    new_figure,
    put_title,
    style,
)

#: The most direction panels one figure holds; further directions are left out (busiest kept).
MAX_DIRECTIONS = 6
#: Period length in days, for the width of a count bar.
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}


def series_data(s: pd.DataFrame) -> pd.DataFrame:
    """The long-form frame :func:`series` draws: ``period``, ``direction`` (``"A→B"``),
    ``n_events``, ``max_level``, ``max_kinetic_level``.

    Parameters
    ----------
    s : DataFrame
        A directed series from :func:`escalation.build_series`.

    Returns
    -------
    DataFrame
        One row per period and direction (zero-filled as the series is):
        ``period``, ``direction``, ``n_events``, ``max_level`` and
        ``max_kinetic_level`` (NaN in periods without events).

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.build_series(esc.code_events(esc.load_events()), freq="W", since="2026-01-01")
    >>> list(series_data(s).columns)
    ['period', 'direction', 'n_events', 'max_level', 'max_kinetic_level']
    """
    return s.assign(direction=s["actor_state"] + "→" + s["target_state"])[
        ["period", "direction", "n_events", "max_level", "max_kinetic_level"]].reset_index(drop=True)


def shown_directions(s: pd.DataFrame, limit: int = MAX_DIRECTIONS) -> list[str]:
    """The directions :func:`series` draws: those with events, the busiest ``limit``, sorted.

    Parameters
    ----------
    s : DataFrame
        A directed series from :func:`escalation.build_series`.
    limit : int
        The most directions drawn (``MAX_DIRECTIONS``, 6); ties keep the first in
        alphabetical order.

    Returns
    -------
    list of str
        Direction labels ``"A→B"``, sorted; every direction when none has an event.

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.build_series(esc.code_events(esc.load_events()), freq="W", since="2026-01-01")
    >>> shown_directions(s)  # IND→PAK and PAK→IND have no events in 2026
    ['AFG→PAK', 'PAK→AFG']
    """
    data = series_data(s)
    totals = data.groupby("direction", sort=True)["n_events"].sum()
    active = totals[totals > 0]
    if active.empty:
        active = totals
    busiest = active.sort_values(ascending=False, kind="stable").index[:limit]
    return sorted(busiest)


def _segments(cps: pd.DataFrame, direction: str, periods: pd.Series, counts: pd.Series):
    """(start, end, mean) of each segment between a direction's change points."""
    rows = cps[(cps["group"] == direction)] if "group" in cps else cps.iloc[0:0]
    breaks = sorted(pd.to_datetime(rows["break_period"].dropna()).tolist())
    notes = rows["note"].fillna("").astype(str) if "note" in rows else pd.Series("", index=rows.index)
    estimated = bool(len(rows)) and (bool(breaks) or (notes == "").any())
    if not len(periods) or not estimated:  # no search for breaks was made: nothing to draw
        return [], []
    edges = [periods.min(), *breaks, periods.max() + pd.Timedelta(days=1)]
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        inside = (periods >= a) & (periods < b)
        out.append((a, b, float(counts[inside].mean()) if inside.any() else np.nan))
    return breaks, out


def series(s: pd.DataFrame, *, change_points: pd.DataFrame | None = None,
           trend: pd.DataFrame | None = None, scale: EscalationScale | None = None,
           title: str | bool = True, axes=None):
    """Counts per period, one panel per direction, and the peak rungs of every direction.

    Each direction has its own panel (one never hides another), sharing the count axis.
    The count axis is labelled by the series' frequency (events per day, week or month,
    whole numbers from zero) and the rung axis by the ladder the events were coded on
    (both read from ``s.attrs``, as :func:`escalation.build_series` sets them).

    ``change_points`` (from :func:`escalation.stats.change_points`) draws each break as a
    dashed line and the mean count of each segment between breaks as a solid step; a
    break's Holm-adjusted p-value is written at its top when the table has one
    (``p_holm``).  ``trend`` (from :func:`escalation.stats.trend_fit`) draws the fitted
    negative-binomial mean dotted: pass it only where a trend describes the series (the
    report draws it only where :func:`escalation.stats.trend` supports one).  The bottom
    panel shows each direction's peak rung (filled circle) and, where it is lower, its
    peak kinetic rung (cross), so that declarations never stand in for force.  At most
    six directions (the busiest) are drawn; :func:`shown_directions` says which.

    Parameters
    ----------
    s : DataFrame
        A directed series from :func:`escalation.build_series`; its ``attrs`` give the
        frequency and the ladder.
    change_points : DataFrame, optional
        From :func:`escalation.stats.change_points` on the same series.
    trend : DataFrame, optional
        From :func:`escalation.stats.trend_fit` on the same series.
    scale : EscalationScale, optional
        The ladder for the rung axis (default: the one the series records).
    title : str or bool
        ``True`` makes a title from the data (states and dates); a string is used as it
        is; ``False`` draws none.
    axes : list of matplotlib Axes, optional
        One Axes per direction drawn, then one for the rungs (the legend goes into the
        first); by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.build_series(esc.code_events(esc.load_events()), freq="W", since="2026-01-01")
    >>> fig = esc.plots.series(s[s["dyad"] == "AFG-PAK"])
    >>> [ax.get_ylabel() for ax in fig.axes][:2]
    ['events per week', 'events per week']
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    scale = scale_for(s, scale)
    unit = _labels.period_unit(s)
    data = series_data(s)
    order = shown_directions(s)
    palette = direction_colors(order)
    rungs = [r for r in scale.rungs if r.is_dyadic and r.level > 0]
    width = pd.Timedelta(days=PERIOD_DAYS[unit] * 0.9)
    with style():
        n = len(order)
        if axes is None:
            height = min(1.05 * n + 2.4 + 0.11 * len(rungs), MAX_HEIGHT)
            fig, grid = new_figure(7.0, height, nrows=n + 2, ncols=1, gridspec_kw={
                "height_ratios": [1.0] * n + [0.9 + 0.09 * len(rungs), 0.3]})
            axes = list(np.ravel(grid))
            legend_where = legend_axes(axes.pop())
            for ax in axes[:-1]:
                ax.sharex(axes[-1])
        else:
            axes = list(np.ravel(axes))
            legend_where = axes[0]
        if len(axes) != n + 1:
            raise ValueError(f"series: axes must hold {n + 1} Axes (one per direction and the rungs), "
                             f"got {len(axes)}")
        fig = axes[0].figure
        counts, rung_ax = axes[:n], axes[n]
        top = max(1, int(data.loc[data["direction"].isin(order), "n_events"].max() or 1))
        legend = {}
        for ax, direction in zip(counts, order):
            g = data[data["direction"] == direction].sort_values("period")
            color = palette[direction]
            ax.bar(g["period"], g["n_events"], width=width, align="edge", color=color, lw=0,
                   gid=f"counts:{direction}")
            legend[direction] = Patch(color=color, label=_labels.direction_name(direction))
            if change_points is not None and len(change_points):
                breaks, segments = _segments(change_points, direction, g["period"], g["n_events"])
                for a, b, mean in segments:
                    ax.plot([a, b], [mean, mean], color=GUIDE, lw=1.0, solid_capstyle="butt",
                            gid=f"segment:{direction}")
                for br in breaks:
                    ax.axvline(br, color=GUIDE, ls="--", lw=0.7, gid=f"break:{direction}")
                if segments:
                    legend["segment"] = Line2D([], [], color=GUIDE, lw=1.0,
                                               label="mean between change points")
                if breaks:
                    legend["break"] = Line2D([], [], color=GUIDE, ls="--", lw=0.7, label="change point")
                _break_notes(ax, change_points, direction, top)
            if trend is not None and len(trend):
                t = trend[trend["group"] == direction]
                if len(t):
                    ax.plot(t["period"], t["fitted"], ls=":", lw=1.2, color=GUIDE, gid=f"trend:{direction}")
                    legend["trend"] = Line2D([], [], ls=":", lw=1.2, color=GUIDE,
                                             label="fitted trend (negative binomial)")
            ax.set_ylim(0, top * 1.15 + 0.5)
            integer_axis(ax)
            ax.set_ylabel(f"events per {unit}")
            ax.set_title(_labels.direction_name(direction), loc="left", fontsize=7.5)
        _draw_rungs(rung_ax, data, order, palette, len(order))
        rung_ax.set_yticks([r.level for r in rungs], [_labels.rung_label(r.key) for r in rungs])
        if rungs:
            rung_ax.set_ylim(min(r.level for r in rungs) - 0.6, max(r.level for r in rungs) + 0.6)
        rung_ax.set_ylabel("peak rung")
        rung_ax.set_xlabel("")
        rung_ax.grid(axis="y", color="#E6E6E6", lw=0.5)
        rung_ax.set_axisbelow(True)
        rung_ax.set_title(f"peak rung per {unit}", loc="left", fontsize=7.5)
        drawn = {str(line.get_gid()).split(":")[0] for line in rung_ax.lines}
        if "peak" in drawn:
            legend["peak"] = Line2D([], [], marker="o", ms=3.5, color="#555555", ls="none", label="peak rung")
        if "kinetic" in drawn:
            legend["kinetic"] = Line2D([], [], marker="x", ms=3.5, color="#555555", ls="none",
                                       label="peak kinetic rung, where lower")
        if len(data):
            span = data["period"].min(), data["period"].max() + width
            rung_ax.set_xlim(span[0] - (span[1] - span[0]) * 0.01, span[1] + (span[1] - span[0]) * 0.01)
        date_axis(rung_ax)
        legend_in(legend_where, list(legend.values()), ncols=min(3, len(legend)))
        if title:
            put_title(fig, title if isinstance(title, str) else _labels.title(
                f"events per {unit} and peak rung", s["dyad"], s["period"]))
    for ax in counts:  # the dates are read off the bottom panel
        plt.setp(ax.get_xticklabels(), visible=False)
        ax.xaxis.get_offset_text().set_visible(False)
    return fig


def _break_notes(ax, cps: pd.DataFrame, direction: str, top: float) -> None:
    """The Holm-adjusted p-value of each break, at its top (when the table gives one)."""
    if "p_holm" not in cps:
        return
    from ._layout import Label, place_labels

    rows = cps[(cps["group"] == direction)].dropna(subset=["break_period"])
    labels = [Label(pd.Timestamp(r.break_period), top * 1.12, _p_text(r.p_holm), band=None, fontsize=5.5)
              for r in rows.itertuples() if pd.notna(r.p_holm)]
    place_labels(ax, labels, marker_pt=0.5)


def _p_text(p: float) -> str:
    return "p(Holm) < 0.001" if p < 0.001 else f"p(Holm) = {p:.2g}"


def _draw_rungs(ax, data: pd.DataFrame, order, palette, n: int) -> None:
    """Peak rung (o) per direction, dodged a little so that directions never hide each other,
    and the peak kinetic rung (x) where it is below the peak rung."""
    for k, direction in enumerate(order):
        g = data[data["direction"] == direction]
        dodge = (k - (n - 1) / 2) * min(0.5 / max(n, 1), 0.18)
        peak = g.dropna(subset=["max_level"])
        ax.plot(peak["period"], peak["max_level"] + dodge, ls="none", marker="o", ms=3.2,
                color=palette[direction], gid=f"peak:{direction}")
        lower = g.dropna(subset=["max_kinetic_level"])
        lower = lower[lower["max_kinetic_level"] < lower["max_level"]]
        if len(lower):
            ax.plot(lower["period"], lower["max_kinetic_level"] + dodge, ls="none", marker="x", ms=3.2,
                    mew=0.9, color=palette[direction], gid=f"kinetic:{direction}")
