"""Writes of the review workflow. The API, the admin and the Celery tasks all call these
functions, so they obey the same rules.

Every state change locks the claim (or flag) row with `select_for_update` inside
`transaction.atomic`, then checks, in this order: the actor's role (ActionForbidden, 403 in the
API), the transition table (TransitionNotAllowed, 409), the rules the table cannot express
(ActionForbidden: only the current assignee starts and submits; the approving editor is not
the verdict's author), and the input (InvalidReviewInput, 400). Only then does it save and
write one AuditEvent. A refused change raises before anything is written, so it changes
nothing. E-mails go out from Celery tasks queued once the transaction commits."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from factcheck.events import event_publish
from factcheck.models import AuditEvent, Claim, ContradictionFlag, FlagClaim
from factcheck.roles import SETTINGS_ROLES, Role, has_any_role, roles_of
from outbox.services import outbox_enqueue

from .models import (
    CHECKER_TURN_STATES,
    CLAIM_TRANSITIONS,
    FLAG_TRANSITIONS,
    Assignment,
    Evidence,
    FlagAction,
    ReviewAction,
    ReviewSettings,
    Transition,
    Verdict,
)

logger = logging.getLogger(__name__)

ClaimStatus = Claim.Status

BULK_ASSIGN_MAX = 500
EVIDENCE_MAX = 50
RESOLVES_MAX = 100
TEXT_MAX = 20_000
NOTE_MAX = 2_000
REMINDER_BATCH = 500
# The largest id a database column holds; larger ones cannot name anything.
ID_MAX = 2**63 - 1


def _storable_ids(ids) -> set[int]:
    return {pk for pk in ids if pk is not None and 0 < pk <= ID_MAX}


# --- Domain errors -------------------------------------------------------------------------


class ReviewError(Exception):
    """Base of the workflow's refusals. `message` is shown as is (API `detail`, admin message)."""

    code = "review_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TransitionNotAllowed(ReviewError):
    """The transition table does not allow this from the current state (409 in the API)."""

    code = "transition_not_allowed"


class ActionForbidden(ReviewError):
    """The actor's role, or a rule such as four eyes, forbids this (403 in the API)."""

    code = "permission_denied"


class InvalidReviewInput(ReviewError):
    """Field-level problems with the input (400 in the API). `errors` maps a field to a list
    of messages, or for lists (evidence) to one dict of messages per item."""

    code = "invalid"

    def __init__(self, errors: dict) -> None:
        self.errors = errors
        super().__init__("Invalid input: " + "; ".join(_flatten_errors(errors)))


class BulkAssignRefused(ReviewError):
    """A bulk assignment refused as a whole: `errors` maps claim ids (as strings) to messages.
    `conflict` is true when every claim exists but some are in a state that cannot be assigned
    (409 in the API); false when some claim does not exist (400)."""

    def __init__(self, *, errors: dict[str, list[str]], conflict: bool) -> None:
        self.errors = errors
        self.conflict = conflict
        self.code = "transition_not_allowed" if conflict else "invalid"
        super().__init__(
            "No claim was assigned: " + "; ".join(f"claim {k}: {v[0]}" for k, v in errors.items())
        )


class ReviewObjectNotFound(ReviewError):
    code = "not_found"


def _flatten_errors(errors, prefix: str = "") -> list[str]:
    """`{"evidence": [{}, {"url": ["Bad."]}]}` -> `["evidence: #2 url: Bad."]`."""
    if isinstance(errors, dict):
        flat = []
        for key, value in errors.items():
            flat += _flatten_errors(
                value, prefix if key == "non_field_errors" else f"{prefix}{key}: "
            )
        return flat
    if isinstance(errors, list):
        flat = []
        for position, value in enumerate(errors, start=1):
            item_prefix = f"{prefix}#{position} " if isinstance(value, dict) else prefix
            flat += _flatten_errors(value, item_prefix)
        return flat
    return [f"{prefix}{errors}"]


# --- Shared checks -------------------------------------------------------------------------


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


def _audit(
    *,
    actor,
    action: str,
    claim: Claim | None = None,
    flag: ContradictionFlag | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    details: dict | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        claim=claim,
        flag=flag,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        details=details or {},
    )


def _claim_move(claim: Claim, target: str) -> str:
    source = claim.status
    claim.status = target
    claim.save(update_fields=["status", "updated_at"])
    return source


