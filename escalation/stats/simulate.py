"""Seeded simulations of the processes the statistics target, with known answers.

They drive the calibration study (``benchmarks/calibration.py``, ``docs/calibration.md``)
and the tests, and let a user check a method's size and power on a design like their
own before trusting a p-value.  Every function takes a ``numpy.random.Generator``.

- zero-heavy weekly counts: iid negative binomial, or Markov-modulated bursts (a calm
  and a burst state), optionally with a log-linear trend or one change in level;
- daily pairs of event series with a given mean rate and mean burst length that are
  independent, share their bursts (common shocks), or where one side answers the
  other's events.

References
----------
1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for Time
   Series*, 2nd ed., CRC Press, ch. 1-2 (Markov-modulated Poisson processes).
2. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, 2nd ed.,
   ch. 4 (the gamma-Poisson mixture behind NB2).

Examples
--------
>>> import numpy as np
>>> from escalation.stats import simulate
>>> y = simulate.bursty_counts(np.random.default_rng(1), 200, mean=0.5, burst_length=4)
>>> y.shape, bool((y >= 0).all())
((200,), True)
"""

from __future__ import annotations

import numpy as np

#: Markov-modulated bursts: the share of time in bursts and how much busier they are.
BURST_SHARE = 0.1
BURST_INTENSITY = 10.0


def two_state_chain(rng: np.random.Generator, n: int, burst_length: float,
                    burst_share: float = BURST_SHARE) -> np.ndarray:
    """A stationary calm (0) / burst (1) Markov chain with mean burst length
    ``burst_length`` periods and a share ``burst_share`` of periods in bursts."""
    leave_burst = 1.0 / max(burst_length, 1.0)
    enter_burst = leave_burst * burst_share / (1 - burst_share)
    # alternate geometric runs: cheaper than a step-by-step loop
    state = int(rng.random() < burst_share)
    out = np.empty(n, dtype=np.int8)
    i = 0
    while i < n:
        p = leave_burst if state else enter_burst
        run = int(rng.geometric(min(max(p, 1e-12), 1.0)))
        out[i:i + run] = state
        i += run
        state = 1 - state
    return out


def nb_draw(rng: np.random.Generator, mu, alpha: float) -> np.ndarray:
    """NB2 counts with mean ``mu`` and variance ``mu + alpha mu^2`` (Poisson at 0)."""
    mu = np.asarray(mu, dtype=float)
    if alpha <= 0:
        return rng.poisson(mu)
    return rng.poisson(mu * rng.gamma(1.0 / alpha, alpha, size=mu.shape))


def burst_rates(mean: float, state: np.ndarray, burst_share: float = BURST_SHARE,
                intensity: float = BURST_INTENSITY) -> np.ndarray:
    """Per-period rates of a calm/burst chain whose long-run mean is ``mean``."""
    calm = mean / (1 - burst_share + burst_share * intensity)
    return np.where(state == 1, calm * intensity, calm)


def bursty_counts(rng: np.random.Generator, n: int, mean: float, burst_length: float,
                  alpha: float = 0.0, burst_share: float = BURST_SHARE,
                  intensity: float = BURST_INTENSITY) -> np.ndarray:
    """Markov-modulated counts: long-run mean ``mean``, bursts ``intensity`` times busier."""
    state = two_state_chain(rng, n, burst_length, burst_share)
    return nb_draw(rng, burst_rates(mean, state, burst_share, intensity), alpha)


def weekly_counts(rng: np.random.Generator, n: int = 225, *, mean: float = 1.0,
                  alpha: float = 1.0, burst_length: float | None = None,
                  irr_per_30_days: float = 1.0, change_at: float | None = None,
                  change_ratio: float = 1.0) -> np.ndarray:
    """Zero-heavy weekly counts with an optional trend and one optional change in level.

    ``mean`` is the mean at the middle of the series; ``irr_per_30_days`` multiplies
    the rate every 30 days; ``change_at`` (a share of the series) multiplies the rate
    by ``change_ratio`` from then on (the earlier rate is scaled so the overall mean
    stays ``mean``).  With ``burst_length``, the rate is Markov-modulated as in
    :func:`bursty_counts` before the NB2 noise.
    """
    weeks = np.arange(n)
    days = (weeks - weeks.mean()) * 7.0
    rate = mean * irr_per_30_days ** (days / 30.0)
    if change_at is not None:
        k = int(round(change_at * n))
        step = np.where(weeks >= k, change_ratio, 1.0)
        rate = rate * step / step.mean()
    if burst_length is not None:
        state = two_state_chain(rng, n, burst_length)
        rate = rate * burst_rates(1.0, state)
    return nb_draw(rng, rate, alpha)


def independent_pair(rng: np.random.Generator, n: int, rate: float, burst_length: float):
    """Two bursty daily series with their own, independent burst states."""
    return (bursty_counts(rng, n, rate, burst_length),
            bursty_counts(rng, n, rate, burst_length))


def shared_burst_pair(rng: np.random.Generator, n: int, rate: float, burst_length: float):
    """Two daily series driven by one burst state (common shocks), never by each other."""
    lam = burst_rates(rate, two_state_chain(rng, n, burst_length))
    return rng.poisson(lam), rng.poisson(lam)


def answering_pair(rng: np.random.Generator, n: int, rate: float, burst_length: float,
                   effect: float, days: int = 3):
    """``x`` is bursty; each of its events adds ``effect`` expected events to ``y``,
    spread evenly over the next ``days`` days.  ``y`` has its own independent bursts
    with the same base ``rate``.  Returns ``(x, y)``: y answers x."""
    x = bursty_counts(rng, n, rate, burst_length)
    recent = np.convolve(x, np.r_[0.0, np.full(days, effect / days)], mode="full")[:n]
    base = burst_rates(rate, two_state_chain(rng, n, burst_length))
    return x, rng.poisson(base + recent)
