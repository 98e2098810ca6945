"""The review workflow's routes under /api/v1/ (the claim and flag resources themselves are
in factcheck/urls.py)."""

from django.urls import path

from . import apis

app_name = "reviews"

urlpatterns = [
    path("claims/assign/", apis.ClaimsBulkAssignApi.as_view(), name="claims-assign"),
    path("claims/<int:pk>/assign/", apis.ClaimAssignApi.as_view(), name="claim-assign"),
    path("claims/<int:pk>/take/", apis.ClaimTakeApi.as_view(), name="claim-take"),
    path("claims/<int:pk>/start/", apis.ReviewStartApi.as_view(), name="claim-start"),
    path("claims/<int:pk>/verdict/", apis.VerdictSubmitApi.as_view(), name="claim-verdict"),
    path("claims/<int:pk>/approve/", apis.ReviewApproveApi.as_view(), name="claim-approve"),
    path(
        "claims/<int:pk>/request-changes/",
        apis.ReviewRequestChangesApi.as_view(),
        name="claim-request-changes",
    ),
    path("claims/<int:pk>/publish/", apis.ClaimPublishApi.as_view(), name="claim-publish"),
    path("claims/<int:pk>/retract/", apis.ClaimRetractApi.as_view(), name="claim-retract"),
    path("claims/<int:pk>/dismiss/", apis.ClaimDismissApi.as_view(), name="claim-dismiss"),
    path("claims/<int:pk>/history/", apis.ClaimHistoryApi.as_view(), name="claim-history"),
    path("claims/<int:pk>/verdicts/", apis.ClaimVerdictsApi.as_view(), name="claim-verdicts"),
    path("claims/<int:pk>/claimreview/", apis.ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("claimreviews/", apis.ClaimReviewFeedApi.as_view(), name="claimreview-feed"),
    path("queue/", apis.QueueApi.as_view(), name="queue"),
    path(
        "contradictions/<int:pk>/confirm/",
        apis.FlagConfirmApi.as_view(),
        name="contradiction-confirm",
    ),
    path(
        "contradictions/<int:pk>/dismiss/",
        apis.FlagDismissApi.as_view(),
        name="contradiction-dismiss",
    ),
]
