from django.urls import path

from . import apis

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", apis.WebhookSubscriptionListCreateApi.as_view(), name="subscription-list"),
    path(
        "webhooks/<int:pk>/",
        apis.WebhookSubscriptionDetailApi.as_view(),
        name="subscription-detail",
    ),
    path(
        "webhooks/<int:pk>/rotate-secret/",
        apis.WebhookSecretRotateApi.as_view(),
        name="secret-rotate",
    ),
    path(
        "webhooks/<int:pk>/deliveries/",
        apis.WebhookDeliveryListApi.as_view(),
        name="delivery-list",
    ),
    path(
        "webhooks/deliveries/<int:pk>/replay/",
        apis.WebhookDeliveryReplayApi.as_view(),
        name="delivery-replay",
    ),
]
