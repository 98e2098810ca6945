"""The review API under /api/v1/: thin views over reviews/selectors.py (reads) and
reviews/services.py (writes). Each workflow action is a POST sub-resource of the claim that
answers with the claim's new review state.

Refusals: 401 without credentials; 403 when the role (the transition table) or a rule (only
the assignee submits, four eyes) forbids; 404 when the user may not see the claim or flag;
409 when the claim's state does not allow the action; 400 with field-level `errors` for bad
input. A refused action changes nothing."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import (
    APIException,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck import selectors as factcheck_selectors
from factcheck.api_errors import Conflict
from factcheck.fields import ID_MAX, ID_SCHEMA, MOMENT_SCHEMA, id_parse, moment_parse
from factcheck.models import AuditEvent
from factcheck.pagination import StandardPagination, StrictPageSizeMixin, single_query_value
from factcheck.renderers import FastJSONRenderer
from factcheck.roles import Role, has_any_role

from . import selectors
from .models import Assignment, FlagAction, ReviewAction, Verdict
from .permissions import CanReadPublished, CanReadReviews, HasAQueue, MayMakeTransition
from .serializers import (
    ApproveInputSerializer,
    AssignInputSerializer,
    AuditEventSerializer,
    BulkAssignedSerializer,
    BulkAssignInputSerializer,
    BulkAssignResultSerializer,
    ClaimReviewDocumentSerializer,
    ClaimReviewStateSerializer,
    EmptyInputSerializer,
    FlagConfirmInputSerializer,
    FlagDecisionSerializer,
    QueueItemSerializer,
    ReasonInputSerializer,
    RequestChangesInputSerializer,
    VerdictInputSerializer,
    VerdictSerializer,
    VerdictSubmittedSerializer,
)
from .services.assignment import claim_assign, claim_take, claims_assign_bulk
from .services.errors import (
    ActionForbidden,
    BulkAssignRefused,
    InvalidReviewInput,
    ReviewObjectNotFound,
    TransitionNotAllowed,
)
from .services.flags import FlagDecision, flag_confirm, flag_dismiss
from .services.publication import claim_dismiss, claim_publish, claim_retract
from .services.verdicts import (
    EvidenceItem,
    review_approve,
    review_request_changes,
    review_start,
    verdict_submit,
)


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This was retracted."
    default_code = "gone"


class QueuePagination(StrictPageSizeMixin, PageNumberPagination):
    """A queue is ordered by due date (which may be empty), so it is paged by number."""

    page_size = 50

    def get_page_number(self, request, paginator):
        # Not a page number at all is a bad parameter (400); a page past the last one is
        # missing (404).
        value = single_query_value(request, self.page_query_param)
        try:
            return 1 if value is None else id_parse(value)
        except ValueError as error:
            raise ValidationError({self.page_query_param: [str(error)]}) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
        return parameters


class HistoryPagination(StandardPagination):
    ordering = ("created_at", "id")


class VerdictPagination(StandardPagination):
    ordering = ("-version",)


class FeedPagination(StandardPagination):
    ordering = ("-published_at", "-id")


class ReviewErrorsMixin:
    """Maps the services' domain errors to API errors (see the module docstring)."""

    def handle_exception(self, exc):
        item_errors = None
        if isinstance(exc, BulkAssignRefused):
            item_errors = {"claims": exc.errors}
            exc = Conflict(exc.message) if exc.conflict else ValidationError(item_errors)
        elif isinstance(exc, InvalidReviewInput):
            exc = ValidationError(exc.errors)
        elif isinstance(exc, TransitionNotAllowed):
            exc = Conflict(exc.message)
        elif isinstance(exc, ActionForbidden):
            exc = PermissionDenied(exc.message)
        elif isinstance(exc, ReviewObjectNotFound):
            exc = NotFound(exc.message)
        response = super().handle_exception(exc)
        if item_errors is not None and isinstance(exc, Conflict):
            response.data["errors"] = item_errors
        return response


# --- Claim actions -------------------------------------------------------------------------


