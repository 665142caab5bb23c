"""Place names as they are matched: folded case and accents, punctuation as spaces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd


def fold(text: str) -> str:
    """Lower case without accents (``"Chișinău"`` -> ``"chisinau"``), one space between words.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> fold("  Spīn  Bōldak ")
    'spin boldak'
    """
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("`", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """The matching key: folded, every run of punctuation a single space.

    ``"Washington, D.C."`` and ``"Washington D. C."`` share a key, so do ``"Nur-Sultan"``
    and ``"Nur Sultan"``; apostrophes vanish (``"Sana'a"`` -> ``"sanaa"``).

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> key("Washington, D.C."), key("Sana'a")
    ('washington d c', 'sanaa')
    """
    text = fold(text).replace("'", "")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def keys(texts: pd.Series) -> pd.Series:
    """:func:`key` of each text (missing -> empty).

    Parameters
    ----------
    texts : Series

    Returns
    -------
    Series of str
        Same index.

    Examples
    --------
    >>> import pandas as pd
    >>> keys(pd.Series(["Nur-Sultan", None])).tolist()
    ['nur sultan', '']
    """
    return texts.fillna("").astype("str").map(key)


def any_of(names) -> re.Pattern | None:
    """A pattern finding any of ``names`` as whole words in a :func:`key`-ed text.

    Parameters
    ----------
    names : iterable of str
        Names as written; empty ones are ignored.  Longer names are tried first.

    Returns
    -------
    re.Pattern or None
        None when no name is left.

    Examples
    --------
    >>> pattern = any_of(["Spin Boldak", "Chaman"])
    >>> bool(pattern.search(key("near Spin-Boldak crossing"))), bool(pattern.search(key("Chamanabad")))
    (True, False)
    """
    parts = sorted({key(n) for n in names if n and key(n)}, key=len, reverse=True)
    if not parts:
        return None
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in parts) + r")(?![0-9a-z])")
