"""Building the report into a folder, and checking a folder against a fresh build.

:func:`generate` draws every registered figure (:mod:`escalation.report.figures`), writes
it with its data and the tables through :mod:`escalation.report.writer`, and records the
manifest; :func:`check` regenerates with a manifest's arguments and lists what differs.
"""

from __future__ import annotations

import platform
import tempfile
from pathlib import Path

from .figures import Context, figures_for, render, sources_for, tables
from .gallery import STATISTICS_NOTE, STATISTICS_TABLES, index_html, index_markdown
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
VERSIONED = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "seaborn",
             "pillow", "fonttools", "kiwisolver", "python-dateutil")


def versions() -> dict[str, str]:
    """Python's, the package's and every :data:`VERSIONED` library's version.

    Recorded in every manifest, with FreeType's (the font rasteriser behind the PNG
    bytes), so that ``--check`` can tell an environment that differs from an output
    that does.

    Returns
    -------
    dict of str to str
        ``name -> version``; ``"not installed"`` for a library that is missing.

    Examples
    --------
    >>> import numpy
    >>> v = versions()
    >>> v["numpy"] == numpy.__version__, {"python", "escalation", "freetype"} <= set(v)
    (True, True)
    """
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
    """Refuse a window or a dyad holding no events: every chart would be empty."""
    import pandas as pd

    if ctx.since and ctx.until and ctx.since > ctx.until:
        raise ReportError(f"--since {ctx.since} is after --until {ctx.until}")
    coded = ctx.coded
    where = "" if ctx.bundled else f" in {ctx.events_path}"
    if ctx.dyad and not ctx.bundled and not (coded["dyad"] == ctx.dyad).any():
        present = sorted(coded.loc[coded["is_state_action"].astype(bool), "dyad"].dropna().astype(str).unique())
        raise ReportError(f"--dyad {ctx.dyad}: no such dyad{where} (its dyads: {', '.join(present) or 'none'})")
    rows = coded["dyad"].isin(ctx.dyads) if ctx.dyad else coded.index.isin(ctx.actions.index)
    if ctx.since:
        rows &= coded["date_end"] >= pd.Timestamp(ctx.since)
    if ctx.until:
        rows &= coded["date_start"] <= pd.Timestamp(ctx.until)
    if not rows.any():
        window = f"between {ctx.since or 'the start'} and {ctx.until or 'the end'}"
        what = f"{ctx.dyad} events" if ctx.dyad else "state actions on the ladder"
        raise ReportError(f"no {what}{where} {window}: nothing to draw")


#: The arguments a report is made with, and their defaults (the bundled report's).
DEFAULTS = {"formats": list(FORMATS), "since": None, "until": None, "dyad": "AFG-PAK", "events": None,
            "claims": None, "ladder": None, "freq": "W", "format": "auto"}


def context_for(args: dict) -> Context:
    """The :class:`Context` of a report's arguments (as a manifest records them).

    Missing arguments take the bundled report's defaults (:data:`DEFAULTS`); with a
    user's ``events`` file, ``dyad`` stays ``None`` (every dyad) unless given.

    Parameters
    ----------
    args : dict
        ``since``, ``until``, ``dyad``, ``events``, ``claims``, ``ladder`` (file names
        or ``None``), ``freq`` and ``format``, as ``MANIFEST.json`` stores them.

    Returns
    -------
    Context

    Examples
    --------
    >>> ctx = context_for({"dyad": "IND-PAK", "freq": "M"})
    >>> ctx.bundled, ctx.dyad, ctx.freq
    (True, 'IND-PAK', 'M')
    >>> context_for({"events": "mine.csv"}).dyad is None
    True
    """
    a = {**DEFAULTS, **args}
    user = a["events"] is not None
    dyad = args.get("dyad") if user else (a["dyad"] or "AFG-PAK")  # a user's file: every dyad by default
    return Context(since=a["since"], until=a["until"], dyad=dyad,
                   events_path=Path(a["events"]) if user else None,
                   claims_path=Path(a["claims"]) if a["claims"] else None,
                   ladder_path=Path(a["ladder"]) if a["ladder"] else None, freq=a["freq"],
                   events_format=a["format"])


