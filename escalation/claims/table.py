"""The claims table: canonical columns, loading and validation.

One row per casualty claim: who claimed how many of whose people were killed, wounded,
captured or missing, as stated (``qualifier``, ``number``) and as an interval
(``low``, ``high``) derived under a named convention.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .._schema import Column, _as_text, check_unique, conform, parse_dates, read_table
from ..errors import (
    ClaimIntervalError,
    DanglingReferenceError,
    DataValidationError,
    IntervalError,
    NumberError,
    SupersessionError,
    UnknownCodeError,
    UnknownQualifierError,
)
from ..events import QUALITY_FLAGS, VERIFICATION
from .intervals import (
    CONVENTIONS,
    DEFAULT_CONVENTION,
    MAX_NUMBER,
    NUMERIC_QUALIFIERS,
    Qualifier,
    get_convention,
    interval_for,
)

CLAIMANT_SIDES = ("AFG", "PAK", "IND", "THIRD", "NSA")
SUBJECT_CATEGORIES = ("military", "militant", "civilian", "mixed")
OUTCOMES = ("killed", "wounded", "captured", "missing")
DATE_PRECISIONS = ("day", "week", "month")


def _claim_date_default(df: pd.DataFrame) -> pd.Series:
    return df["source_date"]


CLAIM_COLUMNS: list[Column] = [
    Column("claim_id", required=True, allow_empty=False),
    Column("event_id", required=True, allow_empty=False,
           doc="The event (or umbrella row) the claim is about."),
    Column("claimant", doc="As reported."),
    Column("claimant_org", default=lambda df: df["claimant"],
           doc="Normalised organisation, e.g. PAK-ISPR, AFG-GOVT-SPOKESMAN, UNAMA."),
    Column("claimant_side", required=True, allow_empty=False,
           doc="ISO3 of the claiming government's side, or THIRD."),
    Column("subject_state", "state", required=True, allow_empty=False,
           doc="Whose people the claim counts."),
    Column("subject_category", "choice", required=True, choices=SUBJECT_CATEGORIES,
           allow_empty=False),
    Column("outcome", "choice", required=True, choices=OUTCOMES, allow_empty=False),
    Column("qualifier", required=True, allow_empty=False),
    Column("number", "number", required=True),
    Column("number_to", "number", default=""),
    Column("raw_phrase", doc="The words reported: evidence, not parser input."),
    Column("source_publisher"), Column("source_title"),
    Column("source_url", required=True, allow_empty=False),
    Column("source_date"),
    Column("claim_date", default=_claim_date_default,
           doc="When it was said (YYYY-MM-DD, or YYYY-MM for month precision)."),
    Column("claim_seq", "int", default=1, doc="Order within the day."),
    Column("supersedes", doc="claim_id this claim revises."),
    Column("quality", "choice", default="ok", choices=QUALITY_FLAGS, allow_empty=False),
    Column("quality_note"),
    Column("verification", "choice", default="not_checked", choices=VERIFICATION,
           allow_empty=False),
]


def validate_claims(raw: pd.DataFrame, source: str = "<DataFrame>", *,
                    events: pd.DataFrame | None = None,
                    convention: str = "default") -> pd.DataFrame:
    """Conform and check a claims table; return it with ``low``/``high`` as floats.

    ``low``/``high`` are derived from ``qualifier`` and ``number`` under ``convention``;
    stored ``low``/``high`` columns are checked against their own qualifier.  With
    ``events``, every ``event_id`` must name one of them.  Every problem raises a
    :class:`~escalation.errors.DataValidationError` subclass naming the file, the rows
    (up to ten, each with its value) and the column: unknown qualifiers, missing,
    infinite or too large numbers (above 2**53), ranges that do not run upwards,
    ``claim_seq`` out of range, ``supersedes`` naming nothing, itself, a later claim or
    a cycle.

    Parameters
    ----------
    raw : DataFrame
        A claims table as read (text or typed columns), in the package's claim schema;
        optional columns may be missing (their defaults are filled in).
    source : str
        What the table is called in error messages (its file name).
    events : DataFrame, optional
        The events the claims refer to; without them ``event_id`` is not checked.
    convention : str
        How qualifiers become intervals (``default`` or ``acled_conservative``).

    Returns
    -------
    DataFrame
        One row per claim in the canonical column order (``claim_id``, ``event_id``,
        ``claimant``, ``claimant_org``, ``claimant_side``, ``subject_state``,
        ``subject_category``, ``outcome``, ``qualifier``, ``number``, ``number_to``,
        ``raw_phrase``, ``source_*``, ``claim_date``, ``claim_seq``, ``supersedes``,
        ``quality``, ``quality_note``, ``verification``), then ``low`` and ``high``
        (floats, ``high`` may be ``inf``), ``claim_date_precision`` and
        ``convention``.

    Raises
    ------
    DataValidationError
        A subclass naming the source, the rows and the column.

    References
    ----------
    1. The package codebook, ``data/README.md``.
    2. Frictionless Data, Table Schema specification (field constraints, foreign keys).

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"claim_id": ["C1", "C2"], "event_id": ["E1", "E1"],
    ...                     "claimant_side": ["ARM", "AZE"], "subject_state": ["AZE", "AZE"],
    ...                     "subject_category": ["military", "military"],
    ...                     "outcome": ["killed", "killed"], "qualifier": ["at_least", "exact"],
    ...                     "number": ["40", "12"], "source_url": ["https://example.org/a"] * 2,
    ...                     "claim_date": ["2026-03-01", "2026-03-02"]})
    >>> cl = validate_claims(raw)
    >>> cl[["claim_id", "low", "high"]].to_numpy().tolist()
    [['C1', 40.0, inf], ['C2', 12.0, 12.0]]
    >>> validate_claims(raw.assign(qualifier=["at_least", "roughly"]), "mine.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    escalation.errors.UnknownQualifierError: mine.csv, row 2, column 'qualifier': ...
    """
    _check_magnitudes(raw, source)
    raw = _dates_as_text(raw)
    df = conform(raw, CLAIM_COLUMNS, source)
    check_unique(df["claim_id"], "claim_id", source)
    valid_q = [q.value for q in Qualifier]
    _refuse(UnknownQualifierError, source, "qualifier", ~df["qualifier"].isin(valid_q),
            lambda m: [f"{v!r} is not one of {', '.join(valid_q)}" for v in df["qualifier"][m]])
    needs_number = df["qualifier"].isin({q.value for q in NUMERIC_QUALIFIERS})
    _refuse(NumberError, source, "number", needs_number & df["number"].isna(),
            lambda m: [f"qualifier {v!r} needs a number" for v in df["qualifier"][m]])
    _refuse(NumberError, source, "number_to", (df["qualifier"] == "range") & df["number_to"].isna(),
            lambda m: ["qualifier 'range' needs number_to"] * int(m.sum()))
    sides_ok = df["claimant_side"].isin(CLAIMANT_SIDES) | df["claimant_side"].str.fullmatch(r"[A-Z]{3}")
    _refuse(UnknownCodeError, source, "claimant_side", ~sides_ok,
            lambda m: [f"{v!r} is not an ISO3 code, THIRD or NSA" for v in df["claimant_side"][m]])

    df["claim_date_precision"] = _claim_precision(raw, df, source)
    df["claim_date"] = parse_dates(df["claim_date"], "claim_date", source)
    df = _intervals(raw, df, source, convention)

    known = set(df["claim_id"])
    _refuse(DanglingReferenceError, source, "supersedes",
            (df["supersedes"] != "") & ~df["supersedes"].isin(known),
            lambda m: [f"{v!r} is not a claim_id in this table" for v in df["supersedes"][m]])
    _check_supersessions(df, source)
    if events is not None:
        _refuse(DanglingReferenceError, source, "event_id",
                ~df["event_id"].isin(set(events["event_id"])),
                lambda m: [f"{v!r} is not an event_id of the events table" for v in df["event_id"][m]])
    return df


def _refuse(error: type[DataValidationError], source: str, column: str, mask,
            texts: Callable[[np.ndarray], list[str]]) -> None:
    """Raise ``error`` naming every row where ``mask`` holds (up to ten, with values)."""
    mask = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
    if mask.any():
        rows = np.flatnonzero(mask)
        raise error(source, column, rows + 1, _listed(rows, list(texts(mask))))


def _dates_as_text(raw: pd.DataFrame) -> pd.DataFrame:
    """Typed claim dates (a loaded table, Parquet) back to the text the codebook defines.

    The precision is read from the date's text (``YYYY-MM`` is a month), so a month's
    claims keep theirs when a loaded table is validated again.
    """
    if "claim_date" not in raw.columns or not pd.api.types.is_datetime64_any_dtype(raw["claim_date"]):
        return raw
    dates = raw["claim_date"]
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    precision = raw["claim_date_precision"] if "claim_date_precision" in raw.columns else None
    monthly = (precision.astype("str") == "month").to_numpy() if precision is not None else False
    text = dates.dt.strftime("%Y-%m-%d").where(~np.asarray(monthly), dates.dt.strftime("%Y-%m"))
    return raw.assign(claim_date=text.astype(object).where(dates.notna(), ""))


def _check_magnitudes(raw: pd.DataFrame, source: str) -> None:
    """Numbers a float64 or an integer column cannot hold, before conversion fails on them."""
    raw = raw.reset_index(drop=True)
    for col in ("number", "number_to", "claim_seq"):
        if col not in raw.columns:
            continue
        values = raw[col]
        if not pd.api.types.is_numeric_dtype(values.dtype):
            values = _as_text(values)
        num = pd.to_numeric(values, errors="coerce")
        with np.errstate(invalid="ignore"):
            huge = np.isfinite(num) & (num.abs() > MAX_NUMBER)
        _refuse(NumberError, source, col, huge,
                lambda m, v=raw[col]: [f"{x!s:.40} is above {MAX_NUMBER:,}" for x in v[m]])


def _check_supersessions(df: pd.DataFrame, source: str) -> None:
    """``supersedes`` must point to an earlier claim, so revisions form chains, not cycles."""
    ids = df["claim_id"].tolist()
    target = dict(zip(ids, df["supersedes"]))
    position = {cid: i for i, cid in enumerate(ids)}
    in_cycle = set()
    for start in ids:  # follow each chain; a chain that returns to a visited claim is a cycle
        seen, cid = [], start
        while cid and cid not in seen and cid in target:
            seen.append(cid)
            cid = target[cid]
        if cid in seen:
            in_cycle.update(seen[seen.index(cid):])
    cycle_mask = df["claim_id"].isin(in_cycle)
    _refuse(SupersessionError, source, "supersedes", cycle_mask,
            lambda m: [f"{c!r} supersedes {t!r}, which "
                       + ("is itself" if c == t else "leads back to it (a cycle)")
                       for c, t in zip(df["claim_id"][m], df["supersedes"][m])])
    effective = df["claim_date"] + pd.offsets.MonthEnd(0)
    effective = effective.where(df["claim_date_precision"] == "month", df["claim_date"])
    order = list(zip(effective, df["claim_seq"].fillna(1).astype("int64")))
    has = (df["supersedes"] != "").to_numpy()
    earlier = np.array([not h or order[position[t]] < order[i]
                        for i, (h, t) in enumerate(zip(has, df["supersedes"]))])
    _refuse(SupersessionError, source, "supersedes", ~earlier,
            lambda m: [f"{c!r} ({order[position[c]][0]:%Y-%m-%d}, seq {order[position[c]][1]}) "
                       f"supersedes {t!r}, which is not earlier "
                       f"({order[position[t]][0]:%Y-%m-%d}, seq {order[position[t]][1]})"
                       for c, t in zip(df["claim_id"][m], df["supersedes"][m])])


def _claim_precision(raw: pd.DataFrame, df: pd.DataFrame, source: str) -> pd.Series:
    if "claim_date_precision" in raw.columns:
        given = _as_text(raw["claim_date_precision"].reset_index(drop=True))
        inferred = np.where(df["claim_date"].str.len() == 7, "month", "day")
        out = given.where(given != "", pd.Series(inferred, index=df.index))
    else:
        out = pd.Series(np.where(df["claim_date"].str.len() == 7, "month", "day"), index=df.index)
    bad = ~out.isin(DATE_PRECISIONS)
    if bad.any():
        _refuse(UnknownCodeError, source, "claim_date_precision", bad,
                lambda m: [f"{v!r} is not one of {', '.join(DATE_PRECISIONS)}" for v in out[m]])
    return out.astype("str")


def _listed(rows: np.ndarray, texts: list[str], limit: int = 10) -> str:
    """``row 3: ...; row 9: ...`` for the first ``limit`` failing rows (1-based)."""
    shown = [f"row {int(r) + 1}: {t}" for r, t in zip(rows[:limit], texts[:limit])]
    more = f"; and {len(rows) - limit} more" if len(rows) > limit else ""
    return "; ".join(shown) + more


def _derive(df: pd.DataFrame, conventions: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Intervals per row under each row's convention, once per distinct combination.

    Returns the intervals (``low``, ``high``) and the reason per row where there is none.
    """
    keys = pd.DataFrame({"q": df["qualifier"], "n": df["number"], "m": df["number_to"],
                         "c": conventions})
    distinct = keys.drop_duplicates()
    found = {}
    for q, n, m, c in distinct.itertuples(index=False):
        try:
            iv = interval_for(q, None if math.isnan(n) else n, None if math.isnan(m) else m,
                              convention=c)
            found[(q, n, m, c)] = (iv.low, iv.high, "")
        except ClaimIntervalError as exc:
            found[(q, n, m, c)] = (math.nan, math.nan, str(exc))
    # NaN keys do not compare equal: look them up through their text
    text_key = {tuple(map(str, k)): v for k, v in found.items()}
    values = [text_key[tuple(map(str, k))] for k in keys.itertuples(index=False)]
    out = pd.DataFrame(values, columns=["low", "high", "reason"], index=df.index)
    return out[["low", "high"]].astype("float64"), out["reason"].astype("str")


def _intervals(raw: pd.DataFrame, df: pd.DataFrame, source: str, convention: str) -> pd.DataFrame:
    """``low``/``high`` derived from the qualifier under ``convention``.

    Stored ``low``/``high`` columns are checked against the intervals derived under the
    convention they were written under (the row's ``convention`` column, ``default``
    without one): a stored interval that disagrees with its own qualifier is an error,
    never silently preferred.
    """
    conv = get_convention(convention)
    if "convention" in raw.columns:
        stored_conv = _as_text(raw["convention"].reset_index(drop=True))
        stored_conv = stored_conv.where(stored_conv != "", DEFAULT_CONVENTION.name)
        bad = ~stored_conv.isin(list(CONVENTIONS))
        if bad.any():
            rows = np.flatnonzero(bad.to_numpy())
            raise UnknownCodeError(source, "convention", rows + 1, _listed(
                rows, [f"{v!r} is not one of {', '.join(CONVENTIONS)}" for v in stored_conv[bad]]))
    else:
        stored_conv = pd.Series(DEFAULT_CONVENTION.name, index=df.index)
    derived, reason = _derive(df, pd.Series(conv.name, index=df.index))
    failed = (reason != "").to_numpy()
    if failed.any():
        rows = np.flatnonzero(failed)
        column = "number_to" if reason[failed].str.contains("range|number_to").all() else "number"
        texts = [f"{q} {_fmt(n)}{'' if math.isnan(m) else ' to ' + _fmt(m)}: {r}"
                 for q, n, m, r in zip(df["qualifier"][failed], df["number"][failed],
                                       df["number_to"][failed], reason[failed])]
        raise IntervalError(source, column, rows + 1, _listed(rows, texts))
    if (stored_conv == conv.name).all():
        expected = derived
    else:
        expected, _ = _derive(df, stored_conv)
    for col in ("low", "high"):
        if col not in raw.columns:
            continue
        text = _as_text(raw[col].reset_index(drop=True)).str.lower()
        empty = text.isin(["", "nan"])
        num = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = (num.isna() & ~empty).to_numpy()
        if bad.any():
            rows = np.flatnonzero(bad)
            raise NumberError(source, col, rows + 1,
                              _listed(rows, [f"not a number: {t!r}" for t in text[bad]]))
        neg = (num < 0).to_numpy()
        if neg.any():
            rows = np.flatnonzero(neg)
            raise NumberError(source, col, rows + 1,
                              _listed(rows, [f"negative value {v:g}" for v in num[neg]]))
        want = expected[col]
        same = (num == want) | (num.isna() & want.isna()) | empty
        if col == "high":  # an empty high is an open end where the qualifier is open
            same |= empty & np.isinf(want)
        differ = (~same).to_numpy()
        if differ.any():
            rows = np.flatnonzero(differ)
            texts = [f"{col} {v!r}, but {q} {_fmt(n)}{'' if math.isnan(m) else ' to ' + _fmt(m)} "
                     f"gives [{lo:g}, {hi:g}] under the '{c}' convention"
                     for v, q, n, m, lo, hi, c in zip(
                         text[differ], df["qualifier"][differ], df["number"][differ],
                         df["number_to"][differ], expected["low"][differ],
                         expected["high"][differ], stored_conv[differ])]
            raise IntervalError(source, col, rows + 1, _listed(rows, texts))
    df["low"] = derived["low"]
    df["high"] = derived["high"]
    df["convention"] = conv.name
    return df


def _fmt(x: float) -> str:
    return "" if math.isnan(x) else f"{x:g}"


def load_claims(path: str | Path | None = None, *, events: pd.DataFrame | None = None,
                convention: str = "default") -> pd.DataFrame:
    """Load and validate a claims table (CSV or Parquet); the bundled claims by default.

    Parameters
    ----------
    path : str or Path, optional
        A file in the package's claim schema; ``None`` loads the bundled claims.
    events : DataFrame, optional
        Events the claims refer to.  By default the bundled events for the bundled
        claims, or an ``events.csv``/``events.parquet`` beside ``path`` when there is one.
    convention : str
        How qualifiers become intervals (``default`` or ``acled_conservative``); stored
        ``low``/``high`` are checked against their own qualifier, then re-derived.

    Raises
    ------
    DataValidationError
        A subclass naming the file, the rows (up to ten, with their values) and the
        column: see :func:`validate_claims`.
    UnknownConventionError
        An unknown convention name.

    Returns
    -------
    DataFrame
        The validated claims, one row per claim, with ``low`` and ``high`` derived
        under ``convention``: the columns of :func:`validate_claims`.

    References
    ----------
    1. The package codebook, ``data/README.md`` (claims columns, interval conventions).

    Examples
    --------
    >>> import escalation as esc
    >>> cl = esc.load_claims()
    >>> row = cl.set_index("claim_id").loc["CL-028"]
    >>> row["qualifier"], float(row["low"]), float(row["high"])
    ('more_than', 201.0, inf)
    """
    from ..datasets import bundled_path
    from ..events import load_events

    if path is None:
        path = bundled_path("claims.csv")
        if events is None:
            events = load_events()
    else:
        path = Path(path)
        if events is None:
            for sibling in ("events.csv", "events.parquet"):
                if (path.parent / sibling).is_file():
                    events = load_events(path.parent / sibling)
                    break
    return validate_claims(read_table(path), source=str(path), events=events,
                           convention=convention)
