"""The hand-coded news-article fixtures (issue 14, item 5b) are internally consistent.

Every offset points at its phrase, every controlled value is in its vocabulary, and the
set is as large and as varied as the evaluation needs. The checker itself is shown to
reject broken copies, so a passing run means something.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parent / "fixtures" / "articles"
_spec = importlib.util.spec_from_file_location("check_fixtures", FOLDER / "check_fixtures.py")
check_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_fixtures)


def test_every_fixture_checks_out():
    problems, counts = check_fixtures.check_folder(FOLDER)
    assert problems == []
    assert len(counts) >= 12


def test_the_set_is_large_and_varied():
    _, counts = check_fixtures.check_folder(FOLDER)
    metas = [json.loads((FOLDER / f"{slug}.meta.json").read_text(encoding="utf-8"))
             for slug in counts]
    assert len({m["conflict"] for m in metas}) >= 4
    assert sum(c for c, _ in counts.values()) >= 80
    assert sum(s for _, s in counts.values()) >= 30
    # at least one article whose numbers are none of them casualty figures
    assert any(c == 0 for c, _ in counts.values())


def test_readme_table_matches_the_files():
    """The article table in README.md states each article's real counts."""
    _, counts = check_fixtures.check_folder(FOLDER)
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9-]+)` \|.*\| (\d+) \| (\d+) \|$", readme, flags=re.M)
    assert {slug: (int(c), int(s)) for slug, c, s in rows} == counts


@pytest.mark.parametrize("phrase, expected", [
    ("Forty-one civilians ... were killed", {41}),
    ("a Thai soldier and 13 civilians", {1, 13}),
    ("1,597 wounded", {1597}),
    ("twenty-two soldiers and one hundred civilians", {22, 100}),
    ("killed tens of thousands", set()),
])
def test_numbers_in_reads_digits_and_words(phrase, expected):
    assert check_fixtures.numbers_in(phrase) == expected


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(FOLDER, target)
    return target


def _edit_first_row(path: Path, **changes) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows[0].update({k: str(v(rows[0]) if callable(v) else v) for k, v in changes.items()})
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _first_with_rows(folder: Path, suffix: str) -> Path:
    for path in sorted(folder.glob(f"*{suffix}")):
        if len(path.read_text(encoding="utf-8").splitlines()) > 1:
            return path
    raise AssertionError(f"no {suffix} with rows")


@pytest.mark.parametrize("suffix, changes, message", [
    (".claims.csv", {"char_start": lambda r: int(r["char_start"]) + 1}, "!= text["),
    (".claims.csv", {"outcome": "hurt"}, "outcome 'hurt'"),
    (".claims.csv", {"qualifier": "roughly"}, "qualifier 'roughly'"),
    (".claims.csv", {"subject_category": "soldiers"}, "subject_category"),
    (".claims.csv", {"claimant_side": "Pakistan"}, "claimant_side"),
    (".claims.csv", {"number": lambda r: int(r["number"] or 0) + 7}, "not stated in raw_phrase"),
    (".statements.csv", {"char_end": lambda r: int(r["char_end"]) - 1}, "!= text["),
    (".statements.csv", {"rung": "war"}, "rung 'war'"),
])
def test_the_checker_rejects_a_broken_copy(tmp_path, suffix, changes, message):
    folder = _copy(tmp_path)
    path = _first_with_rows(folder, suffix)
    if "number" in changes:  # pick a claim that has a number
        rows = list(csv.DictReader(open(path, encoding="utf-8")))
        assert rows[0]["number"], "first claim row should carry a number"
    _edit_first_row(path, **changes)
    problems, _ = check_fixtures.check_folder(folder)
    assert any(path.name in p and message in p for p in problems), problems


def test_the_checker_rejects_a_changed_text(tmp_path):
    folder = _copy(tmp_path)
    path = _first_with_rows(folder, ".claims.csv")
    txt = folder / path.name.replace(".claims.csv", ".txt")
    txt.write_text("Inserted words. " + txt.read_text(encoding="utf-8"), encoding="utf-8")
    problems, _ = check_fixtures.check_folder(folder)
    assert any(path.name in p for p in problems)


def test_the_checker_rejects_a_missing_file_and_bad_meta(tmp_path):
    folder = _copy(tmp_path)
    slug = check_fixtures.slugs(folder)[0]
    (folder / f"{slug}.statements.csv").unlink()
    meta_path = folder / f"{slug}.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["states"] = ["Pakistan"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    problems, _ = check_fixtures.check_folder(folder)
    assert any(f"{slug}.statements.csv: missing" in p for p in problems)
    assert any(f"{slug}.meta.json: states" in p for p in problems)
