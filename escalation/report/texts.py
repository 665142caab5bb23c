"""Words about a figure made from its data: what it shows, when, and its alt text.

Every sentence here is built from the frame a figure draws, so a report on a user's
file speaks only of that file's states, ladder, frequency and dates.
"""

from __future__ import annotations

import pandas as pd

from ..plots import _labels


def _day(ts) -> str:
    """``"27 Feb 2026"``."""
    t = pd.Timestamp(ts)
    return f"{t.day} {t:%b %Y}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _and_list(items: list[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""


def timeline_alt(data: pd.DataFrame, scale) -> str:
    """Alt text of the ladder timeline: how many events, when, the busiest month, the top rung.

    Parameters
    ----------
    data : DataFrame
        The frame the timeline draws (:func:`escalation.plots.timeline_data`):
        ``event_id``, ``date``, ``direction``, ``rung``, ``level``.
    scale : EscalationScale
        The ladder the events were coded on (its name is said).

    Returns
    -------
    str
        One paragraph; a sentence saying the chart is empty when ``data`` is.

    Examples
    --------
    >>> import escalation as esc
    >>> data = pd.DataFrame({"event_id": ["E1", "E2", "E3"],
    ...                      "date": pd.to_datetime(["2026-02-21", "2026-02-26", "2026-03-02"]),
    ...                      "direction": ["PAK→AFG", "AFG→PAK", "PAK→AFG"],
    ...                      "rung": ["cross_border_attack", "cross_border_attack", "airstrike_interior"],
    ...                      "level": [5.0, 5.0, 7.0]})
    >>> print(timeline_alt(data, esc.EscalationScale.default()))  # doctest: +NORMALIZE_WHITESPACE
    Scatter of 3 events by date and rung on the default ladder, Feb 2026 – Mar 2026,
    coloured by direction (Afghanistan → Pakistan, Pakistan → Afghanistan). The busiest
    month is February 2026 with 2 events; the highest rung reached is airstrike
    interior, first on 2 Mar 2026 (Pakistan → Afghanistan).
    """
    if data.empty:
        return "An empty chart: no events in the window."
    top = data.loc[data["level"].idxmax()]
    # one count per event: a mutual event is drawn once per direction
    once = data.drop_duplicates("event_id")
    busiest = once["date"].dt.to_period("M").value_counts().sort_index(kind="stable")
    month = busiest.idxmax()
    directions = sorted(data["direction"].unique())
    return (f"Scatter of {_plural(data['event_id'].nunique(), 'event')} by date and rung on the {scale.name} "
            f"ladder, {_labels.date_span(data['date'])}, coloured by direction "
            f"({', '.join(_labels.direction_name(d) for d in directions)}). The busiest month is "
            f"{month.strftime('%B %Y')} with {_plural(int(busiest.max()), 'event')}; the highest rung reached is "
            f"{_labels.rung_label(top['rung'])}, first on {_day(top['date'])} "
            f"({_labels.direction_name(top['direction'])}).")


def series_alt(data: pd.DataFrame, unit: str, shown: list[str]) -> str:
    """Alt text of the series figure: each direction's total and busiest period.

    Parameters
    ----------
    data : DataFrame
        The frame the figure draws (:func:`escalation.plots.series_data`): ``period``,
        ``direction``, ``n_events``.
    unit : str
        The period's name: ``day``, ``week`` or ``month``.
    shown : list of str
        The directions drawn (:func:`escalation.plots.series.shown_directions`).

    Returns
    -------
    str

    Examples
    --------
    >>> data = pd.DataFrame({"period": pd.to_datetime(["2026-02-16", "2026-02-23"] * 2),
    ...                      "direction": ["AFG→PAK"] * 2 + ["PAK→AFG"] * 2,
    ...                      "n_events": [0, 3, 1, 5]})
    >>> print(series_alt(data, "week", ["AFG→PAK", "PAK→AFG"]))  # doctest: +NORMALIZE_WHITESPACE
    Bar charts of events per week, one for each of 2 directions, above a chart of the
    peak rung per week. Afghanistan → Pakistan: 3 events, at most 3 in the week of 23
    Feb 2026; Pakistan → Afghanistan: 6 events, at most 5 in the week of 23 Feb 2026.
    """
    parts = []
    for direction in shown:
        g = data[data["direction"] == direction]
        if g.empty or g["n_events"].max() == 0:
            parts.append(f"{_labels.direction_name(direction)}: no events")
            continue
        peak = g.loc[g["n_events"].idxmax()]
        parts.append(f"{_labels.direction_name(direction)}: {_plural(int(g['n_events'].sum()), 'event')}, "
                     f"at most {int(peak['n_events'])} in the {unit} of {_day(peak['period'])}")
    return (f"Bar charts of events per {unit}, one for each of {_plural(len(shown), 'direction')}, above a chart of "
            f"the peak rung per {unit}. " + "; ".join(parts) + ".")


