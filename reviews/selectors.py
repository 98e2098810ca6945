"""Reads of the review workflow: a fact-checker's queue, a claim's history and verdict
versions, the actions a user may take on a claim, and ClaimReview documents."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q, QuerySet

from factcheck.models import AuditEvent, Claim, ContradictionFlag, FlagClaim
from factcheck.roles import Role, has_any_role

from .models import (
    CLAIM_TRANSITIONS,
    FLAG_TRANSITIONS,
    QUEUE_STATES,
    RATING_BEST,
    RATING_VALUES,
    RATING_WORST,
    Assignment,
    ReviewAction,
    ReviewSettings,
    Verdict,
)

ClaimStatus = Claim.Status


def fact_checkers() -> QuerySet:
    """Active users with the fact-checker role: who a claim can be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.FACT_CHECKER)
        .distinct()
        .order_by("username")
    )


def user_get(user_id: int):
    return get_user_model().objects.filter(pk=user_id).first()


# --- A claim's review state ----------------------------------------------------------------


def claim_current_assignment(claim: Claim) -> Assignment | None:
    return (
        Assignment.objects.select_related("assignee", "assigned_by")
        .filter(claim=claim, ended_at__isnull=True)
        .first()
    )


def claim_current_verdict(claim: Claim) -> Verdict | None:
    """The latest version of the claim's verdict, whatever its status."""
    return (
        Verdict.objects.select_related("author", "reviewed_by", "published_by")
        .filter(claim=claim)
        .order_by("-version")
        .first()
    )


def claim_actions_available(
    *,
    claim: Claim,
    user,
    assignment: Assignment | None,
    verdict: Verdict | None,
    may_take: bool | None = None,
) -> list[str]:
    """The review actions `user` may take on `claim` now: the transition table (role and
    source state) and the services' rules (only the assignee starts and submits; approving
    and returning are hidden from the verdict's author). The services check all of it again."""
    available = []
    for action, transition in CLAIM_TRANSITIONS.items():
        if not transition.allows_source(claim.status):
            continue
        if not has_any_role(user, transition.roles):
            continue
        if action in (ReviewAction.START, ReviewAction.SUBMIT) and (
            assignment is None or assignment.assignee_id != user.pk
        ):
            continue
        if action in (ReviewAction.APPROVE, ReviewAction.REQUEST_CHANGES) and (
            verdict is None or verdict.author_id == user.pk
        ):
            continue
        if action == ReviewAction.TAKE:
            if may_take is None:
                may_take = ReviewSettings.load().checkers_may_take_unassigned
            if not may_take or assignment is not None:
                continue
        available.append(str(action))
    return available


def flag_actions_available(*, flag: ContradictionFlag, user) -> list[str]:
    return [
        str(action)
        for action, transition in FLAG_TRANSITIONS.items()
        if transition.allows_source(flag.status) and has_any_role(user, transition.roles)
    ]


@dataclass(frozen=True)
class ClaimReviewState:
    claim: Claim
    assignment: Assignment | None
    verdict: Verdict | None
    actions: list[str]


def claim_review_state(*, claim_id: int, user) -> ClaimReviewState:
    claim = Claim.objects.get(pk=claim_id)
    assignment = claim_current_assignment(claim)
    verdict = claim_current_verdict(claim)
    return ClaimReviewState(
        claim=claim,
        assignment=assignment,
        verdict=verdict,
        actions=claim_actions_available(
            claim=claim, user=user, assignment=assignment, verdict=verdict
        ),
    )


# --- Queue ---------------------------------------------------------------------------------


def _open_flags() -> QuerySet[ContradictionFlag]:
    return ContradictionFlag.objects.filter(status=ContradictionFlag.Status.OPEN).order_by(
        "-score", "pk"
    )


def queue_for_user(*, user) -> QuerySet[Assignment]:
    """A fact-checker's open claims (their current assignments whose claim is theirs to work
    on or waits for approval), by due date (none last), each with its claim's open
    contradiction flags (those it repeats a side of too): five queries whatever the length
    of the page."""
    return (
        Assignment.objects.filter(
            assignee=user, ended_at__isnull=True, claim__status__in=QUEUE_STATES
        )
        .select_related("claim", "assigned_by")
        .prefetch_related(
            Prefetch("claim__flags_as_a", queryset=_open_flags(), to_attr="open_flags_a"),
            Prefetch("claim__flags_as_b", queryset=_open_flags(), to_attr="open_flags_b"),
            Prefetch(
                "claim__flag_sides",
                queryset=FlagClaim.objects.filter(
                    flag__status=ContradictionFlag.Status.OPEN
                ).select_related("flag"),
                to_attr="open_flag_sides",
            ),
        )
        .order_by(F("due_at").asc(nulls_last=True), "created_at", "pk")
    )


