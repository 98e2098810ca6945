"""Writes. Every state change of articles, claims and flags goes through this package, so the
API, the admin, the management commands and the Celery tasks obey the same rules.

One module per capability (articles, stories, claims, detection, processing, api_clients);
importers use the specific module. Work is queued only through `queueing` (by task name)."""
