"""ACLED exports (the 31-column CSV) into the package's event schema.

Reference: ACLED (2023), *Armed Conflict Location & Event Data Codebook*; Raleigh, Linke,
Hegre & Karlsen (2010), "Introducing ACLED", Journal of Peace Research 47(5).
Cite ACLED as its attribution policy asks when you use its data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..scale import EscalationScale
from ._base import (
    OUT_OF_RANGE,
    Imported,
    coordinates,
    counts,
    finish,
    name_to_iso3,
    out_of_range,
    read_export,
    reject,
    sorted_dyad,
    states_table,
)

REQUIRED = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
            "actor1", "actor2", "inter1", "inter2", "iso", "country", "admin1", "location",
            "notes", "fatalities", "source"]
#: (event_type, sub_event_type) -> kind, for interstate rows.  Rationale in the codebook.
SUB_EVENT_KINDS = {
    "Air/drone strike": "airstrike",                    # placed by target depth
    "Shelling/artillery/missile attack": "cross_border_attack",
    "Armed clash": "border_clash",
    "Attack": "cross_border_attack",                    # a foreign force firing across the border
    "Government regains territory": "border_clash",
    "Non-state actor overtakes territory": "border_clash",
    "Agreement": "talks",
    "Other": "coercion",                                # raids, incursions: a display of force
    "Headquarters or base established": "coercion",
    "Disrupted weapons use": "exchange_of_fire",
}
OUT_OF_SCOPE_TYPES = {"Protests", "Riots"}
#: ACLED ``geo_precision`` -> the schema's: 1 the named town's point; 2 a point for part of
#: a region (a nearby town stands in); 3 a larger region's point (a provincial capital or
#: centroid).  Only ``town`` may decide a strike's depth.
GEO_PRECISION = {"1": "town", "2": "district", "3": "province"}
STATE_FORCE = re.compile(r"^(?:Military|Police) Forces of (.+?) \(\d{4}-(?:\d{4})?\)")
#: ACLED's old numeric inter codes and the current text labels for state forces
STATE_INTER = {"1", "State forces", "8", "External/Other forces"}


def _state_of(actor: pd.Series, names: dict[str, str]) -> pd.Series:
    country = actor.str.extract(STATE_FORCE, expand=False).str.strip().str.lower()
    return country.map(names)


def read_acled(path: str | Path, *, scale: EscalationScale | None = None) -> Imported:
    r"""Read an ACLED export and code it onto the ladder.

    - ``time_precision`` 1/2/3 become day / week (the recorded mid-point +-3 days) /
      month (the recorded date's month) spans;
    - state forces ("Military Forces of Pakistan (2022-)", "Police Forces of ...") are
      mapped to ISO3 states; an action is in scope when a state's forces act against
      another state's forces or on another state's territory;
    - ``sub_event_type`` is crosswalked onto the ladder (``Air/drone strike`` placed by
      target depth: capital, border or interior);
    - ``latitude``/``longitude`` are kept, with ``geo_precision`` 1/2/3 as ``town`` /
      ``district`` / ``province`` (:data:`GEO_PRECISION`): only town points place strikes;
    - protests, riots, domestic and non-state violence are kept as ``out_of_scope``, the
      reason in ``scope_reason`` (so :func:`escalation.code_events` keeps them there);
    - ``fatalities`` is ACLED's point estimate; ``fatalities_low``/``fatalities_high``
      stay empty (ACLED gives no interval; a series reads a lone point as low = high =
      the point).  An empty, unreadable, infinite or negative value leaves the row's
      fatalities unknown (NaN), the reason counted in ``report.fatalities_unknown``;
    - a row that cannot be read (more fields than the header, bytes that are not UTF-8,
      a bad date or precision, a duplicate ``event_id_cnty``) is rejected with its data
      row in the file; the rest is imported.  ``source_row`` gives each event's row.

    Parameters
    ----------
    path : str or Path
        The file, as downloaded.
    scale : EscalationScale, optional
        The ladder to code onto; the default ladder when omitted.

    Returns
    -------
    Imported
        ``(events, report)``: ``events`` holds every imported row in the event schema,
        coded by :func:`escalation.code_events` (``rung``, ``level``, ``depth_source``,
        ...), with ``scope_reason`` (empty for rows in scope), ``source_row`` (the data
        row in the file) and the source's own codes beside them (``acled_event_type``, ``acled_sub_event_type``); ``report`` is
        the :class:`~escalation.importers.ImportReport`, whose counts add up.

    Raises
    ------
    FileFormatError
        A file that is not this format at all (missing columns, empty, not text);
        bad rows are rejected and reported, not raised.

    Examples
    --------
    A two-row export (synthetic rows; a real export has 31 columns, of which these 16
    are read):

    >>> import escalation as esc, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acled.csv"
    >>> _ = path.write_text(
    ...     "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,"
    ...     "inter1,inter2,iso,country,admin1,location,notes,fatalities,source\n"
    ...     "X1,2025-07-24,1,Explosions/Remote violence,Air/drone strike,Military Forces of "
    ...     "Thailand (2019-),Military Forces of Cambodia (1993-),1,1,116,Cambodia,Oddar Meanchey,"
    ...     "Samraong,,2,Synthetic\n"
    ...     "X2,2025-07-24,2,Battles,Armed clash,Military Forces of Cambodia (1993-),Military "
    ...     "Forces of Thailand (2019-),1,1,764,Thailand,Surin,Phanom Dong Rak,,5,Synthetic\n")
    >>> events, report = esc.read_acled(path)
    >>> events[["event_id", "rung", "date_start", "date_end", "mutual"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['ACLED-X1', 'airstrike_border', Timestamp('2025-07-24 00:00:00'), Timestamp('2025-07-24 00:00:00'), False],
     ['ACLED-X2', 'border_clash', Timestamp('2025-07-21 00:00:00'), Timestamp('2025-07-27 00:00:00'), True]]
    >>> report.adds_up, report.coded
    (True, 2)
    """
    path = Path(path)
    raw, line, rejections = read_export(path, REQUIRED, "ACLED export")
    rows_read = len(raw) + len(rejections)
    names = name_to_iso3()
    numeric = dict(zip(states_table()["numeric"], states_table()["iso3"]))
    date = pd.to_datetime(raw["event_date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    precision = raw["time_precision"].str.strip()
    ok = reject(rejections, line, date.isna().to_numpy(), "event_date",
                "not a date: " + raw["event_date"].map(repr))
    ok &= reject(rejections, line, out_of_range(date).to_numpy(), "event_date",
                 OUT_OF_RANGE + ": " + raw["event_date"].map(repr))
    ok &= reject(rejections, line, ~precision.isin(["1", "2", "3"]).to_numpy() & ok, "time_precision",
                 "not 1, 2 or 3: " + precision.map(repr))
    raw, date, precision, line = raw[ok], date[ok], precision[ok], line[ok]

    start = date.where(precision != "2", date - pd.Timedelta(days=3))
    start = start.where(precision != "3", date - pd.to_timedelta(date.dt.day - 1, unit="D"))
    end = date.where(precision != "2", date + pd.Timedelta(days=3))
    end = end.where(precision != "3", date + pd.offsets.MonthEnd(0))
    iso = raw["iso"].str.strip()
    # ASCII digits only: str.isdigit() also accepts '²', which int() refuses
    where = iso.where(iso.str.fullmatch(r"[0-9]+"), "").str.lstrip("0").map(numeric)
    actor_state = _state_of(raw["actor1"], names).where(raw["inter1"].str.strip().isin(STATE_INTER))
    target_force = _state_of(raw["actor2"], names).where(raw["inter2"].str.strip().isin(STATE_INTER))
    target_state = target_force.fillna(where)

    interstate = actor_state.notna() & target_state.notna() & (actor_state != target_state)
    kind = raw["sub_event_type"].map(SUB_EVENT_KINDS)
    status = pd.Series("in_scope", index=raw.index)
    reason = pd.Series("", index=raw.index)
    for mask, why in (
        (raw["event_type"].isin(OUT_OF_SCOPE_TYPES), "protests and riots"),
        (~interstate & actor_state.notna(), "a state's forces at home"),
        (~interstate & actor_state.isna(), "non-state actor"),
    ):
        fresh = mask & (status == "in_scope")
        status[fresh], reason[fresh] = "out_of_scope", why
    unknown = (status == "in_scope") & kind.isna()
    status[unknown] = "uncoded"
    reason[unknown] = "sub_event_type '" + raw.loc[unknown, "sub_event_type"] + "' has no crosswalk"
    fatalities, fatalities_reason = counts(raw["fatalities"], "fatalities")

    events = pd.DataFrame({
        "event_id": "ACLED-" + raw["event_id_cnty"],
        "date_start": start.dt.strftime("%Y-%m-%d"),
        "date_end": end.dt.strftime("%Y-%m-%d"),
        "date_precision": precision.map({"1": "day", "2": "week", "3": "month"}),
        "actor": raw["actor1"], "target": raw["actor2"].where(raw["actor2"] != "", raw["country"]),
        "actor_state": actor_state, "target_state": target_state,
        "dyad": sorted_dyad(actor_state, target_state),
        "attribution": "claimed", "mutual": raw["sub_event_type"].eq("Armed clash") & target_force.notna(),
        "location": raw["location"], "admin1": raw["admin1"], "country_where": where,
        "kind": kind.fillna(raw["sub_event_type"]), "summary": raw["notes"],
        "source_publisher": "ACLED (" + raw["source"] + ")",
        "source_title": "ACLED event " + raw["event_id_cnty"],
        "source_url": "https://acleddata.com/", "source_date": date.dt.strftime("%Y-%m-%d"),
        "acled_event_type": raw["event_type"], "acled_sub_event_type": raw["sub_event_type"],
        "fatalities": fatalities,
        **coordinates(raw, "geo_precision", GEO_PRECISION, "ACLED"),
        "source_row": line,
    })
    return finish(events, status, reason, rejections, source=str(path), fmt="ACLED export",
                  rows_read=rows_read, id_column="event_id_cnty", scale=scale,
                  fatalities_reason=fatalities_reason)
