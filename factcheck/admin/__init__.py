"""Admin for fact-checkers and editors. Reading is rich (lists, filters, claims in their
article); writes that change state go through services, never a raw model save.

One module per subject; importing them registers their ModelAdmins (Django's admin
autodiscovery imports this package)."""

from . import api_clients, articles, audit, claims, flags, stories, users  # noqa: F401
