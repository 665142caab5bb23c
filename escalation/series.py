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

import os
from collections.abc import Sequence

import pandas as pd

from .aggregates import NONSTATE, SeriesParts  # noqa: F401  (NONSTATE is part of the API)
from .periods import FREQS
from .scale import EscalationScale

DEFAULT_FREQ = "W"
DIRECTED = ("actor_state", "target_state")


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
    coded : DataFrame, path or dask DataFrame
        Output of :func:`escalation.code_events`; or a Parquet file or dataset of
        events, validated, coded and counted batch by batch
        (:func:`escalation.series_from_parquet`); or a ``dask.dataframe`` of events,
        counted partition by partition (:func:`escalation.series_from_dask`).  All three
        give the same series.
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
    if isinstance(coded, (str, os.PathLike)):
        from .streaming import series_from_parquet

        return series_from_parquet(coded, freq, by, since, until, include_nonstate,
                                   scale=scale, claims=claims, as_of=as_of)
    if type(coded).__module__.startswith("dask"):
        from .streaming import series_from_dask

        return series_from_dask(coded, freq, by, since, until, include_nonstate,
                                scale=scale, claims=claims, as_of=as_of)
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    scale = _scale_for(coded, scale)
    directed = _directed(by)
    parts = SeriesParts.from_coded(coded, scale, freq, directed, include_nonstate)
    return finish_series(parts, scale, since, until, claims=claims, events=coded, as_of=as_of)


def _directed(by) -> bool:
    if isinstance(by, str) and by == "dyad":
        return False
    if tuple(by) != DIRECTED:
        raise ValueError("by must be ('actor_state', 'target_state') or 'dyad'")
    return True


def finish_series(parts: SeriesParts, scale: EscalationScale, since=None, until=None, *,
                  claims: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                  as_of=None) -> pd.DataFrame:
    """The series frame from merged aggregates (shared by the in-memory, streaming and dask paths)."""
    out = parts.to_series(scale, since, until)
    iso = out["period"].dt.isocalendar()
    out.insert(1, "iso_year", iso["year"].astype("int64"))
    out.insert(2, "iso_week", iso["week"].astype("int64"))
    if claims is not None:
        out = _join_claims(out, claims, events, parts.freq, as_of)
    keys = ["dyad", "actor_state", "target_state"]
    if not parts.directed:
        out = out.drop(columns=["actor_state", "target_state"])
    out.attrs.update(freq=parts.freq, by="direction" if parts.directed else "dyad",
                     scale=scale.name)
    return out.sort_values(["period", *[k for k in keys if k in out]]).reset_index(drop=True)


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
