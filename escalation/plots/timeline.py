"""Events on their rungs over time."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from ..scale import EscalationScale
from ._style import direction_colors, new_axes, style


def timeline_data(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = "AFG-PAK",
                  scale: EscalationScale | None = None) -> pd.DataFrame:
    """The long-form frame :func:`ladder_timeline` draws: one row per (event, direction)."""
    scale = scale or EscalationScale.default()
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
    return out[["event_id", "date", "direction", "rung", "level", "mutual", "location", "kind",
                "date_precision"]].sort_values(["date", "direction", "event_id"]).reset_index(drop=True)


CAPITALS = ("Kabul", "Islamabad", "New Delhi", "Delhi")


def _place(location) -> str:
    """A short place label: the capital if one is named, else the first place."""
    text = str(location)
    for capital in CAPITALS:
        if capital in text:
            return capital
    return text.split(";")[0].split(",")[0].split("(")[0].strip()[:16]


def ladder_timeline(coded: pd.DataFrame, *, since=None, until=None, dyad: str | None = "AFG-PAK",
                    label_levels: int = 8, scale: EscalationScale | None = None, ax=None):
    """Events on their rungs over time, one colour per direction.

    Parameters
    ----------
    coded : DataFrame
        From :func:`escalation.code_events`, or the long-form frame of
        :func:`timeline_data` (with a ``direction`` column, string or categorical).
    since, until : date-like, optional
    dyad : str or None
        Keep one dyad (default ``AFG-PAK``); ``None`` keeps all.
    label_levels : int
        Label events at or above this level (strikes on a capital, declarations).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import escalation as esc
    >>> ax = esc.plots.ladder_timeline(esc.code_events(esc.load_events()), since="2026-02-15")
    """
    scale = scale or EscalationScale.default()
    # long-form input (from timeline_data) is drawn as it is; coded events are reshaped
    data = coded if "direction" in coded else timeline_data(coded, since=since, until=until,
                                                            dyad=dyad, scale=scale)
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
        rungs = [r for r in scale.rungs if r.is_dyadic and data["level"].min() - 1 <= r.level]
        ax.set_yticks([r.level for r in rungs], [r.key.replace("_", " ") for r in rungs])
        labelled = data[data["level"] >= label_levels].drop_duplicates("event_id")
        for k, row in enumerate(labelled.itertuples()):
            label = "“open war”" if row.rung == "open_war" else _place(row.location)
            # alternate two heights so that labels on one rung do not collide
            dy = (5, 13)[k % 2]
            ax.annotate(label, (row.date, row.level), xytext=(2, dy), textcoords="offset points",
                        fontsize=5.5)
        ax.set_xlabel("")
        ax.set_ylabel("rung")
        ax.legend(title="direction", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax
