"""Assigning claims to fact-checkers: one, many at once (all or nothing), or taking one."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from factcheck.events import event_publish
from factcheck.models import Claim
from factcheck.roles import Role, has_any_role, roles_of

from ..models import CLAIM_TRANSITIONS, Assignment, ReviewAction, ReviewSettings
from .common import (
    _VERBS,
    BULK_ASSIGN_MAX,
    NOTE_MAX,
    ClaimStatus,
    _claim_lock,
    _claim_move,
    _current_assignment,
    _iso,
    _storable_ids,
    _transition_check,
    _user_ref,
)
from .errors import ActionForbidden, BulkAssignRefused, InvalidReviewInput, TransitionNotAllowed
from .notifications import _queue_assignment_notifications


def _assignment_input_check(
    *, assignee, due_at: datetime.datetime | None, note: str, now: datetime.datetime
) -> None:
    errors: dict[str, list[str]] = {}
    if assignee is None or not assignee.is_active:
        errors["assignee"] = ["No such user."]
    elif Role.FACT_CHECKER not in roles_of(assignee):
        errors["assignee"] = [f"{assignee.get_username()} is not a fact-checker."]
    # A due date in the past is refused: the assignee could never meet it, and the overdue
    # reminder would fire at once.
    if due_at is not None and due_at <= now:
        errors["due_at"] = ["The due date is in the past."]
    if len(note or "") > NOTE_MAX:
        errors["note"] = [f"At most {NOTE_MAX:,} characters."]
    if errors:
        raise InvalidReviewInput(errors)


def _assign_locked(
    *,
    claim: Claim,
    assignee,
    actor,
    due_at: datetime.datetime | None,
    note: str,
    action: AuditAction,
    now: datetime.datetime,
) -> Assignment:
    """Assign a row-locked claim whose transition was checked: end the current assignment
    (kept in the history), create the new one, move the claim, audit, publish the event."""
    previous = _current_assignment(claim)
    if previous is not None:
        previous.ended_at = now
        previous.save(update_fields=["ended_at"])
    assignment = Assignment.objects.create(
        claim=claim, assignee=assignee, assigned_by=actor, due_at=due_at, note=note
    )
    source = _claim_move(claim, ClaimStatus.ASSIGNED)
    audit_event_record(
        actor=actor,
        action=action,
        claim=claim,
        from_state=source,
        to_state=claim.status,
        comment=note,
        details={
            "assignment": assignment.pk,
            "assignee": _user_ref(assignee),
            "previous_assignee": _user_ref(previous.assignee) if previous else None,
            "previous_assignment": previous.pk if previous else None,
            "due_at": _iso(due_at),
        },
    )
    event_publish(
        event_type="claim.assigned",
        data={
            "claim": claim.pk,
            "status": claim.status,
            "assignment": assignment.pk,
            "assignee": assignee.pk,
            "due_at": _iso(due_at),
        },
    )
    return assignment


def claim_assign(
    *,
    claim_id: int,
    assignee,
    actor,
    due_at: datetime.datetime | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Assignment:
    """An editor assigns a claim to a fact-checker (reassigning ends the current assignment,
    which stays in the history). The assignee is e-mailed after commit."""
    now = now or timezone.now()
    note = (note or "").strip()
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.ASSIGN,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        _assignment_input_check(assignee=assignee, due_at=due_at, note=note, now=now)
        assignment = _assign_locked(
            claim=claim,
            assignee=assignee,
            actor=actor,
            due_at=due_at,
            note=note,
            action=AuditAction.CLAIM_ASSIGNED,
            now=now,
        )
        _queue_assignment_notifications([assignment], actor)
    return assignment


def claims_assign_bulk(
    *,
    claim_ids: Sequence[int],
    assignee,
    actor,
    due_at: datetime.datetime | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> list[Assignment]:
    """Assign many claims at once to one fact-checker: all or nothing. When any claim is
    unknown or cannot be assigned, nothing is written and BulkAssignRefused lists each
    refused claim. Returns the assignments in the order of `claim_ids`."""
    now = now or timezone.now()
    note = (note or "").strip()
    transition = CLAIM_TRANSITIONS[ReviewAction.ASSIGN]
    if not has_any_role(actor, transition.roles):
        raise ActionForbidden(f"Your role does not allow you to {_VERBS['claim']['assign'][0]}.")
    ordered = list(dict.fromkeys(claim_ids))
    if not ordered:
        raise InvalidReviewInput({"claims": ["List at least one claim."]})
    if len(ordered) > BULK_ASSIGN_MAX:
        raise InvalidReviewInput({"claims": [f"At most {BULK_ASSIGN_MAX} claims at once."]})
    _assignment_input_check(assignee=assignee, due_at=due_at, note=note, now=now)
    with transaction.atomic():
        # Locked in id order, so two bulk assignments never wait on each other in a cycle.
        claims = {
            claim.pk: claim
            for claim in Claim.objects.select_for_update()
            .filter(pk__in=_storable_ids(ordered))
            .order_by("pk")
        }
        missing = {str(pk): ["No such claim."] for pk in ordered if pk not in claims}
        if missing:
            raise BulkAssignRefused(errors=missing, conflict=False)
        refused = {
            str(pk): [
                f"Cannot assign a claim that is '{claims[pk].status}' "
                f"(allowed from: {', '.join(sorted(transition.sources))})."
            ]
            for pk in ordered
            if not transition.allows_source(claims[pk].status)
        }
        if refused:
            raise BulkAssignRefused(errors=refused, conflict=True)
        assignments = [
            _assign_locked(
                claim=claims[pk],
                assignee=assignee,
                actor=actor,
                due_at=due_at,
                note=note,
                action=AuditAction.CLAIM_ASSIGNED,
                now=now,
            )
            for pk in ordered
        ]
        _queue_assignment_notifications(assignments, actor)
    return assignments


def claim_take(*, claim_id: int, actor, now: datetime.datetime | None = None) -> Assignment:
    """A fact-checker takes an unassigned claim for themselves, if the review settings allow."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.TAKE,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        if not ReviewSettings.load().checkers_may_take_unassigned:
            raise ActionForbidden(
                "Taking unassigned claims is turned off in the review settings: "
                "ask an editor to assign it to you."
            )
        if _current_assignment(claim) is not None:
            raise TransitionNotAllowed("This claim is already assigned.")
        return _assign_locked(
            claim=claim,
            assignee=actor,
            actor=actor,
            due_at=None,
            note="",
            action=AuditAction.CLAIM_TAKEN,
            now=now,
        )
