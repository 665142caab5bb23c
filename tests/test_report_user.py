"""python -m escalation.report on users' files: other conflicts, their ladder and claims,
words made from their data, input hashes, one-line errors, and the figure rules on the
report's own (titled, footed) figures."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from figure_rules import problems  # noqa: E402

import escalation as esc  # noqa: E402
from escalation.report import build, cli  # noqa: E402
from escalation.report import figures as registry  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
ARM_AZE = FIXTURES / "report_arm_aze_events.csv"
ARM_AZE_CLAIMS = FIXTURES / "report_arm_aze_claims.csv"
LADDER = FIXTURES / "report_border_ladder.toml"
THA_KHM = FIXTURES / "report_tha_khm_acled.csv"
#: Words of the bundled case that a report on another conflict must never say.
BUNDLED_WORDS = re.compile(r"afghan|pakistan|kabul|islamabad|\bAFG\b|\bPAK\b|AFPK|ghazab|unama|picss|taliban|ispr",
                           re.IGNORECASE)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def arm_aze(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("arm_aze") / "report"
    assert cli.main(["--events", str(ARM_AZE), "--claims", str(ARM_AZE_CLAIMS), "--ladder", str(LADDER),
                     "--out", str(out), "--formats", "png,svg"]) == 0
    return out


@pytest.fixture(scope="module")
def tha_khm(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tha_khm") / "report"
    assert cli.main(["--events", str(THA_KHM), "--freq", "M", "--out", str(out), "--formats", "png"]) == 0
    return out


def manifest(folder: Path) -> dict:
    return json.loads((folder / "MANIFEST.json").read_text())


def words_of(path: Path) -> str:
    """What a reader can see in an output: text files, and the text inside SVG and PNG files."""
    raw = path.read_bytes()
    if path.suffix == ".png":
        from PIL import Image

        with Image.open(path) as im:
            return " ".join(str(v) for v in im.info.values())
    text = raw.decode("utf-8", errors="replace")
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)


def test_the_generic_figures_of_another_conflict(arm_aze):
    m = manifest(arm_aze)
    assert [f["name"] for f in m["figures"]] == ["ladder_timeline", "weekly_series", "claims_gap",
                                                 "retaliation", "event_map"]
    for fig in m["figures"]:
        assert "Armenia–Azerbaijan" in fig["title"] and "2023" in fig["title"], fig["title"]
        assert fig["alt"] and fig["caption"]
    timeline = pd.read_csv(arm_aze / "data" / "ladder_timeline.csv")
    ladder = esc.EscalationScale.from_toml(LADDER)
    assert set(timeline["rung"]) <= {r.key for r in ladder.rungs}  # the user's ladder, not the default
    assert "border_war" in m["figures"][0]["caption"]
    assert m["tables"] == sorted(["discrepancy_pairs", "trend", "reciprocity", "retaliation", "coding_summary"])


def test_no_word_of_the_bundled_case_in_any_output(arm_aze, tha_khm):
    for folder in (arm_aze, tha_khm):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pdf":
                found = BUNDLED_WORDS.findall(words_of(path))
                assert not found, (path.name, found[:5])


def test_the_manifest_records_the_input_files_hashes(arm_aze, tha_khm):
    m = manifest(arm_aze)
    assert m["inputs"] == {str(p): sha256(p) for p in (ARM_AZE, ARM_AZE_CLAIMS, LADDER)}
    assert m["arguments"]["events"] == str(ARM_AZE) and m["arguments"]["dyad"] is None
    assert "dataset" not in m and "dataset_citation" not in m
    assert manifest(tha_khm)["inputs"] == {str(THA_KHM): sha256(THA_KHM)}


def test_an_acled_export_by_month(tha_khm):
    m = manifest(tha_khm)
    names = [f["name"] for f in m["figures"]]
    assert names[:2] == ["ladder_timeline", "monthly_series"] and "event_map" in names
    assert "claims_gap" not in names
    series = next(f for f in m["figures"] if f["name"] == "monthly_series")
    assert "per month" in series["title"] and "Cambodia–Thailand" in series["title"]
    imported = pd.read_csv(tha_khm / "tables" / "import_report.csv")
    counts = imported[imported["reason"].isna()].set_index("what")["rows"]
    assert counts["rows_read"] == 15 == counts["coded"] + counts["out_of_scope"] + counts["uncoded"] + counts["rejected"]
    assert counts["out_of_scope"] == 1
    data = pd.read_csv(tha_khm / "data" / "monthly_series.csv", parse_dates=["period"])
    assert set(data["period"].dt.day) == {1}  # months by their first day
    raw = pd.read_csv(THA_KHM)
    july = raw[(raw["event_type"] != "Protests") & raw["event_date"].str.startswith("2025-07")]
    clashes = july["event_type"] == "Battles"  # mutual: counted once in each direction
    assert data.loc[data["period"] == "2025-07-01", "n_events"].sum() == len(july) + clashes.sum()


def test_every_figure_of_a_report_keeps_the_rules():
    cases = [{}, {"events": str(ARM_AZE), "claims": str(ARM_AZE_CLAIMS), "ladder": str(LADDER)},
             {"events": str(THA_KHM), "freq": "D"}, {"dyad": "IND-PAK"}]
    from escalation.plots import style

    for args in cases:
        ctx = build.context_for(args)
        for spec in registry.figures_for(ctx):
            drawn = spec.build(ctx)
            with style():
                registry.label(drawn.figure, drawn, registry.sources_for(spec, ctx) + drawn.sources,
                               spec.shows_claims, ctx.credit)
                found = problems(drawn.figure)
            assert found == [], (args, spec.name_for(ctx), found)
            plt.close(drawn.figure)


def test_check_passes_on_a_user_report_and_names_a_changed_input(tmp_path):
    events = tmp_path / "events.csv"
    shutil.copy(ARM_AZE, events)
    out = tmp_path / "report"
    assert cli.main(["--events", str(events), "--out", str(out), "--formats", "png"]) == 0
    assert build.check(out, progress=lambda m: None) == []
    text = events.read_text().replace("Sotk,40.2167,45.9667,town,shelling,1,", "Sotk,40.2167,45.9667,town,shelling,2,", 1)
    events.write_text(text)
    found = build.check(out, progress=lambda m: None)
    assert found[0] == f"input differs: {events}"


def run(*args):
    return subprocess.run([sys.executable, "-m", "escalation.report", *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_the_command_line_on_a_user_file(tmp_path):
    out = run("--events", str(THA_KHM), "--dyad", "khm-tha", "--out", str(tmp_path / "r"), "--formats", "png")
    assert out.returncode == 0, out.stderr
    assert manifest(tmp_path / "r")["arguments"]["dyad"] == "KHM-THA"


def bad_events(tmp_path: Path, change) -> Path:
    frame = pd.read_csv(ARM_AZE, dtype=str, keep_default_na=False)
    frame = change(frame)
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("change", [
    lambda f: f.drop(columns=["kind"]),
    lambda f: f.assign(date_start=f["date_start"].where(f.index != 6, "2023-02-30")),
    lambda f: f.assign(latitude=f["latitude"].where(f.index != 2, "95")),
    lambda f: f.assign(actor_state=f["actor_state"].where(f.index != 4, "ARMX")),
])
def test_bad_files_give_load_events_one_line_error(tmp_path, capsys, change):
    path = bad_events(tmp_path, change)
    with pytest.raises(esc.EscalationError) as raised:
        esc.load_events(path)
    out = tmp_path / "report"
    assert cli.main(["--events", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {str(raised.value).splitlines()[0]}"]
    assert not out.exists()


@pytest.mark.parametrize("args,needle", [
    (["--dyad", "AFG-PAK"], "no such dyad"),
    (["--dyad", "Armenia"], "two ISO3 codes"),
    (["--since", "2030-01-01"], "no state actions on the ladder"),
    (["--claims", str(FIXTURES / "missing.csv")], "missing.csv"),
    (["--ladder", str(ARM_AZE)], "report_arm_aze_events.csv"),
])
def test_user_report_errors_are_one_line(tmp_path, capsys, args, needle):
    assert cli.main(["--events", str(ARM_AZE), *args, "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0], err


@pytest.mark.parametrize("args,needle", [
    (["--claims", str(ARM_AZE_CLAIMS)], "--claims needs --events"),
    (["--format", "acled"], "--format needs --events"),
    (["--events", str(ARM_AZE)], "--events needs --out"),
])
def test_flags_that_need_others(capsys, args, needle):
    assert cli.main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


def test_timeline_alt_counts_a_mutual_event_once_in_every_figure():
    # a mutual clash is drawn once per direction; the text counts events, so the busiest
    # month cannot hold more events than the whole chart
    from escalation.report.texts import timeline_alt

    data = pd.DataFrame({"event_id": ["M1", "M1", "E2", "E3"],
                         "date": pd.to_datetime(["2025-05-07", "2025-05-07", "2025-05-08", "2025-06-01"]),
                         "direction": ["IND→PAK", "PAK→IND", "PAK→IND", "IND→PAK"],
                         "rung": ["border_clash"] * 4, "level": [4.0] * 4})
    text = timeline_alt(data, esc.EscalationScale.default())
    assert "Scatter of 3 events" in text and "May 2025 with 2 events" in text
