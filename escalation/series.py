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
  scale, NaN when there are none;
- reported fatalities are summed over the events that report them and the others are
  counted (``n_fatalities_unknown``), never guessed; a mutual event's deaths are shown
  apart (``fatalities_mutual``), in both directions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from .aggregates import (  # noqa: F401  (NONSTATE, DEFAULT_FREQ, DIRECTED are part of the API)
    DEFAULT_FREQ,
    DIRECTED,
    NONSTATE,
    SeriesParts,
    directed_mode,
    finish_series,
    scale_for,
)
from .geo import DEFAULT_BORDER_KM
from .periods import FREQS
from .scale import EscalationScale


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
    boundaries=None,
    border_km: float = DEFAULT_BORDER_KM,
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
        The ladder ``coded`` used (read from ``coded.attrs`` by default); for a path or a
        dask frame, the ladder to code on (the default ladder when omitted).
    boundaries, border_km
        For a path or a dask frame only: how strikes are placed while coding (see
        :func:`escalation.code_events`).  Events already coded keep their placement.

    Returns
    -------
    DataFrame
        One row per period and direction: ``period``, ``iso_year``, ``iso_week``,
        ``dyad``, ``actor_state``, ``target_state``, ``n_events``, ``n_mutual``,
        ``max_level``, ``max_kinetic_level``, ``n_at_or_above_<rung>`` for each hostile
        rung, ``mean_level``, ``n_imprecise``, the reported fatalities (below), and claim
        columns when asked.

        Fatalities come from the events' ``fatalities`` (ACLED's count, UCDP's best
        estimate), ``fatalities_low`` and ``fatalities_high`` (UCDP's low and high):
        ``fatalities`` sums the known values of the period's directed events (NaN when
        it had events and none reported deaths, 0 when it had none);
        ``fatalities_low``/``fatalities_high`` sum each event's low and high (a lone
        point counts as both); ``n_fatalities_unknown`` counts the events of the row
        with no ``fatalities``; ``fatalities_mutual`` sums the deaths of mutual events,
        shown in both directions of a dyad and so not additive across them (in the
        ``by="dyad"`` series it is the part of ``fatalities`` from mutual events).

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
                                   scale=scale, claims=claims, as_of=as_of,
                                   boundaries=boundaries, border_km=border_km)
    if type(coded).__module__.startswith("dask"):
        from .streaming import series_from_dask

        return series_from_dask(coded, freq, by, since, until, include_nonstate,
                                scale=scale, claims=claims, as_of=as_of,
                                boundaries=boundaries, border_km=border_km)
    if boundaries is not None or border_km != DEFAULT_BORDER_KM:
        raise ValueError("boundaries and border_km place strikes while coding: pass them to "
                         "code_events (these events are already coded)")
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    scale = scale_for(coded, scale)
    directed = directed_mode(by)
    parts = SeriesParts.from_coded(coded, scale, freq, directed, include_nonstate)
    return finish_series(parts, scale, since, until, claims=claims, events=coded, as_of=as_of)


def wide(series: pd.DataFrame, value: str = "n_events") -> pd.DataFrame:
    """Pivot a directed series to one column per direction (``"PAK→AFG"``), indexed by period.

    Parameters
    ----------
    series : DataFrame
        Output of :func:`build_series`; a ``by="dyad"`` series gives one column per dyad.
    value : str
        The column to spread (``n_events``, ``max_level``, ``fatalities``, ...).

    Returns
    -------
    DataFrame
        Indexed by ``period``; one column per direction (``"ACTOR→TARGET"``) or dyad.

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
