"""Series from event tables that do not fit in memory: Parquet batches and dask partitions.

Both paths validate and code each chunk of events exactly as :func:`load_events` and
:func:`code_events` would, reduce it to :class:`~escalation.aggregates.SeriesParts`
(counts per period, direction and rung), add the parts, and finish them with the code the
in-memory :func:`build_series` uses, so all three give the same series.  Memory holds
one chunk at a time plus the aggregates.

Identifiers must be unique across the whole table: each chunk checks its own, and
chunks whose identifier ranges overlap are checked against each other at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ._schema import PLAIN_TEXT_COLUMNS, check_unique
from .aggregates import DEFAULT_FREQ, DIRECTED, SeriesParts, directed_mode, finish_series, merge
from .coding import code_events
from .errors import DataValidationError, FileFormatError, require
from .events import validate_events
from .scale import EscalationScale


#: Batches whose aggregates are held before they are merged into one.
MERGE_EVERY = 8
#: Rows per streamed batch: large enough that per-batch costs vanish, small enough that
#: memory stays near that of one batch (about 0.1 GiB per batch with the synthetic schema).
STREAM_ROWS = 1 << 20


@dataclass(frozen=True)
class _Chunk:
    """What one chunk contributes: its aggregates, identifier range and claimed events."""

    parts: SeriesParts | None
    first_id: object
    last_id: object
    claimed: pd.DataFrame


def _process(frame: pd.DataFrame, source: str, offset: int, scale: EscalationScale, freq: str,
             directed: bool, include_nonstate: bool, claimed_ids: frozenset) -> _Chunk:
    try:
        events = validate_events(frame, source=source)
    except DataValidationError as exc:  # row numbers in the whole table, not the chunk
        raise type(exc)(exc.source, exc.column, [r + offset for r in exc.rows], exc.detail) from None
    coded = code_events(events, scale)
    ids = events["event_id"]
    # claims name events by text; a file's integer ids are compared as text
    claimed = coded.loc[ids.astype("str").isin(claimed_ids).to_numpy(),
                        ["event_id", "date_start", "is_umbrella"]] \
        if claimed_ids else coded.iloc[:0][["event_id", "date_start", "is_umbrella"]]
    return _Chunk(SeriesParts.from_coded(coded, scale, freq, directed, include_nonstate),
                  ids.min() if len(ids) else None, ids.max() if len(ids) else None,
                  claimed.astype({"event_id": "str"}))


def _ranges_overlap(chunks: list[_Chunk]) -> bool:
    ranges = sorted((c.first_id, c.last_id) for c in chunks if c.first_id is not None)
    return any(prev[1] >= nxt[0] for prev, nxt in zip(ranges, ranges[1:]))


def _finish(chunks: list[_Chunk], parts: SeriesParts | None, scale, since, until, claims,
            as_of) -> pd.DataFrame:
    if parts is None:
        raise ValueError("no events to build a series from: the table has no rows")
    claimed = pd.concat([c.claimed for c in chunks], ignore_index=True)
    out = finish_series(parts, scale, since, until, claims=claims, events=claimed, as_of=as_of)
    out.attrs["coding"] = {"rows_in": parts.rows_in, **parts.rung_counts}
    return out


def _chunks(dataset, rows: int):
    """Tables of about ``rows`` rows: Parquet batches stop at row groups, so gather them."""
    import pyarrow as pa

    held, n = [], 0
    for batch in dataset.to_batches(batch_size=min(rows, 1 << 20), batch_readahead=2,
                                    fragment_readahead=1):
        if batch.num_rows:
            held.append(batch)
            n += batch.num_rows
        if n >= rows:
            yield pa.Table.from_batches(held)
            held, n = [], 0
    if held:
        yield pa.Table.from_batches(held)


def series_from_parquet(path, freq: str = DEFAULT_FREQ, by=DIRECTED, since=None, until=None,
                        include_nonstate: bool = False, *, scale: EscalationScale | None = None,
                        claims: pd.DataFrame | None = None, as_of=None,
                        batch_size: int = STREAM_ROWS) -> pd.DataFrame:
    """:func:`build_series` over a Parquet file or dataset, one batch at a time.

    Parameters
    ----------
    path : str or Path
        A Parquet file, or a directory of them, in the package's event schema.
    batch_size : int
        Rows per batch (the memory held at once grows with it).
    freq, by, since, until, include_nonstate, scale, claims, as_of
        As for :func:`escalation.build_series`.

    Returns
    -------
    DataFrame
        The same series :func:`build_series` gives on the loaded and coded table;
        ``attrs["coding"]`` counts every row read by rung (``uncoded`` included).

    Examples
    --------
    >>> import escalation as esc, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "events.parquet"
    >>> esc.load_events().to_parquet(path)
    >>> s = esc.series_from_parquet(path, batch_size=25)
    >>> s.equals(esc.build_series(esc.code_events(esc.load_events())))
    True
    """
    require("pyarrow", feature="Streaming Parquet", extra="parquet")
    import pyarrow as pa
    import pyarrow.dataset as ds

    source = str(path)
    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    try:
        schema = ds.dataset(path, format="parquet").schema
    except (pa.ArrowInvalid, OSError) as exc:
        raise FileFormatError(f"{path}: not a readable Parquet file or dataset: {exc}") from None
    text = [f.name for f in schema if (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
            and f.name not in PLAIN_TEXT_COLUMNS]
    fmt = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=text))
    dataset = ds.dataset(path, format=fmt)

    scale = scale or EscalationScale.default()
    directed = directed_mode(by)
    claimed_ids = frozenset(claims["event_id"].astype("str")) if claims is not None else frozenset()
    chunks: list[_Chunk] = []
    pending: list[SeriesParts] = []
    offset = 0
    for batch in _chunks(dataset, batch_size):
        chunk = _process(batch.to_pandas(), source, offset,
                         scale, freq, directed, include_nonstate, claimed_ids)
        pending.append(chunk.parts)
        if len(pending) > MERGE_EVERY:  # merging costs about the same for 2 parts or 9
            pending = [merge(pending)]
        chunks.append(replace(chunk, parts=None))
        offset += batch.num_rows
    parts = merge(pending) if pending else None
    if _ranges_overlap(chunks):
        ids = dataset.to_table(columns=["event_id"]).column("event_id").to_pandas()
        check_unique(ids, "event_id", source)
    return _finish(chunks, parts, scale, since, until, claims, as_of)


def series_from_dask(events, freq: str = DEFAULT_FREQ, by=DIRECTED, since=None, until=None,
                     include_nonstate: bool = False, *, scale: EscalationScale | None = None,
                     claims: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """:func:`build_series` over a ``dask.dataframe`` of events, partition by partition.

    Each partition is validated, coded and reduced to its aggregates where it lives; only
    the aggregates travel.  Errors name the partition and the row within it.

    Parameters
    ----------
    events : dask.dataframe.DataFrame
        Events in the package's schema (``dask.dataframe.read_parquet`` of event files).
    freq, by, since, until, include_nonstate, scale, claims, as_of
        As for :func:`escalation.build_series`.

    Examples
    --------
    >>> import escalation as esc, dask.dataframe as dd
    >>> ev = esc.load_events()
    >>> s = esc.series_from_dask(dd.from_pandas(ev, npartitions=3))
    >>> s.equals(esc.build_series(esc.code_events(ev)))
    True
    """
    require("dask", feature="The dask path", extra="dask")
    import dask

    scale = scale or EscalationScale.default()
    directed = directed_mode(by)
    claimed_ids = frozenset(claims["event_id"].astype("str")) if claims is not None else frozenset()
    tasks = [dask.delayed(_process)(part, f"<dask partition {i}>", 0, scale, freq, directed,
                                    include_nonstate, claimed_ids)
             for i, part in enumerate(events.to_delayed())]
    chunks = [c for c in dask.compute(*tasks) if c.parts is not None and c.parts.rows_in]
    if _ranges_overlap(chunks):
        counts = events["event_id"].value_counts().compute()
        if (counts > 1).any():
            dup = counts[counts > 1]
            raise DataValidationError(
                "<dask DataFrame>", "event_id", [],
                f"{dup.index[0]!r} appears {int(dup.iloc[0])} times ({len(dup)} duplicated ids)")
    parts = merge([c.parts for c in chunks]) if chunks else None
    return _finish(chunks, parts, scale, since, until, claims, as_of)


__all__ = ["series_from_dask", "series_from_parquet"]
