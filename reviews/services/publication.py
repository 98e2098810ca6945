"""The end of a claim's review: publishing the approved verdict (and retracting it), or
dismissing the claim as not worth checking."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from factcheck.events import event_publish
from factcheck.models import Claim

from ..models import CLAIM_TRANSITIONS, ReviewAction, Verdict
from ..selectors import claimreview_document
from .common import (
    _claim_lock,
    _claim_move,
    _current_assignment,
    _require_text,
    _transition_check,
    _verdict_lock_latest,
)


def claim_publish(*, claim_id: int, actor, now: datetime.datetime | None = None) -> Verdict:
    """An editor publishes the approved verdict: its ClaimReview becomes readable by
    integrations, and `claim.published` goes to the webhooks."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.PUBLISH,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        verdict = _verdict_lock_latest(
            claim,
            status=Verdict.Status.APPROVED,
            refusal="This claim has no approved verdict to publish.",
        )
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_by = actor
        verdict.published_at = now
        verdict.save(update_fields=["status", "published_by", "published_at"])
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.PUBLISH].target)
        audit_event_record(
            actor=actor,
            action=AuditAction.CLAIM_PUBLISHED,
            claim=claim,
            from_state=source,
            to_state=claim.status,
            details={"verdict": verdict.pk, "version": verdict.version, "rating": verdict.rating},
        )
        verdict.claim = claim
        event_publish(
            event_type="claim.published",
            data={
                "claim": claim.pk,
                "verdict": verdict.pk,
                "rating": verdict.rating,
                "claimreview": claimreview_document(verdict=verdict),
            },
        )
    return verdict


def claim_retract(*, claim_id: int, actor, reason: str) -> Verdict:
    """An editor retracts a published verdict, with a reason. The verdict is kept, marked
    retracted; the claim's ClaimReview is withdrawn."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.RETRACT,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        reason = _require_text(reason, field_name="reason", what="A reason")
        verdict = _verdict_lock_latest(
            claim,
            status=Verdict.Status.PUBLISHED,
            refusal="This claim has no published verdict to retract.",
        )
        verdict.status = Verdict.Status.RETRACTED
        verdict.retracted_at = timezone.now()
        verdict.retraction_reason = reason
        verdict.save(update_fields=["status", "retracted_at", "retraction_reason"])
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.RETRACT].target)
        audit_event_record(
            actor=actor,
            action=AuditAction.CLAIM_RETRACTED,
            claim=claim,
            from_state=source,
            to_state=claim.status,
            comment=reason,
            details={"verdict": verdict.pk, "version": verdict.version, "rating": verdict.rating},
        )
        event_publish(
            event_type="claim.retracted",
            data={"claim": claim.pk, "verdict": verdict.pk, "reason": reason},
        )
    return verdict


def claim_dismiss(
    *, claim_id: int, actor, reason: str, now: datetime.datetime | None = None
) -> Claim:
    """An editor dismisses a claim that is not worth checking, with a reason. Its current
    assignment, if any, ends."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.DISMISS,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        reason = _require_text(reason, field_name="reason", what="A reason")
        assignment = _current_assignment(claim)
        if assignment is not None:
            assignment.ended_at = now
            assignment.save(update_fields=["ended_at"])
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.DISMISS].target)
        audit_event_record(
            actor=actor,
            action=AuditAction.CLAIM_DISMISSED,
            claim=claim,
            from_state=source,
            to_state=claim.status,
            comment=reason,
            details={"ended_assignment": assignment.pk if assignment else None},
        )
    return claim
