from django.http import JsonResponse
from django.urls import include, path

from factcheck.models import Claim


def bare_claims(request):
    """The floor: the same 50 rows, with the same fields, as the list endpoint, straight from
    `.values()`."""
    rows = list(
        Claim.objects.filter(status="new")
        .order_by("-created_at", "-id")
        .values(
            "id",
            "article_id",
            "story_id",
            "text",
            "start",
            "end",
            "status",
            "facts",
            "created_at",
            "updated_at",
        )[:50]
    )
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bench/bare-claims/", bare_claims),
    path("", include("config.urls")),
]
