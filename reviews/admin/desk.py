"""The admin's start page: each role's desk."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from factcheck.models import Claim
from factcheck.roles import Role, roles_of
from factcheck.selectors import open_flags_exist

from .. import selectors
from ..models import CHECKER_TURN_STATES, Assignment, Verdict

DESK_ROWS = 25


def desk_for(user) -> dict:
    """What the start page shows: a fact-checker's queue (by due date, overdue first) and the
    open flags on their claims; an editor's unassigned claims with open flags, verdicts
    waiting for approval, overdue assignments and claims per state. A fixed number of
    queries whatever the size of the newsroom."""
    roles = roles_of(user)
    now = timezone.now()
    desk: dict = {"is_checker": Role.FACT_CHECKER in roles, "is_editor": Role.EDITOR in roles}
    if desk["is_checker"]:
        rows, flags = [], {}
        for assignment in selectors.queue_for_user(user=user)[:DESK_ROWS]:
            claim = assignment.claim
            claim_flags = selectors.open_flags_of(claim)
            for flag in claim_flags:
                flags.setdefault(flag.pk, (flag, claim))
            rows.append(
                {
                    "assignment": assignment,
                    "claim": claim,
                    "overdue": assignment.due_at is not None
                    and assignment.due_at < now
                    and claim.status in CHECKER_TURN_STATES,
                    "open_flags": len(claim_flags),
                }
            )
        rows.sort(key=lambda row: not row["overdue"])  # stable: by due date within each group
        desk["queue"] = rows
        desk["my_flags"] = list(flags.values())
    if desk["is_editor"]:
        desk["unassigned_flagged"] = list(
            Claim.objects.filter(status=Claim.Status.NEW)
            .filter(open_flags_exist())
            .defer("facts")
            .order_by("-pk")[:DESK_ROWS]
        )
        desk["awaiting_approval"] = list(
            Verdict.objects.filter(
                status=Verdict.Status.SUBMITTED, claim__status=Claim.Status.SUBMITTED
            )
            .select_related("claim", "author")
            .defer("claim__facts")
            .order_by("created_at", "pk")[:DESK_ROWS]
        )
        desk["overdue"] = list(
            Assignment.objects.filter(
                ended_at__isnull=True, due_at__lt=now, claim__status__in=CHECKER_TURN_STATES
            )
            .select_related("claim", "assignee")
            .defer("claim__facts")
            .order_by("due_at", "pk")[:DESK_ROWS]
        )
        counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("pk")))
        desk["counts"] = [
            (value, label, counts.get(value, 0)) for value, label in Claim.Status.choices
        ]
    return desk


def desk_index(request, extra_context=None):
    """The admin's start page with the user's desk above the usual list of models."""
    return admin.site.index(request, extra_context={"desk": desk_for(request.user)})


admin.site.index_template = "admin/desk_index.html"
admin.site.site_header = "Fact-check desk"
admin.site.index_title = "Your desk"
