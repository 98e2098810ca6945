"""Scoring contradiction flags against hand-labelled pairs of statements (the format of
shared/eval/seed_pairs.json): a flag matches a labelled pair when each of its two claims'
spans overlaps an occurrence of the pair's quote in the named article."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Article, Claim, ContradictionFlag, FlagClaim

# Flag kinds reported per labelled kind (labels say `numeric` or `entity`).
LABEL_KIND_OF_FLAG_KIND = {
    "numeric": "numeric",
    "revision": "numeric",
    "cross_source": "numeric",
    "entity": "entity",
}


@dataclass(frozen=True)
class Side:
    doc: str
    quote: str


@dataclass(frozen=True)
class LabelledPair:
    id: str
    label: str
    kind: str
    a: Side
    b: Side
    stretch: bool = False
    why: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> LabelledPair:
        return cls(
            id=str(data["id"]),
            label=data["label"],
            kind=data.get("kind", ""),
            a=Side(doc=data["a"]["doc"], quote=data["a"]["quote"]),
            b=Side(doc=data["b"]["doc"], quote=data["b"]["quote"]),
            stretch=bool(data.get("stretch", False)),
            why=data.get("why", ""),
        )


@dataclass
class Evaluation:
    pairs: list[LabelledPair]
    flags_by_pair: dict[str, list[ContradictionFlag]] = field(default_factory=dict)
    unlabelled: list[ContradictionFlag] = field(default_factory=list)
    cross_story_flags: list[ContradictionFlag] = field(default_factory=list)
    unknown_quotes: list[str] = field(default_factory=list)

    def found(self, pair: LabelledPair) -> bool:
        return bool(self.flags_by_pair.get(pair.id))

    @property
    def contradictions(self) -> list[LabelledPair]:
        return [pair for pair in self.pairs if pair.label == "contradiction"]

    @property
    def compatibles(self) -> list[LabelledPair]:
        return [pair for pair in self.pairs if pair.label == "compatible"]

    @property
    def missed_required(self) -> list[LabelledPair]:
        return [pair for pair in self.contradictions if not pair.stretch and not self.found(pair)]

    @property
    def false_alarms(self) -> list[LabelledPair]:
        return [pair for pair in self.compatibles if self.found(pair)]

    def meets_targets(self) -> bool:
        return not self.missed_required and not self.false_alarms and not self.cross_story_flags


def _occurrences(body: str, quote: str) -> list[tuple[int, int]]:
    spans, start = [], body.find(quote)
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = body.find(quote, start + 1)
    return spans


def _overlaps(claim: Claim, spans: Iterable[tuple[int, int]]) -> bool:
    if claim.start is None:
        return False
    return any(claim.start < end and start < claim.end for start, end in spans)


def evaluate(pairs: list[LabelledPair], articles_by_doc: dict[str, Article]) -> Evaluation:
    result = Evaluation(pairs=pairs)
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pair in pairs:
        for side in (pair.a, pair.b):
            article = articles_by_doc.get(side.doc)
            found = _occurrences(article.body, side.quote) if article else []
            if not found:
                result.unknown_quotes.append(f"{pair.id}: {side.doc}: {side.quote!r}")
            spans[(side.doc, side.quote)] = found
    doc_of_article = {article.pk: doc for doc, article in articles_by_doc.items()}
    flags = (
        ContradictionFlag.objects.select_related("claim_a", "claim_b")
        .prefetch_related(Prefetch("sides", queryset=FlagClaim.objects.select_related("claim")))
        .order_by("pk")
    )
    for flag in flags:
        if flag.claim_a.story_id != flag.claim_b.story_id:
            result.cross_story_flags.append(flag)
        matched = False
        for pair in pairs:
            if _flag_matches(flag, pair, spans, doc_of_article):
                result.flags_by_pair.setdefault(pair.id, []).append(flag)
                matched = True
        if not matched:
            result.unlabelled.append(flag)
    return result


def _flag_matches(flag, pair, spans, doc_of_article) -> bool:
    def side_matches(claim: Claim, side: Side) -> bool:
        return doc_of_article.get(claim.article_id) == side.doc and _overlaps(
            claim, spans[(side.doc, side.quote)]
        )

    # Any claim of a side stands for it: a repeat of a figure is one flag, not one per pair.
    claims = {"a": [flag.claim_a], "b": [flag.claim_b]}
    for member in flag.sides.all():
        claims[member.side].append(member.claim)

    def side_is(side: str, labelled: Side) -> bool:
        return any(side_matches(claim, labelled) for claim in claims[side])

    return (side_is("a", pair.a) and side_is("b", pair.b)) or (
        side_is("a", pair.b) and side_is("b", pair.a)
    )


def claims_covering(article: Article | None, quote: str) -> list[Claim]:
    if article is None:
        return []
    found = _occurrences(article.body, quote)
    return [claim for claim in article.claims.all() if _overlaps(claim, found)]


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


def summary_counts(result: Evaluation) -> dict[tuple[str, str], tuple[int, int]]:
    """(label, kind) -> (pairs flagged, pairs)."""
    totals: Counter = Counter()
    found: Counter = Counter()
    for pair in result.pairs:
        totals[(pair.label, pair.kind)] += 1
        found[(pair.label, pair.kind)] += result.found(pair)
    return {key: (found[key], totals[key]) for key in sorted(totals)}


def flag_kinds_by_label(result: Evaluation) -> dict[str, Counter]:
    kinds: dict[str, Counter] = defaultdict(Counter)
    for pair in result.pairs:
        for flag in result.flags_by_pair.get(pair.id, []):
            kinds[pair.label][flag.kind] += 1
    return kinds
