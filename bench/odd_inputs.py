"""How long the engine takes on odd and repetitive input, and how that time grows when the
input doubles (a ratio near 2 is linear, near 4 quadratic). The tests bound the growth in
counted calls (tests/factcheck/engine/test_engine_robustness.py); the seconds are measured here.

Run: uv run python bench/odd_inputs.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.engine import analyze_claim, extract_claims  # noqa: E402

DAY = dt.date(2024, 1, 1)
PARAGRAPH = (
    "At least 1,200 people were killed in the earthquake, the health ministry said. "
    "Rescuers said hundreds remained missing in the city. "
)
# (name, unit repeated, times for the smaller input)
INPUTS = [
    ("one long word", "x", 2500),
    ("a verb repeated", "killed ", 250),
    ("numbers repeated", "12 ", 200),
    ("titles and particles", "Mr. Dr. U.S. al- ", 100),
    ("a long article", PARAGRAPH + "\n", 150),
]


def best_seconds(text: str, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        extract_claims(text, published=DAY)
        analyze_claim(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    for name, unit, times in INPUTS:
        best_seconds(unit * times, rounds=1)  # warm up (regex compilation, caches)
        once, twice = best_seconds(unit * times), best_seconds(unit * times * 2)
        print(
            f"{name}: {len(unit) * times} chars {once * 1e3:.1f} ms, doubled "
            f"{twice * 1e3:.1f} ms, ratio {twice / once:.2f}"
        )


if __name__ == "__main__":
    main()