# --- Assignment ----------------------------------------------------------------------------


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
    action: str,
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
    _audit(
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


def _queue_assignment_notifications(assignments: Sequence[Assignment], actor) -> None:
    from .tasks import send_assignment_notifications

    # Nobody is e-mailed about a claim they assigned to themselves.
    ids = [a.pk for a in assignments if a.assignee_id != actor.pk]
    if ids:
        outbox_enqueue(task=send_assignment_notifications, args=[ids])


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
            action="claim.assigned",
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
                action="claim.assigned",
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
            action="claim.taken",
            now=now,
        )


# --- Review --------------------------------------------------------------------------------


def review_start(*, claim_id: int, actor) -> Claim:
    """The current assignee starts the review (or resumes it after changes were requested)."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.START,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        _require_assignee(claim, actor, "start its review")
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.START].target)
        _audit(
            actor=actor,
            action="review.started",
            claim=claim,
            from_state=source,
            to_state=claim.status,
        )
    return claim


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence as submitted: exactly one of a URL, a claim id, a flag id."""

    url: str = ""
    claim_id: int | None = None
    flag_id: int | None = None
    note: str = ""


@dataclass
class _VerdictInput:
    rating: str
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)
    resolves: list[ContradictionFlag] = field(default_factory=list)


_http_url = URLValidator(schemes=["http", "https"])


def _verdict_input_clean(
    *,
    claim: Claim,
    rating: str,
    rationale: str,
    evidence: Sequence[EvidenceItem],
    resolves: Sequence[int],
) -> _VerdictInput:
    errors: dict = {}
    if rating not in Verdict.Rating.values:
        errors["rating"] = [
            f"'{rating}' is not a rating; use one of: {', '.join(Verdict.Rating.values)}."
        ]
    rationale = (rationale or "").strip()
    if not rationale:
        errors["rationale"] = ["A rationale is required."]
    elif len(rationale) > TEXT_MAX:
        errors["rationale"] = [f"At most {TEXT_MAX:,} characters."]

    items = list(evidence)
    cited_claims = set(
        Claim.objects.filter(pk__in=_storable_ids(i.claim_id for i in items)).values_list(
            "pk", flat=True
        )
    )
    cited_flags = set(
        ContradictionFlag.objects.filter(
            pk__in=_storable_ids(i.flag_id for i in items)
        ).values_list("pk", flat=True)
    )
    cleaned: list[Evidence] = []
    item_errors: list[dict] = []
    if not items:
        errors["evidence"] = ["Give at least one piece of evidence."]
    elif len(items) > EVIDENCE_MAX:
        errors["evidence"] = [f"At most {EVIDENCE_MAX} pieces of evidence."]
    else:
        for position, item in enumerate(items):
            problems: dict[str, list[str]] = {}
            url = (item.url or "").strip()
            given = [bool(url), item.claim_id is not None, item.flag_id is not None]
            if sum(given) != 1:
                problems["non_field_errors"] = [
                    "Give exactly one of: a url, a claim id or a flag id."
                ]
            if url:
                try:
                    _http_url(url)
                except DjangoValidationError:
                    problems["url"] = ["Enter an http or https URL."]
                if len(url) > 2000:
                    problems["url"] = ["At most 2,000 characters."]
            if item.claim_id is not None and item.claim_id not in cited_claims:
                problems["claim"] = [f"No claim {item.claim_id}."]
            if item.flag_id is not None and item.flag_id not in cited_flags:
                problems["flag"] = [f"No contradiction flag {item.flag_id}."]
            if len(item.note or "") > NOTE_MAX:
                problems["note"] = [f"At most {NOTE_MAX:,} characters."]
            item_errors.append(problems)
            cleaned.append(
                Evidence(
                    position=position,
                    url=url,
                    claim_id=item.claim_id,
                    flag_id=item.flag_id,
                    note=(item.note or "").strip(),
                )
            )
        if any(item_errors):
            errors["evidence"] = item_errors

    wanted = list(dict.fromkeys(resolves))
    flags = {
        flag.pk: flag for flag in ContradictionFlag.objects.filter(pk__in=_storable_ids(wanted))
    }
    # A claim repeating the figure of a side supports the flag as much as its first claim.
    supported = set(
        FlagClaim.objects.filter(claim=claim, flag_id__in=flags).values_list("flag_id", flat=True)
    )
    resolve_errors = []
    if len(wanted) > RESOLVES_MAX:
        resolve_errors.append(f"At most {RESOLVES_MAX} flags.")
    for flag_id in wanted:
        flag = flags.get(flag_id)
        if flag is None:
            resolve_errors.append(f"No contradiction flag {flag_id}.")
        elif claim.pk not in (flag.claim_a_id, flag.claim_b_id) and flag_id not in supported:
            resolve_errors.append(f"Flag {flag_id} is not a flag of this claim.")
        elif flag.status == ContradictionFlag.Status.DISMISSED:
            resolve_errors.append(f"Flag {flag_id} was dismissed: there is nothing to resolve.")
    if resolve_errors:
        errors["resolves"] = resolve_errors
    if errors:
        raise InvalidReviewInput(errors)
    return _VerdictInput(
        rating=rating,
        rationale=rationale,
        evidence=cleaned,
        resolves=[flags[pk] for pk in wanted],
    )


