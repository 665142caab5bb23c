"""Users' files in and the package's tables out: paths, CSV text, spreadsheet-safe cells.

Every reader opens its file through :func:`input_file` (a missing file, a folder or an
unreadable file gives one package error naming it) and every CSV is read through
:func:`read_csv_text`: all cells as text, so that validation sees what the user wrote;
an empty file, a record with more fields than the header, bytes that are not UTF-8 or a
header naming a column twice are reported with the file, the data row (1-based, the
header not counted: see :mod:`escalation.errors`) and the column.  Readers of the
package's own schema raise on such rows (:class:`~escalation.errors.MalformedRowError`);
readers of third-party exports reject them and import the rest.

Cells the package writes are safe to open in a spreadsheet (:func:`escape_cells`, the
OWASP rule against formula injection), and :func:`unescape_cells` reads them back
unchanged.
"""

from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import (
    FileFormatError,
    InputIsDirectoryError,
    InputNotFoundError,
    MalformedRowError,
)

#: Suffixes read as tab-separated text; every other text suffix is comma-separated.
TAB_SUFFIXES = (".tsv", ".tab")


def input_file(path, what: str = "a file") -> Path:
    """``path`` as a :class:`~pathlib.Path` to an existing, readable file, or one clear error."""
    path = Path(path)
    try:
        if not path.exists():
            raise InputNotFoundError(f"{path}: no such file")
        if path.is_dir():
            raise InputIsDirectoryError(f"{path}: is a folder; expected {what}")
        with path.open("rb"):
            pass
    except OSError as exc:
        if isinstance(exc, (InputNotFoundError, InputIsDirectoryError)):
            raise
        raise FileFormatError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return path


def input_path(path, what: str = "a file or folder") -> Path:
    """Like :func:`input_file`, for readers that also take a folder (Parquet datasets)."""
    path = Path(path)
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file or folder")
    return path if path.is_dir() else input_file(path, what)


def delimiter_hint(columns) -> str:
    """A hint when a comma-separated reading found one column holding ``;`` or tabs."""
    columns = [str(c) for c in columns]
    if len(columns) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs")):
            if sep in columns[0]:
                return (f" (the header seems to be separated by {name}, not commas: "
                        "save the file as comma-separated, or as .tsv for tabs)")
    return ""


def read_csv_text(path, *, what: str = "CSV file", reject: bool = False,
                  ) -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """Read a delimited text file with a header, every cell as text.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (or ``.txt``, no suffix) file, or ``.tsv``/``.tab`` for tabs.
    what : str
        What the file should be, for messages (``"ACLED export"``).
    reject : bool
        ``False`` (the package's own tables): a malformed row raises
        :class:`~escalation.errors.MalformedRowError` naming every such row.  ``True``
        (third-party exports): malformed rows are left out and listed.

    Returns
    -------
    frame : DataFrame
        The well-formed rows, all columns ``str`` (empty cells are ``""``).
    rows : ndarray of int
        Each returned row's data row number in the file (1-based).
    rejected : list of dict
        ``{"row", "column", "reason"}`` for each malformed row (empty unless ``reject``).
    """
    path = input_file(path)
    sep = "\t" if path.suffix.lower() in TAB_SUFFIXES else ","
    header = _header(path, sep, what)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[],
                                encoding="utf-8-sig", index_col=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        # the slow path, only for a file with a problem: find every malformed record
        return _scan(path, sep, header, what, reject)
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read: {exc}") from None
    return frame, np.arange(1, len(frame) + 1), []


def _records(f, sep: str):
    """Non-blank records (a blank line is not a row, as pandas reads it)."""
    for record in csv.reader(f, delimiter=sep):
        if record and any(cell.strip() for cell in record) or len(record) > 1:
            yield record


def _header(path: Path, sep: str, what: str) -> list[str]:
    """The header record; an empty file, or one naming a column twice, is refused."""
    try:
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            header = next(_records(f, sep), None)
    except csv.Error as exc:
        raise FileFormatError(f"{path}: not a readable {what}: {exc}") from None
    if header is None:
        raise FileFormatError(f"{path}: empty file; expected a {what} with a header line "
                              "naming its columns")
    if any(_SURROGATE.search(name) for name in header):
        raise FileFormatError(f"{path}: the header line is not UTF-8 text; save the file as UTF-8")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise FileFormatError(f"{path}: the header names column '{name}' twice")
        seen.add(name)
    return header


#: Lone surrogates: what ``errors="surrogateescape"`` makes of bytes that are not UTF-8.
_SURROGATE = re.compile("[\udc80-\udcff]")


