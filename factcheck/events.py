"""Domain events for newsroom tools (webhooks). Services call `event_publish` inside their
transaction; delivery happens after commit, so an event is sent only for a change that was
kept."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

EVENT_TYPES = frozenset(
    {
        "article.checked",
        "contradiction.flagged",
        "claim.assigned",
        "verdict.submitted",
        "claim.published",
        "claim.retracted",
    }
)


def event_publish(*, event_type: str, data: dict) -> None:
    """Record that `event_type` happened, with a JSON-serialisable `data` payload, for
    delivery to the integrations subscribed to it once the current transaction commits."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    from .webhooks import webhook_events_record

    webhook_events_record(event_type=event_type, data=data)


def event_publish_many(*, event_type: str, datas: list[dict]) -> None:
    """`event_publish` for several events of one type at once (the subscriptions are read
    once, not once per event)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    from .webhooks import webhook_events_record_many

    webhook_events_record_many(event_type=event_type, datas=datas)
