"""The review workflow in the admin. Claims and contradiction flags get review actions (in the
list, for many at once, and as buttons on each object's page); every action calls the same
service as the API, and a refusal is shown as a message. Assignments and verdicts are
read-only here: they change only through those actions.

factcheck's admin knows nothing of reviews (reviews builds on factcheck, never the reverse):
this package registers subclasses of its Claim and ContradictionFlag admins in their place.

Split by subject; importing the modules registers their admins (Django's autodiscovery imports
this package).
"""

from . import claims, desk, flags, records, review_settings  # noqa: F401 (registers admins)
