"""UCDP Georeferenced Event Dataset (GED) CSV files into the package's event schema.

Reference: Sundberg & Melander (2013), "Introducing the UCDP Georeferenced Event
Dataset", Journal of Peace Research 50(4); Davies, Pettersson & Oberg (2023), JPR 60(4).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..scale import EscalationScale
from ._base import Imported, finish, name_to_iso3, read_export, sorted_dyad

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


def _coordinates(raw: pd.DataFrame) -> dict[str, pd.Series]:
    """GED's point and its precision in the schema's terms (validated with the events)."""
    if "latitude" not in raw or "longitude" not in raw:
        return {}
    code = raw["where_prec"].str.strip() if "where_prec" in raw else pd.Series("", index=raw.index)
    return {"latitude": raw["latitude"].str.strip(), "longitude": raw["longitude"].str.strip(),
            "geo_precision": code.map(WHERE_PRECISION).fillna(""),
            "geo_source": ("UCDP GED where_prec " + code).where(code != "", "UCDP GED")}


def read_ucdp_ged(path: str | Path, *, scale: EscalationScale | None = None) -> Imported:
    """Read a UCDP GED CSV and code its interstate events.

    - ``date_prec`` 1-5 keep GED's ``date_start``/``date_end`` span (1 day; 2-3 a week;
      4 a month; 5 a year, as ``period``);
    - ``best``, ``low`` and ``high`` deaths are kept as ``deaths_best``/``deaths_low``/
      ``deaths_high`` (an interval, summed apart);
    - ``latitude``/``longitude`` are kept, with ``where_prec`` 1-7 mapped to
      ``geo_precision`` (:data:`WHERE_PRECISION`: 1 exact, 2 town, 3 district, 4-7 province);
    - an interstate dyad (both sides "Government of ...") is a mutual ``border_clash``:
      GED records fighting with at least one death and does not say who started it;
    - everything else (government against rebels, non-state and one-sided violence) is
      kept as ``out_of_scope``.
    """
    path = Path(path)
    raw = read_export(path, REQUIRED, "UCDP GED")
    names = name_to_iso3()
    rejections = []
    start = pd.to_datetime(raw["date_start"].str[:10], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(raw["date_end"].str[:10], format="%Y-%m-%d", errors="coerce")
    bad = start.isna() | end.isna() | (end < start) | ~raw["date_prec"].isin(list(PRECISION))
    for i in np.flatnonzero(bad):
        col = "date_prec" if raw["date_prec"][i] not in PRECISION else "date_start"
        rejections.append({"row": i + 1, "column": col,
                           "reason": f"bad date or precision: {raw['date_start'][i]!r}..{raw['date_end'][i]!r} "
                                     f"(date_prec {raw['date_prec'][i]!r})"})
    ok = ~bad
    raw, start, end = raw[ok], start[ok], end[ok]
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
    precision = raw["date_prec"].map(PRECISION)
    precision = precision.where(~((precision == "week") & ((end - start).dt.days > 6)), "period")
    precision = precision.where(~((precision == "month") & ((end - start).dt.days > 30)), "period")
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
        "kind": "border_clash", "summary": raw.get("source_headline", ""),
        "source_publisher": "UCDP GED", "source_title": "UCDP GED event " + raw["id"],
        "source_url": "https://ucdp.uu.se/downloads/", "source_date": raw["year"],
        "deaths_best": pd.to_numeric(raw["best"], errors="coerce"),
        "deaths_low": pd.to_numeric(raw["low"], errors="coerce"),
        "deaths_high": pd.to_numeric(raw["high"], errors="coerce"),
        "ged_type_of_violence": raw["type_of_violence"], "ged_date_prec": raw["date_prec"],
        **_coordinates(raw),
        "source_row": np.flatnonzero(ok.to_numpy()) + 1,
    })
    # out-of-scope rows keep a target state only where it is one
    events["target_state"] = events["target_state"].fillna(events["country_where"])
    return finish(events, status, reason, rejections, source=str(path), fmt="UCDP GED",
                  rows_read=int(len(ok)), scale=scale)
