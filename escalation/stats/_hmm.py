"""A two-state Poisson hidden Markov model, for the burst control of the reaction function.

Conflict counts come in bursts that both sides share.  If both sides respond to a common
latent state (calm or burst) but not to each other, each side's past still predicts the
other's present, and a test of "does B's past predict A?" rejects far too often.  The
burst control is the model's one-step-ahead probability that day t is in the burst
state given both sides' counts before t, estimated by Baum-Welch EM on the total count.

Reference: Zucchini, MacDonald & Langrock (2016), *Hidden Markov Models for Time Series:
An Introduction Using R*, 2nd ed., CRC Press, ch. 3-4 (scaled forward-backward, EM).
statsmodels' Markov-switching models are Gaussian and degenerate on zero-heavy counts,
which is why this small model is written out here.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import poisson


def burst_probability(counts, *, n_iter: int = 200, tol: float = 1e-5) -> np.ndarray:
    """P(burst state on day t | counts before t) from a 2-state Poisson HMM."""
    y = np.asarray(counts, dtype=float)
    n = len(y)
    mean = max(float(y.mean()), 1e-3)
    lam = np.array([mean * 0.2, mean * 3 + 0.05])
    g = [[0.97, 0.03], [0.10, 0.90]]
    d0, d1 = 0.8, 0.2
    previous = -np.inf
    for _ in range(n_iter):
        emit = poisson.pmf(y[:, None], lam[None, :]) + 1e-300
        e0, e1 = emit[:, 0].tolist(), emit[:, 1].tolist()
        g00, g01, g10, g11 = g[0][0], g[0][1], g[1][0], g[1][1]
        # scaled forward pass, in plain floats: two states make numpy's per-call cost dominate
        a0, a1, sc = [0.0] * n, [0.0] * n, [0.0] * n
        x0, x1 = d0 * e0[0], d1 * e1[0]
        c = x0 + x1
        a0[0], a1[0], sc[0] = x0 / c, x1 / c, c
        for t in range(1, n):
            p0, p1 = a0[t - 1], a1[t - 1]
            x0 = (p0 * g00 + p1 * g10) * e0[t]
            x1 = (p0 * g01 + p1 * g11) * e1[t]
            c = x0 + x1
            a0[t], a1[t], sc[t] = x0 / c, x1 / c, c
        b0, b1 = [1.0] * n, [1.0] * n
        for t in range(n - 2, -1, -1):
            f0, f1 = e0[t + 1] * b0[t + 1], e1[t + 1] * b1[t + 1]
            c = sc[t + 1]
            b0[t], b1[t] = (g00 * f0 + g01 * f1) / c, (g10 * f0 + g11 * f1) / c
        A = np.column_stack([a0, a1])
        B = np.column_stack([b0, b1])
        scale = np.asarray(sc)
        post = A * B
        post /= post.sum(axis=1, keepdims=True)
        G = np.array(g)
        xi = (A[:-1, :, None] * G[None] * (emit[1:] * B[1:])[:, None, :] / scale[1:, None, None])
        G = xi.sum(axis=0)
        G /= G.sum(axis=1, keepdims=True)
        g = G.tolist()
        lam = np.maximum((post * y[:, None]).sum(axis=0) / post.sum(axis=0), 1e-6)
        d0, d1 = float(post[0, 0]), float(post[0, 1])
        loglik = float(np.log(scale).sum())
        if loglik - previous < tol:
            break
        previous = loglik
    high = int(np.argmax(lam))
    predicted = np.vstack([[d0, d1], A[:-1] @ np.array(g)])
    return predicted[:, high]
