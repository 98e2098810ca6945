"""Reads. Object access for API users goes through `*_get_for_user` / `*_list_for_user`:
staff roles see the whole newsroom, an integration sees what it submitted."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.http import Http404

from . import engine
from .models import (
    Article,
    Claim,
    ContradictionFlag,
    FlagClaim,
    Story,
    StoryFigure,
)
from .roles import is_staff_member

# Detection compares a new claim with at most this many distinct statements sharing an index
# key with it, newest first, so a key that grows very common cannot make one task unbounded.
DETECTION_MAX_CANDIDATES = 5_000


# --- Detection -----------------------------------------------------------------------------


def _claim_published(published_at, created_at):
    """The report date detection reads: the article's publication date, or None when the
    article does not state one (the day it was posted says nothing about what it reports)."""
    return published_at.date() if published_at else None


def claim_record(claim: Claim, *, facts: engine.ClaimFacts | None = None) -> engine.ClaimRecord:
    article = claim.article
    published_at = article.published_at if article is not None else None
    created_at = article.created_at if article is not None else claim.created_at
    return engine.ClaimRecord(
        id=claim.pk,
        facts=facts if facts is not None else engine.ClaimFacts.from_dict(claim.facts),
        published=_claim_published(published_at, created_at),
        document_id=claim.article_id,
    )


@dataclass(frozen=True)
class DetectionCandidates:
    records: list[engine.ClaimRecord]
    # The detection signature of each candidate: the group of claims it stands for.
    signatures: dict[int, str]
    # Signatures whose StoryFigure rows name a claim that left the story or changed.
    stale: frozenset[str]


# Parsed facts of the claims that stand for a story's distinct statements, by (claim id,
# signature): reading facts from JSON costs more than comparing them, and the same
# representatives are read for every new claim of a story. Bounded, so a worker's memory
# stays flat whatever the number of stories.
FACTS_CACHE_SIZE = 20_000
_facts_cache: OrderedDict[tuple[int, str], engine.ClaimFacts] = OrderedDict()


def _facts_cached(claim_id: int, signature: str) -> engine.ClaimFacts | None:
    facts = _facts_cache.get((claim_id, signature))
    if facts is not None:
        _facts_cache.move_to_end((claim_id, signature))
    return facts


def _facts_remember(claim_id: int, signature: str, facts: engine.ClaimFacts) -> None:
    _facts_cache[(claim_id, signature)] = facts
    if len(_facts_cache) > FACTS_CACHE_SIZE:
        _facts_cache.popitem(last=False)


def detection_candidates(*, claim: Claim, keys: Iterable[str]) -> DetectionCandidates:
    """What a claim is compared with: for each distinct statement (detection signature) of
    its story filed under one of its keys, one claim that makes it (StoryFigure), from
    another article than this claim's; and the claims of its own article sharing a key.
    Claims with one signature state the same facts on the same day, so comparing one of them
    finds what comparing each would. Indexed look-ups on (story, key); never a scan of the
    story's claims."""
    keys = sorted(keys)
    if not keys or claim.story_id is None:
        return DetectionCandidates(records=[], signatures={}, stale=frozenset())
    # A statement is filed under each of its keys (a toll under every event it contains), with
    # the same claim, article and day: one row per statement, grouped in the database, instead
    # of one per key read and thrown away here.
    rows = (
        StoryFigure.objects.filter(story_id=claim.story_id, key__in=keys)
        .values("signature")
        .annotate(claim=Max("claim_id"), article=Max("article_id"), day=Max("published"))
        .order_by("-claim")
        .values_list("signature", "claim", "article", "day")[:DETECTION_MAX_CANDIDATES]
    )
    chosen: dict[str, tuple[int, int | None]] = {}  # signature -> claim, article
    published_of: dict[str, object] = {}
    replace, deleted = set(), set()
    for signature, claim_id, article_id, published in rows:
        published_of[signature] = published
        if claim_id is None:
            deleted.add(signature)
        elif claim.article_id is not None and article_id == claim.article_id:
            replace.add(signature)  # compared below as a claim of the same article
        elif claim_id != claim.pk:
            chosen[signature] = (claim_id, article_id)
    # Facts by signature: after a claim is read again it may still stand for its former
    # statement too, until that statement is given another claim.
    facts_of: dict[str, engine.ClaimFacts] = {}
    missing: dict[str, int] = {}
    for signature, (claim_id, _) in chosen.items():
        facts = _facts_cached(claim_id, signature)
        if facts is None:
            missing[signature] = claim_id
        else:
            facts_of[signature] = facts
    stale = set()
    if missing:
        current = {
            pk: (facts, story_id, signature)
            for pk, facts, story_id, signature in Claim.objects.filter(
                pk__in=set(missing.values())
            ).values_list("pk", "facts", "story_id", "detection_signature")
        }
        for signature, claim_id in missing.items():
            facts, story_id, stated = current.get(claim_id, (None, None, None))
            if story_id != claim.story_id or stated != signature:
                stale.add(signature)  # left the story or states something else since
                del chosen[signature]
                continue
            facts_of[signature] = engine.ClaimFacts.from_dict(facts)
            _facts_remember(claim_id, signature, facts_of[signature])
    stale |= deleted
    # Another claim of the story that makes the same statement, from another article.
    if stale or replace:
        others = Claim.objects.filter(
            story_id=claim.story_id, detection_signature__in=stale | replace
        ).exclude(pk=claim.pk)
        if claim.article_id is not None:
            others = others.exclude(article_id=claim.article_id)
        firsts = others.values("detection_signature").annotate(first=Min("pk")).order_by()
        first_ids = {row["first"]: row["detection_signature"] for row in firsts}
        for pk, article_id, facts in Claim.objects.filter(pk__in=first_ids).values_list(
            "pk", "article_id", "facts"
        ):
            chosen[first_ids[pk]] = (pk, article_id)
            facts_of[first_ids[pk]] = engine.ClaimFacts.from_dict(facts)
    records, signatures = [], {}
    for signature, (claim_id, article_id) in chosen.items():
        records.append(
            engine.ClaimRecord(
                id=claim_id,
                facts=facts_of[signature],
                published=published_of[signature],
                document_id=article_id,
            )
        )
        signatures[claim_id] = signature
    if claim.article_id is not None:
        same_article = (
            Claim.objects.filter(
                article_id=claim.article_id,
                story_id=claim.story_id,
                index_keys__key__in=keys,
            )
            .exclude(pk=claim.pk)
            .distinct()
            .values_list(
                "pk",
                "facts",
                "detection_signature",
                "article__published_at",
                "article__created_at",
            )
        )
        for pk, facts, signature, published_at, created_at in same_article:
            records.append(
                engine.ClaimRecord(
                    id=pk,
                    facts=engine.ClaimFacts.from_dict(facts),
                    published=_claim_published(published_at, created_at),
                    document_id=claim.article_id,
                )
            )
            signatures[pk] = signature
    return DetectionCandidates(records=records, signatures=signatures, stale=frozenset(stale))


