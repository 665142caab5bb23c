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


def _column_codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes ``0..k`` for one column and its values; a missing value is one more value."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        values = s.cat.categories.to_numpy(dtype=object)
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        values = np.asarray(uniques, dtype=object)
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(values), codes)
        values = np.append(values, np.nan)
    return codes.astype(np.int64, copy=False), values


def factorize_rows(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The distinct rows of ``frame`` and, for every row, the position of its distinct row.

    Returns
    -------
    codes : ndarray of int64
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
    sizes = [max(len(values), 1) for _, values in per_column]
    key = per_column[0][0]
    for (codes, _), size in zip(per_column[1:], sizes[1:]):
        key = key * size + codes
    space = int(np.prod(sizes, dtype=np.float64))
    if space <= DENSE_LIMIT:
        present = np.zeros(space, dtype=bool)
        present[key] = True
        distinct_keys = np.flatnonzero(present)
        position = np.empty(space, dtype=np.int64)
        position[distinct_keys] = np.arange(len(distinct_keys))
        codes = position[key]
    else:
        codes, distinct_keys = pd.factorize(key)
    columns = {}
    rest = np.asarray(distinct_keys, dtype=np.int64)
    for name, (_, values), size in reversed(list(zip(frame.columns, per_column, sizes))):
        rest, own = np.divmod(rest, size)
        columns[name] = pd.Series(values[own] if len(values) else np.array([], dtype=object))
    distinct = pd.DataFrame({name: columns[name] for name in frame.columns})
    return codes, distinct


def broadcast(result, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Spread per-distinct-row results to every row: text as a categorical, else numpy."""
    values = pd.Series(result)
    if values.dtype == object or isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype)):
        value_codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return pd.Series(pd.Categorical.from_codes(value_codes[codes], categories=uniques),
                         index=index)
    return pd.Series(values.array.take(codes), index=index)


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
    codes, distinct = factorize_rows(frame)
    return broadcast(func(distinct), codes, frame.index)


def fill_missing(s: pd.Series, value) -> pd.Series:
    """``s.fillna(value)`` that also works on a categorical lacking ``value``."""
    if isinstance(s.dtype, pd.CategoricalDtype) and s.isna().any():
        if value not in s.cat.categories:
            s = s.cat.add_categories([value])
    return s.fillna(value)


def constant(value, index: pd.Index) -> pd.Series:
    """A column holding one value, as a one-category categorical for text."""
    if isinstance(value, str):
        return pd.Series(pd.Categorical.from_codes(np.zeros(len(index), dtype=np.int8), [value]),
                         index=index)
    return pd.Series(np.full(len(index), value), index=index)
