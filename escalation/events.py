"""The event table: canonical columns, loading and validation.

One row per event.  A user's file needs only the core columns (``event_id``,
``date_start``, ``actor_state``, ``target_state``, ``kind``, ``source_url``); every other
column gets the documented default below.  The codebook is ``data/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ._distinct import by_distinct, factorize_rows, fill_missing, row_blocks
from ._schema import Column, check_unique, conform, fail_rows, read_table
from .errors import DataValidationError, DateError, UnknownCodeError

PRECISIONS = ("day", "week", "month", "period")
#: How precisely ``latitude``/``longitude`` locate the event.  Only ``exact`` (a site)
#: and ``town`` points may decide a strike's depth; a district's or province's point
#: stands for the whole unit (its centre or capital), not a strike site, and
#: ``multiple`` (several sites) carries no point.
GEO_PRECISIONS = ("exact", "town", "district", "province", "multiple")
ATTRIBUTIONS = ("claimed", "alleged", "disputed")
QUALITY_FLAGS = ("ok", "single_source", "unretrieved", "doubtful")
VERIFICATION = ("verified_cited_page", "verified_other_reporting", "unverifiable",
                "corrected", "not_checked")
#: The widest span each precision allows, in days (inclusive of both ends).
MAX_SPAN_DAYS = {"day": 1, "week": 7, "month": 31}

CORE_EVENT_COLUMNS = ("event_id", "date_start", "actor_state", "target_state", "kind",
                      "source_url")


def _dyad_default(df: pd.DataFrame) -> pd.Series:
    """The sorted pair of actor and target state; empty for a non-state actor."""
    def pair(d: pd.DataFrame) -> pd.Series:
        a, b = d["actor_state"].astype("str"), d["target_state"].astype("str")
        lo, hi = a.where(a <= b, b), b.where(a <= b, a)
        return (lo + "-" + hi).where(d["actor_state"].notna(), "")

    return by_distinct(df[["actor_state", "target_state"]], pair)


EVENT_COLUMNS: list[Column] = [
    Column("event_id", "id", required=True, allow_empty=False, doc="Unique identifier."),
    Column("date_start", "date", required=True, allow_empty=False,
           doc="First day the event may have happened (YYYY-MM-DD)."),
    Column("date_end", "date", default=lambda df: df["date_start"],
           doc="Last day it may have happened; equals date_start for day precision."),
    Column("date_precision", "choice", default="day", choices=PRECISIONS, allow_empty=False),
    Column("actor_state", "state", required=True,
           doc="ISO3 of the acting state; empty for non-state actors."),
    Column("target_state", "state", required=True, allow_empty=False,
           doc="ISO3 of the state whose territory or forces were hit."),
    Column("dyad", default=_dyad_default,
           doc="Sorted ISO3 pair, e.g. AFG-PAK; may be empty for a non-state action."),
    Column("actor", default=lambda df: fill_missing(df["actor_state"], ""), doc="Actor as reported."),
    Column("target", default=lambda df: df["target_state"], doc="Target as reported."),
    Column("third_party", doc="Mediators or third parties, ';'-separated ISO3."),
    Column("attribution", "choice", default="claimed", choices=ATTRIBUTIONS, allow_empty=False),
    Column("mutual", "bool", default=False,
           doc="True for exchanges where both fired and the initiator is disputed."),
    Column("is_state_action", "bool", default=lambda df: df["actor_state"].notna()),
    Column("is_umbrella", "bool", default=False,
           doc="Period totals that claims attach to; never counted as events."),
    Column("location"), Column("admin1"),
    Column("country_where", "state", default=lambda df: df["target_state"]),
    Column("latitude", "signed", doc="WGS84 degrees north (-90 to 90); with longitude or not at all."),
    Column("longitude", "signed", doc="WGS84 degrees east (-180 to 180)."),
    Column("geo_precision", "choice", choices=GEO_PRECISIONS,
           doc="exact, town, district, province or multiple; empty when there is no place."),
    Column("geo_source", doc="Where the point comes from (gazetteer and id, or a cited page)."),
    Column("fatalities", "number",
           doc="Reported deaths (ACLED's fatalities, UCDP's best); empty when unknown."),
    Column("fatalities_low", "number", doc="Lowest reported deaths (UCDP's low)."),
    Column("fatalities_high", "number", doc="Highest reported deaths (UCDP's high)."),
    Column("kind", required=True, allow_empty=False, doc="What happened (see the codebook)."),
    Column("rung_override", doc="A curated rung key that wins over the kind's mapping."),
    Column("rung_rationale"),
    Column("quote"), Column("summary"),
    Column("source_publisher"), Column("source_title"),
    Column("source_url", required=True, allow_empty=False),
    Column("source_date"),
    Column("quality", "choice", default="ok", choices=QUALITY_FLAGS, allow_empty=False),
    Column("quality_note"),
    Column("verification", "choice", default="not_checked", choices=VERIFICATION,
           allow_empty=False),
]


def validate_events(raw: pd.DataFrame, source: str = "<DataFrame>") -> pd.DataFrame:
    """Conform and check an event table; return it in canonical dtypes.

    Use it on a frame you built yourself; :func:`load_events` calls it on a file.

    Parameters
    ----------
    raw : DataFrame
        Events with at least the core columns (``event_id``, ``date_start``,
        ``actor_state``, ``target_state``, ``kind``, ``source_url``); text, numbers or
        dates.  Every other column of the schema gets its documented default (the
        codebook, ``data/README.md``); extra columns are kept.
    source : str
        What to call the table in error messages (a file name).

    Returns
    -------
    DataFrame
        The events in canonical columns and dtypes: dates as ``datetime64``, flags as
        bool, ``latitude``/``longitude``/``fatalities*`` as float, choices as
        categoricals.  ``attrs["source"]`` names ``source``, so that later steps
        (:func:`escalation.code_events`) can name the file too.

    Raises
    ------
    DataValidationError
        A subclass (:class:`~escalation.errors.MissingColumnError`,
        :class:`~escalation.errors.DateError`, :class:`~escalation.errors.UnknownCodeError`,
        :class:`~escalation.errors.DuplicateIdError`, ...) naming the source, the row
        number(s) and the column of the first problem found, with the offending values.

    Examples
    --------
    >>> import pandas as pd, escalation as esc
    >>> raw = pd.DataFrame({"event_id": ["e1"], "date_start": ["2025-07-24"],
    ...                     "actor_state": ["THA"], "target_state": ["KHM"],
    ...                     "kind": ["airstrike"], "source_url": ["https://example.org/1"]})
    >>> ev = esc.validate_events(raw)
    >>> ev.loc[0, ["dyad", "date_precision", "attribution", "quality"]].tolist()
    ['KHM-THA', 'day', 'claimed', 'ok']
    >>> esc.validate_events(raw.assign(date_start=["24/07/2025"]), source="mine.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.DateError: mine.csv, row 1, column 'date_start': bad date: not a date in YYYY-MM-DD form (got '24/07/2025')
    """
    return _validated(raw, source)


def _validated(raw: pd.DataFrame, source: str, read_only_defaults: bool = False) -> pd.DataFrame:
    """:func:`validate_events`; ``read_only_defaults`` for a batch no user receives."""
    df = conform(raw, EVENT_COLUMNS, source, read_only_defaults=read_only_defaults)
    check_unique(df["event_id"], "event_id", source)
    # checks that columns filled by their defaults cannot fail are skipped
    given = set(raw.columns)
    if "date_end" in given:  # else every event is one day long
        span = _span_days(df["date_start"], df["date_end"])
        fail_rows(DateError, source, "date_end", pd.Series(span < 1),
                  lambda m: "date_end is before date_start", df["date_end"])
        for precision, limit in MAX_SPAN_DAYS.items():
            fail_rows(DateError, source, "date_end",
                      (df["date_precision"] == precision) & (span > limit),
                      lambda m, p=precision, n=limit: f"a '{p}'-precision span cannot exceed {n} day(s)",
                      df["date_end"])
    if "dyad" in given:
        _check_dyads(df, source)
    else:
        _check_derived_dyads(df, source)
    if given & {"latitude", "longitude"}:
        _check_coordinates(df, source)
    if len(given & {"fatalities", "fatalities_low", "fatalities_high"}) > 1:
        _check_fatalities(df, source)
    df.attrs["source"] = str(source)
    return df


def _check_coordinates(df: pd.DataFrame, source: str) -> None:
    lat, lon = df["latitude"], df["longitude"]
    fail_rows(DataValidationError, source, "latitude", lat.notna() & ~lat.between(-90, 90),
              lambda m: "outside -90 to 90 degrees", lat)
    fail_rows(DataValidationError, source, "longitude", lon.notna() & ~lon.between(-180, 180),
              lambda m: "outside -180 to 180 degrees", lon)
    fail_rows(DataValidationError, source, "longitude", lat.notna() & lon.isna(),
              lambda m: "a latitude without a longitude (give both or neither)")
    fail_rows(DataValidationError, source, "latitude", lon.notna() & lat.isna(),
              lambda m: "a longitude without a latitude (give both or neither)")


def _check_fatalities(df: pd.DataFrame, source: str) -> None:
    best, low, high = df["fatalities"], df["fatalities_low"], df["fatalities_high"]
    fail_rows(DataValidationError, source, "fatalities_low", low > best,
              lambda m: "fatalities_low is above fatalities", low)
    fail_rows(DataValidationError, source, "fatalities_high", high < best,
              lambda m: "fatalities_high is below fatalities", high)
    fail_rows(DataValidationError, source, "fatalities_high", high < low,
              lambda m: "fatalities_high is below fatalities_low", high)


def _span_days(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Days from start to end, both counted (integer arithmetic on the raw timestamps)."""
    if start.dtype != end.dtype:
        return ((end - start).dt.days + 1).to_numpy()
    per_day = int(np.timedelta64(1, "D") / np.timedelta64(1, np.datetime_data(start.dtype)[0]))
    first, last = start.to_numpy().view(np.int64), end.to_numpy().view(np.int64)
    out = np.empty(len(first), dtype=np.int32)
    for rows in row_blocks(len(first)):  # block temporaries stay in reused memory
        out[rows] = (last[rows] - first[rows]) // per_day + 1
    return out


def _check_dyads(df: pd.DataFrame, source: str) -> None:
    """Check each distinct (dyad, actor, target) once; errors name the rows holding it."""
    codes, distinct = factorize_rows(df[["dyad", "actor_state", "target_state"]])
    distinct["dyad"] = distinct["dyad"].fillna("").astype("str")
    try:
        _check_distinct_dyads(distinct, source)
    except DataValidationError as exc:
        bad = np.isin(codes, np.asarray(exc.rows, dtype=np.int64) - 1)
        raise exc.renumbered([int(i) + 1 for i in np.flatnonzero(bad)]) from None


_SELF_PAIR = ("pairs a state with itself: a dyad needs two different states (an action at "
             "home is not an interstate event)")


def _check_derived_dyads(df: pd.DataFrame, source: str) -> None:
    """Dyads made from valid actor and target codes fail only when the two are one state."""
    actor, target = df["actor_state"], df["target_state"]
    if isinstance(actor.dtype, pd.CategoricalDtype) and isinstance(target.dtype, pd.CategoricalDtype):
        # compare codes: the actor's categories looked up among the target's
        at = pd.Index(target.cat.categories).get_indexer(actor.cat.categories)
        codes = actor.cat.codes.to_numpy()
        same = (codes >= 0) & (np.append(at, -1)[codes] == target.cat.codes.to_numpy())
    else:
        same = (actor == target).fillna(False).to_numpy(dtype=bool)
    fail_rows(UnknownCodeError, source, "dyad", pd.Series(same),
              lambda m: f"{df['dyad'][m].iloc[0]!r} {_SELF_PAIR}")


def _check_distinct_dyads(df: pd.DataFrame, source: str) -> None:
    from ._schema import known_states

    # a non-state action need not belong to a dyad; a state action must
    has = df["dyad"] != ""
    fail_rows(DataValidationError, source, "dyad", ~has & df["actor_state"].notna(),
              lambda m: "a state action needs a dyad")
    shaped = df["dyad"].str.fullmatch(r"[A-Za-z]{3}-[A-Za-z]{3}")
    fail_rows(UnknownCodeError, source, "dyad", has & ~shaped,
              lambda m: f"{df['dyad'][m].iloc[0]!r} is not a pair like AFG-PAK")
    a = df["dyad"].str[:3].where(has)
    b = df["dyad"].str[4:].where(has)
    states = known_states()
    fail_rows(UnknownCodeError, source, "dyad", has & (a == b),
              lambda m: f"{df['dyad'][m].iloc[0]!r} {_SELF_PAIR}")
    fail_rows(UnknownCodeError, source, "dyad", has & (~a.isin(states) | ~b.isin(states)),
              lambda m: f"{df['dyad'][m].iloc[0]!r} is not a pair of ISO3 state codes")
    fail_rows(UnknownCodeError, source, "dyad", has & (a > b),
              lambda m: f"{df['dyad'][m].iloc[0]!r} is not sorted: write "
                        f"'{b[m].iloc[0]}-{a[m].iloc[0]}'")
    outside = has & df["actor_state"].notna() & (df["actor_state"] != a) & (df["actor_state"] != b)
    fail_rows(DataValidationError, source, "actor_state", outside,
              lambda m: f"{df['actor_state'][m].iloc[0]!r} is not a side of dyad "
                        f"{df['dyad'][m].iloc[0]!r}")
    outside = has & (df["target_state"] != a) & (df["target_state"] != b)
    fail_rows(DataValidationError, source, "target_state", outside,
              lambda m: f"{df['target_state'][m].iloc[0]!r} is not a side of dyad "
                        f"{df['dyad'][m].iloc[0]!r}")


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate an event table (CSV or Parquet); the bundled data by default.

    Parameters
    ----------
    path : str or Path, optional
        A file in the package's event schema.  ``None`` loads the bundled
        Afghanistan–Pakistan (and India–Pakistan, May 2025) events.

    Returns
    -------
    pandas.DataFrame
        One row per event in canonical columns and dtypes.  From Parquet, text columns
        stay categoricals (the file's dictionaries), integer ``event_id`` stays integer
        and timestamps keep their unit, so ten million events load in about the time
        the file takes to read; a column filled by a constant default is a
        one-category categorical.  For files larger than memory, pass the path to
        :func:`escalation.build_series` instead.

    Examples
    --------
    >>> import escalation as esc
    >>> ev = esc.load_events()
    >>> ev.loc[ev.event_id == "AFPK-051", "kind"].item()
    'airstrike_capital'
    """
    from .datasets import bundled_path

    path = bundled_path("events.csv") if path is None else Path(path)
    return validate_events(read_table(path), source=str(path))
