"""The review API under /api/v1/: thin views over reviews/selectors.py (reads) and
reviews/services/ (writes). Each workflow action (a row of reviews/actions.py) is a POST
sub-resource of the claim that answers with the claim's new review state.

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

from api.fields import ID_SCHEMA, MOMENT_SCHEMA, id_parse, moment_parse
from api.pagination import StandardPagination, StrictPageSizeMixin, single_query_value
from api.problems import Conflict
from api.renderers import FastJSONRenderer
from factcheck import selectors as factcheck_selectors
from factcheck.models import AuditEvent
from factcheck.roles import Role, has_any_role

from . import selectors
from .actions import CLAIM_ACTIONS, FLAG_ACTIONS, ReviewActionRow
from .models import Assignment, ReviewAction, Verdict
from .permissions import CanReadPublished, CanReadReviews, HasAQueue, MayMakeTransition
from .serializers import (
    AuditEventSerializer,
    BulkAssignedSerializer,
    BulkAssignInputSerializer,
    BulkAssignResultSerializer,
    ClaimReviewDocumentSerializer,
    ClaimReviewStateSerializer,
    EmptyInputSerializer,
    FlagDecisionSerializer,
    QueueItemSerializer,
    ReasonInputSerializer,
    VerdictSerializer,
)
from .services.assignment import claims_assign_bulk
from .services.errors import (
    ActionForbidden,
    BulkAssignRefused,
    InvalidReviewInput,
    ReviewObjectNotFound,
    TransitionNotAllowed,
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
                parameter["schema"] = dict(ID_SCHEMA)
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

    # The docstring above is the published description (docs/openapi.yaml) of the actions
    # whose row in reviews/actions.py has none: rewording it changes the API document.

    permission_classes = [MayMakeTransition]
    review_action: str = ""
    input_serializer_class = EmptyInputSerializer
    success_status = status.HTTP_200_OK
    extra_error_responses = {
        "403": "Your role, or a rule (only the assignee; four eyes), does not allow this.",
        "409": "The claim's review state does not allow this action now.",
    }
    row: ReviewActionRow

    def perform(self, *, claim, data: dict, user):
        result = self.row.run(object_id=claim.pk, actor=user, data=data)
        return self.row.api_extra(claim, result) if self.row.api_extra else None

    def post(self, request, pk: int):
        claim = factcheck_selectors.claim_get_for_user(request.user, pk)
        payload = self.input_serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        extra = self.perform(claim=claim, data=payload.validated_data, user=request.user) or {}
        state = selectors.claim_review_state(claim_id=claim.pk, user=request.user)
        return Response(
            {**ClaimReviewStateSerializer(state).data, **extra}, status=self.success_status
        )


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


class FlagActionApi(ReviewErrorsMixin, APIView):
    """POST a decision on one contradiction flag; answers with the flag and the assignments
    it opened."""

    permission_classes = [MayMakeTransition]
    transition_table = "flag"
    extra_error_responses = {"409": "The flag was already decided on."}
    review_action: str = ""
    input_serializer_class = ReasonInputSerializer
    row: ReviewActionRow

    def post(self, request, pk: int):
        flag = factcheck_selectors.flag_get_for_user(request.user, pk)
        payload = self.input_serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = self.row.run(object_id=flag.pk, actor=request.user, data=payload.validated_data)
        return Response(FlagDecisionSerializer(decision).data)


# --- One view per row of the actions table -------------------------------------------------


def _action_api(base: type[APIView], row: ReviewActionRow, default_response) -> type[APIView]:
    """The view of one action of reviews/actions.py, described as a hand-written subclass of
    `base` with that docstring and `extend_schema` would be."""
    name = base.__name__.removesuffix("Api") + row.action.title().replace("_", "") + "Api"
    view = type(
        name,
        (base,),
        {
            "__doc__": row.description,
            "__module__": __name__,
            "__qualname__": name,
            "row": row,
            "review_action": row.action,
            "input_serializer_class": row.input_serializer or EmptyInputSerializer,
            "success_status": row.success_status,
        },
    )
    return extend_schema(
        summary=row.summary,
        request=row.input_serializer,
        responses={row.success_status: row.response or default_response},
    )(view)


CLAIM_ACTION_APIS = {
    action: _action_api(ClaimActionApi, row, ClaimReviewStateSerializer)
    for action, row in CLAIM_ACTIONS.items()
}
FLAG_ACTION_APIS = {
    action: _action_api(FlagActionApi, row, FlagDecisionSerializer)
    for action, row in FLAG_ACTIONS.items()
}