def change_text(cps: pd.DataFrame | None, shown: list[str]) -> str:
    """What the change points found, per direction, for a caption.

    Parameters
    ----------
    cps : DataFrame or None
        From :func:`escalation.stats.change_points` (``group``, ``break_period``,
        ``note``).
    shown : list of str
        The directions drawn; breaks of others are not mentioned.

    Returns
    -------
    str
        One sentence: the breaks' dates per direction, that none was found, or why none
        was sought (too few events); empty without a table.

    Examples
    --------
    >>> cps = pd.DataFrame({"group": ["AFG→PAK", "PAK→AFG"],
    ...                     "break_period": pd.to_datetime(["2026-02-23", None]), "note": ["", ""]})
    >>> change_text(cps, ["AFG→PAK", "PAK→AFG"])
    'Change points (first period of each new segment): Afghanistan → Pakistan: 23 Feb 2026.'
    >>> change_text(cps.assign(break_period=pd.NaT), ["PAK→AFG"])
    'No change point was found.'
    """
    if cps is None or cps.empty:
        return ""
    out = []
    for direction in shown:
        rows = cps[cps["group"] == direction].dropna(subset=["break_period"])
        if len(rows):
            out.append(f"{_labels.direction_name(direction)}: "
                       + ", ".join(_day(p) for p in sorted(rows["break_period"])))
    if not out:
        notes = cps[cps["group"].isin(shown)]["note"].dropna().astype(str) if "note" in cps else []
        sought = [n for n in notes if n and "not estimated" not in n and "fewer than" not in n
                  and "too short" not in n]
        if len(notes) and all(n for n in notes) and not sought:
            return f"No change points sought: {notes.iloc[0]}."
        return "No change point was found."
    return "Change points (first period of each new segment): " + "; ".join(out) + "."


def trend_text(trend: pd.DataFrame | None, drawn: list[str]) -> str:
    """Why a trend line is or is not drawn, from the trend table.

    Parameters
    ----------
    trend : DataFrame or None
        From :func:`escalation.stats.trend` (its ``negative_binomial`` rows: ``group``,
        ``p_holm``).
    drawn : list of str
        The directions whose fitted trend is drawn (those the test supports).

    Returns
    -------
    str
        One sentence naming the directions drawn, or the Holm-adjusted p-values that do
        not support a line, or that there were too few active periods; empty without a
        table.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["AFG→PAK", "PAK→AFG"], "method": "negative_binomial",
    ...                   "p_holm": [0.004, 0.31]})
    >>> print(trend_text(t, ["AFG→PAK"]))  # doctest: +NORMALIZE_WHITESPACE
    Dotted: the fitted negative-binomial trend, drawn where the trend test supports one
    (Holm-adjusted p < 0.05): Afghanistan → Pakistan.
    >>> print(trend_text(t, []))  # doctest: +NORMALIZE_WHITESPACE
    No trend line: the negative-binomial trend test does not support one (Afghanistan →
    Pakistan p = 0.004, Pakistan → Afghanistan p = 0.31, Holm-adjusted).
    """
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
    """Alt text of the claims figure: how many pairings, of whom, and their ratios.

    Parameters
    ----------
    data : DataFrame
        The frame the figure draws (:func:`escalation.plots.claims_data`).

    Returns
    -------
    str
        The first six ratios are listed ("and more" after them).

    Examples
    --------
    >>> import escalation as esc
    >>> d = esc.discrepancies(esc.load_claims(), history=True)
    >>> print(claims_alt(esc.plots.claims_data(d, event_ids=["AFPK-050"])))  # doctest: +NORMALIZE_WHITESPACE
    Dot chart on a log scale of 6 pairings of claims about the same losses (combatant),
    each claim beside the figure it is compared with; ratios range over ≥ 21.1×, ≤
    16.6×, 10.2×, 4.58×, 27.5×.
    """
    if data.empty:
        return "No pairs of claims to compare."
    pairs = data.drop_duplicates("row")
    ratios = [r for r in pairs["ratio_text"] if r != "\u2013"]
    return (f"Dot chart on a log scale of {_plural(len(pairs), 'pairing')} of claims about the same losses "
            f"({', '.join(sorted(set(pairs['subject_group'])))}), each claim beside the figure it is compared "
            f"with; ratios range over {', '.join(ratios[:6])}{' and more' if len(ratios) > 6 else ''}.")


