"""Events on their rungs over time."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..aggregates import scale_for
from ..scale import EscalationScale
from . import _labels
from ._style import direction_colors, new_axes, style


def timeline_data(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = None,
                  scale: EscalationScale | None = None) -> pd.DataFrame:
    """The long-form frame :func:`ladder_timeline` draws: one row per (event, direction).

    Columns: ``event_id``, ``date``, ``dyad``, ``direction`` (``"A→B"``; a mutual event
    appears in both directions), ``rung``, ``level``, ``mutual``, ``location``, ``kind``,
    ``date_precision``.  ``dyad=None`` keeps every dyad.
    """
    scale = scale_for(coded, scale)
    keys = [r.key for r in scale.rungs if r.is_dyadic]
    ev = coded[coded["rung"].astype(str).isin(keys) & coded["is_state_action"].astype(bool)]
    if dyad:
        ev = ev[ev["dyad"] == dyad]
    if since is not None:
        ev = ev[ev["date_start"] >= pd.Timestamp(since)]
    if until is not None:
        ev = ev[ev["date_start"] <= pd.Timestamp(until)]
    one = ev.assign(direction=ev["actor_state"] + "→" + ev["target_state"])
    flipped = ev[ev["mutual"]].assign(direction=ev["target_state"] + "→" + ev["actor_state"])
    out = pd.concat([one, flipped], ignore_index=True)
    out = out.assign(date=out["date_start"], level=out["level"].astype(float),
                     rung=out["rung"].astype(str))
    out = out[["event_id", "date", "dyad", "direction", "rung", "level", "mutual", "location",
               "kind", "date_precision"]].sort_values(["date", "direction", "event_id"])
    out = out.reset_index(drop=True)
    out.attrs = {"scale": scale.name, "ladder": scale}
    return out


def _place(location) -> str:
    """A short place label: the first place named."""
    text = "" if pd.isna(location) else str(location)
    return text.split(";")[0].split(",")[0].split("(")[0].strip()[:16]


def _label_from(scale: EscalationScale) -> float:
    """By default label strikes on a capital and anything above them (declarations of war)."""
    capital = dict(scale.depth).get("capital")
    if capital in scale:
        return scale[capital].level
    return max(r.level for r in scale.rungs if r.is_dyadic)


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
    matplotlib.axes.Axes

    Examples
    --------
    >>> import escalation as esc
    >>> ax = esc.plots.ladder_timeline(esc.code_events(esc.load_events()), since="2026-02-15")
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
        fig, ax = new_axes(ax, height=3.2)
        sns.scatterplot(data=data.assign(direction=data["direction"].astype(str).astype(object)), x="date",
                        y="level", hue="direction", hue_order=order, palette=palette,
                        style="direction", style_order=order, s=28, ax=ax, legend=True,
                        edgecolor="white", linewidth=0.4)
        lowest = data["level"].min() - 1 if len(data) else 0
        rungs = [r for r in scale.rungs if r.is_dyadic and lowest <= r.level]
        ax.set_yticks([r.level for r in rungs], [_labels.rung_label(r.key) for r in rungs])
        labelled = data[data["level"] >= label_levels].drop_duplicates("event_id")
        for k, row in enumerate(labelled.itertuples()):
            label = "“open war”" if row.rung == "open_war" else _place(row.location)
            # alternate two heights so that labels on one rung do not collide
            dy = (5, 13)[k % 2]
            ax.annotate(label, (row.date, row.level), xytext=(2, dy), textcoords="offset points",
                        fontsize=5.5)
        ax.set_xlabel("")
        ax.set_ylabel(f"rung ({scale.name} ladder)")
        if ax.get_legend() is not None:
            ax.legend(title="direction", loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if title:
            dyads = data["dyad"] if "dyad" in data else data["direction"].astype(str).map(
                lambda d: "-".join(sorted(d.split("→"))))
            ax.set_title(title if isinstance(title, str) else
                         _labels.title("events on the escalation ladder", dyads, data["date"]),
                         loc="left")
    return ax
