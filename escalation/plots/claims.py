"""Each side's claims about the same losses, as intervals on a log axis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import _labels
from ._style import GUIDE, MAX_HEIGHT, legend_axes, legend_in, new_mosaic, put_title, side_colors, style

GROUPS = {"combatant": "Combatants (military, militants)", "civilian": "Civilians"}
#: Open ends are drawn reaching this factor beyond the stated bound (log axis).
OPEN_REACH = 3.0


def claims_data(d: pd.DataFrame, *, event_ids=None, outcome: str = "killed") -> pd.DataFrame:
    """Long form of a discrepancy table: two rows (``role`` claim, reference) per pairing.

    ``pair`` names the pairing (event, subject, the two claimants); ``row`` is its
    position in the figure.  This is the frame :func:`claims` draws, and the data file
    the report writes beside the figure.

    Parameters
    ----------
    d : DataFrame
        From :func:`escalation.discrepancies` (``history=True`` keeps superseded pairs).
    event_ids : list of str, optional
        Keep these events only.
    outcome : str
        ``killed`` (default), ``wounded``, ``captured`` or ``missing``.

    Returns
    -------
    DataFrame
        Two rows per pairing, combatants first: ``row``, ``pair``, ``event_id``,
        ``subject_group``, ``subject_state``, ``basis``, ``role`` (``claim`` or
        ``reference``), ``claim_id``, ``claimant_side``, ``claimant_org``,
        ``qualifier``, ``number``, ``low``, ``high``, ``independent`` (a third party's
        figure) and ``ratio_text`` (the ratio as the figure writes it).

    Examples
    --------
    >>> import escalation as esc
    >>> d = esc.discrepancies(esc.load_claims(), history=True)
    >>> data = claims_data(d, event_ids=["AFPK-050"])
    >>> data[["row", "role", "claim_id", "low", "high"]].head(2).to_numpy().tolist()
    [[0, 'claim', 'CL-078', 274.0, inf], [0, 'reference', 'CL-084', 8.0, inf]]
    """
    d = _pairs(d, event_ids, outcome)
    rows = []
    for k, r in enumerate(d.itertuples()):
        for role, suffix in (("claim", "a"), ("reference", "b")):
            side = getattr(r, f"claimant_side_{suffix}")
            rows.append({
                "row": k, "pair": _pair_label(r), "event_id": r.event_id,
                "subject_group": r.subject_group, "subject_state": r.subject_state,
                "basis": r.basis, "role": role, "claim_id": getattr(r, f"claim_id_{suffix}"),
                "claimant_side": side, "claimant_org": getattr(r, f"claimant_org_{suffix}"),
                "qualifier": getattr(r, f"qualifier_{suffix}"),
                "number": getattr(r, f"number_{suffix}"), "low": getattr(r, f"low_{suffix}"),
                "high": getattr(r, f"high_{suffix}"),
                "independent": side == "THIRD",
                "ratio_text": _ratio_text(r),
            })
    return pd.DataFrame(rows)


def _pairs(d: pd.DataFrame, event_ids, outcome: str) -> pd.DataFrame:
    d = d[d["outcome"] == outcome]
    if event_ids is not None:
        d = d[d["event_id"].isin(event_ids)]
    order = [g for g in GROUPS if g in set(d["subject_group"])]
    order += sorted(set(d["subject_group"]) - set(order))
    rank = {g: i for i, g in enumerate(order)}
    return (d.assign(_g=d["subject_group"].map(rank))
            .sort_values(["_g", "event_id", "subject_state", "claim_id_a", "claim_id_b"], kind="stable")
            .drop(columns="_g").reset_index(drop=True))


def _pair_label(r) -> str:
    subject = f"{_labels.state_name(r.subject_state)} {r.subject_group}s"
    return f"{r.event_id} \u00b7 {subject}\n{r.claimant_org_a} vs {r.claimant_org_b}"


def _draw_claim(ax, y, row, color):
    """One claim: a marker at its number; a line over its range; an arrow line to an open end."""
    number, low, high = row.number, row.low, row.high
    point = number if not (isinstance(number, float) and math.isnan(number)) else low
    open_above, open_below = math.isinf(high), low == 0 and point > 0
    marker = "D" if row.independent else "o"
    gid = f"claim:{row.claim_id}"
    if not open_above and not open_below and low != high:
        ax.plot([low, high], [y, y], color=color, lw=1.2, solid_capstyle="butt", gid=gid + ":range")
    if open_above:
        ax.plot([point, point * OPEN_REACH], [y, y], color=color, lw=0.9, marker=">", ms=3.5,
                markevery=[1], gid=gid + ":open")
    if open_below:
        ax.plot([point, point / OPEN_REACH], [y, y], color=color, lw=0.9, marker="<", ms=3.5,
                markevery=[1], gid=gid + ":open")
    filled = not (open_above or open_below)
    ax.plot([point], [y], marker=marker, ms=4.5, color=color, markerfacecolor=color if filled else "white",
            markeredgewidth=1.1, linestyle="none", gid=gid)


def claims(d: pd.DataFrame, *, event_ids=None, outcome: str = "killed", title: str | bool = True,
           axes=None):
    """Both sides' claims about the same losses on a log axis: one row per pairing of claims.

    Each row pairs a claim with the figure it is compared with (the other side's own
    admission, or an independent figure), as :func:`escalation.discrepancies` pairs them,
    and gives their ratio at the right (first claimant's figure over the second's: ``≥``
    a lower bound, ``≤`` an upper bound, a range, or ``–`` where both ends are open).
    Colour is the claimant side; circles are claims of a party, diamonds independent
    (third-party, e.g. UN) figures; a filled marker is a stated number, an open one an
    open-ended claim with an arrow towards its open end ("at least 8", "up to 20"); a line
    spans a stated range.  Combatants and civilians are never drawn on one axis.  Claims,
    not verified counts.

    Parameters
    ----------
    d : DataFrame
        From :func:`escalation.discrepancies`; the data drawn is
        :func:`claims_data` of it.
    event_ids : list of str, optional
        Draw these events only.
    outcome : str
        ``killed`` (default), ``wounded``, ``captured`` or ``missing``.
    title : str or bool
        ``True`` makes a title from the data (states and dates); a string is used as it
        is; ``False`` draws none.
    axes : list of tuple of matplotlib Axes, optional
        One ``(claims_ax, ratio_ax)`` pair per subject group drawn (combatants, then
        civilians); the legend goes into the last pair's claims axes.  By default a new
        figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import escalation as esc
    >>> d = esc.discrepancies(esc.load_claims(), history=True)
    >>> fig = esc.plots.claims(d[d["event_id"] == "AFPK-050"])
    >>> fig.axes[0].get_xscale()
    'log'
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    pairs = _pairs(d, event_ids, outcome)
    data = claims_data(d, event_ids=event_ids, outcome=outcome)
    sides = sorted(set(data["claimant_side"])) if not data.empty else []
    colors = side_colors(sides)
    groups = list(dict.fromkeys(pairs["subject_group"]))
    with style():
        if axes is None:
            heights = [0.36 * max(1, int((pairs["subject_group"] == g).sum())) + 0.45 for g in groups] or [1.0]
            rows = [[f"{g}", f"{g}:ratio"] for g in groups or ["none"]] + [["legend", "legend"]]
            fig, axd = new_mosaic(rows, 7.0, min(sum(heights) + 1.5, MAX_HEIGHT), width_ratios=[5.2, 1.0],
                                  height_ratios=[*(heights or [1.0]), 0.45])
            axes = [(axd[f"{g}"], axd[f"{g}:ratio"]) for g in groups or ["none"]]
            legend_where = legend_axes(axd["legend"])
        else:
            legend_where = axes[-1][0]
        fig = axes[0][0].figure
        finite = pd.concat([data["number"], data["low"], data["high"]]) if len(data) else pd.Series([1.0])
        finite = finite[np.isfinite(finite) & (finite > 0)]
        hi = max(20.0, float(finite.max()) * OPEN_REACH * 1.3) if len(finite) else 20.0
        lo = min(0.5, float(finite.min()) / OPEN_REACH / 1.3) if len(finite) else 0.5
        for (ax, ratio_ax), group in zip(axes, groups):
            g = pairs[pairs["subject_group"] == group]
            for y, r in enumerate(g.itertuples()):
                rows = data[data["row"] == r.Index]  # the pairing's claim, then its reference
                for k, row in enumerate(rows.itertuples()):
                    _draw_claim(ax, y + (k - 0.5) * 0.22, row, colors[row.claimant_side])
                ratio_ax.text(0.05, y, _ratio_text(r), ha="left", va="center", fontsize=6.5)
            labels = [_pair_label(r) for r in g.itertuples()]
            for a in (ax, ratio_ax):
                a.set_ylim(len(g) - 0.5, -0.5)
            ax.set_yticks(range(len(g)), labels, fontsize=6)
            ax.set_xscale("log")
            ax.set_xlim(lo, hi)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
            ax.grid(axis="x", color="#E6E6E6", lw=0.5, which="major")
            ax.set_axisbelow(True)
            ax.set_title(f"{GROUPS.get(group, group.capitalize())}: {outcome}, as claimed",
                         loc="left", fontsize=8)
            ax.set_xlabel(f"claimed number {outcome} (log scale)")
            ratio_ax.set_axis_off()
            ratio_ax.set_xlim(0, 1)
            ratio_ax.set_title("ratio, first\n\u00f7 second", loc="left", fontsize=6.5)
        handles = [Patch(color=colors[s], label=_side_name(s)) for s in sides]
        handles += [
            Line2D([], [], marker="o", color=GUIDE, ls="none", ms=4.5, label="claim by a party"),
            Line2D([], [], marker="D", color=GUIDE, ls="none", ms=4.5, label="independent figure"),
            Line2D([], [], marker="o", color=GUIDE, markerfacecolor="white", ls="none", ms=4.5,
                   label="open-ended (at least, up to)"),
            Line2D([], [], marker=">", color=GUIDE, lw=0.9, ms=3.5, label="towards the open end"),
        ]
        ranged = data[np.isfinite(data["high"]) & (data["low"] > 0) & (data["low"] != data["high"])] \
            if len(data) else data
        if len(ranged):
            handles.append(Line2D([], [], color=GUIDE, lw=1.2, label="stated range"))
        legend_in(legend_where, handles, ncols=min(3, len(handles)))
        if title:
            dates = pd.concat([d.get("claim_date_a", pd.Series(dtype="datetime64[ns]")),
                               d.get("claim_date_b", pd.Series(dtype="datetime64[ns]"))])
            states = set(pairs["subject_state"]) | {s for s in sides if s not in ("THIRD", "NSA")}
            dyads = [f"{a}-{b}" for a in states for b in states if a < b]
            put_title(fig, title if isinstance(title, str) else _labels.title(
                f"claims about the same losses ({outcome})", dyads, dates))
    return fig


def _side_name(side: str) -> str:
    if side == "THIRD":
        return "claimant: independent (third party)"
    if side == "NSA":
        return "claimant: non-state armed group"
    return f"claimant: {_labels.state_name(side)}"


def _ratio_text(r) -> str:
    if r.ratio_kind == "point":
        return f"{r.ratio:.3g}\u00d7"
    if r.ratio_kind == "lower_bound":
        return f"\u2265 {r.ratio_low:.3g}\u00d7"
    if r.ratio_kind == "upper_bound":
        return f"\u2264 {r.ratio_high:.3g}\u00d7"
    if r.ratio_kind == "interval":
        return f"{r.ratio_low:.3g}\u2013{r.ratio_high:.3g}\u00d7"
    return "\u2013"
