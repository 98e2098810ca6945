from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path


def health(request):
    """Liveness for load balancers and docker-compose: answers without touching the database."""
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("factcheck.urls")),
    path("api/v1/", include("reviews.urls")),
    path("healthz", health, name="health"),
]
