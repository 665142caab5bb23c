"""The files a report is made from: the user's events (any format the package reads),
claims and ladder, and their hashes for the manifest.

``--events`` may be a file in the package's event schema (CSV, TSV or Parquet, read by
:func:`escalation.load_events`), an ACLED export or a UCDP GED file (recognised by their
header, or named with ``--format``), or a GDELT event file (``--format gdelt``: GDELT
files have no header).  Errors are the readers' own: one line naming the file, the row
and the column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

#: ``--format`` values and what each reads.
FORMATS = {"auto": "recognised by the header", "events": "the package's event schema",
           "acled": "an ACLED export", "ucdp": "a UCDP GED file", "gdelt": "a GDELT event file"}
#: Columns that only an ACLED export, or a UCDP GED file, has.
SIGNATURES = {"acled": {"event_id_cnty", "sub_event_type", "actor1", "inter1"},
              "ucdp": {"type_of_violence", "side_a", "side_b", "date_prec", "best"}}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sniff_format(path: Path) -> str:
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
    report (``None`` for the package's own schema)."""

    events: object
    format: str
    report: object = None


def read_user_events(path: Path, fmt: str = "auto", scale=None) -> UserEvents:
    """Read ``path`` as ``fmt`` (``auto``: by its header); the readers' errors pass through."""
    import escalation as esc

    if fmt not in FORMATS:
        raise ValueError(f"--format takes {', '.join(FORMATS)}, got {fmt!r}")
    kind = sniff_format(Path(path)) if fmt == "auto" else fmt
    if kind == "events":
        return UserEvents(esc.load_events(path), kind)
    reader = {"acled": esc.read_acled, "ucdp": esc.read_ucdp_ged, "gdelt": esc.read_gdelt}[kind]
    events, report = reader(path, scale=scale)
    return UserEvents(events, kind, report)


def import_table(report):
    """An importer's report as a table: rows read, coded, out of scope, uncoded, rejected,
    and every reason with its count."""
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
