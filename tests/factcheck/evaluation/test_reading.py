"""The reading score used by `evaluate_contradictions`: whether a claim's facts hold a quote."""

from factcheck.evaluation.pairs import Side
from factcheck.evaluation.reading import _facts_hold


def test_facts_hold_figure_by_value_or_words():
    facts = {"figures": [{"text": "1,383", "lo": 1383, "hi": 1383, "value": 1383}]}
    assert _facts_hold(facts, Side("d", "toll rose to 1,383"), "numeric")
    assert not _facts_hold(facts, Side("d", "toll rose to 1,384"), "numeric")
    words = {"figures": [{"text": "seven", "lo": 7, "hi": 7}]}
    assert _facts_hold(words, Side("d", "seven were killed"), "numeric")


def test_facts_hold_name_by_any_word_of_it():
    facts = {"people": [{"name": "Amal Haddad"}]}
    assert _facts_hold(facts, Side("d", "spokeswoman Haddad said"), "entity")
    assert not _facts_hold(facts, Side("d", "spokeswoman Hadad said"), "entity")
    assert not _facts_hold({"figures": []}, Side("d", "Haddad"), "entity")
