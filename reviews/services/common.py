"""What every review service shares: input limits, the role-then-state check of the transition
tables, row locks and the state-move helper. Audit rows go through factcheck.audit."""

from __future__ import annotations

import datetime

from config.ids import ID_MAX
from factcheck.models import Claim, ContradictionFlag
from factcheck.roles import has_any_role

from ..models import Assignment, FlagAction, ReviewAction, Transition, Verdict
from .errors import ActionForbidden, InvalidReviewInput, ReviewObjectNotFound, TransitionNotAllowed

ClaimStatus = Claim.Status

BULK_ASSIGN_MAX = 500
EVIDENCE_MAX = 50
RESOLVES_MAX = 100
TEXT_MAX = 20_000
NOTE_MAX = 2_000


def _storable_ids(ids) -> set[int]:
    return {pk for pk in ids if pk is not None and 0 < pk <= ID_MAX}


# What each action is called in refusals. Claim and flag actions share names ("dismiss"), so
# each table has its own wording.
_VERBS = {
    "claim": {
        ReviewAction.ASSIGN: ("assign claims", "assign"),
        ReviewAction.TAKE: ("take claims", "take"),
        ReviewAction.START: ("start reviews", "start the review of"),
        ReviewAction.SUBMIT: ("submit verdicts", "submit a verdict on"),
        ReviewAction.APPROVE: ("approve verdicts", "approve the verdict of"),
        ReviewAction.REQUEST_CHANGES: ("request changes to verdicts", "request changes on"),
        ReviewAction.PUBLISH: ("publish verdicts", "publish"),
        ReviewAction.RETRACT: ("retract verdicts", "retract"),
        ReviewAction.DISMISS: ("dismiss claims", "dismiss"),
    },
    "contradiction flag": {
        FlagAction.CONFIRM: ("confirm contradiction flags", "confirm"),
        FlagAction.DISMISS: ("dismiss contradiction flags", "dismiss"),
    },
}


def _transition_check(
    *, table: dict[str, Transition], action: str, state: str, actor, subject: str
) -> Transition:
    """Role first (ActionForbidden), then the source state (TransitionNotAllowed).
    `subject` is "claim" (CLAIM_TRANSITIONS) or "contradiction flag" (FLAG_TRANSITIONS)."""
    transition = table[action]
    in_general, on_one = _VERBS[subject][action]
    if not has_any_role(actor, transition.roles):
        raise ActionForbidden(f"Your role does not allow you to {in_general}.")
    if not transition.allows_source(state):
        raise TransitionNotAllowed(
            f"Cannot {on_one} a {subject} that is '{state}' "
            f"(allowed from: {', '.join(sorted(transition.sources))})."
        )
    return transition


def _claim_lock(claim_id: int) -> Claim:
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise ReviewObjectNotFound("No such claim.")
    return claim


def _flag_lock(flag_id: int) -> ContradictionFlag:
    flag = ContradictionFlag.objects.select_for_update().filter(pk=flag_id).first()
    if flag is None:
        raise ReviewObjectNotFound("No such contradiction flag.")
    return flag


_VERDICT_STATE_WORDS = {Verdict.Status.SUBMITTED: "waiting for approval"}


def _verdict_lock_latest(
    claim: Claim, *, status: str, refusal: str, verdict_id: int | None = None
) -> Verdict:
    """The latest version among the claim's verdicts in `status`, row-locked, or
    TransitionNotAllowed(`refusal`) when it has none. With `verdict_id` (the verdict the
    caller means to act on), refused too when that is another verdict: the caller saw an
    older state."""
    verdict = (
        Verdict.objects.select_for_update()
        .filter(claim=claim, status=status)
        .order_by("-version")
        .first()
    )
    if verdict is None:
        raise TransitionNotAllowed(refusal)
    if verdict_id is not None and verdict.pk != verdict_id:
        state = _VERDICT_STATE_WORDS.get(status) or Verdict.Status(status).label.lower()
        raise TransitionNotAllowed(
            f"Verdict {verdict_id} is not the one {state} "
            f"(that is version {verdict.version}, id {verdict.pk})."
        )
    return verdict


def _current_assignment(claim: Claim) -> Assignment | None:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("assignee")
        .filter(claim=claim, ended_at__isnull=True)
        .first()
    )


def _require_assignee(claim: Claim, actor, doing: str) -> Assignment:
    assignment = _current_assignment(claim)
    if assignment is None or assignment.assignee_id != actor.pk:
        raise ActionForbidden(f"Only the claim's current assignee can {doing}.")
    return assignment


def _require_text(value: str, *, field_name: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidReviewInput({field_name: [f"{what} is required."]})
    if len(value) > TEXT_MAX:
        raise InvalidReviewInput({field_name: [f"At most {TEXT_MAX:,} characters."]})
    return value


def _user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username()}


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _claim_move(claim: Claim, target: str) -> str:
    source = claim.status
    claim.status = target
    claim.save(update_fields=["status", "updated_at"])
    return source
