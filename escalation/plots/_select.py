"""Which events the charts draw: state actions on the ladder's dyadic rungs, in a window."""

from __future__ import annotations

import pandas as pd

from ..scale import EscalationScale


def state_actions(coded: pd.DataFrame, scale: EscalationScale, *, dyad: str | None = None, since=None,
                  until=None, kinetic_only: bool = False) -> pd.DataFrame:
    """Rows of ``coded`` that are state actions on a dyadic rung of ``scale`` (only its
    kinetic rungs with ``kinetic_only``), of ``dyad`` (every dyad when ``None``), starting
    between ``since`` and ``until``."""
    keys = [r.key for r in scale.rungs if r.is_dyadic and (r.is_kinetic or not kinetic_only)]
    ev = coded[coded["rung"].astype(str).isin(keys) & coded["is_state_action"].astype(bool)]
    if dyad:
        ev = ev[ev["dyad"] == dyad]
    if since is not None:
        ev = ev[ev["date_start"] >= pd.Timestamp(since)]
    if until is not None:
        ev = ev[ev["date_start"] <= pd.Timestamp(until)]
    return ev
