"""The package's error types.

Every problem with a user's input raises a subclass of :class:`EscalationError` whose
message names the file, the row number(s) and the column, so that a researcher can go
straight to the cell that needs fixing.

Row numbers, everywhere in the package (validation errors, importers' rejections,
streaming batches), are 1-based *data rows* of the file: row 1 is the first record after
the header (a file without a header, such as GDELT's, starts at its first line).  A
record whose quoted text spans several lines is still one row, so a row number is not a
line number; with a spreadsheet's numbering, data row *n* sits on sheet row *n + 1*.

Errors about files also subclass the matching builtin, so both ``except`` styles work:
:class:`InputNotFoundError` is a :class:`FileNotFoundError`,
:class:`InputIsDirectoryError` an :class:`IsADirectoryError`, every other error a
:class:`ValueError` (or :class:`ImportError` for a missing optional dependency).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Rows (and their values) an error message lists before it says how many more there are.
SHOWN_ROWS = 10


class EscalationError(Exception):
    """Base class of every error this package raises on purpose.

    Catch it to handle any problem with a user's input or a missing extra; the
    subclasses also derive from the matching builtin (:class:`ValueError`,
    :class:`FileNotFoundError`, :class:`IsADirectoryError`, :class:`ImportError`).

    Examples
    --------
    >>> import escalation as esc
    >>> try:
    ...     esc.load_events("no_such_file.csv")
    ... except esc.EscalationError as err:
    ...     print(type(err).__name__, isinstance(err, FileNotFoundError))
    InputNotFoundError True
    """


class DataValidationError(EscalationError, ValueError):
    """A table failed validation.

    Attributes
    ----------
    source : str
        The file (or ``"<DataFrame>"``) that was being validated.
    rows : list of int
        1-based data row numbers that fail (empty when the problem is the whole table).
    column : str or None
        The offending column.
    values : dict of int to object
        The offending value of each row (when the problem is a value), shown in the
        message for the first ``SHOWN_ROWS`` (10) rows.

    Examples
    --------
    >>> import escalation as esc
    >>> two = esc.load_events().head(2)  # two valid events
    >>> try:
    ...     esc.validate_events(two.assign(dyad="PAK-AFG"), source="mine.csv")
    ... except esc.DataValidationError as err:
    ...     print(err.rows, err.column)
    ...     print(err)
    [1, 2] dyad
    mine.csv, rows 1, 2, column 'dyad': unknown code: 'PAK-AFG' is not sorted: write 'AFG-PAK'
    """

    kind = "invalid data"

    def __init__(self, source: str, column: str | None, rows: Iterable[int], detail: str,
                 values: Mapping[int, object] | None = None):
        self.source = str(source)
        self.column = column
        self.rows = sorted({int(r) for r in rows})
        self.detail = detail
        listed = set(self.rows)
        self.values = {int(r): v for r, v in (values or {}).items() if int(r) in listed}
        super().__init__(self._message())

    def _message(self) -> str:
        where = [f"{self.source}"]
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:SHOWN_ROWS])
            more = f" (and {len(self.rows) - SHOWN_ROWS} more)" if len(self.rows) > SHOWN_ROWS else ""
            where.append(f"row{'s' if len(self.rows) > 1 else ''} {shown}{more}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.kind}: {self.detail}"
        if self.values:
            listed = [(r, self.values[r]) for r in self.rows[:SHOWN_ROWS] if r in self.values]
            if len(listed) == 1 and len(self.rows) == 1:
                text += f" (got {_shown(listed[0][1])})"
            elif listed:
                text += " (" + "; ".join(f"row {r}: {_shown(v)}" for r, v in listed) + ")"
        return text

    def renumbered(self, rows: Mapping[int, int] | Iterable[int], *, source: str | None = None):
        """The same error with its rows moved (``{old: new}``) or replaced (a list of rows)."""
        if isinstance(rows, Mapping):
            new_rows = [rows[r] for r in self.rows]
            values = {rows[r]: v for r, v in self.values.items()}
        else:
            new_rows, values = list(rows), {}
        return type(self)(self.source if source is None else source, self.column, new_rows,
                          self.detail, values)


def _shown(value: object) -> str:
    """A value as an error message quotes it: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class MissingColumnError(DataValidationError):
    """A required column is absent (the message suggests the closest name, or a delimiter).

    Examples
    --------
    >>> import escalation as esc
    >>> two = esc.load_events().head(2)  # two valid events
    >>> esc.validate_events(two[["event_id", "date_start"]], source="mine.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.MissingColumnError: mine.csv, column 'actor_state': missing column: required columns actor_state, target_state, kind, source_url not found (columns present: event_id, date_start)
    """

    kind = "missing column"


