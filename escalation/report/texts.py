"""Words about a figure made from its data: what it shows, when, and its alt text.

Every sentence here is built from the frame a figure draws, so a report on a user's
file speaks only of that file's states, ladder, frequency and dates.
"""

from __future__ import annotations

import pandas as pd

from ..plots import _labels


def day(ts) -> str:
    """``"27 Feb 2026"``."""
    t = pd.Timestamp(ts)
    return f"{t.day} {t:%b %Y}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def and_list(items: list[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""


def timeline_alt(data: pd.DataFrame, scale) -> str:
    if data.empty:
        return "An empty chart: no events in the window."
    top = data.loc[data["level"].idxmax()]
    busiest = data["date"].dt.to_period("M").value_counts().sort_index(kind="stable")
    month = busiest.idxmax()
    directions = sorted(data["direction"].unique())
    return (f"Scatter of {plural(data['event_id'].nunique(), 'event')} by date and rung on the {scale.name} "
            f"ladder, {_labels.date_span(data['date'])}, coloured by direction "
            f"({', '.join(_labels.direction_name(d) for d in directions)}). The busiest month is "
            f"{month.strftime('%B %Y')} with {plural(int(busiest.max()), 'event')}; the highest rung reached is "
            f"{_labels.rung_label(top['rung'])}, first on {day(top['date'])} "
            f"({_labels.direction_name(top['direction'])}).")


def series_alt(data: pd.DataFrame, unit: str, shown: list[str]) -> str:
    parts = []
    for direction in shown:
        g = data[data["direction"] == direction]
        if g.empty or g["n_events"].max() == 0:
            parts.append(f"{_labels.direction_name(direction)}: no events")
            continue
        peak = g.loc[g["n_events"].idxmax()]
        parts.append(f"{_labels.direction_name(direction)}: {plural(int(g['n_events'].sum()), 'event')}, "
                     f"at most {int(peak['n_events'])} in the {unit} of {day(peak['period'])}")
    return (f"Bar charts of events per {unit}, one for each of {plural(len(shown), 'direction')}, above a chart of "
            f"the peak rung per {unit}. " + "; ".join(parts) + ".")


def change_text(cps: pd.DataFrame | None, shown: list[str]) -> str:
    """What the change points found, per direction, for a caption."""
    if cps is None or cps.empty:
        return ""
    out = []
    for direction in shown:
        rows = cps[cps["group"] == direction].dropna(subset=["break_period"])
        if len(rows):
            out.append(f"{_labels.direction_name(direction)}: "
                       + ", ".join(day(p) for p in sorted(rows["break_period"])))
    if not out:
        notes = cps[cps["group"].isin(shown)]["note"].dropna().astype(str) if "note" in cps else []
        sought = [n for n in notes if n and "not estimated" not in n and "fewer than" not in n
                  and "too short" not in n]
        if len(notes) and all(n for n in notes) and not sought:
            return f"No change points sought: {notes.iloc[0]}."
        return "No change point was found."
    return "Change points (first period of each new segment): " + "; ".join(out) + "."


def trend_text(trend: pd.DataFrame | None, drawn: list[str]) -> str:
    """Why a trend line is or is not drawn, from the trend table."""
    if trend is None or trend.empty:
        return ""
    nb = trend[trend["method"] == "negative_binomial"]
    if drawn:
        return ("Dotted: the fitted negative-binomial trend, drawn where the trend test supports one "
                f"(Holm-adjusted p < 0.05): {', '.join(_labels.direction_name(d) for d in drawn)}.")
    tested = nb.dropna(subset=["p_holm"]) if "p_holm" in nb else nb.iloc[0:0]
    if tested.empty:
        return "No trend line: too few active periods to estimate one."
    ps = ", ".join(f"{_labels.direction_name(r.group)} p = {r.p_holm:.2g}" for r in tested.itertuples())
    return f"No trend line: the negative-binomial trend test does not support one ({ps}, Holm-adjusted)."


def claims_alt(data: pd.DataFrame) -> str:
    if data.empty:
        return "No pairs of claims to compare."
    pairs = data.drop_duplicates("row")
    ratios = [r for r in pairs["ratio_text"] if r != "\u2013"]
    return (f"Dot chart on a log scale of {plural(len(pairs), 'pairing')} of claims about the same losses "
            f"({', '.join(sorted(set(pairs['subject_group'])))}), each claim beside the figure it is compared "
            f"with; ratios range over {', '.join(ratios[:6])}{' and more' if len(ratios) > 6 else ''}.")


def retaliation_alt(table: pd.DataFrame, window: str) -> str:
    t = table.dropna(subset=["estimate"])
    parts = [f"{_labels.direction_name(r.cause)}: {r.n_answered} of {r.n_events} answered "
             f"(baseline {r.baseline_rate:.0%})" if pd.notna(getattr(r, "baseline_rate", float("nan")))
             else f"{_labels.direction_name(r.cause)}: {r.n_answered} of {r.n_events} answered"
             for r in t.itertuples()]
    return f"Dot chart of the share of attacks answered within {window}, per direction: " + "; ".join(parts) + "."


def map_alt(data: pd.DataFrame, states: list[str]) -> str:
    if data.empty:
        return "A map with no events placed."
    top = data["rung"].value_counts()
    return (f"Map of {and_list([_labels.state_name(s) for s in states])} with "
            f"{plural(len(data), 'use')} of force at {plural(data.groupby(['longitude', 'latitude']).ngroups, 'place')}, "
            f"{_labels.date_span(data['date'])}; the most frequent rung is {_labels.rung_label(top.index[0])} "
            f"({top.iloc[0]} of {len(data)}). Capitals are marked.")
