"""Writing the report: safe cells, the manifest, and replacing ``--out`` as a whole.

- **Cells** (:func:`csv_bytes`, :func:`markdown_table`): every text cell that a
  spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return, and not a number) gets a leading ``'`` (the OWASP rule); Markdown cells
  also escape ``|`` and HTML.  :func:`escalation.load_events` and the other readers of
  the package's own tables read such cells back unchanged.
- **The manifest** (``MANIFEST.json``): arguments, library versions, input and output
  hashes.  :func:`read_manifest` validates one before ``--check`` trusts it.
- **The folder** (:func:`replace_folder`): outputs are written to a new folder beside
  ``--out`` and swapped in whole, so a run killed at any moment leaves ``--out`` with the
  complete old outputs or the complete new ones.  On Linux the swap is one atomic
  ``renameat2(RENAME_EXCHANGE)``; elsewhere it is two renames, and a run killed between
  them leaves the old folder beside ``--out``, put back by the next run.  Nothing outside
  ``--out`` and those sibling folders is ever touched; an ``--out`` holding files its own
  manifest does not list is refused unless ``force``; folders left by killed runs are
  removed (or restored) at the next start.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
from pathlib import Path, PurePosixPath

from .._io import escape_cell, escape_cells, escape_markdown

MANIFEST = "MANIFEST.json"
FORMATS = ("png", "svg", "pdf")


class ReportError(Exception):
    """A problem the report explains in one line."""


# -- cells -----------------------------------------------------------------------------------
def _safe(frame):
    """Text columns escaped for spreadsheets; numbers, booleans and dates as they are."""
    import pandas as pd

    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype == object or isinstance(col.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            text = col.astype("object")
            is_text = text.map(lambda v: isinstance(v, str)).astype(bool)
            if is_text.any():
                escaped = escape_cells(text[is_text].astype("str")).astype("object")
                out[name] = text.where(~is_text, escaped) if not is_text.all() else escaped
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(frame) -> bytes:
    r"""A frame as the report's CSV: no index, ``\n`` line ends, 10 significant digits.

    A carriage return inside a cell is kept, and the cell quoted (Python's csv writer
    quotes only the characters of its line terminator, so a bare ``\r`` would otherwise
    end the row for every reader).  Text cells a spreadsheet would run as a formula get
    a leading ``'`` (see the module docstring); numbers, booleans and dates are written
    as they are.

    Parameters
    ----------
    frame : DataFrame
        The table; its index is not written.

    Returns
    -------
    bytes
        UTF-8 CSV text, the same bytes for the same frame on every run.

    References
    ----------
    1. OWASP, *CSV Injection* (formula characters and the leading apostrophe).
    2. RFC 4180, *Common Format and MIME Type for Comma-Separated Values (CSV) Files*.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_bytes(pd.DataFrame({"who": ["=SUM(A1)", "Kabul"], "n": [1.0, 2.5]}))
    b"who,n\n'=SUM(A1),1\nKabul,2.5\n"
    """
    safe = _safe(frame)
    text_columns = [c for c in safe.columns if safe[c].dtype == object]
    has_cr = any(safe[c].map(lambda v: isinstance(v, str) and "\r" in v).any() for c in text_columns) \
        or any("\r" in str(c) for c in safe.columns)
    if not has_cr:
        return safe.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")
    # stand a private character + "\n" in for each "\r" (so the writer quotes the cell), then swap back
    seen = set("".join(str(v) for c in text_columns for v in safe[c] if isinstance(v, str)))
    mark = next(chr(c) for c in range(0xE000, 0xF8FF) if chr(c) not in seen)
    swap_cr = lambda v: v.replace("\r", mark + "\n") if isinstance(v, str) else v  # noqa: E731
    for c in text_columns:
        safe[c] = safe[c].map(swap_cr)
    safe.columns = [swap_cr(str(c)) for c in safe.columns]
    text = safe.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return text.replace(mark + "\n", "\r").encode("utf-8")


def markdown_table(frame) -> str:
    r"""A frame as a Markdown table; floats to 4 significant digits, cells made safe.

    Every cell and header escapes ``|`` and HTML, and a cell a spreadsheet would run as
    a formula gets a leading ``'``, so a table of a user's data renders as text.

    Parameters
    ----------
    frame : DataFrame
        The table; its index is not written.

    Returns
    -------
    str
        A GitHub-flavoured Markdown table ending in a newline.

    Examples
    --------
    >>> import pandas as pd
    >>> print(markdown_table(pd.DataFrame({"a": ["x|y", "<b>"], "b": [0.123456, 2.0]})), end="")
    | a | b |
    |---|---|
    | x\|y | 0.1235 |
    | &lt;b&gt; | 2 |
    """
    cols = [escape_markdown(str(c)) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [escape_markdown(f"{v:.4g}" if isinstance(v, float) else str(v)) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# -- the manifest -----------------------------------------------------------------------------
def sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (inputs may be large exports).

    Parameters
    ----------
    path : Path
        The file: an output of the report or one of its inputs.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp, "a.txt")
    ...     _ = path.write_bytes(b"abc")
    ...     sha256(path)
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def outputs_of(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but the manifest, by relative path, with its SHA-256.

    Parameters
    ----------
    folder : Path
        A report's folder.

    Returns
    -------
    dict of str to str
        ``"data/ladder_timeline.csv" -> sha256``, POSIX paths relative to ``folder``,
        sorted; ``MANIFEST.json`` itself left out.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = Path(tmp)
    ...     (folder / "data").mkdir()
    ...     _ = (folder / "data" / "a.csv").write_text("x")
    ...     _ = (folder / MANIFEST).write_text("{}")
    ...     list(outputs_of(folder))
    ['data/a.csv']
    """
    return {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST}


