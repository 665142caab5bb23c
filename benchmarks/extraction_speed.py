"""Throughput of ``extract_claims`` and ``extract_statements`` (MB of text per second).

The corpus is news-like text built from the bundled data: each event's summary and quote
and each claim's raw phrase with its speaker, in paragraphs, repeated until it reaches
``--mb`` megabytes (UTF-8) and cut into articles of about ``--article-kb`` kB (the
extractor reads one article at a time; speakers and pronouns resolve within it).  With
``--articles`` the hand-coded article fixtures are used instead, repeated the same way.

Run on one core, from the repository root::

    taskset -c 0 python benchmarks/extraction_speed.py --mb 5
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import escalation as esc  # noqa: E402


def bundled_paragraphs() -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from extraction_eval import render_speaker

    ev = esc.load_events()
    cl = esc.load_claims()
    paras = []
    for _, r in ev.iterrows():
        text = str(r["summary"])
        if r["quote"]:
            text += f' "{r["quote"]}," an official said.'
        paras.append(text)
    for _, r in cl.iterrows():
        paras.append(f"{r['raw_phrase']}, {render_speaker(r['claimant'])} said on "
                     f"{r['claim_date']:%A}.")
    return paras


def fixture_paragraphs(folder: Path) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]


def corpus(paragraphs: list[str], mb: float, article_kb: float) -> list[str]:
    target = int(mb * 1_000_000)
    articles, current, size, total = [], [], 0, 0
    i = 0
    while total < target:
        p = paragraphs[i % len(paragraphs)]
        i += 1
        current.append(p)
        n = len(p.encode("utf-8")) + 2
        size += n
        total += n
        if size >= article_kb * 1000:
            articles.append("\n\n".join(current))
            current, size = [], 0
    if current:
        articles.append("\n\n".join(current))
    return articles


def timed(fn, articles: list[str], repeat: int) -> tuple[float, float, int]:
    """The best of ``repeat`` runs: CPU seconds of this process (what one core spends,
    whatever else the machine runs) and wall-clock seconds.  Each run reads fresh copies
    of the texts, so no cached reading is reused."""
    best = None
    for r in range(repeat):
        texts = [a + " " * (r + 1) for a in articles]
        c0, t0 = time.process_time(), time.perf_counter()
        rows = sum(len(fn(a)) for a in texts)
        run = (time.process_time() - c0, time.perf_counter() - t0, rows)
        best = run if best is None or run[0] < best[0] else best
    return best


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--mb", type=float, default=5.0)
    p.add_argument("--article-kb", type=float, default=5.0)
    p.add_argument("--articles", action="store_true", help="use the article fixtures")
    p.add_argument("--folder", type=Path, default=ROOT / "tests" / "fixtures" / "articles",
                   help="where the article fixtures are (default tests/fixtures/articles)")
    p.add_argument("--repeat", type=int, default=3, help="runs; the fastest is reported")
    p.add_argument("--write", action="store_true",
                   help="record the result in benchmarks/extraction_speed.json (for docs/extraction.md)")
    args = p.parse_args(argv)
    paras = fixture_paragraphs(args.folder) if args.articles else bundled_paragraphs()
    if not paras:
        print("no text to read", file=sys.stderr)
        return 1
    arts = corpus(paras, args.mb, args.article_kb)
    mb = sum(len(a.encode("utf-8")) for a in arts) / 1e6
    esc.extract_claims(arts[0])  # tables and patterns compiled once, outside the timing
    print(f"corpus: {mb:.2f} MB in {len(arts)} articles "
          f"({'fixtures' if args.articles else 'bundled data'}); Python "
          f"{platform.python_version()} on {platform.machine()}")
    rates = {}
    for name, fn in (("extract_claims", esc.extract_claims),
                     ("extract_statements", esc.extract_statements)):
        cpu, wall, rows = timed(fn, arts, args.repeat)
        rates[name] = mb / cpu
        print(f"{name:20s} {cpu:7.2f} s CPU  {mb / cpu:6.2f} MB/s per core  "
              f"(wall {wall:.2f} s)  {rows} rows")
    if args.write:
        out = ROOT / "benchmarks" / "extraction_speed.json"
        record = json.loads(out.read_text("utf-8")) if out.is_file() else {"runs": []}
        corpus_name = "article fixtures (repeated)" if args.articles else "bundled data (dense)"
        record["machine"] = f"Python {platform.python_version()}, {platform.machine()}"
        record["runs"] = [r for r in record["runs"] if r["corpus"] != corpus_name] + [{
            "corpus": corpus_name, "mb": round(mb, 3),
            "claims_mb_s": round(rates["extract_claims"], 3),
            "statements_mb_s": round(rates["extract_statements"], 3)}]
        out.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
