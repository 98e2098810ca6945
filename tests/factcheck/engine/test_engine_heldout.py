"""The engine alone on the held-out set (heldout/: invented wire reports of nine events of kinds
the dev set lacks, labelled like shared/eval/dev/pairs.json), so that a change tuned to the dev
reports cannot quietly lose the reporting patterns of other events.

Each catalog event is one story (story grouping is scored by `evaluate_contradictions`, not
here). Every claim is detected against the earlier claims of its story sharing an index key;
the findings are filed as the service files them, one flag per disagreement
(`signatures.disagreement_of`), each flag holding every claim found on each of its sides. A
flag matches a labelled pair when a claim on one side overlaps one quote and a claim on the
other side the other quote. The floors are the figures reached when the set was written
(raise them when the engine improves; never lower them to let a change in).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from factcheck.engine import ClaimRecord, detect, extract_claims, index_keys
from factcheck.engine.signatures import disagreement_of, pair_disagreement

HELDOUT = Path(__file__).resolve().parent / "heldout"

# reached: 121 of 152 contradictions, 53 of 54 flags, no compatible pair (engine 1.7 without
# the held-out fixes: 95 of 152, 45 of 53 flags, 9 compatible pairs)
MIN_RECALL = 0.79  # labelled contradictions found
MIN_FLAGS_MATCHING = 0.98  # flags matching a labelled contradiction or ambiguous pair
MAX_COMPATIBLE_FLAGGED = 0  # labelled compatible pairs flagged (false alarms)


def _flags(
    folder: Path = HELDOUT,
) -> tuple[dict[str, str], dict[int, tuple[str, int, int]], list[list[set[int]]]]:
    catalog = json.loads((folder / "articles" / "catalog.json").read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    spans: dict[int, tuple[str, int, int]] = {}
    stories: dict[str, list[ClaimRecord]] = defaultdict(list)
    for entry in catalog:
        name = entry["file"]
        texts[name] = (folder / "articles" / name).read_text(encoding="utf-8")
        published = dt.date.fromisoformat(entry["published"]) if entry["published"] else None
        for claim in extract_claims(texts[name], published=published):
            record = ClaimRecord(len(spans), claim.facts, published, name)
            spans[record.id] = (name, claim.start, claim.end)
            stories[entry["event"]].append(record)
    # flags are filed per story, as the service files them: one key may recur in two stories
    flags: dict[tuple[str, str], list[set[int]]] = {}
    for event, records in stories.items():
        for i, record in enumerate(records):
            keys = index_keys(record.facts)
            earlier = [r for r in records[:i] if index_keys(r.facts) & keys]
            for finding in detect(record, earlier):
                found = disagreement_of(finding.details or {}) or pair_disagreement(
                    record.id, finding.other_id, finding.kind
                )
                first = (finding.details or {}).get("a", {}).get("claim_id", min(
                    record.id, finding.other_id))  # fmt: skip
                mine, theirs = (0, 1) if first == record.id else (1, 0)
                sides = flags.setdefault((event, found.key), [set(), set()])
                sides[mine].add(record.id)
                sides[theirs].add(finding.other_id)
    return texts, spans, list(flags.values())


def _covers(texts, spans, claim_ids: set[int], doc: str, quote: str) -> bool:
    for claim_id in claim_ids:
        name, start, end = spans[claim_id]
        if name != doc:
            continue
        at = texts[doc].find(quote)
        while at >= 0:
            if at < end and start < at + len(quote):
                return True
            at = texts[doc].find(quote, at + 1)
    return False


def _matches(texts, spans, sides: list[set[int]], pair: dict) -> bool:
    a, b = pair["a"], pair["b"]
    return any(
        _covers(texts, spans, one, a["doc"], a["quote"])
        and _covers(texts, spans, other, b["doc"], b["quote"])
        for one, other in (sides, sides[::-1])
    )


def score(folder: Path) -> dict:
    """Recall, share of flags matching a labelled pair, compatible pairs flagged and misses
    of the engine alone on a held-out folder (articles/ with catalog.json, pairs.json)."""
    texts, spans, flags = _flags(folder)
    pairs = json.loads((folder / "pairs.json").read_text(encoding="utf-8"))["pairs"]
    for pair in pairs:  # the labels must quote the articles as they are
        for side in (pair["a"], pair["b"]):
            assert side["quote"] in texts[side["doc"]], (pair["id"], side["quote"])
    matched = [[p for p in pairs if _matches(texts, spans, sides, p)] for sides in flags]
    found = {p["id"] for hits in matched for p in hits}
    required = [p["id"] for p in pairs if p["label"] == "contradiction"]
    labelled = sum(
        1 for hits in matched if any(p["label"] in ("contradiction", "ambiguous") for p in hits)
    )
    result = {
        "recall": sum(1 for i in required if i in found) / len(required),
        "flags_matching": labelled / len(flags) if flags else 1.0,
        "compatible_flagged": sorted(
            p["id"] for p in pairs if p["label"] == "compatible" and p["id"] in found
        ),
        "missed": [i for i in required if i not in found],
        "flags": len(flags),
    }
    print(f"\n{folder.name}:", {k: v for k, v in result.items() if k != "missed"})
    return result


@pytest.fixture(scope="module")
def scored() -> dict:
    return score(HELDOUT)


def test_heldout_recall_stays(scored):
    assert scored["recall"] >= MIN_RECALL, scored["missed"]


def test_heldout_flags_mostly_match_a_labelled_contradiction(scored):
    assert scored["flags_matching"] >= MIN_FLAGS_MATCHING


def test_heldout_false_alarms_stay_few(scored):
    assert len(scored["compatible_flagged"]) <= MAX_COMPATIBLE_FLAGGED, scored["compatible_flagged"]