def write_manifest(folder: Path, manifest: dict) -> None:
    """Write ``MANIFEST.json`` into ``folder``: sorted keys, two-space indent, UTF-8.

    Parameters
    ----------
    folder : Path
        The report's folder (it must exist).
    manifest : dict
        JSON-serialisable: ``arguments``, ``versions``, ``inputs``, ``figures``,
        ``tables`` and ``outputs`` as :func:`~escalation.report.build.generate` makes
        them.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_manifest(Path(tmp), {"outputs": {}, "arguments": {}, "versions": {}})
    ...     print(Path(tmp, MANIFEST).read_text(), end="")
    {
      "arguments": {},
      "outputs": {},
      "versions": {}
    }
    """
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")


_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The keys of ``arguments`` a manifest may record, and the values each may take.
ARGUMENTS = ("formats", "since", "until", "dyad", "events", "claims", "ladder", "freq", "format")
_DYAD = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")


def _safe_relative(name: object) -> bool:
    """A plain relative path inside the folder: no root, no ``..``, no backslash, no empty part."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in name.split("/"))


def read_manifest(folder: Path) -> dict:
    """The manifest in ``folder``, validated; a :class:`ReportError` in one line otherwise.

    What ``--check`` reads from it must make sense before it is trusted: an object with
    ``arguments``, ``outputs`` and ``versions``; outputs that are plain paths inside the
    folder with SHA-256 hashes; known arguments with valid values (formats, dates, a
    dyad, a frequency, an events format).

    Parameters
    ----------
    folder : Path
        A report's folder.

    Returns
    -------
    dict
        The manifest as written by :func:`write_manifest`.

    Raises
    ------
    ReportError
        No such folder, no manifest, not UTF-8, not JSON, or a manifest that does not
        validate; the message names the file and what is wrong.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_manifest(Path(tmp), {"arguments": {"freq": "W"}, "outputs": {}, "versions": {}})
    ...     read_manifest(Path(tmp))["arguments"]
    {'freq': 'W'}
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +ELLIPSIS
    ...     write_manifest(Path(tmp), {"arguments": {"freq": "Y"}, "outputs": {}, "versions": {}})
    ...     read_manifest(Path(tmp))
    Traceback (most recent call last):
    ...
    escalation.report.writer.ReportError: .../MANIFEST.json: 'freq' must be D, W or M, got 'Y'
    """
    path = folder / MANIFEST
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder; nothing to check against")
    if not path.is_file():
        raise ReportError(f"{folder}: no {MANIFEST}; nothing to check against")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    _validate_manifest(data, path)
    return data


def _validate_manifest(data: object, path: Path | str) -> None:
    """Check a manifest's structure: what ``--check`` reads from it must make sense."""
    from .figures import BUNDLED_DYADS

    def fail(what: str):
        raise ReportError(f"{path}: {what}")

    if not isinstance(data, dict):
        fail(f"expected a JSON object, got {type(data).__name__ if data is not None else 'null'}")
    for key, kind in (("arguments", dict), ("outputs", dict), ("versions", dict)):
        if not isinstance(data.get(key), kind):
            fail(f"'{key}' must be an object")
    outputs = data["outputs"]
    for name, digest in outputs.items():
        if not _safe_relative(name) or name == MANIFEST:
            fail(f"output {name!r} is not a path inside the folder")
        if not isinstance(digest, str) or not _HEX64.match(digest):
            fail(f"output {name!r} has no SHA-256 hash")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data["versions"].items()):
        fail("'versions' must map names to version texts")
    args = data["arguments"]
    unknown = sorted(set(args) - set(ARGUMENTS))
    if unknown:
        fail(f"unknown argument(s) {', '.join(map(repr, unknown))}")
    formats = args.get("formats", list(FORMATS))
    if not (isinstance(formats, list) and formats and all(f in FORMATS for f in formats)
            and len(set(formats)) == len(formats)):
        fail(f"'formats' must be a list of {', '.join(FORMATS)}, got {formats!r}")
    for key in ("since", "until"):
        value = args.get(key)
        if value is not None and not (isinstance(value, str) and _DATE.match(value)):
            fail(f"'{key}' must be null or a date as YYYY-MM-DD, got {value!r}")
    if args.get("since") and args.get("until") and args["since"] > args["until"]:
        fail(f"'since' {args['since']} is after 'until' {args['until']}")
    for key in ("events", "claims", "ladder"):
        value = args.get(key)
        if value is not None and not (isinstance(value, str) and value and "\x00" not in value):
            fail(f"'{key}' must be null or a file name, got {value!r}")
    if args.get("claims") is not None and args.get("events") is None:
        fail("'claims' given without 'events'")
    if args.get("freq", "W") not in ("D", "W", "M"):
        fail(f"'freq' must be D, W or M, got {args.get('freq')!r}")
    from .inputs import FORMATS as EVENT_FORMATS

    if args.get("format", "auto") not in EVENT_FORMATS:
        fail(f"'format' must be one of {', '.join(EVENT_FORMATS)}, got {args.get('format')!r}")
    dyad = args.get("dyad", "AFG-PAK")
    if args.get("events") is None and dyad not in BUNDLED_DYADS:
        fail(f"'dyad' must be one of {', '.join(BUNDLED_DYADS)}, got {dyad!r}")
    if args.get("events") is not None and dyad is not None and not (isinstance(dyad, str) and _DYAD.match(dyad)):
        fail(f"'dyad' must be null or two ISO3 codes such as ARM-AZE, got {dyad!r}")


