"""The contract the Django side depends on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from factcheck import engine
from factcheck.engine import (
    ENGINE_VERSION,
    ClaimFacts,
    ClaimRecord,
    ExtractedClaim,
    Finding,
    analyze_claim,
    detect,
    document_keys,
    extract_claims,
    index_keys,
)

_ROOT = str(__import__("pathlib").Path(__file__).resolve().parents[3])

ARTICLE = (
    "Floods swept through the valley on Sunday.\r\n"
    "At least 42 people were killed, the interior ministry said.\r\n"
    "Rescuers said dozens of residents remain missing.\n\n"
    "At least 42 people were killed, the interior ministry said.\n"
    "Photo: a flooded street in the town.\n"
    "Interior ministry spokesman Omar Haddad said 1,200 people had been evacuated.\n"
)


def test_public_names():
    assert isinstance(ENGINE_VERSION, str)
    assert ENGINE_VERSION
    for name in (
        "ExtractedClaim", "ClaimFacts", "ClaimRecord", "Finding", "extract_claims",
        "analyze_claim", "index_keys", "detect", "document_keys",
    ):  # fmt: skip
        assert hasattr(engine, name)


def test_engine_does_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, factcheck.engine as e; e.extract_claims('At least 5 people died.'); "
        "bad = [m for m in sys.modules if m.startswith('django') or "
        "(m.startswith('factcheck.') and not m.startswith('factcheck.engine'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=_ROOT)  # noqa: S603


def test_spans_exact_and_stripped():
    claims = extract_claims(ARTICLE, published=dt.date(2024, 9, 16))
    assert claims
    for c in claims:
        assert isinstance(c, ExtractedClaim)
        assert ARTICLE[c.start : c.end] == c.text
        assert c.text == c.text.strip()
        assert "\n" not in c.text
        assert "\r" not in c.text


def test_repeated_sentence_yields_one_claim():
    claims = extract_claims(ARTICLE)
    texts = [c.text for c in claims]
    assert len(texts) == len(set(texts))
    first = ARTICLE.index("At least 42")
    assert any(c.start == first for c in claims)


def test_non_claims_dropped():
    claims = extract_claims(ARTICLE)
    assert not any(c.text.startswith("Photo:") for c in claims)
    assert not any(c.text.startswith("Floods swept") for c in claims)


def test_extracted_claim_is_frozen():
    c = extract_claims(ARTICLE)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.start = 3  # type: ignore[misc]


def test_facts_round_trip_exactly():
    for c in extract_claims(ARTICLE, published=dt.date(2024, 9, 16)):
        d = c.facts.to_dict()
        again = json.loads(json.dumps(d))
        assert again == d
        back = ClaimFacts.from_dict(again)
        assert back == c.facts
        assert back.to_dict() == d


def test_empty_facts():
    assert ClaimFacts().is_empty
    assert ClaimFacts.from_dict({}).is_empty
    assert analyze_claim("The weather was pleasant.").is_empty
    assert not analyze_claim("At least 42 people were killed.").is_empty


def test_index_keys_short_and_selective():
    killed = analyze_claim("At least 42 people were killed, the ministry said.")
    missing = analyze_claim("Dozens of people are missing, rescuers said.")
    keys_k, keys_m = index_keys(killed), index_keys(missing)
    assert "m:killed" in keys_k
    assert "m:missing" in keys_m
    assert not keys_k & keys_m
    assert all(len(k) <= 200 for k in keys_k | keys_m)
    assert isinstance(keys_k, frozenset)


def test_detect_never_against_itself_and_one_per_kind():
    a = analyze_claim("The ministry said 42 people were killed.")
    b = analyze_claim("The ministry said 90 people were killed.")
    new = ClaimRecord(1, a, dt.date(2024, 9, 16), 1)
    same = ClaimRecord(1, b, dt.date(2024, 9, 16), 1)
    other = ClaimRecord(2, b, dt.date(2024, 9, 16), 2)
    found = detect(new, [same, other, other])
    assert all(f.other_id != 1 for f in found)
    kinds = [(f.other_id, f.kind) for f in found]
    assert len(kinds) == len(set(kinds))
    assert found
    assert all(isinstance(f, Finding) for f in found)


def test_finding_shape():
    a = analyze_claim("The ministry said 42 people were killed.")
    b = analyze_claim("The ministry said 90 people were killed.")
    (f,) = detect(
        ClaimRecord(1, a, dt.date(2024, 9, 16), 1), [ClaimRecord(2, b, dt.date(2024, 9, 16), 2)]
    )
    assert f.kind == "numeric"
    assert 0 < f.score <= 1
    assert "\n" not in f.explanation
    assert "42" in f.explanation
    assert "90" in f.explanation
    json.dumps(f.details)
    assert {f.details["a"]["value"], f.details["b"]["value"]} == {42, 90}
    assert f.details["relation"] == "same"


def test_detect_is_deterministic():
    a = analyze_claim("Officials said 42 people were killed.")
    cands = [ClaimRecord(i, analyze_claim(f"The ministry said {n} people were killed."), None, i)
             for i, n in enumerate((10, 90, 42, 300), start=2)]  # fmt: skip
    one = detect(ClaimRecord(1, a, None, 1), cands)
    two = detect(ClaimRecord(1, a, None, 1), list(cands))
    assert [(f.other_id, f.kind, f.score, f.explanation) for f in one] == [
        (f.other_id, f.kind, f.score, f.explanation) for f in two
    ]


def test_document_keys():
    keys = document_keys(ARTICLE)
    assert isinstance(keys, frozenset)
    assert all(len(k) <= 200 for k in keys)
    assert any(k.startswith("person:") for k in keys)


def test_detect_is_symmetric():
    """Whichever claim arrives second, the finding is the same (the service stores one flag
    per pair and detection may run from either side)."""
    pairs = [
        (
            "The health ministry said 1,200 people were killed.",
            "The health ministry said 2,800 people were killed.",
        ),
        (
            "Defence ministry spokesman Hussein Abdulghani spoke.",
            "Defense Ministry spokesman Hassan Abdel Ghani spoke.",
        ),
        (
            "At least 90 civilians were killed, the network said.",
            "The observatory said 40 people were killed.",
        ),
    ]
    for ta, tb in pairs:
        a = ClaimRecord(1, analyze_claim(ta), dt.date(2024, 1, 1), 1)
        b = ClaimRecord(2, analyze_claim(tb), dt.date(2024, 1, 3), 2)
        (fa,) = detect(a, [b])
        (fb,) = detect(b, [a])
        assert (fa.kind, fa.score, fa.explanation, fa.details) == (
            fb.kind,
            fb.score,
            fb.explanation,
            fb.details,
        )
        assert fa.other_id == 2
        assert fb.other_id == 1


def test_index_keys_meet_parts_and_wholes_only():
    killed = index_keys(analyze_claim("Ten people were killed, police said."))
    executed = index_keys(analyze_claim("Four people were executed, police said."))
    wounded = index_keys(analyze_claim("Twenty people were wounded, police said."))
    casualties = index_keys(analyze_claim("The clashes caused 100 casualties, police said."))
    assert killed & executed
    assert killed & casualties
    assert wounded & casualties
    assert not killed & wounded
