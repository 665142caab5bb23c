"""Events on their rungs over time."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..aggregates import scale_for
from ..scale import EscalationScale
from . import _labels
from ._layout import place_labels
from ._select import state_actions
from ._style import date_axis, direction_colors, new_axes, put_title, style


def timeline_data(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = None,
                  scale: EscalationScale | None = None) -> pd.DataFrame:
    """The long-form frame :func:`ladder_timeline` draws: one row per (event, direction).

    Columns: ``event_id``, ``date``, ``dyad``, ``direction`` (``"A→B"``; a mutual event
    appears in both directions), ``rung``, ``level``, ``mutual``, ``location``, ``kind``,
    ``date_precision``.  ``dyad=None`` keeps every dyad.

    Only state actions on the ladder's dyadic rungs are kept (what the timeline counts).

    Parameters
    ----------
    coded : DataFrame
        From :func:`escalation.code_events`.
    since, until : date-like, optional
        Keep events starting in this window (both days included).
    dyad : str, optional
        Keep one dyad, e.g. ``"AFG-PAK"``.
    scale : EscalationScale, optional
        The ladder the events were coded on (default: the one ``code_events`` recorded).

    Returns
    -------
    DataFrame
        The columns above, sorted by date, direction and event; ``attrs["scale"]`` names
        the ladder.

    Examples
    --------
    >>> import escalation as esc
    >>> t = timeline_data(esc.code_events(esc.load_events()), since="2026-02-26", until="2026-02-28")
    >>> t[["event_id", "direction", "rung"]].iloc[0].tolist()
    ['AFPK-050', 'AFG→PAK', 'cross_border_attack']
    """
    scale = scale_for(coded, scale)
    ev = state_actions(coded, scale, dyad=dyad, since=since, until=until)
    one = ev.assign(direction=ev["actor_state"] + "→" + ev["target_state"])
    flipped = ev[ev["mutual"]].assign(direction=ev["target_state"] + "→" + ev["actor_state"])
    out = pd.concat([one, flipped], ignore_index=True)
    out = out.assign(date=out["date_start"], level=out["level"].astype(float),
                     rung=out["rung"].astype(str))
    out = out[["event_id", "date", "dyad", "direction", "rung", "level", "mutual", "location",
               "kind", "date_precision"]].sort_values(["date", "direction", "event_id"])
    out = out.reset_index(drop=True)
    out.attrs = {"scale": scale.name, "ladder": scale.to_dict()}
    return out


def _place(location) -> str:
    """A short place label: the first place named."""
    text = "" if pd.isna(location) else str(location)
    first = text.split(";")[0].split(",")[0].split("(")[0].strip()
    words, out = first.split(), ""
    for word in words:  # whole words, at most about 20 characters
        if out and len(out) + 1 + len(word) > 20:
            return out + "…"
        out = f"{out} {word}".strip()
    return out


def _label_from(scale: EscalationScale) -> float:
    """By default label strikes on a capital and anything above them (declarations of war)."""
    capital = dict(scale.depth).get("capital")
    if capital in scale:
        return scale[capital].level
    return max(r.level for r in scale.rungs if r.is_dyadic)


def _capital_name(state: str) -> str | None:
    from ..geo import capitals

    table = capitals()
    rows = table[table["iso3"] == state]
    if rows.empty:
        return None
    official = rows[rows["role"] == "official"]
    return str((official if len(official) else rows)["capital"].iloc[0])


def _labels_for(data: pd.DataFrame, at_or_above: float, scale: EscalationScale) -> list:
    """One label per place and rung within 30 days: a strike on a capital is labelled with
    the capital's name, a declaration of war as such, anything else with its first place
    named (the review's "Kabul / Kabul" is labelled once)."""
    from ._layout import Label

    capital_rung = dict(scale.depth).get("capital")
    out, last = [], {}
    for row in data[data["level"] >= at_or_above].drop_duplicates("event_id").itertuples():
        target = str(row.direction).split("→")[-1]
        if row.rung == "open_war":
            text = "\u201copen war\u201d"
        elif row.rung == capital_rung:
            text = _capital_name(target) or _place(row.location)
        else:
            text = _place(row.location)
        if not text:
            continue
        key = (text, row.level)
        if key in last and (row.date - last[key]).days <= 30:
            continue
        last[key] = row.date
        out.append(Label(row.date, row.level, text, band=(row.level - 0.5, row.level + 0.5)))
    return out


def ladder_timeline(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = None,
                    label_levels: float | None = None, scale: EscalationScale | None = None,
                    title: str | bool = True, ax=None):
    """Events on their rungs over time, one colour per direction.

    Parameters
    ----------
    coded : DataFrame
        From :func:`escalation.code_events`, or the long-form frame of
        :func:`timeline_data` (with a ``direction`` column, string or categorical).
    since, until : date-like, optional
    dyad : str or None
        Keep one dyad; ``None`` (default) draws every dyad in the data.
    label_levels : float, optional
        Label events at or above this level; by default the ladder's capital-strike rung
        and everything above it (declarations).
    scale : EscalationScale, optional
        The ladder the events were coded on (default: the one ``code_events`` recorded).
    title : str or bool
        ``True`` makes a title from the data (states and dates); a string is used as it
        is; ``False`` draws none.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        The figure of ``ax`` (or of new axes); every plot returns its Figure.

    Examples
    --------
    >>> import escalation as esc
    >>> fig = esc.plots.ladder_timeline(esc.code_events(esc.load_events()), since="2026-02-15")
    >>> fig.axes[0].get_ylabel()
    'rung (default ladder)'
    """
    scale = scale_for(coded, scale)
    # long-form input (from timeline_data) is drawn as it is; coded events are reshaped
    data = coded if "direction" in coded else timeline_data(coded, since=since, until=until,
                                                            dyad=dyad, scale=scale)
    label_levels = _label_from(scale) if label_levels is None else label_levels
    # hue as plain strings with an explicit palette dict: seaborn 0.13.2 with pandas 3
    # can mis-assign a categorical hue given hue_order (seaborn issues 3893/3922)
    order = sorted(data["direction"].astype(str).unique())
    palette = direction_colors(order)
    with style():
        fig, ax = new_axes(ax, height=4.4)
        sns.scatterplot(data=data.assign(direction=data["direction"].astype(str).astype(object)), x="date",
                        y="level", hue="direction", hue_order=order, palette=palette,
                        style="direction", style_order=order, s=24, ax=ax, legend=True,
                        edgecolor="white", linewidth=0.4)
        lowest = data["level"].min() - 1 if len(data) else 0
        rungs = [r for r in scale.rungs if r.is_dyadic and lowest <= r.level]
        ax.set_yticks([r.level for r in rungs], [_labels.rung_label(r.key) for r in rungs])
        if rungs:
            ax.set_ylim(min(r.level for r in rungs) - 0.5, max(r.level for r in rungs) + 0.5)
        if len(data):
            first, last = data["date"].min(), data["date"].max()
            margin = max((last - first) * 0.03, pd.Timedelta(days=2))
            ax.set_xlim(first - margin, last + margin)
        date_axis(ax)
        ax.grid(axis="y", color="#E6E6E6", lw=0.5)
        ax.set_axisbelow(True)
        place_labels(ax, _labels_for(data, label_levels, scale))
        ax.set_xlabel("")
        ax.set_ylabel(f"rung ({scale.name} ladder)")
        if ax.get_legend() is not None:
            old = ax.get_legend()
            texts = [_labels.direction_name(t.get_text()) for t in old.get_texts()]
            if fig.get_figwidth() >= 5:  # beside the chart
                ax.legend(old.legend_handles, texts, title="direction", loc="upper left",
                          bbox_to_anchor=(1.0, 1.0))
            else:  # a single column: under the dates (their labels and year take about 26 pt)
                from matplotlib.transforms import ScaledTranslation

                below = ax.transAxes + ScaledTranslation(0, -26 / 72, fig.dpi_scale_trans)
                ax.legend(old.legend_handles, texts, title="direction", loc="upper center",
                          bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncols=1)
        if title:
            dyads = data["dyad"] if "dyad" in data else data["direction"].astype(str).map(
                lambda d: "-".join(sorted(d.split("→"))))
            put_title(ax, title if isinstance(title, str) else
                      _labels.title("events on the escalation ladder", dyads, data["date"]))
    return ax.figure
