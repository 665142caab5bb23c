"""MkDocs hooks: pages made from files that live outside ``docs/``.

- ``tutorials/*.ipynb``: the notebooks in ``analysis/`` with their committed outputs
  (rendered by mkdocs-jupyter, never executed at build time);
- ``calibration.md``: written by ``benchmarks/calibration.py``; until it exists the page
  says how to make it, so the navigation never points at nothing.

The codebook (``data/README.md``) is included by ``pymdownx.snippets`` in
``docs/codebook.md``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "analysis"

CALIBRATION_STUB = """# Calibration of the statistics

The calibration results (size and power of every test on simulated processes) are
written to this page by `benchmarks/calibration.py`:

```bash
python benchmarks/calibration.py
```

They have not been generated in this checkout yet.
"""


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks
def on_files(files, config):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        files.append(File.generated(config, f"tutorials/{path.name}", abs_src_path=str(path)))
    if files.get_file_from_path("calibration.md") is None:
        files.append(File.generated(config, "calibration.md", content=CALIBRATION_STUB))
    return files
