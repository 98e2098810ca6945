"""Writes of the webhooks app, one module per capability: `subscriptions` (created, secret
rotated, deleted), `deliveries` (events recorded, deliveries attempted, replayed and swept),
`webhook_log` (the log's retention). Importers use the specific module."""
