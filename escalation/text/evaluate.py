"""Scoring extracted claims against hand-coded ones.

The matching rule, used for the bundled data and for the article fixtures alike:

1. An extracted row and a hand-coded row *match* when their character spans overlap
   (both index the same text).  Among overlapping pairs, pairs with the same outcome come
   first, then the same stated number, then the same subject category, then the longer
   overlap; each row is matched at
   most once (greedy, in that order).
2. Each field is then compared on matched pairs: ``claimant_side``, ``subject_state``,
   ``subject_category``, ``outcome`` and ``interval`` (``low`` and ``high`` equal under
   the default convention).
3. For a field, *precision* is the share of extracted rows that give the field a value
   and are matched with a hand-coded row holding the same value (an unmatched extracted
   row counts as wrong); *recall* is the share of hand-coded rows with a value whose
   matched row gives the same value; F1 is their harmonic mean.  An empty side
   (unattributed) is a value only in the exact-match count below.
4. *Exact match* of a whole claim: matched, and all five fields equal (an empty side on
   both counts as equal).  Reported over the hand-coded rows (recall) and over the
   extracted rows (precision).

A fixture's side ``NSA:<group>`` is scored as side ``NSA``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..claims.intervals import interval_for

FIELDS = ("claimant_side", "subject_state", "subject_category", "outcome", "interval")


def gold_intervals(gold: pd.DataFrame) -> pd.DataFrame:
    """Add ``low``/``high`` to hand-coded rows from their qualifier and numbers (NaN where
    the qualifier is not one this version knows).

    Parameters
    ----------
    gold : DataFrame
        Hand-coded claims with ``qualifier``, ``number`` and ``number_to`` (text or
        numbers; empty where not stated).

    Returns
    -------
    DataFrame
        A copy with ``low`` and ``high`` under the default convention.

    Examples
    --------
    >>> import pandas as pd
    >>> gold_intervals(pd.DataFrame({"qualifier": ["about", "roughly"], "number": ["274", "5"],
    ...                              "number_to": ["", ""]}))[["low", "high"]].values.tolist()
    [[246.0, 302.0], [nan, nan]]
    """
    out = gold.copy()
    lows, highs = [], []
    for q, n, m in zip(out["qualifier"], out["number"], out["number_to"]):
        n = _num(n)
        m = _num(m)
        try:
            iv = interval_for(str(q).strip(), None if math.isnan(n) else n,
                              None if math.isnan(m) else m)
            lows.append(iv.low)
            highs.append(iv.high)
        except ValueError:
            lows.append(math.nan)
            highs.append(math.nan)
    out["low"] = lows
    out["high"] = highs
    return out


def _num(x) -> float:
    try:
        return float(x) if str(x).strip() not in ("", "nan", "None") else math.nan
    except ValueError:
        return math.nan


def normalise_side(side: str) -> str:
    """A side as scored: stripped, empty for missing, ``NSA:<group>`` as ``NSA``.

    Parameters
    ----------
    side : str or None

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_side(" NSA:TTP"), normalise_side(None), normalise_side("PAK")
    ('NSA', '', 'PAK')
    """
    side = "" if side is None or (isinstance(side, float) and math.isnan(side)) else str(side).strip()
    return "NSA" if side.startswith("NSA") else side


def align(extracted: pd.DataFrame, gold: pd.DataFrame, *, key: str | None = None) -> list[tuple[int, int]]:
    """Matched ``(extracted_index, gold_index)`` pairs under the rule above.

    Parameters
    ----------
    extracted : DataFrame
        Rows of :func:`escalation.extract_claims` (``char_start``, ``char_end``,
        ``outcome``, ``number``, ``subject_category``).
    gold : DataFrame
        Hand-coded rows with the same columns, on the same text.
    key : str, optional
        A column (e.g. the article) that both rows of a pair must share.

    Returns
    -------
    list of tuple
        ``(extracted_index, gold_index)``; each row in at most one pair.

    Examples
    --------
    >>> import pandas as pd
    >>> extracted = pd.DataFrame({"char_start": [25, 53], "char_end": [48, 63], "outcome": ["killed", "wounded"],
    ...                           "number": [12.0, 27.0], "subject_category": ["military", "military"]})
    >>> align(extracted, extracted.iloc[:1].assign(char_start=20))  # spans overlap, same outcome
    [(0, 0)]
    """
    cands = []
    by_key: dict = {}
    for ei, e in zip(extracted.index, extracted.to_dict("records")):
        by_key.setdefault(e[key] if key is not None else None, []).append((ei, e))
    for gi, g in zip(gold.index, gold.to_dict("records")):
        for ei, e in by_key.get(g[key] if key is not None else None, []):
            overlap = min(int(e["char_end"]), int(g["char_end"])) - max(int(e["char_start"]),
                                                                          int(g["char_start"]))
            if overlap <= 0:
                continue
            same_outcome = str(e["outcome"]) == str(g["outcome"]).strip()
            same_number = _num(e["number"]) == _num(g["number"])
            same_category = str(e["subject_category"]) == str(g["subject_category"]).strip()
            cands.append((not same_outcome, not same_number, not same_category, -overlap, ei, gi))
    cands.sort(key=lambda c: (*c[:4], str(c[4]), str(c[5])))
    used_e, used_g, pairs = set(), set(), []
    for *_, ei, gi in cands:
        if ei in used_e or gi in used_g:
            continue
        used_e.add(ei)
        used_g.add(gi)
        pairs.append((ei, gi))
    return pairs


def _value(row, field: str):
    if field == "interval":
        low, high = _num(row["low"]), _num(row["high"])
        return None if math.isnan(low) or math.isnan(high) else (low, high)
    v = row[field]
    v = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip()
    if field == "claimant_side":
        v = normalise_side(v)
    return v or None


@dataclass(frozen=True)
class Scores:
    """Per-field precision/recall/F1 and whole-claim exact match (see :func:`score`).

    Attributes
    ----------
    fields : DataFrame
        One row per field (``claimant_side``, ``subject_state``, ``subject_category``,
        ``outcome``, ``interval``): ``correct``, ``predicted``, ``gold``,
        ``precision``, ``recall``, ``f1``.
    matched, extracted, gold, exact : int
        Matched pairs, extracted rows, hand-coded rows, and matched pairs equal on
        every field.

    Examples
    --------
    >>> import pandas as pd
    >>> s = Scores(pd.DataFrame(), matched=1, extracted=2, gold=1, exact=1)
    >>> s.claim_precision, s.claim_recall, s.exact_recall
    (0.5, 1.0, 1.0)
    """

    fields: pd.DataFrame
    matched: int
    extracted: int
    gold: int
    exact: int

    @property
    def claim_precision(self) -> float:
        """Share of extracted rows matched with a hand-coded one."""
        return self.matched / self.extracted if self.extracted else math.nan

    @property
    def claim_recall(self) -> float:
        """Share of hand-coded rows found."""
        return self.matched / self.gold if self.gold else math.nan

    @property
    def exact_recall(self) -> float:
        """Share of hand-coded rows found with every field right."""
        return self.exact / self.gold if self.gold else math.nan

    @property
    def exact_precision(self) -> float:
        """Share of extracted rows matched with every field right."""
        return self.exact / self.extracted if self.extracted else math.nan


def score(extracted: pd.DataFrame, gold: pd.DataFrame, pairs: list[tuple[int, int]]) -> Scores:
    """Scores of ``extracted`` against ``gold`` given matched ``pairs`` (see :func:`align`).

    Parameters
    ----------
    extracted, gold : DataFrame
        As for :func:`align`, with ``claimant_side``, ``subject_state``,
        ``subject_category``, ``outcome``, ``low`` and ``high``
        (:func:`gold_intervals` adds the last two to hand-coded rows).
    pairs : list of tuple
        From :func:`align`.

    Returns
    -------
    Scores

    Examples
    --------
    >>> import pandas as pd, escalation as esc
    >>> text = "Pakistan's military said 12 soldiers were killed and 27 injured."
    >>> extracted = esc.extract_claims(text, published="2026-02-27", source_url="https://example.org/a")
    >>> gold = gold_intervals(pd.DataFrame({
    ...     "char_start": [25], "char_end": [48], "claimant_side": ["PAK"], "subject_state": ["PAK"],
    ...     "subject_category": ["military"], "outcome": ["killed"], "qualifier": ["exact"],
    ...     "number": ["12"], "number_to": [""]}))
    >>> s = score(extracted, gold, align(extracted, gold))
    >>> s.fields.set_index("field").loc["outcome", ["correct", "predicted", "gold"]].tolist()
    [1, 2, 1]
    """
    rows = []
    ext = dict(zip(extracted.index, extracted.to_dict("records")))
    gol = dict(zip(gold.index, gold.to_dict("records")))
    exact = sum(1 for ei, gi in pairs
                if all(_value(ext[ei], f) == _value(gol[gi], f) for f in FIELDS))
    for f in FIELDS:
        predicted = sum(_value(r, f) is not None for r in ext.values())
        wanted = sum(_value(r, f) is not None for r in gol.values())
        correct = sum(1 for ei, gi in pairs
                      if _value(ext[ei], f) is not None and _value(ext[ei], f) == _value(gol[gi], f))
        p = correct / predicted if predicted else math.nan
        r = correct / wanted if wanted else math.nan
        f1 = 2 * p * r / (p + r) if p and r and not (math.isnan(p) or math.isnan(r)) else 0.0
        rows.append({"field": f, "correct": correct, "predicted": predicted, "gold": wanted,
                     "precision": p, "recall": r, "f1": f1})
    return Scores(pd.DataFrame(rows), len(pairs), len(extracted), len(gold), exact)


def score_statements(extracted: pd.DataFrame, gold: pd.DataFrame, *, key: str | None = None) -> pd.DataFrame:
    """Statements: matched when the quotation spans overlap (each at most once, longest
    overlap first); precision and recall of finding them, and of ``speaker_side`` and
    ``rung`` on matched pairs (an unmatched extracted row counts as wrong).

    Parameters
    ----------
    extracted : DataFrame
        Rows of :func:`escalation.extract_statements`.
    gold : DataFrame
        Hand-coded quotations: ``char_start``, ``char_end``, ``speaker_side``, ``rung``.
    key : str, optional
        A column both rows of a pair must share (the article).

    Returns
    -------
    DataFrame
        ``field`` (``statement found``, ``speaker_side``, ``rung``), ``correct``,
        ``predicted``, ``gold``, ``precision``, ``recall``, ``f1``.

    Examples
    --------
    >>> import pandas as pd, escalation as esc
    >>> st = esc.extract_statements("“Now it is open war between us,” Pakistan's defence minister said.")
    >>> gold = pd.DataFrame({"char_start": [1], "char_end": [30], "speaker_side": ["PAK"], "rung": ["open_war"]})
    >>> score_statements(st, gold)[["field", "precision", "recall"]].values.tolist()
    [['statement found', 1.0, 1.0], ['speaker_side', 1.0, 1.0], ['rung', 1.0, 1.0]]
    """
    cands = []
    for gi, g in gold.iterrows():
        for ei, e in extracted.iterrows():
            if key is not None and e[key] != g[key]:
                continue
            overlap = min(int(e["char_end"]), int(g["char_end"])) - max(int(e["char_start"]),
                                                                          int(g["char_start"]))
            if overlap > 0:
                cands.append((-overlap, str(ei), str(gi), ei, gi))
    cands.sort()
    used_e, used_g, pairs = set(), set(), []
    for *_, ei, gi in cands:
        if ei not in used_e and gi not in used_g:
            used_e.add(ei)
            used_g.add(gi)
            pairs.append((ei, gi))
    rows = [{"field": "statement found", "correct": len(pairs), "predicted": len(extracted),
             "gold": len(gold)}]
    for f in ("speaker_side", "rung"):
        correct = sum(1 for ei, gi in pairs
                      if normalise_side(extracted.loc[ei, f]) == normalise_side(gold.loc[gi, f])
                      and normalise_side(extracted.loc[ei, f]))
        rows.append({"field": f, "correct": correct,
                     "predicted": int((extracted[f].astype(str).str.strip() != "").sum()) if len(extracted) else 0,
                     "gold": int((gold[f].astype(str).str.strip() != "").sum()) if len(gold) else 0})
    out = pd.DataFrame(rows)
    out["precision"] = out["correct"] / out["predicted"].where(out["predicted"] > 0)
    out["recall"] = out["correct"] / out["gold"].where(out["gold"] > 0)
    out["f1"] = (2 * out["precision"] * out["recall"] / (out["precision"] + out["recall"])).fillna(0.0)
    return out