def retaliation_alt(table: pd.DataFrame, window: str) -> str:
    """Alt text of the retaliation figure: each direction's answered share and baseline.

    Parameters
    ----------
    table : DataFrame
        From :func:`escalation.stats.retaliation` (``cause``, ``estimate``,
        ``n_answered``, ``n_events``, ``baseline_rate``).
    window : str
        The answer window in words (:func:`escalation.plots.reciprocity.answer_window`).

    Returns
    -------
    str

    Examples
    --------
    >>> t = pd.DataFrame({"cause": ["AFG→PAK", "PAK→AFG"], "estimate": [4 / 9, 2 / 6],
    ...                   "n_answered": [4, 2], "n_events": [9, 6], "baseline_rate": [0.25, None]})
    >>> print(retaliation_alt(t, "1–7 days"))  # doctest: +NORMALIZE_WHITESPACE
    Dot chart of the share of attacks answered within 1–7 days, per direction:
    Afghanistan → Pakistan: 4 of 9 answered (baseline 25%); Pakistan → Afghanistan: 2 of
    6 answered.
    """
    t = table.dropna(subset=["estimate"])
    parts = [f"{_labels.direction_name(r.cause)}: {r.n_answered} of {r.n_events} answered "
             f"(baseline {r.baseline_rate:.0%})" if pd.notna(getattr(r, "baseline_rate", float("nan")))
             else f"{_labels.direction_name(r.cause)}: {r.n_answered} of {r.n_events} answered"
             for r in t.itertuples()]
    return f"Dot chart of the share of attacks answered within {window}, per direction: " + "; ".join(parts) + "."


def map_alt(data: pd.DataFrame, states: list[str]) -> str:
    """Alt text of the event map: the states, how many uses of force at how many places.

    Parameters
    ----------
    data : DataFrame
        The frame the map draws (:func:`escalation.plots.map_data`): ``longitude``,
        ``latitude``, ``rung``, ``date``.
    states : list of str
        ISO3 codes of the states the map is about.

    Returns
    -------
    str

    Examples
    --------
    >>> data = pd.DataFrame({"longitude": [69.2, 69.2, 71.5], "latitude": [34.5, 34.5, 34.0],
    ...                      "rung": ["airstrike_capital", "airstrike_capital", "border_clash"],
    ...                      "date": pd.to_datetime(["2026-02-27", "2026-03-01", "2026-03-02"])})
    >>> print(map_alt(data, ["AFG", "PAK"]))  # doctest: +NORMALIZE_WHITESPACE
    Map of Afghanistan and Pakistan with 3 uses of force at 2 places, Feb 2026 – Mar
    2026; the most frequent rung is airstrike capital (2 of 3). Capitals are marked.
    """
    if data.empty:
        return "A map with no events placed."
    top = data["rung"].value_counts()
    return (f"Map of {_and_list([_labels.state_name(s) for s in states])} with "
            f"{_plural(len(data), 'use')} of force at {_plural(data.groupby(['longitude', 'latitude']).ngroups, 'place')}, "
            f"{_labels.date_span(data['date'])}; the most frequent rung is {_labels.rung_label(top.index[0])} "
            f"({top.iloc[0]} of {len(data)}). Capitals are marked.")
