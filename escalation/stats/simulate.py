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
    """A stationary calm (0) / burst (1) Markov chain.

    Bursts last ``burst_length`` periods on average (geometric durations) and the chain
    spends a share ``burst_share`` of its time in them; the first state is drawn from
    that stationary distribution, so there is no start-up transient [1].

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness (seed it for a reproducible draw).
    n : int
        Number of periods.
    burst_length : float
        Mean length of a burst, in periods (below 1 counts as 1).
    burst_share : float
        Long-run share of periods in bursts (``BURST_SHARE``, 0.1).

    Returns
    -------
    numpy.ndarray
        ``n`` states as ``int8``: 0 calm, 1 burst.

    References
    ----------
    1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series*, 2nd ed., CRC Press, ch. 1-2.

    Examples
    --------
    >>> import numpy as np
    >>> state = two_state_chain(np.random.default_rng(0), 20_000, burst_length=5)
    >>> state.dtype, round(float(state.mean()), 2)
    (dtype('int8'), 0.09)
    """
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


def _nb_draw(rng: np.random.Generator, mu, alpha: float) -> np.ndarray:
    """NB2 counts with mean ``mu`` and variance ``mu + alpha mu^2`` (Poisson at 0):
    Poisson counts whose rates carry gamma noise of mean 1 and variance ``alpha`` [2]."""
    mu = np.asarray(mu, dtype=float)
    if alpha <= 0:
        return rng.poisson(mu)
    return rng.poisson(mu * rng.gamma(1.0 / alpha, alpha, size=mu.shape))


def _burst_rates(mean: float, state: np.ndarray, burst_share: float = BURST_SHARE,
                intensity: float = BURST_INTENSITY) -> np.ndarray:
    """Per-period rates of a calm/burst chain whose long-run mean is ``mean``."""
    calm = mean / (1 - burst_share + burst_share * intensity)
    return np.where(state == 1, calm * intensity, calm)


def bursty_counts(rng: np.random.Generator, n: int, mean: float, burst_length: float,
                  alpha: float = 0.0, burst_share: float = BURST_SHARE,
                  intensity: float = BURST_INTENSITY) -> np.ndarray:
    """Markov-modulated counts: long-run mean ``mean``, bursts ``intensity`` times busier.

    The rate switches between a calm level and ``intensity`` times that level as the
    chain of :func:`two_state_chain` switches state, the calm level set so that the
    long-run mean is ``mean``; the counts are Poisson at that rate, or negative binomial
    (NB2) with overdispersion ``alpha`` on top of the bursts [1, 2].  Zero-heavy and
    bursty, like reported conflict events.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    n : int
        Number of periods.
    mean : float
        Long-run mean count per period.
    burst_length : float
        Mean length of a burst, in periods.
    alpha : float
        NB2 overdispersion of the counts given the rate (0: Poisson).
    burst_share : float
        Long-run share of periods in bursts (0.1).
    intensity : float
        How many times busier a burst period is than a calm one (10).

    Returns
    -------
    numpy.ndarray
        ``n`` non-negative integer counts.

    References
    ----------
    1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series*, 2nd ed., CRC Press, ch. 1-2 (Markov-modulated Poisson processes).
    2. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, 2nd
       ed., Cambridge University Press, ch. 4 (the gamma-Poisson mixture behind NB2).

    Examples
    --------
    >>> import numpy as np
    >>> y = bursty_counts(np.random.default_rng(1), 20_000, mean=0.5, burst_length=4)
    >>> round(float(y.mean()), 2), round(float(y.var() / y.mean()), 1)  # bursts: variance > mean
    (0.51, 2.0)
    """
    state = two_state_chain(rng, n, burst_length, burst_share)
    return _nb_draw(rng, _burst_rates(mean, state, burst_share, intensity), alpha)


