"""Throughput of the engine on one core.

- extraction: extract_claims (splitting + analysis) on the seed reports repeated, in
  articles per second, beside the rate of merely splitting the same text into sentences
  with the same splitter, and the ratio of the two;
- detection: detect() for one new claim against 1, 100 and 1000 candidate records.

Run: cd /work/main && uv run python bench/extraction_throughput.py [--articles 200]
The seed reports are read from ../shared/seeds; without them a synthetic article is used.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.engine import ClaimRecord, detect, extract_claims  # noqa: E402
from factcheck.engine.sentences import split_sentences  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"

SYNTHETIC = (
    "At least 1,200 people were killed in the earthquake, the health ministry said on Monday.\n"
    "Rescuers said hundreds of residents remain missing in the city of Ostrany.\n"
    "The ministry later raised the toll to 2,800, while a monitor put it at nearly 3,000.\n"
    "Health Minister Orin Valdek said 4,000 people had been evacuated since Sunday.\n"
)


def corpus() -> list[tuple[str, dt.date | None]]:
    if (SEEDS / "catalog.json").is_file():
        catalog = json.loads((SEEDS / "catalog.json").read_text(encoding="utf-8"))
        return [
            ((SEEDS / e["file"]).read_text(encoding="utf-8"), dt.date.fromisoformat(e["published"]))
            for e in catalog
        ]
    return [(SYNTHETIC, dt.date(2023, 2, 8))]


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def best_rates(fns, items, rounds: int = 5) -> list[float]:
    """Items per second of each function, best of `rounds`; the functions are timed in
    alternation so that a change of load on the machine affects them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            for it in items:
                fn(it)
            best[k] = min(best[k], time.perf_counter() - t0)
    return [len(items) / b for b in best]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    pin_one_core()
    base = corpus()
    articles = [base[i % len(base)] for i in range(args.articles)]
    for text, published in base:  # warm up (regex compilation, imports)
        extract_claims(text, published=published)

    extraction, split_only = best_rates(
        [lambda a: extract_claims(a[0], published=a[1]), lambda a: split_sentences(a[0])],
        articles,
    )
    mean_chars = sum(len(t) for t, _ in articles) / len(articles)
    print(
        f"extraction: {extraction:.1f} articles/s/core; split only: {split_only:.1f} "
        f"articles/s/core; ratio {split_only / extraction:.2f}x "
        f"({len(articles)} articles, {mean_chars:.0f} chars each)"
    )

    # detection: one new claim against N candidates built from the seed claims
    claims = [
        (c, p)
        for text, p in base
        for c in extract_claims(text, published=p)
        if c.facts.figures or c.facts.people
    ]
    # the new claim: the one with the most figures (the costliest to compare)
    new_claim, new_pub = max(claims, key=lambda cp: (len(cp[0].facts.figures), -cp[0].start))
    new = ClaimRecord("new", new_claim.facts, new_pub, "new-doc")
    for n in (1, 100, 1000):
        cands = [
            ClaimRecord(i, claims[i % len(claims)][0].facts, claims[i % len(claims)][1], i % 7)
            for i in range(n)
        ]
        reps = max(3, 3000 // n)
        t0 = time.perf_counter()
        for _ in range(reps):
            found = detect(new, cands)
        per_call = (time.perf_counter() - t0) / reps
        print(
            f"detect: 1 claim vs {n} candidates: {per_call * 1e3:.3f} ms per call "
            f"({per_call / n * 1e6:.2f} us per candidate, {len(found)} findings)"
        )


if __name__ == "__main__":
    main()
