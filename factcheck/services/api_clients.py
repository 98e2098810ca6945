"""Writes of API clients: keys issued and revoked (audited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..audit import AuditAction, audit_events_record
from ..authentication import api_key_digest, api_key_generate, api_keys_forget
from ..models import (
    ApiClient,
    ApiToken,
)
from ..roles import Role


@dataclass(frozen=True)
class IssuedKey:
    client: ApiClient
    token: ApiToken
    key: str  # shown once; only its digest is stored


def api_client_issue_key(*, name: str, revoke_existing: bool = True) -> IssuedKey:
    """Create the API client `name` (a user in the integration group) if it does not exist,
    and issue it a new key. With `revoke_existing`, older keys stop working: a rotation."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().filter(name=name).first()
        if client is None:
            user, _ = user_model.objects.get_or_create(
                username=f"api-{name}"[: user_model._meta.get_field("username").max_length],
                defaults={"is_staff": False},
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=Role.INTEGRATION))
            client = ApiClient.objects.create(name=name, user=user)
        if revoke_existing:
            revoked = client.tokens.filter(revoked_at__isnull=True)
            api_keys_forget(list(revoked.values_list("key_digest", flat=True)))
            revoked.update(revoked_at=timezone.now())
        key = api_key_generate()
        token = ApiToken.objects.create(
            client=client, prefix=key[:12], key_digest=api_key_digest(key)
        )
    return IssuedKey(client=client, token=token, key=key)


def api_client_revoke_tokens(*, client: ApiClient, actor=None) -> int:
    return api_tokens_revoke(token_ids=client.tokens.values_list("pk", flat=True), actor=actor)


def api_tokens_revoke(*, token_ids: Iterable[int], actor=None) -> int:
    """Revoke API keys at once (they stop authenticating on the next request); audited."""
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update()
            .select_related("client")
            .filter(pk__in=list(token_ids), revoked_at__isnull=True)
        )
        now = timezone.now()
        ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=now)
        api_keys_forget([token.key_digest for token in tokens])
        audit_events_record(
            events=[
                dict(
                    actor=actor,
                    action=AuditAction.API_TOKEN_REVOKED,
                    comment=f"client {token.client.name}, key {token.prefix}…",
                )
                for token in tokens
            ]
        )
    return len(tokens)
