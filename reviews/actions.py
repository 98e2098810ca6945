"""The review actions table: one row per workflow action on a claim (CLAIM_ACTIONS) or on a
contradiction flag (FLAG_ACTIONS). The API (reviews/apis.py builds one view per row; the
routes come from reviews/urls.py) and the admin (reviews/admin/) are both driven by it, so an
action runs the same service with the same input whichever way it is asked for.

Who may run an action from which state is the transition table's (CLAIM_TRANSITIONS and
FLAG_TRANSITIONS in reviews/models.py), keyed by the same action names; the services check
it. A new review action is one row here, one transition there and its service.

`run` receives the input serializer's `validated_data` (API) or the form's `cleaned_data`
(admin): both give the same keys, with evidence as EvidenceItem and flags as ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from rest_framework import serializers as drf_serializers
from rest_framework import status

from . import forms, selectors
from .models import FlagAction, ReviewAction
from .serializers import (
    ApproveInputSerializer,
    AssignInputSerializer,
    FlagConfirmInputSerializer,
    FlagDecisionSerializer,
    ReasonInputSerializer,
    RequestChangesInputSerializer,
    VerdictInputSerializer,
    VerdictSerializer,
    VerdictSubmittedSerializer,
)
from .services.assignment import claim_assign, claim_take
from .services.flags import FlagDecision, flag_confirm, flag_dismiss
from .services.publication import claim_dismiss, claim_publish, claim_retract
from .services.verdicts import review_approve, review_request_changes, review_start, verdict_submit


@dataclass(frozen=True)
class ReviewActionRow:
    action: str  # the key of the transition table (roles, source and target states)
    # (*, object_id, actor, data) -> the service's result; raises the services' ReviewError.
    run: Callable[..., Any]
    path: str  # the URL segment under /api/v1/claims/<id>/ or /api/v1/contradictions/<id>/
    summary: str  # the API operation's summary
    # The API operation's description; None: the view base class's docstring.
    description: str | None
    # None: the action takes no input (an empty body, or `{}`).
    input_serializer: type[drf_serializers.Serializer] | None
    form: type[django_forms.Form]  # the admin's form (forms.ConfirmForm: a confirmation)
    message: Callable[[Any], str]  # the admin's success message, from the service's result
    # The admin's list action ("…" when it asks for input); None: only on the object's page.
    list_label: str | None
    response: type[drf_serializers.Serializer] | None = None  # None: the view's default
    success_status: int = status.HTTP_200_OK
    # (claim, result) -> fields the API adds to the claim's review state.
    api_extra: Callable[[Any, Any], dict] | None = None


# --- Claim actions -------------------------------------------------------------------------


def _assign(*, object_id: int, actor, data: dict):
    return claim_assign(
        claim_id=object_id,
        assignee=data["assignee"],
        actor=actor,
        due_at=data.get("due_at"),
        note=data.get("note", ""),
    )


def _submit(*, object_id: int, actor, data: dict):
    return verdict_submit(
        claim_id=object_id,
        actor=actor,
        rating=data["rating"],
        rationale=data["rationale"],
        evidence=data["evidence"],
        resolves=data.get("resolves") or [],
    )


def _submitted_verdict(claim, verdict) -> dict:
    verdict = selectors.claim_verdicts(claim=claim).get(pk=verdict.pk)
    return {"submitted_verdict": VerdictSerializer(verdict).data}


CLAIM_ACTIONS: dict[str, ReviewActionRow] = {
    row.action: row
    for row in [
        ReviewActionRow(
            action=ReviewAction.ASSIGN,
            run=_assign,
            path="assign",
            summary="Assign a claim to a fact-checker",
            description=(
                "Assign the claim to a fact-checker (`assignee`, optional `due_at`, `note`).\n"
                "Reassigning ends the current assignment, which stays in the history."
            ),
            input_serializer=AssignInputSerializer,
            form=forms.AssignForm,
            message=lambda assignment: f"Assigned to {assignment.assignee}.",
            list_label="Assign to a fact-checker…",
        ),
        ReviewActionRow(
            action=ReviewAction.TAKE,
            run=lambda *, object_id, actor, data: claim_take(claim_id=object_id, actor=actor),
            path="take",
            summary="Take an unassigned claim for yourself",
            description=(
                "A fact-checker takes an unassigned claim (when the review settings allow it)."
            ),
            input_serializer=None,
            form=forms.ConfirmForm,
            message=lambda _: "The claim is yours.",
            list_label="Take for myself",
        ),
        ReviewActionRow(
            action=ReviewAction.START,
            run=lambda *, object_id, actor, data: review_start(claim_id=object_id, actor=actor),
            path="start",
            summary="Start (or resume) the review of your claim",
            description=None,
            input_serializer=None,
            form=forms.ConfirmForm,
            message=lambda _: "Review started.",
            list_label="Start the review",
        ),
        ReviewActionRow(
            action=ReviewAction.SUBMIT,
            run=_submit,
            path="verdict",
            summary="Submit a verdict",
            description=(
                "The assignee submits a verdict: `rating`, `rationale`, "
                "`evidence` (each `url`, or\n"
                "`claim` / `flag` id, with `note`), optional `resolves` (flag ids). "
                "Answers 201 with the\n"
                "claim's state and the new `submitted_verdict`."
            ),
            input_serializer=VerdictInputSerializer,
            form=forms.VerdictForm,
            message=lambda verdict: f"Verdict version {verdict.version} submitted for approval.",
            list_label=None,
            response=VerdictSubmittedSerializer,
            success_status=status.HTTP_201_CREATED,
            api_extra=_submitted_verdict,
        ),
        ReviewActionRow(
            action=ReviewAction.APPROVE,
            run=lambda *, object_id, actor, data: review_approve(
                claim_id=object_id,
                actor=actor,
                comment=data.get("comment", ""),
                verdict_id=data.get("verdict"),
            ),
            path="approve",
            summary="Approve the submitted verdict (four eyes)",
            description=(
                "An editor other than the verdict's author approves it (optional `comment`, and\n"
                "`verdict`: the id you reviewed)."
            ),
            input_serializer=ApproveInputSerializer,
            form=forms.OptionalCommentForm,
            message=lambda _: "Verdict approved.",
            list_label="Approve the verdict",
        ),
        ReviewActionRow(
            action=ReviewAction.REQUEST_CHANGES,
            run=lambda *, object_id, actor, data: review_request_changes(
                claim_id=object_id,
                actor=actor,
                comment=data["comment"],
                verdict_id=data.get("verdict"),
            ),
            path="request-changes",
            summary="Return the submitted verdict with a comment",
            description=None,
            input_serializer=RequestChangesInputSerializer,
            form=forms.CommentForm,
            message=lambda _: "Verdict returned to its author.",
            list_label="Request changes to the verdict…",
        ),
        ReviewActionRow(
            action=ReviewAction.PUBLISH,
            run=lambda *, object_id, actor, data: claim_publish(claim_id=object_id, actor=actor),
            path="publish",
            summary="Publish the approved verdict",
            description=None,
            input_serializer=None,
            form=forms.ConfirmForm,
            message=lambda _: "Published.",
            list_label="Publish",
        ),
        ReviewActionRow(
            action=ReviewAction.RETRACT,
            run=lambda *, object_id, actor, data: claim_retract(
                claim_id=object_id, actor=actor, reason=data["reason"]
            ),
            path="retract",
            summary="Retract the published verdict, with a reason",
            description=None,
            input_serializer=ReasonInputSerializer,
            form=forms.ReasonForm,
            message=lambda _: "Retracted.",
            list_label="Retract…",
        ),
        ReviewActionRow(
            action=ReviewAction.DISMISS,
            run=lambda *, object_id, actor, data: claim_dismiss(
                claim_id=object_id, actor=actor, reason=data["reason"]
            ),
            path="dismiss",
            summary="Dismiss a claim as not check-worthy, with a reason",
            description=None,
            input_serializer=ReasonInputSerializer,
            form=forms.ReasonForm,
            message=lambda _: "Dismissed.",
            list_label="Dismiss as not check-worthy…",
        ),
    ]
}


# --- Contradiction flag actions ------------------------------------------------------------


def _flag_confirm(*, object_id: int, actor, data: dict) -> FlagDecision:
    return flag_confirm(
        flag_id=object_id,
        actor=actor,
        reason=data["reason"],
        assignee=data.get("assignee"),
        due_at=data.get("due_at"),
        note=data.get("note", ""),
    )


def _flag_confirmed(decision: FlagDecision) -> str:
    opened = len(decision.assignments)
    return "Flag confirmed." + (f" Review opened on {opened} claim(s)." if opened else "")


def _flag_dismiss(*, object_id: int, actor, data: dict) -> FlagDecision:
    flag = flag_dismiss(flag_id=object_id, actor=actor, reason=data["reason"])
    return FlagDecision(flag=flag, assignments=[])


FLAG_ACTIONS: dict[str, ReviewActionRow] = {
    row.action: row
    for row in [
        ReviewActionRow(
            action=FlagAction.CONFIRM,
            run=_flag_confirm,
            path="confirm",
            summary="Confirm a contradiction flag (and open review on its claims)",
            description=(
                "Confirm a contradiction flag (`reason`); with `assignee` (and optional `due_at`,\n"
                "`note`), open review on its claims that are still new by assigning them."
            ),
            input_serializer=FlagConfirmInputSerializer,
            form=forms.FlagConfirmForm,
            message=_flag_confirmed,
            list_label="Confirm the contradiction…",
            response=FlagDecisionSerializer,
        ),
        ReviewActionRow(
            action=FlagAction.DISMISS,
            run=_flag_dismiss,
            path="dismiss",
            summary="Dismiss a contradiction flag",
            description=(
                "Dismiss a contradiction flag (`reason`): "
                "later detection runs do not raise it again."
            ),
            input_serializer=ReasonInputSerializer,
            form=forms.ReasonForm,
            message=lambda _: "Flag dismissed.",
            list_label="Dismiss the flag…",
            response=FlagDecisionSerializer,
        ),
    ]
}
