"""Signed webhooks for newsroom tools (Standard Webhooks, https://www.standardwebhooks.com/).

An integration subscribes a URL to event types. When a service publishes an event
(`factcheck.events.event_publish`, inside its transaction), `webhook_events_record` stores the
event and one delivery per subscription that may see it, in the same transaction; once it
commits, Celery POSTs each delivery, signed, and retries failures with exponential backoff.
Everything about a delivery (status, response code, attempts, next attempt) is in the database,
so a receiver that is down slows nothing and loses nothing. See docs/webhooks.md.

The app registers `services.deliveries.webhook_events_record_many` with factcheck.events when
Django starts (apps.WebhooksConfig.ready), so that factcheck never imports webhooks."""
