"""Command line: casualty claims and statements from news text files, as CSV.

Usage::

    python -m escalation.extract ARTICLE.txt [MORE.txt ...] [--out DIR]
        [--published YYYY-MM-DD] [--url URL] [--event-id ID] [--states AFG,PAK]
        [--convention default|acled_conservative]

Writes ``DIR/claims.csv`` (the claims table's columns, the span and ``needs_review``,
plus ``source_file``) and ``DIR/statements.csv`` (speaker, side, quotation, rung, span,
``event_id`` and ``source_file``); ``DIR`` is ``extracted`` by default and is created.
Each file is one article and gets its own ``event_id`` (the file's name without
extension, unless ``--event-id`` is given for a single file).  A file may have a sidecar
``<name>.meta.json`` with ``url``, ``published``, ``publisher``, ``title`` and
``states`` (a list of ISO3 codes); options on the command line win over it.

Every input is checked before anything is written: a missing file, a file that is not
UTF-8 text, or an empty one stops the run with one line naming the file, exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from .text.extract import CLAIM_COLUMNS, STATEMENT_COLUMNS, extract_claims, extract_statements


class InputError(Exception):
    """A file that cannot be read as an article."""


def _read_article(path: Path) -> str:
    """The text of ``path``; :class:`InputError` naming the file if it is missing, not
    UTF-8 or empty."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file (no text to read)")
    if "\x00" in text:
        raise InputError(f"{path}: not a text file (contains NUL bytes)")
    return text


def _read_meta(path: Path) -> dict:
    """The optional ``<name>.meta.json`` beside an article."""
    meta = path.with_name(path.stem + ".meta.json")
    if not meta.is_file():
        return {}
    try:
        value = json.loads(meta.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{meta}: not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise InputError(f"{meta}: expected a JSON object")
    return value


def _number_text(value: float) -> str:
    """12.0 -> "12", inf -> "inf", NaN -> "" (as the bundled claims.csv writes them)."""
    if value != value:
        return ""
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m escalation.extract",
        description="Extract casualty claims and officials' statements from news text files.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 text, one article each")
    p.add_argument("--out", type=Path, default=Path("extracted"),
                   help="folder for claims.csv and statements.csv (default: ./extracted)")
    p.add_argument("--published", help="publication date, YYYY-MM-DD (claim_date)")
    p.add_argument("--url", help="the article's address (source_url)")
    p.add_argument("--event-id", help="event id for the claims (only with a single file)")
    p.add_argument("--states", help="the conflict's two states, e.g. AFG,PAK")
    p.add_argument("--convention", default="default",
                   help="interval convention: default or acled_conservative")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m escalation.extract`` with these arguments; return the exit status.

    Reads every file first (a missing, non-UTF-8 or empty file stops the run before
    anything is written), extracts each article's claims
    (:func:`escalation.extract_claims`) and statements
    (:func:`escalation.extract_statements`), and writes ``claims.csv`` and
    ``statements.csv`` into ``--out``; one summary line on standard output.

    Parameters
    ----------
    argv : list of str, optional
        The arguments without the program's name (``sys.argv[1:]`` when ``None``); see
        the module docstring.

    Returns
    -------
    int
        0 on success; 1 with one error line on standard error (a bad file, date or
        convention, ``--event-id`` with several files).  A usage error (no file, an
        unknown option) exits with status 2 (``SystemExit``), as argparse does.

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +ELLIPSIS
    ...     article = Path(tmp, "clash.txt")
    ...     _ = article.write_text("The army said at least 12 soldiers were killed on Tuesday.")
    ...     main([str(article), "--out", str(Path(tmp, "out")), "--published", "2026-03-03"])
    ...     claims = pd.read_csv(Path(tmp, "out", "claims.csv"))
    1 claims (1 need review) and 0 statements from 1 file(s) -> .../out/claims.csv, .../out/statements.csv
    0
    >>> claims[["event_id", "qualifier", "low", "high", "outcome"]].values.tolist()
    [['clash', 'at_least', 12, inf, 'killed']]
    >>> main(["no-such-article.txt"])  # the error line goes to standard error
    1
    """
    parser = _parser()
    args = parser.parse_args(argv)
    prog = parser.prog
    if args.event_id and len(args.files) > 1:
        print(f"{prog}: error: --event-id names one article; got {len(args.files)} files",
              file=sys.stderr)
        return 1
    try:
        articles = [(path, _read_article(path), _read_meta(path)) for path in args.files]
        states = [s.strip().upper() for s in args.states.split(",")] if args.states else None
        claims, statements = [], []
        for path, text, meta in articles:
            event_id = args.event_id or path.stem
            cl = extract_claims(
                text, event_id=event_id, published=args.published or meta.get("published"),
                source_url=args.url or meta.get("url"), convention=args.convention,
                states=states or meta.get("states"),
                source_publisher=meta.get("publisher", ""), source_title=meta.get("title", ""))
            cl["source_file"] = str(path)
            st = extract_statements(text, states=states or meta.get("states"))
            st.insert(0, "event_id", event_id)
            st["source_file"] = str(path)
            claims.append(cl)
            statements.append(st)
    except InputError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a bad --published, --convention or meta date
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    claims_frame = pd.concat(claims, ignore_index=True) if claims else pd.DataFrame(
        columns=[*CLAIM_COLUMNS, "source_file"])
    statements_frame = pd.concat(statements, ignore_index=True) if statements else pd.DataFrame(
        columns=["event_id", *STATEMENT_COLUMNS, "source_file"])
    for col in ("number", "number_to", "low", "high"):
        claims_frame[col] = [_number_text(v) for v in claims_frame[col]]
    claims_frame.to_csv(out / "claims.csv", index=False, lineterminator="\n")
    statements_frame.to_csv(out / "statements.csv", index=False, lineterminator="\n")
    review = int(claims_frame["needs_review"].sum()) if len(claims_frame) else 0
    print(f"{len(claims_frame)} claims ({review} need review) and {len(statements_frame)} "
          f"statements from {len(articles)} file(s) -> {out / 'claims.csv'}, "
          f"{out / 'statements.csv'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
