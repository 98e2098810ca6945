"""Writes. Every state change of articles, claims and flags goes through this package, so the
API, the admin, the management commands and the Celery tasks obey the same rules.

One module per capability (articles, stories, claims, detection, processing, api_clients;
detection's flags are kept by flag_sides, flag_headline and flag_release, the story's figure
index by story_figures); importers use the specific module. Work is queued only through
`queueing` (by task name)."""
