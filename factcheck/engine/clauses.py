"""Clause-level claims: a sentence stating several measures is one claim per clause.

A flag is about one figure, and a reviewer (and the evaluation) reads the claim's span. When
"the death toll rose to 135, the ministry said, and more than 4,000 people were injured" is
one claim, a flag about the dead also covers the injured figure. So a sentence whose figures
count different things (another event, group, place, perpetrator or period) in
different clauses becomes one claim per clause, each spanning its clause. What stays together:

- a figure and its parts ("177 died, including 25 children", "1,136 have died, 75 of whom
  on Monday"): a part is read with its whole;
- figures of one measure ("rose from 100 to 150", "the ministry said 100, the monitor 150"):
  a disagreement inside one sentence is still shown whole; but a competing count in
  brackets ("put the toll at 249 (official tally 167)") is a clause of its own, opening at its
  bracket, so the two counts are compared;
- figures with no clause break between them ("135 dead 40 hurt"): no readable span divides them.

The facts of each clause are the sentence's (its sources, places and dates: an attribution
stated once applies to every clause) with the clause's own figures, and the people named in
the clause. A clause ends where the next one opens: at a semicolon, at a comma before a
conjunction, else at the last conjunction or comma between the two figures, so an
attribution between them (", the ministry said,") stays with the clause before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from .facts import ClaimFacts, ExtractedClaim, Figure, Person
from .lexicon import BACK_REFERENCES, CLAUSE_CONJUNCTIONS, alternation
from .sentences import Sentence

_LINK = alternation(CLAUSE_CONJUNCTIONS).replace(" ", r"\s+")
# breaks in order of strength; `next` marks where the following clause begins (a conjunction
# opens it: "and 151 injured")
_BREAKS = (
    re.compile(r";\s*(?P<next>)"),
    re.compile(rf",\s*(?P<next>(?:{_LINK})\b)", re.I),
    re.compile(rf"(?:\s(?P<next>(?:{_LINK})\b))|,\s+(?P<after>)", re.I),
)

# the next clause opens on a part of the figure before it: it is read with that figure
_PART_OF_BEFORE = re.compile(rf"\b(?:of|among)\s+(?:{alternation(BACK_REFERENCES)})\b", re.I)
_OPENING = 24  # characters after the next figure that still open its clause ("75 of whom")


@dataclass(slots=True)
class _Group:
    """Figures (indices into the sentence's figures) read as one clause, and their extent."""

    figures: list[int]
    start: int
    end: int
    measure: tuple = ()


def _measure(f: Figure) -> tuple:
    # not the subject: civilians, soldiers, children are kinds of the people a toll counts
    # ("This number included 172 soldiers and 211 civilians" is one breakdown)
    return (f.event, f.group, f.place, f.agent, f.period_start, f.period_end, f.period_days)


def _wholes(figures: Sequence[Figure]) -> list[int]:
    """Each figure's outermost whole (itself when it is no part)."""
    out = []
    for i, f in enumerate(figures):
        seen = {i}
        while f.part_of is not None and 0 <= f.part_of < len(figures) and f.part_of not in seen:
            seen.add(f.part_of)
            i, f = f.part_of, figures[f.part_of]
        out.append(i)
    return out


def _groups(figures: Sequence[Figure], offsets: Sequence[int]) -> list[_Group]:
    """A whole with its parts, then runs of one measure, merged: in sentence order."""
    by_whole: dict[int, _Group] = {}
    for i, w in enumerate(_wholes(figures)):
        end = offsets[i] + len(figures[i].text)
        g = by_whole.setdefault(w, _Group([], offsets[i], end))
        g.figures.append(i)
        g.start, g.end = min(g.start, offsets[i]), max(g.end, end)
    out: list[_Group] = []
    for whole, g in sorted(by_whole.items(), key=lambda kv: kv[1].start):
        last = out[-1] if out else None
        measure = _measure(figures[whole])
        # a competing count ("... 240 missing (official tally 191)") is a claim of its own:
        # detection compares two claims, never a claim with itself
        apart = (
            last is not None
            and figures[whole].alternative
            and not figures[last.figures[0]].alternative
        )
        if last is not None and (g.start < last.end or (measure == last.measure and not apart)):
            last.figures.extend(g.figures)
            last.end = max(last.end, g.end)
            continue
        out.append(_Group(list(g.figures), g.start, g.end, measure))
    return out


def _break(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Where the clause of the figure ending at ``lo`` ends and the next one (whose figure
    starts at ``hi``) begins, or None when nothing in between divides them."""
    gap = text[lo:hi]
    for pattern in _BREAKS:
        found = list(pattern.finditer(gap))
        if found:
            m = found[-1]
            nxt = m.start("next") if m.group("next") is not None else m.end()
            return lo + m.start(), lo + nxt
    return None


def _bracket(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """A competing count in brackets ("240 missing (official tally 191)") opens at its bracket."""
    at = text.rfind("(", lo, hi)
    return None if at < 0 else (at, at)


def _people_in(people: Sequence[Person], texts: list[str]) -> list[list[Person]]:
    """Each person goes to the first clause naming them (by the last word of their name),
    else to the first clause."""
    out: list[list[Person]] = [[] for _ in texts]
    for p in people:
        last = p.name.split()[-1] if p.name.split() else p.name
        pattern = re.compile(rf"\b{re.escape(last)}\b")
        k = next((k for k, t in enumerate(texts) if pattern.search(t)), 0)
        out[k].append(p)
    return out


def _own_figures(figures: Sequence[Figure], kept: list[int]) -> tuple[Figure, ...]:
    """The clause's figures, each part pointing at its whole's new index."""
    new_index = {old: new for new, old in enumerate(kept)}
    out = []
    for old in kept:
        f = figures[old]
        if f.part_of is not None:
            f = replace(f, part_of=new_index.get(f.part_of))
        out.append(f)
    return tuple(out)


def clause_claims(
    sentence: Sentence, facts: ClaimFacts, offsets: Sequence[int]
) -> list[ExtractedClaim]:
    """The claims of one sentence: itself, or one per clause stating another measure.
    ``offsets`` are the start of each of ``facts.figures`` in the sentence's text."""
    whole = [ExtractedClaim(sentence.start, sentence.end, sentence.text, facts)]
    if len(facts.figures) < 2 or len(offsets) != len(facts.figures):
        return whole
    text = sentence.text
    groups = _groups(facts.figures, offsets)
    spans: list[list[int]] = [[0, 0]]
    kept: list[list[int]] = [list(groups[0].figures)]
    for prev, g in pairwise(groups):
        cut = _break(text, prev.end, g.start)
        if cut is None and facts.figures[g.figures[0]].alternative:
            cut = _bracket(text, prev.end, g.start)
        if cut is not None and _PART_OF_BEFORE.search(text, cut[1], g.start + _OPENING):
            cut = None  # "1,136 have died, 75 of whom in the past day": a breakdown
        if cut is None:
            kept[-1].extend(g.figures)
            continue
        spans[-1][1] = cut[0]
        spans.append([cut[1], 0])
        kept.append(list(g.figures))
    if len(kept) == 1:
        return whole
    spans[-1][1] = len(text)
    trimmed = []
    for a, b in spans:
        chunk = text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b = a + len(text[a:b].rstrip(" ,\t"))
        trimmed.append((a, b))
    texts = [text[a:b] for a, b in trimmed]
    people = _people_in(facts.people, texts)
    return [
        ExtractedClaim(
            sentence.start + a,
            sentence.start + b,
            t,
            replace(facts, figures=_own_figures(facts.figures, sorted(k)), people=tuple(p)),
        )
        for (a, b), t, k, p in zip(trimmed, texts, kept, people, strict=True)
    ]