def verdict_submit(
    *,
    claim_id: int,
    actor,
    rating: str,
    rationale: str,
    evidence: Sequence[EvidenceItem],
    resolves: Sequence[int] = (),
) -> Verdict:
    """The current assignee submits a verdict for approval. After changes were requested (and
    the review started again), submitting adds a new version; earlier ones are kept."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.SUBMIT,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        _require_assignee(claim, actor, "submit a verdict")
        data = _verdict_input_clean(
            claim=claim, rating=rating, rationale=rationale, evidence=evidence, resolves=resolves
        )
        version = (claim.verdicts.aggregate(last=Max("version"))["last"] or 0) + 1
        verdict = Verdict.objects.create(
            claim=claim,
            version=version,
            author=actor,
            rating=data.rating,
            rationale=data.rationale,
        )
        for item in data.evidence:
            item.verdict = verdict
        Evidence.objects.bulk_create(data.evidence)
        verdict.resolves.set(data.resolves)
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.SUBMIT].target)
        _audit(
            actor=actor,
            action="verdict.submitted",
            claim=claim,
            from_state=source,
            to_state=claim.status,
            details={
                "verdict": verdict.pk,
                "version": version,
                "rating": verdict.rating,
                "evidence": len(data.evidence),
                "resolves": [flag.pk for flag in data.resolves],
            },
        )
        event_publish(
            event_type="verdict.submitted",
            data={
                "claim": claim.pk,
                "verdict": verdict.pk,
                "version": version,
                "rating": verdict.rating,
            },
        )
    return verdict


def _verdict_waiting(claim: Claim, verdict_id: int | None) -> Verdict:
    """The submitted verdict of a claim that is `submitted` (its latest version)."""
    verdict = (
        Verdict.objects.select_for_update()
        .filter(claim=claim, status=Verdict.Status.SUBMITTED)
        .order_by("-version")
        .first()
    )
    if verdict is None:
        raise TransitionNotAllowed("This claim has no verdict waiting for approval.")
    if verdict_id is not None and verdict.pk != verdict_id:
        raise TransitionNotAllowed(
            f"Verdict {verdict_id} is not the one waiting for approval "
            f"(that is version {verdict.version}, id {verdict.pk})."
        )
    return verdict


def _four_eyes(verdict: Verdict, actor, doing: str) -> None:
    if verdict.author_id == actor.pk:
        raise ActionForbidden(
            f"You wrote this verdict: another editor must {doing} it (four-eyes rule)."
        )


def review_approve(
    *, claim_id: int, actor, comment: str = "", verdict_id: int | None = None
) -> Verdict:
    """An editor who is not the verdict's author approves it. Under the claim's row lock, two
    editors approving at once end in one approval and one TransitionNotAllowed."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.APPROVE,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        verdict = _verdict_waiting(claim, verdict_id)
        _four_eyes(verdict, actor, "approve")
        comment = (comment or "").strip()
        if len(comment) > TEXT_MAX:
            raise InvalidReviewInput({"comment": [f"At most {TEXT_MAX:,} characters."]})
        _verdict_record_review(
            claim=claim,
            verdict=verdict,
            actor=actor,
            action=ReviewAction.APPROVE,
            status=Verdict.Status.APPROVED,
            comment=comment,
            audit_action="verdict.approved",
        )
    return verdict


