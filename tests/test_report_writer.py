"""The report's writer: spreadsheet-safe cells, manifests it can trust, and an --out that is
replaced whole (never half-written, nothing outside it touched), even under SIGKILL."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import escalation as esc
from escalation._io import escape_cells, unescape_cells
from escalation._schema import read_table
from escalation.report import build, cli, writer

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = ("-5", "+3.25", "-1e5")
HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "-cmd", "@SUM(A1)", "\tx", "\rx",
           "'=already", "''+twice", "-5", "+3.25", "-1e5", "plain", "a|b <script>alert(1)</script> & c",
           "line\nbreak", "'quoted", "", "=", "-"]


# -- cells ---------------------------------------------------------------------------------------
def test_escape_rule_and_round_trip():
    text = pd.Series(HOSTILE, dtype="str")
    escaped = escape_cells(text)
    for before, after in zip(HOSTILE, escaped):
        formula = before[:1] in ("=", "+", "-", "@", "\t", "\r") or before.lstrip("'")[:1] in ("=", "+", "-", "@")
        number = before in NUMBERS
        assert after == ("'" + before if (formula and not number) else before), before
    assert unescape_cells(escaped).tolist() == HOSTILE


def test_csv_and_markdown_cells_are_safe_and_read_back_unchanged(tmp_path):
    frame = pd.DataFrame({"location": HOSTILE, "n": range(len(HOSTILE)),
                          "ratio": [-0.5] * len(HOSTILE), "=col": ["x"] * len(HOSTILE)})
    path = tmp_path / "t.csv"
    path.write_bytes(writer.csv_bytes(frame))
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    for cell in raw["location"]:
        assert cell in NUMBERS or cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    assert raw["ratio"].eq("-0.5").all()  # numbers stay numbers
    back = read_table(path)
    assert back["location"].tolist() == HOSTILE and "=col" in back.columns
    md = writer.markdown_table(frame)
    body = md.splitlines()[2:]
    assert len(body) == len(HOSTILE)  # no cell broke a row
    assert "<script>" not in md and "&lt;script&gt;" in md and "a\\|b" in md
    for line in body:
        first = line.split(" | ")[0][2:]
        assert first in NUMBERS or first[:1] not in ("=", "+", "-", "@"), first


def test_report_outputs_escape_hostile_cells(tmp_path, monkeypatch):
    """A formula in an event's location and a claimant reaches no cell of the report unescaped."""
    data = tmp_path / "data"
    shutil.copytree(esc.data_dir(), data)
    events = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    row = events.index[(events["event_id"] == "AFPK-050")][0]
    events.loc[row, "location"] = HOSTILE[0]
    events.to_csv(data / "events.csv", index=False)
    claims = pd.read_csv(data / "claims.csv", dtype=str, keep_default_na=False)
    claims.loc[claims["claim_id"] == "CL-082", "claimant_org"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    claims.to_csv(data / "claims.csv", index=False)
    monkeypatch.setattr(esc.datasets, "data_dir", lambda: data)
    out = tmp_path / "out"
    build.generate(out, formats=("png",), progress=lambda m: None)
    for path in out.rglob("*.csv"):
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in raw.columns:
            bad = raw[col].str.match(r"^[=+@\t\r]") | (raw[col].str.match(r"^-") & ~raw[col].str.match(r"^-[\d.]"))
            assert not bad.any(), (path.name, col, raw[col][bad].tolist())
    timeline = read_table(out / "data" / "ladder_timeline.csv")
    assert HOSTILE[0] in set(timeline["location"])
    pairs = read_table(out / "tables" / "discrepancy_pairs.csv")
    assert "@SUM(1+1)*cmd|' /C calc'!A0" in set(pairs["claimant_org_a"]) | set(pairs["claimant_org_b"])
    md = (out / "tables" / "discrepancy_pairs.md").read_text()
    assert "'@SUM(1+1)*cmd\\|' /C calc'!A0" in md


# -- manifests ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def png_run(tmp_path_factory):
    """One complete PNG-only report, the 'committed' folder of these tests."""
    out = tmp_path_factory.mktemp("png") / "figs"
    build.generate(out, formats=("png",), progress=lambda m: None)
    return out


def complete(folder: Path) -> dict[str, str]:
    """The folder holds exactly what its manifest lists, byte for byte; return the listing."""
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == set(manifest["outputs"]) | {"MANIFEST.json"}
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    return manifest["outputs"]


def edited(png_run: Path, tmp_path: Path, change) -> Path:
    folder = tmp_path / "committed"
    shutil.copytree(png_run, folder)
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    change(manifest)
    (folder / "MANIFEST.json").write_text(json.dumps(manifest))
    return folder


@pytest.mark.parametrize("change,needle", [
    (lambda m: m.clear() or m.update({"x": 1}), "'arguments' must be an object"),
    (lambda m: m["arguments"].update(formats=["bmp"]), "'formats'"),
    (lambda m: m["arguments"].update(formats="png"), "'formats'"),
    (lambda m: m["arguments"].update(since="yesterday"), "'since'"),
    (lambda m: m["arguments"].update(since="2026-03-01", until="2026-01-01"), "after"),
    (lambda m: m["arguments"].update(dyad="USA-CHN"), "'dyad'"),
    (lambda m: m["arguments"].update(frobnicate="x.csv"), "unknown argument"),
    (lambda m: m["arguments"].update(claims="c.csv"), "'claims' given without 'events'"),
    (lambda m: m["arguments"].update(freq="Y"), "'freq'"),
    (lambda m: m["arguments"].update(events="e.csv", dyad="not a dyad"), "'dyad'"),
    (lambda m: m["outputs"].update({"../victim.txt": "0" * 64}), "not a path inside"),
    (lambda m: m["outputs"].update({"/abs/victim.txt": "0" * 64}), "not a path inside"),
    (lambda m: m["outputs"].update({"x.png": "not a hash"}), "SHA-256"),
    (lambda m: m.update(versions=["numpy"]), "'versions'"),
])
def test_check_refuses_a_malformed_manifest_in_one_line(png_run, tmp_path, capsys, change, needle):
    folder = edited(png_run, tmp_path, change)
    assert cli.main(["--check", str(folder)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and str(folder / "MANIFEST.json") in err[0]


@pytest.mark.parametrize("content,needle", [("[]", "got list"), ("null", "got null"),
                                            ("{not json", "not valid JSON"), ("", "not valid JSON")])
def test_check_refuses_manifests_that_are_not_objects(tmp_path, capsys, content, needle):
    (tmp_path / "MANIFEST.json").write_text(content)
    assert cli.main(["--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


def test_check_follows_out_and_refuses_two_folders(tmp_path, capsys):
    (tmp_path / "MANIFEST.json").write_text("[]")
    assert cli.main(["--check", "--out", str(tmp_path)]) == 1
    assert str(tmp_path / "MANIFEST.json") in capsys.readouterr().err  # --out is the folder checked
    assert cli.main(["--check", str(tmp_path / "a"), "--out", str(tmp_path / "b")]) == 1
    assert "different folders" in capsys.readouterr().err
    assert cli.check_target(True, None) == Path("figures")
    assert cli.check_target(Path("x"), Path("x")) == Path("x")


def test_environment_differs_exactly_when_only_versions_differ(png_run, tmp_path, monkeypatch):
    def fresh_copy(out, **kwargs):  # a regeneration that gives png_run's outputs, fast
        shutil.copytree(png_run, out, dirs_exist_ok=True)
        return json.loads((png_run / "MANIFEST.json").read_text())

    monkeypatch.setattr(build, "generate", fresh_copy)

    def flip_image(folder):
        png = folder / "picss_monthly_attacks.png"
        png.write_bytes(png.read_bytes() + b"\0")

    same = edited(png_run, tmp_path / "a", lambda m: None)
    flip_image(same)
    assert build.check(same, progress=lambda m: None) == ["image differs: picss_monthly_attacks.png"]
    other = edited(png_run, tmp_path / "b", lambda m: m["versions"].update(matplotlib="0.0"))
    flip_image(other)
    problems = build.check(other, progress=lambda m: None)
    assert problems[0] == "environment differs: picss_monthly_attacks.png"
    assert "'matplotlib': ('0.0'" in problems[1] and len(problems) == 2
    untouched = edited(png_run, tmp_path / "c", lambda m: m["versions"].update(matplotlib="0.0"))
    assert build.check(untouched, progress=lambda m: None) == []  # identical outputs pass
    data = edited(png_run, tmp_path / "d", lambda m: m["versions"].update(matplotlib="0.0"))
    (data / "data" / "picss_monthly_attacks.csv").write_text("changed\n")
    assert build.check(data, progress=lambda m: None)[0] == "data differs: data/picss_monthly_attacks.csv"


def test_manifest_records_every_output_relevant_library(png_run):
    versions = json.loads((png_run / "MANIFEST.json").read_text())["versions"]
    for name in ("python", "escalation", "freetype", "numpy", "pandas", "scipy", "statsmodels",
                 "matplotlib", "seaborn", "pillow", "fonttools", "kiwisolver"):
        assert versions.get(name) not in (None, "not installed"), name


# -- the command line ------------------------------------------------------------------------------
@pytest.mark.parametrize("args,needle", [
    (["--since", "2026-03-01", "--until", "2026-01-01"], "is after --until"),
    (["--since", "2030-01-01"], "no AFG-PAK events"),
    (["--dyad", "IND-PAK", "--since", "2025-01-01", "--until", "2025-02-01"], "no IND-PAK events"),
])
def test_empty_windows_are_one_line(tmp_path, capsys, args, needle):
    out = tmp_path / "figs"
    assert cli.main([*args, "--out", str(out), "--formats", "png"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]
    assert not out.exists() and list(tmp_path.iterdir()) == []  # nothing written, nothing left


def test_out_with_foreign_files_is_refused_unless_forced(png_run, tmp_path, capsys):
    out = tmp_path / "figs"
    shutil.copytree(png_run, out)
    (out / "notes.txt").write_text("mine")
    (out / "data" / "mine.csv").write_text("a\n")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert cli.main(["--out", str(out), "--formats", "png"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "2 file(s)" in err[0] and "--force" in err[0]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert cli.main(["--out", str(out), "--formats", "png", "--force"]) == 0
    assert not (out / "notes.txt").exists() and complete(out)


@pytest.mark.parametrize("target", ["cwd", "parent", "home"])
def test_out_never_replaces_the_current_or_home_folder(tmp_path, monkeypatch, capsys, target):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    out = {"cwd": work, "parent": tmp_path, "home": tmp_path / "home"}[target]
    assert cli.main(["--out", str(out), "--force", "--formats", "png"]) == 1
    assert "refusing" in capsys.readouterr().err and work.exists()


def test_an_old_manifest_cannot_reach_outside_out(png_run, tmp_path):
    out = tmp_path / "figs"
    shutil.copytree(png_run, out)
    victims = [tmp_path / "victim.txt", tmp_path / "abs_victim.txt"]
    for v in victims:
        v.write_text("keep me")
    manifest = json.loads((out / "MANIFEST.json").read_text())
    manifest["outputs"] |= {"../victim.txt": "0" * 64, str(victims[1]): "0" * 64}
    (out / "MANIFEST.json").write_text(json.dumps(manifest))
    with writer.replace_folder(out) as stage:
        (stage / "MANIFEST.json").write_text('{"outputs": {}}')
    assert all(v.read_text() == "keep me" for v in victims)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abs_victim.txt", "figs", "victim.txt"]


def test_a_failed_run_removes_its_folder_and_keeps_the_old(png_run, tmp_path):
    out = tmp_path / "figs"
    shutil.copytree(png_run, out)
    with pytest.raises(RuntimeError):
        with writer.replace_folder(out) as stage:
            (stage / "half.png").write_bytes(b"x")
            raise RuntimeError("boom")
    assert complete(out) == complete(png_run)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figs"]


def test_stale_folders_of_killed_runs_are_cleaned_or_restored(tmp_path):
    out = tmp_path / "figs"
    dead = _dead_pid()
    stale_new = tmp_path / f".figs.escalation-{dead}-00aa-new"
    stale_old = tmp_path / f".figs.escalation-{dead}-00bb-old"
    for folder in (stale_new, stale_old):
        folder.mkdir()
        (folder / "MANIFEST.json").write_text('{"outputs": {}}')
    (stale_old / "old.txt").write_text("old outputs")
    alive = tmp_path / f".figs.escalation-{os.getpid()}-00cc-new"
    alive.mkdir()  # a run in progress (this process): left alone
    other = tmp_path / f".other.escalation-{dead}-00dd-new"
    other.mkdir()  # another folder's: left alone
    writer.clean_stale(out)
    assert (out / "old.txt").read_text() == "old outputs"  # out was missing: the old one is back
    assert not stale_new.exists() and not stale_old.exists() and alive.exists() and other.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# -- SIGKILL at any moment ---------------------------------------------------------------------------
KILL_SCRIPT = """
import os, shutil, signal, sys
from pathlib import Path
from escalation.report import writer

out, step, exchange = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
if not exchange:
    writer._exchange = lambda a, b: False
calls = [0]

def dying(real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

with writer.replace_folder(out) as stage:
    (stage / "data").mkdir()
    for i in range(5):
        (stage / "data" / f"{i}.csv").write_text(f"new {i}\\n")
        if step == -1 and i == 2:
            os.kill(os.getpid(), signal.SIGKILL)  # half-way through writing
    writer.write_manifest(stage, {"outputs": writer.outputs_of(stage)})
    writer.os.rename = dying(os.rename)
    writer.shutil.rmtree = dying(shutil.rmtree)
    writer._exchange = dying(writer._exchange)
"""


def _old_outputs(out: Path) -> dict[str, str]:
    (out / "data").mkdir(parents=True)
    for i in range(3):
        (out / "data" / f"{i}.csv").write_text(f"old {i}\n")
    writer.write_manifest(out, {"outputs": writer.outputs_of(out)})
    return complete(out)


@pytest.mark.parametrize("exchange", [True, False])
def test_sigkill_at_every_step_of_the_swap(tmp_path, exchange):
    if exchange and not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux-only")
    # killed while writing, then before each exchange, rename or removal
    steps = [-1, 1, 2] if exchange else [-1, 1, 2, 3, 4]
    for step in steps:
        base = tmp_path / f"s{step}"
        out = base / "figs"
        old = _old_outputs(out)
        proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(out), str(step),
                               "1" if exchange else "0"], cwd=ROOT, capture_output=True)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
        writer.clean_stale(out)  # what the next run does first
        state = complete(out)
        assert state == old or sorted(state) == [f"data/{i}.csv" for i in range(5)], (step, state)
        assert sorted(p.name for p in base.iterdir()) == ["figs"], step
    # completed runs swap in the new outputs
    out = tmp_path / "done" / "figs"
    _old_outputs(out)
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(out), "99", "1" if exchange else "0"],
                   cwd=ROOT, check=True)
    assert sorted(complete(out)) == [f"data/{i}.csv" for i in range(5)]


def test_sigkill_of_the_real_report_at_random_moments(png_run, tmp_path):
    """The command itself, killed at seeded random moments: --out is always whole."""
    out = tmp_path / "figs"
    shutil.copytree(png_run, out)
    # old outputs that differ from the new ones, still complete by their manifest
    (out / "data" / "picss_monthly_attacks.csv").write_text("old\n")
    manifest = json.loads((out / "MANIFEST.json").read_text())
    manifest["outputs"] = writer.outputs_of(out)
    (out / "MANIFEST.json").write_text(json.dumps(manifest))
    old = complete(out)
    cmd = [sys.executable, "-m", "escalation.report", "--out", str(out), "--formats", "png"]
    started = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    duration = time.monotonic() - started
    new = complete(out)
    assert set(new) == set(old) and new != old and new == complete(png_run)
    shutil.rmtree(out)
    shutil.copytree(png_run, out)
    (out / "data" / "picss_monthly_attacks.csv").write_text("old\n")
    (out / "MANIFEST.json").write_text(json.dumps(manifest))
    rng = random.Random(20260227)
    for fraction in sorted(rng.uniform(0.3, 1.0) for _ in range(3)):
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(fraction * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert complete(out) in (old, new)
    writer.clean_stale(out)  # as the next run starts
    assert complete(out) in (old, new)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figs"]
