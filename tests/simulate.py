"""Seeded simulations with known answers, shared by the statistics tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

import escalation as esc


def latent_bursts(rng, n: int, stay_calm: float = 0.98, stay_burst: float = 0.95) -> np.ndarray:
    """A persistent two-state (calm 0 / burst 1) Markov chain."""
    u = rng.random(n)
    state = np.zeros(n, dtype=int)
    for t in range(1, n):
        stay = stay_calm if state[t - 1] == 0 else stay_burst
        state[t] = state[t - 1] if u[t] < stay else 1 - state[t - 1]
    return state


def shared_burst_pair(rng, n: int = 1500, rates=(0.01, 0.35)):
    """Two sides that share a latent burst state but never react to each other."""
    lam = np.asarray(rates)[latent_bursts(rng, n)]
    return rng.poisson(lam), rng.poisson(lam)


def driven_pair(rng, n: int = 1500, rates=(0.01, 0.4), effect: float = 0.3, days: int = 3):
    """x is bursty; each x event raises y's daily rate by ``effect`` for ``days`` days."""
    x = rng.poisson(np.asarray(rates)[latent_bursts(rng, n)])
    recent = np.convolve(x, np.r_[0, np.ones(days)], mode="full")[:n]
    y = rng.poisson(rates[0] + effect * recent)
    return x, y


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
