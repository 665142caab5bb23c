"""Words on figures, made from the data: state names, periods, spans, rung names.

No figure of users' data names a conflict the data does not hold: titles and axis labels
come from the events' states (ISO3 → name), the series' frequency and the ladder the
events were coded on.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .._schema import state_names

#: The unit of one period of a series, by ``freq`` (see :mod:`escalation.periods`).
PERIOD_UNITS = {"D": "day", "W": "week", "M": "month"}


def state_name(iso3: str) -> str:
    """The short English name of an ISO3 code (the code itself when unknown)."""
    return state_names().get(str(iso3), str(iso3))


def dyad_names(dyads: Iterable[str]) -> str:
    """``"Afghanistan–Pakistan"`` for ``["AFG-PAK"]``; several dyads joined by commas."""
    names = []
    for dyad in sorted({str(d) for d in dyads if isinstance(d, str) and "-" in d}):
        a, b = dyad.split("-", 1)
        names.append(f"{state_name(a)}–{state_name(b)}")
    if len(names) > 3:
        return f"{len(names)} dyads"
    return ", ".join(names)


def direction_name(label: str) -> str:
    """``"Pakistan → Afghanistan"`` for ``"PAK→AFG"``."""
    if "→" not in str(label):
        return str(label)
    a, b = str(label).split("→", 1)
    return f"{state_name(a)} → {state_name(b)}"


def period_unit(series: pd.DataFrame) -> str:
    """``day``, ``week`` or ``month``: from ``attrs["freq"]``, else from the period spacing."""
    freq = series.attrs.get("freq")
    if freq in PERIOD_UNITS:
        return PERIOD_UNITS[freq]
    periods = pd.to_datetime(pd.Series(series["period"]).drop_duplicates()).sort_values()
    step = periods.diff().dt.days.min() if len(periods) > 1 else 7
    return "day" if step <= 1 else "week" if step <= 7 else "month"


def date_span(dates) -> str:
    """``"Sep 2025 – Apr 2026"`` (``"Feb 2026"`` when it is one month)."""
    d = pd.to_datetime(pd.Series(dates)).dropna()
    if d.empty:
        return ""
    first, last = d.min().strftime("%b %Y"), d.max().strftime("%b %Y")
    return first if first == last else f"{first} – {last}"


def title(what: str, dyads: Iterable[str], dates) -> str:
    """A figure title that says what and when: ``"India–Pakistan: events on the ladder, May 2025"``."""
    who = dyad_names(dyads)
    when = date_span(dates)
    head = f"{who}: {what}" if who else what[:1].upper() + what[1:]
    return f"{head}, {when}" if when else head


def rung_label(key: str) -> str:
    return key.replace("_", " ")
