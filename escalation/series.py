"""Time series of coded events: per direction of a dyad, or per undirected dyad.

Defaults (declared once, listed in the README):

- ``freq="W"``: ISO weeks labelled by their Monday (``"D"`` days, ``"M"`` months by their
  first day);
- directed series of state actions on dyadic rungs; militant attacks only with
  ``include_nonstate=True``; umbrella, out-of-scope and uncoded rows never count;
- a mutual exchange counts once in each direction and is flagged (``n_mutual``); mutual
  de-escalation (ceasefires, talks, mediation) belongs to the undirected ``by="dyad"``
  series;
- an imprecise event (a week, month or period span) counts in the period of its
  ``date_start`` and is flagged in every period its span touches (``n_imprecise``);
- the grid runs from ``since`` to ``until`` (default: the first and last counted event)
  with every period present and counts zero-filled; peaks are NaN in empty periods;
- ``mean_level`` averages hostile rungs (level > 0) only: a convenience on an ordinal
  scale, NaN when there are none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .periods import FREQS, period_start
from .scale import EscalationScale

DEFAULT_FREQ = "W"
DIRECTED = ("actor_state", "target_state")
NONSTATE = "NONSTATE"


def _periods(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    step = {"D": "D", "W": "7D", "M": "MS"}[freq]
    return pd.date_range(start, end, freq=step)


def _scale_for(coded: pd.DataFrame, scale: EscalationScale | None) -> EscalationScale:
    if scale is not None:
        return scale
    name = coded.attrs.get("scale", "default")
    if name in ("default", "mid_hostility"):
        return EscalationScale.shipped(name)
    raise ValueError(f"these events were coded on ladder {name!r}: pass the same ladder as scale=")


def build_series(
    coded: pd.DataFrame,
    freq: str = DEFAULT_FREQ,
    by: str | Sequence[str] = DIRECTED,
    since=None,
    until=None,
    include_nonstate: bool = False,
    *,
    claims: pd.DataFrame | None = None,
    as_of=None,
    scale: EscalationScale | None = None,
) -> pd.DataFrame:
    """Count coded events per period and direction (or per dyad), zero-filled.

    Parameters
    ----------
    coded : DataFrame
        Output of :func:`escalation.code_events`.
    freq : {"D", "W", "M"}
        Day, ISO week (labelled by its Monday) or month (labelled by its first day).
    by : ("actor_state", "target_state") or "dyad"
        Directed series (both directions of every dyad, even one with no events) or the
        undirected dyad series, which also counts mutual de-escalation.
    since, until : date-like, optional
        The study window; periods outside it are dropped, periods inside all present.
    include_nonstate : bool
        Count militant attacks (``actor_state`` shown as ``NONSTATE``).
    claims : DataFrame, optional
        Adds claimed killed per (claimant side, subject state) per period, as
        ``claimed_killed_<SIDE>_about_<STATE>_low/high`` (see
        :func:`escalation.claimed_killed`), latest as of ``as_of``.
    scale : EscalationScale, optional
        The ladder ``coded`` used (read from ``coded.attrs["scale"]`` by default).

    Returns
    -------
    DataFrame
        One row per period and direction: ``period``, ``iso_year``, ``iso_week``,
        ``dyad``, ``actor_state``, ``target_state``, ``n_events``, ``n_mutual``,
        ``max_level``, ``max_kinetic_level``, ``n_at_or_above_<rung>`` for each hostile
        rung, ``mean_level``, ``n_imprecise`` (and claim columns when asked).

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.build_series(esc.code_events(esc.load_events()), freq="W", since="2026-02-16", until="2026-03-08")
    >>> row = s[(s.period == "2026-02-23") & (s.actor_state == "PAK")].iloc[0]
    >>> int(row.n_events), int(row.max_level), int(row.max_kinetic_level)
    (9, 9, 8)
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    scale = _scale_for(coded, scale)
    directed = by != "dyad"
    if directed and tuple(by) != DIRECTED:
        raise ValueError("by must be ('actor_state', 'target_state') or 'dyad'")

    ev = _countable(coded, scale, include_nonstate, directed)
    ev = ev.assign(period=period_start(ev["date_start"], freq))
    rows = _expand_directions(ev) if directed else ev.assign(actor_state="", target_state="")
    keys = ["dyad", "actor_state", "target_state"]

    lo = pd.Timestamp(since) if since is not None else ev["date_start"].min()
    hi = pd.Timestamp(until) if until is not None else ev["date_start"].max()
    if pd.isna(lo) or pd.isna(hi):
        raise ValueError("no events to build a series from; give since and until for an empty grid")
    grid_periods = _periods(period_start(pd.Series([lo]), freq).iloc[0],
                            period_start(pd.Series([hi]), freq).iloc[0], freq)
    directions = _directions(coded, directed, include_nonstate)
    grid = pd.MultiIndex.from_product([grid_periods, range(len(directions))],
                                      names=["period", "_dir"]).to_frame(index=False)
    grid = grid.join(directions, on="_dir").drop(columns="_dir")

    rows = rows[(rows["period"] >= grid_periods[0]) & (rows["period"] <= grid_periods[-1])]
    agg = _aggregate(rows, grid_periods, directions, scale)
    out = pd.concat([grid, agg], axis=1)
    out["n_imprecise"] = _imprecise_counts(ev, grid_periods, freq, directions, directed)
    iso = out["period"].dt.isocalendar()
    out.insert(1, "iso_year", iso["year"].astype("int64"))
    out.insert(2, "iso_week", iso["week"].astype("int64"))
    if claims is not None:
        out = _join_claims(out, claims, coded, freq, as_of)
    if not directed:
        out = out.drop(columns=["actor_state", "target_state"])
    out.attrs.update(freq=freq, by="dyad" if not directed else "direction", scale=scale.name)
    return out.sort_values(["period", *[k for k in keys if k in out]]).reset_index(drop=True)


