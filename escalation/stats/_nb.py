"""Negative-binomial (NB2) regression that reaches its maximum or says it did not.

statsmodels' ``NegativeBinomial.fit`` starts Newton's method from a Poisson fit and a
moment estimate of alpha; on short, zero-heavy conflict series it can walk alpha to its
boundary and stop there with ``converged=False`` (the review's PAK→AFG trend: alpha
3.5e-24, a Poisson estimate reported as NB).  Here alpha is *profiled*: for each alpha,
the coefficients come from iteratively reweighted least squares (a concave problem),
and Brent's method maximises the profile likelihood over log alpha.  A few Newton steps
on the full likelihood, using statsmodels' own score and Hessian, then polish the
maximum; the fit counts as converged only when the gradient vanishes and the Hessian
is negative definite there.  ``alpha = 0`` (no overdispersion) is a legitimate boundary
maximum, reported as such.

References
----------
1. Cameron, A. C. & Trivedi, P. K. (2013), *Regression Analysis of Count Data*, 2nd ed.,
   Cambridge University Press, ch. 3 (NB2), 3.4 (overdispersion tests).
2. McCullagh, P. & Nelder, J. A. (1989), *Generalized Linear Models*, 2nd ed., ch. 2.5 (IRLS).
3. Venables, W. N. & Ripley, B. D. (2002), *Modern Applied Statistics with S*, 4th ed.,
   section 7.4 (``glm.nb``: alternating IRLS and a one-dimensional search for theta).
4. Self, S. G. & Liang, K.-Y. (1987), JASA 82:605-610 (LR test with a parameter on the
   boundary: half chi-square(1)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize
from scipy.special import gammaln

LOG_ALPHA_BOUNDS = (math.log(1e-8), math.log(1e4))
ALPHA_ZERO = 1e-7       # profile maxima below this are the Poisson boundary
POLISH_ALPHA = 1e-3     # joint Newton polish only above this (digamma differences lose digits)


@dataclass
class NBFit:
    """An NB2 (or, at alpha = 0, Poisson) maximum-likelihood fit."""

    beta: np.ndarray
    alpha: float
    llf: float
    llf_poisson: float
    converged: bool
    mu: np.ndarray
    #: inverse of the observed information for beta (model-based covariance)
    cov_beta: np.ndarray
    note: str = ""
    grad_norm: float = math.nan
    warnings: list[str] = field(default_factory=list)

    @property
    def overdispersion_lr(self) -> float:
        """2 (llf_NB - llf_Poisson), never from a NaN (then NaN)."""
        lr = 2.0 * (self.llf - self.llf_poisson)
        if not math.isfinite(lr) or lr < -1e-6:
            return math.nan
        return max(lr, 0.0)


def nb_loglike(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    """NB2 log-likelihood (Poisson at ``alpha == 0``)."""
    if alpha <= 0:
        return float(np.sum(y * np.log(np.where(mu > 0, mu, 1.0)) - mu - gammaln(y + 1)))
    r = 1.0 / alpha
    return float(np.sum(gammaln(y + r) - gammaln(r) - gammaln(y + 1)
                        + r * np.log(r / (r + mu)) + y * np.log(np.where(mu > 0, mu / (r + mu), 1.0))))


def _mu(X, beta, offset):
    return np.exp(np.clip(X @ beta + offset, -50, 50))


def irls(y, X, alpha, beta0=None, offset=None, tol=1e-10, max_iter=100):
    """Coefficients maximising the NB2 likelihood at fixed ``alpha`` (Poisson at 0).

    Fisher scoring with step halving, so the likelihood never decreases.  Returns
    ``(beta, llf, converged)``.
    """
    n, k = X.shape
    offset = np.zeros(n) if offset is None else offset
    if beta0 is None:
        z = np.log(y + 0.5) - offset
        beta0 = np.linalg.lstsq(X, z, rcond=None)[0]
    beta = np.asarray(beta0, dtype=float)
    mu = _mu(X, beta, offset)
    llf = nb_loglike(y, mu, alpha)
    for _ in range(max_iter):
        w = mu / (1.0 + alpha * mu)
        score = X.T @ ((y - mu) / (1.0 + alpha * mu))
        info = (X * w[:, None]).T @ X
        try:
            step = np.linalg.solve(info + 1e-12 * np.eye(k), score)
        except np.linalg.LinAlgError:
            return beta, llf, False
        for _half in range(30):
            new = beta + step
            mu_new = _mu(X, new, offset)
            llf_new = nb_loglike(y, mu_new, alpha)
            if np.isfinite(llf_new) and llf_new >= llf - 1e-12:
                break
            step = step / 2
        else:
            return beta, llf, False
        done = abs(llf_new - llf) < tol * (1 + abs(llf)) and np.max(np.abs(step)) < 1e-7
        beta, mu, llf = new, mu_new, llf_new
        if done:
            return beta, llf, True
    return beta, llf, False


def fit_nb2(y, X, offset=None) -> NBFit:
    """Maximum-likelihood NB2 of ``y`` on ``X`` (which holds the constant), alpha profiled.

    Never raises on degenerate data: a fit that fails has ``converged=False`` and the
    reason in ``note``.
    """
    from ._common import collect_warnings

    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    offset = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=float)
    k = X.shape[1]
    with collect_warnings() as caught:
        beta_p, llf_p, ok_p = irls(y, X, 0.0, offset=offset)
        if not ok_p:
            return NBFit(beta=np.full(k, np.nan), alpha=math.nan, llf=math.nan,
                         llf_poisson=math.nan, converged=False, mu=np.full(len(y), np.nan),
                         cov_beta=np.full((k, k), np.nan),
                         note="the Poisson start did not converge (the maximum likelihood "
                              "estimate may not exist: a regressor separates zero and non-zero periods)",
                         warnings=caught)
        cache = {}

        def negative_profile(log_alpha):
            start = cache.get("beta", beta_p)
            beta, llf, ok = irls(y, X, math.exp(log_alpha), start, offset)
            if ok:
                cache["beta"] = beta
            return -llf if np.isfinite(llf) else np.inf

        res = optimize.minimize_scalar(negative_profile, bounds=LOG_ALPHA_BOUNDS, method="bounded",
                                       options={"xatol": 1e-9, "maxiter": 500})
        alpha = math.exp(res.x)
        note = ""
        if alpha < ALPHA_ZERO or -res.fun <= llf_p + 1e-9:
            # the profile rises towards alpha = 0: the maximum is the Poisson boundary
            alpha, beta, llf, ok = 0.0, beta_p, llf_p, True
            note = "alpha at its boundary (0): no overdispersion, the NB2 fit is the Poisson fit"
        else:
            beta, llf, ok = irls(y, X, alpha, cache.get("beta", beta_p), offset)
        converged = bool(ok and res.success)
        cov = np.full((k, k), np.nan)
        if alpha >= POLISH_ALPHA:
            # Newton on the full likelihood in (beta, log alpha) from the profile maximum
            params = np.r_[beta, math.log(alpha)]
            llf = _full_loglike(y, X, offset, params)
            for _ in range(20):
                g, H = _full_derivatives(y, X, offset, params)
                if np.max(np.abs(g)) < 1e-9 or not np.all(np.isfinite(H)):
                    break
                try:
                    step = -np.linalg.solve(H, g)
                except np.linalg.LinAlgError:
                    break
                for _half in range(30):
                    trial = params + step
                    llf_trial = _full_loglike(y, X, offset, trial)
                    if np.isfinite(llf_trial) and llf_trial >= llf - 1e-12:
                        break
                    step = step / 2
                else:
                    break
                params, llf = trial, llf_trial
            g, H = _full_derivatives(y, X, offset, params)
            grad_norm = float(np.max(np.abs(g)))
            beta, alpha = params[:-1], math.exp(params[-1])
            finite = bool(np.all(np.isfinite(H)))
            definite = finite and bool(np.all(np.linalg.eigvalsh((H + H.T) / 2) < 0))
            converged = converged and definite and grad_norm < 1e-5 * max(1.0, abs(llf))
            if definite:
                cov = np.linalg.inv(-H)[:k, :k]
            elif not note:
                note = "the Hessian is not negative definite at the maximum found"
        else:
            # near or at the Poisson boundary the profile is flat in alpha and its
            # maximum is exact enough; the information is the fixed-alpha one
            mu = _mu(X, beta, offset)
            info = (X * (mu / (1 + alpha * mu))[:, None]).T @ X
            try:
                cov = np.linalg.inv(info)
            except np.linalg.LinAlgError:
                converged = False
                note = (note + "; " if note else "") + "singular information matrix"
            grad_norm = float(np.max(np.abs(X.T @ ((y - mu) / (1 + alpha * mu)))))
            converged = converged and grad_norm < 1e-5 * max(1.0, abs(llf))
    mu = _mu(X, beta, offset)
    if not converged and not note:
        note = "the NB2 fit did not converge"
    return NBFit(beta=np.asarray(beta, dtype=float), alpha=alpha, llf=llf, llf_poisson=llf_p,
                 converged=converged, mu=mu, cov_beta=cov, note=note, grad_norm=grad_norm,
                 warnings=caught)


def _full_loglike(y, X, offset, params) -> float:
    return nb_loglike(y, _mu(X, params[:-1], offset), math.exp(params[-1]))


def _full_derivatives(y, X, offset, params):
    """Gradient and Hessian of the NB2 log-likelihood in (beta, log alpha)."""
    from scipy.special import digamma, polygamma

    mu = _mu(X, params[:-1], offset)
    r = math.exp(-params[-1])                # r = 1 / alpha
    rm = r + mu
    d_eta = (y - mu) * r / rm
    d_eta2 = -mu * r * (r + y) / rm**2
    d_r = digamma(y + r) - digamma(r) + np.log(r / rm) + (mu - y) / rm
    d_r2 = polygamma(1, y + r) - polygamma(1, r) + 1 / r - 1 / rm + (y - mu) / rm**2
    d_eta_r = (y - mu) * mu / rm**2
    # theta = log alpha = -log r: dr/dtheta = -r
    d_theta = -r * d_r
    d_theta2 = r**2 * d_r2 + r * d_r
    d_eta_theta = -r * d_eta_r
    k = X.shape[1]
    g = np.r_[X.T @ d_eta, d_theta.sum()]
    H = np.empty((k + 1, k + 1))
    H[:k, :k] = (X * d_eta2[:, None]).T @ X
    H[:k, k] = H[k, :k] = X.T @ d_eta_theta
    H[k, k] = d_theta2.sum()
    return g, H


def score_contributions(fit: NBFit, y, X) -> np.ndarray:
    """Per-period scores of the NB2 coefficients, ``x_t (y_t - mu_t) / (1 + alpha mu_t)``."""
    return X * ((np.asarray(y, float) - fit.mu) / (1.0 + fit.alpha * fit.mu))[:, None]


def information(fit: NBFit, X) -> np.ndarray:
    """Expected information for the coefficients, ``sum x x' mu / (1 + alpha mu)``."""
    w = fit.mu / (1.0 + fit.alpha * fit.mu)
    return (X * w[:, None]).T @ X


