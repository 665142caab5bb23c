"""Did one side answer the other? Observed answer rates against the shifted baseline."""

from __future__ import annotations

import pandas as pd

from ._style import direction_colors, new_axes, style


def reciprocity(table: pd.DataFrame, *, ax=None):
    """Bars of the share of attacks answered within the window, beside the baseline.

    ``table`` is the output of :func:`escalation.stats.retaliation`; the baseline is the
    answer rate after whole-series circular shifts of the responder's days.  Each bar is labelled
    with its counts, the answers that climbed the ladder, and the Holm-adjusted p-value.

    Returns
    -------
    matplotlib.axes.Axes
    """
    t = table.dropna(subset=["estimate"]).reset_index(drop=True)
    colors = direction_colors(t["cause"])
    with style():
        fig, ax = new_axes(ax, width=7.0, height=2.6)
        x = range(len(t))
        ax.bar([i - 0.18 for i in x], t["estimate"], width=0.36,
               color=[colors[c] for c in t["cause"]], label="answered within 1–7 days")
        ax.bar([i + 0.18 for i in x], t["baseline_rate"], width=0.36, color="#BBBBBB",
               label="baseline (whole-series shifts)")
        for i, r in enumerate(t.itertuples()):
            ax.annotate(f"{r.n_answered}/{r.n_events}, {r.n_higher} higher\np(Holm)={r.p_holm:.2f}",
                        (i - 0.18, r.estimate), xytext=(0, 2), textcoords="offset points",
                        ha="center", fontsize=6)
        ax.set_xticks(list(x), [f"{c}\nanswered by {e}" for c, e in zip(t["cause"], t["effect"])])
        ax.set_ylabel("share of attacks answered")
        ax.set_ylim(0, 1.15)
        ax.legend(loc="upper right")
    return ax
