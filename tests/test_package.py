"""The package as a user meets it: a light import, shipped data, named extras."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import escalation as esc

ROOT = Path(__file__).resolve().parents[1]


def test_import_leaves_heavy_libraries_out():
    code = ("import sys, escalation as esc; esc.load_events(); "
            "print(sorted(m for m in ('matplotlib', 'seaborn', 'statsmodels', 'scipy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_missing_extra_names_it(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    monkeypatch.delitem(sys.modules, "pyarrow", raising=False)
    path = tmp_path / "events.parquet"
    path.write_bytes(b"PAR1")
    with pytest.raises(ImportError, match=r"escalation\[parquet\]"):
        esc.load_events(path)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    return next(out.glob("escalation-*.whl"))


def test_wheel_ships_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ("events.csv", "claims.csv", "README.md", "datapackage.json", "CHANGES.md"):
        assert f"escalation/_data/{f}" in names
    assert "escalation/py.typed" in names
    assert "escalation/ladders/default.toml" in names
    assert "escalation/tables/border_areas.csv" in names


def test_installed_wheel_loads_its_data_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    code = ("import escalation as esc; ev = esc.load_events(); cl = esc.load_claims(); "
            "print(esc.data_dir().name, len(ev), len(cl), esc.coding_summary(esc.code_events(ev)).uncoded)")
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["_data", "106", "202", "0"]
