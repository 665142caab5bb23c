"""Series from event tables that do not fit in memory: Parquet batches and dask partitions.

Both paths validate and code each chunk of events exactly as :func:`load_events` and
:func:`code_events` would, reduce it to :class:`~escalation.aggregates.SeriesParts`
(counts per period, direction and rung), add the parts, and finish them with the code the
in-memory :func:`build_series` uses, so all three give the same series.  Memory holds
a chunk per thread (plus one being read) and the aggregates.

Identifiers must be unique across the whole table: each chunk checks its own, and
chunks whose identifier ranges overlap are checked against each other at the end.
"""

from __future__ import annotations

import operator
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import pandas as pd

from ._io import input_path
from ._schema import PLAIN_TEXT_COLUMNS, check_flat_schema, check_unique, is_text_type
from .aggregates import DEFAULT_FREQ, DIRECTED, SeriesParts, directed_mode, finish_series, merge
from .coding import code_events
from .errors import (DataValidationError, EscalationError, FileFormatError, NoDataError,
                     require)
from .events import _validated
from .geo import DEFAULT_BORDER_KM
from .scale import EscalationScale


#: Batches whose aggregates are held before they are merged into one.
MERGE_EVERY = 8
#: Rows per streamed batch: large enough that per-batch costs (rules run once per distinct
#: place, kind and statement in each batch) fade, small enough that memory stays near that
#: of a few batches (about 0.2 GiB per batch with the synthetic schema).
STREAM_ROWS = 1 << 21
#: Threads coding batches at once: much of the work (Parquet decoding, numpy, pyarrow
#: text kernels, shapely) runs outside the GIL.  Memory holds one batch per thread, plus one.
STREAM_WORKERS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else os.cpu_count() or 1)


@dataclass(frozen=True)
class _Chunk:
    """What one chunk contributes: its aggregates, identifier range and claimed events."""

    parts: SeriesParts | None
    first_id: object
    last_id: object
    claimed: pd.DataFrame


def _process(frame: pd.DataFrame, source: str, offset: int, scale: EscalationScale, freq: str,
             directed: bool, include_nonstate: bool, claimed_ids: frozenset,
             placing: dict) -> _Chunk:
    try:
        events = _validated(frame, source, read_only_defaults=True)  # the batch stays here
    except DataValidationError as exc:  # row numbers in the whole table, not the chunk
        raise exc.renumbered({r: r + offset for r in exc.rows}) from None
    coded = code_events(events, scale, **placing)
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
            as_of, source: str) -> pd.DataFrame:
    if parts is None:
        raise NoDataError(f"{source}: no events to build a series from: the table has no rows")
    claimed = pd.concat([c.claimed for c in chunks], ignore_index=True)
    out = finish_series(parts, scale, since, until, claims=claims, events=claimed, as_of=as_of)
    out.attrs["coding"] = {"rows_in": parts.rows_in, **parts.rung_counts}
    return out


def _chunks(dataset, rows: int, source: str):
    """Tables of about ``rows`` rows: Parquet batches stop at row groups, so they are
    gathered until they hold nine tenths of ``rows`` (two row groups of a million rows
    make one table of ``2**21``)."""
    import pyarrow as pa

    held, n = [], 0
    batches = dataset.to_batches(batch_size=min(rows, 1 << 20), batch_readahead=2,
                                 fragment_readahead=1)
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError) as exc:  # a data page the footer did not reveal
            raise FileFormatError(f"{source}: not a readable Parquet file or dataset: "
                                  f"{str(exc).strip().splitlines()[0]}") from None
        if batch is None:
            break
        if batch.num_rows:
            held.append(batch)
            n += batch.num_rows
        if 10 * n >= 9 * rows:
            yield pa.Table.from_batches(held)
            held, n = [], 0
    if held:
        yield pa.Table.from_batches(held)


