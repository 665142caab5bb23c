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


#: Common English names where ISO 3166's short name reads as a catalogue entry
#: ("Iran, Islamic Republic of"); as in the UN's and most newsrooms' usage.
COMMON_NAMES = {
    "BOL": "Bolivia", "BRN": "Brunei", "COD": "DR Congo", "CZE": "Czechia", "FSM": "Micronesia",
    "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos", "MDA": "Moldova",
    "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia", "SYR": "Syria", "TWN": "Taiwan",
    "TZA": "Tanzania", "USA": "United States", "VEN": "Venezuela", "VNM": "Vietnam",
}


def state_name(iso3: str) -> str:
    """A short English name for an ISO3 code (the code itself when unknown).

    >>> state_name("IRN"), state_name("ARM"), state_name("XYZ")
    ('Iran', 'Armenia', 'XYZ')
    """
    code = str(iso3)
    if code in COMMON_NAMES:
        return COMMON_NAMES[code]
    name = state_names().get(code, code)
    return name.split(", ")[0] if name.endswith(" of") and ", " in name else name


def dyad_names(dyads: Iterable[str]) -> str:
    """``"Afghanistan–Pakistan"`` for ``["AFG-PAK"]``; dyads sharing a state as
    ``"Afghanistan with Pakistan and Tajikistan"``; others joined by commas, or counted
    beyond three.

    >>> dyad_names(["AFG-PAK", "AFG-TJK", "AFG-TKM"])
    'Afghanistan with Pakistan, Tajikistan and Turkmenistan'
    """
    pairs = [d.split("-", 1) for d in sorted({str(d) for d in dyads if isinstance(d, str) and "-" in d})]
    if len(pairs) > 1:
        shared = set(pairs[0]).intersection(*pairs[1:])
        if len(shared) == 1:
            hub = shared.pop()
            others = [state_name(b if a == hub else a) for a, b in pairs]
            if len(others) <= 5:
                return f"{state_name(hub)} with {', '.join(others[:-1])} and {others[-1]}"
    if len(pairs) > 3:
        return f"{len(pairs)} dyads"
    return ", ".join(f"{state_name(a)}–{state_name(b)}" for a, b in pairs)


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
    return first if first == last else f"{first} \u2013 {last}"


def title(what: str, dyads: Iterable[str], dates) -> str:
    """A figure title that says what and when: ``"India–Pakistan: events on the ladder, May 2025"``."""
    who = dyad_names(dyads)
    when = date_span(dates)
    head = f"{who}: {what}" if who else what[:1].upper() + what[1:]
    return f"{head}, {when}" if when else head


def fit(text: str, width_in: float, fontsize: float = 9.0) -> str:
    """``text`` wrapped onto lines that fit ``width_in`` inches at ``fontsize`` points."""
    import re
    import textwrap

    chars = max(20, int(width_in * 72 / (fontsize * 0.56)))
    # a date span ("Sep 2025 – Apr 2026") is never split across lines
    glued = re.sub(r"([A-Z][a-z]{2}) (\d{4})", "\\1\u00a0\\2", text).replace(" \u2013 ", "\u00a0\u2013\u00a0")
    lines = textwrap.wrap(glued, chars, break_on_hyphens=False)
    return "\n".join(lines).replace("\u00a0", " ") if lines else text


def rung_label(key: str) -> str:
    return key.replace("_", " ")
