"""``python -m escalation.report``: regenerate every figure and table from the bundled data.

Writes, into ``--out`` (default ``figures/``):

- every figure in each format asked for (``png``, ``svg``, ``pdf``), byte-identical from run
  to run on the same plotting stack (pinned in ``requirements-lock.txt``);
- each figure's data as CSV (``data/<figure>.csv``);
- summary tables as CSV and Markdown (``tables/``): discrepancy pairs, trend, reciprocity
  and retaliation results, the coding summary;
- ``index.md``, a gallery with captions, sources and alt text;
- ``MANIFEST.json``: input hashes, Python and library versions (FreeType included),
  output hashes, the arguments and the sources.

``--check [DIR]`` regenerates into a temporary directory and compares: data and tables
first (exactly), then images; it exits 1 listing what differs, and says "environment
differs" when only images differ and the recorded versions are not the running ones.
Outputs are written to a temporary directory first and moved into place only when every
file was made, so a failure leaves the old outputs intact.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

FORMATS = ("png", "svg", "pdf")
CREDIT = "Chart: escalation (MIT). Data: escalation's curated AFG-PAK dataset v1.0.0, from cited pages."
CLAIMS_NOTE = "Claims, not verified counts."
MANIFEST = "MANIFEST.json"


class ReportError(Exception):
    """A problem the report explains in one line."""


# -- the figures ------------------------------------------------------------------------
@dataclass
class Context:
    since: str | None
    until: str | None
    dyad: str

    @cached_property
    def events(self):
        import escalation as esc

        return esc.load_events()

    @cached_property
    def claims(self):
        import escalation as esc

        return esc.load_claims()

    @cached_property
    def coded(self):
        import escalation as esc

        return esc.code_events(self.events)

    def window(self, default_since: str, default_until: str) -> tuple[str, str]:
        return self.since or default_since, self.until or default_until

    @cached_property
    def weekly(self):
        import escalation as esc

        since, until = self.window("2025-01-01", "2026-04-12")
        s = esc.build_series(self.coded, freq="W", since=since, until=until)
        return s[s["dyad"] == self.dyad].reset_index(drop=True)

    @cached_property
    def discrepancies(self):
        import escalation as esc

        return esc.discrepancies(self.claims, events=self.events)

    @cached_property
    def history(self):
        import escalation as esc

        return esc.discrepancies(self.claims, history=True, events=self.events)

    @cached_property
    def retaliation(self):
        import escalation as esc

        return esc.stats.retaliation(self.coded, dyad=self.dyad)


@dataclass
class FigureSpec:
    name: str
    title: str
    caption: str
    alt: str
    method: str
    sources: list[str]
    build: Callable[[Context], tuple[object, object]]
    shows_claims: bool = False
    dyads: tuple[str, ...] = ()


def _timeline(ctx: Context):
    import escalation as esc

    since, until = ctx.window("2025-09-01", "2026-04-12")
    ax = esc.plots.ladder_timeline(ctx.coded, since=since, until=until, dyad=ctx.dyad, title=False)
    return ax.figure, esc.plots.timeline_data(ctx.coded, since=since, until=until, dyad=ctx.dyad)


def _series(ctx: Context):
    import escalation as esc
    from escalation.errors import MissingExtraError

    try:
        cps = esc.stats.change_points(ctx.weekly)
    except MissingExtraError:
        cps = None
    fig = esc.plots.series(ctx.weekly, change_points=cps, trend=esc.stats.trend_fit(ctx.weekly),
                           title=False)
    return fig, esc.plots.series_data(ctx.weekly)


def _claims(ctx: Context):
    import escalation as esc

    d = ctx.history
    keep = d[~d["is_umbrella"] & (d["outcome"] == "killed")
             & d["event_id"].isin(["AFPK-021", "AFPK-026", "AFPK-050", "AFPK-057"])]
    fig = esc.plots.claims(keep)
    return fig, esc.plots.claims_data(keep)


def _reciprocity(ctx: Context):
    import escalation as esc

    ax = esc.plots.reciprocity(ctx.retaliation)
    cols = ["group", "cause", "effect", "n_events", "n_answered", "n_preceded", "n_higher",
            "n_equal", "n_lower", "estimate", "baseline_rate", "statistic", "p_value", "p_holm"]
    return ax.figure, ctx.retaliation[cols]


def _picss(ctx: Context):
    import escalation as esc

    data = esc.plots.load_published("picss_monthly_attacks")
    return esc.plots.picss_attacks(data).figure, data


def _unama(ctx: Context):
    import escalation as esc

    data = esc.plots.load_published("unama_civilian_casualties")
    return esc.plots.unama_casualties(data).figure, data


def _running(ctx: Context):
    import escalation as esc

    data = esc.plots.load_published("ghazab_running_claims")
    return esc.plots.running_claims(data), data


FIGURES = [
    FigureSpec(
        "ladder_timeline", "Afghanistan–Pakistan: events on the escalation ladder",
        "Each reported event on its rung, coloured by direction (mutual exchanges shown in both); "
        "strikes on capitals and declarations labelled. A curated record of reported events, not a sample.",
        "Scatter of events by date and rung from September 2025 to April 2026, with the densest cluster "
        "from 22 February to 3 March 2026 reaching strikes on Kabul and a declaration of open war on 27 February.",
        "escalation.code_events on the default ladder; escalation.plots.ladder_timeline",
        ["data/events.csv (every row cites its page)"], _timeline, dyads=("AFG-PAK", "IND-PAK")),
    FigureSpec(
        "weekly_series", "Weekly events and peak rung per direction",
        "Top: events per ISO week (Monday) per direction, zero-filled; dotted lines are the fitted "
        "negative-binomial trend (directions with at least 10 active weeks); dashed lines are PELT change "
        "points, shaded where activity was above the direction's mean. Bottom: peak rung (o) and peak "
        "kinetic rung (x), so that declarations never stand in for force.",
        "Two panels of weekly counts and peak rungs; bursts in mid-October 2025 and late February 2026.",
        "escalation.build_series(freq='W'); escalation.stats.trend_fit (NB2); "
        "escalation.stats.change_points (PELT, l2 on sqrt counts, jump=1)",
        ["data/events.csv"], _series, dyads=("AFG-PAK", "IND-PAK")),
    FigureSpec(
        "claims_gap", "Both sides' claims about the same losses",
        "Each government's claim about the other's dead against the other's own admission, and "
        "against UN figures for civilians, on a log axis; open markers with arrows are open-ended "
        "claims ('at least 8'), superseded claims included (history). Ratio intervals at right. "
        + CLAIMS_NOTE,
        "Log-scale dot chart: Kabul's 55 Pakistani soldiers against ISPR's 12 (26–27 Feb 2026); ISPR's "
        "about 274 against Kabul's 13 and its earlier 'at least eight'.",
        "escalation.discrepancies(history=True), default interval convention; escalation.plots.claims",
        ["data/claims.csv (every row cites its page)"], _claims, shows_claims=True, dyads=("AFG-PAK",)),
    FigureSpec(
        "retaliation", "Were attacks answered within a week?",
        "Share of each side's day-precision attacks answered by the other within 1–7 days, beside a "
        "baseline from circular shifts of the responder's days within ±30 days; counts, answers on a "
        "higher rung, and Holm-adjusted p-values on the bars. Few events: low power.",
        "Grouped bars for the two directions with observed and baseline answer rates.",
        "escalation.stats.retaliation (window 1–7 days, 999 seeded shifts, mutual rows left out)",
        ["data/events.csv"], _reciprocity, dyads=("AFG-PAK", "IND-PAK")),
    FigureSpec(
        "picss_monthly_attacks", "Militant attacks in Pakistan per month (PICSS)",
        "Monthly militant attacks as published by PICSS, January 2025 – January 2026; January–June "
        "sums to 502, PICSS's half-year figure. PICSS revises its counts after release.",
        "Bar chart of 13 monthly counts between 68 and 143, peaking in August 2025.",
        "as published; data/published/picss_monthly_attacks.csv",
        ["Pakistan Institute for Conflict and Security Studies (PICSS), monthly security assessments"],
        _picss),
    FigureSpec(
        "unama_civilian_casualties", "Afghan civilian casualties from Pakistani cross-border action (UNAMA)",
        "Civilians killed and injured as reported by UNAMA for overlapping periods (preliminary and "
        "final figures shown as published); hatched bars are 'at least' figures.",
        "Horizontal bars of killed and injured by reporting period, October 2025 to March 2026.",
        "as published; data/published/unama_civilian_casualties.csv",
        ["United Nations Assistance Mission in Afghanistan (UNAMA)"], _unama),
    FigureSpec(
        "ghazab_running_claims", "Operation Ghazab lil-Haq: running claims beside UNAMA",
        "Left: Pakistan's running claims of Afghan dead and Kabul's own admitted dead (combatants). "
        "Right: UNAMA's civilian dead beside Kabul's civilian tallies. Open markers are open-ended "
        "claims. " + CLAIMS_NOTE,
        "Two step charts: Pakistan's claims rising from 133 to 641 between 27 February and 11 March "
        "2026 against Kabul's 13 to 28; UNAMA's civilian dead rising from 34 to 56.",
        "as published; data/published/ghazab_running_claims.csv",
        ["Pakistan information ministry and ISPR; Afghan government spokesmen; UNAMA"], _running,
        shows_claims=True),
]


# -- tables ---------------------------------------------------------------------------
def _tables(ctx: Context) -> dict[str, object]:
    import escalation as esc

    d = ctx.discrepancies
    pairs = d[~d["is_umbrella"]][[
        "event_id", "basis", "subject_state", "subject_group", "outcome", "claim_id_a",
        "claimant_org_a", "qualifier_a", "number_a", "low_a", "high_a", "claim_id_b",
        "claimant_org_b", "qualifier_b", "number_b", "low_b", "high_b", "ratio", "ratio_low",
        "ratio_high", "ratio_kind", "comparable", "denial", "convention"]]
    trend = esc.stats.trend(ctx.weekly).drop(columns=["warnings"], errors="ignore")
    daily = esc.build_series(ctx.coded[~ctx.coded["mutual"]], freq="D",
                             since=ctx.since or "2025-01-01", until=ctx.until or "2026-04-12")
    reciprocity = esc.stats.reciprocity(daily[daily["dyad"] == ctx.dyad])
    summary = esc.coding_summary(ctx.coded).to_frame()
    from .claims import reference_cases

    cases = reference_cases()[["case", "claimant", "claim_qualifier", "claim_number", "claim_number_to",
                               "reference_by", "reference_qualifier", "reference_number", "ratio",
                               "ratio_low", "ratio_high", "ratio_kind", "published_ratio_text",
                               "source_url"]]
    return {"discrepancy_pairs": pairs, "trend": trend, "reciprocity": reciprocity,
            "retaliation": ctx.retaliation, "coding_summary": summary,
            "claim_reference_cases": cases}


# -- writing ---------------------------------------------------------------------------
def _versions() -> dict[str, str]:
    import matplotlib
    import numpy
    import pandas
    import scipy
    import seaborn
    import statsmodels
    from matplotlib import ft2font

    import escalation

    return {"python": platform.python_version(), "escalation": escalation.__version__,
            "numpy": numpy.__version__, "pandas": pandas.__version__, "scipy": scipy.__version__,
            "matplotlib": matplotlib.__version__, "seaborn": seaborn.__version__,
            "statsmodels": statsmodels.__version__, "freetype": ft2font.__freetype_version__}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _label(fig, spec: FigureSpec) -> None:
    """Title, source and credit line (and the claims warning) drawn on the figure itself."""
    footer = f"Source: {'; '.join(spec.sources)}. " + (CLAIMS_NOTE + " " if spec.shows_claims else "") + CREDIT
    fig.suptitle(spec.title, x=0.01, ha="left", fontsize=9, fontweight="bold")
    fig.text(0.01, 0.005, footer, ha="left", va="bottom", fontsize=5.5, color="#444444", wrap=True)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        # room for two lines of footer and the title, whatever the figure's height
        height = fig.get_figheight()
        engine.set(rect=(0, min(0.15, 0.26 / height), 1, 1 - min(0.1, 0.18 / height)))


def _save_figure(fig, base: Path, formats, spec: FigureSpec) -> list[Path]:
    import matplotlib.pyplot as plt

    from .plots import style

    # fixed metadata (no dates, no software strings) keeps the bytes identical; the alt
    # text travels inside each file
    metadata = {"png": {"Software": None, "Title": spec.title, "Description": spec.alt},
                "svg": {"Date": None, "Creator": None, "Title": spec.title, "Description": spec.alt},
                "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None,
                        "Title": spec.title, "Subject": spec.alt}}
    out = []
    with style():
        _label(fig, spec)
        for fmt in formats:
            path = base.with_suffix(f".{fmt}")
            fig.savefig(path, format=fmt, metadata=metadata[fmt])
            out.append(path)
    plt.close(fig)
    return out


def _write_csv(frame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def _markdown(frame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = []
        for v in row:
            text = f"{v:.4g}" if isinstance(v, float) else str(v)
            cells.append(text.replace("|", "\\|").replace("\n", " "))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def generate(out: Path, *, formats=FORMATS, since=None, until=None, dyad="AFG-PAK",
             progress=print) -> dict:
    """Write every output into ``out`` (which should be empty) and return the manifest."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from .datasets import bundled_path, data_dir

    ctx = Context(since=since, until=until, dyad=dyad)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    gallery = ["# Figures", "", "Regenerate with `python -m escalation.report`; check with "
               "`python -m escalation.report --check`. " + CREDIT, ""]
    figures = []
    specs = [f for f in FIGURES if not f.dyads or dyad in f.dyads]
    for i, spec in enumerate(specs, start=1):
        progress(f"[{i}/{len(specs)}] {spec.name}")
        fig, data = spec.build(ctx)
        files = _save_figure(fig, out / spec.name, formats, spec)
        _write_csv(data, out / "data" / f"{spec.name}.csv")
        caption = spec.caption + f" Source: {'; '.join(spec.sources)}. {CREDIT}"
        figures.append({"name": spec.name, "title": spec.title, "caption": caption, "alt": spec.alt,
                        "method": spec.method, "sources": spec.sources,
                        "files": [p.name for p in files], "data": f"data/{spec.name}.csv"})
        first = files[0].name
        gallery += [f"## {spec.title}", "", f"![{spec.alt}]({first})", "", caption, "",
                    f"Data: [`data/{spec.name}.csv`](data/{spec.name}.csv). Method: {spec.method}. "
                    f"Formats: {', '.join(p.name for p in files)}.", ""]
    progress("tables")
    tables = _tables(ctx)
    gallery += ["# Tables", ""]
    for name, frame in tables.items():
        _write_csv(frame, out / "tables" / f"{name}.csv")
        (out / "tables" / f"{name}.md").write_text(_markdown(frame), encoding="utf-8")
        gallery.append(f"- [{name}](tables/{name}.md) ([CSV](tables/{name}.csv))")
    (out / "index.md").write_text("\n".join(gallery) + "\n", encoding="utf-8")

    inputs = {}
    for path in sorted(data_dir().rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".json"):
            inputs[path.relative_to(data_dir()).as_posix()] = _sha256(path)
    outputs = {p.relative_to(out).as_posix(): _sha256(p) for p in sorted(out.rglob("*")) if p.is_file()}
    manifest = {
        "generator": "python -m escalation.report",
        "arguments": {"formats": list(formats), "since": since, "until": until, "dyad": dyad},
        "versions": _versions(), "inputs": inputs, "outputs": outputs, "figures": figures,
        "tables": sorted(tables), "dataset_citation": "escalation.cite()",
        "dataset": str(bundled_path("datapackage.json").name),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _install(tmp: Path, out: Path) -> None:
    """Move the new outputs into ``out``; remove files the old manifest listed and the new lacks."""
    out.mkdir(parents=True, exist_ok=True)
    old = set()
    if (out / MANIFEST).exists():
        try:
            old = set(json.loads((out / MANIFEST).read_text())["outputs"])
        except (ValueError, KeyError):
            old = set()
    new = {p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file()}
    for rel in sorted(new):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp / rel, out / rel)
    for rel in sorted(old - new - {MANIFEST}):
        (out / rel).unlink(missing_ok=True)