class ClaimActionApi(ReviewErrorsMixin, APIView):
    """POST an action on one claim. Subclasses set `review_action`, `input_serializer_class`
    and implement `perform`."""

    permission_classes = [MayMakeTransition]
    review_action: str = ""
    input_serializer_class = EmptyInputSerializer
    success_status = status.HTTP_200_OK
    extra_error_responses = {
        "403": "Your role, or a rule (only the assignee; four eyes), does not allow this.",
        "409": "The claim's review state does not allow this action now.",
    }

    def perform(self, *, claim, data: dict, user):
        raise NotImplementedError

    def post(self, request, pk: int):
        claim = factcheck_selectors.claim_get_for_user(request.user, pk)
        payload = self.input_serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        extra = self.perform(claim=claim, data=payload.validated_data, user=request.user) or {}
        state = selectors.claim_review_state(claim_id=claim.pk, user=request.user)
        return Response(
            {**ClaimReviewStateSerializer(state).data, **extra}, status=self.success_status
        )


@extend_schema(
    summary="Assign a claim to a fact-checker",
    request=AssignInputSerializer,
    responses={200: ClaimReviewStateSerializer},
)
class ClaimAssignApi(ClaimActionApi):
    """Assign the claim to a fact-checker (`assignee`, optional `due_at`, `note`).
    Reassigning ends the current assignment, which stays in the history."""

    review_action = ReviewAction.ASSIGN
    input_serializer_class = AssignInputSerializer

    def perform(self, *, claim, data, user):
        claim_assign(
            claim_id=claim.pk,
            assignee=data["assignee"],
            actor=user,
            due_at=data["due_at"],
            note=data["note"],
        )


@extend_schema(
    summary="Take an unassigned claim for yourself",
    request=None,
    responses={200: ClaimReviewStateSerializer},
)
class ClaimTakeApi(ClaimActionApi):
    """A fact-checker takes an unassigned claim (when the review settings allow it)."""

    review_action = ReviewAction.TAKE

    def perform(self, *, claim, data, user):
        claim_take(claim_id=claim.pk, actor=user)


@extend_schema(
    summary="Start (or resume) the review of your claim",
    request=None,
    responses={200: ClaimReviewStateSerializer},
)
class ReviewStartApi(ClaimActionApi):
    review_action = ReviewAction.START

    def perform(self, *, claim, data, user):
        review_start(claim_id=claim.pk, actor=user)


@extend_schema(
    summary="Submit a verdict",
    request=VerdictInputSerializer,
    responses={201: VerdictSubmittedSerializer},
)
class VerdictSubmitApi(ClaimActionApi):
    """The assignee submits a verdict: `rating`, `rationale`, `evidence` (each `url`, or
    `claim` / `flag` id, with `note`), optional `resolves` (flag ids). Answers 201 with the
    claim's state and the new `submitted_verdict`."""

    review_action = ReviewAction.SUBMIT
    input_serializer_class = VerdictInputSerializer
    success_status = status.HTTP_201_CREATED

    def perform(self, *, claim, data, user):
        verdict = verdict_submit(
            claim_id=claim.pk,
            actor=user,
            rating=data["rating"],
            rationale=data["rationale"],
            evidence=[
                EvidenceItem(
                    url=item["url"], claim_id=item["claim"], flag_id=item["flag"], note=item["note"]
                )
                for item in data["evidence"]
            ],
            resolves=data["resolves"],
        )
        verdict = selectors.claim_verdicts(claim=claim).get(pk=verdict.pk)
        return {"submitted_verdict": VerdictSerializer(verdict).data}


@extend_schema(
    summary="Approve the submitted verdict (four eyes)",
    request=ApproveInputSerializer,
    responses={200: ClaimReviewStateSerializer},
)
class ReviewApproveApi(ClaimActionApi):
    """An editor other than the verdict's author approves it (optional `comment`, and
    `verdict`: the id you reviewed)."""

    review_action = ReviewAction.APPROVE
    input_serializer_class = ApproveInputSerializer

    def perform(self, *, claim, data, user):
        review_approve(
            claim_id=claim.pk, actor=user, comment=data["comment"], verdict_id=data["verdict"]
        )


@extend_schema(
    summary="Return the submitted verdict with a comment",
    request=RequestChangesInputSerializer,
    responses={200: ClaimReviewStateSerializer},
)
class ReviewRequestChangesApi(ClaimActionApi):
    review_action = ReviewAction.REQUEST_CHANGES
    input_serializer_class = RequestChangesInputSerializer

    def perform(self, *, claim, data, user):
        review_request_changes(
            claim_id=claim.pk, actor=user, comment=data["comment"], verdict_id=data["verdict"]
        )


