"""/api/v1/webhooks/: newsroom tools manage their subscriptions and read their delivery log;
admins see and manage every client's. Thin views over selectors and services."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.roles import Role, has_any_role

from . import selectors
from .models import WebhookDelivery
from .permissions import CanManageWebhooks
from .serializers import (
    WebhookDeliverySerializer,
    WebhookSecretRotatedSerializer,
    WebhookSecretRotateSerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionCreateSerializer,
    WebhookSubscriptionSerializer,
)
from .services import deliveries, subscriptions


class WebhookSubscriptionListCreateApi(generics.ListAPIView):
    """Your webhook subscriptions; POST `url` and `event_types` to subscribe. The answer to the
    creation carries the signing `secret`, shown this once."""

    permission_classes = [CanManageWebhooks]
    serializer_class = WebhookSubscriptionSerializer

    def get_queryset(self):
        return selectors.subscription_list_for_user(self.request.user)

    @extend_schema(
        request=WebhookSubscriptionCreateSerializer,
        responses={201: WebhookSubscriptionCreatedSerializer},
    )
    def post(self, request):
        is_admin = has_any_role(request.user, {Role.ADMIN})
        payload = WebhookSubscriptionCreateSerializer(data=request.data, allow_client=is_admin)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        client = data.get("client") or selectors.api_client_of(request.user)
        if client is None:
            raise ValidationError({"client": ["Name the API client to subscribe."]})
        try:
            created = subscriptions.subscription_create(
                client=client,
                url=data["url"],
                event_types=data["event_types"],
                actor=request.user,
            )
        except DjangoValidationError as error:
            raise ValidationError({"url": error.messages}) from error
        except subscriptions.UnknownEventType as error:
            raise ValidationError({"event_types": [str(error)]}) from error
        except subscriptions.SubscriptionLimitReached as error:
            raise ValidationError({"non_field_errors": [str(error)]}) from error
        subscription = created.subscription
        return Response(
            WebhookSubscriptionCreatedSerializer(subscription).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": f"/api/v1/webhooks/{subscription.pk}/",
                "Cache-Control": "no-store",
            },
        )


class WebhookSubscriptionDetailApi(generics.RetrieveDestroyAPIView):
    permission_classes = [CanManageWebhooks]
    serializer_class = WebhookSubscriptionSerializer

    def get_object(self):
        return selectors.subscription_get_for_user(self.request.user, self.kwargs["pk"])

    def destroy(self, request, *args, **kwargs):
        subscription = self.get_object()
        subscriptions.subscription_delete(subscription_id=subscription.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotateApi(APIView):
    """A new signing secret, shown in this answer only. The old secret keeps signing beside it
    for `previous_secret_valid_hours` (24 by default), so the receiver can switch without
    rejecting a message: deploy the new secret, then let the old one expire."""

    permission_classes = [CanManageWebhooks]

    @extend_schema(
        request=WebhookSecretRotateSerializer, responses={200: WebhookSecretRotatedSerializer}
    )
    def post(self, request, pk: int):
        subscription = selectors.subscription_get_for_user(request.user, pk)
        payload = WebhookSecretRotateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rotated = subscriptions.subscription_rotate_secret(
            subscription_id=subscription.pk,
            previous_valid_for=datetime.timedelta(
                hours=payload.validated_data["previous_secret_valid_hours"]
            ),
            actor=request.user,
        )
        return Response(
            WebhookSecretRotatedSerializer(rotated.subscription).data,
            headers={"Cache-Control": "no-store"},
        )


class WebhookDeliveryListApi(generics.ListAPIView):
    """A subscription's delivery log, newest first (`?status=pending|succeeded|failed`)."""

    permission_classes = [CanManageWebhooks]
    serializer_class = WebhookDeliverySerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return WebhookDelivery.objects.none()
        subscription = selectors.subscription_get_for_user(self.request.user, self.kwargs["pk"])
        return selectors.delivery_list_for_subscription(subscription)


class WebhookDeliveryReplayApi(APIView):
    """Queue one more attempt of a delivery now: 202 with the delivery, pending."""

    permission_classes = [CanManageWebhooks]

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    def post(self, request, pk: int):
        delivery = selectors.delivery_get_for_user(request.user, pk)
        delivery = deliveries.delivery_replay(delivery_id=delivery.pk, actor=request.user)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