class DateError(DataValidationError):
    """A date that is not ``YYYY-MM-DD``, is out of range, or ends before it starts.

    Examples
    --------
    >>> import escalation as esc
    >>> two = esc.load_events().head(2)  # two valid events
    >>> esc.validate_events(two.assign(date_end=["2021-12-18", "2021-12-22"]), source="mine.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.DateError: mine.csv, row 1, column 'date_end': bad date: date_end is before date_start (got '2021-12-18')
    """

    kind = "bad date"


class UnknownCodeError(DataValidationError):
    """A code outside its list: a state that is not ISO3, a precision, a quality flag.

    Examples
    --------
    >>> import escalation as esc
    >>> two = esc.load_events().head(2)  # two valid events
    >>> esc.validate_events(two.assign(date_precision=["day", "fortnight"]), source="mine.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.UnknownCodeError: mine.csv, row 2, column 'date_precision': unknown code: not one of day, week, month, period (got 'fortnight')
    """

    kind = "unknown code"


class DuplicateIdError(DataValidationError):
    """An identifier (``event_id``, ``claim_id``) used by more than one row.

    Examples
    --------
    >>> import escalation as esc
    >>> two = esc.load_events().head(2)  # two valid events
    >>> esc.validate_events(two.assign(event_id="e1"), source="mine.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.DuplicateIdError: mine.csv, rows 1, 2, column 'event_id': duplicate id: 'e1' appears 2 times (row 1: 'e1'; row 2: 'e1')
    """

    kind = "duplicate id"


class DanglingReferenceError(DataValidationError):
    """A claim pointing at a claim or event that is not there (``supersedes``, ``event_id``).

    Raised by :func:`escalation.validate_claims`.

    Examples
    --------
    >>> import pandas as pd, escalation as esc
    >>> claims = pd.read_csv(esc.data_dir() / "claims.csv", dtype=str, keep_default_na=False)
    >>> bad = claims.assign(supersedes=claims["supersedes"].where(claims.index != 0, "CL-NONE"))
    >>> esc.validate_claims(bad, source="claims.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.DanglingReferenceError: claims.csv, row 1, column 'supersedes': reference to nothing: row 1: 'CL-NONE' is not a claim_id in this table
    """

    kind = "reference to nothing"


class NumberError(DataValidationError):
    """A number that cannot be read, is negative where counts are, or is not finite.

    Examples
    --------
    >>> import escalation as esc
    >>> two = esc.load_events().head(2)  # two valid events
    >>> esc.validate_events(two.assign(fatalities=["3", "a few"]), source="mine.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.NumberError: mine.csv, row 2, column 'fatalities': bad number: not a number (got 'a few')
    """

    kind = "bad number"


class IntervalError(DataValidationError):
    """A claim whose qualifier and numbers make no interval, or whose low is above its high.

    Raised by :func:`escalation.validate_claims`.

    Examples
    --------
    >>> import pandas as pd, escalation as esc
    >>> claims = pd.read_csv(esc.data_dir() / "claims.csv", dtype=str, keep_default_na=False)
    >>> claims.loc[0, ["qualifier", "number", "number_to"]].tolist()
    ['exact', '41', '']
    >>> bad = claims.assign(qualifier=claims["qualifier"].where(claims.index != 0, "range"),
    ...                     number_to=claims["number_to"].where(claims.index != 0, "1"))
    >>> esc.validate_claims(bad, source="claims.csv")
    Traceback (most recent call last):
    ...
    escalation.errors.IntervalError: claims.csv, row 1, column 'number_to': bad interval: row 1: range 41 to 1: a range must run upwards (41 to 1)
    """

    kind = "bad interval"


