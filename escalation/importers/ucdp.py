"""UCDP Georeferenced Event Dataset (GED) CSV files into the package's event schema.

Reference: Sundberg & Melander (2013), "Introducing the UCDP Georeferenced Event
Dataset", Journal of Peace Research 50(4); Davies, Pettersson & Oberg (2023), JPR 60(4).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..scale import EscalationScale
from ._base import (
    OUT_OF_RANGE,
    Imported,
    coordinates,
    counts,
    finish,
    name_to_iso3,
    ordered_counts,
    out_of_range,
    read_export,
    reject,
    sorted_dyad,
)

REQUIRED = ["id", "year", "type_of_violence", "side_a", "side_b", "country", "date_prec",
            "date_start", "date_end", "best", "low", "high", "adm_1", "where_description"]
PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "period"}
#: GED ``where_prec`` -> the schema's ``geo_precision``: 1 the exact place; 2 a known point
#: within about 25 km (a town); 3 a second-order unit (district); 4 a first-order unit;
#: 5 only a nearby feature or line (a border, a road) known; 6 only the country; 7
#: international waters or airspace.  5-7 get ``province``, the coarsest the schema has:
#: their points never decide a strike's depth.
WHERE_PRECISION = {"1": "exact", "2": "town", "3": "district", "4": "province",
                   "5": "province", "6": "province", "7": "province"}


def _government(side: pd.Series, names: dict[str, str]) -> pd.Series:
    country = side.str.extract(r"^Government of (.+)$", expand=False).str.strip().str.lower()
    # "Russia (Soviet Union)", "Yemen (North Yemen)": fall back to the name before the brackets
    plain = country.str.replace(r"\s*\(.*\)$", "", regex=True)
    return country.map(names).fillna(plain.map(names))


def read_ucdp_ged(path: str | Path, *, scale: EscalationScale | None = None) -> Imported:
    r"""Read a UCDP GED CSV and code its interstate events.

    - ``date_prec`` 1-5 keep GED's ``date_start``/``date_end`` span (1 day; 2-3 a week;
      4 a month; 5 a year, as ``period``);
    - ``best``, ``low`` and ``high`` deaths become ``fatalities``, ``fatalities_low`` and
      ``fatalities_high`` (an interval, summed apart).  An empty, unreadable, infinite
      or negative value is unknown (NaN); values that contradict each other (low above
      best, best above high) make all three unknown; the row is kept either way and the
      reason counted in ``report.fatalities_unknown``;
    - ``latitude``/``longitude`` are kept, with ``where_prec`` 1-7 mapped to
      ``geo_precision`` (:data:`WHERE_PRECISION`: 1 exact, 2 town, 3 district, 4-7 province);
    - an interstate dyad (both sides "Government of ...") is a mutual ``border_clash``:
      GED records fighting with at least one death and does not say who started it; a
      government the states table does not know leaves the row ``uncoded`` (kind
      ``unmatched_government``);
    - everything else (government against rebels, non-state and one-sided violence) is
      kept as ``out_of_scope``, the reason in ``scope_reason``;
    - a row that cannot be read (more fields than the header, bytes that are not UTF-8,
      a bad date, span or precision, a duplicate ``id``) is rejected with its data row in
      the file; the rest is imported.  ``source_row`` gives each event's row.

    Reference: Sundberg & Melander (2013), "Introducing the UCDP Georeferenced Event
    Dataset", Journal of Peace Research 50(4); cite UCDP's current GED version.

    Parameters
    ----------
    path : str or Path
        The file, as downloaded.
    scale : EscalationScale, optional
        The ladder to code onto; the default ladder when omitted.

    Returns
    -------
    Imported
        ``(events, report)``, as for :func:`escalation.read_acled`.

    Raises
    ------
    FileFormatError
        A file that is not this format at all; bad rows are rejected and reported.

    Examples
    --------
    Two synthetic GED rows with the columns the reader needs:

    >>> import escalation as esc, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ged.csv"
    >>> _ = path.write_text(
    ...     "id,year,type_of_violence,side_a,side_b,country,date_prec,date_start,date_end,"
    ...     "best,low,high,adm_1,where_description\n"
    ...     "1,2025,1,Government of Cambodia,Government of Thailand,Thailand,1,2025-07-24,"
    ...     "2025-07-24,12,10,15,Surin,synthetic\n"
    ...     "2,2025,1,Government of Thailand,Karen National Union,Thailand,1,2025-07-24,"
    ...     "2025-07-24,3,3,3,Tak,synthetic\n")
    >>> events, report = esc.read_ucdp_ged(path)
    >>> events[["event_id", "rung", "fatalities", "fatalities_low", "fatalities_high"]].values.tolist()
    [['GED-1', 'border_clash', 12.0, 10.0, 15.0], ['GED-2', 'out_of_scope', 3.0, 3.0, 3.0]]
    >>> print(str(report).splitlines()[1])
      out of scope: state-based, not interstate: 1
    """
    path = Path(path)
    raw, line, rejections = read_export(path, REQUIRED, "UCDP GED")
    rows_read = len(raw) + len(rejections)
    names = name_to_iso3()
    start = pd.to_datetime(raw["date_start"].str.strip().str[:10], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(raw["date_end"].str.strip().str[:10], format="%Y-%m-%d", errors="coerce")
    dates = ": " + raw["date_start"].map(repr) + ".." + raw["date_end"].map(repr)
    prec = raw["date_prec"].str.strip()
    ok = reject(rejections, line, ~prec.isin(list(PRECISION)).to_numpy(), "date_prec",
                "not 1 to 5: " + prec.map(repr))
    for mask, column, why in (
        (start.isna(), "date_start", "not a date"),
        (end.isna(), "date_end", "not a date"),
        (out_of_range(start, end), "date_start", OUT_OF_RANGE),
        (end < start, "date_end", "date_end is before date_start"),
    ):
        ok &= reject(rejections, line, mask.to_numpy() & ok, column, why + dates)
    raw, start, end, line, prec = raw[ok], start[ok], end[ok], line[ok], prec[ok]
    a, b = _government(raw["side_a"], names), _government(raw["side_b"], names)
    interstate = a.notna() & b.notna() & (a != b)
    both_governments = raw["side_a"].str.startswith("Government of") & raw["side_b"].str.startswith("Government of")
    status = pd.Series(np.where(interstate, "in_scope", "out_of_scope"), index=raw.index)
    reason = pd.Series("", index=raw.index)
    reason[~interstate] = np.where(raw.loc[~interstate, "type_of_violence"] == "1",
                                   "state-based, not interstate", "non-state or one-sided violence")
    unknown = both_governments & ~interstate
    status[unknown] = "uncoded"
    reason[unknown] = "government name not matched to a state"
    # GED's span is the precision: keep it, within the schema's limits for 'week'
    precision = prec.map(PRECISION)
    precision = precision.where(~((precision == "week") & ((end - start).dt.days > 6)), "period")
    precision = precision.where(~((precision == "month") & ((end - start).dt.days > 30)), "period")
    deaths, deaths_reason = ordered_counts({"low": counts(raw["low"], "low"),
                                            "best": counts(raw["best"], "best"),
                                            "high": counts(raw["high"], "high")})
    events = pd.DataFrame({
        "event_id": "GED-" + raw["id"],
        "date_start": start.dt.strftime("%Y-%m-%d"), "date_end": end.dt.strftime("%Y-%m-%d"),
        "date_precision": precision,
        "actor": raw["side_a"], "target": raw["side_b"],
        "actor_state": a.where(interstate), "target_state": b.where(interstate),
        "dyad": sorted_dyad(a.where(interstate), b.where(interstate)),
        "attribution": "claimed", "mutual": True,
        "location": raw["where_description"], "admin1": raw["adm_1"],
        "country_where": raw["country"].str.lower().map(names),
        "kind": np.where(unknown, "unmatched_government", "border_clash"),
        "summary": raw.get("source_headline", ""),
        "source_publisher": "UCDP GED", "source_title": "UCDP GED event " + raw["id"],
        "source_url": "https://ucdp.uu.se/downloads/", "source_date": raw["year"],
        "fatalities": deaths["best"], "fatalities_low": deaths["low"],
        "fatalities_high": deaths["high"],
        "ged_type_of_violence": raw["type_of_violence"], "ged_date_prec": raw["date_prec"],
        **coordinates(raw, "where_prec", WHERE_PRECISION, "UCDP GED"),
        "source_row": line,
    })
    # out-of-scope rows keep a target state only where it is one
    events["target_state"] = events["target_state"].fillna(events["country_where"])
    return finish(events, status, reason, rejections, source=str(path), fmt="UCDP GED",
                  rows_read=rows_read, id_column="id", scale=scale, fatalities_reason=deaths_reason)
