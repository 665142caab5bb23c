"""MkDocs hooks: pages made from files that live outside ``docs/``.

- ``tutorials/*.ipynb``: the notebooks in ``analysis/`` with their committed outputs
  (rendered by mkdocs-jupyter, never executed at build time);
- the tutorial pages lose the loader nbconvert adds for remote scripts (see
  ``REMOTE_SCRIPT``);
- ``calibration.md``: written by ``benchmarks/calibration.py``; until it exists the page
  says how to make it, so the navigation never points at nothing.

The codebook (``data/README.md``) is included by ``pymdownx.snippets`` in
``docs/codebook.md``; a command-line page shows the ``--help`` of its command, run at
build time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
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


_COPIES: list[str] = []


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks
def on_files(files, config):
    # mkdocs-jupyter needs a notebook on disk under a source folder (it cannot read a
    # "generated" file): copy them into a temporary folder laid out as docs/ would be
    copies = Path(tempfile.mkdtemp(prefix="escalation-docs-"))
    _COPIES.append(str(copies))
    (copies / "tutorials").mkdir()
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copyfile(path, copies / "tutorials" / path.name)
        files.append(File(f"tutorials/{path.name}", str(copies), config["site_dir"],
                          config["use_directory_urls"]))
    if files.get_file_from_path("calibration.md") is None:
        files.append(File.generated(config, "calibration.md", content=CALIBRATION_STUB))
    return files


#: nbconvert's page template loads mermaid.js from a CDN when a page has diagrams (ours have
#: none) and adds an empty MathJax tag: both go, so a tutorial page fetches nothing.
REMOTE_SCRIPT = re.compile(r"<script[^>]*>(?:(?!</script>).)*?cdnjs\.cloudflare\.com.*?</script>"
                           r"|<script src=\"\">\s*</script>", re.S)


def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        output = REMOTE_SCRIPT.sub("", output)
    return output


def on_post_build(config):
    while _COPIES:
        shutil.rmtree(_COPIES.pop(), ignore_errors=True)


#: ``<!-- help: python -m MODULE -->`` in a page becomes that command's ``--help`` output,
#: so the CLI pages never drift from the code.
HELP_MARKER = re.compile(r"<!-- help: python -m ([\w.]+) -->")


def on_page_markdown(markdown, page, config, files):
    def help_text(m: re.Match) -> str:
        done = subprocess.run([sys.executable, "-m", m.group(1), "--help"], cwd=ROOT,
                              capture_output=True, text=True, env=_env(), timeout=120)
        if done.returncode != 0:
            raise PluginError(f"{page.file.src_uri}: python -m {m.group(1)} --help failed:\n"
                              f"{done.stderr}")
        return "```text\n" + done.stdout.rstrip() + "\n```"

    return HELP_MARKER.sub(help_text, markdown)


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "88"  # argparse wraps at the terminal's width: fix it
    return env
