"""Mergeable aggregates of coded events: what every series is made of.

Every column of :func:`escalation.build_series` is a count, a sum or a maximum per
(period, direction), and all of them follow from one table of counts per
(period, direction, rung) plus the spans of imprecise events.  Counts add, so the
aggregates of two chunks of events merge by addition: the in-memory path (one chunk), the
streaming path over Parquet batches and the dask path over partitions
(:mod:`escalation.streaming`) build the same :class:`SeriesParts` and finish them with
the same code, which is why their series are identical.

Keys are dense integers, ``(period, direction, rung)``, counted with ``np.bincount``;
no hash group-by touches the events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ._distinct import DENSE_LIMIT, DENSE_PER_ROW, factorize_rows, row_blocks
from .errors import NoDataError
from .periods import FREQS, period_dates, period_number
from .scale import UNCODED, EscalationScale

NONSTATE = "NONSTATE"
DIRECTION = ["dyad", "actor_state", "target_state"]
DEFAULT_FREQ = "W"
DIRECTED = ("actor_state", "target_state")


@dataclass(frozen=True)
class SeriesParts:
    """Per-(period, direction) sums of coded events; merge with ``+``.

    Attributes
    ----------
    labels : DataFrame
        The directions met (``dyad``, ``actor_state``, ``target_state``); the
        ``direction`` columns below are positions in it.
    cells : DataFrame
        ``period`` (integer, see :func:`escalation.periods.period_number`),
        ``direction``, ``rung`` (the rung's position on the ladder) and ``n`` events;
        ``mutual`` counts the mutual ones.  All integers.
    spans : DataFrame
        Imprecise events: ``first`` and ``last`` period of the span, ``direction``, ``n``.
    deaths : DataFrame
        Reported fatalities per ``period`` and ``direction`` (sums, so they merge by
        addition): ``n_known`` events with a known ``fatalities`` and their ``fatalities``;
        ``n_bounds`` events with a known low or high and ``fatalities_low`` /
        ``fatalities_high`` (a lone point counts as both); for mutual events of a directed
        series, ``n_mutual_known`` and ``fatalities_mutual`` instead, in both directions.
        Empty when no counted event reports fatalities.
    dyads : frozenset of str
        Every dyad seen in any row (each gets both directions in the series).
    rows_in : int
        Rows read.
    rung_counts : dict
        Rows per rung, reserved codes (``aggregate``, ``out_of_scope``, ``uncoded``)
        included, so that nothing is lost silently.
    freq, directed, include_nonstate, scale
        How the parts were built (``"W"``, direction or dyad, militants counted, the
        ladder's name): only parts built alike merge.

    Examples
    --------
    >>> import escalation as esc
    >>> from escalation.aggregates import SeriesParts
    >>> coded = esc.code_events(esc.load_events())
    >>> scale = esc.EscalationScale.default()
    >>> whole = SeriesParts.from_coded(coded, scale)
    >>> halves = SeriesParts.from_coded(coded.iloc[:50], scale) + SeriesParts.from_coded(coded.iloc[50:], scale)
    >>> halves.rows_in == whole.rows_in == len(coded)
    True
    >>> halves.to_series(scale).equals(whole.to_series(scale))
    True
    """

    freq: str
    directed: bool
    include_nonstate: bool
    scale: str
    labels: pd.DataFrame
    cells: pd.DataFrame
    spans: pd.DataFrame
    deaths: pd.DataFrame = field(default_factory=lambda: _empty_deaths())
    dyads: frozenset = frozenset()
    rows_in: int = 0
    rung_counts: dict = field(default_factory=dict)

    @classmethod
    def from_coded(cls, coded: pd.DataFrame, scale: EscalationScale, freq: str = "W",
                   directed: bool = True, include_nonstate: bool = False) -> SeriesParts:
        """The aggregates of one chunk of coded events (see :func:`escalation.code_events`).

        Parameters
        ----------
        coded : DataFrame
            Coded events (any chunk of a larger table).
        scale : EscalationScale
            The ladder they were coded on.
        freq : {"D", "W", "M"}
            Period of the series.
        directed : bool
            Per direction (``True``) or per undirected dyad.
        include_nonstate : bool
            Count militant attacks (context rungs) too.

        Returns
        -------
        SeriesParts

        Examples
        --------
        >>> import escalation as esc
        >>> parts = SeriesParts.from_coded(esc.code_events(esc.load_events()), esc.EscalationScale.default())
        >>> int(parts.cells["n"].sum()) <= parts.rows_in, sorted(parts.dyads)
        (True, ['AFG-PAK', 'IND-PAK'])
        """
        if freq not in FREQS:
            raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
        rung = _rung_codes(coded, scale)
        n_keys = len(scale.rungs)
        names = list(scale.rung_dtype.categories)
        levels = np.array([r.level for r in scale.rungs] + [0] * (len(names) - n_keys + 1), dtype=np.int8)

        direction_codes, distinct = factorize_rows(coded[DIRECTION])
        distinct["dyad"] = distinct["dyad"].fillna("").astype("str")
        has_dyad = (distinct["dyad"] != "").to_numpy()[direction_codes]
        dyadic = _flag(coded, "is_dyadic", True)
        state = _flag(coded, "is_state_action", None)
        mutual = _flag(coded, "mutual", False)
        # rows with no dyad (non-state actions from GDELT, say) belong to no dyad series
        keep = (rung >= 0) & (rung < n_keys) & has_dyad & ((dyadic & state) | (include_nonstate & ~state))
        if directed:
            # mutual de-escalation (ceasefires, talks, mediation) is undirected
            keep &= ~(mutual & (levels[rung] < 0))
        labels, own, flipped = _direction_labels(distinct, directed)
        is_mutual = keep & mutual if directed else np.zeros(len(keep), dtype=bool)

        dates = coded["date_start"].to_numpy()
        counter = _CellCounter(dates, keep, freq, len(labels), n_keys)
        for rows in row_blocks(len(coded)):
            # one dense key per event, built in place: ((period, direction), rung)
            key = period_number(dates[rows], freq)
            key -= counter.p0
            key *= len(labels)
            codes = direction_codes[rows]
            key += own[codes]
            key *= n_keys
            key += rung[rows]
            # a mutual exchange counts once in each direction
            both = is_mutual[rows]
            mutual_key = key[both]
            flip_key = mutual_key + (flipped - own)[codes[both]] * n_keys
            counter.add(key[keep[rows]], mutual_key, flip_key)
        cells = counter.cells()

        rows = np.flatnonzero(keep & _imprecise(coded))
        imprecise = rows
        spans = _empty_spans()
        if len(imprecise):
            first = period_number(coded["date_start"].to_numpy()[imprecise], freq)
            last = period_number(coded["date_end"].to_numpy()[imprecise], freq)
            imp_mutual = mutual[imprecise] if directed else np.zeros(len(imprecise), dtype=bool)
            spans = pd.DataFrame({
                "first": np.concatenate([first, first[imp_mutual]]),
                "last": np.concatenate([last, last[imp_mutual]]),
                "direction": np.concatenate([own[direction_codes[imprecise]],
                                             flipped[direction_codes[imprecise][imp_mutual]]]),
            }).value_counts(sort=False).rename("n").reset_index()

        deaths = _deaths(coded, keep, is_mutual, directed, own, flipped, direction_codes, freq)
        counts = np.bincount(rung[rung >= 0], minlength=len(names))
        counts[names.index(UNCODED)] += int((rung < 0).sum())
        return cls(freq=freq, directed=directed, include_nonstate=include_nonstate,
                   scale=scale.name, labels=labels, cells=cells, spans=spans, deaths=deaths,
                   dyads=frozenset(d for d in distinct["dyad"] if d),
                   rows_in=len(coded),
                   rung_counts={n: int(c) for n, c in zip(names, counts)})

    def __add__(self, other: SeriesParts) -> SeriesParts:
        return merge([self, other])

    def to_series(self, scale: EscalationScale, since=None, until=None) -> pd.DataFrame:
        """The zero-filled series (without claim columns), in grid order.

        :func:`finish_series` adds the ISO week columns, the claims and the ``attrs``.

        Parameters
        ----------
        scale : EscalationScale
            The ladder the parts were built on (its levels make the level columns).
        since, until : date-like, optional
            The window; the first and last counted period by default.

        Returns
        -------
        DataFrame
            ``period``, the direction columns and the count columns of
            :func:`escalation.build_series`.

        Raises
        ------
        NoDataError
            Nothing was counted and no window was given, or the window is empty.

        Examples
        --------
        >>> import escalation as esc
        >>> scale = esc.EscalationScale.default()
        >>> parts = SeriesParts.from_coded(esc.code_events(esc.load_events()), scale, freq="M")
        >>> s = parts.to_series(scale, since="2026-02-01", until="2026-03-31")
        >>> sorted(s["period"].dt.strftime("%Y-%m").unique())
        ['2026-02', '2026-03']
        """
        freq = self.freq
        cells = self.cells
        lo = period_number([pd.Timestamp(since)], freq)[0] if since is not None else (
            cells["period"].min() if len(cells) else None)
        hi = period_number([pd.Timestamp(until)], freq)[0] if until is not None else (
            cells["period"].max() if len(cells) else None)
        if lo is None or hi is None:
            raise NoDataError("no events to build a series from (none of the rows is counted); "
                              "give since and until for an empty grid")
        if hi < lo:
            raise NoDataError(_empty_window(since, until, period_dates([lo], freq)[0],
                                            period_dates([hi], freq)[0]))
        periods = np.arange(int(lo), int(hi) + 1, dtype=np.int64)
        directions = _directions(self.dyads, self.directed, self.include_nonstate)
        n_dir, n_keys = len(directions), len(scale.rungs)
        grid = pd.DataFrame({"period": np.repeat(period_dates(periods, freq), n_dir)})
        grid = pd.concat([grid, pd.concat([directions] * len(periods), ignore_index=True)], axis=1)

        position = _position(self.labels, directions)[cells["direction"].to_numpy()]
        in_grid = (cells["period"].to_numpy() >= lo) & (cells["period"].to_numpy() <= hi) & (position >= 0)
        cell = (cells["period"].to_numpy()[in_grid] - lo) * n_dir + position[in_grid]
        counts = np.zeros((len(periods) * n_dir, n_keys), dtype=np.int64)
        np.add.at(counts, (cell, cells["rung"].to_numpy()[in_grid]), cells["n"].to_numpy()[in_grid])
        n_mutual = np.bincount(cell, weights=cells["mutual"].to_numpy()[in_grid],
                               minlength=len(periods) * n_dir)

        level = np.array([r.level for r in scale.rungs], dtype=float)
        kinetic = np.array([r.is_kinetic for r in scale.rungs])
        present = counts > 0
        hostile = level > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            hostile_n = counts[:, hostile].sum(axis=1)
            mean_level = np.where(hostile_n > 0, (counts[:, hostile] * level[hostile]).sum(axis=1)
                                  / hostile_n, np.nan)
        columns = {
            "n_events": counts.sum(axis=1),
            "n_mutual": n_mutual.round().astype(np.int64),
            "max_level": _max_where(present, level),
            "max_kinetic_level": _max_where(present & kinetic, level),
            **{f"n_at_or_above_{r.key}": counts[:, level >= r.level].sum(axis=1)
               for r in scale.rungs if r.level > 0 and r.is_dyadic},
            "mean_level": mean_level,
            "n_imprecise": _imprecise_counts(self.spans, _position(self.labels, directions),
                                             n_dir, int(lo), int(hi)),
        }
        columns.update(_death_columns(self.deaths, _position(self.labels, directions), n_dir,
                                      int(lo), int(hi), columns["n_events"], columns["n_mutual"],
                                      self.directed))
        return pd.concat([grid, pd.DataFrame(columns)], axis=1)


def _empty_window(since, until, first, last) -> str:
    day = lambda t: pd.Timestamp(t).strftime("%Y-%m-%d")  # noqa: E731
    if since is not None and until is not None:
        return f"empty window: since {day(since)} is after until {day(until)}"
    if since is not None:
        return (f"empty window: since {day(since)} is after the period of the last counted event "
                f"({day(last)}); give until as well for a zero-filled grid")
    return (f"empty window: until {day(until)} is before the period of the first counted event "
            f"({day(first)}); give since as well for a zero-filled grid")


def merge(parts: list[SeriesParts]) -> SeriesParts:
    """Add the aggregates of several chunks (same freq, direction mode and ladder).

    ``a + b`` is ``merge([a, b])``; merging many at once is faster than adding in turn.

    Parameters
    ----------
    parts : list of SeriesParts
        At least one; all built with the same ``freq``, ``by``, ``include_nonstate`` and
        ladder.

    Returns
    -------
    SeriesParts
        Counts and sums added cell by cell.

    Raises
    ------
    ValueError
        An empty list, or parts built differently.

    Examples
    --------
    >>> import escalation as esc
    >>> scale = esc.EscalationScale.default()
    >>> coded = esc.code_events(esc.load_events())
    >>> chunks = [SeriesParts.from_coded(coded.iloc[i:i + 30], scale) for i in range(0, len(coded), 30)]
    >>> merge(chunks).to_series(scale).equals(SeriesParts.from_coded(coded, scale).to_series(scale))
    True
    """
    if not parts:
        raise ValueError("nothing to merge")
    first = parts[0]
    if len(parts) == 1:
        return first
    for p in parts[1:]:
        if (p.freq, p.directed, p.include_nonstate, p.scale) != (
                first.freq, first.directed, first.include_nonstate, first.scale):
            raise ValueError("cannot merge aggregates built with different freq, by, "
                             "include_nonstate or ladder")
    # one table of directions; each part's direction numbers mapped into it
    codes, labels = factorize_rows(pd.concat([p.labels for p in parts], ignore_index=True))
    offsets = np.cumsum([0] + [len(p.labels) for p in parts])
    remap = [codes[offsets[i]:offsets[i + 1]] for i in range(len(parts))]
    cells = _sum_by(
        [p.cells.assign(direction=m[p.cells["direction"].to_numpy()]) for p, m in zip(parts, remap)],
        ["period", "direction", "rung"], ["n", "mutual"])
    spans = _sum_by(
        [p.spans.assign(direction=m[p.spans["direction"].to_numpy()]) for p, m in zip(parts, remap)],
        ["first", "last", "direction"], ["n"])
    deaths = _sum_by(
        [p.deaths.assign(direction=m[p.deaths["direction"].to_numpy()]) for p, m in zip(parts, remap)],
        ["period", "direction"], DEATH_SUMS, integer=False)
    counts: dict[str, int] = {}
    for p in parts:
        for k, v in p.rung_counts.items():
            counts[k] = counts.get(k, 0) + v
    return replace(first, labels=labels.astype("str"), cells=cells, spans=spans,
                   deaths=deaths if len(deaths) else _empty_deaths(),
                   dyads=frozenset().union(*(p.dyads for p in parts)),
                   rows_in=sum(p.rows_in for p in parts), rung_counts=counts)


def _sum_by(frames: list[pd.DataFrame], keys: list[str], values: list[str], *,
            integer: bool = True) -> pd.DataFrame:
    """Sum ``values`` over equal integer ``keys`` (one sort, no hashing of text)."""
    table = pd.concat(frames, ignore_index=True)
    if table.empty:
        return table
    key_values = [table[k].to_numpy(dtype=np.int64) for k in keys]
    low = [v.min() for v in key_values]
    sizes = [int(v.max() - lo) + 1 for v, lo in zip(key_values, low)]
    combined = np.zeros(len(table), dtype=np.int64)
    for v, lo, size in zip(key_values, low, sizes):
        combined = combined * size + (v - lo)
    space = int(np.prod(sizes, dtype=np.float64))
    if space <= DENSE_LIMIT:  # direct addressing: one bincount per value column
        sums = [np.bincount(combined, weights=table[v].to_numpy(), minlength=space) for v in values]
        unique = np.flatnonzero(np.bincount(combined, minlength=space))
        totals = [t[unique] for t in sums]
    else:
        unique, inverse = np.unique(combined, return_inverse=True)
        totals = [np.bincount(inverse, weights=table[v].to_numpy(), minlength=len(unique))
                  for v in values]
    out = {}
    rest = unique
    for k, lo, size in reversed(list(zip(keys, low, sizes))):
        rest, own = np.divmod(rest, size)
        out[k] = own + lo
    out = {k: out[k] for k in keys}
    for v, total in zip(values, totals):
        out[v] = total.round().astype(np.int64) if integer else total
    return pd.DataFrame(out)


# -- helpers -----------------------------------------------------------------------------
def _rung_codes(coded: pd.DataFrame, scale: EscalationScale) -> np.ndarray:
    """Each row's position in ``scale.rung_dtype`` (-1 for a rung not on the ladder)."""
    rung = coded["rung"]
    names = scale.rung_dtype.categories
    if isinstance(rung.dtype, pd.CategoricalDtype) and rung.cat.categories.equals(names):
        return rung.cat.codes.to_numpy()
    cat = rung.astype("category").cat
    lookup = np.append(names.get_indexer(cat.categories.astype("str")), -1)
    return lookup[cat.codes.to_numpy()]


def _flag(coded: pd.DataFrame, name: str, default) -> np.ndarray:
    if name not in coded:
        if default is None:  # is_state_action: an actor state means a state action
            return coded["actor_state"].notna().to_numpy()
        return np.full(len(coded), default, dtype=bool)
    col = coded[name]
    if pd.api.types.is_bool_dtype(col.dtype) and not isinstance(col.dtype, pd.BooleanDtype):
        return col.to_numpy()
    return col.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _imprecise(coded: pd.DataFrame) -> np.ndarray:
    if "date_precision" not in coded:
        return np.zeros(len(coded), dtype=bool)
    return (coded["date_precision"] != "day").to_numpy(dtype=bool)


def _direction_labels(distinct: pd.DataFrame, directed: bool):
    """Labels of each distinct direction and of its reverse, and their positions."""
    actor = distinct["actor_state"].astype("object").where(distinct["actor_state"].notna(), NONSTATE)
    target = distinct["target_state"].astype("object").where(distinct["target_state"].notna(), "")
    dyad = distinct["dyad"].astype("object")
    if directed:
        own = pd.DataFrame({"dyad": dyad, "actor_state": actor, "target_state": target})
        rev = pd.DataFrame({"dyad": dyad, "actor_state": target, "target_state": actor})
    else:
        own = pd.DataFrame({"dyad": dyad, "actor_state": "", "target_state": ""})
        rev = own
    both = pd.concat([own, rev], ignore_index=True)
    codes, labels = factorize_rows(both)
    labels = labels.astype("str")
    return labels, codes[:len(own)], codes[len(own):]


class _CellCounter:
    """Counts of dense cell keys, added block by block (direct addressing when it fits)."""

    def __init__(self, dates: np.ndarray, keep: np.ndarray, freq: str, n_dir: int, n_keys: int):
        raw = dates.view(np.int64)
        if keep.any():
            ends = np.array([raw.min(where=keep, initial=np.iinfo(np.int64).max),
                             raw.max(where=keep, initial=np.iinfo(np.int64).min)]).view(dates.dtype)
            self.p0, p1 = (int(v) for v in period_number(ends, freq))
        else:
            self.p0, p1 = 0, -1
        self.n_dir, self.n_keys = n_dir, n_keys
        self.space = (p1 - self.p0 + 1) * n_dir * n_keys
        self.dense = self.space <= DENSE_LIMIT
        if self.dense:
            self.n = np.zeros(self.space, dtype=np.int64)
            self.n_mutual = np.zeros(self.space, dtype=np.int64)
        else:
            self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, key: np.ndarray, mutual_key: np.ndarray, flip_key: np.ndarray) -> None:
        if self.dense:
            for target, keys in ((self.n, key), (self.n, flip_key), (self.n_mutual, mutual_key),
                                 (self.n_mutual, flip_key)):
                if DENSE_PER_ROW * len(keys) < len(target):  # few keys: no count per cell
                    np.add.at(target, keys, 1)
                else:
                    target += np.bincount(keys, minlength=self.space)
            return
        keys, n = np.unique(np.concatenate([key, flip_key]), return_counts=True)
        mut_keys, mut_n = np.unique(np.concatenate([mutual_key, flip_key]), return_counts=True)
        n_mut = np.zeros(len(keys), dtype=np.int64)
        n_mut[np.searchsorted(keys, mut_keys)] = mut_n
        self.parts.append((keys, n, n_mut))

    def cells(self) -> pd.DataFrame:
        """The non-zero cells as a sparse table."""
        if self.dense:
            keys = np.flatnonzero(self.n)
            n, n_mut = self.n[keys], self.n_mutual[keys]
        elif self.parts:
            all_keys = np.concatenate([k for k, _, _ in self.parts])
            keys, inverse = np.unique(all_keys, return_inverse=True)
            n = np.bincount(inverse, weights=np.concatenate([c for _, c, _ in self.parts]))
            n_mut = np.bincount(inverse, weights=np.concatenate([m for _, _, m in self.parts]))
        else:
            return _empty_cells()
        if len(keys) == 0:
            return _empty_cells()
        rest, rung_of = np.divmod(keys, self.n_keys)
        period_of, direction_of = np.divmod(rest, self.n_dir)
        return pd.DataFrame({"period": period_of + self.p0, "direction": direction_of,
                             "rung": rung_of, "n": np.asarray(n).round().astype(np.int64),
                             "mutual": np.asarray(n_mut).round().astype(np.int64)})


def _empty_cells() -> pd.DataFrame:
    return pd.DataFrame({c: np.array([], dtype=np.int64)
                         for c in ("period", "direction", "rung", "n", "mutual")})


#: The sums kept per (period, direction) for fatalities; see ``SeriesParts.deaths``.
DEATH_SUMS = ["n_known", "fatalities", "n_bounds", "fatalities_low", "fatalities_high",
              "n_mutual_known", "fatalities_mutual"]


def _empty_deaths() -> pd.DataFrame:
    return pd.DataFrame({"period": np.array([], dtype=np.int64),
                         "direction": np.array([], dtype=np.int64),
                         **{c: np.array([], dtype=np.float64) for c in DEATH_SUMS}})


def _deaths(coded: pd.DataFrame, keep: np.ndarray, is_mutual: np.ndarray, directed: bool,
            own: np.ndarray, flipped: np.ndarray, direction_codes: np.ndarray,
            freq: str) -> pd.DataFrame:
    """Fatality sums of the counted events per (period, direction); see ``SeriesParts.deaths``."""
    def column(name: str) -> np.ndarray:
        if name not in coded:
            return np.full(len(coded), np.nan)
        return pd.to_numeric(coded[name], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)

    point = column("fatalities")
    low, high = column("fatalities_low"), column("fatalities_high")
    if np.isnan(point).all() and np.isnan(low).all() and np.isnan(high).all():
        return _empty_deaths()  # no deaths reported at all (most event files)
    low = np.where(np.isnan(low), point, low)
    high = np.where(np.isnan(high), point, high)
    known = keep & ~np.isnan(point)
    bounded = keep & ~(np.isnan(low) & np.isnan(high))
    if not (known.any() or bounded.any()):
        return _empty_deaths()
    # a bound given alone: the other end is the point, else the bound itself
    low = np.where(np.isnan(low), high, low)
    high = np.where(np.isnan(high), low, high)
    rows = np.flatnonzero(known | bounded)
    period = period_number(coded["date_start"].to_numpy()[rows], freq)
    direction = own[direction_codes[rows]]
    mutual = is_mutual[rows]  # always False for the undirected series
    zero = np.zeros(len(rows))
    k, b = known[rows].astype(float), bounded[rows].astype(float)
    p, lo, hi = (np.nan_to_num(v[rows]) for v in (point, low, high))
    single = pd.DataFrame({
        "period": period, "direction": direction,
        "n_known": np.where(mutual, 0, k), "fatalities": np.where(mutual, 0, p * k),
        "n_bounds": np.where(mutual, 0, b), "fatalities_low": np.where(mutual, 0, lo * b),
        "fatalities_high": np.where(mutual, 0, hi * b),
        "n_mutual_known": np.where(mutual, k, zero), "fatalities_mutual": np.where(mutual, p * k, zero),
    })
    if not directed:  # the dyad series keeps mutual events in its totals and shows them apart
        mutual_rows = _flag(coded, "mutual", False)[rows]
        single["n_mutual_known"] = np.where(mutual_rows, k, 0)
        single["fatalities_mutual"] = np.where(mutual_rows, p * k, 0)
    frames = [single]
    if mutual.any():  # a mutual event's deaths are shown in the other direction too
        frames.append(single[mutual].assign(direction=flipped[direction_codes[rows[mutual]]]))
    return _sum_by(frames, ["period", "direction"], DEATH_SUMS, integer=False)


def _death_columns(deaths: pd.DataFrame, position: np.ndarray, n_dir: int, lo: int, hi: int,
                   n_events: np.ndarray, n_mutual: np.ndarray, directed: bool) -> dict:
    """Series columns of fatalities: sums of known values, NaN where events report none."""
    n_rows = (hi - lo + 1) * n_dir
    sums = {c: np.zeros(n_rows) for c in DEATH_SUMS}
    if len(deaths):
        direction = position[deaths["direction"].to_numpy()]
        period = deaths["period"].to_numpy()
        ok = (direction >= 0) & (period >= lo) & (period <= hi)
        cell = (period[ok] - lo) * n_dir + direction[ok]
        for c in DEATH_SUMS:
            np.add.at(sums[c], cell, deaths[c].to_numpy()[ok])
    own_events = n_events - n_mutual if directed else n_events

    def total(value: str, n: str, events: np.ndarray) -> np.ndarray:
        # zero where there were no events, NaN where there were some and none reported deaths
        return np.where(sums[n] > 0, sums[value], np.where(events > 0, np.nan, 0.0))

    unknown = n_events - sums["n_known"] - (sums["n_mutual_known"] if directed else 0)
    return {
        "fatalities": total("fatalities", "n_known", own_events),
        "fatalities_low": total("fatalities_low", "n_bounds", own_events),
        "fatalities_high": total("fatalities_high", "n_bounds", own_events),
        "n_fatalities_unknown": np.rint(unknown).astype(np.int64),
        "fatalities_mutual": total("fatalities_mutual", "n_mutual_known", n_mutual),
    }


def _empty_spans() -> pd.DataFrame:
    return pd.DataFrame({c: np.array([], dtype=np.int64) for c in ("first", "last", "direction", "n")})


def _directions(dyads, directed: bool, include_nonstate: bool) -> pd.DataFrame:
    dyads = sorted(dyads)
    if not directed:
        return pd.DataFrame({"dyad": pd.Series(dyads, dtype="str"), "actor_state": "",
                             "target_state": ""})
    rows = []
    for d in dyads:
        a, b = d.split("-")
        rows += [(d, a, b), (d, b, a)]
        if include_nonstate:
            rows += [(d, NONSTATE, a), (d, NONSTATE, b)]
    return pd.DataFrame(rows, columns=DIRECTION, dtype="str")


def _position(table: pd.DataFrame, directions: pd.DataFrame) -> np.ndarray:
    """Position of each row's direction in ``directions`` (-1 when it has none)."""
    if table.empty:
        return np.empty(0, dtype=np.int64)
    lookup = {key: i for i, key in enumerate(directions.itertuples(index=False, name=None))}
    codes, distinct = factorize_rows(table[DIRECTION])
    found = np.array([lookup.get(tuple(map(str, row)), -1)
                      for row in distinct.itertuples(index=False, name=None)], dtype=np.int64)
    return found[codes]


def _max_where(mask: np.ndarray, level: np.ndarray) -> np.ndarray:
    """The highest level present per row of ``mask`` (NaN where none is)."""
    out = np.where(mask, level, -np.inf).max(axis=1) if mask.shape[1] else np.full(len(mask), -np.inf)
    return np.where(np.isneginf(out), np.nan, out)


def _imprecise_counts(spans: pd.DataFrame, position: np.ndarray, n_dir: int, lo: int,
                      hi: int) -> np.ndarray:
    """For each grid row, the imprecise events whose span touches that period."""
    n_periods = hi - lo + 1
    if spans.empty:
        return np.zeros(n_periods * n_dir, dtype="int64")
    direction = position[spans["direction"].to_numpy()]
    first = np.clip(spans["first"].to_numpy() - lo, 0, n_periods)
    stop = np.clip(spans["last"].to_numpy() - lo + 1, 0, n_periods)
    ok = (direction >= 0) & (stop > first)
    # a difference array: +n where a span enters the grid, -n after it leaves, then cumsum
    steps = np.zeros((n_periods + 1, n_dir), dtype="int64")
    n = spans["n"].to_numpy()[ok]
    np.add.at(steps, (first[ok], direction[ok]), n)
    np.add.at(steps, (stop[ok], direction[ok]), -n)
    return np.cumsum(steps[:-1], axis=0).ravel()


# -- from aggregates to the series frame (every path ends here) -------------------------
def scale_for(coded: pd.DataFrame, scale: EscalationScale | None) -> EscalationScale:
    """The ladder a coded frame (or a series) was coded on: given, carried in ``attrs``, or shipped.

    Parameters
    ----------
    coded : DataFrame
        Coded events or a series (their ``attrs["ladder"]`` or ``attrs["scale"]``).
    scale : EscalationScale or None
        Wins when given.

    Returns
    -------
    EscalationScale

    Raises
    ------
    ValueError
        The frame names a ladder that is neither carried nor shipped (pass it).

    Examples
    --------
    >>> import escalation as esc
    >>> mid = esc.EscalationScale.mid_hostility()
    >>> scale_for(esc.code_events(esc.load_events(), mid), None).name
    'mid_hostility'
    """
    if scale is not None:
        return scale
    carried = coded.attrs.get("ladder")
    if isinstance(carried, EscalationScale):
        return carried
    if isinstance(carried, Mapping) and carried.get("rungs"):
        return _ladder_from_attrs(carried)
    name = coded.attrs.get("scale", "default")
    if name in ("default", "mid_hostility"):
        return EscalationScale.shipped(name)
    raise ValueError(f"these events were coded on ladder {name!r}: pass the same ladder as scale=")


_LADDERS: dict[str, EscalationScale] = {}


def _ladder_from_attrs(spec: Mapping) -> EscalationScale:
    """The ladder a frame carries as plain data (``EscalationScale.to_dict``), built once."""
    import json

    key = json.dumps(spec, sort_keys=True, default=str)
    if key not in _LADDERS:
        _LADDERS[key] = EscalationScale.from_dict(spec, source="attrs['ladder']")
    return _LADDERS[key]


def directed_mode(by) -> bool:
    """Whether ``by`` asks for directed series (``("actor_state", "target_state")``) or dyads.

    Parameters
    ----------
    by : tuple of str or "dyad"
        As for :func:`escalation.build_series`.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        Anything else.

    Examples
    --------
    >>> directed_mode(("actor_state", "target_state")), directed_mode("dyad")
    (True, False)
    """
    if isinstance(by, str) and by == "dyad":
        return False
    if tuple(by) != DIRECTED:
        raise ValueError("by must be ('actor_state', 'target_state') or 'dyad'")
    return True


def finish_series(parts: SeriesParts, scale: EscalationScale, since=None, until=None, *,
                  claims: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                  as_of=None) -> pd.DataFrame:
    """The series frame from merged aggregates (shared by the in-memory, streaming and dask paths).

    Parameters
    ----------
    parts : SeriesParts
        Merged aggregates.
    scale : EscalationScale
        Their ladder.
    since, until : date-like, optional
        The window.
    claims : DataFrame, optional
        Claims to join as claimed-killed columns.
    events : DataFrame, optional
        The events the claims refer to (at least ``event_id``, ``date_start``,
        ``is_umbrella``), needed with ``claims``.
    as_of : date-like, optional
        Latest claims as of this date.

    Returns
    -------
    DataFrame
        The series :func:`escalation.build_series` documents, sorted by period and
        direction, with ``attrs`` ``freq``, ``by``, ``scale`` and ``ladder``.

    Examples
    --------
    >>> import escalation as esc
    >>> scale = esc.EscalationScale.default()
    >>> coded = esc.code_events(esc.load_events())
    >>> s = finish_series(SeriesParts.from_coded(coded, scale), scale)
    >>> s.equals(esc.build_series(coded)), s.attrs["freq"]
    (True, 'W')
    """
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
                     scale=scale.name, ladder=scale.to_dict())
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