@extend_schema(
    summary="Publish the approved verdict",
    request=None,
    responses={200: ClaimReviewStateSerializer},
)
class ClaimPublishApi(ClaimActionApi):
    review_action = ReviewAction.PUBLISH

    def perform(self, *, claim, data, user):
        claim_publish(claim_id=claim.pk, actor=user)


@extend_schema(
    summary="Retract the published verdict, with a reason",
    request=ReasonInputSerializer,
    responses={200: ClaimReviewStateSerializer},
)
class ClaimRetractApi(ClaimActionApi):
    review_action = ReviewAction.RETRACT
    input_serializer_class = ReasonInputSerializer

    def perform(self, *, claim, data, user):
        claim_retract(claim_id=claim.pk, actor=user, reason=data["reason"])


@extend_schema(
    summary="Dismiss a claim as not check-worthy, with a reason",
    request=ReasonInputSerializer,
    responses={200: ClaimReviewStateSerializer},
)
class ClaimDismissApi(ClaimActionApi):
    review_action = ReviewAction.DISMISS
    input_serializer_class = ReasonInputSerializer

    def perform(self, *, claim, data, user):
        claim_dismiss(claim_id=claim.pk, actor=user, reason=data["reason"])


class ClaimsBulkAssignApi(ReviewErrorsMixin, APIView):
    """Assign many claims to one fact-checker: `claims` (ids), `assignee`, optional `due_at`
    and `note`. All or nothing: 400 when a claim is unknown, 409 when one cannot be assigned
    in its state, with the refused claims under `errors.claims`."""

    permission_classes = [MayMakeTransition]
    review_action = ReviewAction.ASSIGN
    extra_error_responses = {"409": "A claim's state does not allow assigning it (none was)."}

    @extend_schema(
        summary="Assign many claims to a fact-checker (all or nothing)",
        operation_id="claims_assign_bulk",
        request=BulkAssignInputSerializer,
        responses={200: BulkAssignResultSerializer},
    )
    def post(self, request):
        payload = BulkAssignInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        visible = set(
            factcheck_selectors.claim_list_for_user(request.user)
            .filter(pk__in=data["claims"])
            .values_list("pk", flat=True)
        )
        missing = {str(pk): ["No such claim."] for pk in data["claims"] if pk not in visible}
        if missing:
            raise ValidationError({"claims": missing})
        assignments = claims_assign_bulk(
            claim_ids=data["claims"],
            assignee=data["assignee"],
            actor=request.user,
            due_at=data["due_at"],
            note=data["note"],
        )
        return Response(
            {
                "count": len(assignments),
                "results": BulkAssignedSerializer(assignments, many=True).data,
            }
        )


# --- Reads ---------------------------------------------------------------------------------