def _countable(coded, scale, include_nonstate, directed) -> pd.DataFrame:
    rung = coded["rung"].astype("str")
    ok = rung.isin(scale.keys)
    def flag(name, default):
        col = coded[name] if name in coded else default
        return pd.Series(col, index=coded.index).astype("boolean").fillna(False).astype(bool)

    dyadic = flag("is_dyadic", True)
    state = flag("is_state_action", coded["actor_state"].notna())
    mutual = flag("mutual", False)
    # rows with no dyad (non-state actions from GDELT, say) belong to no dyad series
    keep = ok & ((dyadic & state) | (include_nonstate & ~state)) & (coded["dyad"].fillna("") != "")
    if directed:
        # mutual de-escalation (ceasefires, talks, mediation) is undirected
        keep &= ~(mutual & (coded["level"].fillna(0) < 0))
    ev = coded.loc[keep, ["event_id", "date_start", "date_end", "date_precision", "dyad",
                          "actor_state", "target_state", "rung", "level", "is_kinetic"]].copy()
    ev["mutual"] = mutual[keep].astype(bool)
    ev["actor_state"] = ev["actor_state"].fillna(NONSTATE)
    ev["level"] = ev["level"].astype("float64")
    return ev


def _expand_directions(ev: pd.DataFrame) -> pd.DataFrame:
    """Mutual rows count once in each direction."""
    flipped = ev[ev["mutual"]].rename(columns={"actor_state": "target_state",
                                               "target_state": "actor_state"})
    return pd.concat([ev, flipped], ignore_index=True)


def _directions(coded, directed, include_nonstate) -> pd.DataFrame:
    dyads = sorted(d for d in coded["dyad"].dropna().unique() if d)
    if not directed:
        return pd.DataFrame({"dyad": dyads, "actor_state": "", "target_state": ""})
    rows = []
    for d in dyads:
        a, b = d.split("-")
        rows += [(d, a, b), (d, b, a)]
        if include_nonstate:
            rows += [(d, NONSTATE, a), (d, NONSTATE, b)]
    return pd.DataFrame(rows, columns=["dyad", "actor_state", "target_state"])


def _direction_index(rows: pd.DataFrame, directions: pd.DataFrame) -> np.ndarray:
    """Position of each row's (dyad, actor, target) in ``directions``, matched once per distinct key."""
    if rows.empty:
        return np.empty(0, dtype=np.int64)
    lookup = {key: i for i, key in enumerate(directions.itertuples(index=False, name=None))}
    codes, uniques = zip(*(pd.factorize(rows[c]) for c in ("dyad", "actor_state", "target_state")))
    sizes = [len(u) for u in uniques]
    combined = (codes[0].astype(np.int64) * sizes[1] + codes[1]) * sizes[2] + codes[2]
    distinct, inverse = np.unique(combined, return_inverse=True)
    position = np.empty(len(distinct), dtype=np.int64)
    for i, c in enumerate(distinct):
        d, rest = divmod(int(c), sizes[1] * sizes[2])
        a, t = divmod(rest, sizes[2])
        position[i] = lookup.get((str(uniques[0][d]), str(uniques[1][a]), str(uniques[2][t])), -1)
    return position[inverse]