def input_hashes(ctx: Context) -> dict[str, str]:
    """SHA-256 of every input: the bundled data's files, or the user's files as named."""
    from ..datasets import data_dir

    if ctx.bundled:
        inputs = {}
        for path in sorted(data_dir().rglob("*")):
            if path.is_file() and path.suffix in (".csv", ".json"):
                inputs[path.relative_to(data_dir()).as_posix()] = sha256(path)
        if ctx.ladder_path:
            inputs[str(ctx.ladder_path)] = sha256(ctx.ladder_path)
        return inputs
    return {str(p): sha256(p) for p in (ctx.events_path, ctx.claims_path, ctx.ladder_path) if p}


def generate(out: Path, *, formats=FORMATS, since=None, until=None, dyad=None, events=None,
             claims=None, ladder=None, freq="W", events_format="auto", progress=print) -> dict:
    """Write every output into ``out`` (a new or empty folder) and return the manifest.

    Without ``events`` it is the bundled report (``dyad`` AFG-PAK or IND-PAK); with a
    user's file, the generic figures of its events (every dyad unless ``dyad`` names
    one), with ``claims`` and ``ladder`` if given.

    For each figure :func:`~escalation.report.figures.figures_for` selects: its images,
    ``data/<name>.csv``; then ``tables/<name>.csv`` and ``.md``, ``index.md``,
    ``index.html`` and ``MANIFEST.json``.  It writes into ``out`` directly: the command
    line wraps it in :func:`~escalation.report.writer.replace_folder` so that a failed
    run never leaves a half-written folder.

    Parameters
    ----------
    out : Path
        The folder to write into (created if missing).
    formats : iterable of str
        Image formats among ``png``, ``svg`` and ``pdf`` (all three by default).
    since, until : str, optional
        The window, ``YYYY-MM-DD``; by default from the data (the bundled report keeps
        its documented starts).
    dyad : str, optional
        ``AFG-PAK`` (default) or ``IND-PAK`` for the bundled data; one dyad of the
        user's file, or ``None`` for all.
    events, claims, ladder : str or Path, optional
        A user's events, claims (only with events) and ladder (TOML).
    freq : {"D", "W", "M"}
        Period of the series.
    events_format : str
        How to read ``events``: ``auto`` (by the header), ``events``, ``acled``,
        ``ucdp`` or ``gdelt``.
    progress : callable
        Called with one line per figure drawn (``print`` by default).

    Returns
    -------
    dict
        The manifest, as written to ``MANIFEST.json``: ``generator``, ``arguments``,
        ``versions``, ``inputs`` (SHA-256 of every input file), ``figures`` (name,
        title, caption, alt text, method, sources, files, data), ``tables``,
        ``outputs`` (SHA-256 of every file written) and, for the bundled data,
        ``dataset`` and ``dataset_citation``.

    Raises
    ------
    ReportError
        ``since`` after ``until``, a window or dyad with no events, ``claims`` without
        ``events``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     manifest = generate(Path(tmp), formats=["png"], dyad="IND-PAK", progress=lambda line: None)
    ...     written = sorted(p.name for p in Path(tmp).iterdir())
    >>> [f["name"] for f in manifest["figures"]], manifest["arguments"]["dyad"]
    (['ladder_timeline', 'weekly_series'], 'IND-PAK')
    >>> written
    ['MANIFEST.json', 'data', 'index.html', 'index.md', 'ladder_timeline.png', 'tables', 'weekly_series.png']
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    from ..datasets import bundled_path

    if events is None:
        dyad = dyad or "AFG-PAK"
    args = {"formats": list(formats), "since": since, "until": until, "dyad": dyad,
            "events": str(events) if events is not None else None,
            "claims": str(claims) if claims is not None else None,
            "ladder": str(ladder) if ladder is not None else None, "freq": freq, "format": events_format}
    if events is None and claims is not None:
        raise ReportError("--claims needs --events: the bundled claims go with the bundled events")
    ctx = context_for(args)
    check_window(ctx)
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    figures, pictures = [], {}
    specs = figures_for(ctx)
    for i, spec in enumerate(specs, start=1):
        name = spec.name_for(ctx)
        progress(f"[{i}/{len(specs)}] {name}")
        drawn = spec.build(ctx)
        sources = sources_for(spec, ctx) + list(drawn.sources)
        wanted = tuple(formats) if "png" in formats else (*formats, "png")
        images = render(drawn, wanted, sources=sources, shows_claims=spec.shows_claims, credit=ctx.credit)
        pictures[name] = images["png"]
        for fmt in formats:
            (out / f"{name}.{fmt}").write_bytes(images[fmt])
        (out / "data" / f"{name}.csv").write_bytes(csv_bytes(drawn.data))
        caption = drawn.caption + f" Source: {'; '.join(sources)}. {ctx.credit}"
        figures.append({"name": name, "title": drawn.title, "caption": caption, "alt": drawn.alt,
                        "method": spec.method, "sources": sources,
                        "files": [f"{name}.{fmt}" for fmt in formats], "data": f"data/{name}.csv"})
    progress("tables")
    made = tables(ctx)
    for name, frame in made.items():
        (out / "tables" / f"{name}.csv").write_bytes(csv_bytes(frame))
        note = STATISTICS_NOTE + "\n\n" if name in STATISTICS_TABLES else ""
        (out / "tables" / f"{name}.md").write_text(note + markdown_table(frame), encoding="utf-8")
    manifest = {
        "generator": "python -m escalation.report",
        "arguments": args, "versions": versions(), "inputs": input_hashes(ctx), "figures": figures,
        "tables": sorted(made),
    }
    if ctx.bundled:
        manifest |= {"dataset_citation": "escalation.cite()", "dataset": str(bundled_path("datapackage.json").name)}
    heading = "Figures" if ctx.bundled else f"Figures: {Path(events).name}"
    (out / "index.md").write_text(index_markdown(figures, list(made), heading=heading, credit=ctx.credit),
                                  encoding="utf-8")
    (out / "index.html").write_text(index_html(figures, made, pictures, manifest, heading=heading,
                                               credit=ctx.credit), encoding="utf-8")
    manifest["outputs"] = outputs_of(out)
    write_manifest(out, manifest)
    return manifest


def check(committed: Path, *, formats=None, since=None, until=None, dyad=None,
          progress=print) -> list[str]:
    """Regenerate with the committed run's arguments (or those given) and list what differs.

    The inputs a user's report was made from are compared with their recorded hashes
    first ("input differs"); then data and tables, exactly ("data differs"), then images.
    An image that differs is reported as "image differs" when the recorded library
    versions are the running ones, and as "environment differs" (with the versions that
    differ) when they are not; when every output matches, differing versions are not a
    failure.

    Parameters
    ----------
    committed : Path
        A folder written by :func:`generate` (with its ``MANIFEST.json``).
    formats : iterable of str, optional
        Image formats to regenerate; by default those the manifest records.
    since, until, dyad : str, optional
        Override the recorded window or dyad; by default the recorded ones.
    progress : callable
        Called with one line per figure drawn.

    Returns
    -------
    list of str
        One line per difference (``"data differs: tables/trend.csv"``, ``"image
        differs: ..."``, ``"missing: ..."``, ``"input differs: ..."``, ``"environment
        differs: ..."``); empty when the folder is exactly what the report produces.

    Raises
    ------
    ReportError
        No folder, no or an invalid manifest (:func:`~escalation.report.writer.read_manifest`),
        or a recorded input file that is missing.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = generate(Path(tmp), formats=["png"], dyad="IND-PAK", progress=lambda line: None)
    ...     same = check(Path(tmp), progress=lambda line: None)
    ...     _ = Path(tmp, "tables", "trend.csv").write_text("edited")
    ...     edited = check(Path(tmp), progress=lambda line: None)
    >>> same, edited
    ([], ['data differs: tables/trend.csv'])
    """
    recorded = read_manifest(Path(committed))
    args = {**DEFAULTS, **recorded["arguments"]}
    committed = Path(committed)
    problems = []
    if args["events"] is not None:

        for path, digest in recorded.get("inputs", {}).items():
            if not Path(path).is_file():
                raise ReportError(f"{committed / MANIFEST}: input {path} is missing; nothing to check against")
            if sha256(Path(path)) != digest:
                problems.append(f"input differs: {path}")
    with tempfile.TemporaryDirectory(prefix="escalation-check-") as tmp:
        fresh = Path(tmp)
        manifest = generate(fresh, formats=formats or args["formats"],
                            since=since if since is not None else args["since"],
                            until=until if until is not None else args["until"],
                            dyad=dyad or args["dyad"], events=args["events"], claims=args["claims"],
                            ladder=args["ladder"], freq=args["freq"], events_format=args["format"],
                            progress=progress)
        names = sorted(set(manifest["outputs"]) | set(recorded["outputs"]))
        text_like = [n for n in names if n.endswith((".csv", ".md"))]
        # index.html holds the pictures inline: it changes with them
        images = [n for n in names if n.endswith((*(f".{f}" for f in FORMATS), ".html"))]
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


__all__ = ["DEFAULTS", "MANIFEST", "check", "context_for", "generate", "versions"]