def open_dataset(path):
    """A Parquet file or folder as one dataset, every file checked before any row is read.

    Each file must be readable Parquet with flat columns, and files that share a column
    must agree on its type (a dictionary of text counts as text): otherwise one
    :class:`~escalation.errors.FileFormatError` names the file and the column.  Columns
    some files lack read as missing values in them.

    Parameters
    ----------
    path : str or Path
        A Parquet file, or a folder of them (searched recursively, as pyarrow does).

    Returns
    -------
    pyarrow.dataset.Dataset
        One dataset over every file with the agreed schema; text columns (other than
        identifiers) read as dictionaries, so they arrive as categoricals.

    Examples
    --------
    >>> import escalation as esc, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ev = esc.load_events()
    >>> ev.iloc[:50].to_parquet(folder / "a.parquet"); ev.iloc[50:].to_parquet(folder / "b.parquet")
    >>> open_dataset(folder).count_rows() == len(ev)
    True
    """
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    path = input_path(path, "a Parquet file or a folder of them")
    try:
        files = ds.dataset(path, format="parquet").files if path.is_dir() else [str(path)]
    except (pa.ArrowException, OSError) as exc:
        raise FileFormatError(f"{path}: not a readable Parquet dataset: "
                              f"{str(exc).strip().splitlines()[0]}") from None
    if not files:
        raise NoDataError(f"{path}: a folder holding no Parquet files")
    schemas = {}
    for name in files:
        try:
            schemas[name] = pq.read_schema(name)
        except (pa.ArrowException, OSError) as exc:
            raise FileFormatError(f"{name}: not a readable Parquet file: "
                                  f"{str(exc).strip().splitlines()[0]}") from None
        check_flat_schema(schemas[name], name)
    schema = _unified(schemas)
    text = [f.name for f in schema if is_text_type(f.type) and f.name not in PLAIN_TEXT_COLUMNS]
    fmt = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=text))
    # the agreed schema must say "dictionary" too: a plain string type there would make
    # the scanner decode every dictionary back into strings, batch after batch
    schema = pa.schema([pa.field(f.name, pa.dictionary(pa.int32(), f.type)) if f.name in text else f
                        for f in schema])
    return ds.dataset(files, format=fmt, schema=schema)


def _unified(schemas: dict) -> object:
    """One schema for every file: each column's type, agreed by every file that has it.

    Text (plain, large, or a dictionary of text) is text; integers of different widths
    read as int64, integers beside floats as float64, timestamps of different units as
    microseconds.  Any other disagreement is refused, naming both files.
    """
    import pyarrow as pa

    types: dict[str, tuple[object, str]] = {}
    for name, schema in schemas.items():
        for f in schema:
            t = f.type.value_type if pa.types.is_dictionary(f.type) else f.type
            if is_text_type(t):
                t = pa.string()
            if f.name not in types or pa.types.is_null(types[f.name][0]):
                types[f.name] = (t, name)
                continue
            first, where = types[f.name]
            agreed = _common_type(first, t)
            if agreed is None:
                raise FileFormatError(
                    f"{name}, column '{f.name}': {t} here but {first} in {where}; the files "
                    "of a dataset must agree on each column's type")
            types[f.name] = (agreed, where)
    return pa.schema([pa.field(n, t) for n, (t, _) in types.items()])


def _common_type(a, b):
    import pyarrow as pa

    if a == b or pa.types.is_null(b):
        return a
    if pa.types.is_integer(a) and pa.types.is_integer(b):
        return pa.int64()
    if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in (a, b)):
        return pa.float64()
    if pa.types.is_timestamp(a) and pa.types.is_timestamp(b) and a.tz == b.tz:
        return pa.timestamp("us", tz=a.tz)
    return None


