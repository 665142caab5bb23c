"""The gallery: ``index.md``, every figure with its caption, alt text, data and method.

It is made from the figure records the build collects (the same records the manifest
holds), so a gallery in another format (HTML) can be made from them too.
"""

from __future__ import annotations

from .figures import CREDIT


def index_markdown(figures: list[dict], tables: list[str]) -> str:
    """``index.md``: a section per figure (image, caption, data, method, formats), then the tables."""
    lines = ["# Figures", "", "Regenerate with `python -m escalation.report`; check with "
             "`python -m escalation.report --check`. " + CREDIT, ""]
    for fig in figures:
        name, files = fig["name"], fig["files"]
        lines += [f"## {fig['title']}", "", f"![{fig['alt']}]({files[0]})", "", fig["caption"], "",
                  f"Data: [`data/{name}.csv`](data/{name}.csv). Method: {fig['method']}. "
                  f"Formats: {', '.join(files)}.", ""]
    lines += ["# Tables", ""]
    lines += [f"- [{name}](tables/{name}.md) ([CSV](tables/{name}.csv))" for name in tables]
    return "\n".join(lines) + "\n"
