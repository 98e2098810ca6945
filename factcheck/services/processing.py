"""Writes of an article's processing lifecycle: its state transitions (audited), attempts,
failures, reprocessing and the sweep of stalled work."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..audit import AuditAction, audit_event_record
from ..events import event_publish
from ..models import (
    Article,
    Claim,
    ContradictionFlag,
)
from .queueing import _article_queue_processing, _claims_queue_detection


class InvalidTransition(Exception):
    """A state change the transition table does not allow (answered with 409 by the API)."""

    def __init__(self, *, model: str, source: str, target: str) -> None:
        self.source = source
        self.target = target
        super().__init__(f"A {model} cannot go from '{source}' to '{target}'.")


def _article_transition(
    article: Article, target: str, *, actor=None, comment: str = "", action: AuditAction
) -> None:
    """Move a row-locked article to `target`, or raise InvalidTransition. Saves and audits."""
    source = article.status
    if not Article.can_transition(source, target):
        raise InvalidTransition(model="article", source=source, target=target)
    article.status = target
    article.save(update_fields=["status", "failure_reason", "processing_attempts", "updated_at"])
    audit_event_record(
        actor=actor,
        action=action,
        article=article,
        from_state=source,
        to_state=target,
        comment=comment,
    )
    if target == Article.Status.CHECKED:
        event_publish(event_type="article.checked", data=_article_event_data(article))


def _article_event_data(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "status": article.status,
        "claim_count": article.claims.count(),
        "flag_count": ContradictionFlag.objects.filter(
            Q(claim_a__article=article) | Q(claim_b__article=article)
        ).count(),
    }


def article_begin_attempt(*, article_id: int) -> int | None:
    """Count one more processing attempt of a `received` article, committed before the
    extraction starts, so that an attempt that crashes (or whose worker is killed) still
    counts. Returns the attempt's number, or None when the article needs no processing."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Article.Status.RECEIVED:
            return None
        article.processing_attempts += 1
        article.save(update_fields=["processing_attempts", "updated_at"])
    return article.processing_attempts


def article_record_failed_attempt(*, article_id: int, reason: str, max_attempts: int) -> bool:
    """An attempt at processing a `received` article failed because of its content. Records
    the reason; once `max_attempts` attempts have failed the article is marked `failed`.
    Returns True when it should be tried again."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Article.Status.RECEIVED:
            return False
        if article.processing_attempts < max_attempts:
            article.failure_reason = reason[:2000]
            article.save(update_fields=["failure_reason", "updated_at"])
            return True
    article_mark_failed(
        article_id=article_id,
        reason=f"{reason} (gave up after {article.processing_attempts} attempts)",
    )
    return False


def article_mark_failed(*, article_id: int, reason: str) -> Article:
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status == Article.Status.FAILED:
            return article
        article.failure_reason = reason[:2000]
        _article_transition(
            article,
            Article.Status.FAILED,
            action=AuditAction.ARTICLE_FAILED,
            comment=article.failure_reason,
        )
    return article


def article_reprocess(*, article_id: int, actor=None) -> Article:
    """Send a failed or checked article through extraction and detection again."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        article.failure_reason = ""
        article.processing_attempts = 0
        _article_transition(
            article, Article.Status.RECEIVED, actor=actor, action=AuditAction.ARTICLE_REPROCESS
        )
        # Its claims are compared again once extraction has refreshed their facts (those
        # retired by an earlier run stay out, unless the extraction reads them again).
        article.claims.exclude(detection_version=Claim.DETECTION_RETIRED).update(detected_at=None)
        _article_queue_processing(article.pk)
    return article


def claim_mark_detection_failed(*, claim_id: int, reason: str) -> None:
    """Detection crashed on this claim: its article is marked failed with the reason, so it
    shows up for a person to look at instead of waiting for ever."""
    article_id = Claim.objects.filter(pk=claim_id).values_list("article_id", flat=True).first()
    if article_id is not None:
        article_mark_failed(article_id=article_id, reason=reason)


STALLED_AFTER = datetime.timedelta(minutes=5)


REQUEUE_BATCH = 500


def articles_requeue_stalled(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Queue again the articles still `received` and the claims still undetected a while
    after they were stored (their message was lost or never sent). Returns the counts."""
    cutoff = (now or timezone.now()) - STALLED_AFTER
    article_ids = list(
        Article.objects.filter(status=Article.Status.RECEIVED, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    claim_ids = list(
        Claim.objects.filter(detected_at__isnull=True, created_at__lt=cutoff)
        .exclude(article__status=Article.Status.FAILED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    for article_id in article_ids:
        _article_queue_processing(article_id)
    _claims_queue_detection(claim_ids)
    return len(article_ids), len(claim_ids)


def article_complete_if_checked(*, article_id: int) -> Article:
    """Mark an extracted article `checked` once every one of its claims has been compared."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.EXTRACTED:
            return article
        if article.claims.filter(detected_at__isnull=True).exists():
            return article
        _article_transition(article, Article.Status.CHECKED, action=AuditAction.ARTICLE_CHECKED)
    return article
