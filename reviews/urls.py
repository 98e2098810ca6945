"""The review workflow's routes under /api/v1/ (the claim and flag resources themselves are
in factcheck/urls.py)."""

from django.urls import path

from . import apis
from .actions import CLAIM_ACTIONS, FLAG_ACTIONS

app_name = "reviews"

urlpatterns = [
    path("claims/assign/", apis.ClaimsBulkAssignApi.as_view(), name="claims-assign"),
    *[
        path(f"claims/<int:pk>/{row.path}/", view.as_view(), name=f"claim-{row.path}")
        for row, view in zip(CLAIM_ACTIONS.values(), apis.CLAIM_ACTION_APIS.values(), strict=True)
    ],
    path("claims/<int:pk>/history/", apis.ClaimHistoryApi.as_view(), name="claim-history"),
    path("claims/<int:pk>/verdicts/", apis.ClaimVerdictsApi.as_view(), name="claim-verdicts"),
    path("claims/<int:pk>/claimreview/", apis.ClaimReviewApi.as_view(), name="claim-claimreview"),
    path("claimreviews/", apis.ClaimReviewFeedApi.as_view(), name="claimreview-feed"),
    path("queue/", apis.QueueApi.as_view(), name="queue"),
    *[
        path(
            f"contradictions/<int:pk>/{row.path}/",
            view.as_view(),
            name=f"contradiction-{row.path}",
        )
        for row, view in zip(FLAG_ACTIONS.values(), apis.FLAG_ACTION_APIS.values(), strict=True)
    ],
]
