"""Activity per direction and period: counts, peak rung and peak kinetic rung."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..aggregates import scale_for
from ..scale import EscalationScale
from . import _labels
from ._style import direction_colors, integer_axis, style


def series_data(s: pd.DataFrame) -> pd.DataFrame:
    """The long-form frame :func:`series` draws: ``period``, ``direction`` (``"A→B"``),
    ``n_events``, ``max_level``, ``max_kinetic_level``."""
    return s.assign(direction=s["actor_state"] + "→" + s["target_state"])[
        ["period", "direction", "n_events", "max_level", "max_kinetic_level"]].reset_index(drop=True)


def series(s: pd.DataFrame, *, change_points: pd.DataFrame | None = None,
           trend: pd.DataFrame | None = None, scale: EscalationScale | None = None,
           title: str | bool = True, axes=None):
    """Counts per period (top) and peak / peak kinetic rung (bottom) per direction.

    The count axis is labelled by the series' frequency (events per day, week or
    month) and the rung axis by the ladder the events were coded on (both read from
    ``s.attrs``, as :func:`escalation.build_series` sets them).

    ``change_points`` (from :func:`escalation.stats.change_points`) draws each
    direction's breaks as dashed lines in its colour, and shades the segments whose
    mean is above the direction's overall mean; ``trend`` (from
    :func:`escalation.stats.trend_fit`) draws the fitted negative-binomial mean dotted.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    scale = scale_for(s, scale)
    unit = _labels.period_unit(s)
    data = series_data(s)
    order = sorted(data["direction"].unique())
    palette = direction_colors(order)
    with style():
        if axes is None:
            fig, axes = plt.subplots(2, 1, figsize=(7.0, 4.4), sharex=True)
        fig = axes[0].figure
        plot = data.assign(direction=data["direction"].astype(object))
        sns.lineplot(data=plot, x="period", y="n_events", hue="direction", hue_order=order,
                     palette=palette, drawstyle="steps-post", ax=axes[0], lw=1.0)
        axes[0].set_ylabel(f"events per {unit}")
        integer_axis(axes[0])
        if trend is not None and len(trend):
            for group, g in trend.groupby("group", sort=True):
                if group in palette:
                    axes[0].plot(g["period"], g["fitted"], ls=":", lw=1.2, color=palette[group],
                                 gid=f"trend:{group}")
        for column, mark in (("max_level", "o"), ("max_kinetic_level", "x")):
            points = plot.dropna(subset=[column])
            if len(points):
                sns.scatterplot(data=points, x="period", y=column, hue="direction", hue_order=order,
                                palette=palette, marker=mark, s=16, ax=axes[1], legend=False)
        rungs = [r for r in scale.rungs if r.is_dyadic and r.level > 0]
        axes[1].set_yticks([r.level for r in rungs], [_labels.rung_label(r.key) for r in rungs])
        axes[1].set_ylabel("peak rung (o) / peak kinetic rung (x)")
        axes[1].set_xlabel("")
        if change_points is not None and len(change_points):
            for row in change_points.dropna(subset=["break_period"]).itertuples():
                color = palette.get(row.group)
                if color is None:
                    continue
                for ax in axes:
                    ax.axvline(row.break_period, color=color, ls="--", lw=0.7)
                overall = data.loc[data["direction"] == row.group, "n_events"].mean()
                if row.mean_after > overall:
                    nxt = change_points[(change_points["group"] == row.group)
                                        & (change_points["break_period"] > row.break_period)]["break_period"]
                    end = nxt.min() if len(nxt) else data["period"].max()
                    axes[0].axvspan(row.break_period, end, color=color, alpha=0.08, lw=0)
        axes[0].legend(title="direction", loc="upper left")
        if title:
            axes[0].set_title(title if isinstance(title, str) else _labels.title(
                f"events per {unit} and peak rung", s["dyad"], s["period"]), loc="left")
    return fig