def _aggregate(rows: pd.DataFrame, grid_periods: pd.DatetimeIndex, directions: pd.DataFrame,
               scale: EscalationScale) -> pd.DataFrame:
    """Aggregates per grid cell (period x direction), in grid order.

    One dense integer key per cell and ``np.bincount`` / ``np.maximum.at``: every
    aggregate is a count, a sum or a maximum, so no hash group-by is needed.
    """
    hostile_rungs = [r for r in scale.rungs if r.level > 0 and r.is_dyadic]
    n_dir = len(directions)
    cells = len(grid_periods) * n_dir
    period_index = grid_periods.get_indexer(rows["period"])
    key = period_index.astype(np.int64) * n_dir + _direction_index(rows, directions)
    ok = (period_index >= 0) & (key >= 0)
    key = key[ok]
    level = rows["level"].to_numpy(dtype=float)[ok]
    kinetic = rows["is_kinetic"].to_numpy(dtype=bool)[ok]
    mutual = rows["mutual"].to_numpy(dtype=bool)[ok]

    def count(weights=None):
        return np.bincount(key, weights=weights, minlength=cells).round().astype(np.int64)

    def maximum(values):
        out = np.full(cells, -np.inf)
        np.maximum.at(out, key, values)
        out[np.isneginf(out)] = np.nan
        return out

    hostile = level > 0
    hostile_n = np.bincount(key, weights=hostile, minlength=cells)
    hostile_sum = np.bincount(key, weights=np.where(hostile, level, 0.0), minlength=cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_level = np.where(hostile_n > 0, hostile_sum / hostile_n, np.nan)
    columns = {
        "n_events": count(), "n_mutual": count(mutual.astype(float)),
        "max_level": maximum(level), "max_kinetic_level": maximum(np.where(kinetic, level, -np.inf)),
        **{f"n_at_or_above_{r.key}": count((level >= r.level).astype(float)) for r in hostile_rungs},
        "mean_level": mean_level,
    }
    return pd.DataFrame(columns)


def _imprecise_counts(ev, grid_periods, freq, directions, directed) -> np.ndarray:
    """For each grid row, the imprecise events whose span touches that period."""
    imp = ev[ev["date_precision"] != "day"]
    n_periods, n_dir = len(grid_periods), len(directions)
    if imp.empty:
        return np.zeros(n_periods * n_dir, dtype="int64")
    imp = _expand_directions(imp) if directed else imp.assign(actor_state="", target_state="")
    direction = _direction_index(imp, directions)
    first = grid_periods.searchsorted(period_start(imp["date_start"], freq))
    last = grid_periods.searchsorted(period_start(imp["date_end"], freq), side="right")
    ok = (direction >= 0) & (last > first)
    # a difference array: +1 where a span enters the grid, -1 after it leaves, then cumsum
    steps = np.zeros((n_periods + 1, n_dir), dtype="int64")
    np.add.at(steps, (first[ok], direction[ok]), 1)
    np.add.at(steps, (last[ok], direction[ok]), -1)
    return np.cumsum(steps[:-1], axis=0).ravel()


def _join_claims(out, claims, coded, freq, as_of) -> pd.DataFrame:
    from .claims.per_period import claimed_killed

    k = claimed_killed(claims, coded, freq=freq, as_of=as_of)
    k["col"] = "claimed_killed_" + k["claimant_side"] + "_about_" + k["subject_state"]
    wide_low = k.pivot_table(index="period", columns="col", values="claimed_killed_low", aggfunc="sum")
    wide_high = k.pivot_table(index="period", columns="col", values="claimed_killed_high", aggfunc="sum")
    wide = pd.concat([wide_low.add_suffix("_low"), wide_high.add_suffix("_high")], axis=1)
    wide = wide[sorted(wide.columns)]
    out = out.merge(wide, left_on="period", right_index=True, how="left")
    out[wide.columns] = out[wide.columns].fillna(0.0)
    return out


def wide(series: pd.DataFrame, value: str = "n_events") -> pd.DataFrame:
    """Pivot a directed series to one column per direction (``"PAK→AFG"``), indexed by period.

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.build_series(esc.code_events(esc.load_events()), since="2026-02-16", until="2026-03-08")
    >>> w = esc.wide(s)
    >>> list(w.columns), int(w.loc["2026-02-23", "AFG→PAK"])
    (['AFG→PAK', 'IND→PAK', 'PAK→AFG', 'PAK→IND'], 7)
    """
    if "actor_state" not in series:
        return series.pivot(index="period", columns="dyad", values=value)
    label = series["actor_state"] + "→" + series["target_state"]
    return series.assign(direction=label).pivot(index="period", columns="direction", values=value)
