"""Building the report into a folder, and checking a folder against a fresh build.

:func:`generate` draws every registered figure (:mod:`escalation.report.figures`), writes
it with its data and the tables through :mod:`escalation.report.writer`, and records the
manifest; :func:`check` regenerates with a manifest's arguments and lists what differs.
"""

from __future__ import annotations

import platform
import tempfile
from pathlib import Path

from .figures import CREDIT, Context, figures_for, render, tables
from .gallery import index_markdown
from .writer import (
    FORMATS,
    MANIFEST,
    ReportError,
    csv_bytes,
    markdown_table,
    outputs_of,
    read_manifest,
    sha256,
    write_manifest,
)

#: Libraries whose version can change an output's bytes (numbers, layout, encoding), by
#: distribution name; the manifest records each, and FreeType's, beside Python's.
VERSIONED = ("numpy", "pandas", "scipy", "statsmodels", "ruptures", "matplotlib", "seaborn",
             "pillow", "fonttools", "kiwisolver", "python-dateutil")


def versions() -> dict[str, str]:
    """Python's, the package's and every :data:`VERSIONED` library's version."""
    from importlib import metadata

    from matplotlib import ft2font

    import escalation

    out = {"python": platform.python_version(), "escalation": escalation.__version__,
           "freetype": ft2font.__freetype_version__}
    for dist in VERSIONED:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def check_window(ctx: Context) -> None:
    """Refuse a window holding none of the dyad's events: every chart would be empty."""
    import pandas as pd

    if ctx.since and ctx.until and ctx.since > ctx.until:
        raise ReportError(f"--since {ctx.since} is after --until {ctx.until}")
    coded = ctx.coded
    rows = coded["dyad"] == ctx.dyad
    if ctx.since:
        rows &= coded["date_end"] >= pd.Timestamp(ctx.since)
    if ctx.until:
        rows &= coded["date_start"] <= pd.Timestamp(ctx.until)
    if not rows.any():
        window = f"between {ctx.since or 'the start'} and {ctx.until or 'the end'}"
        raise ReportError(f"no {ctx.dyad} events {window}: nothing to draw")


def generate(out: Path, *, formats=FORMATS, since=None, until=None, dyad="AFG-PAK",
             progress=print) -> dict:
    """Write every output into ``out`` (a new or empty folder) and return the manifest."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from ..datasets import bundled_path, data_dir

    ctx = Context(since=since, until=until, dyad=dyad)
    check_window(ctx)
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    figures = []
    specs = figures_for(dyad)
    for i, spec in enumerate(specs, start=1):
        progress(f"[{i}/{len(specs)}] {spec.name}")
        fig, data = spec.build(ctx)
        images = render(fig, spec, formats)
        for fmt, content in images.items():
            (out / f"{spec.name}.{fmt}").write_bytes(content)
        (out / "data" / f"{spec.name}.csv").write_bytes(csv_bytes(data))
        caption = spec.caption + f" Source: {'; '.join(spec.sources)}. {CREDIT}"
        figures.append({"name": spec.name, "title": spec.title, "caption": caption, "alt": spec.alt,
                        "method": spec.method, "sources": spec.sources,
                        "files": [f"{spec.name}.{fmt}" for fmt in images],
                        "data": f"data/{spec.name}.csv"})
    progress("tables")
    made = tables(ctx)
    for name, frame in made.items():
        (out / "tables" / f"{name}.csv").write_bytes(csv_bytes(frame))
        (out / "tables" / f"{name}.md").write_text(markdown_table(frame), encoding="utf-8")
    (out / "index.md").write_text(index_markdown(figures, list(made)), encoding="utf-8")

    inputs = {}
    for path in sorted(data_dir().rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".json"):
            inputs[path.relative_to(data_dir()).as_posix()] = sha256(path)
    manifest = {
        "generator": "python -m escalation.report",
        "arguments": {"formats": list(formats), "since": since, "until": until, "dyad": dyad},
        "versions": versions(), "inputs": inputs, "outputs": outputs_of(out), "figures": figures,
        "tables": sorted(made), "dataset_citation": "escalation.cite()",
        "dataset": str(bundled_path("datapackage.json").name),
    }
    write_manifest(out, manifest)
    return manifest


def check(committed: Path, *, formats=None, since=None, until=None, dyad=None,
          progress=print) -> list[str]:
    """Regenerate with the committed run's arguments (or those given) and list what differs.

    Data and tables are compared first, exactly ("data differs"), then images.  An image
    that differs is reported as "image differs" when the recorded library versions are
    the running ones, and as "environment differs" (with the versions that differ) when
    they are not; when every output matches, differing versions are not a failure.
    """
    recorded = read_manifest(Path(committed))
    args = recorded["arguments"]
    committed = Path(committed)
    with tempfile.TemporaryDirectory(prefix="escalation-check-") as tmp:
        fresh = Path(tmp)
        manifest = generate(fresh, formats=formats or args.get("formats", FORMATS),
                            since=since if since is not None else args.get("since"),
                            until=until if until is not None else args.get("until"),
                            dyad=dyad or args.get("dyad", "AFG-PAK"), progress=progress)
        problems = []
        names = sorted(set(manifest["outputs"]) | set(recorded["outputs"]))
        text_like = [n for n in names if n.endswith((".csv", ".md"))]
        images = [n for n in names if n.endswith(tuple(f".{f}" for f in FORMATS))]
        for name in text_like:
            a, b = committed / name, fresh / name
            if not a.is_file() or not b.is_file() or a.read_bytes() != b.read_bytes():
                problems.append(f"data differs: {name}")
        env_same = recorded["versions"] == manifest["versions"]
        for name in images:
            a, b = committed / name, fresh / name
            if not a.is_file() or not b.is_file():
                problems.append(f"missing: {name}")
            elif a.read_bytes() != b.read_bytes():
                problems.append(("image differs: " if env_same else "environment differs: ") + name)
        if not env_same and problems:
            diff = {k: (recorded["versions"].get(k), v) for k, v in manifest["versions"].items()
                    if recorded["versions"].get(k) != v}
            diff |= {k: (v, None) for k, v in recorded["versions"].items() if k not in manifest["versions"]}
            problems.append(f"environment differs: recorded vs running versions {diff}")
        return problems


__all__ = ["MANIFEST", "check", "generate", "versions"]
