"""Webhook subscriptions of API clients, the events recorded for them, and one delivery per
(subscription, event), which is also the delivery log."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from factcheck.models import ApiClient


class WebhookSubscription(models.Model):
    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=2000)
    event_types = models.JSONField(default=list)
    # `whsec_` + base64 of 32 random bytes. Kept in clear because signing needs it (HMAC has
    # no public half); the API shows it only in the answer to the creation, the admin never.
    secret = models.CharField(max_length=100, editable=False)
    # After a rotation the old secret signs too, until it expires, so that a receiver can
    # switch to the new one without rejecting a message (Standard Webhooks: several signatures,
    # space-separated, in `webhook-signature`).
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"

    def signing_secrets(self, now) -> list[str]:
        """The secrets a message sent at `now` is signed with: the current one, and the
        previous one while it has not expired."""
        secrets = [self.secret]
        if (
            self.previous_secret
            and self.previous_secret_expires_at
            and now < (self.previous_secret_expires_at)
        ):
            secrets.append(self.previous_secret)
        return secrets


class WebhookEvent(models.Model):
    # Sent as `webhook-id`: the same for every attempt and every replay of the event, so a
    # receiver can drop a message it already processed.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=64, db_index=True)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # While pending: when the next attempt is due (or, during an attempt, when it may be
    # considered lost). Null once succeeded or failed.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhook_delivery_once_per_subscription"
            )
        ]
        # The sweep looks for pending deliveries that are due.
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        permissions = [("replay_webhookdelivery", "Can replay webhook deliveries")]

    def __str__(self) -> str:
        return f"Delivery {self.pk} ({self.get_status_display()})"
