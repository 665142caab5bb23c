"""Work on the distinct rows of a few columns, then broadcast back to every row.

Event tables repeat a few hundred states, kinds and places millions of times.  Rules
that read text (place names, statements, state codes) run once per distinct value and
their answers are broadcast with integer codes, so their cost does not grow with the
number of rows.  Categorical columns (Parquet dictionaries) are used through their codes
without ever expanding to strings.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

#: Largest dense key space (product of the columns' distinct counts) combined by direct
#: addressing; beyond it the combined key is hashed.
DENSE_LIMIT = 1 << 24
#: Direct addressing also needs the key space to be at most this many times the rows: a
#: count per possible key costs more than hashing when most keys never occur.
DENSE_PER_ROW = 4


#: Rows per block when a pass over millions of rows needs temporaries: blocks of 2**20
#: rows keep them in reused memory instead of fresh pages and in cache.
BLOCK_ROWS = 1 << 20


def row_blocks(n: int, size: int = BLOCK_ROWS):
    """Slices covering ``range(n)`` in blocks of ``size`` rows."""
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def small_int(n: int) -> type:
    """The narrowest signed integer type holding ``-1 .. n``.

    Every fresh array over ten million rows costs page faults; narrow codes keep them few.
    """
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _column_codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes ``0..k`` for one column and its values; a missing value is one more value."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        values = s.cat.categories.to_numpy(dtype=object)
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        values = np.asarray(uniques, dtype=object)
    if len(codes) and codes.min() < 0:
        codes = np.where(codes < 0, len(values), codes)
        values = np.append(values, np.nan)
    return codes, values


def factorize_rows(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The distinct rows of ``frame`` and, for every row, the position of its distinct row.

    Returns
    -------
    codes : ndarray of int
        ``distinct.iloc[codes[i]]`` equals ``frame.iloc[i]`` (missing values included).
    distinct : DataFrame
        Each distinct row once, with a fresh ``RangeIndex`` and the same columns.

    Examples
    --------
    >>> import pandas as pd
    >>> codes, distinct = factorize_rows(pd.DataFrame({"a": ["x", "y", "x"], "b": [1, 2, 1]}))
    >>> codes.tolist(), distinct.to_dict("list")
    ([0, 1, 0], {'a': ['x', 'y'], 'b': [1, 2]})
    """
    per_column = [_column_codes(frame[c]) for c in frame.columns]
    if not per_column:
        raise ValueError("factorize_rows needs at least one column")
    folder = _KeyFolder(per_column[0][0], len(per_column[0][1]))
    for codes, values in per_column[1:]:
        folder.add(codes, len(values))
    codes, table = folder.finish()
    # object columns: the distinct rows are few, and rules read them as Python values
    distinct = pd.DataFrame({
        name: pd.Series(values[table[:, i]] if len(values) else np.array([], dtype=object),
                        dtype=object)
        for i, (name, (_, values)) in enumerate(zip(frame.columns, per_column))})
    return codes, distinct


#: Key spaces are renumbered (compressed to the keys present) before they outgrow this.
COMPRESS_AT = 1 << 16


