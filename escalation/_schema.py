"""Column specifications and the checks shared by the event and claim tables.

A table is described by a list of :class:`Column` specs.  :func:`conform` reads a raw
frame (all text, as read from CSV, or typed, as read from Parquet) into the canonical
dtypes, fills documented defaults for optional columns, and raises a
:class:`~escalation.errors.DataValidationError` subclass naming file, rows and column for
the first problem it finds.  Row numbers are 1-based data rows (the header is not counted).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ._distinct import broadcast, constant
from ._io import TAB_SUFFIXES, delimiter_hint, input_file, read_csv_text, unescape_cells
from .errors import (
    SHOWN_ROWS,
    DataValidationError,
    DateError,
    DuplicateIdError,
    FileFormatError,
    MissingColumnError,
    NumberError,
    UnknownCodeError,
)

TRUE_WORDS = {"true", "1", "yes", "t", "y"}
FALSE_WORDS = {"false", "0", "no", "f", "n", ""}
ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Column:
    """One column of a canonical table.

    Attributes
    ----------
    name : str
        The column's name.
    kind : str
        ``text``, ``id`` (text, or integers kept as integers), ``date``, ``bool``,
        ``number`` (non-negative), ``signed`` (any finite number, e.g. a coordinate),
        ``int``, ``state`` (ISO3) or ``choice``.
    required : bool
        The column must be present.
    default : object
        Fills an absent optional column: a constant, or a callable taking the partly
        conformed frame.
    choices : tuple of str
        The allowed values of a ``choice`` column.
    allow_empty : bool
        Whether a cell may be empty.
    doc : str
        One line for the codebook.

    Examples
    --------
    >>> from escalation.events import EVENT_COLUMNS
    >>> col = next(c for c in EVENT_COLUMNS if c.name == "date_precision")
    >>> col.kind, col.default, col.choices
    ('choice', 'day', ('day', 'week', 'month', 'period'))
    """

    name: str
    kind: str = "text"
    required: bool = False
    default: object = ""
    choices: tuple[str, ...] = ()
    allow_empty: bool = True
    doc: str = ""


@lru_cache(maxsize=1)
def known_states() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes shipped in ``escalation/tables/states.csv``.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> {"AFG", "PAK", "THA", "KHM"} <= known_states(), "XYZ" in known_states()
    (True, False)
    """
    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    return frozenset(row["iso3"] for row in csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Short English names of the ISO 3166-1 alpha-3 codes in ``tables/states.csv``.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> state_names()["KHM"]
    'Cambodia'
    """
    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    return {row["iso3"]: row["name"] for row in csv.DictReader(text.splitlines())}


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or TSV (as text, so validation sees what the user wrote) or a Parquet file.

    Text cells the package escaped for spreadsheets (see
    :func:`escalation._io.escape_cells`) are read back as they were.  Problems with the
    file itself (missing, a folder, empty, not UTF-8, rows with more fields than the
    header, not Parquet) raise one package error naming the file and the rows.

    Parameters
    ----------
    path : str or Path
        ``.csv``, ``.txt``, ``.tsv`` (or another tab suffix), ``.parquet`` or ``.pq``.

    Returns
    -------
    DataFrame
        Text columns as written (CSV/TSV), or Parquet's typed columns with text as
        categoricals.
    """
    path = input_file(path)
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        from .errors import require

        require("pyarrow", feature="Reading Parquet", extra="parquet")
        return read_parquet_categorical(path)
    if suffix in {".csv", ".txt", ""} or suffix in TAB_SUFFIXES:
        frame, _, _ = read_csv_text(path)
        for name in frame.columns:
            frame[name] = unescape_cells(frame[name])
        frame.columns = unescape_cells(pd.Series(frame.columns, dtype="str")).tolist()
        return frame
    raise FileFormatError(f"{path}: expected a .csv, .tsv or .parquet file, got '{suffix}'")


#: Columns read as plain text even from Parquet: identifiers are unique, so a
#: dictionary would be as long as the column.
PLAIN_TEXT_COLUMNS = frozenset({"event_id", "claim_id"})


def is_text_type(arrow_type) -> bool:
    """Arrow string types (plain, large, view).

    Parameters
    ----------
    arrow_type : pyarrow.DataType

    Returns
    -------
    bool
    """
    import pyarrow as pa

    return (pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
            or pa.types.is_string_view(arrow_type))


def check_flat_schema(schema, source: str) -> None:
    """Refuse Parquet columns that are not flat values (lists, structs, maps, binary, ...).

    Text, numbers, booleans, dates and timestamps are read; a nested column would
    otherwise reach validation as the text of a Python list.

    Parameters
    ----------
    schema : pyarrow.Schema
        A file's schema.
    source : str
        The file, for the message.

    Raises
    ------
    FileFormatError
        Naming the file and the first nested column.
    """
    import pyarrow as pa

    for field_ in schema:
        t = field_.type
        if pa.types.is_dictionary(t):
            t = t.value_type
        flat = (is_text_type(t) or pa.types.is_integer(t) or pa.types.is_floating(t)
                or pa.types.is_boolean(t) or pa.types.is_timestamp(t) or pa.types.is_date(t)
                or pa.types.is_null(t) or pa.types.is_decimal(t))
        if not flat:
            raise FileFormatError(
                f"{source}, column '{field_.name}': holds {t} values; event and claim tables "
                "take flat columns (text, numbers, booleans, dates)")


def read_parquet_categorical(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read Parquet with text columns as categoricals (their dictionaries), not strings.

    Validation and coding then look at each distinct value once, so loading ten million
    events costs about what reading the file costs.

    Parameters
    ----------
    path : str or Path
        A Parquet file.
    columns : list of str, optional
        Only these columns.

    Returns
    -------
    DataFrame
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        check_flat_schema(schema, str(path))
        text = [f.name for f in schema if is_text_type(f.type)
                and f.name not in PLAIN_TEXT_COLUMNS and (columns is None or f.name in columns)]
        table = pq.read_table(path, columns=columns, read_dictionary=text)
        # column by column, releasing Arrow's copy as it goes: numeric columns need no copy
        return table.to_pandas(split_blocks=True, self_destruct=True)
    except (pa.ArrowException, OSError) as exc:
        raise FileFormatError(f"{path}: not a readable Parquet file: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _rows(mask: Iterable[bool] | np.ndarray) -> list[int]:
    return [int(i) + 1 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


def _values(values: pd.Series, mask) -> dict[int, object]:
    """The offending values of the first rows an error message lists, by data row."""
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))[:SHOWN_ROWS]
    return {int(i) + 1: _plain(values.iloc[i]) for i in positions}


def _plain(value: object) -> object:
    """A cell as a message shows it: dates as ISO text, numpy scalars as Python ones."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return value.item() if isinstance(value, np.generic) else value


def _fail(error: type[DataValidationError], source: str, column: str, mask, detail: str,
          values: pd.Series | None = None) -> None:
    """Raise ``error`` for the rows where ``mask`` holds, with their values, if any."""
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        raise error(source, column, _rows(mask), detail,
                    _values(values, mask) if values is not None else None)


class _NumbersAsText:
    """A numeric column seen as text by :func:`_values`, one listed row at a time.

    Writing ten million floats as text to have them at hand for an error message that
    lists at most ten cost more than reading the column.
    """

    def __init__(self, numbers: pd.Series):
        self.numbers = numbers

    @property
    def iloc(self):
        return self

    def __getitem__(self, position: int) -> str:
        return str(self.numbers.iloc[position])


def _as_text(s: pd.Series) -> pd.Series:
    if isinstance(s.dtype, pd.StringDtype):
        return s.fillna("").str.strip()
    out = s.astype("object").where(s.notna(), "")
    return out.map(lambda v: v if isinstance(v, str) else str(v)).astype("str").str.strip()


def conform(raw: pd.DataFrame, columns: list[Column], source: str, *,
            read_only_defaults: bool = False) -> pd.DataFrame:
    """Return ``raw`` in canonical columns and dtypes, or raise naming file/row/column.

    Parameters
    ----------
    raw : DataFrame
        The table as read.
    columns : list of Column
        The canonical columns (``EVENT_COLUMNS``, the claims table's).
    source : str
        The file, for messages.
    read_only_defaults : bool
        Fill absent columns holding one value with read-only views of it (no memory per
        row): only for frames no user receives, such as a streamed batch.

    Returns
    -------
    DataFrame
        Canonical columns first, in order, then any extra columns as they were.
    """
    raw = raw.reset_index(drop=True)
    missing = [c.name for c in columns if c.required and c.name not in raw.columns]
    if missing:
        raise MissingColumnError(
            source, missing[0], [],
            f"required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} not found "
            f"(columns present: {', '.join(map(str, raw.columns)) or 'none'})"
            + delimiter_hint(raw.columns),
        )
    out = pd.DataFrame(index=raw.index)
    for col in columns:
        if col.name in raw.columns:
            out[col.name] = _convert(raw[col.name], col, source)
        else:
            default = col.default(out) if callable(col.default) else col.default
            if isinstance(default, pd.Series):
                out[col.name] = _convert(default, col, source)
            else:  # a constant: convert the one value, then repeat it
                value = _convert(pd.Series([default], dtype=object), col, source).iloc[0]
                out[col.name] = constant(value, raw.index, read_only=read_only_defaults)
    extra = [c for c in raw.columns if c not in out.columns]
    for name in extra:  # users' own columns travel along untouched
        out[name] = raw[name]
    return out


#: Whole numbers beyond this lose their last digits as floats: refused, not rounded.
LARGEST_WHOLE = 2 ** 53


def _convert(s: pd.Series, col: Column, source: str) -> pd.Series:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _convert_categorical(s, col, source)
    if col.kind == "id" and pd.api.types.is_integer_dtype(s.dtype):
        _fail(DataValidationError, source, col.name, s.isna(), "value missing")
        return s.astype("int64")
    if col.kind == "bool" and pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
        return s.astype(bool)
    if col.kind == "date":
        return parse_dates(s, col.name, source, allow_empty=col.allow_empty)
    if col.kind == "bool":
        text = _as_text(s).str.lower()
        _fail(DataValidationError, source, col.name, ~text.isin(TRUE_WORDS | FALSE_WORDS),
              "expected True or False", text)
        return text.isin(TRUE_WORDS)
    if col.kind in {"number", "int", "signed"}:
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            num = s.astype("float64")
            text = _NumbersAsText(num)  # only the rows a message lists become text
        else:
            text = _as_text(s)
            num = pd.to_numeric(text.replace({"": np.nan}), errors="coerce").astype("float64")
            # written but not a number (a typed numeric column holds only numbers or NaN)
            _fail(NumberError, source, col.name, num.isna() & (text != ""), "not a number", text)
        _fail(NumberError, source, col.name, np.isinf(num), "not a finite number", text)
        if col.kind != "signed":
            _fail(NumberError, source, col.name, num < 0, "negative value", text)
        if not col.allow_empty:
            _fail(NumberError, source, col.name, num.isna(), "value missing")
        if col.kind == "int":
            _fail(NumberError, source, col.name, num.notna() & (num % 1 != 0),
                  "expected a whole number", text)
            _fail(NumberError, source, col.name, num.abs() > LARGEST_WHOLE,
                  "a whole number this large (beyond 2**53) cannot be held exactly", text)
            return num.astype("Int64")
        return num
    text = _as_text(s)
    if not col.allow_empty:
        _fail(DataValidationError, source, col.name, text == "", "value missing")
    if col.kind == "state":
        _fail(UnknownCodeError, source, col.name, (text != "") & ~text.isin(known_states()),
              "not an ISO 3166 alpha-3 state code", text)
        return text.replace({"": np.nan}).astype("str")
    if col.kind == "choice":
        _fail(UnknownCodeError, source, col.name,
              ~text.isin(col.choices) & ~((text == "") & col.allow_empty),
              f"not one of {', '.join(col.choices)}", text)
    return text


def _convert_categorical(s: pd.Series, col: Column, source: str) -> pd.Series:
    """Convert and check each category once; rows keep their codes (Parquet dictionaries)."""
    codes = s.cat.codes.to_numpy()
    values = s.cat.categories.to_numpy(dtype=object)
    if len(codes) and codes.min() < 0:  # missing values: one more value, None
        codes = np.where(codes < 0, len(values), codes)
        values = np.append(values, None)
    try:
        converted = _convert(pd.Series(values, dtype=object), col, source)
    except DataValidationError:
        # an unused category may be the culprit: convert only the values rows hold
        used = np.flatnonzero(np.bincount(codes, minlength=len(values)))
        position = np.zeros(len(values), dtype=codes.dtype)
        position[used] = np.arange(len(used))
        codes, values = position[codes], values[used]
        try:
            converted = _convert(pd.Series(values, dtype=object), col, source)
        except DataValidationError as exc:
            bad = np.isin(codes, np.asarray(exc.rows, dtype=np.int64) - 1)
            rows = _rows(bad)
            values = {r: exc.values[codes[r - 1] + 1] for r in rows[:SHOWN_ROWS]
                      if codes[r - 1] + 1 in exc.values}
            raise type(exc)(exc.source, exc.column, rows, exc.detail, values) from None
    converted = converted.reset_index(drop=True)
    if (converted.dtype == object or isinstance(converted.dtype, pd.StringDtype)) \
            and converted.notna().all() and converted.is_unique:
        # text that stays one-to-one with the categories: keep the codes, rename
        return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(converted)),
                         index=s.index, copy=False)
    return broadcast(converted, codes, s.index)


DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
#: The days a ``datetime64[ns]`` column holds whole (pandas' nanosecond range).
FIRST_DAY, LAST_DAY = pd.Timestamp("1677-09-22"), pd.Timestamp("2262-04-11")


def parse_dates(s: pd.Series, column: str, source: str, *, allow_empty: bool = False) -> pd.Series:
    """ISO dates (``YYYY-MM-DD``; ``YYYY-MM`` counts as the month's first day).

    Dates must lie between 1677-09-22 and 2262-04-11 (the range of pandas' nanosecond
    timestamps).  Typed timestamps (Parquet) keep their unit; time-zone-aware ones are
    read as the wall-clock time in their own zone (a UTC timestamp gives its UTC date).

    Parameters
    ----------
    s : Series
        Text or typed dates.
    column, source : str
        For messages.
    allow_empty : bool
        Empty cells become NaT instead of an error.

    Returns
    -------
    Series of datetime64

    Examples
    --------
    >>> import pandas as pd
    >>> parse_dates(pd.Series(["2026-02-27", "2026-03"]), "date_start", "x.csv").dt.strftime("%Y-%m-%d").tolist()
    ['2026-02-27', '2026-03-01']
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        # typed dates (Parquet) keep their unit: converting ten million of them costs more
        # than checking them
        out = s.dt.tz_localize(None) if isinstance(s.dtype, pd.DatetimeTZDtype) else s
        if not allow_empty:
            _fail(DateError, source, column, out.isna(), "date missing")
        if len(out) and (out.min() < FIRST_DAY or out.max() > LAST_DAY + pd.Timedelta(days=1)):
            _fail(DateError, source, column, (out < FIRST_DAY) | (out >= LAST_DAY + pd.Timedelta(days=1)),
                  _OUT_OF_RANGE, out.astype("str"))
        return out
    text = _as_text(s)
    shaped = text.str.match(DATE_RE) | ((text == "") & allow_empty)
    parsed = pd.to_datetime(text.where(text.str.len() != 7, text + "-01"),
                            format="%Y-%m-%d", errors="coerce")
    _fail(DateError, source, column, ~shaped | (parsed.isna() & (text != "")),
          "not a date in YYYY-MM-DD form", text)
    if not allow_empty:
        _fail(DateError, source, column, text == "", "date missing")
    _fail(DateError, source, column, (parsed < FIRST_DAY) | (parsed > LAST_DAY), _OUT_OF_RANGE, text)
    return parsed.astype("datetime64[ns]")


_OUT_OF_RANGE = f"outside the dates this package holds ({FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d})"


def check_unique(s: pd.Series, column: str, source: str) -> None:
    """Raise :class:`~escalation.errors.DuplicateIdError` when an identifier repeats.

    Parameters
    ----------
    s : Series
        The identifiers (empty ones are not compared).
    column, source : str
        For the message.
    """
    values = s.to_numpy()
    if pd.api.types.is_integer_dtype(s.dtype) and (values[1:] > values[:-1]).all():
        return  # strictly increasing integers: unique without hashing
    dup = s.duplicated(keep=False) & (s != "")
    if dup.any():
        first = s[dup].iloc[0]
        raise DuplicateIdError(source, column, _rows(dup),
                               f"{first!r} appears {int((s == first).sum())} times"
                               + (f" ({int(s[dup].nunique())} ids repeated)" if s[dup].nunique() > 1 else ""),
                               _values(s, dup))


def fail_rows(error: type[DataValidationError], source: str, column: str,
              mask: pd.Series, detail: Callable[[pd.Series], str],
              values: pd.Series | None = None) -> None:
    """Raise ``error`` for the rows where ``mask`` is true, if any (with their ``values``).

    Parameters
    ----------
    error : type
        A :class:`~escalation.errors.DataValidationError` subclass.
    source, column : str
        For the message.
    mask : Series of bool
        The failing rows (missing counts as passing).
    detail : callable
        Takes ``mask``, returns the message's detail.
    values : Series, optional
        The offending values, quoted for the first rows.
    """
    mask = mask.fillna(False).astype(bool)
    if mask.any():
        raise error(source, column, _rows(mask), detail(mask),
                    _values(values, mask) if values is not None else None)