def ewc_covariance(fit: NBFit, y, X, nu: int) -> np.ndarray:
    """Sandwich covariance of the coefficients with an equal-weighted cosine (EWC) long-run
    variance of the scores, ``nu`` cosine terms; t-tests use ``nu`` degrees of freedom.

    References
    ----------
    1. Lazarus, E., Lewis, D. J., Stock, J. H. & Watson, M. W. (2018), HAR inference:
       recommendations for practice, JBES 36:541-559.
    2. Müller, U. K. (2014), HAC corrections for strongly autocorrelated time series,
       JBES 32:311-322.
    """
    s = score_contributions(fit, y, X)
    T = len(s)
    t = np.arange(1, T + 1)
    basis = math.sqrt(2.0 / T) * np.cos(np.pi * np.outer(np.arange(1, nu + 1), t - 0.5) / T)
    lam = basis @ s                      # (nu, k)
    omega = lam.T @ lam / nu             # long-run variance of one score
    bread = np.linalg.inv(information(fit, X))
    return bread @ (T * omega) @ bread


def _cosines(T: int, nu: int) -> np.ndarray:
    t = np.arange(1, T + 1)
    return math.sqrt(2.0 / T) * np.cos(np.pi * np.outer(np.arange(1, nu + 1), t - 0.5) / T)


