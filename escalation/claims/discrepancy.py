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
(zero below) or ``undefined``; ``log_ratio`` only for points.  An admission of 0 is a
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

#: Third-party claimants whose figures count as independent (UN bodies).
INDEPENDENT_ORGS = ("UNAMA", "UN")
PAIR_KEY = ["event_id", "subject_state", "subject_group", "outcome"]
_SIDE_COLS = ["claim_id", "claimant_side", "claimant_org", "subject_category", "qualifier",
              "number", "low", "high", "claim_date", "current_from", "current_until"]


def ratio_bounds(a_low, a_high, b_low, b_high, a_number, b_number) -> pd.DataFrame:
    """Vectorised interval ratio ``a / b`` with its kind (see the module docstring)."""
    a_low, a_high, b_low, b_high = (np.asarray(x, dtype=float) for x in (a_low, a_high, b_low, b_high))
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(np.isinf(b_high), 0.0, a_low / b_high)
        high = np.where(b_low == 0, np.inf, a_high / b_low)
        ratio = np.asarray(a_number, dtype=float) / np.asarray(b_number, dtype=float)
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
    far = pd.Timestamp.max
    a_until = pairs["current_until_a"].fillna(far)
    b_until = pairs["current_until_b"].fillna(far)
    return (pairs["current_from_a"] <= b_until) & (pairs["current_from_b"] <= a_until)


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


def pool_discrepancies(d: pd.DataFrame, by: str = "claimant_side", *, n_resamples: int = 9999,
                       seed: int = 2026, min_bootstrap: int = 8) -> pd.DataFrame:
    """Pool adversary-vs-admission ratios of killed across events, per ``by``.

    One comparable killed pair per event (combatants before civilians), umbrella rows
    left out.  Reports the geometric mean of the stated ratios, of the lower bounds and
    of the upper bounds (``inf`` where any pair is open above).  With at least
    ``min_bootstrap`` events, a seeded BCa ``scipy.stats.bootstrap`` interval for the
    geometric mean of stated ratios over events; otherwise the min-max range and n.

    Examples
    --------
    >>> import escalation as esc
    >>> p = esc.pool_discrepancies(esc.discrepancies(esc.load_claims()))
    >>> p.loc[p.claimant_side_a == "AFG", "n_events"].item()
    3
    """
    by_col = f"{by}_a" if f"{by}_a" in d.columns else by
    keep = d[(d["basis"] == "adversary_vs_admission") & (d["outcome"] == "killed")
             & d["comparable"] & ~d["is_umbrella"] & (d["ratio_kind"] != "undefined")]
    keep = keep.sort_values(["event_id", "subject_group", "claim_id_a"])  # combatant < civilian
    keep = keep.drop_duplicates(["event_id", by_col], keep="first")
    rows = []
    for group, g in keep.groupby(by_col, sort=True):
        log_r = np.log(g["ratio"].to_numpy(dtype=float))
        row = {
            by_col: group,
            "n_events": len(g),
            "events": ";".join(g["event_id"]),
            "gm_ratio": float(np.exp(np.mean(log_r))) if len(g) else math.nan,
            "gm_ratio_low": _gm(g["ratio_low"]),
            "gm_ratio_high": _gm(g["ratio_high"]),
            "min_ratio": float(g["ratio"].min()),
            "max_ratio": float(g["ratio"].max()),
        }
        if len(g) >= min_bootstrap and np.isfinite(log_r).all():
            from scipy import stats

            res = stats.bootstrap((log_r,), np.mean, n_resamples=n_resamples, method="BCa",
                                  random_state=np.random.default_rng(seed))
            row.update(ci_low=float(np.exp(res.confidence_interval.low)),
                       ci_high=float(np.exp(res.confidence_interval.high)),
                       ci_method=f"bootstrap BCa, {n_resamples} resamples, seed {seed}")
        else:
            row.update(ci_low=row["min_ratio"], ci_high=row["max_ratio"],
                       ci_method=f"min-max (n={len(g)} < {min_bootstrap}: no bootstrap)")
        row["convention"] = g["convention"].iloc[0]
        rows.append(row)
    return pd.DataFrame(rows)


def _gm(values: pd.Series) -> float:
    v = values.to_numpy(dtype=float)
    if np.isinf(v).any():
        return math.inf
    if (v == 0).any():
        return 0.0
    return float(np.exp(np.mean(np.log(v))))
