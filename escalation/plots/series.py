"""Weekly activity per direction: counts, peak rung and peak kinetic rung."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..scale import EscalationScale
from ._style import direction_colors, style


def series_data(s: pd.DataFrame) -> pd.DataFrame:
    """The long-form frame :func:`series` draws."""
    return s.assign(direction=s["actor_state"] + "→" + s["target_state"])[
        ["period", "direction", "n_events", "max_level", "max_kinetic_level"]].reset_index(drop=True)


def series(s: pd.DataFrame, *, change_points: pd.DataFrame | None = None,
           trend: pd.DataFrame | None = None, scale: EscalationScale | None = None, axes=None):
    """Weekly counts (top) and peak / peak kinetic rung (bottom) per direction.

    ``change_points`` (from :func:`escalation.stats.change_points`) draws each
    direction's breaks as dashed lines in its colour, and shades the segments whose
    mean is above the direction's overall mean; ``trend`` (from
    :func:`escalation.stats.trend_fit`) draws the fitted negative-binomial mean dotted.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    scale = scale or EscalationScale.default()
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
        axes[0].set_ylabel("events per week")
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
        axes[1].set_yticks([r.level for r in rungs], [r.key.replace("_", " ") for r in rungs])
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
    return fig