def weekly_counts(rng: np.random.Generator, n: int = 225, *, mean: float = 1.0,
                  alpha: float = 1.0, burst_length: float | None = None,
                  irr_per_30_days: float = 1.0, change_at: float | None = None,
                  change_ratio: float = 1.0) -> np.ndarray:
    """Zero-heavy weekly counts with an optional trend and one optional change in level.

    ``mean`` is the mean at the middle of the series; ``irr_per_30_days`` multiplies
    the rate every 30 days; ``change_at`` (a share of the series) multiplies the rate
    by ``change_ratio`` from then on (the earlier rate is scaled so the overall mean
    stays ``mean``).  With ``burst_length``, the rate is Markov-modulated as in
    :func:`bursty_counts` before the NB2 noise [1, 2].  The designs of the trend and
    change-point calibration (``docs/calibration.md``) are drawn from it.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    n : int
        Number of weeks (225: about the bundled record's length).
    mean : float
        Mean count per week at the middle of the series.
    alpha : float
        NB2 overdispersion (0: Poisson).
    burst_length : float, optional
        Mean burst length, in weeks; ``None`` (default) draws no bursts.
    irr_per_30_days : float
        Incidence rate ratio per 30 days: the trend (1: none).
    change_at : float, optional
        Where the level changes, as a share of the series (0.5: half way); ``None``: no
        change.
    change_ratio : float
        The rate after the change over the rate before it.

    Returns
    -------
    numpy.ndarray
        ``n`` non-negative integer counts, one per week.

    References
    ----------
    1. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, 2nd
       ed., Cambridge University Press, ch. 3-4 (NB2, log-linear trends).
    2. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series*, 2nd ed., CRC Press, ch. 1-2.

    Examples
    --------
    >>> import numpy as np
    >>> y = weekly_counts(np.random.default_rng(2), 200, mean=1.0, change_at=0.5, change_ratio=4.0)
    >>> bool(y[100:].mean() > 2 * y[:100].mean())
    True
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
        rate = rate * _burst_rates(1.0, state)
    return _nb_draw(rng, rate, alpha)


def independent_pair(rng: np.random.Generator, n: int, rate: float, burst_length: float):
    """Two bursty daily series with their own, independent burst states.

    Neither side answers the other and they share no shocks: the null hypothesis of
    :func:`~escalation.stats.reciprocity.reciprocity` and
    :func:`~escalation.stats.retaliation`, with the burstiness that makes naive tests
    reject it too often [1].

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    n : int
        Number of days.
    rate : float
        Long-run mean events per day of each side.
    burst_length : float
        Mean burst length, in days.

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)``: the two sides' daily counts, Poisson given their bursts
        (:func:`bursty_counts` with ``alpha=0``).

    References
    ----------
    1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series*, 2nd ed., CRC Press, ch. 1-2.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = independent_pair(np.random.default_rng(3), 1000, 0.3, 5)
    >>> x.shape, y.shape, abs(float(np.corrcoef(x, y)[0, 1])) < 0.1
    ((1000,), (1000,), True)
    """
    return (bursty_counts(rng, n, rate, burst_length),
            bursty_counts(rng, n, rate, burst_length))


def shared_burst_pair(rng: np.random.Generator, n: int, rate: float, burst_length: float):
    """Two daily series driven by one burst state (common shocks), never by each other.

    Both sides are busier in the same bursts (as when both answer a third party, or a
    season): their counts are correlated, but neither reacts to the other.  Tests of
    reaction or prediction that do not model the common shocks reject here
    (``docs/calibration.md`` reports how often) [1].

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    n : int
        Number of days.
    rate : float
        Long-run mean events per day of each side.
    burst_length : float
        Mean length of the shared bursts, in days.

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)``: the two sides' daily counts, Poisson at the shared bursty rate.

    References
    ----------
    1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series*, 2nd ed., CRC Press, ch. 1-2.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = shared_burst_pair(np.random.default_rng(3), 1000, 0.3, 5)
    >>> bool(np.corrcoef(x, y)[0, 1] > 0.2)
    True
    """
    lam = _burst_rates(rate, two_state_chain(rng, n, burst_length))
    return rng.poisson(lam), rng.poisson(lam)


def answering_pair(rng: np.random.Generator, n: int, rate: float, burst_length: float,
                   effect: float, days: int = 3):
    """``x`` is bursty; each of its events adds ``effect`` expected events to ``y``,
    spread evenly over the next ``days`` days.  ``y`` has its own independent bursts
    with the same base ``rate``.  Returns ``(x, y)``: y answers x.

    A discrete-time, linear mutually exciting process (Hawkes-type, in one direction)
    on top of Markov-modulated bursts [1, 2]: the alternative under which the reaction
    and retaliation tests' power is measured.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    n : int
        Number of days.
    rate : float
        Long-run mean events per day of ``x``, and of ``y`` before its answers.
    burst_length : float
        Mean burst length, in days (each side has its own bursts).
    effect : float
        Expected answers in ``y`` per event of ``x`` (0: ``y`` does not answer).
    days : int
        Days after an event of ``x`` over which its answers are spread (from the next
        day on).

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)``: daily counts of the cause and of the side that answers it.

    References
    ----------
    1. Hawkes, A. G. (1971), Spectra of some self-exciting and mutually exciting point
       processes, Biometrika 58:83-90.
    2. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for
       Time Series*, 2nd ed., CRC Press, ch. 1-2.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = answering_pair(np.random.default_rng(3), 2000, 0.3, 5, effect=1.0)
    >>> bool(y.mean() > 1.5 * x.mean())  # y's own events plus about one answer per x event
    True
    """
    x = bursty_counts(rng, n, rate, burst_length)
    recent = np.convolve(x, np.r_[0.0, np.full(days, effect / days)], mode="full")[:n]
    base = _burst_rates(rate, two_state_chain(rng, n, burst_length))
    return x, rng.poisson(base + recent)