def _verdict_record_review(
    *, claim, verdict: Verdict, actor, action, status: str, comment: str, audit_action: str
) -> None:
    """Record an editor's decision on a verdict (row already locked and checked), move the
    claim as the transition table says, and audit it."""
    verdict.status = status
    verdict.reviewed_by = actor
    verdict.reviewed_at = timezone.now()
    verdict.review_comment = comment
    verdict.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    source = _claim_move(claim, CLAIM_TRANSITIONS[action].target)
    _audit(
        actor=actor,
        action=audit_action,
        claim=claim,
        from_state=source,
        to_state=claim.status,
        comment=comment,
        details={"verdict": verdict.pk, "version": verdict.version},
    )


def review_request_changes(
    *, claim_id: int, actor, comment: str, verdict_id: int | None = None
) -> Verdict:
    """An editor who is not the verdict's author returns it with a comment; the assignee
    starts again and submits a new version."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.REQUEST_CHANGES,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        verdict = _verdict_waiting(claim, verdict_id)
        _four_eyes(verdict, actor, "review")
        comment = _require_text(comment, field_name="comment", what="A comment")
        _verdict_record_review(
            claim=claim,
            verdict=verdict,
            actor=actor,
            action=ReviewAction.REQUEST_CHANGES,
            status=Verdict.Status.CHANGES_REQUESTED,
            comment=comment,
            audit_action="verdict.changes_requested",
        )
    return verdict


def claim_publish(*, claim_id: int, actor, now: datetime.datetime | None = None) -> Verdict:
    """An editor publishes the approved verdict: its ClaimReview becomes readable by
    integrations, and `claim.published` goes to the webhooks."""
    from .selectors import claimreview_document

    now = now or timezone.now()
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.PUBLISH,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        verdict = (
            Verdict.objects.select_for_update()
            .filter(claim=claim, status=Verdict.Status.APPROVED)
            .order_by("-version")
            .first()
        )
        if verdict is None:
            raise TransitionNotAllowed("This claim has no approved verdict to publish.")
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_by = actor
        verdict.published_at = now
        verdict.save(update_fields=["status", "published_by", "published_at"])
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.PUBLISH].target)
        _audit(
            actor=actor,
            action="claim.published",
            claim=claim,
            from_state=source,
            to_state=claim.status,
            details={"verdict": verdict.pk, "version": verdict.version, "rating": verdict.rating},
        )
        verdict.claim = claim
        event_publish(
            event_type="claim.published",
            data={
                "claim": claim.pk,
                "verdict": verdict.pk,
                "rating": verdict.rating,
                "claimreview": claimreview_document(verdict=verdict),
            },
        )
    return verdict


def claim_retract(*, claim_id: int, actor, reason: str) -> Verdict:
    """An editor retracts a published verdict, with a reason. The verdict is kept, marked
    retracted; the claim's ClaimReview is withdrawn."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.RETRACT,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        reason = _require_text(reason, field_name="reason", what="A reason")
        verdict = (
            Verdict.objects.select_for_update()
            .filter(claim=claim, status=Verdict.Status.PUBLISHED)
            .order_by("-version")
            .first()
        )
        if verdict is None:
            raise TransitionNotAllowed("This claim has no published verdict to retract.")
        verdict.status = Verdict.Status.RETRACTED
        verdict.retracted_at = timezone.now()
        verdict.retraction_reason = reason
        verdict.save(update_fields=["status", "retracted_at", "retraction_reason"])
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.RETRACT].target)
        _audit(
            actor=actor,
            action="claim.retracted",
            claim=claim,
            from_state=source,
            to_state=claim.status,
            comment=reason,
            details={"verdict": verdict.pk, "version": verdict.version, "rating": verdict.rating},
        )
        event_publish(
            event_type="claim.retracted",
            data={"claim": claim.pk, "verdict": verdict.pk, "reason": reason},
        )
    return verdict


