"""Sentence splitting with exact spans."""

from __future__ import annotations

from factcheck.engine.sentences import split_sentences


def texts(t: str) -> list[str]:
    out = split_sentences(t)
    for s in out:
        assert t[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    return [s.text for s in out]


def test_newlines_always_end_a_sentence():
    assert texts("A caption without a stop\nThe body starts here.") == [
        "A caption without a stop",
        "The body starts here.",
    ]


def test_crlf_and_blank_lines():
    t = "First line.\r\n\r\nSecond line. Third one.\r\n"
    assert texts(t) == ["First line.", "Second line.", "Third one."]


def test_abbreviations_are_not_sentence_ends():
    t = "Mr. Haddad met U.S. officials at 5 p.m. on Monday. Dr. J. R. Smith agreed."
    assert texts(t) == [
        "Mr. Haddad met U.S. officials at 5 p.m. on Monday.",
        "Dr. J. R. Smith agreed.",
    ]


def test_curly_quotes_stay_with_their_sentence():
    t = "\u201cWe will rebuild,\u201d the mayor said. \u201cNobody is safe.\u201d He left."
    got = texts(t)
    assert got[0] == "\u201cWe will rebuild,\u201d the mayor said."
    assert got[-1] == "He left."


def test_decimal_numbers_do_not_split():
    assert texts("A magnitude 7.8 quake hit. It killed 3.5 thousand.") == [
        "A magnitude 7.8 quake hit.",
        "It killed 3.5 thousand.",
    ]


def test_unicode_spans():
    t = "Volker Türk spoke \u2014 briefly.\u2028Ahmed al\u2011Sharaa replied."
    got = texts(t)
    assert got == ["Volker Türk spoke \u2014 briefly.", "Ahmed al\u2011Sharaa replied."]


def test_paragraph_indices():
    out = split_sentences("One. Two.\n\nThree.")
    assert [s.paragraph for s in out] == [0, 0, 1]


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("\n \r\n") == []
