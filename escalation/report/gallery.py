"""The report's galleries: ``index.md`` (for the repository) and ``index.html``.

``index.html`` is one self-contained page: every figure inline (a PNG as a ``data:`` URI,
with its alt text), its caption, method, sources and data file, every table, and a summary
of the manifest (arguments, inputs and their hashes, library versions).  It loads
nothing: a Content-Security-Policy allows only inline images and styles, and there is no
script.  Every text from the data is HTML-escaped.  The layout reflows to a phone's
width (images scale, wide tables scroll inside their box).
"""

from __future__ import annotations

import base64
import html
import struct

#: How many rows of a table the HTML page shows (the CSV always has them all).
MAX_TABLE_ROWS = 400

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1a1a1a; background: #fff; margin: 0 auto; padding: 1rem; max-width: 60rem; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.25rem; line-height: 1.3; margin-top: 2.5rem; }
p, figcaption, li, dd { overflow-wrap: anywhere; }
figure { margin: 1rem 0; }
img { display: block; max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption { font-size: .95rem; margin-top: .5rem; }
.meta { font-size: .85rem; color: #444; }
nav ol { padding-left: 1.2rem; }
.table-wrap { overflow-x: auto; max-width: 100%; border: 1px solid #e3e3e3; }
table { border-collapse: collapse; font-size: .8rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25rem .5rem; text-align: left; vertical-align: top;
         white-space: nowrap; }
th { background: #f5f5f5; position: sticky; top: 0; }
details { margin: .75rem 0; } summary { cursor: pointer; font-weight: 600; }
code { font-size: .85em; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; }
dt { font-weight: 600; } dd { margin: 0; }
footer { margin-top: 3rem; font-size: .85rem; color: #444; }
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


#: Tables of tests: what their p-values can mean on a curated record.
STATISTICS_TABLES = ("trend", "reciprocity", "retaliation")
STATISTICS_NOTE = (
    "The tests in the statistics tables (trend, reciprocity, retaliation) run on a curated "
    "record of reported events, which is not a random sample of anything: their p-values are "
    "descriptive, saying how unusual the record's pattern would be under each test's null, not "
    "how likely a claim about the world is. Each row names its method, reference, defaults and "
    "Holm family; a NaN comes with its reason in the note column. Sizes, powers and interval coverage on "
    "simulated conflict series: docs/calibration.md in the escalation repository.")


def index_markdown(figures: list[dict], tables: list[str], *, heading: str = "Figures",
                   credit: str = "") -> str:
    r"""``index.md``: a section per figure (image, caption, data, method, formats), then the tables.

    Parameters
    ----------
    figures : list of dict
        One per figure, in gallery order, as the manifest records them: ``name``,
        ``title``, ``caption``, ``alt``, ``method`` and ``files`` (the image files, the
        first one shown).
    tables : list of str
        Names of the tables written to ``tables/<name>.md`` and ``.csv``.
    heading : str
        The page's title.
    credit : str
        The credit line, after the regeneration commands.

    Returns
    -------
    str
        Markdown linking the images, data files and tables by relative paths.

    Examples
    --------
    >>> fig = {"name": "ladder_timeline", "title": "Events on the ladder",
    ...        "caption": "Each event on its rung.", "alt": "A scatter of events.",
    ...        "method": "escalation.plots.ladder_timeline", "sources": ["events.csv"],
    ...        "files": ["ladder_timeline.png"], "data": "data/ladder_timeline.csv"}
    >>> text = index_markdown([fig], ["trend"])
    >>> print("\n".join(line for line in text.splitlines() if line.startswith(("#", "!", "-"))))
    # Figures
    ## Events on the ladder
    ![A scatter of events.](ladder_timeline.png)
    # Tables
    - [trend](tables/trend.md) ([CSV](tables/trend.csv))
    """
    lines = [f"# {heading}", "", "Regenerate with `python -m escalation.report`; check with "
             "`python -m escalation.report --check`. " + credit + " The same gallery, self-contained "
             "(figures inline, tables, the manifest's summary): [index.html](index.html).", ""]
    for fig in figures:
        name, files = fig["name"], fig["files"]
        lines += [f"## {fig['title']}", ""]
        if files:
            lines += [f"![{fig['alt']}]({files[0]})", ""]
        lines += [fig["caption"], "",
                  f"Data: [`data/{name}.csv`](data/{name}.csv). Method: {fig['method']}. "
                  f"Formats: {', '.join(files)}.", ""]
    lines += ["# Tables", ""]
    if any(name in STATISTICS_TABLES for name in tables):
        lines += [STATISTICS_NOTE, ""]
    lines += [f"- [{name}](tables/{name}.md) ([CSV](tables/{name}.csv))" for name in tables]
    return "\n".join(lines) + "\n"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def _cell(value) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.4g}"
    return "" if value is None else str(value)


def _table_html(frame) -> str:
    """A frame as an escaped HTML table (the first :data:`MAX_TABLE_ROWS` rows)."""
    head = "".join(f"<th scope=\"col\">{_e(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.head(MAX_TABLE_ROWS).itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td>{_e(_cell(v))}</td>" for v in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _anchor(name: str) -> str:
    return "fig-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)


def index_html(figures: list[dict], tables: dict, pictures: dict[str, bytes], manifest: dict, *,
               heading: str = "Figures", credit: str = "") -> str:
    r"""``index.html``: the whole report on one page, with nothing to fetch.

    See the module docstring: figures inline as PNG ``data:`` URIs with their alt text
    and size, captions, methods and sources, every table (the first ``MAX_TABLE_ROWS``
    rows), the manifest's arguments, input hashes and library versions; a
    Content-Security-Policy that allows only inline images and styles, no script, and
    every text HTML-escaped.

    Parameters
    ----------
    figures : list of dict
        One per figure, as the manifest records them: ``name``, ``title``,
        ``caption``, ``alt``, ``method``, ``sources``, ``files`` and ``data``.
    tables : dict of str to DataFrame
        The summary tables by name.
    pictures : dict of str to bytes
        Each figure's PNG, by figure name.
    manifest : dict
        The manifest (``generator``, ``arguments``, ``inputs``, ``versions`` are
        shown).
    heading : str
        The page's title.
    credit : str
        The credit line, at the top and in the footer.

    Returns
    -------
    str
        A complete HTML5 document.

    Examples
    --------
    >>> fig = {"name": "ladder_timeline", "title": "Events on the ladder",
    ...        "caption": "Each event on its rung.", "alt": "A scatter of events.",
    ...        "method": "escalation.plots.ladder_timeline", "sources": ["events.csv"],
    ...        "files": ["ladder_timeline.png"], "data": "data/ladder_timeline.csv"}
    >>> png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    >>> page = index_html([fig], {}, {"ladder_timeline": png}, {"arguments": {"freq": "W"}},
    ...                   heading="Figures: <mine>.csv")
    >>> 'width="640" height="480"' in page, "<title>Figures: &lt;mine&gt;.csv</title>" in page
    (True, True)
    >>> "<script" in page or "http" in page.replace("http-equiv", "")
    False
    """
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
           '<meta name="referrer" content="no-referrer">',
           f"<title>{_e(heading)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<header><h1>{_e(heading)}</h1>",
           f"<p>Made by <code>{_e(manifest.get('generator', 'python -m escalation.report'))}</code>. "
           f"{_e(credit)}</p>",
           '<nav aria-label="Contents"><ol>']
    out += [f'<li><a href="#{_anchor(f["name"])}">{_e(f["title"])}</a></li>' for f in figures]
    out += ['<li><a href="#tables">Tables</a></li>', '<li><a href="#made">How this was made</a></li>',
            "</ol></nav></header>", "<main>"]
    for fig in figures:
        name = fig["name"]
        png = pictures[name]
        width, height = _png_size(png)
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        files = ", ".join(f'<a href="{_e(f)}">{_e(f)}</a>' for f in fig["files"])
        out += [f'<section id="{_anchor(name)}">', f"<h2>{_e(fig['title'])}</h2>",
                f'<figure><img src="{uri}" alt="{_e(fig["alt"])}" width="{width}" height="{height}" '
                f'decoding="sync"><figcaption>{_e(fig["caption"])}</figcaption></figure>',
                f'<p class="meta">Method: {_e(fig["method"])}. Sources: {_e("; ".join(fig["sources"]))}. '
                f'Data: <a href="{_e(fig["data"])}">{_e(fig["data"])}</a>.'
                + (f" Files: {files}." if files else "") + "</p>", "</section>"]
    out += ['<section id="tables">', "<h2>Tables</h2>"]
    if any(name in STATISTICS_TABLES for name in tables):
        out.append(f"<p>{_e(STATISTICS_NOTE)}</p>")
    for name, frame in tables.items():
        shown = min(len(frame), MAX_TABLE_ROWS)
        note = f" (first {shown} of {len(frame)} rows)" if shown < len(frame) else f" ({len(frame)} rows)"
        out += [f"<details><summary>{_e(name)}{_e(note)}</summary>",
                f'<div class="table-wrap">{_table_html(frame)}</div>',
                f'<p class="meta"><a href="tables/{_e(name)}.csv">tables/{_e(name)}.csv</a> · '
                f'<a href="tables/{_e(name)}.md">tables/{_e(name)}.md</a></p></details>']
    out += ["</section>", '<section id="made">', "<h2>How this was made</h2>", "<h3>Arguments</h3>", "<dl>"]
    for key, value in sorted(manifest.get("arguments", {}).items()):
        out.append(f"<dt>{_e(key)}</dt><dd><code>{_e(value)}</code></dd>")
    out += ["</dl>", "<h3>Inputs (SHA-256)</h3>", '<div class="table-wrap"><table><thead><tr>'
            '<th scope="col">file</th><th scope="col">SHA-256</th></tr></thead><tbody>']
    out += [f"<tr><td>{_e(k)}</td><td><code>{_e(v)}</code></td></tr>"
            for k, v in sorted(manifest.get("inputs", {}).items())]
    out += ["</tbody></table></div>", "<h3>Library versions</h3>", "<dl>"]
    out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in sorted(manifest.get("versions", {}).items())]
    out += ["</dl>", "<p>Every output's SHA-256 is in <a href=\"MANIFEST.json\">MANIFEST.json</a>; "
            "<code>python -m escalation.report --check</code> regenerates and compares.</p>",
            "</section>", "</main>", f"<footer><p>{_e(credit)}</p></footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
