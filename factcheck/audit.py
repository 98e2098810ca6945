"""The audit trail's one writer. Every AuditEvent row of every app is written here, with an
action of `AuditAction`, so that the list of what is audited is read in one place and a typo in
an action cannot reach the table. The stored strings are those the rows have always had."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models

from .models import Article, AuditEvent, Claim, ContradictionFlag


class AuditAction(models.TextChoices):
    # Articles (factcheck.services)
    ARTICLE_RECEIVED = "article.received"
    ARTICLE_EXTRACTED = "article.extracted"
    ARTICLE_CHECKED = "article.checked"
    ARTICLE_FAILED = "article.failed"
    ARTICLE_REPROCESS = "article.reprocess"
    ARTICLE_MOVED_TO_STORY = "article.moved_to_story"
    # Stories
    STORY_MERGED = "story.merged"
    STORY_SPLIT = "story.split"
    # Claims and flags written by the pipeline
    CLAIM_CREATED = "claim.created"
    CLAIM_RETIRED = "claim.retired"
    FLAG_WITHDRAWN = "flag.withdrawn"
    FLAG_RETIRED = "flag.retired"
    # API keys
    API_TOKEN_REVOKED = "api_token.revoked"  # noqa: S105 (an action, not a secret)
    # Review workflow (reviews.services)
    CLAIM_ASSIGNED = "claim.assigned"
    CLAIM_TAKEN = "claim.taken"
    REVIEW_STARTED = "review.started"
    VERDICT_SUBMITTED = "verdict.submitted"
    VERDICT_APPROVED = "verdict.approved"
    VERDICT_CHANGES_REQUESTED = "verdict.changes_requested"
    CLAIM_PUBLISHED = "claim.published"
    CLAIM_RETRACTED = "claim.retracted"
    CLAIM_DISMISSED = "claim.dismissed"
    FLAG_CONFIRMED = "flag.confirmed"
    FLAG_DISMISSED = "flag.dismissed"
    SETTINGS_UPDATED = "settings.updated"
    # Webhooks (webhooks.services)
    WEBHOOK_SUBSCRIBED = "webhook.subscribed"
    WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"  # noqa: S105 (an action, not a secret)
    WEBHOOK_UNSUBSCRIBED = "webhook.unsubscribed"
    WEBHOOK_REPLAYED = "webhook.replayed"


def _audit_event(*, action: AuditAction, details: dict | None = None, **fields) -> AuditEvent:
    # AuditAction(...) raises for a string that is not an action: nothing unlisted is stored.
    return AuditEvent(action=AuditAction(action).value, details=details or {}, **fields)


def audit_event_record(
    *,
    actor=None,
    action: AuditAction,
    article: Article | None = None,
    claim: Claim | None = None,
    flag: ContradictionFlag | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Write one audit row, in the caller's transaction."""
    event = _audit_event(
        action=action,
        details=details,
        actor=actor,
        article=article,
        claim=claim,
        flag=flag,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )
    event.save()
    return event


def audit_events_record(*, events: Iterable[Mapping]) -> list[AuditEvent]:
    """Write several audit rows in one query; each mapping holds audit_event_record's
    keyword arguments (AuditEvent's fields, `action` an AuditAction)."""
    return AuditEvent.objects.bulk_create([_audit_event(**fields) for fields in events])