def _scan(path: Path, sep: str, header: list[str], what: str,
          reject: bool) -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """Read record by record, setting aside those with too many fields or non-UTF-8 bytes."""
    good, numbers, problems = [], [], []
    width = len(header)
    try:
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            records = _records(f, sep)
            next(records)  # the header
            for row, record in enumerate(records, start=1):
                if len(record) > width:
                    problems.append({"row": row, "column": "(row)",
                                     "reason": f"{len(record)} fields where the header has {width}"})
                    continue
                bad = [header[i] for i, cell in enumerate(record) if _SURROGATE.search(cell)]
                if bad:
                    also = f" (also in {', '.join(bad[1:])})" if bad[1:] else ""
                    problems.append({"row": row, "column": bad[0],
                                     "reason": "bytes that are not UTF-8 text" + also})
                    continue
                # a short record reads as empty trailing cells, as pandas reads it
                good.append(record + [""] * (width - len(record)))
                numbers.append(row)
    except csv.Error as exc:
        raise FileFormatError(f"{path}: not a readable {what}: {exc}") from None
    if problems and not reject:
        _raise_malformed(path, problems, width)
    frame = pd.DataFrame({name: pd.Series([r[i] for r in good], dtype="str")
                          for i, name in enumerate(header)})
    return frame, np.asarray(numbers, dtype=np.int64), problems


def _raise_malformed(path: Path, problems: list[dict], width: int) -> None:
    wide = [p for p in problems if p["column"] == "(row)"]
    if wide:
        raise MalformedRowError(
            str(path), None, [p["row"] for p in wide],
            f"more fields than the header's {width} (an unquoted separator inside a cell?)",
            values={p["row"]: p["reason"].split(" where")[0] for p in wide})
    columns = {p["row"]: [p["column"], *filter(None, p["reason"].partition("(also in ")[2]
                                                 .rstrip(")").split(", "))] for p in problems}
    first = problems[0]["column"]
    single = all(cols == [first] for cols in columns.values())
    raise MalformedRowError(
        str(path), first, list(columns),
        "bytes that are not UTF-8 text; save the file as UTF-8"
        + ("" if single else " (the columns of each row listed)"),
        values=None if single else {row: ", ".join(cols) for row, cols in columns.items()})


# -- spreadsheet-safe cells ----------------------------------------------------------------
#: A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
#: Cells that :func:`escape_cells` prefixes: any run of apostrophes, then a formula start.
_ESCAPED = re.compile("^'*[=+\\-@\t\r]")


def escape_cells(text: pd.Series) -> pd.Series:
    """Prefix ``'`` to every cell a spreadsheet would run as a formula (OWASP).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return that is
    not a number gets a leading apostrophe; so does one that already starts with
    apostrophes followed by such a character, so that :func:`unescape_cells` restores
    every cell exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> escape_cells(pd.Series(["=HYPERLINK(1)", "-5", "-x", "'=y", "ok"])).tolist()
    ["'=HYPERLINK(1)", '-5', "'-x", "''=y", 'ok']
    """
    text = text.astype("str")
    hit = text.str.match(_ESCAPED) & ~text.str.lstrip("'").str.match(_NUMBER)
    return text.where(~hit, "'" + text)


def unescape_cells(text: pd.Series) -> pd.Series:
    """Undo :func:`escape_cells`: drop the apostrophe it added, leave every other cell.

    Examples
    --------
    >>> import pandas as pd
    >>> unescape_cells(pd.Series(["'=HYPERLINK(1)", "'-x", "''=y", "'quoted", "-5"])).tolist()
    ['=HYPERLINK(1)', '-x', "'=y", "'quoted", '-5']
    """
    starts = text.str.startswith("'").fillna(False)
    if not starts.any():
        return text
    body = text.str.slice(1)
    hit = starts & body.str.match(_ESCAPED).fillna(False) & ~body.str.lstrip("'").str.match(_NUMBER).fillna(False)
    return text.where(~hit, body)


def escape_cell(cell: str) -> str:
    """:func:`escape_cells` for one cell."""
    hit = _ESCAPED.match(cell) and not _NUMBER.match(cell.lstrip("'"))
    return "'" + cell if hit else cell


def escape_markdown(cell: str) -> str:
    """A Markdown table cell: formula-safe, ``|`` escaped, HTML and line breaks neutralised."""
    import html

    cell = escape_cell(cell)
    return html.escape(cell, quote=False).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


__all__ = ["delimiter_hint", "escape_cell", "escape_cells", "escape_markdown", "input_file", "input_path",
           "read_csv_text", "unescape_cells"]

