"""``python -m escalation.report``: the command line (arguments, and one clear line on failure)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .build import check, generate
from .figures import BUNDLED_DYADS
from .writer import FORMATS, ReportError, replace_folder

DEFAULT_OUT = Path("figures")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, not a usage dump
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m escalation.report",
        description="Regenerate every figure, its data and the summary tables from the bundled data.",
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
    parser.add_argument("--dyad", default="AFG-PAK", help="dyad to draw (default: AFG-PAK)")
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
    """
    if check_arg is True:
        return out if out is not None else DEFAULT_OUT
    if out is not None and Path(check_arg).resolve() != Path(out).resolve():
        raise ReportError(f"--check {check_arg} and --out {out} name different folders; "
                          "give the folder to check once")
    return Path(check_arg)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from ..errors import EscalationError

    def progress(msg):
        print(msg, flush=True)

    try:
        formats = _parse_formats(args.formats)
        since, until = _parse_date(args.since, "--since"), _parse_date(args.until, "--until")
        if since and until and since > until:
            raise ReportError(f"--since {since} is after --until {until}")
        if args.dyad not in BUNDLED_DYADS:
            raise ReportError(f"--dyad must be {' or '.join(BUNDLED_DYADS)} (the bundled dyads), "
                              f"got {args.dyad!r}")
        if args.check is not None:
            folder = check_target(args.check, args.out)
            explicit_formats = args.formats != ",".join(FORMATS)
            problems = check(folder, formats=formats if explicit_formats else None, since=since,
                             until=until, dyad=args.dyad if args.dyad != "AFG-PAK" else None,
                             progress=progress)
            if problems:
                print(f"check failed: {len(problems)} difference(s) against {folder}")
                for p in problems:
                    print(f"  {p}")
                return 1
            print(f"check passed: {folder} is exactly what the report produces")
            return 0
        out = args.out if args.out is not None else DEFAULT_OUT
        with replace_folder(out, force=args.force) as stage:
            manifest = generate(stage, formats=formats, since=since, until=until, dyad=args.dyad,
                                progress=progress)
        print(f"wrote {len(manifest['outputs']) + 1} files to {out}")
        return 0
    except (ReportError, EscalationError, OSError, ValueError) as exc:
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 1