class UnknownQualifierError(UnknownCodeError):
    """A claim's ``qualifier`` that is not one of :class:`escalation.Qualifier`.

    Examples
    --------
    >>> import pandas as pd, escalation as esc
    >>> claims = pd.read_csv(esc.data_dir() / "claims.csv", dtype=str, keep_default_na=False)
    >>> bad = claims.assign(qualifier=claims["qualifier"].where(claims.index != 0, "roughly"))
    >>> try:
    ...     esc.validate_claims(bad, source="claims.csv")
    ... except esc.errors.UnknownCodeError as err:  # an UnknownQualifierError is an UnknownCodeError
    ...     print(type(err).__name__, err.column, err.rows)
    UnknownQualifierError qualifier [1]
    """

    kind = "unknown qualifier"


class MalformedRowError(DataValidationError):
    """A record that cannot be read as a row: wrong number of fields, or bytes that are not UTF-8."""

    kind = "malformed row"


class SupersessionError(DataValidationError):
    """A claim supersedes itself, a later claim, or a chain that cycles back."""

    kind = "bad supersession"


class FileFormatError(EscalationError, ValueError):
    """A file is not in the format a reader expects (empty, not UTF-8, not Parquet, ...)."""


class InputNotFoundError(EscalationError, FileNotFoundError):
    """An input file (or folder) does not exist."""


class InputIsDirectoryError(EscalationError, IsADirectoryError):
    """A folder was given where a reader expects a file."""


class NoDataError(EscalationError, ValueError):
    """Nothing to work on: a table with no rows, or a window that holds no period."""


class ConventionError(EscalationError, ValueError, KeyError):
    """An interval convention name that is not defined (a ``ValueError`` and a ``KeyError``)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class ScaleError(EscalationError, ValueError):
    """An escalation ladder definition is malformed."""


class ClaimParseError(EscalationError, ValueError):
    """A casualty phrase could not be read into an interval."""

    def __init__(self, phrase: str, detail: str = "not a recognised casualty phrase"):
        self.phrase = phrase
        shown = repr(phrase) if len(phrase) <= 120 else f"{phrase[:60]!r}...({len(phrase)} characters)"
        super().__init__(f"cannot parse claim phrase {shown}: {detail}")


class ClaimIntervalError(EscalationError, ValueError):
    """A qualifier and its number(s) do not make a claim interval (e.g. "fewer than 0")."""


#: The name the claims module raises under; one class.
UnknownConventionError = ConventionError


class EscalationWarning(UserWarning):
    """Something a result rests on deserves a look (e.g. the warnings of a model fit).

    The statistics issue at most one per call, naming the groups concerned; the details
    stay in the table's ``warnings`` and ``note`` columns.
    """


class MissingExtraError(EscalationError, ImportError):
    """An optional feature's dependency is not installed."""

    def __init__(self, feature: str, extra: str, module: str):
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional dependency '{module}'. "
            f"Install it with: pip install 'escalation[{extra}]'"
        )


def require(module: str, *, feature: str, extra: str):
    """Import an optional dependency or raise :class:`MissingExtraError` naming its extra.

    Parameters
    ----------
    module : str
        The module to import (``"pyarrow"``).
    feature : str
        What needs it, for the message (``"Streaming Parquet"``).
    extra : str
        The ``pip install 'escalation[extra]'`` that provides it.

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingExtraError
        The module is not installed; the message gives the install command.

    Examples
    --------
    >>> require("json", feature="Reading JSON", extra="none").__name__
    'json'
    >>> require("no_such_module", feature="Time travel", extra="physics")
    Traceback (most recent call last):
    ...
    escalation.errors.MissingExtraError: Time travel needs the optional dependency 'no_such_module'. Install it with: pip install 'escalation[physics]'
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - exercised through monkeypatching
        raise MissingExtraError(feature, extra, module) from exc
