"""Celery tasks: thin, take ids, call one service, safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings

from config.celery import DB_RETRY
from config.celery import TRANSIENT_DB_ERRORS as _TRANSIENT_ERRORS

from .idempotency import idempotency_records_expire
from .services.articles import article_extract_claims
from .services.detection import claim_detect_contradictions
from .services.processing import (
    article_begin_attempt,
    article_mark_failed,
    article_record_failed_attempt,
    articles_requeue_stalled,
    claim_mark_detection_failed,
)

logger = logging.getLogger(__name__)

# A lost database connection is retried with backoff (DB_RETRY); any other error is the
# input's fault: extraction is tried a bounded number of times, then the article is marked
# failed with the reason instead of retrying for ever.


@shared_task(name="factcheck.tasks.process_article", bind=True, **DB_RETRY)
def process_article(self, article_id: int) -> None:
    """Extract an article's claims. An error caused by the article's content (a poison input)
    is retried with backoff up to FACTCHECK_EXTRACTION_MAX_ATTEMPTS attempts in all (counted
    in `processing_attempts`, committed before each attempt, so an attempt whose worker dies
    counts too); then the article is marked `failed` with the reason. Other articles go on
    meanwhile: a retry is a new message, not a worker held waiting."""
    attempt = article_begin_attempt(article_id=article_id)
    if attempt is None:
        return  # processed already (a redelivery or a sweep), failed, or deleted
    max_attempts = settings.FACTCHECK_EXTRACTION_MAX_ATTEMPTS
    if attempt > max_attempts:
        # Earlier attempts never finished (their worker was killed or timed out each time).
        article_mark_failed(
            article_id=article_id,
            reason=f"Processing did not finish in {max_attempts} attempts (worker lost).",
        )
        return
    try:
        article_extract_claims(article_id=article_id)
    except _TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Extraction failed for article %s (attempt %s)", article_id, attempt)
        again = article_record_failed_attempt(
            article_id=article_id,
            reason=f"Extraction failed: {error!r}",
            max_attempts=max_attempts,
        )
        if again and self.request.is_eager:
            return self.run(article_id)  # no broker (tasks run in-process): again at once
        if again:
            delay = settings.FACTCHECK_EXTRACTION_RETRY_DELAY * 2 ** (attempt - 1)
            raise self.retry(countdown=delay, max_retries=None) from error


@shared_task(name="factcheck.tasks.detect_claim_contradictions", bind=True, **DB_RETRY)
def detect_claim_contradictions(self, claim_id: int) -> None:

    try:
        claim_detect_contradictions(claim_id=claim_id)
    except _TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Detection failed for claim %s", claim_id)
        claim_mark_detection_failed(claim_id=claim_id, reason=f"Detection failed: {error!r}")


@shared_task(name="factcheck.tasks.requeue_stalled_articles")
def requeue_stalled_articles() -> None:
    """Periodic sweep: work that was accepted but never reached a worker (a broker outage,
    a lost message) is queued again. Idempotent tasks make a second delivery harmless."""
    articles_requeue_stalled()


@shared_task(name="factcheck.tasks.expire_idempotency_records")
def expire_idempotency_records() -> None:
    idempotency_records_expire()
