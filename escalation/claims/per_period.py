"""Claimed killed per period, for the series: no running total or claimant counted twice."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..periods import period_start
from .asof import current_claims


def claimed_killed(claims: pd.DataFrame, events: pd.DataFrame, freq: str = "W",
                   as_of=None) -> pd.DataFrame:
    """Killed claimed by each side about each state, per period of the events' dates.

    For every event (umbrella rows left out) the claims current as of ``as_of`` are
    used: one per (claimant side, subject state, civilians or combatants), so a
    revised running total (133, then 274) counts once, and several third-party
    organisations about the same losses count once (the latest).  ``low`` and ``high``
    are summed separately; ``high`` is ``inf`` when any term is open.  Claims whose
    interval is undefined (``unknown``) are counted in ``n_undefined`` and left out.

    Parameters
    ----------
    claims : DataFrame
        Validated claims (:func:`escalation.load_claims`).
    events : DataFrame
        The events the claims are about (:func:`escalation.load_events`): their
        ``date_start`` places a claim in a period, their ``is_umbrella`` leaves period
        totals out.
    freq : {"D", "W", "M"}
        Period: days, ISO weeks (by their Monday) or months, as in
        :func:`escalation.build_series`.
    as_of : date-like, optional
        Use the claims current at the end of this day; ``None`` uses the latest.

    Returns
    -------
    DataFrame
        One row per period, claimant side and subject state with a killed claim:
        ``period``, ``claimant_side``, ``subject_state``, ``claimed_killed_low``,
        ``claimed_killed_high`` (sums of the intervals' ends), ``n_claims`` (claims
        summed), ``n_events``, ``n_undefined`` (``unknown`` claims left out).

    References
    ----------
    1. UCDP GED codebook: ``low``, ``best`` and ``high`` are summed separately; a sum of
       bounds bounds the total, it is not a confidence interval.

    Examples
    --------
    >>> import escalation as esc
    >>> k = esc.claimed_killed(esc.load_claims(), esc.load_events(), freq="W", as_of="2026-03-31")
    >>> row = k[(k.period == "2026-02-23") & (k.claimant_side == "PAK") & (k.subject_state == "AFG")]
    >>> float(row.claimed_killed_low.item()), float(row.claimed_killed_high.item())
    (274.0, inf)
    """
    cur = current_claims(claims, as_of)
    cur = cur[cur["outcome"] == "killed"]
    umbrella = set(events.loc[events.get("is_umbrella", False) == True, "event_id"])  # noqa: E712
    cur = cur[~cur["event_id"].isin(umbrella)]
    # third parties: one figure per set of losses, the latest of any organisation
    cur = cur.sort_values(["effective_date", "claim_seq", "claim_id"])
    cur = cur.drop_duplicates(["event_id", "claimant_side", "subject_state", "subject_group"],
                              keep="last")
    dates = events.set_index("event_id")["date_start"]
    cur = cur.assign(period=period_start(cur["event_id"].map(dates), freq))
    cur = cur.assign(undefined=cur["low"].isna())
    grouped = cur.groupby(["period", "claimant_side", "subject_state"], sort=True)
    out = grouped.agg(
        claimed_killed_low=("low", lambda s: float(np.nansum(s))),
        claimed_killed_high=("high", lambda s: float(np.nansum(s))),
        n_claims=("claim_id", "size"),
        n_events=("event_id", "nunique"),
        n_undefined=("undefined", "sum"),
    ).reset_index()
    out["n_claims"] = out["n_claims"] - out["n_undefined"]
    return out
