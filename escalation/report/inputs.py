"""The files a report is made from: the user's events (any format the package reads),
claims and ladder, and their hashes for the manifest.

``--events`` may be a file in the package's event schema (CSV, TSV or Parquet, read by
:func:`escalation.load_events`), an ACLED export or a UCDP GED file (recognised by their
header, or named with ``--format``), or a GDELT event file (``--format gdelt``: GDELT
files have no header).  Errors are the readers' own: one line naming the file, the row
and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: ``--format`` values and what each reads.
FORMATS = {"auto": "recognised by the header", "events": "the package's event schema",
           "acled": "an ACLED export", "ucdp": "a UCDP GED file", "gdelt": "a GDELT event file"}
#: Columns that only an ACLED export, or a UCDP GED file, has.
SIGNATURES = {"acled": {"event_id_cnty", "sub_event_type", "actor1", "inter1"},
              "ucdp": {"type_of_violence", "side_a", "side_b", "date_prec", "best"}}


def _sniff_format(path: Path) -> str:
    """``acled``, ``ucdp`` or ``events`` from a text file's header (``events`` otherwise)."""
    if path.suffix.lower() in (".parquet", ".pq") or not path.is_file():
        return "events"
    try:
        with open(path, "rb") as f:
            head = f.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return "events"
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    sep = "\t" if first.count("\t") > first.count(",") else ","
    columns = {c.strip().strip('"').lower() for c in first.split(sep)}
    for name, needed in SIGNATURES.items():
        if needed <= columns:
            return name
    return "events"


@dataclass
class UserEvents:
    """Events read from a user's file: the frame, the format read, and the importer's
    report (``None`` for the package's own schema).

    Made by :func:`read_user_events`.

    Attributes
    ----------
    events : DataFrame
        The events in the package's schema (ready for :func:`escalation.code_events`).
    format : str
        What the file was read as: ``events``, ``acled``, ``ucdp`` or ``gdelt``.
    report : ImportReport or None
        The importer's account of every row read
        (:class:`~escalation.importers.ImportReport`); ``None`` for a file in the
        package's schema.

    Examples
    --------
    >>> from escalation.datasets import bundled_path
    >>> user = read_user_events(bundled_path("events.csv"))
    >>> user.format, user.report is None, len(user.events)
    ('events', True, 106)
    """

    events: object
    format: str
    report: object = None


def read_user_events(path: Path, fmt: str = "auto", scale=None) -> UserEvents:
    r"""Read ``path`` as ``fmt`` (``auto``: by its header); the readers' errors pass through.

    ``auto`` recognises an ACLED export or a UCDP GED file by the columns only they
    have (``SIGNATURES``), and reads anything else as the package's event schema;
    GDELT files have no header and must be named.

    Parameters
    ----------
    path : Path
        The events file: CSV, TSV or Parquet.
    fmt : str
        One of ``FORMATS``: ``auto``, ``events``, ``acled``, ``ucdp`` or ``gdelt``.
    scale : EscalationScale, optional
        The ladder an importer codes onto (default: the package's default ladder).

    Returns
    -------
    UserEvents

    Raises
    ------
    ValueError
        An unknown ``fmt``.
    DataValidationError
        The reader's error, naming the file, the row and the column.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "acled.csv"
    >>> _ = path.write_text(
    ...     "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,"
    ...     "inter1,inter2,iso,country,admin1,location,notes,fatalities,source\n"
    ...     "X1,2025-07-24,1,Battles,Armed clash,Military Forces of Cambodia (1993-),"
    ...     "Military Forces of Thailand (2019-),1,1,764,Thailand,Surin,Phanom Dong Rak,,,Synthetic\n"
    ...     "X2,2025-07-25,1,Protests,Peaceful protest,Protesters (Thailand),,6,,764,Thailand,"
    ...     "Bangkok,Bangkok,,0,Synthetic\n")
    >>> user = read_user_events(path)
    >>> user.format, len(user.events), user.report.rows_read
    ('acled', 2, 2)
    """
    import escalation as esc

    if fmt not in FORMATS:
        raise ValueError(f"--format takes {', '.join(FORMATS)}, got {fmt!r}")
    kind = _sniff_format(Path(path)) if fmt == "auto" else fmt
    if kind == "events":
        return UserEvents(esc.load_events(path), kind)
    reader = {"acled": esc.read_acled, "ucdp": esc.read_ucdp_ged, "gdelt": esc.read_gdelt}[kind]
    events, report = reader(path, scale=scale)
    return UserEvents(events, kind, report)


def import_table(report):
    """An importer's report as a table: rows read, coded, out of scope, uncoded, rejected,
    and every reason with its count.

    The report writes it as ``tables/import_report`` for a user's ACLED, UCDP or GDELT
    file, so that the counts that add up to the rows read travel with the figures.

    Parameters
    ----------
    report : ImportReport
        From :func:`escalation.read_acled`, :func:`escalation.read_ucdp_ged` or
        :func:`escalation.read_gdelt` (or the ``report`` of a :class:`UserEvents`).

    Returns
    -------
    DataFrame
        Columns ``what``, ``reason``, ``rows``: first the five counts (``rows_read``,
        ``coded``, ``out_of_scope``, ``uncoded``, ``rejected``, with no reason), then
        one row per reason for ``out_of_scope``, ``uncoded``, ``fatalities_unknown``
        and ``rejected`` (``column: reason``).

    Examples
    --------
    >>> import pandas as pd
    >>> from escalation.importers import ImportReport
    >>> report = ImportReport("mine.csv", "ACLED export", rows_read=3, coded=1, out_of_scope=1,
    ...                       uncoded=0, rejected=1, out_of_scope_reasons={"protests and riots": 1},
    ...                       rejections=pd.DataFrame({"row": [3], "column": ["event_date"],
    ...                                                "reason": ["not a date: '25/07/2025'"]}))
    >>> import_table(report).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['rows_read', '', 3], ['coded', '', 1], ['out_of_scope', '', 1], ['uncoded', '', 0],
     ['rejected', '', 1], ['out_of_scope', 'protests and riots', 1],
     ['rejected', "event_date: not a date: '25/07/2025'", 1]]
    """
    import pandas as pd

    rows = [{"what": k, "reason": "", "rows": getattr(report, k)}
            for k in ("rows_read", "coded", "out_of_scope", "uncoded", "rejected")]
    for what, reasons in (("out_of_scope", report.out_of_scope_reasons), ("uncoded", report.uncoded_reasons),
                          ("fatalities_unknown", report.fatalities_unknown)):
        rows += [{"what": what, "reason": str(r), "rows": int(n)} for r, n in sorted(reasons.items())]
    if len(report.rejections):
        for (column, reason), n in report.rejections.groupby(["column", "reason"]).size().items():
            rows.append({"what": "rejected", "reason": f"{column}: {reason}", "rows": int(n)})
    return pd.DataFrame(rows, columns=["what", "reason", "rows"])
