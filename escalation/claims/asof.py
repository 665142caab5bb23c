"""Which claims were current as of a date.

Governments revise their figures: Pakistan's information minister said 133 Afghans were
killed on the morning of 27 Feb 2026, the army's spokesman 274 that afternoon; Kabul first
admitted "at least eight" dead, then 13.  As of a date D, the current claim for each

    (event, claimant, subject_state, subject_group, outcome)

is the latest by (effective date, ``claim_seq``) with effective date <= D, where the
claimant is the side (``claimant_side``) for governments and the organisation
(``claimant_org``) for third parties, ``subject_group`` separates civilians from
combatants (military, militant and mixed), and a month-precision ``claim_date`` takes
effect at the month's end.  A claim named in a later claim's ``supersedes`` stops being
current when that claim arrives, even across subject categories (ISPR's 274 "Taliban and
militants" replaced the minister's 133 "Taliban").  Old claims stay in the data.
"""

from __future__ import annotations

import pandas as pd

KEY = ["event_id", "claimant_key", "subject_state", "subject_group", "outcome"]


def _with_keys(claims: pd.DataFrame) -> pd.DataFrame:
    """Add ``claimant_key``, ``subject_group`` and ``effective_date``."""
    out = claims.copy()
    # a third party or a non-state armed group speaks for its own organisation: two such
    # organisations' claims never supersede each other
    by_org = out["claimant_side"].isin(["THIRD", "NSA"])
    out["claimant_key"] = out["claimant_side"].where(~by_org, out["claimant_side"] + ":" + out["claimant_org"])
    out["subject_group"] = out["subject_category"].where(
        out["subject_category"] == "civilian", "combatant")
    month_end = out["claim_date"] + pd.offsets.MonthEnd(0)
    monthly = out.get("claim_date_precision", pd.Series("day", index=out.index)) == "month"
    out["effective_date"] = month_end.where(monthly, out["claim_date"])
    return out


def current_claims(claims: pd.DataFrame, as_of=None, *, history: bool = False) -> pd.DataFrame:
    """The claims current as of a date, or (``history=True``) every claim ever current.

    Parameters
    ----------
    claims : DataFrame
        Validated claims (:func:`escalation.load_claims`).
    as_of : date-like, optional
        Report date; the whole day counts.  ``None`` uses every claim.
    history : bool
        Keep every claim that was current at some time up to ``as_of``, with the days
        it was current (``current_from``, ``current_until``; ``NaT`` while still current).

    Returns
    -------
    DataFrame
        The claims with ``claimant_key``, ``subject_group``, ``effective_date``,
        ``current_from`` and ``current_until``.

    References
    ----------
    1. The package codebook, ``data/README.md``: ``claim_date``, ``claim_seq``,
       ``supersedes`` and month precision.

    Examples
    --------
    >>> import escalation as esc
    >>> cur = esc.current_claims(esc.load_claims(), as_of="2026-02-27")
    >>> "CL-080" in set(cur.claim_id)  # revised the same day
    False
    """
    df = _with_keys(claims)
    if as_of is not None:
        df = df[df["effective_date"] <= pd.Timestamp(as_of)]
    df = df.sort_values(["effective_date", "claim_seq", "claim_id"], kind="stable")
    superseded_by = {}
    for cid, old in zip(df["claim_id"], df["supersedes"]):
        if old:
            superseded_by.setdefault(old, cid)
    current: dict[tuple, str] = {}      # key -> claim_id current for it
    key_of: dict[str, tuple] = {}
    since: dict[str, pd.Timestamp] = {}
    until: dict[str, pd.Timestamp] = {}
    for row in df[["claim_id", "supersedes", "effective_date", *KEY]].itertuples(index=False):
        key = tuple(getattr(row, k) for k in KEY)
        day = row.effective_date
        previous = current.get(key)
        if previous is not None:
            until[previous] = day
        if row.supersedes and row.supersedes in key_of:
            old_key = key_of[row.supersedes]
            if current.get(old_key) == row.supersedes:
                until[row.supersedes] = day
                del current[old_key]
        current[key] = row.claim_id
        key_of[row.claim_id] = key
        since[row.claim_id] = day
    if history:
        keep = set(since)
    else:
        keep = set(current.values())
    out = df[df["claim_id"].isin(keep)].copy()
    out["current_from"] = out["claim_id"].map(since)
    out["current_until"] = pd.to_datetime(out["claim_id"].map(until))
    return out.sort_values(["event_id", "claim_id"]).reset_index(drop=True)
