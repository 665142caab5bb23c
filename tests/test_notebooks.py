"""The notebooks in analysis/ run top to bottom; each asserts its key numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "analysis").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # the kernel imports the same escalation the tests do (the checkout, or the install)
    import escalation

    root = str(Path(escalation.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", root + (":" + __import__("os").environ.get("PYTHONPATH", "")))
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "strip outputs"
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3
