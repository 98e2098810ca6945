"""Signed webhooks for newsroom tools (Standard Webhooks, https://www.standardwebhooks.com/).

An integration subscribes a URL to event types. When a service publishes an event
(`factcheck.events.event_publish`, inside its transaction), `webhook_events_record` stores the
event and one delivery per subscription that may see it, in the same transaction; once it
commits, Celery POSTs each delivery, signed, and retries failures with exponential backoff.
Everything about a delivery (status, response code, attempts, next attempt) is in the database,
so a receiver that is down slows nothing and loses nothing. See docs/webhooks.md."""


def webhook_events_record(*, event_type: str, data: dict) -> None:
    """Record an event for delivery to its subscribers once the caller's transaction commits.
    (Imported lazily: this package is loaded before Django's app registry is ready.)"""
    from .services import webhook_events_record as record

    record(event_type=event_type, data=data)


def webhook_events_record_many(*, event_type: str, datas: list[dict]) -> None:
    """Record several events of one type, reading the subscriptions once."""
    from .services import webhook_events_record_many as record_many

    record_many(event_type=event_type, datas=datas)
