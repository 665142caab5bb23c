"""Place names as they are matched: folded case and accents, punctuation as spaces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd


def fold(text: str) -> str:
    """Lower case without accents (``"Chișinău"`` -> ``"chisinau"``), one space between words.

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

    Examples
    --------
    >>> key("Washington, D.C."), key("Sana'a")
    ('washington d c', 'sanaa')
    """
    text = fold(text).replace("'", "")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def keys(texts: pd.Series) -> pd.Series:
    """:func:`key` of each text (missing -> empty)."""
    return texts.fillna("").astype("str").map(key)


def any_of(names) -> re.Pattern | None:
    """A pattern finding any of ``names`` as whole words in a :func:`key`-ed text."""
    parts = sorted({key(n) for n in names if n and key(n)}, key=len, reverse=True)
    if not parts:
        return None
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in parts) + r")(?![0-9a-z])")