@extend_schema(
    summary="A fact-checker's queue",
    parameters=[
        OpenApiParameter(
            "assignee", ID_SCHEMA, description="Editors: the fact-checker whose queue to read."
        )
    ],
)
class QueueApi(generics.ListAPIView):
    """Your open claims by due date (none last), each with its open contradiction flags.
    Editors may read a fact-checker's queue with `?assignee=<user id>`."""

    permission_classes = [HasAQueue]
    serializer_class = QueueItemSerializer
    pagination_class = QueuePagination
    queryset = Assignment.objects.none()
    extra_error_responses = {"404": "No such page (`page` is past the last one)."}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return self.queryset
        user = self.request.user
        assignee_param = single_query_value(self.request, "assignee")
        if assignee_param is not None:
            try:
                assignee_id = id_parse(assignee_param)
            except ValueError as error:
                raise ValidationError({"assignee": [str(error)]}) from error
            if assignee_id != user.pk:
                if not has_any_role(user, {Role.EDITOR}):
                    raise PermissionDenied("Only editors read another person's queue.")
                user = selectors.user_get(assignee_id)
                if user is None:
                    raise ValidationError({"assignee": ["No such user."]})
        return selectors.queue_for_user(user=user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


@extend_schema(summary="A claim's audit trail")
class ClaimHistoryApi(generics.ListAPIView):
    """The claim's audit trail, oldest first: every transition, assignment, verdict, approval
    and decision on its contradiction flags. Read-only."""

    permission_classes = [CanReadReviews]
    serializer_class = AuditEventSerializer
    pagination_class = HistoryPagination
    queryset = AuditEvent.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        claim = factcheck_selectors.claim_get_for_user(self.request.user, self.kwargs["pk"])
        return selectors.claim_history(claim=claim)


@extend_schema(summary="Every version of a claim's verdict")
class ClaimVerdictsApi(generics.ListAPIView):
    """Every version of the claim's verdict, newest first."""

    permission_classes = [CanReadReviews]
    serializer_class = VerdictSerializer
    pagination_class = VerdictPagination
    queryset = Verdict.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        claim = factcheck_selectors.claim_get_for_user(self.request.user, self.kwargs["pk"])
        return selectors.claim_verdicts(claim=claim)


class JsonLdRenderer(FastJSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


@extend_schema(
    summary="The ClaimReview (schema.org JSON-LD) of a published claim",
    responses={200: ClaimReviewDocumentSerializer},
)
class ClaimReviewApi(APIView):
    """The schema.org ClaimReview (JSON-LD) of a published claim. 404 for a claim that was
    never published, 410 once its verdict was retracted."""

    permission_classes = [CanReadPublished]
    renderer_classes = [JsonLdRenderer, FastJSONRenderer]
    extra_error_responses = {"410": "The claim's verdict was retracted."}

    def get(self, request, pk: int):
        try:
            verdict = selectors.published_verdict_for_claim(claim_id=pk)
        except selectors.ClaimReviewGone as error:
            raise Gone("This claim's verdict was retracted.") from error
        if verdict is None:
            raise NotFound("No published ClaimReview for this claim.")
        return Response(selectors.claimreview_document(verdict=verdict))


@extend_schema(
    summary="Every published ClaimReview, newest first",
    parameters=[
        OpenApiParameter(
            "updated_since",
            MOMENT_SCHEMA,
            description="An RFC 3339 date-time or a date: only those published since then.",
        )
    ],
)
class ClaimReviewFeedApi(generics.ListAPIView):
    """Every published ClaimReview, newest first; `?updated_since=<ISO 8601>` for those
    published since then."""

    permission_classes = [CanReadPublished]
    pagination_class = FeedPagination
    serializer_class = ClaimReviewDocumentSerializer
    queryset = Verdict.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        raw = single_query_value(self.request, "updated_since")
        try:
            since = moment_parse(raw) if raw is not None else None
        except ValueError as error:
            raise ValidationError({"updated_since": [str(error)]}) from error
        return selectors.published_verdicts(updated_since=since)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [selectors.claimreview_document(verdict=verdict) for verdict in page]
        )


# --- Contradiction flags -------------------------------------------------------------------


_FLAG_ERRORS = {"409": "The flag was already decided on."}


@extend_schema(
    summary="Confirm a contradiction flag (and open review on its claims)",
    request=FlagConfirmInputSerializer,
    responses={200: FlagDecisionSerializer},
)
class FlagConfirmApi(ReviewErrorsMixin, APIView):
    """Confirm a contradiction flag (`reason`); with `assignee` (and optional `due_at`,
    `note`), open review on its claims that are still new by assigning them."""

    permission_classes = [MayMakeTransition]
    transition_table = "flag"
    extra_error_responses = _FLAG_ERRORS
    review_action = FlagAction.CONFIRM

    def post(self, request, pk: int):
        flag = factcheck_selectors.flag_get_for_user(request.user, pk)
        payload = FlagConfirmInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        decision = flag_confirm(
            flag_id=flag.pk,
            actor=request.user,
            reason=data["reason"],
            assignee=data["assignee"],
            due_at=data["due_at"],
            note=data["note"],
        )
        return Response(FlagDecisionSerializer(decision).data)


@extend_schema(
    summary="Dismiss a contradiction flag",
    request=ReasonInputSerializer,
    responses={200: FlagDecisionSerializer},
)
class FlagDismissApi(ReviewErrorsMixin, APIView):
    """Dismiss a contradiction flag (`reason`): later detection runs do not raise it again."""

    permission_classes = [MayMakeTransition]
    transition_table = "flag"
    extra_error_responses = _FLAG_ERRORS
    review_action = FlagAction.DISMISS

    def post(self, request, pk: int):
        flag = factcheck_selectors.flag_get_for_user(request.user, pk)
        payload = ReasonInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        flag = flag_dismiss(
            flag_id=flag.pk, actor=request.user, reason=payload.validated_data["reason"]
        )
        return Response(FlagDecisionSerializer(FlagDecision(flag=flag, assignments=[])).data)