def claim_dismiss(
    *, claim_id: int, actor, reason: str, now: datetime.datetime | None = None
) -> Claim:
    """An editor dismisses a claim that is not worth checking, with a reason. Its current
    assignment, if any, ends."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.DISMISS,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        reason = _require_text(reason, field_name="reason", what="A reason")
        assignment = _current_assignment(claim)
        if assignment is not None:
            assignment.ended_at = now
            assignment.save(update_fields=["ended_at"])
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.DISMISS].target)
        _audit(
            actor=actor,
            action="claim.dismissed",
            claim=claim,
            from_state=source,
            to_state=claim.status,
            comment=reason,
            details={"ended_assignment": assignment.pk if assignment else None},
        )
    return claim


# --- Contradiction flags -------------------------------------------------------------------


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
        _audit(
            actor=actor,
            action="flag.confirmed",
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
        action, audit_action = ReviewAction.ASSIGN, "claim.assigned"
    elif assignee.pk == actor.pk:
        action, audit_action = ReviewAction.TAKE, "claim.taken"
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
        _audit(
            actor=actor,
            action="flag.dismissed",
            flag=flag,
            from_state=source,
            to_state=flag.status,
            comment=reason,
            details={"claims": [flag.claim_a_id, flag.claim_b_id]},
        )
    return flag


# --- Settings ------------------------------------------------------------------------------


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
            _audit(
                actor=actor,
                action="settings.updated",
                details={
                    "checkers_may_take_unassigned": {
                        "before": before,
                        "after": checkers_may_take_unassigned,
                    }
                },
            )
    return row


# --- Notifications -------------------------------------------------------------------------


def _claim_admin_url(claim_id: int) -> str:
    return f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/admin/factcheck/claim/{claim_id}/change/"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mail_per_assignee(assignments: Sequence[Assignment], *, subject: str, intro: str) -> None:
    by_assignee: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_assignee[assignment.assignee_id].append(assignment)
    for items in by_assignee.values():
        assignee = items[0].assignee
        if not assignee.email:
            logger.warning("No e-mail address for %s: not notified", assignee.get_username())
            continue
        lines = [f"Hello {assignee.get_username()},", "", intro, ""]
        for item in items:
            due = item.due_at.strftime("%Y-%m-%d %H:%M %Z") if item.due_at else "no due date"
            lines.append(f"- {_short(item.claim.text)}")
            lines.append(f"  due: {due}; {_claim_admin_url(item.claim_id)}")
            if item.note:
                lines.append(f"  note from {item.assigned_by.get_username()}: {item.note}")
        send_mail(
            subject=subject.format(count=len(items)),
            message="\n".join(lines),
            from_email=None,
            recipient_list=[assignee.email],
        )


def assignment_notifications_send(
    *, assignment_ids: Sequence[int], now: datetime.datetime | None = None
) -> int:
    """E-mail each assignee (one message per person) about their new assignments that were
    not notified yet and are still current. Marks them notified in the same transaction, so
    a task run twice e-mails once; a failed send rolls the marks back for the retry."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Assignment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=list(assignment_ids), notified_at__isnull=True, ended_at__isnull=True)
            .select_related("claim", "assignee", "assigned_by")
            .order_by("pk")
        )
        if not pending:
            return 0
        _mail_per_assignee(
            pending,
            subject="{count} claim(s) assigned to you",
            intro="These claims were assigned to you for checking:",
        )
        Assignment.objects.filter(pk__in=[a.pk for a in pending]).update(notified_at=now)
    return len(pending)


def _overdue(now: datetime.datetime):
    return Q(
        ended_at__isnull=True,
        due_at__lt=now,
        overdue_reminded_at__isnull=True,
        claim__status__in=CHECKER_TURN_STATES,
    )


def overdue_assignments_remind(*, now: datetime.datetime | None = None) -> list[int]:
    """Periodic (Celery beat): queue a reminder for every current assignment past its due date
    whose claim still waits for its assignee and that was not reminded yet. Each assignment
    is reminded once: the reminder task marks it, so later runs skip it."""
    from .tasks import send_overdue_reminders

    now = now or timezone.now()
    ids = list(
        Assignment.objects.filter(_overdue(now))
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:REMINDER_BATCH]
    )
    if ids:
        outbox_enqueue(task=send_overdue_reminders, args=[ids])
    return ids


def overdue_reminders_send(
    *, assignment_ids: Sequence[int], now: datetime.datetime | None = None
) -> int:
    """E-mail the overdue reminders (one message per assignee) for these assignments, if they
    are still overdue and not reminded; mark them reminded in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Assignment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_overdue(now), pk__in=list(assignment_ids))
            .select_related("claim", "assignee", "assigned_by")
            .order_by("due_at", "pk")
        )
        if not due:
            return 0
        _mail_per_assignee(
            due,
            subject="Overdue: {count} claim(s) past their due date",
            intro="These claims assigned to you are past their due date:",
        )
        Assignment.objects.filter(pk__in=[a.pk for a in due]).update(overdue_reminded_at=now)
    return len(due)
