from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import escalation as esc

#: Real third-party samples live beside the project, never inside it.
REALDATA = Path(os.environ.get("ESCALATION_REALDATA",
                               Path(__file__).resolve().parents[2] / "shared" / "realdata"))


@pytest.fixture(scope="session")
def events() -> pd.DataFrame:
    return esc.load_events()


@pytest.fixture(scope="session")
def claims() -> pd.DataFrame:
    return esc.load_claims()


@pytest.fixture(scope="session")
def coded(events) -> pd.DataFrame:
    return esc.code_events(events)


@pytest.fixture
def write_csv(tmp_path):
    """Write a frame (all text) to a CSV in tmp_path and return its path."""

    def _write(frame: pd.DataFrame, name: str = "table.csv") -> Path:
        path = tmp_path / name
        frame.to_csv(path, index=False)
        return path

    return _write