def imhof_positive(eigenvalues: np.ndarray) -> float:
    """P(sum_j lambda_j Z_j^2 > 0) for independent standard normal Z_j (Imhof 1961)."""
    from scipy import integrate

    lam = np.asarray(eigenvalues, dtype=float)
    lam = lam[np.abs(lam) > 1e-12 * np.max(np.abs(lam))]
    if not len(lam):
        return 0.5
    if np.all(lam > 0):
        return 1.0
    if np.all(lam < 0):
        return 0.0

    def integrand(u):
        theta = 0.5 * np.sum(np.arctan(lam * u))
        rho = np.exp(0.25 * np.sum(np.log1p((lam * u) ** 2)))
        return math.sin(theta) / (u * rho)

    # truncate where Imhof's bound on the neglected tail falls below 1e-9:
    # |tail| <= 2 / (pi r U^(r/2) prod |lambda|^(1/2))
    r = len(lam)
    log_prod = 0.5 * np.sum(np.log(np.abs(lam)))
    upper = math.exp((math.log(2 / (math.pi * r * 1e-9)) - log_prod) * 2 / r)
    # split at the scale of the eigenvalues so the oscillations are integrated piecewise
    knots = np.unique(np.clip(np.r_[0.0, 1 / np.abs(lam), upper], 0, upper))
    knots = np.r_[knots[knots < upper], upper]
    value = 0.0
    for lo, hi in zip(knots[:-1], knots[1:]):
        part, _ = integrate.quad(integrand, lo, hi, limit=200, epsabs=1e-11, epsrel=1e-9)
        value += part
    return float(min(1.0, max(0.0, 0.5 + value / math.pi)))


