"""The engine alone on the second held-out set (heldout2/: invented wire reports of six events
written blind to the engine's code, labelled by the rules of shared/eval/dev/pairs.json: a
months-long war with both sides' and a UN body's tolls, floods across provinces, a tourist bus
crash with victims by nationality, a factory fire, a hostage siege, a dengue outbreak).

Scored as the first held-out set is (`test_engine_heldout.score`). The floors are the figures
reached (raise them when the engine improves; never lower them to let a change in).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factcheck.engine.test_engine_heldout import score

HELDOUT2 = Path(__file__).resolve().parent / "heldout2"

# reached: 36 of 55 contradictions, 23 of 33 flags, 3 compatible pairs (written blind against
# engine 1.7, which found 26 of 55, 18 of 33 flags, 10 compatible pairs; compatible pairs are
# counted on the flags' sides: a bound, a part or a repeat filed beside a figure counts)
MIN_RECALL = 0.65
MIN_FLAGS_MATCHING = 0.69
MAX_COMPATIBLE_FLAGGED = 3


@pytest.fixture(scope="module")
def scored() -> dict:
    return score(HELDOUT2)


def test_heldout2_recall_stays(scored):
    assert scored["recall"] >= MIN_RECALL, scored["missed"]


def test_heldout2_flags_mostly_match_a_labelled_pair(scored):
    assert scored["flags_matching"] >= MIN_FLAGS_MATCHING


def test_heldout2_false_alarms_stay_few(scored):
    assert len(scored["compatible_flagged"]) <= MAX_COMPATIBLE_FLAGGED, scored["compatible_flagged"]
