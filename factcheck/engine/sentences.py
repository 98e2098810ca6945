"""Sentence splitting with exact character spans.

Line breaks always end a sentence (captions, headings and paragraphs are separate lines);
inside a line, syntok's segmenter finds sentence ends (it handles "Mr.", "U.S.", initials,
"a.m."); a full stop glued to a capitalised word after a lowercase one also ends one
("the population.UN agencies said"). Spans index the original text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syntok import segmenter

_LINE = re.compile(r"[^\r\n\u2028\u2029\x85]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the (non-empty) line the sentence belongs to


# a full stop glued to the next sentence's first word ("of the population.UN agencies
# said"): a word of two lowercase letters or more before it, so "U.S.", "Mr.X" are left alone
_GLUED_END = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][A-Za-z])")


def _line_sentences(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for paragraph in segmenter.analyze(line):
        for sentence in paragraph:
            if not sentence:
                continue
            first, last = sentence[0], sentence[-1]
            start = first.offset
            end = last.offset + len(last.value)
            if end <= start:
                continue
            for cut in _GLUED_END.finditer(line, start, end):
                spans.append((start, cut.start()))
                start = cut.start()
            spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` (stripped)."""
    out: list[Sentence] = []
    paragraph = -1
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        paragraph += 1
        base = m.start()
        spans = _line_sentences(line)
        if not spans:
            s = line.strip()
            start = base + line.index(s)
            out.append(Sentence(start, start + len(s), s, paragraph))
            continue
        for start, end in spans:
            chunk = line[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            start += chunk.index(stripped)
            end = start + len(stripped)
            out.append(Sentence(base + start, base + end, stripped, paragraph))
    return out
