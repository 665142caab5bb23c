"""GDELT event files (1.0: 57/58 fields; 2.0: 61 fields) into the package's event schema.

Reference: Leetaru & Schrodt (2013), "GDELT: Global Data on Events, Location and Tone,
1979-2012", ISA Annual Convention; GDELT Event Codebook V2.0 (2015); CAMEO: Schrodt
(2012), *CAMEO Conflict and Mediation Event Observations Codebook* 1.1b3; Goldstein (1992),
"A Conflict-Cooperation Scale for WEIS Event Data", JCR 36(2).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .._io import input_file
from ..errors import FileFormatError
from ..scale import EscalationScale
from ._base import OUT_OF_RANGE, Imported, finish, out_of_range, reject, sorted_dyad, states_table

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
#: GDELT 1.0 field names (58; the historical backfiles lack SOURCEURL: 57).
COLUMNS_V1 = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
              + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT
              + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
              + [f"ActionGeo_{c}" for c in _GEO] + ["DATEADDED", "SOURCEURL"])
#: GDELT 2.0 field names (61): ADM2 codes added, DATEADDED as YYYYMMDDHHMMSS (UTC).
COLUMNS_V2 = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
              + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT
              + [f"Actor1Geo_{c}" for c in _GEO2] + [f"Actor2Geo_{c}" for c in _GEO2]
              + [f"ActionGeo_{c}" for c in _GEO2] + ["DATEADDED", "SOURCEURL"])
LAYOUTS = {57: ("GDELT 1.0 (backfile)", COLUMNS_V1[:-1]), 58: ("GDELT 1.0", COLUMNS_V1),
           61: ("GDELT 2.0", COLUMNS_V2)}
#: CAMEO actor types that mark a non-state actor even when a country code is attached.
NONSTATE_TYPES = {"INS", "REB", "SEP", "UAF", "CRM", "RAD", "OPP"}
#: Codes whose real GDELT rows carry a weight other than the lookup's (documented).
GOLDSTEIN_EXCEPTIONS = {"106": "real 1.0 rows carry 0.0 where GDELT's lookup gives -5.0"}


@lru_cache(maxsize=1)
def cameo_table() -> pd.DataFrame:
    """CAMEO codes with GDELT's description, Goldstein weight, quad class and ladder kind.

    Shipped as ``escalation/importers/tables/cameo.csv`` (built by
    ``tools/build_cameo_table.py`` from GDELT's published lookups; exceptions documented
    in ``escalation/importers/tables/README.md``).

    Returns
    -------
    DataFrame
        Indexed by ``code`` (CAMEO, as text with its leading zeros): ``description``,
        ``goldstein`` (float, -10 to 10), ``quad_class`` (1-4) and ``kind`` (the default
        ladder's kind, or ``out_of_scope``).

    Examples
    --------
    >>> row = cameo_table().loc["195"]
    >>> float(row["goldstein"]), int(row["quad_class"]), row["kind"]
    (-10.0, 4, 'airstrike')
    """
    text = resources.files("escalation").joinpath("importers/tables/cameo.csv").read_text("utf-8")
    t = pd.DataFrame(list(csv.DictReader(text.splitlines())))
    t["goldstein"] = t["goldstein"].astype(float)
    t["quad_class"] = t["quad_class"].astype(int)
    return t.set_index("code")


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    text = resources.files("escalation").joinpath("importers/tables/fips_iso3.csv").read_text("utf-8")
    return {r["fips"]: r["iso3"] for r in csv.DictReader(text.splitlines())}


def normalise_cameo(code: pd.Series) -> pd.Series:
    """Restore CAMEO codes whose leading zero a re-export stripped ("43" -> "043", "871" -> "0871").

    Parameters
    ----------
    code : Series
        CAMEO event codes as read (text or numbers); missing counts as empty.

    Returns
    -------
    Series of str
        Known codes unchanged; a code that is known once padded to three or four digits,
        padded; anything else as it was (it will be ``uncoded``).

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_cameo(pd.Series(["43", "871", "195", "9999"])).tolist()
    ['043', '0871', '195', '9999']
    """
    known = set(cameo_table().index)
    code = code.fillna("").astype(str).str.strip()
    padded = code.str.zfill(3)
    four = "0" + code
    return code.where(code.isin(known) & (code.str.len() >= 3),
                      padded.where(padded.isin(known), four.where(four.isin(known), code)))


def _read(path: Path) -> tuple[pd.DataFrame, list[dict], str, int]:
    """The file's records by layout; lines of another width or with bytes that are not
    UTF-8 are rejected with their row (GDELT files have no header: row = line)."""
    path = input_file(path, "a GDELT event file")
    rows, bad, widths = [], [], []
    try:
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as f:
            for line in f:
                fields = line.rstrip("\r\n").split("\t")
                widths.append(len(fields))
                rows.append(fields)
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not rows:
        raise FileFormatError(f"{path}: empty file; expected GDELT event records")
    common = max(set(widths), key=widths.count)
    if common not in LAYOUTS or (widths.count(57) + widths.count(58) + widths.count(61)) < 0.5 * len(rows):
        raise FileFormatError(
            f"{path}: not a GDELT event file: expected tab-separated records of 57 or 58 "
            f"(GDELT 1.0) or 61 (GDELT 2.0) fields with no header; most lines have {common}")
    frames, fmt = [], LAYOUTS[common][0]
    for i, fields in enumerate(rows, start=1):
        if len(fields) not in LAYOUTS or (common == 61) != (len(fields) == 61):
            bad.append({"row": i, "column": "(line)", "reason": f"{len(fields)} fields; expected {common}"})
            continue
        names = LAYOUTS[len(fields)][1]
        broken = [names[j] for j, value in enumerate(fields) if _NOT_UTF8.search(value)]
        if broken:
            bad.append({"row": i, "column": broken[0], "reason": "bytes that are not UTF-8 text"})
            continue
        frames.append((i, dict(zip(names, fields))))
    raw = pd.DataFrame([f for _, f in frames], columns=COLUMNS_V2 if common == 61 else COLUMNS_V1
                       ).fillna("").astype("str")
    raw["source_row"] = np.array([i for i, _ in frames], dtype=np.int64)
    if len(raw) and raw.iloc[0]["GLOBALEVENTID"].upper() == "GLOBALEVENTID":
        raise FileFormatError(f"{path}: has a header line; GDELT event files have none")
    return raw, bad, fmt, len(rows)


#: What ``errors="surrogateescape"`` makes of bytes that are not UTF-8.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def read_gdelt(path: str | Path, *, scale: EscalationScale | None = None) -> Imported:
    r"""Read a GDELT 1.0 or 2.0 event file and code it onto the ladder.

    - the layout is recognised by its field count (57/58: 1.0, 61: 2.0); a line of
      another width is rejected with its row number;
    - CAMEO codes are strings, with stripped leading zeros restored;
    - ``goldstein`` comes from GDELT's published table (shipped as data), beside the
      row's own ``GoldsteinScale``; ``quad_class`` is the row's;
    - actor country codes (CAMEO, ISO3) give the states; when the target has none, the
      action's location (FIPS 10-4) does; actors of insurgent, rebel, separatist,
      criminal or opposition type are non-state (no dyad), and so are actors with no
      country, whose events count only as uses of force (QuadClass 4);
    - codes off the ladder (cooperation, statements, protests, ...) and domestic events
      are ``out_of_scope`` (the reason in ``scope_reason``); unknown codes are ``uncoded``;
    - a line of another width, with bytes that are not UTF-8 (never replaced silently), a
      bad ``SQLDATE`` or a duplicate ``GLOBALEVENTID`` is rejected with its row (the line:
      GDELT files have no header); the rest is imported.

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
    Three synthetic GDELT 2.0 rows (61 tab-separated fields, no header):

    >>> import escalation as esc, pathlib, tempfile
    >>> from escalation.importers.gdelt import COLUMNS_V2
    >>> lines = []
    >>> for gid, day, a, b, code in [("1", "20250724", "THA", "KHM", "195"),
    ...                              ("2", "20250725", "KHM", "THA", "190"),
    ...                              ("3", "20250728", "THA", "KHM", "057")]:
    ...     row = dict.fromkeys(COLUMNS_V2, "")
    ...     row.update(GLOBALEVENTID=gid, SQLDATE=day, Actor1Code=a + "MIL", Actor2Code=b + "MIL",
    ...                Actor1CountryCode=a, Actor2CountryCode=b, EventCode=code)
    ...     lines.append("\t".join(row[c] for c in COLUMNS_V2))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "20250728.export.CSV"
    >>> _ = path.write_text("\n".join(lines) + "\n")
    >>> events, report = esc.read_gdelt(path)
    >>> events[["event_id", "rung", "goldstein", "scope_reason"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['GDELT-1', 'airstrike_border', -10.0, ''], ['GDELT-2', 'border_clash', -10.0, ''],
     ['GDELT-3', 'out_of_scope', 8.0, 'CAMEO code off the ladder']]
    >>> report.format, report.adds_up
    ('GDELT 2.0', True)
    """
    path = Path(path)
    raw, rejections, fmt, rows_read = _read(path)
    table = cameo_table()
    code = normalise_cameo(raw["EventCode"])
    date = pd.to_datetime(raw["SQLDATE"].str.strip(), format="%Y%m%d", errors="coerce")
    states = set(states_table()["iso3"])
    fips = _fips()

    line = raw["source_row"].to_numpy()
    ok = reject(rejections, line, date.isna().to_numpy(), "SQLDATE",
                "not a date: " + raw["SQLDATE"].map(repr))
    ok &= reject(rejections, line, out_of_range(date).to_numpy(), "SQLDATE",
                 OUT_OF_RANGE + ": " + raw["SQLDATE"].map(repr))
    raw, code, date = raw[ok], code[ok], date[ok]

    def state(country: pd.Series, types: pd.Series) -> pd.Series:
        s = country.where(country.isin(states))
        return s.where(~types.isin(NONSTATE_TYPES))

    actor_state = state(raw["Actor1CountryCode"], raw["Actor1Type1Code"])
    armed_group = raw["Actor1Type1Code"].isin(NONSTATE_TYPES)
    unattributed = actor_state.isna() & ~armed_group
    material_conflict = pd.to_numeric(raw["QuadClass"], errors="coerce") == 4
    nonstate_actor = armed_group | unattributed
    where = raw["ActionGeo_CountryCode"].map(fips)
    target_state = raw["Actor2CountryCode"].where(raw["Actor2CountryCode"].isin(states)).fillna(where)

    known = code.isin(table.index)
    kind = code.map(table["kind"]).where(known)
    status = pd.Series("in_scope", index=raw.index)
    reason = pd.Series("", index=raw.index)
    rules = [
        (~known, "uncoded", "CAMEO code not in the table"),
        (kind == "out_of_scope", "out_of_scope", "CAMEO code off the ladder"),
        (raw["Actor1Code"] == "", "out_of_scope", "no actor"),
        (target_state.isna(), "out_of_scope", "no target state"),
        (~nonstate_actor & (actor_state == target_state), "out_of_scope", "domestic"),
        # an actor with no country: kept as a non-state use of force, not for words
        (unattributed & ~material_conflict, "out_of_scope", "unattributed actor, not a use of force"),
    ]
    for mask, st, why in rules:
        fresh = mask.fillna(False) & (status == "in_scope")
        status[fresh], reason[fresh] = st, why
    actor_state = actor_state.where(~nonstate_actor)
    events = pd.DataFrame({
        "event_id": "GDELT-" + raw["GLOBALEVENTID"],
        "date_start": date.dt.strftime("%Y-%m-%d"), "date_end": date.dt.strftime("%Y-%m-%d"),
        "date_precision": "day",
        "actor": raw["Actor1Name"].where(raw["Actor1Name"] != "", raw["Actor1Code"]),
        "target": raw["Actor2Name"].where(raw["Actor2Name"] != "", raw["Actor2Code"]),
        "actor_state": actor_state, "target_state": target_state,
        "dyad": sorted_dyad(actor_state, target_state),
        "is_state_action": ~nonstate_actor,
        "location": raw["ActionGeo_FullName"], "admin1": "",
        "country_where": where,
        "kind": kind.fillna(code),
        "source_publisher": "GDELT",
        "source_title": "GDELT event " + raw["GLOBALEVENTID"],
        "source_url": raw["SOURCEURL"].where(raw["SOURCEURL"] != "", "https://www.gdeltproject.org/")
        if "SOURCEURL" in raw else "https://www.gdeltproject.org/",
        "source_date": raw["DATEADDED"].str[:8],
        "cameo_code": code, "cameo_root": code.str[:2],
        "goldstein": code.map(table["goldstein"]),
        "goldstein_reported": pd.to_numeric(raw["GoldsteinScale"], errors="coerce"),
        "quad_class": pd.to_numeric(raw["QuadClass"], errors="coerce"),
        "num_mentions": pd.to_numeric(raw["NumMentions"], errors="coerce"),
        "source_row": raw["source_row"],
    })
    return finish(events, status, reason, rejections, source=str(path), fmt=fmt,
                  rows_read=rows_read, id_column="GLOBALEVENTID", scale=scale)