def detection_candidate_records(*, claim: Claim, keys: Iterable[str]) -> list[engine.ClaimRecord]:
    """The records `claim` is compared with (see detection_candidates)."""
    return detection_candidates(claim=claim, keys=keys).records


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


def flag_claims_by_side(flag_ids: Iterable[int]) -> dict[int, dict[str, list[dict]]]:
    """Every claim on each side of these flags ({"id", "article", "text", "start", "end"}),
    the flag's first claim of the side (claim_a / claim_b) first, then by id: two queries
    whatever the number of flags and of supporting claims."""
    flag_ids = list(flag_ids)
    fields = ("id", "article_id", "text", "start", "end")

    def shown(values) -> dict:
        return dict(zip(("id", "article", "text", "start", "end"), values, strict=True))

    sides: dict[int, dict[str, list[dict]]] = {}
    for pk, *first in ContradictionFlag.objects.filter(pk__in=flag_ids).values_list(
        "pk", *(f"claim_a__{name}" for name in fields), *(f"claim_b__{name}" for name in fields)
    ):
        sides[pk] = {"a": [shown(first[:5])], "b": [shown(first[5:])]}
    for flag_id, side, *claim in (
        FlagClaim.objects.filter(flag_id__in=flag_ids)
        .order_by("flag_id", "side", "claim_id")
        .values_list("flag_id", "side", *(f"claim__{name}" for name in fields))
    ):
        listed = sides[flag_id][side]
        if claim[0] != listed[0]["id"]:
            listed.append(shown(claim))
    return sides


def flag_get_for_user(user, flag_id: int) -> ContradictionFlag:
    flag = flag_list_for_user(user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404("No such contradiction flag.")
    return flag


def open_flags_exist():
    """The claim is on an open flag: as the first claim of a side, or repeating its figure (a
    condition on a Claim queryset: the API's filter and the admin's use it)."""
    open_flags = ContradictionFlag.objects.filter(status=ContradictionFlag.Status.OPEN)
    return (
        Exists(open_flags.filter(claim_a=OuterRef("pk")))
        | Exists(open_flags.filter(claim_b=OuterRef("pk")))
        | Exists(
            FlagClaim.objects.filter(
                claim=OuterRef("pk"), flag__status=ContradictionFlag.Status.OPEN
            )
        )
    )
