"""Charts of published numbers: PICSS monthly attacks, UNAMA casualties, running claims."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..datasets import bundled_path
from ._style import OKABE_ITO, SIDE_COLORS, new_axes, style


def load_published(name: str) -> pd.DataFrame:
    """A table from ``data/published/`` (``picss_monthly_attacks``, ``unama_civilian_casualties``,
    ``ghazab_running_claims``)."""
    path = bundled_path(f"published/{name}.csv")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no published table named {name!r}")
    return pd.read_csv(path, dtype={"month": str})


def picss_attacks(data: pd.DataFrame | None = None, *, ax=None):
    """PICSS's monthly count of militant attacks in Pakistan, as published.

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = load_published("picss_monthly_attacks") if data is None else data
    with style():
        fig, ax = new_axes(ax, width=7.0, height=2.6)
        sns.barplot(data=data, x="month", y="attacks", color=OKABE_ITO["blue"], ax=ax)
        ax.set_xlabel("")
        ax.set_ylabel("militant attacks (PICSS)")
        ax.tick_params(axis="x", rotation=45)
    return ax


def unama_casualties(data: pd.DataFrame | None = None, *, ax=None):
    """UNAMA's counts of Afghan civilians killed and injured by Pakistani cross-border action.

    Periods overlap (preliminary and final figures, sub-periods) and are shown as
    published, one bar pair each; "at least" figures are hatched.

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = load_published("unama_civilian_casualties") if data is None else data
    with style():
        fig, ax = new_axes(ax, width=7.0, height=3.4)
        y = range(len(data))
        for offset, col, color in ((-0.2, "killed", OKABE_ITO["vermillion"]), (0.2, "injured", OKABE_ITO["sky"])):
            values = data[col].fillna(0)
            bars = ax.barh([i + offset for i in y], values, height=0.38, color=color, label=col)
            for bar, q in zip(bars, data[f"{col}_qualifier"]):
                if q in ("at_least", "more_than", "dozens"):
                    bar.set_hatch("////")
                    bar.set_edgecolor("white")
        ax.set_yticks(list(y), data["period"])
        ax.invert_yaxis()
        ax.set_xlabel("Afghan civilians (UNAMA); hatched: 'at least'")
        ax.legend(loc="lower right")
    return ax


def running_claims(claims: pd.DataFrame | None = None, unama: pd.DataFrame | None = None, *, axes=None):
    """Operation Ghazab lil-Haq: each government's running claims beside UNAMA's figures.

    Left: combatants (Pakistan's claimed Afghan dead; Kabul's admitted dead).  Right:
    civilians (UNAMA; Kabul's tallies).  Open markers are open-ended claims.  Claims, not
    verified counts.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    claims = load_published("ghazab_running_claims") if claims is None else claims
    unama = load_published("unama_civilian_casualties") if unama is None else unama
    claims = claims.assign(as_of=pd.to_datetime(claims["as_of"]))
    unama = unama[pd.to_datetime(unama["period_start"]) >= "2026-02-26"].assign(
        as_of=lambda u: pd.to_datetime(u["period_end"]))
    with style():
        if axes is None:
            fig, axes = plt.subplots(1, 2, figsize=(7.0, 2.8), sharey=False)
        fig = axes[0].figure
        panels = (("combatants", claims[claims["subject_category"] != "civilian"]),
                  ("civilians", claims[claims["subject_category"] == "civilian"]))
        styles = ["-", "--", ":", "-."]
        markers = ["o", "s", "^", "v"]
        for ax, (title, data) in zip(axes, panels):
            for (side, _), side_rows in data.groupby(["claimant_side", "subject_state"], sort=True):
                for k, (claimant, g) in enumerate(side_rows.groupby("claimant", sort=True)):
                    g = g.sort_values(["as_of", "as_of_order"])
                    color = SIDE_COLORS[side]
                    ax.plot(g["as_of"], g["killed"], drawstyle="steps-post", color=color, lw=1.0,
                            ls=styles[k % 4], label=f"{side}: {claimant}")
                    for r in g.itertuples():
                        open_end = r.killed_qualifier in ("at_least", "more_than")
                        ax.plot([r.as_of], [r.killed], marker=markers[k % 4], ms=4, color=color,
                                markerfacecolor="none" if open_end else color, linestyle="none")
            if title == "civilians":
                ax.plot(unama["as_of"], unama["killed"], marker="D", ms=4, color=SIDE_COLORS["THIRD"],
                        lw=1.0, label="UNAMA / UN")
            ax.set_title(f"{title}: killed, as claimed", loc="left")
            ax.set_ylabel("killed (cumulative claim)")
            ax.tick_params(axis="x", rotation=30)
            ax.legend(loc="upper left", fontsize=6)
    return fig
