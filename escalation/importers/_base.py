"""What every importer returns: coded events and a report whose counts add up.

Readers of third-party exports never abort on a bad row: a row that cannot be read
(more fields than the header, bytes that are not UTF-8, an unreadable or impossible
date, a duplicate id, a value the event schema refuses) is *rejected* with its data row
in the file (1-based, the header not counted; see :mod:`escalation.errors`), the column
and the reason, and every other row is imported.  A row whose fatalities cannot be read
is kept, with fatalities unknown and the reason counted.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._io import delimiter_hint, read_csv_text
from .._schema import FIRST_DAY, LAST_DAY
from ..coding import code_events
from ..errors import DataValidationError, FileFormatError
from ..events import validate_events
from ..scale import OUT_OF_SCOPE, UNCODED, EscalationScale

REJECTION_COLUMNS = ["row", "column", "reason"]


@dataclass(repr=False)
class ImportReport:
    r"""Every row read ends up coded, out of scope, uncoded or rejected (with a reason).

    ``rows_read == coded + out_of_scope + uncoded + rejected``.  ``print(report)`` (and
    the report's repr) gives the counts and the reasons; in Jupyter it displays as HTML
    tables.

    Attributes
    ----------
    source : str
        The file read.
    format : str
        The format recognised (``"ACLED export"``, ``"UCDP GED"``, ``"GDELT 2.0"``, ...).
    rows_read : int
        Data rows in the file (the header not counted).
    coded, out_of_scope, uncoded, rejected : int
        Rows coded onto the ladder; rows kept but set aside (their reason in the event's
        ``scope_reason``); rows kept whose type the crosswalk does not know; rows that
        could not be imported.
    rejections : DataFrame
        One row per rejected row: ``row`` (its data row in the file, 1-based),
        ``column`` and ``reason``.
    out_of_scope_reasons, uncoded_reasons : dict of str to int
        Rows per reason.
    fatalities_unknown : dict of str to int
        Kept rows whose fatalities could not be read, per reason (``fatalities empty``,
        ``fatalities negative``, ``low above best``, ...).

    Examples
    --------
    >>> import escalation as esc, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acled.csv"
    >>> _ = path.write_text(
    ...     "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,"
    ...     "inter1,inter2,iso,country,admin1,location,notes,fatalities,source\n"
    ...     "X1,2025-07-24,1,Battles,Armed clash,Military Forces of Cambodia (1993-),"
    ...     "Military Forces of Thailand (2019-),1,1,764,Thailand,Surin,Phanom Dong Rak,,,Synthetic\n"
    ...     "X2,2025-07-25,1,Protests,Peaceful protest,Protesters (Thailand),,6,,764,Thailand,"
    ...     "Bangkok,Bangkok,,0,Synthetic\n"
    ...     "X3,25/07/2025,1,Battles,Armed clash,,,,,764,Thailand,Sisaket,Kantharalak,,0,Synthetic\n")
    >>> events, report = esc.read_acled(path)
    >>> print(report)  # doctest: +ELLIPSIS
    /...acled.csv (ACLED export): 3 rows read = 1 coded + 1 out of scope + 0 uncoded + 1 rejected
      out of scope: protests and riots: 1
      fatalities unknown (rows kept): fatalities empty: 1
      rejected: row 3 (event_date): not a date: '25/07/2025'
    >>> report.adds_up, report.rejections.values.tolist()
    (True, [[3, 'event_date', "not a date: '25/07/2025'"]])
    """

    source: str
    format: str
    rows_read: int
    coded: int
    out_of_scope: int
    uncoded: int
    rejected: int
    rejections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTION_COLUMNS))
    out_of_scope_reasons: dict[str, int] = field(default_factory=dict)
    uncoded_reasons: dict[str, int] = field(default_factory=dict)
    fatalities_unknown: dict[str, int] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        """True when ``rows_read == coded + out_of_scope + uncoded + rejected``."""
        return self.rows_read == self.coded + self.out_of_scope + self.uncoded + self.rejected

    def __str__(self) -> str:
        text = (f"{self.source} ({self.format}): {self.rows_read} rows read = {self.coded} coded + "
                f"{self.out_of_scope} out of scope + {self.uncoded} uncoded + {self.rejected} rejected")
        for title, reasons in (("out of scope", self.out_of_scope_reasons),
                               ("uncoded", self.uncoded_reasons),
                               ("fatalities unknown (rows kept)", self.fatalities_unknown)):
            if reasons:
                text += f"\n  {title}: " + "; ".join(f"{k}: {v}" for k, v in reasons.items())
        if self.rejected:
            text += "\n  rejected: " + "; ".join(
                f"row {r.row} ({r.column}): {r.reason}" for r in self.rejections.head(5).itertuples())
            if self.rejected > 5:
                text += f"; ... ({self.rejected - 5} more in .rejections)"
        return text

    __repr__ = __str__

    #: Rejected rows the HTML display lists (all of them are in ``rejections``).
    HTML_ROWS = 20

    def _repr_html_(self) -> str:
        esc = lambda x: html.escape(str(x))  # noqa: E731

        def table(title: str, header: tuple[str, ...], rows) -> str:
            head = "".join(f"<th>{esc(h)}</th>" for h in header)
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
            return f"<p>{esc(title)}</p><table><tr>{head}</tr>{body}</table>"

        counts = [("coded", self.coded), ("out of scope", self.out_of_scope),
                  ("uncoded", self.uncoded), ("rejected", self.rejected),
                  ("rows read", self.rows_read)]
        parts = [f"<p><b>{esc(self.source)}</b> ({esc(self.format)}): {self.rows_read} rows read "
                 f"= {self.coded} coded + {self.out_of_scope} out of scope + {self.uncoded} "
                 f"uncoded + {self.rejected} rejected</p>",
                 table("Rows", ("status", "n"), counts)]
        for title, reasons in (("Out of scope, by reason", self.out_of_scope_reasons),
                               ("Uncoded, by reason", self.uncoded_reasons),
                               ("Fatalities unknown (rows kept), by reason", self.fatalities_unknown)):
            if reasons:
                parts.append(table(title, ("reason", "n"), reasons.items()))
        if self.rejected:
            shown = self.rejections.head(self.HTML_ROWS)
            more = len(self.rejections) - len(shown)
            parts.append(table("Rejected rows" + (f" (first {len(shown)}; {more} more in .rejections)"
                                                  if more else ""),
                               ("row", "column", "reason"),
                               shown[REJECTION_COLUMNS].itertuples(index=False)))
        return "<div>" + "".join(parts) + "</div>"


class Imported(NamedTuple):
    """What every reader returns: ``events, report = esc.read_acled(path)``.

    Attributes
    ----------
    events : DataFrame
        Every imported row in the event schema, coded (rejected rows are not here).
    report : ImportReport
        The accounting of every row read.

    Examples
    --------
    >>> import escalation as esc
    >>> Imported._fields
    ('events', 'report')
    """

    events: pd.DataFrame
    report: ImportReport


def coordinates(raw: pd.DataFrame, precision_column: str, precisions: dict[str, str],
                label: str) -> dict[str, pd.Series]:
    """A reader's point and its precision code in the schema's terms (validated with the events).

    ``precisions`` maps the format's codes (ACLED ``geo_precision``, GED ``where_prec``)
    to ``exact``/``town``/``district``/``province``; an unknown code leaves it empty.
    """
    if "latitude" not in raw or "longitude" not in raw:
        return {}
    code = (raw[precision_column].str.strip() if precision_column in raw
            else pd.Series("", index=raw.index))
    return {"latitude": raw["latitude"].str.strip(), "longitude": raw["longitude"].str.strip(),
            "geo_precision": code.map(precisions).fillna(""),
            "geo_source": (f"{label} {precision_column} " + code).where(code != "", label)}


def read_export(path, required: list[str], what: str) -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """Read a CSV export as text; rows it cannot read are rejected, not fatal.

    Returns the readable rows, their data row numbers in the file and the rejections.
    A file that is not the export at all (missing columns, empty) raises one error
    naming the file and what was expected.
    """
    raw, rows, rejected = read_csv_text(path, what=what, reject=True)
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise FileFormatError(f"{path}: not a {what} file: expected its columns "
                              f"({', '.join(required[:6])}, ...); missing {', '.join(missing)}"
                              + delimiter_hint(raw.columns))
    return raw, rows, rejected


def reject(rejections: list[dict], rows: np.ndarray, mask, column: str, reason) -> np.ndarray:
    """Record ``mask``'s rows as rejected (``reason`` a text, or one text per row); return ``~mask``."""
    mask = np.asarray(mask, dtype=bool)
    reasons = reason if not isinstance(reason, str) else None
    for i in np.flatnonzero(mask):
        rejections.append({"row": int(rows[i]), "column": column,
                           "reason": reason if reasons is None else str(reasons[i])})
    return ~mask


OUT_OF_RANGE = f"outside the dates this package holds ({FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d})"


def out_of_range(*dates: pd.Series) -> pd.Series:
    """Dates outside what the package holds (see :data:`escalation._schema.FIRST_DAY`)."""
    bad = pd.Series(False, index=dates[0].index)
    for d in dates:
        bad |= d.notna() & ((d < FIRST_DAY) | (d > LAST_DAY))
    return bad


def counts(text: pd.Series, name: str) -> tuple[pd.Series, pd.Series]:
    """A column of counts (deaths): non-negative finite numbers, else unknown with a reason.

    Returns the numbers (NaN where unknown) and, per row, why it is unknown (``""`` when
    it is known).
    """
    t = text.fillna("").astype("str").str.strip()
    num = pd.to_numeric(t.where(t != "", np.nan), errors="coerce").astype("float64")
    reason = pd.Series(np.select(
        [t == "", num.isna(), np.isinf(num), num < 0],
        [f"{name} empty", f"{name} not a number", f"{name} not finite", f"{name} negative"],
        default=""), index=text.index)
    return num.where(reason == ""), reason


def ordered_counts(points: dict[str, tuple[pd.Series, pd.Series]]) -> tuple[dict[str, pd.Series], pd.Series]:
    """Low, best and high counts that contradict each other (low > best, ...) become unknown.

    ``points`` maps ``"low"``, ``"best"``, ``"high"`` (any present) to :func:`counts`
    output, under the source's column names; returns the numbers and one reason per row.
    """
    names = list(points)
    values = {k: v for k, (v, _) in points.items()}
    reason = pd.Series("", index=next(iter(values.values())).index)
    for k, (_, why) in points.items():
        reason = reason.where(reason != "", why)
    order = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    contradicted = pd.Series(False, index=reason.index)
    for a, b in order:  # names run from the lowest to the highest
        above = values[a] > values[b]
        reason = reason.where(~above | (reason != ""), f"{a} above {b}")
        contradicted |= above
    return {k: v.where(~contradicted) for k, v in values.items()}, reason


def finish(rows: pd.DataFrame, status: pd.Series, reason: pd.Series, rejections: list[dict],
           *, source: str, fmt: str, rows_read: int, id_column: str,
           scale: EscalationScale | None = None,
           fatalities_reason: pd.Series | None = None) -> Imported:
    """Validate and code the in-scope rows; keep the out-of-scope ones; count everything.

    ``rows`` holds every row read well enough to map (in the package schema, plus the
    source's columns and ``source_row``, the row in the file); ``status`` is
    ``in_scope``, ``out_of_scope`` or ``uncoded`` per row, with ``reason``.  A duplicate
    id (the first row keeps it) or a value the event schema refuses rejects the row.
    Out-of-scope rows carry their reason in ``scope_reason`` (empty for the others), so
    :func:`escalation.code_events` on the result keeps every scope decision.
    """
    scale = scale or EscalationScale.default()
    rows = rows.reset_index(drop=True)
    status = status.reset_index(drop=True).astype("str")
    reason = reason.reset_index(drop=True).astype("str")
    fatalities_reason = (pd.Series("", index=rows.index) if fatalities_reason is None
                         else fatalities_reason.reset_index(drop=True).astype("str"))
    line = rows["source_row"].to_numpy()

    first = rows.groupby("event_id", sort=False)["source_row"].transform("first")
    keep = reject(rejections, line, rows["event_id"].duplicated(keep="first").to_numpy(), id_column,
                  "duplicate id (event " + rows["event_id"].astype("str") + " is at row "
                  + first.astype("str") + ")")
    in_scope = (status == "in_scope").to_numpy() & keep
    valid = _validate_rejecting(rows[in_scope], source, rejections)
    keep &= ~in_scope | rows["source_row"].isin(valid["source_row"]).to_numpy()

    other = rows[keep & ~in_scope].copy()
    for col in ("date_start", "date_end"):
        other[col] = pd.to_datetime(other[col], errors="coerce").astype("datetime64[ns]")
    for col in ("mutual", "is_umbrella"):
        other[col] = other[col].astype("boolean").fillna(False).astype(bool) if col in other else False
    other["is_state_action"] = (other["is_state_action"].astype("boolean").fillna(False).astype(bool)
                                if "is_state_action" in other else other["actor_state"].notna())
    parts = [p for p in (valid, other) if len(p)]
    events = pd.concat(parts, ignore_index=True) if parts else valid
    events = events.sort_values("source_row", kind="stable").reset_index(drop=True)
    order = pd.Series(np.arange(len(rows)), index=rows["source_row"])
    at = order.reindex(events["source_row"].to_numpy()).to_numpy()
    events["scope_reason"] = np.where(status.to_numpy()[at] == "out_of_scope", reason.to_numpy()[at], "")
    events.attrs["source"] = source
    events = code_events(events, scale)
    events.attrs["source"] = source

    rung = events["rung"].astype("str").to_numpy()
    row_status, row_reason = status.to_numpy()[at], reason.to_numpy()[at]
    kind = events["kind"].astype("str").to_numpy()
    # the reader's reason; a ladder that leaves a kind off (or out of scope) says so itself
    why = np.where(rung == UNCODED,
                   np.where(row_status == "uncoded", row_reason, "kind '" + kind + "' not on the ladder"),
                   np.where(row_status == "out_of_scope", row_reason,
                            "kind '" + kind + "' out of scope on the ladder"))
    unknown = fatalities_reason.to_numpy()[at]
    rejected = pd.DataFrame(rejections, columns=REJECTION_COLUMNS).sort_values("row", kind="stable")
    report = ImportReport(
        source=source, format=fmt, rows_read=rows_read,
        coded=int((~np.isin(rung, [OUT_OF_SCOPE, UNCODED])).sum()),
        out_of_scope=int((rung == OUT_OF_SCOPE).sum()),
        uncoded=int((rung == UNCODED).sum()),
        rejected=len(rejected),
        rejections=rejected.reset_index(drop=True),
        out_of_scope_reasons=_tally(why[rung == OUT_OF_SCOPE]),
        uncoded_reasons=_tally(why[rung == UNCODED]),
        fatalities_unknown=_tally(unknown[unknown != ""]),
    )
    return Imported(events, report)


def _tally(reasons: np.ndarray) -> dict[str, int]:
    return {str(k): int(v) for k, v in pd.Series(reasons, dtype="str").value_counts().sort_index().items()}


def _validate_rejecting(rows: pd.DataFrame, source: str, rejections: list[dict]) -> pd.DataFrame:
    """Validate rows against the event schema, rejecting the rows it refuses, until it passes."""
    rows = rows.reset_index(drop=True)
    while True:
        try:
            return validate_events(rows, source=source)
        except DataValidationError as exc:
            if not exc.rows:  # the whole table, not a row: the reader's own mistake
                raise
            bad = np.zeros(len(rows), dtype=bool)
            bad[np.asarray(exc.rows) - 1] = True
            line = rows["source_row"].to_numpy()
            values = {r: exc.values.get(r) for r in exc.rows}
            reject(rejections, line, bad, exc.column or "(row)",
                   [f"{exc.kind}: {exc.detail}" + (f" (got {values[i + 1]!r})" if values.get(i + 1) is not None
                                                    else "") if b else "" for i, b in enumerate(bad)])
            rows = rows[~bad].reset_index(drop=True)


def states_table() -> pd.DataFrame:
    """``escalation/tables/states.csv`` as text columns (``iso3``, ``numeric``, ``name``, ``aliases``, ...)."""
    import csv
    from importlib import resources

    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    return pd.DataFrame(list(csv.DictReader(text.splitlines())))


def name_to_iso3() -> dict[str, str]:
    """Country names (and common aliases) -> ISO3, lower-cased keys."""
    out = {}
    for r in states_table().itertuples():
        out[r.name.lower()] = r.iso3
        for alias in filter(None, r.aliases.split(";")):
            out[alias.strip().lower()] = r.iso3
    return out


def sorted_dyad(a: pd.Series, b: pd.Series) -> pd.Series:
    """The sorted pair ``"AAA-BBB"`` of two state columns; empty where either is missing or both agree."""
    lo = a.where(a <= b, b)
    hi = b.where(a <= b, a)
    return (lo + "-" + hi).where(a.notna() & b.notna() & (a != b), "")
