"""``python -m escalation.report``: regenerate the report from the bundled data.

Until the figures exist this prints what the package can do so far: the bundled data,
its validation and its coding onto the default ladder.
"""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m escalation.report",
        description="Load, validate and code the bundled Afghanistan-Pakistan data and "
                    "summarise it.",
    )
    parser.add_argument("--ladder", default="default",
                        help="shipped ladder ('default' or 'mid_hostility') or a TOML file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import escalation as esc
    from escalation.errors import EscalationError

    try:
        if args.ladder.endswith(".toml"):
            scale = esc.EscalationScale.from_toml(args.ladder)
        else:
            scale = esc.EscalationScale.shipped(args.ladder)
        events = esc.load_events()
        claims = esc.load_claims()
        coded = esc.code_events(events, scale)
    except (EscalationError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    summary = esc.coding_summary(coded)
    print(f"escalation {esc.__version__}: bundled data in {esc.data_dir()}")
    print(f"{len(events)} events ({', '.join(f'{d}: {n}' for d, n in events['dyad'].value_counts().sort_index().items())}), "
          f"{events['date_start'].min():%d %b %Y} to {events['date_end'].max():%d %b %Y}; "
          f"{len(claims)} casualty claims")
    print(summary)
    print("events per rung:")
    for rung in scale.rungs:
        if rung.key in summary.by_rung:
            print(f"  {rung.level:>3}  {rung.key:<22} {summary.by_rung[rung.key]}")
    print("Figures and statistics arrive with the series, claims and figures issues.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
