"""python -m escalation.report: byte-identical outputs, --check, clear errors, atomic writes."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import escalation as esc
from escalation import report

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "figures"


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    a = tmp_path_factory.mktemp("run_a")
    b = tmp_path_factory.mktemp("run_b")
    report.generate(a, progress=lambda m: None)
    report.generate(b, progress=lambda m: None)
    return a, b


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_runs_give_identical_bytes_in_every_format(two_runs):
    a, b = two_runs
    fa, fb = files(a), files(b)
    assert fa.keys() == fb.keys()
    assert [k for k in fa if fa[k] != fb[k]] == []
    n = len(report.figures_for(report.Context()))
    for fmt in ("png", "svg", "pdf"):
        assert sum(k.endswith(f".{fmt}") for k in fa) == n
    assert "index.html" in fa


def test_manifest_traces_every_output(two_runs):
    a, _ = two_runs
    manifest = json.loads((a / "MANIFEST.json").read_text())
    assert set(manifest["versions"]) >= {"python", "numpy", "pandas", "matplotlib", "seaborn",
                                         "statsmodels", "freetype"}
    assert "events.csv" in manifest["inputs"] and "published/picss_monthly_attacks.csv" in manifest["inputs"]
    on_disk = {k for k in files(a) if k != "MANIFEST.json"}
    assert set(manifest["outputs"]) == on_disk
    for fig in manifest["figures"]:
        assert fig["caption"] and fig["alt"] and fig["method"] and fig["sources"]
        assert (a / fig["data"]).exists()


def test_index_has_captions_sources_and_the_claims_warning(two_runs):
    a, _ = two_runs
    index = (a / "index.md").read_text()
    manifest = json.loads((a / "MANIFEST.json").read_text())
    names = [f["name"] for f in manifest["figures"]]
    assert names == ["ladder_timeline", "weekly_series", "claims_gap", "retaliation", "event_map",
                     "picss_monthly_attacks", "unama_civilian_casualties", "ghazab_running_claims"]
    for fig in manifest["figures"]:
        assert f"## {fig['title']}" in index and fig["caption"] in index
        assert re.search(r"\b20\d\d\b", fig["title"])  # every title says when
    shows_claims = {s.name_for(report.Context()) for s in report.FIGURES if s.shows_claims}
    assert index.count("Claims, not verified counts.") == len(shows_claims)
    assert "tables/discrepancy_pairs.md" in index and "(index.html)" in index


def test_windows_follow_the_data(two_runs):
    """The bundled data runs to June 2026: so do the timeline and the series."""
    import pandas as pd

    a, _ = two_runs
    last = esc.code_events(esc.load_events()).query("dyad == 'AFG-PAK'")["date_start"].max()
    timeline = pd.read_csv(a / "data" / "ladder_timeline.csv", parse_dates=["date"])
    series = pd.read_csv(a / "data" / "weekly_series.csv", parse_dates=["period"])
    assert timeline["date"].max() == last and last >= pd.Timestamp("2026-06-01")
    assert series["period"].max() == last - pd.Timedelta(days=last.weekday())
    assert series["period"].min() == pd.Timestamp("2024-12-30")  # the ISO week of 1 Jan 2025


def test_figure_data_is_the_charted_data(two_runs):
    import pandas as pd

    a, _ = two_runs
    picss = pd.read_csv(a / "data" / "picss_monthly_attacks.csv", dtype={"month": str})
    assert picss.loc[picss["month"].between("2025-01", "2025-06"), "attacks"].sum() == 502
    pairs = pd.read_csv(a / "tables" / "discrepancy_pairs.csv")
    row = pairs[(pairs["claim_id_a"] == "CL-082") & (pairs["claim_id_b"] == "CL-075")].iloc[0]
    assert round(row["ratio"], 2) == 4.58


def test_check_passes_on_the_committed_figures():
    if not (COMMITTED / "MANIFEST.json").exists():
        pytest.fail("figures/ is not committed: run python -m escalation.report")
    assert report.check(COMMITTED, progress=lambda m: None) == []


def test_check_fails_naming_the_file_after_one_data_value_changes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(esc.data_dir(), data)
    claims = (data / "claims.csv").read_text()
    # Kabul's 55 Pakistani soldiers killed becomes 56
    changed = claims.replace(",exact,55,,55,55,Kabul also claimed", ",exact,56,,56,56,Kabul also claimed")
    assert changed != claims
    (data / "claims.csv").write_text(changed)
    monkeypatch.setattr(esc.datasets, "data_dir", lambda: data)
    problems = report.check(COMMITTED, progress=lambda m: None)
    assert "data differs: data/claims_gap.csv" in problems
    assert "data differs: tables/discrepancy_pairs.csv" in problems
    assert not any("picss" in p for p in problems)


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "escalation.report", *args], capture_output=True,
                          text=True, cwd=cwd)


@pytest.mark.parametrize("args,needle", [
    (["--formats", "gif"], "--formats"),
    (["--since", "yesterday"], "--since"),
    (["--dyad", "USA-CHN"], "--dyad"),
    (["--frobnicate"], "unrecognized"),
])
def test_bad_arguments_are_one_clear_line(args, needle, tmp_path):
    out = run(*args, "--out", str(tmp_path / "figs"))
    assert out.returncode != 0
    lines = (out.stderr or out.stdout).strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]


def test_help_lists_the_options():
    out = run("--help")
    assert out.returncode == 0
    for flag in ("--out", "--force", "--formats", "--since", "--until", "--dyad", "--check", "--events",
                 "--claims", "--ladder", "--freq", "--format"):
        assert flag in out.stdout


def test_a_failure_leaves_the_old_outputs_intact(tmp_path, monkeypatch):
    out = tmp_path / "figs"
    out.mkdir()
    (out / "MANIFEST.json").write_text('{"outputs": {"old.png": "x"}}')
    (out / "old.png").write_bytes(b"old")

    def boom(ctx):
        raise esc.EscalationError("bad data in row 3")

    spec = report.FIGURES[2]
    monkeypatch.setattr(spec, "build", boom)
    assert report.main(["--out", str(out), "--formats", "png"]) == 1
    assert (out / "old.png").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["MANIFEST.json", "old.png"]


def test_statistics_tables_say_their_p_values_are_descriptive(tmp_path):
    from escalation.report.gallery import STATISTICS_NOTE, STATISTICS_TABLES

    out = tmp_path / "figs"
    subprocess.run([sys.executable, "-m", "escalation.report", "--out", str(out), "--formats", "png"],
                   cwd=ROOT, check=True, capture_output=True)
    for name in STATISTICS_TABLES:
        text = (out / "tables" / f"{name}.md").read_text()
        assert text.startswith(STATISTICS_NOTE) and "| group |" in text
    assert not (out / "tables" / "coding_summary.md").read_text().startswith(STATISTICS_NOTE)
    assert STATISTICS_NOTE in (out / "index.md").read_text()
    assert html.escape(STATISTICS_NOTE, quote=True) in (out / "index.html").read_text()
