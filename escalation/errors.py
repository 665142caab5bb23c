"""The package's error types.

Every problem with a user's input raises a subclass of :class:`EscalationError` whose
message names the file, the row number(s) and the column, so that a researcher can go
straight to the cell that needs fixing.  Row numbers are 1-based data rows, as a
spreadsheet shows them below the header (row 1 is the first row after the header).
"""

from __future__ import annotations

from collections.abc import Iterable


class EscalationError(Exception):
    """Base class of every error this package raises on purpose."""


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
    """

    kind = "invalid data"

    def __init__(self, source: str, column: str | None, rows: Iterable[int], detail: str):
        self.source = str(source)
        self.column = column
        self.rows = sorted({int(r) for r in rows})
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        where = [f"{self.source}"]
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" (and {len(self.rows) - 10} more)" if len(self.rows) > 10 else ""
            where.append(f"row{'s' if len(self.rows) > 1 else ''} {shown}{more}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.kind}: {self.detail}"


class MissingColumnError(DataValidationError):
    kind = "missing column"


class DateError(DataValidationError):
    kind = "bad date"


class UnknownCodeError(DataValidationError):
    kind = "unknown code"


class DuplicateIdError(DataValidationError):
    kind = "duplicate id"


class DanglingReferenceError(DataValidationError):
    kind = "reference to nothing"


class NumberError(DataValidationError):
    kind = "bad number"


class IntervalError(DataValidationError):
    kind = "bad interval"


class UnknownQualifierError(UnknownCodeError):
    kind = "unknown qualifier"


class SupersessionError(DataValidationError):
    """A claim supersedes itself, a later claim, or a chain that cycles back."""

    kind = "bad supersession"


class FileFormatError(EscalationError, ValueError):
    """A file is not in the format a reader expects."""


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


class UnknownConventionError(EscalationError, ValueError, KeyError):
    """An interval convention name that is not defined (a ``ValueError`` and a ``KeyError``)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


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
    """Import an optional dependency or raise :class:`MissingExtraError` naming its extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - exercised through monkeypatching
        raise MissingExtraError(feature, extra, module) from exc
