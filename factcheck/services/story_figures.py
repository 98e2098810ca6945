"""A story's figure index (StoryFigure): each distinct statement of a story under its index
keys, standing for it the first claim of the story that makes it, kept as claims are read again,
leave their story or join another."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Min

from .. import engine
from ..engine.signatures import detection_signature
from ..models import Claim, StoryFigure
from ..selectors import claim_record


def _claim_figures_register(
    claims: Sequence[Claim], *, facts: dict[int, engine.ClaimFacts] | None = None
) -> None:
    """Give each claim its detection signature and enter it among its story's distinct
    statements, under each of its index keys (where the story already has the statement,
    the claim that stands for it stays)."""
    facts = facts or {}
    changed, rows = [], []
    for claim in claims:
        stated = facts.get(claim.pk) or engine.ClaimFacts.from_dict(claim.facts)
        published = claim_record(claim, facts=stated).published
        signature = detection_signature(stated, published)
        if claim.detection_signature != signature:
            claim.detection_signature = signature
            changed.append(claim)
        if claim.story_id is not None:
            rows += [
                StoryFigure(
                    story_id=claim.story_id,
                    key=key,
                    signature=signature,
                    claim=claim,
                    article_id=claim.article_id,
                    published=published,
                )
                for key in engine.index_keys(stated)
            ]
    if changed:
        Claim.objects.bulk_update(changed, ["detection_signature"])
    if rows:
        StoryFigure.objects.bulk_create(rows, ignore_conflicts=True)


def _story_figures_repair(
    *, story_id: int, signatures: Iterable[str], leaving: Sequence[int] = ()
) -> None:
    """These statements of a story are given the first other claim of the story that makes
    them (not one of `leaving`), or forgotten when none is left."""
    signatures = list(signatures)
    firsts = (
        Claim.objects.filter(story_id=story_id, detection_signature__in=signatures)
        .exclude(pk__in=list(leaving))
        .values("detection_signature")
        .annotate(first=Min("pk"))
        .order_by()
        .values_list("detection_signature", "first")
    )
    first_of = dict(firsts)
    articles = dict(Claim.objects.filter(pk__in=first_of.values()).values_list("pk", "article_id"))
    # In bulk, whatever the number of statements: a few queries per story.
    StoryFigure.objects.filter(story_id=story_id, signature__in=signatures).exclude(
        signature__in=list(first_of)
    ).delete()
    moved = []
    for row in StoryFigure.objects.filter(story_id=story_id, signature__in=list(first_of)):
        claim_id = first_of[row.signature]
        if (row.claim_id, row.article_id) != (claim_id, articles[claim_id]):
            row.claim_id, row.article_id = claim_id, articles[claim_id]
            moved.append(row)
    if moved:
        StoryFigure.objects.bulk_update(moved, ["claim", "article"])


def _story_figures_forget(claim_ids: Sequence[int]) -> None:
    """Claims about to leave their story or to state something else stop standing for their
    statements: another claim making them takes their place."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return
    stood_for: dict[int, set[str]] = {}
    for story_id, signature in (
        StoryFigure.objects.filter(claim_id__in=claim_ids)
        .values_list("story_id", "signature")
        .distinct()
    ):
        stood_for.setdefault(story_id, set()).add(signature)
    for story_id, signatures in stood_for.items():
        _story_figures_repair(story_id=story_id, signatures=signatures, leaving=claim_ids)
