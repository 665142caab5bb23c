"""Where the bundled data lives, and how to cite it."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import EscalationError

_PACKAGE = Path(__file__).resolve().parent

#: Version of the bundled dataset (``datapackage.json`` and :func:`cite`); written into the
#: data package by ``tools/build_data.py``.
DATASET_VERSION = "1.1.0"


def data_dir() -> Path:
    """The directory holding the bundled tables.

    In an installed wheel the data ships inside the package (``escalation/_data``); in a
    source checkout or an editable install it is the repository's ``data/``.

    Returns
    -------
    Path
        The folder with ``events.csv``, ``claims.csv``, ``README.md`` (the codebook),
        ``datapackage.json`` and ``published/``.

    Raises
    ------
    EscalationError
        The data is missing (a broken install).

    Examples
    --------
    >>> import escalation as esc
    >>> sorted(p.name for p in esc.data_dir().glob("*.csv"))
    ['claims.csv', 'events.csv']
    """
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent / "data"):
        if (candidate / "events.csv").is_file():
            return candidate
    raise EscalationError(
        "the bundled data was not found: reinstall the package (pip install escalation)"
    )


def bundled_path(name: str) -> Path:
    """Path of one bundled file, e.g. ``bundled_path("claims.csv")``.

    Parameters
    ----------
    name : str
        A path inside :func:`data_dir` (``"published/picss_monthly_attacks.csv"``).

    Returns
    -------
    Path
        The file's path (whether or not it exists).

    Examples
    --------
    >>> bundled_path("claims.csv").name
    'claims.csv'
    """
    return data_dir() / name


def datapackage() -> dict:
    """The Frictionless Data Package descriptor of the bundled tables.

    Returns
    -------
    dict
        ``datapackage.json``: name, title, version, licences, sources and one resource
        per table with its schema.

    Examples
    --------
    >>> pkg = datapackage()
    >>> pkg["version"] == DATASET_VERSION, sorted(r["name"] for r in pkg["resources"])[:2]
    (True, ['claims', 'events'])
    """
    return json.loads(bundled_path("datapackage.json").read_text("utf-8"))


def sources() -> list[dict[str, str]]:
    """Every page the bundled events and claims cite: publisher, title, URL, date.

    Returns
    -------
    list of dict
        One ``{"publisher", "title", "url", "date"}`` per distinct URL, by date then URL.

    Examples
    --------
    >>> pages = sources()
    >>> sorted(pages[0]), len(pages) == len({p["url"] for p in pages})
    (['date', 'publisher', 'title', 'url'], True)
    """
    import csv

    seen: dict[str, dict[str, str]] = {}
    for table in ("events.csv", "claims.csv"):
        with bundled_path(table).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                seen.setdefault(row["source_url"], {
                    "publisher": row["source_publisher"], "title": row["source_title"],
                    "url": row["source_url"], "date": row["source_date"],
                })
    return sorted(seen.values(), key=lambda s: (s["date"], s["url"]))


def cite(format: str = "bibtex") -> str:
    """The dataset's version and its sources, BibTeX-ready.

    Parameters
    ----------
    format : {"bibtex", "text"}
        ``bibtex`` gives one ``@dataset`` entry for the bundled data followed by one
        ``@misc`` entry per cited page; ``text`` gives a plain reference list.

    Returns
    -------
    str
        The references, followed by the geography tables' sources (Natural Earth,
        GeoNames, world-countries) with their licences.

    Examples
    --------
    >>> import escalation as esc
    >>> print(esc.cite().splitlines()[0])
    @dataset{escalation_afpak_data,
    """
    from .geo import SOURCES as GEO_SOURCES

    pkg = datapackage()
    version, title, year = pkg["version"], pkg["title"], pkg["created"][:4]
    srcs = sources()
    if format == "text":
        lines = [f"The escalation developers ({year}). {title}, version {version}. "
                 f"Built from {len(srcs)} cited pages."]
        lines += [f"- {s['publisher']}: {s['title']}. {s['date']}. {s['url']}" for s in srcs]
        lines += ["Geography used to place strikes:"]
        lines += [f"- {g['publisher']}: {g['title']}. {g['url']} ({g['licence']})" for g in GEO_SOURCES]
        return "\n".join(lines)
    if format != "bibtex":
        raise ValueError("format must be 'bibtex' or 'text'")

    def esc(text: str) -> str:
        return text.replace("{", "(").replace("}", ")").replace("&", "\\&").replace("%", "\\%")

    entries = [
        "@dataset{escalation_afpak_data,\n"
        f"  title = {{{esc(title)}}},\n"
        "  author = {{The escalation developers}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{Curated from {len(srcs)} cited pages; claims are claims, not verified counts}}\n"
        "}"
    ]
    for i, s in enumerate(srcs, start=1):
        entries.append(
            f"@misc{{escalation_src{i:03d},\n"
            f"  author = {{{{{esc(s['publisher'])}}}}},\n"
            f"  title = {{{esc(s['title'])}}},\n"
            f"  year = {{{s['date'][:4]}}},\n"
            f"  date = {{{s['date']}}},\n"
            f"  url = {{{s['url']}}}\n"
            "}"
        )
    for i, g in enumerate(GEO_SOURCES, start=1):
        entries.append(
            f"@dataset{{escalation_geo{i:02d},\n"
            f"  author = {{{{{esc(g['publisher'])}}}}},\n"
            f"  title = {{{esc(g['title'])}}},\n"
            f"  url = {{{g['url']}}},\n"
            f"  note = {{Licence: {esc(g['licence'])}}}\n"
            "}"
        )
    return "\n\n".join(entries) + "\n"