def ewc_t_test(fit: NBFit, y, X, coef: int, nu: int) -> tuple[float, float, float, float]:
    """EWC t-test of one NB2 coefficient against its design-specific fixed-b law.

    See :func:`fixed_b_t_test`; the weights are the fitted Fisher weights
    ``mu / (1 + alpha mu)``.  Returns ``(t, p, se, critical value at 5%)``.
    """
    w = fit.mu / (1.0 + fit.alpha * fit.mu)
    return fixed_b_t_test(float(fit.beta[coef]), score_contributions(fit, y, X), X, w, coef, nu)


def fixed_b_t_test(estimate: float, scores: np.ndarray, X: np.ndarray, w: np.ndarray,
                   coef: int, nu: int) -> tuple[float, float, float, float]:
    """t-test of ``estimate = 0`` with an EWC standard error and its exact fixed-b law.

    ``scores`` are the per-period score contributions at the estimate (T x k), ``w``
    the working weights of the (generalised) least-squares problem (1 for OLS).  With a
    regressor such as a time trend, the estimated scores are orthogonal to it, which
    removes part of the low-frequency cosine terms the EWC estimator relies on; the
    t(nu) reference of the location model then rejects too often (9-10% at 5% on iid
    Poisson series).  Under the null the statistic's fixed-b limit is the same function
    of Gaussian scores with variances ``w``, pushed through the linearised estimator and
    the same long-run variance: a ratio of quadratic forms, whose tail probability is
    computed exactly (Imhof's method).  Returns ``(t, p, se, critical value at 5%)``.

    References
    ----------
    1. Kiefer, N. M. & Vogelsang, T. J. (2005), A new asymptotic theory for
       heteroskedasticity-autocorrelation robust tests, Econometric Theory 21:1130-1164.
    2. Lazarus, Lewis, Stock & Watson (2018), JBES 36:541-559.
    3. Imhof, J. P. (1961), Computing the distribution of quadratic forms in normal
       variables, Biometrika 48:419-426.
    """
    T = len(X)
    C = _cosines(T, nu)
    Hinv = np.linalg.inv((X * w[:, None]).T @ X)
    a = Hinv[coef]
    xa = X @ a
    # observed: EWC standard error from the fitted scores
    proj = C @ (scores @ a)
    se = math.sqrt(T * np.sum(proj**2) / nu)
    t_obs = estimate / se
    # null: numerator g'z, cosine terms B z, with z standard normal (u = sqrt(w) z)
    sw = np.sqrt(w)
    g = sw * xa
    Cx = C * xa[None, :]
    # u -> u - W X (beta_hat - beta): the cosine terms of the scores at the estimate
    B = (Cx - ((Cx @ (w[:, None] * X)) @ Hinv) @ X.T) * sw[None, :]
    V = np.column_stack([g, B.T])
    _, R = np.linalg.qr(V)

    def tail(c: float) -> float:
        S = np.diag(np.r_[1.0, np.full(nu, -c * c * T / nu)])
        return imhof_positive(np.linalg.eigvalsh(R @ S @ R.T))

    p = tail(abs(t_obs))
    crit = optimize.brentq(lambda c: tail(c) - 0.05, 0.5, 100.0, xtol=1e-6)
    return float(t_obs), float(p), float(se), float(crit)


EWC_MIN_TERMS = 4
EWC_MAX_TERMS = 8


def ewc_terms(T: int, residuals=None) -> int:
    """Cosine terms for the EWC long-run variance: 8 (LLSW's ``floor(0.4 T^(2/3))``
    when smaller), or 4 when the residuals show any sign of persistence.

    The EWC estimator's bias grows with ``nu`` and with the residuals' persistence.
    With a handful of bursts in a series the persistence cannot be measured well
    enough to tune ``nu`` to it (an ARMA(1,1) plug-in still rejected a true null 9-10%
    of the time on weekly series with 8-week bursts), so the rule is coarse on
    purpose: a lag-1 autocorrelation of the residuals above ``1 / sqrt(T)`` gives the
    smallest number of terms.  docs/calibration.md has the resulting sizes and powers.

    References
    ----------
    1. Lazarus, Lewis, Stock & Watson (2018), JBES 36:541-559.
    2. Sun, Y. (2013), A heteroskedasticity and autocorrelation robust F test using an
       orthonormal series variance estimator, Econometrics Journal 16:1-26.
    """
    cap = max(EWC_MIN_TERMS, min(EWC_MAX_TERMS, int(math.floor(0.4 * T ** (2.0 / 3.0)))))
    if residuals is None:
        return cap
    r = np.asarray(residuals, dtype=float)
    r = r - r.mean()
    denom = float(r @ r)
    if denom <= 0 or T < 10:
        return cap
    r1 = float(r[1:] @ r[:-1]) / denom
    return EWC_MIN_TERMS if r1 > 1 / math.sqrt(T) else cap
