"""Seeded simulations with known answers, shared by the statistics tests.

The generators live in :mod:`escalation.stats.simulate` (the calibration study uses the
same ones); this module turns their counts into coded events and series frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import escalation as esc


def events_from_counts(a_to_b: np.ndarray, b_to_a: np.ndarray, start="2022-01-01",
                       levels=(5, 5)) -> pd.DataFrame:
    """A coded event table with one row per simulated event."""
    days = pd.date_range(start, periods=len(a_to_b), freq="D")
    rows = []
    for counts, (actor, target), level in ((a_to_b, ("AFG", "PAK"), levels[0]),
                                           (b_to_a, ("PAK", "AFG"), levels[1])):
        for i in np.flatnonzero(counts):
            for k in range(int(counts[i])):
                rows.append({"event_id": f"{actor}{i}-{k}", "date_start": days[i],
                             "actor_state": actor, "target_state": target,
                             "kind": "shelling" if level == 5 else "border_clash",
                             "source_url": "sim"})
    ev = esc.validate_events(pd.DataFrame(rows)) if rows else None
    return esc.code_events(ev)


def weekly_frame(y, start="2024-01-01", label=("AFG", "PAK")) -> pd.DataFrame:
    """One direction's weekly counts as a series frame."""
    periods = pd.date_range(start, periods=len(y), freq="7D")
    return pd.DataFrame({"period": periods, "dyad": "AFG-PAK", "actor_state": label[0],
                         "target_state": label[1], "n_events": y})


def daily_pair(a_to_b, b_to_a, start="2022-01-01") -> pd.DataFrame:
    """Two directions' daily counts as a daily series frame."""
    days = pd.date_range(start, periods=len(a_to_b), freq="D")
    frames = [pd.DataFrame({"period": days, "dyad": "AFG-PAK", "actor_state": a,
                            "target_state": b, "n_events": v})
              for (a, b), v in ((("AFG", "PAK"), a_to_b), (("PAK", "AFG"), b_to_a))]
    s = pd.concat(frames, ignore_index=True)
    s.attrs["freq"] = "D"
    return s
