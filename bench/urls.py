import orjson
from django.http import HttpResponse, JsonResponse
from django.urls import include, path

from factcheck.models import Claim


def _rows() -> list[dict]:
    return list(
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


def bare_claims(request):
    """The floor: the same 50 rows, with the same fields, as the list endpoint, straight from
    `.values()` through Django's JsonResponse."""
    return JsonResponse({"results": _rows()})


def bare_claims_orjson(request):
    """The same floor encoded with orjson, as the API encodes: how much the framework costs
    apart from the JSON encoder."""
    return HttpResponse(
        orjson.dumps({"results": _rows()}, option=orjson.OPT_UTC_Z),
        content_type="application/json",
    )


urlpatterns = [
    path("bench/bare-claims/", bare_claims),
    path("bench/bare-claims-orjson/", bare_claims_orjson),
    path("", include("config.urls")),
]
