"""Evaluate ``extract_claims`` and write ``docs/extraction.md``.

Two evaluations, with the matching rule of :mod:`escalation.text.evaluate`:

(a) **Bundled claims** (``data/claims.csv``, 190 rows).  The bundled data keeps each
    claim's ``raw_phrase`` but not the article around it, so each phrase is read twice:
    *phrase alone*, and *phrase with its speaker*: ``"<raw_phrase>, <speaker> said."``,
    where ``<speaker>`` is the row's own ``claimant`` field rendered as words by a fixed
    rule (the leading ISO3 code becomes the country's name with "'s", "govt" becomes
    "government", notes in brackets and after the first comma are dropped).  The conflict's
    two states come from the event's dyad.  Nothing else from the row is shown.
(b) **Held-out articles** (``tests/fixtures/articles``): whole news texts coded by hand by
    another person, never used to write the rules.  Skipped when absent.

Run from the repository root::

    python benchmarks/extraction_eval.py            # prints and writes docs/extraction.md
    python benchmarks/extraction_eval.py --no-write # prints only
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import escalation as esc  # noqa: E402
from escalation.text.evaluate import align, gold_intervals, score  # noqa: E402

ARTICLES = ROOT / "tests" / "fixtures" / "articles"
DOC = ROOT / "docs" / "extraction.md"

#: Published baselines, casualty-count extraction without claimant attribution
#: (Zhong, Dhuliawala & Stoehr, EACL 2023), exact match of the count.
BASELINES = [
    ("Regular expressions", "6–26 %"),
    ("Semantic role labelling", "31–74 %"),
    ("Fine-tuned T5", "44–81 %"),
]


def _country_names() -> dict[str, str]:
    from escalation.text.attribution import _read

    return {r["iso3"]: r["name"] for r in _read("demonyms.csv")}


def render_speaker(claimant: str) -> str:
    """The ``claimant`` field as words: "PAK army ISPR (Chaudhry)" -> "Pakistan's army ISPR"."""
    names = _country_names()
    text = re.sub(r"\([^)]*\)", "", claimant)
    text = text.split(",")[0]
    text = re.sub(r"\bgovt\b", "government", text)
    text = re.sub(r"\s+", " ", text).strip(" ;")
    m = re.match(r"([A-Z]{3})\b\s*(.*)", text)
    if m and m.group(1) in names:
        text = f"{names[m.group(1)]}'s {m.group(2)}".strip()
    return text


def bundled(with_speaker: bool) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Extract from each distinct text once; a text holding two coded claims ("40 civilians
    were killed and 170 injured") is one document with two hand-coded rows."""
    claims = esc.load_claims()
    events = esc.load_events().set_index("event_id")
    gold_rows, extracted, seen = [], [], {}
    for _, row in claims.iterrows():
        phrase = row["raw_phrase"]
        text = f"{phrase}, {render_speaker(row['claimant'])} said." if with_speaker else phrase
        states = tuple(events.loc[row["event_id"], "dyad"].split("-"))
        key = (text, states)
        if key not in seen:
            seen[key] = doc = f"D{len(seen) + 1:03d}"
            ex = esc.extract_claims(text, event_id=doc, states=states,
                                    source_url=row["source_url"])
            ex["doc"] = doc
            extracted.append(ex)
        gold_rows.append({
            "doc": seen[key], "claim_id": row["claim_id"], "claimant_side": row["claimant_side"],
            "subject_state": row["subject_state"], "subject_category": row["subject_category"],
            "outcome": row["outcome"], "qualifier": row["qualifier"], "number": row["number"],
            "number_to": row["number_to"], "low": row["low"], "high": row["high"],
            "char_start": 0, "char_end": len(phrase), "raw_phrase": phrase, "text": text,
        })
    gold = pd.DataFrame(gold_rows)
    ex = pd.concat(extracted, ignore_index=True)
    return ex, gold, align(ex, gold, key="doc")


def articles() -> tuple[pd.DataFrame, pd.DataFrame, list, list[dict]] | None:
    if not ARTICLES.is_dir() or not list(ARTICLES.glob("*.txt")):
        return None
    extracted, gold, metas = [], [], []
    for txt in sorted(ARTICLES.glob("*.txt")):
        slug = txt.stem
        meta_path = txt.with_name(slug + ".meta.json")
        claims_path = txt.with_name(slug + ".claims.csv")
        if not meta_path.is_file() or not claims_path.is_file():
            continue
        meta = json.loads(meta_path.read_text("utf-8"))
        text = txt.read_text("utf-8")
        states = meta.get("states") or None
        if states and len(states) != 2:
            states = None
        ex = esc.extract_claims(text, event_id=slug, published=meta.get("published"),
                                source_url=meta.get("url"), states=states)
        ex["doc"] = slug
        extracted.append(ex)
        g = pd.DataFrame(list(csv.DictReader(claims_path.read_text("utf-8").splitlines())))
        if len(g):
            g["doc"] = slug
            gold.append(g)
        metas.append({**meta, "slug": slug, "n_gold": len(g), "n_extracted": len(ex)})
    if not metas:
        return None
    ex = pd.concat(extracted, ignore_index=True)
    g = gold_intervals(pd.concat(gold, ignore_index=True)) if gold else pd.DataFrame()
    return ex, g, align(ex, g, key="doc"), metas


def _pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f} %"


def table(s) -> str:
    lines = ["| field | precision | recall | F1 | correct / extracted / hand-coded |",
             "|---|---|---|---|---|"]
    for _, r in s.fields.iterrows():
        lines.append(f"| {r['field']} | {_pct(r['precision'])} | {_pct(r['recall'])} | "
                     f"{_pct(r['f1'])} | {r['correct']} / {r['predicted']} / {r['gold']} |")
    lines.append(f"| **whole claim, exact match** | {_pct(s.exact_precision)} | "
                 f"{_pct(s.exact_recall)} | | {s.exact} / {s.extracted} / {s.gold} |")
    lines.append(f"| claims found (span overlap) | {_pct(s.claim_precision)} | "
                 f"{_pct(s.claim_recall)} | | {s.matched} / {s.extracted} / {s.gold} |")
    return "\n".join(lines)


def results() -> dict:
    out = {}
    for name, flag in (("phrase", False), ("phrase_speaker", True)):
        ex, gold, pairs = bundled(flag)
        out[name] = score(ex, gold, pairs)
    art = articles()
    if art is not None:
        ex, gold, pairs, metas = art
        out["articles"] = score(ex, gold, pairs)
        out["articles_meta"] = metas
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)
    res = results()
    for name in ("phrase", "phrase_speaker", "articles"):
        if name in res:
            print(f"== {name}")
            print(table(res[name]))
    if not args.no_write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(render_doc(res), "utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


def render_doc(res: dict) -> str:  # filled in below
    from extraction_doc import render  # type: ignore

    return render(res)


if __name__ == "__main__":
    sys.exit(main())
