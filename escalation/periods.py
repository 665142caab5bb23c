"""Calendar periods: day, ISO week (labelled by its Monday) and month (its first day).

pandas' ``"W"`` labels weeks by their Sunday and ``"M"`` is gone in pandas 3, so the
package maps its own frequency names here, once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FREQS = {"D": "day", "W": "ISO week (Monday)", "M": "month (first day)"}


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of the period containing each date.

    Parameters
    ----------
    dates : Series
        Dates (anything :func:`pandas.to_datetime` reads); missing stays missing.
    freq : {"D", "W", "M"}
        Day, ISO week (starting on Monday) or calendar month.

    Returns
    -------
    Series
        ``datetime64[ns]``, same index: the day itself, the week's Monday or the
        month's first day.

    Examples
    --------
    >>> import pandas as pd
    >>> period_start(pd.Series(pd.to_datetime(["2026-03-01", "2025-12-31"])), "W").dt.strftime("%Y-%m-%d").tolist()
    ['2026-02-23', '2025-12-29']
    """
    d = pd.to_datetime(dates)
    out = pd.Series(pd.NaT, index=d.index, dtype="datetime64[ns]")
    known = d.notna().to_numpy()
    out[known] = period_dates(period_number(d.to_numpy()[known], freq), freq)
    return out


def period_number(dates, freq: str) -> np.ndarray:
    """Periods as integers: days, ISO weeks (Monday-based) or months since 1970.

    Integers are what the aggregation keys on; :func:`period_dates` turns them back.

    Parameters
    ----------
    dates : array-like of datetime64
        Dates (any unit); other values are converted to ``datetime64[ns]``.
    freq : {"D", "W", "M"}
        Day, ISO week or month.

    Returns
    -------
    numpy.ndarray of int64
        Days since 1970-01-01, weeks since the week of 1969-12-29 (a Monday), or
        months since January 1970.

    Raises
    ------
    ValueError
        An unknown ``freq``.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array(["2026-02-23", "2026-03-01", "2026-03-02"], dtype="datetime64[ns]")
    >>> n = period_number(d, "W")
    >>> int(n[1] - n[0]), int(n[2] - n[0]), str(period_dates(n[:1], "W")[0])[:10]
    (0, 1, '2026-02-23')
    """
    values = np.asarray(dates)
    if values.dtype.kind != "M":
        values = values.astype("datetime64[ns]")
    if freq == "M":
        return values.astype("datetime64[M]").astype(np.int64)
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    # floor division on the raw integers: one pass, one array, whatever the unit
    per_day = np.timedelta64(1, "D") // np.timedelta64(1, np.datetime_data(values.dtype)[0])
    days = np.floor_divide(values.view(np.int64), per_day)
    if freq == "W":
        days += 3  # 1970-01-01 was a Thursday; weeks start on Monday
        days //= 7
    return days


def period_dates(numbers, freq: str) -> np.ndarray:
    """The first day (``datetime64[ns]``) of each period numbered by :func:`period_number`.

    Parameters
    ----------
    numbers : array-like of int
        Period numbers from :func:`period_number` with the same ``freq``.
    freq : {"D", "W", "M"}
        Day, ISO week or month.

    Returns
    -------
    numpy.ndarray of datetime64[ns]
        The day, the week's Monday or the month's first day.

    Examples
    --------
    >>> import numpy as np
    >>> [str(d)[:10] for d in period_dates(np.array([0, 674]), "M")]
    ['1970-01-01', '2026-03-01']
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    if freq == "M":
        return numbers.astype("datetime64[M]").astype("datetime64[ns]")
    if freq == "D":
        return numbers.astype("datetime64[D]").astype("datetime64[ns]")
    if freq == "W":
        return (numbers * 7 - 3).astype("datetime64[D]").astype("datetime64[ns]")
    raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
