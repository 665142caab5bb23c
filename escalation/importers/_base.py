"""What every importer returns: coded events and a report whose counts add up."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..coding import code_events
from ..events import validate_events
from ..scale import OUT_OF_SCOPE, UNCODED, EscalationScale


@dataclass
class ImportReport:
    """Every row read ends up coded, out of scope, uncoded or rejected (with a reason).

    ``rows_read == coded + out_of_scope + uncoded + rejected``.
    """

    source: str
    format: str
    rows_read: int
    coded: int
    out_of_scope: int
    uncoded: int
    rejected: int
    rejections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "column", "reason"]))
    out_of_scope_reasons: dict[str, int] = field(default_factory=dict)
    uncoded_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        return self.rows_read == self.coded + self.out_of_scope + self.uncoded + self.rejected

    def __str__(self) -> str:
        text = (f"{self.source} ({self.format}): {self.rows_read} rows read = {self.coded} coded + "
                f"{self.out_of_scope} out of scope + {self.uncoded} uncoded + {self.rejected} rejected")
        for title, reasons in (("out of scope", self.out_of_scope_reasons),
                               ("uncoded", self.uncoded_reasons)):
            if reasons:
                text += f"\n  {title}: " + "; ".join(f"{k}: {v}" for k, v in reasons.items())
        if self.rejected:
            text += "\n  rejected: " + "; ".join(
                f"row {r.row} ({r.column}): {r.reason}" for r in self.rejections.head(5).itertuples())
        return text

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"


class Imported(NamedTuple):
    """``events, report = esc.read_acled(path)``."""

    events: pd.DataFrame
    report: ImportReport


def finish(rows: pd.DataFrame, status: pd.Series, reason: pd.Series, rejections: list[dict],
           *, source: str, fmt: str, rows_read: int, scale: EscalationScale | None = None) -> Imported:
    """Validate and code the in-scope rows; keep the out-of-scope ones; count everything.

    ``rows`` holds every accepted row in the package schema (plus source columns);
    ``status`` is ``in_scope``, ``out_of_scope`` or ``uncoded`` per row, with ``reason``.
    """
    rows = rows.reset_index(drop=True)
    status = status.reset_index(drop=True)
    reason = reason.reset_index(drop=True)
    keep = status == "in_scope"
    parts = []
    ladder_uncoded: dict[str, int] = {}
    if keep.any():
        valid = validate_events(rows[keep].reset_index(drop=True), source=source)
        coded = code_events(valid, scale)
        parts.append(coded)
        left = coded.loc[coded["rung"].astype("str") == UNCODED, "kind"].value_counts()
        ladder_uncoded = {f"kind '{k}' not on the ladder": int(n) for k, n in left.items()}
    other = rows[~keep].copy()
    if len(other):
        for col in ("date_start", "date_end"):
            other[col] = pd.to_datetime(other[col], errors="coerce").astype("datetime64[ns]")
        for col in ("mutual", "is_umbrella"):
            other[col] = other[col].astype("boolean").fillna(False).astype(bool) if col in other else False
        other["is_state_action"] = (other["is_state_action"].astype("boolean").fillna(False).astype(bool)
                                    if "is_state_action" in other else other["actor_state"].notna())
        other["rung"] = np.where(status[~keep] == "uncoded", UNCODED, OUT_OF_SCOPE)
        other["level"] = pd.array([pd.NA] * len(other), dtype="Int64")
        other["is_kinetic"] = False
        other["is_dyadic"] = False
        other["rung_source"] = np.where(status[~keep] == "uncoded", "unknown_kind", "out_of_scope")
        parts.append(other)
    events = pd.concat(parts, ignore_index=True) if parts else rows.iloc[0:0]
    if "source_row" in events:  # back in the file's order
        events = events.sort_values("source_row", kind="stable").reset_index(drop=True)
    scale = scale or EscalationScale.default()
    events["rung"] = events["rung"].astype("str").astype(scale.rung_dtype)
    events.attrs["scale"] = scale.name
    rung = events["rung"].astype("str")
    report = ImportReport(
        source=source, format=fmt, rows_read=rows_read,
        coded=int((~rung.isin([OUT_OF_SCOPE, UNCODED])).sum()),
        out_of_scope=int((rung == OUT_OF_SCOPE).sum()),
        uncoded=int((rung == UNCODED).sum()),
        rejected=len(rejections),
        rejections=pd.DataFrame(rejections, columns=["row", "column", "reason"]),
        out_of_scope_reasons={k: int(v) for k, v in reason[status == "out_of_scope"].value_counts().sort_index().items()},
        uncoded_reasons={k: int(v) for k, v in reason[status == "uncoded"].value_counts().sort_index().items()},
    )
    report.uncoded_reasons.update(ladder_uncoded)
    return Imported(events, report)


def read_export(path, required: list[str], what: str) -> pd.DataFrame:
    """Read a CSV export as text, or raise one error naming the file and what was expected."""
    from ..errors import FileFormatError

    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise FileFormatError(f"{path}: not a readable {what} CSV: {exc}") from None
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise FileFormatError(f"{path}: not a {what} file: expected its columns "
                              f"({', '.join(required[:6])}, ...); missing {', '.join(missing)}")
    return raw


def states_table() -> pd.DataFrame:
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
    lo = a.where(a <= b, b)
    hi = b.where(a <= b, a)
    return (lo + "-" + hi).where(a.notna() & b.notna() & (a != b), "")
