"""Webhook delivery (filled in by the API issue): for now events are only logged."""

import logging

logger = logging.getLogger(__name__)


def webhook_events_record(*, event_type: str, data: dict) -> None:
    logger.info("event %s %s", event_type, data)
