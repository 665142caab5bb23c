"""``python -m escalation.extract``: CSV out, one clear error line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from escalation.extract import main

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = ("Pakistan's military said 12 soldiers were killed and 27 injured on Sunday. "
           "The Taliban spokesman Zabihullah Mujahid said 58 Pakistani soldiers were killed. "
           '"We will respond with full force," Pakistan\'s defence minister said.')


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_writes_claims_and_statements(tmp_path, capsys):
    a = tmp_path / "kurram.txt"
    a.write_text(ARTICLE, "utf-8")
    b = tmp_path / "plain.txt"
    b.write_text("The weather was calm.", "utf-8")
    (tmp_path / "kurram.meta.json").write_text(json.dumps(
        {"url": "https://example.org/k", "published": "2025-10-12", "publisher": "Example",
         "title": "Clashes", "states": ["AFG", "PAK"]}), "utf-8")
    out = tmp_path / "out"
    assert main([str(a), str(b), "--out", str(out)]) == 0
    cl = _read(out / "claims.csv")
    st = _read(out / "statements.csv")
    assert cl["event_id"].unique().tolist() == ["kurram"]
    assert cl["claim_id"].tolist() == ["kurram-C01", "kurram-C02", "kurram-C03"]
    assert cl["number"].tolist() == ["12", "27", "58"]
    assert cl["high"].tolist() == ["12", "27", "58"]
    assert set(cl["source_url"]) == {"https://example.org/k"}
    assert set(cl["claim_date"]) == {"2025-10-12"} and set(cl["source_publisher"]) == {"Example"}
    assert cl["claimant_side"].tolist() == ["PAK", "PAK", "AFG"]
    for _, r in cl.iterrows():
        assert ARTICLE[int(r["char_start"]):int(r["char_end"])] == r["raw_phrase"]
    assert st[["event_id", "speaker_side", "rung"]].values.tolist() == [["kurram", "PAK", "coercion"]]
    assert "3 claims (0 need review) and 1 statements from 2 file(s)" in capsys.readouterr().out


def test_open_interval_written_as_inf(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("UNAMA said at least 70 civilians were killed.", "utf-8")
    assert main([str(a), "--out", str(tmp_path / "o"), "--url", "u", "--published", "2026-03-02"]) == 0
    row = _read(tmp_path / "o" / "claims.csv").iloc[0]
    assert (row["low"], row["high"], row["claim_date"]) == ("70", "inf", "2026-03-02")


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00b\x00a\x00d", "not UTF-8 text (byte 0xff at offset 0)"),
    (b"", "empty file"),
    (b"   \n\t\n", "empty file"),
])
def test_bad_input_one_line_exit_1_nothing_written(tmp_path, capsys, content, message):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    assert main([str(good), str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and message in err[0]
    assert not out.exists()


def test_missing_file_and_bad_options(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 1
    assert "nope.txt: no such file" in capsys.readouterr().err
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE, "utf-8")
    assert main([str(a), "--published", "2026-13-40", "--out", str(tmp_path / "o")]) == 1
    assert "published" in capsys.readouterr().err
    assert main([str(a), str(a), "--event-id", "X", "--out", str(tmp_path / "o")]) == 1
    assert "--event-id" in capsys.readouterr().err


def test_runs_as_module(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(b"\xc3\x28 broken")
    proc = subprocess.run([sys.executable, "-m", "escalation.extract", str(a), "--out",
                           str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "not UTF-8" in proc.stderr
