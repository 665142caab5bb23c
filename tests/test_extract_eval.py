"""The extraction scores in docs/extraction.md do not regress.

``benchmarks/extraction_eval.py`` writes the documented scores to
``benchmarks/extraction_scores.json``; this test recomputes them (on the bundled claims,
and on the held-out article fixtures when ``tests/fixtures/articles`` is present) and
fails if any field's precision or recall, or exact match, falls more than a margin below.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import extraction_eval as ev  # noqa: E402

DOCUMENTED = json.loads((ROOT / "benchmarks" / "extraction_scores.json").read_text("utf-8"))
#: Bundled data are fixed, so only rounding separates runs; fixtures may gain articles.
MARGIN = {"phrase": 0.01, "phrase_speaker": 0.01, "articles": 0.05}


def _check(name: str, scores) -> None:
    doc = DOCUMENTED[name]
    margin = MARGIN[name]
    for _, row in scores.fields.iterrows():
        want = doc["fields"][row["field"]]
        for key in ("precision", "recall"):
            if want[key] is not None:
                assert row[key] >= want[key] - margin, (name, row["field"], key, row[key], want[key])
    assert scores.exact_recall >= doc["exact_recall"] - margin
    assert scores.exact_precision >= doc["exact_precision"] - margin
    assert scores.claim_recall >= doc["claim_recall"] - margin


@pytest.mark.parametrize("name, with_speaker", [("phrase", False), ("phrase_speaker", True)])
def test_bundled_scores_hold(name, with_speaker):
    ex, gold, pairs = ev.bundled(with_speaker)
    _check(name, ev.score(ex, gold, pairs))


def test_bundled_matching_is_one_to_one_and_spans_exact():
    ex, gold, pairs = ev.bundled(True)
    assert len({e for e, _ in pairs}) == len(pairs) == len({g for _, g in pairs})
    texts = dict(zip(gold["doc"], gold["text"]))
    for _, r in ex.iterrows():
        assert texts[r["doc"]][r["char_start"]:r["char_end"]] == r["raw_phrase"]


def test_held_out_article_scores_hold():
    res = ev.articles()
    if res is None:
        pytest.skip("tests/fixtures/articles is not in this checkout")
    if "articles" not in DOCUMENTED:
        pytest.skip("no documented article scores yet (run benchmarks/extraction_eval.py)")
    ex, gold, pairs, _ = res
    _check("articles", ev.score(ex, gold, pairs))