def series_from_parquet(path, freq: str = DEFAULT_FREQ, by=DIRECTED, since=None, until=None,
                        include_nonstate: bool = False, *, scale: EscalationScale | None = None,
                        claims: pd.DataFrame | None = None, as_of=None,
                        batch_size: int = STREAM_ROWS, workers: int = STREAM_WORKERS,
                        boundaries=None, border_km: float = DEFAULT_BORDER_KM) -> pd.DataFrame:
    """:func:`build_series` over a Parquet file or dataset, one batch at a time.

    Parameters
    ----------
    path : str or Path
        A Parquet file, or a directory of them, in the package's event schema.
    batch_size : int
        Rows per batch (the memory held at once grows with it).
    workers : int
        Batches coded at once, each in its own thread (default: the machine's cores, at
        most 4).  The series are the same for any number; errors are those of the first
        bad batch in file order.
    freq, by, since, until, include_nonstate, scale, claims, as_of, boundaries, border_km
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
    source = str(path)
    dataset = open_dataset(path)

    scale = scale or EscalationScale.default()
    directed = directed_mode(by)
    placing = {"boundaries": boundaries, "border_km": border_km}
    claimed_ids = frozenset(claims["event_id"].astype("str")) if claims is not None else frozenset()
    workers = _thread_count(workers)
    chunks: list[_Chunk] = []
    pending: list[SeriesParts] = []

    def collect(chunk: _Chunk) -> None:
        nonlocal pending
        pending.append(chunk.parts)
        if len(pending) > MERGE_EVERY:  # merging costs about the same for 2 parts or 9
            pending = [merge(pending)]
        chunks.append(replace(chunk, parts=None))

    def code(batch, offset: int) -> _Chunk:
        return _process(batch.to_pandas(), source, offset, scale, freq, directed,
                        include_nonstate, claimed_ids, placing)

    offset = 0
    pool = ThreadPoolExecutor(workers, thread_name_prefix="escalation-stream")
    running: deque = deque()
    try:
        try:
            for batch in _chunks(dataset, batch_size, source):
                running.append(pool.submit(code, batch, offset))
                offset += batch.num_rows
                while len(running) > workers:  # results in file order, memory bounded
                    collect(running.popleft().result())
        except EscalationError:
            # a page that cannot be read: the batches before it may hold an earlier error
            while running:
                collect(running.popleft().result())
            raise
        while running:
            collect(running.popleft().result())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C does not wait for batches
        raise
    pool.shutdown()
    parts = merge(pending) if pending else None
    if _ranges_overlap(chunks):
        ids = dataset.to_table(columns=["event_id"]).column("event_id").to_pandas()
        check_unique(ids, "event_id", source)
    return _finish(chunks, parts, scale, since, until, claims, as_of, source)


def _thread_count(workers) -> int:
    try:
        if isinstance(workers, bool):
            raise TypeError
        count = operator.index(workers)
    except TypeError:
        count = 0
    if count < 1:
        raise ValueError(f"workers must be a whole number of threads, 1 or more; got {workers!r}")
    return count


def series_from_dask(events, freq: str = DEFAULT_FREQ, by=DIRECTED, since=None, until=None,
                     include_nonstate: bool = False, *, scale: EscalationScale | None = None,
                     claims: pd.DataFrame | None = None, as_of=None, boundaries=None,
                     border_km: float = DEFAULT_BORDER_KM) -> pd.DataFrame:
    """:func:`build_series` over a ``dask.dataframe`` of events, partition by partition.

    Each partition is validated, coded and reduced to its aggregates where it lives; only
    the aggregates travel.  Errors name the partition and the row within it.

    Parameters
    ----------
    events : dask.dataframe.DataFrame
        Events in the package's schema (``dask.dataframe.read_parquet`` of event files).
    freq, by, since, until, include_nonstate, scale, claims, as_of, boundaries, border_km
        As for :func:`escalation.build_series`.

    Returns
    -------
    DataFrame
        The same series :func:`build_series` gives on the computed, coded frame;
        ``attrs["coding"]`` counts every row by rung.

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
    placing = {"boundaries": boundaries, "border_km": border_km}
    tasks = [dask.delayed(_process)(part, f"<dask partition {i}>", 0, scale, freq, directed,
                                    include_nonstate, claimed_ids, placing)
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
    return _finish(chunks, parts, scale, since, until, claims, as_of, "<dask DataFrame>")


__all__ = ["series_from_dask", "series_from_parquet"]