def _listed_outputs(folder: Path) -> set[str]:
    """The files ``folder``'s manifest says the report wrote (none, if it has no readable one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        outputs = data["outputs"]
        return {name for name in outputs if _safe_relative(name)}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


# -- replacing --out ----------------------------------------------------------------------------
_SIBLING = ".{name}.escalation-{pid}-{token}-{role}"
_SIBLING_RE = re.compile(r"^\.(?P<name>.+)\.escalation-(?P<pid>\d+)-[0-9a-f]+-(?P<role>new|old)$")


def _sibling(out: Path, role: str) -> Path:
    return out.parent / _SIBLING.format(name=out.name, pid=os.getpid(),
                                        token=secrets.token_hex(4), role=role)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def clean_stale(out: Path) -> list[Path]:
    """Remove the folders killed runs left beside ``out``; put the old outputs back if
    ``out`` itself went missing between the two renames of a swap.  Returns what was removed.

    Only folders named as :func:`replace_folder` names its own
    (``.<out>.escalation-<pid>-<token>-new`` or ``-old``) whose process is no longer
    running are touched: a run in progress keeps its folders.  :func:`replace_folder`
    calls it before every run.

    Parameters
    ----------
    out : Path
        The report's folder (it need not exist).

    Returns
    -------
    list of Path
        The folders removed.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     left = Path(tmp, ".report.escalation-999999999-0a1b2c3d-new")  # a killed run's
    ...     left.mkdir()
    ...     [p.name for p in clean_stale(Path(tmp, "report"))], left.exists()
    (['.report.escalation-999999999-0a1b2c3d-new'], False)
    """
    if not out.parent.is_dir():
        return []
    stale = []
    for entry in out.parent.iterdir():
        m = _SIBLING_RE.match(entry.name)
        if m and m["name"] == out.name and entry.is_dir() and not entry.is_symlink() \
                and not _alive(int(m["pid"])):
            stale.append((m["role"], entry))
    for role, entry in sorted(stale, key=lambda e: e[0] != "old"):
        if role == "old" and not out.exists():
            os.rename(entry, out)  # the complete old outputs, back where they were
    removed = []
    for _, entry in stale:
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _refuse_unsafe_target(out: Path) -> None:
    here = Path.cwd().resolve()
    if out == Path(out.anchor) or out == Path.home().resolve() or out == here or out in here.parents:
        raise ReportError(f"{out}: refusing to replace the root, home or current folder "
                          "(or one holding it); choose a folder of its own for --out")
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out}: exists and is not a folder")


def _foreign_files(out: Path) -> list[str]:
    """Files in ``out`` that its manifest does not list (the manifest itself excepted)."""
    if not out.is_dir():
        return []
    listed = _listed_outputs(out) | {MANIFEST}
    found = []
    for root, dirs, files in os.walk(out, followlinks=False):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            rel = Path(root, name).relative_to(out).as_posix()
            if rel not in listed:
                found.append(rel)
    return sorted(found)


@contextlib.contextmanager
def replace_folder(out: Path, *, force: bool = False):
    """Yield a new, empty folder beside ``out``; when the block ends, swap it in whole.

    Refuses (:class:`ReportError`) an ``out`` holding files its manifest does not list,
    unless ``force`` (then they are replaced with the rest), and the root, home or current
    folder always.  If the block raises, the new folder is removed and ``out`` is
    untouched.

    Parameters
    ----------
    out : Path
        The folder to replace (created if missing, with its parents).
    force : bool
        Replace ``out`` even if it holds files its manifest does not list.

    Yields
    ------
    Path
        The new folder to write into.

    Raises
    ------
    ReportError
        ``out`` is the root, home or current folder (or holds it), is a file, or holds
        files its manifest does not list (without ``force``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = Path(tmp, "report")
    ...     with replace_folder(out) as stage:
    ...         _ = (stage / "index.md").write_text("# Figures")
    ...     sorted(p.name for p in Path(tmp).iterdir()), (out / "index.md").is_file()
    (['report'], True)
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +ELLIPSIS
    ...     _ = Path(tmp, "notes.txt").write_text("mine")
    ...     with replace_folder(Path(tmp)) as stage:
    ...         pass
    Traceback (most recent call last):
    ...
    escalation.report.writer.ReportError: ... holds 1 file(s) its MANIFEST.json does not list (notes.txt); ...
    """
    target = Path(os.path.abspath(out))
    target = target.parent.resolve() / target.name if not target.is_symlink() else target.resolve()
    _refuse_unsafe_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    foreign = _foreign_files(target)
    if foreign and not force:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise ReportError(f"{out} holds {len(foreign)} file(s) its {MANIFEST} does not list ({shown}); "
                          "move them or choose another --out (or pass --force to replace them)")
    stage = _sibling(target, "new")
    stage.mkdir()
    try:
        yield stage
        _swap(stage, target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _swap(new: Path, out: Path) -> None:
    """Put the folder ``new`` at ``out``; the old ``out`` (if any) is removed afterwards."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):  # one atomic step: ``new`` now holds the old outputs
        shutil.rmtree(new, ignore_errors=True)
        return
    old = _sibling(out, "old")
    os.rename(out, old)
    os.rename(new, out)  # a kill between the renames: the next run puts ``old`` back
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``), if possible."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # not on this kernel or filesystem: two renames instead
    raise OSError(err, os.strerror(err), str(b))
