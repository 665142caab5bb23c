"""Did one side answer the other? Observed answer rates against the shifted baseline."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import _labels
from ._style import GUIDE, direction_colors, legend_axes, legend_in, new_mosaic, put_title, style


def answer_window(table: pd.DataFrame) -> str:
    """``"1–7 days"`` from the table's ``defaults`` (either wording), else ``"the window"``.

    The answer window a retaliation table was computed with, in words for titles and
    captions, so that they always say the window actually used.

    Parameters
    ----------
    table : DataFrame
        From :func:`escalation.stats.retaliation` (its ``defaults`` column).

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> answer_window(pd.DataFrame({"defaults": ["window 1-7 days; whole-series circular shifts"]}))
    '1–7 days'
    >>> answer_window(pd.DataFrame({"defaults": ["window=14D, min_lag=2D"]}))
    '2–14 days'
    >>> answer_window(pd.DataFrame())
    'the window'
    """
    text = " ".join(str(v) for v in table.get("defaults", pd.Series(dtype=str)).dropna().unique()[:1])
    m = re.search(r"window (\d+)\s*[-\u2013]\s*(\d+) days", text)
    if m:
        return f"{m[1]}\u2013{m[2]} days"
    hi, lo = re.search(r"window=(\d+)D", text), re.search(r"min_lag=(\d+)D", text)
    if hi:
        return f"{lo[1] if lo else 1}\u2013{hi[1]} days"
    return "the window"


def _wilson_interval(answered, triggers, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of a share (Wilson 1927; Brown, Cai & DasGupta 2001)."""
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(np.asarray(answered, dtype=float), np.asarray(triggers, dtype=float),
                                alpha=1 - level, method="wilson")
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


def reciprocity(table: pd.DataFrame, *, dates=None, title: str | bool = True, ax=None):
    """The share of each side's attacks the other answered, with its interval and baseline.

    ``table`` is the output of :func:`escalation.stats.retaliation`.  One row per
    direction: the observed share of triggers answered within the window (filled circle,
    the direction's colour) with its 95% Wilson interval, and the baseline answer rate
    after whole-series circular shifts of the responder's days (open grey diamond: what chance alone
    gives with the same bursts).  The right column gives the counts, the answers that
    climbed the ladder, and the Holm-adjusted p-value (or why the direction was not
    tested).  ``dates`` (e.g. the events' ``date_start``) puts the period in the title.

    Parameters
    ----------
    table : DataFrame
        From :func:`escalation.stats.retaliation`; rows without an ``estimate`` (no
        triggers) are not drawn.
    dates : array of datetime, optional
        The period the table covers, for the title.
    title : str or bool
        ``True`` makes a title from the data (dyads, window and dates); a string is used
        as it is; ``False`` draws none.
    ax : matplotlib Axes, optional
        Draw here (with the legend inside it); by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure of ``ax`` (or of new axes); every plot returns its Figure.

    References
    ----------
    Wilson, E. B. (1927), JASA 22:209-212; Brown, L. D., Cai, T. T. & DasGupta, A.
    (2001), Statistical Science 16:101-133.

    Examples
    --------
    >>> import escalation as esc
    >>> t = esc.stats.retaliation(esc.code_events(esc.load_events()), dyad="AFG-PAK", n_shifts=99)
    >>> fig = esc.plots.reciprocity(t)
    >>> tuple(float(v) for v in fig.axes[0].get_xlim())
    (0.0, 1.0)
    """
    from matplotlib.lines import Line2D

    t = table.dropna(subset=["estimate"]).reset_index(drop=True)
    colors = direction_colors(t["cause"])
    window = answer_window(table)
    with style():
        if ax is None:
            fig, axd = new_mosaic([["main"], ["legend"]], 7.0, 0.55 * max(len(t), 1) + 1.7,
                                  height_ratios=[0.55 * max(len(t), 1) + 0.4, 0.15 * (len(t) + 1) + 0.1])
            ax, legend_where = axd["main"], legend_axes(axd["legend"])
        else:
            fig, legend_where = ax.figure, ax
        lo, hi = _wilson_interval(t["n_answered"], t["n_events"]) if len(t) else ([], [])
        notes = []
        for i, r in enumerate(t.itertuples()):
            color = colors[r.cause]
            ax.plot([lo[i], hi[i]], [i, i], color=color, lw=1.4, solid_capstyle="butt", gid=f"interval:{r.cause}")
            ax.plot([r.estimate], [i], marker="o", ms=5.5, color=color, ls="none", gid=f"observed:{r.cause}")
            if pd.notna(getattr(r, "baseline_rate", np.nan)):
                ax.plot([r.baseline_rate], [i], marker="D", ms=5, color=GUIDE, markerfacecolor="white",
                        mew=1.1, ls="none", gid=f"baseline:{r.cause}")
            notes.append(_note(r))
        ax.set_yticks(range(len(t)), [f"{_labels.direction_name(c)}\nanswered by {_labels.state_name(c.split('→')[1])}"
                                      for c in t["cause"]], fontsize=6.5)
        ax.set_ylim(len(t) - 0.5, -0.5)
        ax.set_xlim(0.0, 1.0)
        ax.set_xlabel(f"share of attacks answered within {window}")
        ax.grid(axis="x", color="#E6E6E6", lw=0.5)
        ax.set_axisbelow(True)
        side = ax.secondary_yaxis("right")
        side.set_yticks(range(len(t)), notes, fontsize=6)
        side.tick_params(length=0)
        side.spines["right"].set_visible(False)
        handles = [Line2D([], [], marker="o", color=colors[c], lw=1.4, ms=5,
                          label=f"{_labels.direction_name(c)}: share answered, 95% interval")
                   for c in t["cause"]]
        handles.append(Line2D([], [], marker="D", color=GUIDE, markerfacecolor="white", ls="none", ms=5,
                              label="baseline: the same answer rate after shifting the responder's days"))
        legend_in(legend_where, handles, ncols=1 if len(handles) > 2 else 2)
        if title:
            dyads = t["group"] if "group" in t else []
            put_title(ax, title if isinstance(title, str) else _labels.title(
                f"attacks answered within {window}", dyads, dates if dates is not None else []))
    return ax.figure


def _note(r) -> str:
    counts = f"{r.n_answered}/{r.n_events} answered, {r.n_higher} on a higher rung"
    p = getattr(r, "p_holm", np.nan)
    if pd.notna(p):
        return f"{counts}\np(Holm) = {p:.2g}"
    note = str(getattr(r, "note", "") or "")
    return f"{counts}\n{note.split(':')[0] if note else 'not tested'}"
