"""The service's reading scored: the share of labelled quotes covered by a claim whose facts
hold the quoted figure (or, for an entity pair, the quoted name); and a claim's facts in one
line, for explaining a miss."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Article, Claim
from .pairs import LabelledPair, Side, _occurrences, _overlaps

_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


def _quoted_numbers(quote: str) -> set[float]:
    numbers = set()
    for match in _DIGITS.finditer(quote):
        text = match.group().replace(",", "")
        try:
            numbers.add(float(text))
        except ValueError:
            continue
    return numbers


def _facts_hold(facts: dict, side: Side, kind: str) -> bool:
    """Whether stored facts hold what a labelled quote states: one of its figures (as a value
    or a bound, or its words as written) for a numeric pair, one of its names for an entity
    pair."""
    quote = side.quote.lower()
    if kind == "entity":
        for person in facts.get("people", []):
            words = re.findall(r"\w{3,}", (person.get("name") or "").lower())
            if any(re.search(rf"\b{re.escape(word)}\b", quote) for word in words):
                return True
        return False
    numbers = _quoted_numbers(side.quote)
    for figure in facts.get("figures", []):
        written = (figure.get("text") or "").lower()
        if written and (written in quote or quote in written):
            return True
        values = {figure.get("lo"), figure.get("hi"), figure.get("value")}
        if any(isinstance(v, int | float) and float(v) in numbers for v in values):
            return True
    return False


@dataclass
class Reading:
    covered: int
    total: int
    uncovered: list[str]

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 1.0


def reading_coverage(pairs: list[LabelledPair], articles_by_doc: dict[str, Article]) -> Reading:
    """The share of distinct labelled quotes (of contradiction and compatible pairs) covered by
    a claim whose facts hold the quoted figure or name."""
    sides: dict[tuple[str, str], str] = {}
    for pair in pairs:
        if pair.label == "ambiguous" or pair.stretch:
            continue
        for side in (pair.a, pair.b):
            sides[(side.doc, side.quote)] = pair.kind
    covered, uncovered = 0, []
    claims_by_doc = {doc: list(article.claims.all()) for doc, article in articles_by_doc.items()}
    for (doc, quote), kind in sorted(sides.items()):
        article = articles_by_doc.get(doc)
        spans = _occurrences(article.body, quote) if article else []
        held = any(
            _overlaps(claim, spans) and _facts_hold(claim.facts or {}, Side(doc, quote), kind)
            for claim in claims_by_doc.get(doc, [])
        )
        if held:
            covered += 1
        else:
            uncovered.append(f"{doc}: {quote!r}")
    return Reading(covered=covered, total=len(sides), uncovered=uncovered)


def facts_summary(claim: Claim) -> str:
    """A short line of what the engine read in a claim, for explaining a miss."""
    facts = claim.facts or {}
    parts = []
    for figure in facts.get("figures", []):
        words = [figure.get("text") or "", figure.get("subject") or "", figure.get("event") or ""]
        source = figure.get("source_label") or figure.get("source")
        if source:
            words.append(f"[{source}]")
        if figure.get("period_label"):
            words.append(f"({figure['period_label']})")
        if figure.get("place"):
            words.append(f"in {figure['place']}")
        parts.append(" ".join(word for word in words if word))
    for person in facts.get("people", []):
        name = person.get("name") or person.get("text") or ""
        role = person.get("role") or ""
        parts.append(f"{name} ({role})" if role else name)
    return "; ".join(parts) or "no facts read"