def open_flags_of(claim: Claim) -> list[ContradictionFlag]:
    """The open flags prefetched by `queue_for_user`, as one list: those the claim is the
    first claim of a side of, and those it repeats a side of."""
    flags = {
        flag.pk: flag
        for flag in [
            *getattr(claim, "open_flags_a", []),
            *getattr(claim, "open_flags_b", []),
            *(side.flag for side in getattr(claim, "open_flag_sides", [])),
        ]
    }
    return sorted(flags.values(), key=lambda flag: (-flag.score, flag.pk))


def flag_other_side_claim(flag: ContradictionFlag, claim: Claim) -> int:
    """The first claim of the side of `flag` that `claim` is not on."""
    if claim.pk == flag.claim_a_id:
        return flag.claim_b_id
    if claim.pk == flag.claim_b_id:
        return flag.claim_a_id
    sides = {side.flag_id: side.side for side in getattr(claim, "open_flag_sides", [])}
    return flag.claim_b_id if sides.get(flag.pk) == "a" else flag.claim_a_id


# --- History and verdicts ------------------------------------------------------------------


def claim_history(*, claim: Claim) -> QuerySet[AuditEvent]:
    """Every audit event of the claim, and the decisions on its contradiction flags, oldest
    first."""
    return (
        AuditEvent.objects.filter(Q(claim=claim) | Q(flag__claim_a=claim) | Q(flag__claim_b=claim))
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def claim_verdicts(*, claim: Claim) -> QuerySet[Verdict]:
    """Every version of the claim's verdict, newest first, with evidence and resolved flags."""
    return (
        Verdict.objects.filter(claim=claim)
        .select_related("author", "reviewed_by", "published_by")
        .prefetch_related("evidence", "resolves")
        .order_by("-version")
    )


# --- ClaimReview ---------------------------------------------------------------------------

CLAIM_REVIEWED_MAX_CHARS = 280


class ClaimReviewGone(Exception):
    """The claim's verdict was published, then retracted."""


def published_verdict_for_claim(*, claim_id: int) -> Verdict | None:
    """The published verdict of a claim, for its ClaimReview. None if the claim was never
    published; ClaimReviewGone if it was retracted."""
    verdict = (
        Verdict.objects.filter(
            claim_id=claim_id,
            status__in=[Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED],
        )
        .select_related("claim__article__publisher")
        .order_by("-version")
        .first()
    )
    if verdict is None:
        return None
    if verdict.status == Verdict.Status.RETRACTED or verdict.claim.status != ClaimStatus.PUBLISHED:
        raise ClaimReviewGone()
    return verdict


def published_verdicts(*, updated_since: datetime.datetime | None = None) -> QuerySet[Verdict]:
    """The feed: every published verdict, newest first; one query for any page size."""
    verdicts = (
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED, claim__status=ClaimStatus.PUBLISHED)
        .select_related("claim__article__publisher")
        .order_by("-published_at", "-pk")
    )
    if updated_since is not None:
        verdicts = verdicts.filter(published_at__gte=updated_since)
    return verdicts


def claimreview_url(claim_id: int) -> str:
    return settings.FACTCHECK_CLAIMREVIEW_URL_TEMPLATE.format(claim_id=claim_id)


def _short(text: str, limit: int = CLAIM_REVIEWED_MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claimreview_document(*, verdict: Verdict) -> dict:
    """The schema.org ClaimReview (JSON-LD) of a published verdict. Needs the verdict's claim,
    article and publisher (loaded with `select_related("claim__article__publisher")`)."""
    claim = verdict.claim
    rating: dict = {"@type": "Rating", "alternateName": verdict.get_rating_display()}
    value = RATING_VALUES[verdict.rating]
    if value is not None:
        rating.update(ratingValue=value, bestRating=RATING_BEST, worstRating=RATING_WORST)
    item: dict = {"@type": "Claim"}
    article = claim.article
    if article is not None:
        if article.publisher is not None:
            publisher: dict = {"@type": "Organization", "name": article.publisher.name}
            if article.publisher.domain:
                publisher["url"] = f"https://{article.publisher.domain}/"
            item["author"] = publisher
        if article.published_at is not None:
            item["datePublished"] = article.published_at.isoformat()
        if article.url:
            item["appearance"] = {"@type": "CreativeWork", "url": article.url}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claimreview_url(claim.pk),
        "claimReviewed": _short(claim.text),
        "datePublished": verdict.published_at.isoformat() if verdict.published_at else None,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANISATION_NAME,
            "url": settings.FACTCHECK_ORGANISATION_URL,
        },
        "reviewRating": rating,
        "itemReviewed": item,
    }