def check(committed: Path, *, formats=None, since=None, until=None, dyad=None, progress=print) -> list[str]:
    """Regenerate with the committed run's arguments and list what differs."""
    manifest_path = committed / MANIFEST
    if not manifest_path.exists():
        raise ReportError(f"{committed}: no {MANIFEST}; nothing to check against")
    recorded = json.loads(manifest_path.read_text())
    args = recorded.get("arguments", {})
    with tempfile.TemporaryDirectory(prefix="escalation-check-") as tmp:
        fresh = Path(tmp)
        manifest = generate(fresh, formats=formats or args.get("formats", FORMATS),
                            since=since if since is not None else args.get("since"),
                            until=until if until is not None else args.get("until"),
                            dyad=dyad or args.get("dyad", "AFG-PAK"), progress=progress)
        problems = []
        names = sorted(set(manifest["outputs"]) | set(recorded.get("outputs", {})))
        text_like = [n for n in names if n.endswith((".csv", ".md"))]
        images = [n for n in names if n.endswith(tuple(f".{f}" for f in FORMATS))]
        for name in text_like:
            a, b = committed / name, fresh / name
            if not a.exists() or not b.exists() or a.read_bytes() != b.read_bytes():
                problems.append(f"data differs: {name}")
        env_same = recorded.get("versions") == manifest["versions"]
        for name in images:
            a, b = committed / name, fresh / name
            if not a.exists() or not b.exists():
                problems.append(f"missing: {name}")
            elif a.read_bytes() != b.read_bytes():
                problems.append(("image differs: " if env_same else "environment differs: ") + name)
        if not env_same and any(p.startswith("environment differs") for p in problems):
            diff = {k: (recorded.get("versions", {}).get(k), v) for k, v in manifest["versions"].items()
                    if recorded.get("versions", {}).get(k) != v}
            problems.append(f"environment differs: recorded vs running versions {diff}")
        return problems


