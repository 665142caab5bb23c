"""A two-state Poisson hidden Markov model fitted by EM, and its no-persistence twin.

statsmodels' Markov-switching models are Gaussian; on zero-heavy counts (log1p of
mostly zeros) their likelihood is unbounded, because one regime can sit on the zeros
with a variance shrinking to nothing, and no fit converges.  A Poisson emission has a
bounded likelihood, so EM converges; it is run from several seeded starts and the best
maximum kept.  The same EM with the transition rows tied together fits an independent
two-component mixture: the model with the same two levels but no persistence, against
which persistence is tested.

The forward-backward recursions are scaled (each step normalised, the log-likelihood
accumulated as a sum of logs), which is the log-space stable form for two states.

References
----------
1. Zucchini, W., MacDonald, I. L. & Langrock, R. (2016), *Hidden Markov Models for Time
   Series: An Introduction Using R*, 2nd ed., CRC Press, ch. 3-4 (scaled
   forward-backward, EM) and 6 (model checking).
2. Rabiner, L. R. (1989), A tutorial on hidden Markov models, Proc. IEEE 77:257-286.
3. Leroux, B. G. & Puterman, M. L. (1992), Maximum-penalized-likelihood estimation for
   independent and Markov-dependent mixture models, Biometrics 48:545-558.
4. Biernacki, C., Celeux, G. & Govaert, G. (2003), Choosing starting values for the EM
   algorithm, Computational Statistics & Data Analysis 41:561-575.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

SHORT_RUN = 30      # EM iterations from every start
LONG_RUNS = 2       # the best starts then run to convergence


@dataclass
class HMMFit:
    """A two-state Poisson HMM (or, with ``persistent=False``, an independent mixture)."""

    rates: np.ndarray            # state means, low first
    transition: np.ndarray       # 2 x 2, rows sum to 1
    initial: np.ndarray
    llf: float
    converged: bool
    n_iter: int
    posterior: np.ndarray        # n x 2 smoothed state probabilities
    predicted: np.ndarray        # n x 2 one-step-ahead state probabilities (past only)
    n_starts: int = 1
    n_starts_at_max: int = 1


def _forward_backward(y, log_emit_const, rates, G, delta):
    n = len(y)
    with np.errstate(divide="ignore"):
        log_rates = np.log(rates)
    log_e = y[:, None] * np.where(np.isfinite(log_rates), log_rates, -1e300)[None, :] \
        - rates[None, :] - log_emit_const[:, None]
    log_e = np.where((y[:, None] == 0) & (rates[None, :] == 0), 0.0, log_e)
    shift = log_e.max(axis=1)
    emit = np.exp(log_e - shift[:, None])
    e0, e1 = emit[:, 0].tolist(), emit[:, 1].tolist()
    g00, g01, g10, g11 = float(G[0, 0]), float(G[0, 1]), float(G[1, 0]), float(G[1, 1])
    a0, a1, sc = [0.0] * n, [0.0] * n, [0.0] * n
    p0, p1 = float(delta[0]), float(delta[1])
    pred0 = [0.0] * n
    for t in range(n):
        if t:
            q0, q1 = a0[t - 1], a1[t - 1]
            p0, p1 = q0 * g00 + q1 * g10, q0 * g01 + q1 * g11
        pred0[t] = p0
        x0, x1 = p0 * e0[t], p1 * e1[t]
        c = x0 + x1
        if c <= 0:
            return None
        a0[t], a1[t], sc[t] = x0 / c, x1 / c, c
    b0, b1 = [1.0] * n, [1.0] * n
    for t in range(n - 2, -1, -1):
        f0, f1 = e0[t + 1] * b0[t + 1], e1[t + 1] * b1[t + 1]
        c = sc[t + 1]
        b0[t], b1[t] = (g00 * f0 + g01 * f1) / c, (g10 * f0 + g11 * f1) / c
    A = np.column_stack([a0, a1])
    B = np.column_stack([b0, b1])
    scale = np.asarray(sc)
    llf = float(np.sum(np.log(scale)) + shift.sum())
    post = A * B
    post /= post.sum(axis=1, keepdims=True)
    xi = A[:-1, :, None] * G[None] * (emit[1:] * B[1:])[:, None, :] / scale[1:, None, None]
    pred = np.column_stack([pred0, 1 - np.asarray(pred0)])
    return llf, post, xi.sum(axis=0), pred


def _em(y, log_emit_const, rates, G, delta, persistent, max_iter, tol):
    previous = -np.inf
    out = None
    for it in range(1, max_iter + 1):
        out = _forward_backward(y, log_emit_const, rates, G, delta)
        if out is None:
            return None
        llf, post, xi, pred = out
        weight = post.sum(axis=0)
        rates = (post * y[:, None]).sum(axis=0) / np.maximum(weight, 1e-300)
        if persistent:
            G = xi / xi.sum(axis=1, keepdims=True)
            delta = post[0]
        else:  # independent mixture: every row is the mixing distribution
            share = weight / weight.sum()
            G = np.vstack([share, share])
            delta = share
        if abs(llf - previous) < tol * (1 + abs(llf)):
            return rates, G, delta, True, it
        previous = llf
    return rates, G, delta, False, max_iter


def fit_poisson_hmm(y, *, persistent: bool = True, n_starts: int = 10, seed: int = 0,
                    max_iter: int = 1000, tol: float = 1e-9) -> HMMFit | None:
    """Two-state Poisson HMM by EM from ``n_starts`` seeded starts; the best maximum.

    The first starts split the counts at their quantiles; the rest are random.  Returns
    ``None`` for a series with no events.
    """
    y = np.asarray(y, dtype=float)
    if len(y) < 2 or y.sum() == 0:
        return None
    rng = np.random.default_rng(seed)
    log_emit_const = gammaln(y + 1)
    mean = y.mean()
    # short runs from every start, then the two best run to convergence ("small EM",
    # Biernacki, Celeux & Govaert 2003): the same maxima at a fraction of the cost
    short = []
    for k in range(n_starts):
        if k == 0:
            rates = np.array([np.mean(y[y <= np.median(y)]), np.mean(y[y > np.median(y)]) if np.any(y > np.median(y)) else 2 * mean + 0.1])
            stay = (0.9, 0.8)
        elif k == 1:
            rates = np.array([0.5 * mean, 3.0 * mean + 0.1])
            stay = (0.5, 0.5)
        else:
            rates = np.sort(rng.uniform(0, 1, 2)) * np.array([mean, 4 * mean + 1.0]) + 1e-3
            stay = tuple(rng.uniform(0.3, 0.99, 2))
        G = np.array([[stay[0], 1 - stay[0]], [1 - stay[1], stay[1]]])
        if not persistent:
            G = np.array([[stay[0], 1 - stay[0]], [stay[0], 1 - stay[0]]])
        delta = np.array([0.5, 0.5])
        res = _em(y, log_emit_const, np.maximum(rates, 1e-6), G, delta, persistent, SHORT_RUN, tol)
        if res is None:
            continue
        first = _forward_backward(y, log_emit_const, *res[:3])
        if first is not None:
            short.append((first[0], res))
    short.sort(key=lambda item: -item[0])
    best, fits = None, []
    for _, (rates_k, G_k, delta_k, ok_short, _it) in short[:LONG_RUNS]:
        res = (rates_k, G_k, delta_k, True, _it) if ok_short else \
            _em(y, log_emit_const, rates_k, G_k, delta_k, persistent, max_iter, tol)
        if res is None:
            continue
        rates_k, G_k, delta_k, ok, it = res
        final = _forward_backward(y, log_emit_const, rates_k, G_k, delta_k)
        if final is None:
            continue
        llf, post, _, pred = final
        fits.append(llf)
        if best is None or llf > best[0]:
            best = (llf, rates_k, G_k, delta_k, ok, it, post, pred)
    if best is None:
        return None
    llf, rates, G, delta, ok, it, post, pred = best
    order = np.argsort(rates)
    at_max = int(np.sum(np.asarray(fits) > llf - 1e-4 * (1 + abs(llf))))
    return HMMFit(rates=rates[order], transition=G[np.ix_(order, order)], initial=delta[order],
                  llf=float(llf), converged=bool(ok), n_iter=int(it),
                  posterior=post[:, order], predicted=pred[:, order],
                  n_starts=len(short), n_starts_at_max=at_max)


def burst_probability(counts, *, n_starts: int = 3, seed: int = 0) -> np.ndarray:
    """P(burst state on day t | counts before t) from a 2-state Poisson HMM of ``counts``.

    Built from one series only: use it for the responder's own history, never from the
    series whose effect is being tested.
    """
    fit = fit_poisson_hmm(counts, n_starts=n_starts, seed=seed, max_iter=300, tol=1e-7)
    if fit is None:
        return np.zeros(len(counts))
    return fit.predicted[:, 1]


def expected_duration(stay: float) -> float:
    """Mean sojourn in a state with self-transition probability ``stay``."""
    return math.inf if stay >= 1 else 1.0 / (1.0 - stay)
