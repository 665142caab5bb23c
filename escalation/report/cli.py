"""``python -m escalation.report``: the command line (arguments, and one clear line on failure)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from .build import check, generate
from .figures import BUNDLED_DYADS
from .inputs import FORMATS as EVENT_FORMATS
from .writer import FORMATS, ReportError, replace_folder

DEFAULT_OUT = Path("figures")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, not a usage dump
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m escalation.report``.

    Its ``--help`` is the command's reference (the documentation site shows it); a
    usage error is one line naming the problem, exit status 2.

    Returns
    -------
    argparse.ArgumentParser

    Examples
    --------
    >>> args = build_parser().parse_args(["--events", "mine.csv", "--out", "report", "--freq", "M"])
    >>> str(args.events), str(args.out), args.freq, args.formats
    ('mine.csv', 'report', 'M', 'png,svg,pdf')
    """
    parser = _Parser(
        prog="python -m escalation.report",
        description="Regenerate every figure, its data and the summary tables from the bundled data, "
                    "or draw them from your own events (--events).",
    )
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: figures/); replaced as a whole, and refused if "
                             "it holds files its MANIFEST.json does not list")
    parser.add_argument("--force", action="store_true",
                        help="replace --out even if it holds files the report did not write")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help="comma-separated image formats among png,svg,pdf (default: all three)")
    parser.add_argument("--since", help="first day of the window (YYYY-MM-DD)")
    parser.add_argument("--until", help="last day of the window (YYYY-MM-DD)")
    parser.add_argument("--dyad", default=None,
                        help="dyad to draw, e.g. ARM-AZE (default: AFG-PAK for the bundled data, every "
                             "dyad of --events)")
    parser.add_argument("--events", type=Path, default=None,
                        help="your events: a CSV, TSV or Parquet file in the package's schema, an ACLED "
                             "export or a UCDP GED file (recognised by the header; see --format)")
    parser.add_argument("--format", default="auto", choices=list(EVENT_FORMATS),
                        help="what --events holds (default: auto, by its header; gdelt must be named)")
    parser.add_argument("--claims", type=Path, default=None,
                        help="casualty claims about your events, in the package's claim schema")
    parser.add_argument("--ladder", type=Path, default=None,
                        help="an escalation ladder as TOML (default: the package's default ladder)")
    parser.add_argument("--freq", default="W", choices=["D", "W", "M"],
                        help="period of the series: D days, W ISO weeks, M months (default: W)")
    parser.add_argument("--check", nargs="?", const=True, default=None, type=Path, metavar="DIR",
                        help="regenerate into a temporary folder and compare with DIR (default: the "
                             "--out folder, else figures/); writes nothing")
    return parser


def _parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats or len(set(formats)) != len(formats):
        raise ReportError(f"--formats takes png, svg and/or pdf, each once, got {text!r}")
    return formats


def _parse_date(text: str | None, flag: str) -> str | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ReportError(f"{flag} takes a date as YYYY-MM-DD, got {text!r}") from None


def check_target(check_arg, out: Path | None) -> Path:
    """The folder ``--check`` compares with: ``--check DIR``, else ``--out``, else figures/.

    Giving both with different folders is refused: which one to check would be a guess.

    Parameters
    ----------
    check_arg : Path or True
        The value of ``--check``: ``True`` when given without a folder.
    out : Path or None
        The value of ``--out``.

    Returns
    -------
    Path

    Raises
    ------
    ReportError
        ``--check DIR`` and ``--out`` name different folders.

    Examples
    --------
    >>> [str(check_target(*given)) for given in ((True, None), (True, Path("mine")), (Path("mine"), None))]
    ['figures', 'mine', 'mine']
    >>> check_target(Path("a"), Path("b"))
    Traceback (most recent call last):
    ...
    escalation.report.writer.ReportError: --check a and --out b name different folders; give the folder to check once
    """
    if check_arg is True:
        return out if out is not None else DEFAULT_OUT
    if out is not None and Path(check_arg).resolve() != Path(out).resolve():
        raise ReportError(f"--check {check_arg} and --out {out} name different folders; "
                          "give the folder to check once")
    return Path(check_arg)


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m escalation.report`` with these arguments; return the exit status.

    Writes the report into ``--out``, swapped in whole
    (:func:`~escalation.report.writer.replace_folder`), or with ``--check`` regenerates
    into a temporary folder and compares.  Any problem (bad arguments, unreadable
    input, an ``--out`` holding foreign files, a malformed manifest) is one line on
    standard error, never a traceback.

    Parameters
    ----------
    argv : list of str, optional
        The arguments without the program's name (``sys.argv[1:]`` when ``None``).

    Returns
    -------
    int
        0 on success; 1 on an error, or when ``--check`` finds differences (listed on
        standard output).  A usage error (an unknown option, a bad choice) exits with
        status 2 (``SystemExit``), as argparse does.

    Examples
    --------
    >>> main(["--formats", "png,gif"])  # the error line goes to standard error
    1
    >>> main(["--events", "mine.csv"])  # a user's events need --out
    1
    """
    args = build_parser().parse_args(argv)
    from ..errors import EscalationError

    def progress(msg):
        print(msg, flush=True)

    try:
        formats = _parse_formats(args.formats)
        since, until = _parse_date(args.since, "--since"), _parse_date(args.until, "--until")
        if since and until and since > until:
            raise ReportError(f"--since {since} is after --until {until}")
        dyad = args.dyad
        if args.events is None:
            dyad = dyad or "AFG-PAK"
            if dyad not in BUNDLED_DYADS:
                raise ReportError(f"--dyad must be {' or '.join(BUNDLED_DYADS)} for the bundled data "
                                  f"(or give --events), got {args.dyad!r}")
            for flag, value in (("--claims", args.claims), ("--format", args.format != "auto" or None)):
                if value:
                    raise ReportError(f"{flag} needs --events (the bundled claims go with the bundled events)")
        elif dyad is not None:
            dyad = dyad.upper()
            if not re.fullmatch(r"[A-Z]{3}-[A-Z]{3}", dyad):
                raise ReportError(f"--dyad takes two ISO3 codes such as ARM-AZE, got {args.dyad!r}")
        if args.check is not None:
            folder = check_target(args.check, args.out)
            explicit_formats = args.formats != ",".join(FORMATS)
            if args.events is not None or args.claims is not None or args.ladder is not None:
                raise ReportError("--check takes its inputs from the folder's MANIFEST.json; "
                                  "give no --events, --claims or --ladder")
            problems = check(folder, formats=formats if explicit_formats else None, since=since,
                             until=until, dyad=args.dyad, progress=progress)
            if problems:
                print(f"check failed: {len(problems)} difference(s) against {folder}")
                for p in problems:
                    print(f"  {p}")
                return 1
            print(f"check passed: {folder} is exactly what the report produces")
            return 0
        out = args.out if args.out is not None else DEFAULT_OUT
        if args.events is not None and args.out is None:
            raise ReportError("--events needs --out: figures/ holds the bundled report")
        with replace_folder(out, force=args.force) as stage:
            manifest = generate(stage, formats=formats, since=since, until=until, dyad=dyad,
                                events=args.events, claims=args.claims, ladder=args.ladder,
                                freq=args.freq, events_format=args.format, progress=progress)
        print(f"wrote {len(manifest['outputs']) + 1} files to {out}")
        return 0
    except (ReportError, EscalationError, OSError, ValueError) as exc:
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 1