# -- command line ----------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, not a usage dump
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m escalation.report",
        description="Regenerate every figure, its data and the summary tables from the bundled data.",
    )
    parser.add_argument("--out", type=Path, default=Path("figures"), help="output folder (default: figures/)")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help="comma-separated image formats among png,svg,pdf (default: all three)")
    parser.add_argument("--since", help="first day of the window (YYYY-MM-DD)")
    parser.add_argument("--until", help="last day of the window (YYYY-MM-DD)")
    parser.add_argument("--dyad", default="AFG-PAK", help="dyad to draw (default: AFG-PAK)")
    parser.add_argument("--check", nargs="?", const=Path("figures"), type=Path, metavar="DIR",
                        help="regenerate into a temporary folder and compare with DIR (default: figures/)")
    return parser


def _parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ReportError(f"--formats takes png, svg and/or pdf, got {text!r}")
    return formats


def _parse_date(text: str | None, flag: str) -> str | None:
    if text is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ReportError(f"{flag} takes a date as YYYY-MM-DD, got {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .errors import EscalationError

    def progress(msg):
        print(msg, flush=True)

    try:
        formats = _parse_formats(args.formats)
        since, until = _parse_date(args.since, "--since"), _parse_date(args.until, "--until")
        if args.dyad not in {"AFG-PAK", "IND-PAK"}:
            raise ReportError(f"--dyad must be AFG-PAK or IND-PAK (the bundled dyads), got {args.dyad!r}")
        if args.check is not None:
            explicit_formats = args.formats != ",".join(FORMATS)
            problems = check(args.check, formats=formats if explicit_formats else None, since=since,
                             until=until, dyad=args.dyad if args.dyad != "AFG-PAK" else None,
                             progress=progress)
            if problems:
                print(f"check failed: {len(problems)} difference(s) against {args.check}")
                for p in problems:
                    print(f"  {p}")
                return 1
            print(f"check passed: {args.check} is exactly what the report produces")
            return 0
        out = args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".escalation-report-", dir=out.parent) as tmp:
            manifest = generate(Path(tmp), formats=formats, since=since, until=until, dyad=args.dyad,
                                progress=progress)
            _install(Path(tmp), out)
        print(f"wrote {len(manifest['outputs']) + 1} files to {out}")
        return 0
    except (ReportError, EscalationError, OSError, ValueError) as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
