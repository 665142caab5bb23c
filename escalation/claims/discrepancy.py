"""How far apart the two sides' casualty claims are, with honest uncertainty.

A discrepancy pairs two current claims about the same losses: the same event (or umbrella
row), ``subject_state``, ``subject_group`` (civilians or combatants) and ``outcome``.

``adversary_vs_admission``
    One government's claim about the other side's losses against that side's own
    admission (Kabul's 55 Pakistani soldiers killed against ISPR's 12).
``claim_vs_independent``
    A side's claim against a UN figure (UNAMA, UN): the informative comparison for
    civilians.

With claim ``a = [a_lo, a_hi]`` and reference ``b = [b_lo, b_hi]``: ``ratio`` is stated
number over stated number, ``ratio_low = a_lo / b_hi``, ``ratio_high = a_hi / b_lo``;
``ratio_kind`` is ``point``, ``interval``, ``lower_bound`` (open above), ``upper_bound``
(zero below) or ``undefined``; ``log_ratio`` only for points.  The stated ratio uses
each stated number moved into its own interval ("more than 200" counts as 201), so it
never lies outside its bounds.  An admission of 0 is a
``denial``: its ratio is undefined and it is reported as its own category.

References
----------
Interval arithmetic for ratios: Moore, Kearfott & Cloud (2009), *Introduction to Interval
Analysis*, SIAM, ch. 2.  Log ratios and geometric means of discrepancy: methods notes,
section 3 (Airwars vs coalition claims; Hezbollah 2006; Taliban 2008).  Bootstrap:
Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ``scipy.stats.bootstrap``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .asof import current_claims

#: Fewest events for a BCa bootstrap interval of a pooled ratio (Student t below).
MIN_POOL_BOOTSTRAP = 20

#: Third-party claimants whose figures count as independent (UN bodies).
INDEPENDENT_ORGS = ("UNAMA", "UN")
PAIR_KEY = ["event_id", "subject_state", "subject_group", "outcome"]
_SIDE_COLS = ["claim_id", "claimant_side", "claimant_org", "subject_category", "qualifier",
              "number", "low", "high", "claim_date", "current_from", "current_until"]


def ratio_bounds(a_low, a_high, b_low, b_high, a_number, b_number) -> pd.DataFrame:
    """Vectorised interval ratio ``a / b`` with its kind (see the module docstring).

    The stated ratio uses each stated number moved into its own interval ("more than
    200" is at least 201), so it never falls outside ``[ratio_low, ratio_high]``.

    Parameters
    ----------
    a_low, a_high : array of float
        The claim's interval, one entry per pair (``a_high`` may be ``inf``).
    b_low, b_high : array of float
        The reference's interval (the figure the claim is compared with).
    a_number, b_number : array of float
        The stated numbers (NaN where none was stated).

    Returns
    -------
    DataFrame
        One row per pair: ``ratio`` (stated over stated, NaN where undefined),
        ``ratio_low`` (``a_low / b_high``; 0 when ``b_high`` is ``inf``),
        ``ratio_high`` (``a_high / b_low``; ``inf`` when ``b_low`` is 0), ``ratio_kind``
        (``point``, ``interval``, ``lower_bound``, ``upper_bound`` or ``undefined``:
        either interval unknown, a reference of exactly 0, or bounds ``[0, inf)``) and
        ``log_ratio`` (for points only).

    References
    ----------
    1. Moore, R. E., Kearfott, R. B. & Cloud, M. J. (2009), *Introduction to Interval
       Analysis*, SIAM, ch. 2 (interval division).

    Examples
    --------
    >>> r = ratio_bounds([201], [float("inf")], [9], [9], [200], [9])
    >>> round(float(r.ratio[0]), 2), r.ratio_kind[0]
    (22.33, 'lower_bound')
    """
    a_low, a_high, b_low, b_high = (np.asarray(x, dtype=float) for x in (a_low, a_high, b_low, b_high))
    a_point = np.clip(np.asarray(a_number, dtype=float), a_low, a_high)
    b_point = np.clip(np.asarray(b_number, dtype=float), b_low, b_high)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(np.isinf(b_high), 0.0, a_low / b_high)
        high = np.where(b_low == 0, np.inf, a_high / b_low)
        ratio = a_point / b_point
    undefined = (np.isnan(a_low) | np.isnan(b_low) | (b_high == 0)
                 | ((low == 0) & np.isinf(high)))
    kind = np.select(
        [undefined, low == high, np.isinf(high), low == 0],
        ["undefined", "point", "lower_bound", "upper_bound"],
        default="interval",
    )
    ratio = np.where(~np.isfinite(ratio) | (b_high == 0), np.nan, ratio)
    low = np.where(undefined, np.nan, low)
    high = np.where(undefined, np.nan, high)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.where(kind == "point", np.log(ratio), np.nan)
    return pd.DataFrame({"ratio": ratio, "ratio_low": low, "ratio_high": high,
                         "ratio_kind": kind, "log_ratio": log_ratio})


def _overlapping(pairs: pd.DataFrame) -> pd.Series:
    """Both claims were current on some common day."""
    # a claim still current (no end) overlaps everything after its start
    a_open, b_open = pairs["current_until_a"].isna(), pairs["current_until_b"].isna()
    return ((a_open | (pairs["current_from_b"] <= pairs["current_until_a"]))
            & (b_open | (pairs["current_from_a"] <= pairs["current_until_b"])))


def discrepancies(claims: pd.DataFrame, as_of=None, *, history: bool = False,
                  events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pair each side's claims about the same losses and measure how far apart they are.

    Parameters
    ----------
    claims : DataFrame
        Validated claims (:func:`escalation.load_claims`).
    as_of : date-like, optional
        Use the claims current at the end of this day; ``None`` uses all.
    history : bool
        Every pairing that was current at some time (both claims current on a common
        day), so superseded pairs (ISPR's 274 against Kabul's first "at least eight")
        stay visible.
    events : DataFrame, optional
        To flag umbrella rows (``is_umbrella``); the bundled events by default when the
        claims are the bundled ones' ids.

    Returns
    -------
    DataFrame
        One row per pairing: ``basis``, the claim (``*_a``) and the reference (``*_b``)
        with their intervals, ``ratio``, ``ratio_low``, ``ratio_high``, ``ratio_kind``,
        ``log_ratio``, ``comparable`` (subject categories match), ``denial``, the
        independent figure for the same losses where there is one (``independent_*``),
        ``is_umbrella``, ``convention`` and ``as_of``.

    References
    ----------
    1. Moore, R. E., Kearfott, R. B. & Cloud, M. J. (2009), *Introduction to Interval
       Analysis*, SIAM, ch. 2.
    2. The package codebook, ``data/README.md`` (claims and as-of selection).

    Examples
    --------
    >>> import escalation as esc
    >>> d = esc.discrepancies(esc.load_claims())
    >>> row = d[(d.claim_id_a == "CL-082") & (d.claim_id_b == "CL-075")].iloc[0]
    >>> round(float(row.ratio), 2), row.ratio_kind, bool(row.comparable)
    (4.58, 'point', True)
    """
    cur = current_claims(claims, as_of, history=history)
    side = cur[["claimant_side", "subject_state"]]
    is_own = side["claimant_side"] == side["subject_state"]
    is_independent = (side["claimant_side"] == "THIRD") & cur["claimant_org"].isin(INDEPENDENT_ORGS)
    is_adversary = (side["claimant_side"] != "THIRD") & ~is_own
    cols = PAIR_KEY + _SIDE_COLS
    adversary = cur.loc[is_adversary, cols]
    own = cur.loc[is_own, cols]
    independent = cur.loc[is_independent, cols]
    government = cur.loc[is_adversary | is_own, cols]

    parts = []
    for basis, left, right in (("adversary_vs_admission", adversary, own),
                               ("claim_vs_independent", government, independent)):
        pairs = left.merge(right, on=PAIR_KEY, suffixes=("_a", "_b"))
        if history:
            pairs = pairs[_overlapping(pairs)]
        pairs.insert(0, "basis", basis)
        parts.append(pairs)
    out = pd.concat(parts, ignore_index=True)
    out = out.drop(columns=["current_from_a", "current_until_a", "current_from_b",
                            "current_until_b"])
    out = pd.concat([out, ratio_bounds(out["low_a"], out["high_a"], out["low_b"],
                                       out["high_b"], out["number_a"], out["number_b"])],
                    axis=1)
    out["comparable"] = out["subject_category_a"] == out["subject_category_b"]
    out["denial"] = (out["basis"] == "adversary_vs_admission") & (out["high_b"] == 0)

    ind = independent.rename(columns={"claim_id": "independent_claim_id",
                                      "claimant_org": "independent_org",
                                      "low": "independent_low", "high": "independent_high"})
    ind = ind.sort_values("claim_date").drop_duplicates(PAIR_KEY, keep="last")
    out = out.merge(ind[PAIR_KEY + ["independent_claim_id", "independent_org",
                                    "independent_low", "independent_high"]],
                    on=PAIR_KEY, how="left")
    umbrella = _umbrella_ids(events)
    out["is_umbrella"] = out["event_id"].isin(umbrella) | out["event_id"].str.contains("-U", regex=False)
    out["convention"] = claims["convention"].iloc[0] if "convention" in claims and len(claims) else "default"
    out["as_of"] = pd.Timestamp(as_of) if as_of is not None else pd.NaT
    return out.sort_values(["event_id", "basis", "claim_id_a", "claim_id_b"]).reset_index(drop=True)


def _umbrella_ids(events: pd.DataFrame | None) -> set[str]:
    if events is None or "is_umbrella" not in events:
        return set()
    return set(events.loc[events["is_umbrella"], "event_id"])


POOL_COLUMNS_TAIL = ["n_events", "events", "n_censored", "gm_ratio", "gm_ratio_low",
                     "gm_ratio_high", "min_ratio", "max_ratio", "ci_low", "ci_high", "ci_level",
                     "ci_method", "n_left_out", "note", "convention"]


def _leave_out_reason(d: pd.DataFrame) -> pd.Series:
    """Why a killed adversary-vs-admission pair is not pooled ('' when it is)."""
    vague_claim = d["ratio_kind"] == "undefined"
    reason = np.select(
        [d["is_umbrella"], ~d["comparable"], d["denial"], vague_claim],
        ["umbrella (covers several events)", "not comparable (different subject categories)",
         "denial (admitted 0: no ratio)", "vague (no finite bound on the ratio)"],
        default="")
    return pd.Series(reason, index=d.index)


def pool_discrepancies(d: pd.DataFrame, by: str = "claimant_side", *, n_resamples: int = 9999,
                       seed: int = 2026, min_bootstrap: int = MIN_POOL_BOOTSTRAP,
                       level: float = 0.95) -> pd.DataFrame:
    """Pool adversary-vs-admission ratios of killed across events, per ``by``.

    One comparable killed pair per event (combatants before civilians); umbrella rows,
    pairs of different subject categories, denials and vague pairs are left out and
    counted in ``note``.  A ratio is an interval ``[ratio_low, ratio_high]``, open when a
    claim is ("more than 200"), so the pooled geometric mean is reported as bounds:
    ``gm_ratio_low`` and ``gm_ratio_high`` are the geometric means of the events' lower
    and upper bounds (0 or ``inf`` where any event's bound is), which carry each claim's
    own width.  ``gm_ratio``, the geometric mean of the stated ratios, is given only
    when no ratio is censored (open above or zero below): a lower bound is never
    averaged as if it were exact [2].

    The 95% interval joins the sampling uncertainty of both bounds: its lower end is
    the lower confidence limit of the mean log lower bound, its upper end the upper
    limit of the mean log upper bound (a conservative interval for a partially
    identified mean) [3].  From ``min_bootstrap`` (20) events on, the limits are seeded
    BCa bootstrap limits; below, Student-t limits on the log ratios (BCa covers only
    82-89% at n = 8-12) [1].  One event: no interval.

    Parameters
    ----------
    d : DataFrame
        From :func:`escalation.discrepancies`.
    by : str
        Grouping: ``claimant_side`` (the side making the claim) by default.
    n_resamples, seed : int
        For the bootstrap.
    min_bootstrap : int
        Fewest events for a BCa interval.
    level : float
        Confidence level.

    Returns
    -------
    DataFrame
        One row per group that has any killed adversary-vs-admission pair: the group,
        ``n_events``, ``events``, ``n_censored``, ``gm_ratio``, ``gm_ratio_low``,
        ``gm_ratio_high``, ``min_ratio``, ``max_ratio`` (stated ratios), ``ci_low``,
        ``ci_high``, ``ci_level``, ``ci_method``, ``n_left_out``, ``note`` (what was left
        out and why), ``convention``.

    References
    ----------
    1. Efron, B. & Tibshirani, R. J. (1993), *An Introduction to the Bootstrap*,
       Chapman & Hall, ch. 14 (BCa) and 12 (small samples).
    2. Moore, R. E., Kearfott, R. B. & Cloud, M. J. (2009), *Introduction to Interval
       Analysis*, SIAM, ch. 2.
    3. Imbens, G. W. & Manski, C. F. (2004), Confidence intervals for partially
       identified parameters, Econometrica 72:1845-1857.

    Examples
    --------
    >>> import escalation as esc
    >>> p = esc.pool_discrepancies(esc.discrepancies(esc.load_claims()))
    >>> p.loc[p.claimant_side_a == "AFG", "n_events"].item()
    3
    """
    by_col = f"{by}_a" if f"{by}_a" in d.columns else by
    cand = d[(d["basis"] == "adversary_vs_admission") & (d["outcome"] == "killed")].copy()
    cand["reason"] = _leave_out_reason(cand)
    cand = cand.sort_values(["event_id", "subject_group", "claim_id_a", "claim_id_b"])
    usable = cand["reason"] == ""
    repeat = usable & cand.duplicated(["event_id", by_col], keep="first")
    cand.loc[repeat, "reason"] = "another pair for the same event"
    rows = []
    for group, g in cand.groupby(by_col, sort=True):
        use = g[g["reason"] == ""]
        left = g.loc[g["reason"] != "", "reason"].value_counts()
        note = ("; ".join(f"{n} left out: {r}" for r, n in left.items()) if len(left) else "")
        row = {by_col: group, "n_events": len(use), "events": ";".join(use["event_id"]),
               "n_left_out": int(left.sum()), "ci_level": level,
               "convention": g["convention"].iloc[0] if "convention" in g else "default"}
        row.update(_pool_one(use, n_resamples, seed, min_bootstrap, level))
        row["note"] = "; ".join(x for x in (row.pop("_note"), note) if x)
        rows.append(row)
    return pd.DataFrame(rows, columns=[by_col, *POOL_COLUMNS_TAIL])


def _pool_one(use: pd.DataFrame, n_resamples, seed, min_bootstrap, level) -> dict:
    n = len(use)
    out = {"n_censored": 0, "gm_ratio": math.nan, "gm_ratio_low": math.nan,
           "gm_ratio_high": math.nan, "min_ratio": math.nan, "max_ratio": math.nan,
           "ci_low": math.nan, "ci_high": math.nan, "ci_method": "", "_note": ""}
    if n == 0:
        out["_note"] = "no pair to pool"
        return out
    lo = use["ratio_low"].to_numpy(dtype=float)
    hi = use["ratio_high"].to_numpy(dtype=float)
    stated = use["ratio"].to_numpy(dtype=float)
    censored = int(np.sum((lo == 0) | np.isinf(hi)))
    with np.errstate(divide="ignore"):
        log_lo, log_hi = np.log(lo), np.log(hi)
    out.update(n_censored=censored, gm_ratio_low=float(np.exp(np.mean(log_lo))),
               gm_ratio_high=float(np.exp(np.mean(log_hi))),
               min_ratio=float(np.nanmin(stated)) if np.isfinite(stated).any() else math.nan,
               max_ratio=float(np.nanmax(stated)) if np.isfinite(stated).any() else math.nan)
    if censored == 0 and np.all(np.isfinite(stated)) and np.all(stated > 0):
        out["gm_ratio"] = float(np.exp(np.mean(np.log(stated))))
    else:
        out["_note"] = (f"{censored} of {n} ratios censored (open-ended claims): gm_ratio is "
                        "not given, read gm_ratio_low and gm_ratio_high")
    if n == 1:
        out["ci_method"] = "none (one event)"
        return out
    if n >= min_bootstrap:
        low_end = _bca_limit(log_lo, n_resamples, seed, level, "low")
        high_end = _bca_limit(log_hi, n_resamples, seed, level, "high")
        method = f"bootstrap BCa on log bounds, {n_resamples} resamples, seed {seed}"
    else:
        low_end = _t_interval(log_lo, level)[0] if np.all(np.isfinite(log_lo)) else -math.inf
        high_end = _t_interval(log_hi, level)[1] if np.all(np.isfinite(log_hi)) else math.inf
        method = f"Student t on log bounds (n={n} < {min_bootstrap}: no bootstrap)"
    out.update(ci_low=float(np.exp(low_end)), ci_high=float(np.exp(high_end)), ci_method=method)
    return out


def _t_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Student-t interval for the mean of ``values`` (NaN with fewer than two)."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    if len(v) < 2 or not np.all(np.isfinite(v)):
        return math.nan, math.nan
    half = stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
    return float(v.mean() - half), float(v.mean() + half)


def _bca_limit(values: np.ndarray, n_resamples: int, seed: int, level: float, side: str) -> float:
    """One BCa limit for the mean of ``values`` (an infinite value makes it infinite)."""
    if not np.all(np.isfinite(values)):
        return -math.inf if side == "low" else math.inf
    if np.all(values == values[0]):
        return float(values[0])
    from scipy import stats

    res = stats.bootstrap((values,), np.mean, n_resamples=n_resamples, method="BCa",
                          confidence_level=level, random_state=np.random.default_rng(seed))
    ci = res.confidence_interval
    return float(ci.low if side == "low" else ci.high)
