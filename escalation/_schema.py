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
from .errors import (
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

    ``kind`` is one of ``text``, ``id`` (text, or integers kept as integers),
    ``date``, ``bool``, ``number`` (non-negative), ``signed`` (any finite number, e.g. a
    coordinate), ``int``, ``state``, ``choice``.  ``default`` fills an absent optional column: a constant, or a callable
    taking the partly conformed frame.
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
    """ISO 3166-1 alpha-3 codes shipped in ``escalation/tables/states.csv``."""
    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    return frozenset(row["iso3"] for row in csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Short English names of the ISO 3166-1 alpha-3 codes in ``tables/states.csv``."""
    text = resources.files("escalation").joinpath("tables/states.csv").read_text("utf-8")
    return {row["iso3"]: row["name"] for row in csv.DictReader(text.splitlines())}


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV (as text, so validation sees what the user wrote) or a Parquet file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        from .errors import require

        require("pyarrow", feature="Reading Parquet", extra="parquet")
        return read_parquet_categorical(path)
    if suffix in {".csv", ".txt", ""}:
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise FileFormatError(f"{path}: not a readable CSV file: {exc}") from None
    raise FileFormatError(f"{path}: expected a .csv or .parquet file, got '{suffix}'")


#: Columns read as plain text even from Parquet: identifiers are unique, so a
#: dictionary would be as long as the column.
PLAIN_TEXT_COLUMNS = frozenset({"event_id", "claim_id"})


def read_parquet_categorical(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read Parquet with text columns as categoricals (their dictionaries), not strings.

    Validation and coding then look at each distinct value once, so loading ten million
    events costs about what reading the file costs.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    text = [f.name for f in schema if (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
            and f.name not in PLAIN_TEXT_COLUMNS and (columns is None or f.name in columns)]
    try:
        table = pq.read_table(path, columns=columns, read_dictionary=text)
    except (pa.ArrowInvalid, OSError) as exc:
        raise FileFormatError(f"{path}: not a readable Parquet file: {exc}") from None
    # column by column, releasing Arrow's copy as it goes: numeric columns need no copy
    return table.to_pandas(split_blocks=True, self_destruct=True)


def _rows(mask: Iterable[bool] | np.ndarray) -> list[int]:
    return [int(i) + 1 for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


def _as_text(s: pd.Series) -> pd.Series:
    if isinstance(s.dtype, pd.StringDtype):
        return s.fillna("").str.strip()
    out = s.astype("object").where(s.notna(), "")
    return out.map(lambda v: v if isinstance(v, str) else str(v)).astype("str").str.strip()


def conform(raw: pd.DataFrame, columns: list[Column], source: str) -> pd.DataFrame:
    """Return ``raw`` in canonical columns and dtypes, or raise naming file/row/column."""
    raw = raw.reset_index(drop=True)
    missing = [c.name for c in columns if c.required and c.name not in raw.columns]
    if missing:
        raise MissingColumnError(
            source, missing[0], [],
            f"required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} not found "
            f"(columns present: {', '.join(map(str, raw.columns)) or 'none'})",
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
                out[col.name] = constant(value, raw.index)
    extra = [c for c in raw.columns if c not in out.columns]
    for name in extra:  # users' own columns travel along untouched
        out[name] = raw[name]
    return out


def _convert(s: pd.Series, col: Column, source: str) -> pd.Series:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _convert_categorical(s, col, source)
    if col.kind == "id" and pd.api.types.is_integer_dtype(s.dtype):
        if s.isna().any():
            raise DataValidationError(source, col.name, _rows(s.isna()), "value missing")
        return s.astype("int64")
    if col.kind == "bool" and pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
        return s.astype(bool)
    if col.kind == "date":
        return parse_dates(s, col.name, source, allow_empty=col.allow_empty)
    if col.kind == "bool":
        text = _as_text(s).str.lower()
        bad = ~text.isin(TRUE_WORDS | FALSE_WORDS)
        if bad.any():
            raise DataValidationError(source, col.name, _rows(bad),
                                      f"expected True or False, got {text[bad].iloc[0]!r}")
        return text.isin(TRUE_WORDS)
    if col.kind in {"number", "int", "signed"}:
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            num = s.astype("float64")
            text = pd.Series(np.where(num.isna(), "", "0"), index=s.index)
        else:
            text = _as_text(s)
            num = pd.to_numeric(text.replace({"": np.nan}), errors="coerce")
        bad = num.isna() & (text != "")
        if bad.any():
            raise NumberError(source, col.name, _rows(bad),
                              f"not a number: {text[bad].iloc[0]!r}")
        infinite = np.isinf(num)
        if infinite.any():
            raise NumberError(source, col.name, _rows(infinite),
                              f"not a finite number: {num[infinite].iloc[0]!r}")
        neg = (num < 0) & (col.kind != "signed")
        if neg.any():
            raise NumberError(source, col.name, _rows(neg),
                              f"negative value {num[neg].iloc[0]:g}")
        if not col.allow_empty and num.isna().any():
            raise NumberError(source, col.name, _rows(num.isna()), "value missing")
        if col.kind == "int":
            frac = num.notna() & (num % 1 != 0)
            if frac.any():
                raise NumberError(source, col.name, _rows(frac), "expected a whole number")
            return num.astype("Int64")
        return num.astype("float64")
    text = _as_text(s)
    if not col.allow_empty and (text == "").any():
        raise DataValidationError(source, col.name, _rows(text == ""), "value missing")
    if col.kind == "state":
        bad = (text != "") & ~text.isin(known_states())
        if bad.any():
            raise UnknownCodeError(source, col.name, _rows(bad),
                                   f"{text[bad].iloc[0]!r} is not an ISO 3166 alpha-3 state code")
        return text.replace({"": np.nan}).astype("str")
    if col.kind == "choice":
        bad = ~text.isin(col.choices) & ~((text == "") & col.allow_empty)
        if bad.any():
            raise UnknownCodeError(source, col.name, _rows(bad),
                                   f"{text[bad].iloc[0]!r} is not one of {', '.join(col.choices)}")
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
            raise type(exc)(exc.source, exc.column, _rows(bad), exc.detail) from None
    converted = converted.reset_index(drop=True)
    if (converted.dtype == object or isinstance(converted.dtype, pd.StringDtype)) \
            and converted.notna().all() and converted.is_unique:
        # text that stays one-to-one with the categories: keep the codes, rename
        return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(converted)),
                         index=s.index, copy=False)
    return broadcast(converted, codes, s.index)


DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def parse_dates(s: pd.Series, column: str, source: str, *, allow_empty: bool = False) -> pd.Series:
    """ISO dates (``YYYY-MM-DD``; ``YYYY-MM`` counts as the month's first day)."""
    if pd.api.types.is_datetime64_any_dtype(s):
        # typed dates (Parquet) keep their unit: converting ten million of them costs more
        # than checking them
        out = s if s.dtype.kind == "M" else pd.to_datetime(s)
        if out.isna().any() and not allow_empty:
            raise DateError(source, column, _rows(out.isna()), "date missing")
        return out
    text = _as_text(s)
    shaped = text.str.match(DATE_RE) | ((text == "") & allow_empty)
    parsed = pd.to_datetime(text.where(text.str.len() != 7, text + "-01"),
                            format="%Y-%m-%d", errors="coerce")
    bad = ~shaped | (parsed.isna() & (text != ""))
    if bad.any():
        raise DateError(source, column, _rows(bad),
                        f"{text[bad].iloc[0]!r} is not a date in YYYY-MM-DD form")
    if not allow_empty and (text == "").any():
        raise DateError(source, column, _rows(text == ""), "date missing")
    return parsed.astype("datetime64[ns]")


def check_unique(s: pd.Series, column: str, source: str) -> None:
    values = s.to_numpy()
    if pd.api.types.is_integer_dtype(s.dtype) and (values[1:] > values[:-1]).all():
        return  # strictly increasing integers: unique without hashing
    dup = s.duplicated(keep=False) & (s != "")
    if dup.any():
        raise DuplicateIdError(source, column, _rows(dup),
                               f"{s[dup].iloc[0]!r} appears {int((s == s[dup].iloc[0]).sum())} times")


def fail_rows(error: type[DataValidationError], source: str, column: str,
              mask: pd.Series, detail: Callable[[pd.Series], str]) -> None:
    """Raise ``error`` for the rows where ``mask`` is true, if any."""
    mask = mask.fillna(False).astype(bool)
    if mask.any():
        raise error(source, column, _rows(mask), detail(mask))
