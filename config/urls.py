from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.problems import problem_description
from reviews.admin.desk import desk_index


def health(request):
    """Liveness for load balancers and docker-compose: answers without touching the database."""
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.admin_view(desk_index)),  # the start page: each role's desk
    path("admin/", admin.site.urls),
    path("api/v1/", include("factcheck.urls")),
    path("api/v1/", include("reviews.urls")),
    path("api/v1/", include("webhooks.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script, so the
    # content security policy needs no 'unsafe-inline' for scripts.
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("healthz", health, name="health"),
    path("api/v1/problems/<slug:code>", problem_description, name="problem-description"),
]

handler404 = "api.problems.api_aware_not_found"
handler500 = "api.problems.api_aware_server_error"