class _KeyFolder:
    """Folds columns of codes into one integer key, renumbering whenever it grows large.

    ``table`` lists, for each renumbered key, its code in every column folded so far;
    ``pending`` holds the sizes of columns folded since the last renumbering.
    """

    def __init__(self, codes: np.ndarray, size: int):
        self.key, self.space = codes, max(size, 1)
        self.table: np.ndarray | None = None
        self.pending: list[int] = []

    def add(self, codes: np.ndarray, size: int) -> None:
        size = max(size, 1)
        if self.space * size > COMPRESS_AT:
            self._compress()
        key = self.key.astype(small_int(self.space * size))
        key *= size
        key += codes
        self.key, self.space = key, self.space * size
        self.pending.append(size)

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        self._compress()
        return self.key, self.table

    def _compress(self) -> None:
        if self.space <= min(DENSE_LIMIT, DENSE_PER_ROW * len(self.key) + COMPRESS_AT):
            present = np.bincount(self.key, minlength=self.space) > 0
            present_keys = np.flatnonzero(present)
            if len(present_keys) < self.space:
                position = (np.cumsum(present) - 1).astype(small_int(len(present_keys)))
                self.key = position[self.key]
        else:
            self.key, present_keys = pd.factorize(self.key)
        rest, columns = np.asarray(present_keys, dtype=np.int64), []
        for size in reversed(self.pending):
            rest, own = np.divmod(rest, size)
            columns.append(own)
        base = self.table[rest] if self.table is not None else rest[:, None]
        self.table = np.column_stack([base, *reversed(columns)])
        self.space, self.pending = max(len(present_keys), 1), []


def first_rows(codes: np.ndarray, n: int) -> np.ndarray:
    """For each of ``n`` distinct values, the first row holding it (``codes`` in ``0..n-1``).

    Examples
    --------
    >>> first_rows(np.array([2, 0, 2, 1, 0]), 3).tolist()
    [1, 3, 0]
    """
    first = np.zeros(n, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # the last write, the first row, wins
    return first


def broadcast(result, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Spread per-distinct-row results to every row: text as a categorical, else numpy."""
    values = pd.Series(result)
    if values.dtype == object or isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype)):
        value_codes, uniques = pd.factorize(values, use_na_sentinel=True)
        value_codes = value_codes.astype(small_int(len(uniques)))
        return pd.Series(pd.Categorical.from_codes(value_codes[codes], categories=uniques),
                         index=index, copy=False)
    return pd.Series(values.array.take(codes), index=index, copy=False)


def by_distinct(frame: pd.DataFrame, func: Callable[[pd.DataFrame], object]) -> pd.Series:
    """Apply a column-wise function to the distinct rows of ``frame``; one value per row.

    ``func`` receives the distinct rows (a small frame) and returns one value per row of
    it.  Text answers come back as a categorical Series, others as numpy values.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"kind": ["shelling", "airstrike", "shelling"]})
    >>> by_distinct(f, lambda d: d["kind"].str.upper()).tolist()
    ['SHELLING', 'AIRSTRIKE', 'SHELLING']
    """
    if frame.shape[1] == 1 and isinstance(frame.dtypes.iloc[0], pd.CategoricalDtype):
        # one categorical column: its categories are the distinct values (unused ones too)
        codes, values = _column_codes(frame.iloc[:, 0])
        distinct = pd.DataFrame({frame.columns[0]: pd.Series(
            values if len(values) else np.array([], dtype=object), dtype=object)})
        return broadcast(func(distinct), codes, frame.index)
    codes, distinct = factorize_rows(frame)
    return broadcast(func(distinct), codes, frame.index)


def fill_missing(s: pd.Series, value) -> pd.Series:
    """``s.fillna(value)`` that also works on a categorical lacking ``value``."""
    if isinstance(s.dtype, pd.CategoricalDtype) and s.isna().any():
        if value not in s.cat.categories:
            s = s.cat.add_categories([value])
    return s.fillna(value)


def constant(value, index: pd.Index, read_only: bool = False) -> pd.Series:
    """A column holding one value, as a one-category categorical for text.

    ``read_only`` numbers are a view of the one value: only for frames no user receives.
    """
    if isinstance(value, str):
        dtype = pd.CategoricalDtype(pd.Index([value], dtype="str"))
        return pd.Series(pd.Categorical.from_codes(np.zeros(len(index), dtype=np.int8), dtype=dtype,
                                                   validate=False), index=index, copy=False)
    if read_only:
        return pd.Series(np.broadcast_to(np.asarray(value), len(index)), index=index, copy=False)
    # a real array for users: pandas writes in place into a column no other frame shares
    return pd.Series(np.full(len(index), value), index=index, copy=False)
