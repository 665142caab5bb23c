"""Write the tutorials in ``analysis/`` from their plain-Python sources, and run them.

    python tools/make_notebooks.py            # analysis/src/*.py -> analysis/*.ipynb, executed
    python tools/make_notebooks.py --no-execute   # cells only (outputs stripped)
    python tools/make_notebooks.py --check    # exit 1 if a notebook's cells differ from its source

The sources in ``analysis/src/`` are ordinary Python files in the "percent" format that
Jupytext, VS Code and Spyder read: a line ``# %%`` starts a code cell, ``# %% [markdown]``
a text cell (its lines written as comments), and ``# %% tags=["key-values"]`` a code cell
whose printed output the tests compare with a fresh run (the figures and numbers a reader
relies on).  Each source also runs as a script (``python analysis/src/01_....py``).

Executing writes every output, figure included, into the notebook, so the committed
notebooks show the results and the documentation site renders them without running
anything.  After a change to the data or the code, this one command regenerates them;
``tests/test_notebooks.py`` re-executes a copy of each and fails when the key values it
prints no longer match the committed ones.  Requires the ``notebooks`` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANALYSIS = ROOT / "analysis"
SOURCES = ANALYSIS / "src"
KEY_TAG = "key-values"
CELL = re.compile(r"^# %%(?P<rest>.*)$")


def parse(text: str) -> list[dict]:
    """The cells of a percent-format source: ``{"kind", "source", "tags"}`` each."""
    cells: list[dict] = []
    current: dict | None = None
    for line in text.splitlines():
        m = CELL.match(line)
        if m:
            rest = m.group("rest").strip()
            kind = "markdown" if rest.startswith("[markdown]") else "code"
            tags = json.loads(re.search(r"tags=(\[.*\])", rest).group(1)) if "tags=" in rest else []
            current = {"kind": kind, "lines": [], "tags": tags}
            cells.append(current)
            continue
        if current is None:  # the module docstring and imports of the script form: skipped
            continue
        if current["kind"] == "markdown":
            line = line[2:] if line.startswith("# ") else line.lstrip("#")
        current["lines"].append(line)
    out = []
    for c in cells:
        source = "\n".join(c["lines"]).strip("\n")
        if source:
            out.append({"kind": c["kind"], "source": source, "tags": c["tags"]})
    return out


def notebook(cells: list[dict]):
    """An nbformat notebook of ``cells`` (no outputs)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, c in enumerate(cells):
        cell = new_markdown_cell(c["source"]) if c["kind"] == "markdown" else new_code_cell(c["source"])
        cell["id"] = f"cell-{i:02d}"  # stable ids: regenerating changes only what changed
        if c["tags"]:
            cell.metadata["tags"] = c["tags"]
        nb.cells.append(cell)
    return nb


def kernel_env() -> dict[str, str]:
    """The kernel imports this checkout's escalation, whatever is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def execute(nb, timeout: int = 900):
    """Run ``nb`` in a fresh kernel from ``analysis/`` (as a reader's Jupyter would); return it."""
    import nbclient

    old = dict(os.environ)
    os.environ.update(kernel_env())
    try:
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                         record_timing=False,
                                         resources={"metadata": {"path": str(ANALYSIS)}})
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return nb


def coalesce_streams(outputs: list) -> list:
    """Join consecutive prints to one stream: how a kernel splits them depends on timing."""
    out: list = []
    for o in outputs:
        if (o.get("output_type") == "stream" and out and out[-1].get("output_type") == "stream"
                and out[-1].get("name") == o.get("name")):
            out[-1]["text"] = out[-1]["text"] + o["text"]
        else:
            out.append(o)
    return out


def key_values(nb) -> list[str]:
    """The printed text of the key-value cells, in order."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and KEY_TAG in cell.metadata.get("tags", []):
            out.append("".join(o.get("text", "") for o in cell.get("outputs", [])
                               if o.get("output_type") == "stream"))
    return out


def sources() -> list[Path]:
    return sorted(SOURCES.glob("[0-9]*.py"))


def target(src: Path) -> Path:
    return ANALYSIS / (src.stem + ".ipynb")


def main(argv: list[str] | None = None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these sources (stems or file names)")
    parser.add_argument("--no-execute", action="store_true", help="write cells without outputs")
    parser.add_argument("--check", action="store_true",
                        help="compare the committed notebooks' cells with their sources")
    args = parser.parse_args(argv)
    chosen = [s for s in sources() if not args.names or s.stem in args.names or s.name in args.names]
    stale = []
    for src in chosen:
        cells = parse(src.read_text("utf-8"))
        if args.check:
            path = target(src)
            committed = nbformat.read(path, as_version=4) if path.exists() else None
            if committed is None or [(c.cell_type, c.source) for c in committed.cells] != \
                    [(c.cell_type, c.source) for c in notebook(cells).cells]:
                stale.append(path.name)
            continue
        nb = notebook(cells)
        if not args.no_execute:
            print(f"executing {src.name} ...", flush=True)
            nb = execute(nb)
        nbformat.write(nb, target(src))
        print(f"wrote {target(src).relative_to(ROOT)}")
    if stale:
        print("out of date with analysis/src (run python tools/make_notebooks.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
