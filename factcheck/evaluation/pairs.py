"""The labelled pairs (the format of shared/eval/seed_pairs.json and shared/eval/dev/pairs.json)
and the service's contradiction flags scored against them: a flag matches a labelled pair when
a claim on one of its sides overlaps an occurrence of one quote in the named article and a claim
on its other side overlaps the other quote. Which labelled contradictions are flagged, which
compatible pairs are (false alarms), flags that match no labelled pair, flags across two
events; and the counts printed of them."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Prefetch

from ..models import Article, Claim, ContradictionFlag, FlagClaim


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


def load_pairs(paths: Iterable[Path]) -> list[LabelledPair]:
    """Labelled pairs of several files; raises ValueError when one cannot be read or an id
    repeats."""
    pairs: list[LabelledPair] = []
    for path in paths:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            pairs.extend(LabelledPair.from_dict(item) for item in raw["pairs"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ValueError(f"Cannot read labelled pairs from {path}: {error}") from error
    repeated = [pair_id for pair_id, n in Counter(p.id for p in pairs).items() if n > 1]
    if repeated:
        raise ValueError(f"Labelled pair ids repeat across files: {', '.join(repeated[:5])}")
    return pairs


def flag_sides(flag: ContradictionFlag) -> tuple[list[Claim], list[Claim]]:
    """Every claim stating each side of a flag (from `flags_for_scoring`): any of them stands
    for its side, since a repeat of a figure joins its flag instead of making another."""
    claims: dict[str, list[Claim]] = {"a": [flag.claim_a], "b": [flag.claim_b]}
    for member in flag.sides.all():
        claims[member.side].append(member.claim)
    return claims["a"], claims["b"]


def flags_for_scoring():
    return (
        ContradictionFlag.objects.select_related("claim_a", "claim_b")
        .prefetch_related(Prefetch("sides", queryset=FlagClaim.objects.select_related("claim")))
        .order_by("pk")
    )


@dataclass
class Evaluation:
    pairs: list[LabelledPair]
    flags: list[ContradictionFlag] = field(default_factory=list)
    flags_by_pair: dict[str, list[ContradictionFlag]] = field(default_factory=dict)
    unlabelled: list[ContradictionFlag] = field(default_factory=list)
    cross_story_flags: list[ContradictionFlag] = field(default_factory=list)
    cross_event_flags: list[ContradictionFlag] = field(default_factory=list)
    unknown_quotes: list[str] = field(default_factory=list)

    def found(self, pair: LabelledPair) -> bool:
        return bool(self.flags_by_pair.get(pair.id))

    @property
    def contradictions(self) -> list[LabelledPair]:
        return [pair for pair in self.pairs if pair.label == "contradiction"]

    @property
    def required(self) -> list[LabelledPair]:
        return [pair for pair in self.contradictions if not pair.stretch]

    @property
    def compatibles(self) -> list[LabelledPair]:
        return [pair for pair in self.pairs if pair.label == "compatible"]

    @property
    def missed_required(self) -> list[LabelledPair]:
        return [pair for pair in self.required if not self.found(pair)]

    @property
    def false_alarms(self) -> list[LabelledPair]:
        return [pair for pair in self.compatibles if self.found(pair)]

    def flags_matching(self, labels: set[str]) -> set[int]:
        labels_by_id = {pair.id: pair.label for pair in self.pairs}
        return {
            flag.pk
            for pair_id, flags in self.flags_by_pair.items()
            if labels_by_id[pair_id] in labels
            for flag in flags
        }


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


def evaluate(
    pairs: list[LabelledPair],
    articles_by_doc: dict[str, Article],
    events_by_doc: dict[str, str] | None = None,
) -> Evaluation:
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
    events = events_by_doc or {}
    for flag in flags_for_scoring():
        result.flags.append(flag)
        claims_a, claims_b = flag_sides(flag)
        if flag.claim_a.story_id != flag.claim_b.story_id:
            result.cross_story_flags.append(flag)
        events_a = {events.get(doc_of_article.get(claim.article_id)) for claim in claims_a}
        events_b = {events.get(doc_of_article.get(claim.article_id)) for claim in claims_b}
        if None not in events_a | events_b and events_a != events_b:
            result.cross_event_flags.append(flag)
        matched = False
        for pair in pairs:
            if _flag_matches(claims_a, claims_b, pair, spans, doc_of_article):
                result.flags_by_pair.setdefault(pair.id, []).append(flag)
                matched = True
        if not matched:
            result.unlabelled.append(flag)
    return result


def _flag_matches(claims_a, claims_b, pair, spans, doc_of_article) -> bool:
    def side_matches(claims: list[Claim], side: Side) -> bool:
        return any(
            doc_of_article.get(claim.article_id) == side.doc
            and _overlaps(claim, spans[(side.doc, side.quote)])
            for claim in claims
        )

    return (side_matches(claims_a, pair.a) and side_matches(claims_b, pair.b)) or (
        side_matches(claims_a, pair.b) and side_matches(claims_b, pair.a)
    )


def claims_covering(article: Article | None, quote: str) -> list[Claim]:
    if article is None:
        return []
    found = _occurrences(article.body, quote)
    return [claim for claim in article.claims.all() if _overlaps(claim, found)]


def summary_counts(result: Evaluation) -> dict[tuple[str, str], tuple[int, int]]:
    """(label, kind) -> (pairs flagged, pairs); stretch contradictions counted apart."""
    totals: Counter = Counter()
    found: Counter = Counter()
    for pair in result.pairs:
        label = f"{pair.label} (stretch)" if pair.stretch else pair.label
        totals[(label, pair.kind)] += 1
        found[(label, pair.kind)] += result.found(pair)
    return {key: (found[key], totals[key]) for key in sorted(totals)}


def flag_kinds_by_label(result: Evaluation) -> dict[str, Counter]:
    kinds: dict[str, Counter] = defaultdict(Counter)
    for pair in result.pairs:
        for flag in result.flags_by_pair.get(pair.id, []):
            kinds[pair.label][flag.kind] += 1
    return kinds
