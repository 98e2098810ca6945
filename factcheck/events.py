"""Domain events for newsroom tools (webhooks). Services call `event_publish` inside their
transaction; delivery happens after commit, so an event is sent only for a change that was
kept."""

from __future__ import annotations

import logging
from collections.abc import Callable

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


# The functions that record a published event, registered at start-up by the apps that consume
# events (webhooks, in its AppConfig.ready): factcheck publishes without importing its
# consumers, so the dependency goes one way, consumer → factcheck.
_recorders: list[Callable[..., object]] = []


def event_recorder_register(recorder: Callable[..., object]) -> None:
    """Have `recorder(event_type=..., data=...)` called for every event published."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def event_publish(*, event_type: str, data: dict) -> None:
    """Record that `event_type` happened, with a JSON-serialisable `data` payload, for
    delivery to the integrations subscribed to it once the current transaction commits."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    for recorder in _recorders:
        recorder(event_type=event_type, data=data)
