"""The review desk's settings row, changed by editors."""

from __future__ import annotations

from django.db import transaction

from factcheck.audit import AuditAction, audit_event_record
from factcheck.roles import SETTINGS_ROLES, has_any_role

from ..models import ReviewSettings
from .errors import ActionForbidden


def review_settings_update(*, actor, checkers_may_take_unassigned: bool) -> ReviewSettings:
    """Editors (and admins) change the review desk's settings; the change is audited."""
    if not has_any_role(actor, SETTINGS_ROLES):
        raise ActionForbidden("Only editors change the review settings.")
    with transaction.atomic():
        ReviewSettings.load()
        row = ReviewSettings.objects.select_for_update().get(pk=1)
        before = row.checkers_may_take_unassigned
        row.checkers_may_take_unassigned = checkers_may_take_unassigned
        row.updated_by = actor
        row.save()
        if before != checkers_may_take_unassigned:
            audit_event_record(
                actor=actor,
                action=AuditAction.SETTINGS_UPDATED,
                details={
                    "checkers_may_take_unassigned": {
                        "before": before,
                        "after": checkers_may_take_unassigned,
                    }
                },
            )
    return row
