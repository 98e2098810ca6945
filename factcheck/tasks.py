"""Celery tasks: thin, take ids, call one service, safe to run twice."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

# A lost database connection is retried with backoff; any other error is the input's fault
# and marks the article failed with the reason instead of retrying for ever.
_TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=_TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=8,
)
def process_article(self, article_id: int) -> None:
    from .services import article_extract_claims, article_mark_failed

    try:
        article_extract_claims(article_id=article_id)
    except _TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Extraction failed for article %s", article_id)
        article_mark_failed(article_id=article_id, reason=f"Extraction failed: {error!r}")


@shared_task(
    bind=True,
    autoretry_for=_TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=8,
)
def detect_claim_contradictions(self, claim_id: int) -> None:
    from .services import claim_detect_contradictions, claim_mark_detection_failed

    try:
        claim_detect_contradictions(claim_id=claim_id)
    except _TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Detection failed for claim %s", claim_id)
        claim_mark_detection_failed(claim_id=claim_id, reason=f"Detection failed: {error!r}")


@shared_task
def requeue_stalled_articles() -> None:
    """Periodic sweep: work that was accepted but never reached a worker (a broker outage,
    a lost message) is queued again. Idempotent tasks make a second delivery harmless."""
    from .services import articles_requeue_stalled

    articles_requeue_stalled()


@shared_task
def expire_idempotency_records() -> None:
    from .idempotency import idempotency_records_expire

    idempotency_records_expire()
