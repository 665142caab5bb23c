"""Calendar periods: day, ISO week (labelled by its Monday) and month (its first day).

pandas' ``"W"`` labels weeks by their Sunday and ``"M"`` is gone in pandas 3, so the
package maps its own frequency names here, once.
"""

from __future__ import annotations

import pandas as pd

FREQS = {"D": "day", "W": "ISO week (Monday)", "M": "month (first day)"}


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of the period containing each date.

    Examples
    --------
    >>> import pandas as pd
    >>> period_start(pd.Series(pd.to_datetime(["2026-03-01", "2025-12-31"])), "W").dt.strftime("%Y-%m-%d").tolist()
    ['2026-02-23', '2025-12-29']
    """
    d = pd.to_datetime(dates).dt.normalize()
    if freq == "D":
        return d
    if freq == "W":
        return d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    if freq == "M":
        return d - pd.to_timedelta(d.dt.day - 1, unit="D")
    raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
