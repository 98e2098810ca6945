"""Writes of claims: a claim sent in alone or found in an article."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from .. import engine
from ..audit import AuditAction, audit_event_record, audit_events_record
from ..engine.stories import load_word_frequencies
from ..models import (
    Article,
    Claim,
    ClaimIndexKey,
    ContradictionFlag,
    FlagClaim,
    Story,
)
from ..selectors import (
    claim_list_for_user,
)
from ..story_grouping import (
    story_file_claim,
)
from .common import sha256_hex
from .flag_release import _flags_release, _flags_reviewed
from .queueing import _claims_queue_detection
from .story_figures import _claim_figures_register, _story_figures_forget


class ClaimTextNotInArticle(ValueError):
    pass


def _claims_store(
    *, article: Article, rows: Sequence[tuple[str, int, int, engine.ClaimFacts]]
) -> list[Claim]:
    """Insert an article's claims (text, start, end, facts) and their index keys under the
    article's story; claims that already exist are kept. Returns the article's stored claims
    of these texts, in text order."""
    new_claims: dict[str, Claim] = {}
    for text, start, end, facts in rows:
        digest = sha256_hex(text)
        if digest not in new_claims:  # the same sentence twice in one article is one claim
            new_claims[digest] = Claim(
                article=article,
                story=article.story,
                text=text,
                text_sha256=digest,
                start=start,
                end=end,
                facts=facts.to_dict(),
            )
    Claim.objects.bulk_create(new_claims.values(), ignore_conflicts=True)
    stored = list(
        Claim.objects.filter(article=article, text_sha256__in=new_claims.keys()).order_by(
            "start", "id"
        )
    )
    # Reprocessing with a newer engine: the claims that were already there take the facts it
    # reads now, and are filed under the keys those facts give.
    refreshed = []
    for claim in stored:
        claim.article = article  # its report day is the article's
        wanted = new_claims[claim.text_sha256]
        if (claim.facts, claim.story_id) != (wanted.facts, wanted.story_id):
            claim.facts, claim.story_id = wanted.facts, wanted.story_id
            refreshed.append(claim)
    # A claim retired by an earlier engine that this one reads again takes part again.
    revived = [claim for claim in stored if claim.detection_version == Claim.DETECTION_RETIRED]
    if revived:
        for claim in revived:
            claim.detection_version, claim.detected_at = "", None
        Claim.objects.bulk_update(revived, ["detection_version", "detected_at"])
    if refreshed:
        _story_figures_forget([claim.pk for claim in refreshed])
        Claim.objects.bulk_update(refreshed, ["facts", "story"])
        ClaimIndexKey.objects.filter(claim__in=refreshed).delete()
    _claim_index_keys_store(stored)
    submitter_ids = list(article.submitters.values_list("pk", flat=True))
    Claim.submitters.through.objects.bulk_create(
        [
            Claim.submitters.through(claim=claim, user_id=user_id)
            for claim in stored
            for user_id in submitter_ids
        ],
        ignore_conflicts=True,
    )
    return stored


def _claims_retire(*, article: Article, read: Collection[int]) -> tuple[int, int]:
    """Retire the claims of `article` that the engine no longer reads there (not in `read`,
    the claims it stored now): an upgrade split their sentence into clause claims, or reads
    it differently. They stop taking part in detection: their open flags are taken back
    (withdrawn when a side is left empty, audited) and their statements leave the story's
    figures. A claim nobody has worked on is deleted; one with a review history (a status
    other than new, an assignment, a verdict, cited as evidence, or on a flag a person
    confirmed or dismissed or that a review refers to: cited as evidence, settled by a verdict)
    is kept as its record, with the facts the reviewer saw, but
    without figures or index keys (Claim.DETECTION_RETIRED). Claims a person sent (their own
    text, not the engine's reading) are not the engine's to retire. A fixed number of
    queries, whatever the number of claims; running it again retires nothing more."""
    sent_by_others = Claim.submitters.through.objects.filter(claim_id=OuterRef("pk")).exclude(
        user_id__in=article.submitters.values("pk")
    )
    # The review workflow's rows, through Claim's reverse accessors: no import of reviews.
    reviewed = [
        Exists(relation.related_model.objects.filter(claim_id=OuterRef("pk")))
        for relation in (Claim.assignments.rel, Claim.verdicts.rel, Claim.cited_as_evidence.rel)
    ]
    # A flag a person decided on or a review refers to keeps its claims: they are its record.
    kept_flags = ContradictionFlag.objects.filter(
        Q(pk__in=_flags_reviewed().values("pk")) | ~Q(status=ContradictionFlag.Status.OPEN)
    ).values("pk")
    rows = list(
        Claim.objects.filter(article=article, submitted_by=None)
        .exclude(pk__in=list(read))
        .exclude(detection_version=Claim.DETECTION_RETIRED)
        .exclude(Exists(sent_by_others))
        .annotate(
            worked_on=ExpressionWrapper(
                ~Q(status=Claim.Status.NEW)
                | Q(Exists(FlagClaim.objects.filter(flag__in=kept_flags, claim_id=OuterRef("pk"))))
                | Q(
                    Exists(
                        ContradictionFlag.objects.filter(pk__in=kept_flags, claim_a=OuterRef("pk"))
                    )
                )
                | Q(
                    Exists(
                        ContradictionFlag.objects.filter(pk__in=kept_flags, claim_b=OuterRef("pk"))
                    )
                )
                | Q(*reviewed, _connector=Q.OR),
                output_field=BooleanField(),
            )
        )
        .values_list("pk", "status", "text", "worked_on")
    )
    if not rows:
        return 0, 0
    stale_ids = [pk for pk, *_ in rows]
    kept_ids = [pk for pk, _, _, worked_on in rows if worked_on]
    gone_ids = [pk for pk, _, _, worked_on in rows if not worked_on]
    _flags_release(claim_ids=stale_ids, keep=set(), article_id=article.pk)
    _story_figures_forget(stale_ids)
    ClaimIndexKey.objects.filter(claim_id__in=kept_ids).delete()
    Claim.objects.filter(pk__in=kept_ids).update(
        detection_version=Claim.DETECTION_RETIRED,
        detection_signature="",
        detected_at=timezone.now(),
    )
    Claim.objects.filter(pk__in=gone_ids).delete()
    reason = f"no longer read in its article by engine {engine.ENGINE_VERSION}"
    audit_events_record(
        events=[
            dict(
                action=AuditAction.CLAIM_RETIRED,
                article_id=article.pk,
                # A deleted claim's own events go with it: its record stays on the article.
                claim_id=pk if worked_on else None,
                from_state=status,
                to_state=status if worked_on else "deleted",
                comment=f"{reason}; "
                + ("kept for its review history, out of detection" if worked_on else "deleted"),
                details={"claim": pk, "text": text[:500]},
            )
            for pk, status, text, worked_on in rows
        ]
    )
    return len(kept_ids), len(gone_ids)


def _claim_index_keys_store(claims: Sequence[Claim]) -> None:
    _claim_figures_register(claims)
    ClaimIndexKey.objects.bulk_create(
        [
            ClaimIndexKey(claim=claim, story_id=claim.story_id, key=key)
            for claim in claims
            for key in engine.index_keys(engine.ClaimFacts.from_dict(claim.facts))
        ],
        ignore_conflicts=True,
    )


def _latest_date(facts: engine.ClaimFacts) -> datetime.date | None:
    """The latest date a claim names, if any: the day to match a lone claim's story by."""
    days = []
    for text in facts.dates:
        try:
            days.append(datetime.date.fromisoformat(text))
        except ValueError:
            continue
    return max(days, default=None)


@dataclass(frozen=True)
class ClaimCreateResult:
    claim: Claim
    created: bool


def claim_create(
    *,
    text: str,
    article: Article | None = None,
    story: Story | None = None,
    submitted_by=None,
) -> ClaimCreateResult:
    """Store a claim submitted directly (not extracted) and queue its detection.

    With an article, the claim is the first occurrence of `text` in the article's body, so its
    span is known; the text must occur there (ClaimTextNotInArticle otherwise), and the claim
    belongs to the article's story. Without one, it is filed under `story` if given, else
    under the story its words resemble (a new story when none does). The same text again (in the
    same article, or without one by a sender who may read the stored claim) returns the stored
    claim, `created=False`; without an article, each client's claim is its own."""
    start = end = None
    published = None
    if article is not None:
        position = article.body.find(text)
        if position < 0:
            raise ClaimTextNotInArticle("The claim text does not occur in the article's body.")
        start, end = position, position + len(text)
        published = article.published_at.date() if article.published_at else None
    digest = sha256_hex(text)
    existing = _claim_find_duplicate(article=article, text_sha256=digest, sender=submitted_by)
    if existing is not None:
        _claim_add_submitter(existing, submitted_by)
        return ClaimCreateResult(claim=existing, created=False)
    facts = engine.analyze_claim(text, published=published)
    load_word_frequencies()
    try:
        with transaction.atomic():
            if article is not None:
                story = article.story
            elif story is None:
                story = story_file_claim(text=text, day=_latest_date(facts))
            claim = Claim.objects.create(
                article=article,
                story=story,
                text=text,
                text_sha256=digest,
                start=start,
                end=end,
                facts=facts.to_dict(),
                submitted_by=submitted_by,
            )
            _claim_index_keys_store([claim])
            _claim_add_submitter(claim, submitted_by)
            audit_event_record(
                actor=submitted_by,
                action=AuditAction.CLAIM_CREATED,
                claim=claim,
                to_state=claim.status,
            )
            _claims_queue_detection([claim.pk])
    except IntegrityError:
        # Submitted at the same moment by another request.
        existing = _claim_find_duplicate(article=article, text_sha256=digest, sender=submitted_by)
        if existing is None:
            raise
        _claim_add_submitter(existing, submitted_by)
        return ClaimCreateResult(claim=existing, created=False)
    return ClaimCreateResult(claim=claim, created=True)


def _claim_find_duplicate(*, article: Article | None, text_sha256: str, sender) -> Claim | None:
    """The stored claim of this text in `article` (which the sender may read), or, for a
    claim without an article, one the sender may already read: a short sentence is easily
    guessed, so knowing it does not make another client's claim (its review, its flags)
    the sender's."""
    claims = Claim.objects.filter(article=article, text_sha256=text_sha256)
    if article is None and sender is not None:
        claims = claims.filter(pk__in=claim_list_for_user(sender).values("pk"))
    return claims.order_by("pk").first()


def _claim_add_submitter(claim: Claim, user) -> None:
    if user is not None:
        Claim.submitters.through.objects.bulk_create(
            [Claim.submitters.through(claim=claim, user=user)], ignore_conflicts=True
        )
