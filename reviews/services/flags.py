"""Decisions on contradiction flags: confirm (optionally opening review on its claims) or
dismiss."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from factcheck.models import Claim, ContradictionFlag
from factcheck.roles import has_any_role

from ..models import (
    CLAIM_TRANSITIONS,
    FLAG_TRANSITIONS,
    Assignment,
    FlagAction,
    ReviewAction,
    ReviewSettings,
)
from .assignment import _assign_locked, _assignment_input_check
from .common import (
    ClaimStatus,
    _current_assignment,
    _flag_lock,
    _require_text,
    _transition_check,
    _user_ref,
)
from .errors import ActionForbidden
from .notifications import _queue_assignment_notifications


@dataclass(frozen=True)
class FlagDecision:
    flag: ContradictionFlag
    assignments: list[Assignment]


def _flag_decide(*, flag_id: int, actor, action, reason: str):
    """Lock the flag, check the transition for `actor`, require a reason and move the flag.
    Returns (flag, the state it left, the cleaned reason); the caller audits."""
    flag = _flag_lock(flag_id)
    transition = _transition_check(
        table=FLAG_TRANSITIONS,
        action=action,
        state=flag.status,
        actor=actor,
        subject="contradiction flag",
    )
    reason = _require_text(reason, field_name="reason", what="A reason")
    source = flag.status
    flag.status = transition.target
    flag.save(update_fields=["status", "updated_at"])
    return flag, source, reason


def flag_confirm(
    *,
    flag_id: int,
    actor,
    reason: str,
    assignee=None,
    due_at: datetime.datetime | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> FlagDecision:
    """A fact-checker or editor confirms a flag, with a reason. With `assignee`, the flag
    opens review on its claims: each of its two claims that is still `new` is assigned (by an
    editor to any fact-checker; by a fact-checker to themselves, when the review settings let
    fact-checkers take claims). Claims already under review or closed are left as they are."""
    now = now or timezone.now()
    with transaction.atomic():
        flag, source, reason = _flag_decide(
            flag_id=flag_id, actor=actor, action=FlagAction.CONFIRM, reason=reason
        )
        assignments = []
        if assignee is not None:
            assignments = _flag_claims_assign(
                flag=flag, actor=actor, assignee=assignee, due_at=due_at, note=note, now=now
            )
        audit_event_record(
            actor=actor,
            action=AuditAction.FLAG_CONFIRMED,
            flag=flag,
            from_state=source,
            to_state=flag.status,
            comment=reason,
            details={
                "claims": [flag.claim_a_id, flag.claim_b_id],
                "assigned_claims": [a.claim_id for a in assignments],
                "assignee": _user_ref(assignee) if assignments else None,
            },
        )
        _queue_assignment_notifications(assignments, actor)
    return FlagDecision(flag=flag, assignments=assignments)


def _flag_claims_assign(
    *, flag: ContradictionFlag, actor, assignee, due_at, note: str, now
) -> list[Assignment]:
    note = (note or "").strip()
    if has_any_role(actor, CLAIM_TRANSITIONS[ReviewAction.ASSIGN].roles):
        action, audit_action = ReviewAction.ASSIGN, AuditAction.CLAIM_ASSIGNED
    elif assignee.pk == actor.pk:
        action, audit_action = ReviewAction.TAKE, AuditAction.CLAIM_TAKEN
        if not ReviewSettings.load().checkers_may_take_unassigned:
            raise ActionForbidden(
                "Taking unassigned claims is turned off in the review settings: "
                "ask an editor to assign the flag's claims."
            )
    else:
        raise ActionForbidden("Only an editor assigns claims to someone else.")
    _assignment_input_check(assignee=assignee, due_at=due_at, note=note, now=now)
    claims = Claim.objects.select_for_update().filter(
        pk__in=[flag.claim_a_id, flag.claim_b_id], status=ClaimStatus.NEW
    )
    assignments = []
    for claim in claims.order_by("pk"):
        if _current_assignment(claim) is not None:
            continue
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=action,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        assignments.append(
            _assign_locked(
                claim=claim,
                assignee=assignee,
                actor=actor,
                due_at=due_at,
                note=note or f"Opened by contradiction flag {flag.pk}.",
                action=audit_action,
                now=now,
            )
        )
    return assignments


def flag_dismiss(*, flag_id: int, actor, reason: str) -> ContradictionFlag:
    """A fact-checker or editor dismisses a flag, with a reason. Later detection runs update
    the flag's figures but never its status, so it is not raised again."""
    with transaction.atomic():
        flag, source, reason = _flag_decide(
            flag_id=flag_id, actor=actor, action=FlagAction.DISMISS, reason=reason
        )
        audit_event_record(
            actor=actor,
            action=AuditAction.FLAG_DISMISSED,
            flag=flag,
            from_state=source,
            to_state=flag.status,
            comment=reason,
            details={"claims": [flag.claim_a_id, flag.claim_b_id]},
        )
    return flag
