"""Trend in event counts: negative-binomial rate trend and Mann-Kendall (Hamed-Rao)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._common import HAC_LAGS, MIN_NONZERO, describe, finish, groups, quietly

COLUMNS = ["group", "method", "estimate", "estimate_name", "ci_low", "ci_high", "statistic",
           "p_value"]
NB_REFERENCE = ("Cameron & Trivedi (2013), Regression Analysis of Count Data, 2nd ed., ch. 3; "
                "boundary LR test: Self & Liang (1987), JASA 82:605-610; HAC: Newey & West (1987)")
MK_REFERENCE = ("Mann (1945); Kendall (1975); Hamed & Rao (1998), J. Hydrology 204:182-196; "
                "Sen (1968), JASA 63:1379-1389")


def mann_kendall(x, alpha: float = 0.05) -> dict:
    """Mann-Kendall test with tie correction and the Hamed-Rao variance correction.

    Returns ``s``, ``var_s``, ``z``, ``p_value`` (two-sided), ``tau`` and ``sen_slope``
    (median pairwise slope per period).  Follows Hamed & Rao (1998): the variance of S is
    inflated by the significant autocorrelations of the ranks of the Sen-detrended series.
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    i, j = np.triu_indices(n, k=1)
    diff = x[j] - x[i]
    s = float(np.sign(diff).sum())
    _, counts = np.unique(x, return_counts=True)
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18.0
    slope = float(np.median(diff / (j - i)))
    ranks = sps.rankdata(x - slope * np.arange(1, n + 1))
    r = ranks - ranks.mean()
    acov = np.correlate(r, r, "full")[n - 1:] / n
    acf = acov / acov[0] if acov[0] > 0 else np.zeros(n)
    bound = sps.norm.ppf(1 - alpha / 2) / math.sqrt(n)
    k = np.arange(1, n)
    significant = np.abs(acf[1:]) > bound
    sni = np.sum(((n - k) * (n - k - 1) * (n - k - 2) * acf[1:])[significant])
    var_s *= 1 + 2 / (n * (n - 1) * (n - 2)) * sni
    if var_s <= 0:
        z = p = math.nan
    else:
        z = (s - np.sign(s)) / math.sqrt(var_s)
        p = 2 * sps.norm.sf(abs(z))
    return {"s": s, "var_s": float(var_s), "z": float(z), "p_value": float(p),
            "tau": s / (0.5 * n * (n - 1)), "sen_slope": slope}


def _nb_trend(y: np.ndarray, days: np.ndarray) -> dict:
    import statsmodels.api as sm

    t = days / 30.0  # IRR per 30 days
    X = sm.add_constant(t)
    nb, warn = quietly(sm.NegativeBinomial(y, X).fit, disp=0, maxiter=200,
                       cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS})
    pois, _ = quietly(sm.Poisson(y, X).fit, disp=0, maxiter=200)
    beta, se = float(nb.params[1]), float(nb.bse[1])
    lr = max(0.0, 2 * (nb.llf - pois.llf))
    return {
        "estimate": math.exp(beta), "estimate_name": "IRR per 30 days",
        "ci_low": math.exp(beta - 1.96 * se), "ci_high": math.exp(beta + 1.96 * se),
        "statistic": beta / se, "p_value": 2 * sps.norm.sf(abs(beta / se)),
        "alpha": float(nb.params[-1]),
        "overdispersion_lr": lr, "overdispersion_p": 0.5 * sps.chi2.sf(lr, 1),
        "converged": bool(nb.mle_retvals.get("converged", False)),
        "warnings": "; ".join(warn),
    }


def trend_fit(series: pd.DataFrame, value: str = "n_events") -> pd.DataFrame:
    """The fitted NB2 mean per period for each direction that :func:`trend` estimates.

    Long form (``group``, ``period``, ``fitted``), for drawing the trend over the counts;
    directions with fewer than 10 non-zero periods are left out, as in :func:`trend`.
    """
    import statsmodels.api as sm

    frames = []
    for name, g in groups(series, value):
        y = g[value].to_numpy(dtype=float)
        if np.sum(y > 0) < MIN_NONZERO:
            continue
        t = (g["period"] - g["period"].iloc[0]).dt.days.to_numpy(dtype=float) / 30.0
        X = sm.add_constant(t)
        try:
            fit, _ = quietly(sm.NegativeBinomial(y, X).fit, disp=0, maxiter=200)
        except Exception:  # reported by trend(); nothing to draw
            continue
        frames.append(pd.DataFrame({"group": name, "period": g["period"].to_numpy(),
                                    "fitted": np.exp(X @ np.asarray(fit.params[:2]))}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["group", "period", "fitted"])


def trend(series: pd.DataFrame, value: str = "n_events") -> pd.DataFrame:
    """Trend in a count per direction: NB2 rate trend and Mann-Kendall (Hamed-Rao).

    For each direction (or dyad) of a series from :func:`escalation.build_series`:

    - ``negative_binomial``: discrete NB2 (statsmodels ``NegativeBinomial``, alpha by
      maximum likelihood) of the count on time, HAC (Newey-West, 4 lags) errors; the
      estimate is the incidence-rate ratio per 30 days; overdispersion by the
      likelihood-ratio test against Poisson with its boundary null (half chi-square(1)).
    - ``mann_kendall_hamed_rao``: Mann-Kendall S with tie correction and the Hamed-Rao
      autocorrelation correction; the estimate is Sen's slope per period.

    Fewer than 10 non-zero periods give NaN with the reason in ``note``.  Holm-adjusted
    p-values (``p_holm``) treat the table as one family.

    References
    ----------
    Cameron & Trivedi (2013); Self & Liang (1987); Newey & West (1987); Mann (1945);
    Kendall (1975); Hamed & Rao (1998); Sen (1968).

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.build_series(esc.code_events(esc.load_events()), freq="W", since="2025-01-01")
    >>> t = esc.stats.trend(s)
    >>> sorted(t.method.unique())
    ['mann_kendall_hamed_rao', 'negative_binomial']
    """
    rows = []
    for name, g in groups(series, value):
        y = g[value].to_numpy(dtype=float)
        base = {"group": name, **describe(y), "value": value,
                "n_nonzero": int(np.sum(y > 0))}
        days = (g["period"] - g["period"].iloc[0]).dt.days.to_numpy(dtype=float)
        nb = {"method": "negative_binomial", "reference": NB_REFERENCE,
              "defaults": f"NB2, alpha by MLE, HAC maxlags={HAC_LAGS}, time in 30-day units"}
        mk = {"method": "mann_kendall_hamed_rao", "reference": MK_REFERENCE,
              "defaults": "two-sided, alpha=0.05 for significant rank autocorrelations",
              "estimate_name": "Sen slope per period"}
        if base["n_nonzero"] < MIN_NONZERO:
            note = f"fewer than {MIN_NONZERO} non-zero periods ({base['n_nonzero']}): not estimated"
            rows += [{**base, **nb, "note": note}, {**base, **mk, "note": note}]
            continue
        try:
            nb.update(_nb_trend(y, days))
        except Exception as exc:  # statsmodels raises many types on degenerate data
            nb["note"] = f"negative binomial not estimated: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        res = mann_kendall(y)
        mk.update(estimate=res["sen_slope"], statistic=res["z"], p_value=res["p_value"],
                  tau=res["tau"])
        rows += [{**base, **nb}, {**base, **mk}]
    return finish(rows, COLUMNS)
