"""Reads. Object access for API users goes through `*_get_for_user` / `*_list_for_user`:
staff roles see the whole newsroom, an integration sees what it submitted."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from . import engine
from .models import Article, Claim, ClaimIndexKey, ContradictionFlag, Story
from .roles import is_staff_member

# Detection compares a new claim with at most this many candidates sharing an index key with
# it, newest first, so a key that grows very common cannot make one task unbounded.
DETECTION_MAX_CANDIDATES = 5_000


# --- Detection -----------------------------------------------------------------------------


def _claim_published(published_at, created_at):
    return (published_at or created_at).date()


def claim_record(claim: Claim) -> engine.ClaimRecord:
    article = claim.article
    published_at = article.published_at if article is not None else None
    created_at = article.created_at if article is not None else claim.created_at
    return engine.ClaimRecord(
        id=claim.pk,
        facts=engine.ClaimFacts.from_dict(claim.facts),
        published=_claim_published(published_at, created_at),
        document_id=claim.article_id,
    )


def detection_candidate_records(*, claim: Claim, keys: Iterable[str]) -> list[engine.ClaimRecord]:
    """Stored claims of the same story sharing at least one index key with `claim`: an
    indexed look-up on (story, key), never a scan of all claims."""
    keys = list(keys)
    if not keys:
        return []
    sharing_a_key = ClaimIndexKey.objects.filter(
        claim=OuterRef("pk"), story_id=claim.story_id, key__in=keys
    )
    rows = (
        Claim.objects.filter(Exists(sharing_a_key))
        .exclude(pk=claim.pk)
        .order_by("-pk")
        .values_list(
            "pk",
            "facts",
            "article_id",
            "article__published_at",
            "article__created_at",
            "created_at",
        )[:DETECTION_MAX_CANDIDATES]
    )
    return [
        engine.ClaimRecord(
            id=pk,
            facts=engine.ClaimFacts.from_dict(facts),
            published=_claim_published(published_at, article_created_at or created_at),
            document_id=article_id,
        )
        for pk, facts, article_id, published_at, article_created_at, created_at in rows
    ]


# --- Stories -----------------------------------------------------------------------------


def story_get(story_id: int) -> Story | None:
    return Story.objects.filter(pk=story_id).first()


def story_list_for_user(user) -> QuerySet[Story]:
    """Staff see every story; an integration the stories of the claims it may see."""
    if is_staff_member(user):
        return Story.objects.all()
    return Story.objects.filter(
        pk__in=claim_list_for_user(user).exclude(story=None).values("story_id")
    )


def story_get_for_user(user, story_id: int) -> Story:
    story = story_list_for_user(user).filter(pk=story_id).first()
    if story is None:
        raise Http404("No such story.")
    return story


# --- Articles ------------------------------------------------------------------------------


def article_list_for_user(user) -> QuerySet[Article]:
    articles = Article.objects.select_related("publisher")
    if is_staff_member(user):
        return articles
    return articles.filter(submitters=user)


def article_get_for_user(user, article_id: int) -> Article:
    article = article_list_for_user(user).filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article.")
    return article


# --- Claims --------------------------------------------------------------------------------


def claim_list_for_user(user) -> QuerySet[Claim]:
    claims = Claim.objects.all()
    if is_staff_member(user):
        return claims
    # Claims of the articles a client sent are in its `submitters` too (the services keep
    # them in step), so visibility is one join the planner can drive from either side.
    return claims.filter(submitters=user)


def claim_get_for_user(user, claim_id: int) -> Claim:
    claim = claim_list_for_user(user).filter(pk=claim_id).first()
    if claim is None:
        raise Http404("No such claim.")
    return claim


# --- Contradiction flags -------------------------------------------------------------------


def flag_list_for_user(user) -> QuerySet[ContradictionFlag]:
    """Flags with both claims loaded in the same query. An integration sees the flags that
    involve a claim it submitted (the other claim is shown too: it is what contradicts it)."""
    flags = ContradictionFlag.objects.select_related("claim_a", "claim_b")
    if is_staff_member(user):
        return flags
    visible_claims = claim_list_for_user(user).values("pk")
    return flags.filter(Q(claim_a__in=visible_claims) | Q(claim_b__in=visible_claims))


def flag_get_for_user(user, flag_id: int) -> ContradictionFlag:
    flag = flag_list_for_user(user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404("No such contradiction flag.")
    return flag
