"""The one place where factcheck services queue work: through the outbox, by the tasks'
pinned names, so that services never import the tasks that call them."""

from __future__ import annotations

from collections.abc import Iterable

from outbox.services import outbox_enqueue, outbox_enqueue_many


def _article_queue_processing(article_id: int) -> None:
    outbox_enqueue(task="factcheck.tasks.process_article", args=[article_id])


def _claims_queue_detection(claim_ids: Iterable[int]) -> None:
    outbox_enqueue_many(
        task="factcheck.tasks.detect_claim_contradictions", calls=[[pk] for pk in claim_ids]
    )
