"""Each side's claims about the same losses, as intervals on a log axis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._style import new_axes, side_colors, style

GROUPS = {"combatant": "Combatants (military, militants)", "civilian": "Civilians"}


def claims_data(d: pd.DataFrame, *, event_ids=None, outcome: str = "killed") -> pd.DataFrame:
    """Long form of a discrepancy table: one row per claim in each pairing shown."""
    d = d[d["outcome"] == outcome]
    if event_ids is not None:
        d = d[d["event_id"].isin(event_ids)]
    rows = []
    for r in d.itertuples():
        pair = f"{r.event_id} · {r.subject_state} {r.subject_group}"
        for role, suffix in (("claim", "a"), ("reference", "b")):
            side = getattr(r, f"claimant_side_{suffix}")
            rows.append({
                "pair": pair, "event_id": r.event_id, "subject_group": r.subject_group,
                "subject_state": r.subject_state,
                "basis": r.basis, "role": role, "claim_id": getattr(r, f"claim_id_{suffix}"),
                "claimant_side": side, "claimant_org": getattr(r, f"claimant_org_{suffix}"),
                "qualifier": getattr(r, f"qualifier_{suffix}"),
                "number": getattr(r, f"number_{suffix}"), "low": getattr(r, f"low_{suffix}"),
                "high": getattr(r, f"high_{suffix}"),
                "independent": side == "THIRD",
            })
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return (out.drop_duplicates(["pair", "claim_id"]).sort_values(["subject_group", "pair", "claimant_side", "claim_id"])
            .reset_index(drop=True))


def _draw_claim(ax, y, row, color):
    number, low, high = row.number, row.low, row.high
    point = number if not math.isnan(number) else low
    open_above, open_below = math.isinf(high), low == 0
    marker = "D" if row.independent else "o"
    filled = not (open_above or open_below)
    if not open_above and not open_below and low != high:
        ax.plot([low, high], [y, y], color=color, lw=1.2, solid_capstyle="butt")
    if open_above:
        ax.annotate("", xy=(point * 3, y), xytext=(point, y),
                    arrowprops=dict(arrowstyle="->", color=color, lw=1.0))
    if open_below:
        ax.annotate("", xy=(max(point / 3, 0.5), y), xytext=(point, y),
                    arrowprops=dict(arrowstyle="->", color=color, lw=1.0))
    ax.plot([point], [y], marker=marker, ms=5, color=color,
            markerfacecolor=color if filled else "none", markeredgewidth=1.2, linestyle="none",
            gid=f"claim:{row.claim_id}")


def claims(d: pd.DataFrame, *, event_ids=None, outcome: str = "killed", axes=None):
    """Both sides' claims about the same losses on a log axis, one panel per subject group.

    Filled markers are stated numbers; an open marker with an arrow is an open end
    ("at least 8", "more than 200"); a line spans a range or an "about"; diamonds are
    independent (UN) figures.  Combatants and civilians are never drawn on one axis.
    The ratio interval of each pairing is written at the right.  Claims, not verified
    counts.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    data = claims_data(d, event_ids=event_ids, outcome=outcome)
    colors = side_colors(sorted(set(data["claimant_side"]))) if not data.empty else {}
    groups = [g for g in GROUPS if not data.empty and g in set(data["subject_group"])]
    with style():
        if axes is None:
            heights = [max(1.0, 0.35 * data.loc[data.subject_group == g, "pair"].nunique() + 0.6) for g in groups]
            fig, axes = plt.subplots(len(groups), 1, figsize=(7.0, sum(heights) + 0.5), squeeze=False,
                                     gridspec_kw={"height_ratios": heights})
            axes = axes[:, 0]
        fig = axes[0].figure
        for ax, group in zip(axes, groups):
            g = data[data["subject_group"] == group]
            pairs = list(dict.fromkeys(g["pair"]))
            for y, pair in enumerate(pairs):
                rows = g[g["pair"] == pair]
                for k, row in enumerate(rows.itertuples()):
                    offset = (k - (len(rows) - 1) / 2) * 0.18
                    _draw_claim(ax, y + offset, row, colors[row.claimant_side])
                ratios = d[(d["event_id"] == rows["event_id"].iloc[0]) & (d["subject_group"] == group)
                           & (d["outcome"] == outcome) & (d["subject_state"] == rows["subject_state"].iloc[0])]
                text = "; ".join(dict.fromkeys(_ratio_text(r) for r in ratios.itertuples()))
                ax.annotate(text, (1.01, y), xycoords=("axes fraction", "data"), fontsize=6, va="center")
            ax.set_yticks(range(len(pairs)), pairs)
            ax.set_xscale("log")
            ax.set_xlim(0.5, max(2000, np.nanmax(g["number"].fillna(g["low"])) * 4))
            ax.set_ylim(-0.6, len(pairs) - 0.4)
            ax.set_title(f"{GROUPS[group]}: {outcome}, as claimed", loc="left")
            ax.set_xlabel("claimed number (log scale)")
        handles = [plt.Line2D([], [], marker="o", color=c, linestyle="none", label=s)
                   for s, c in colors.items()]
        handles.append(plt.Line2D([], [], marker="o", color="#555555", markerfacecolor="none",
                                  linestyle="none", label="open end"))
        axes[-1].legend(handles=handles, title="claimant", loc="upper center", ncols=len(handles),
                        bbox_to_anchor=(0.5, -0.55))
    return fig


def _ratio_text(r) -> str:
    if r.ratio_kind == "point":
        return f"×{r.ratio:.2f}"
    if r.ratio_kind == "lower_bound":
        return f"≥×{r.ratio_low:.1f}"
    if r.ratio_kind == "upper_bound":
        return f"≤×{r.ratio_high:.1f}"
    if r.ratio_kind == "interval":
        return f"×{r.ratio_low:.1f}–{r.ratio_high:.1f}"
    return "ratio undefined"
