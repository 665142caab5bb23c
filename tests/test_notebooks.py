"""The tutorials in analysis/: committed with their outputs, in step with their sources, and
still true: each re-runs without errors and prints the key values its committed copy shows.

Regenerate them with ``python tools/make_notebooks.py`` after a change to the data or the
code; the key values (cells tagged ``key-values``) are what a reader of the tutorial relies
on, so a change there is a change to review, not noise.
"""

from __future__ import annotations

import copy
import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "analysis").glob("*.ipynb"))

if not (ROOT / "tools" / "make_notebooks.py").is_file():  # an sdist ships no analysis/
    pytest.skip("not a source checkout: analysis/ and tools/ are not here", allow_module_level=True)


@pytest.fixture(scope="module")
def make():
    for module in ("nbformat", "nbclient", "ipykernel"):
        pytest.importorskip(module, reason=f"the notebooks extra is not installed ({module})")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        return importlib.import_module("make_notebooks")
    finally:
        sys.path.remove(str(ROOT / "tools"))


def _read(path):
    import nbformat

    return nbformat.read(path, as_version=4)


def test_there_are_the_four_tutorials():
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01_escalation_feb_mar_2026", "02_claims_gap", "03_your_own_conflict",
                     "04_reproduce_published_chart"]
    sources = sorted(p.stem for p in (ROOT / "analysis" / "src").glob("[0-9]*.py"))
    assert sources == names


def test_notebooks_are_generated_from_their_sources(make):
    assert make.main(["--check"]) == 0, "run python tools/make_notebooks.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_its_outputs(make, path):
    nb = _read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "executed, in order"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert make.key_values(nb) and all(make.key_values(nb)), "key values printed"
    figures = sum("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    plots = sum(c.source.count("esc.plots.") - c.source.count("esc.plots.load_published")
                for c in code)
    assert figures >= plots, "every plot call is shown"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_prints_the_committed_key_values(make, path):
    committed = _read(path)
    fresh = copy.deepcopy(committed)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    make.execute(fresh)  # raises CellExecutionError, naming the cell, on any error
    assert make.key_values(fresh) == make.key_values(committed)


def test_the_tutorial_file_is_synthetic_acled():
    """The hand-made file is in ACLED's export format and says, row by row, what it is."""
    import csv

    path = ROOT / "analysis" / "data" / "thailand_cambodia_2025_acled_synthetic.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fixture = (ROOT / "tests" / "fixtures" / "acled_fixture.csv").read_text("utf-8").splitlines()[0]
    assert list(rows[0]) == fixture.split(",")  # the 31 export columns, in order
    assert all(r["notes"].startswith("SYNTHETIC") for r in rows)
    assert {r["iso"] for r in rows} >= {"764", "116"}


def test_every_figure_shows_in_a_fresh_kernel(monkeypatch):
    # the house style's rc_context must not switch the inline backend's interactive mode
    # off: every plotting cell shows its figure, not only the first
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import escalation as esc\ncoded = esc.code_events(esc.load_events())"),
                nbformat.v4.new_code_cell("fig = esc.plots.ladder_timeline(coded, dyad='AFG-PAK')"),
                nbformat.v4.new_code_cell("fig = esc.plots.series(esc.build_series(coded))"),
                nbformat.v4.new_code_cell("fig = esc.plots.picss_attacks()")]
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    images = [sum("image/png" in o.get("data", {}) for o in cell.outputs) for cell in nb.cells]
    assert images == [0, 1, 1, 1]
