"""Token authentication for newsroom tools: `Authorization: Bearer <key>` (or `Token <key>`).
Keys are looked up by their SHA-256 digest; a revoked token or an inactive client is refused."""

import hashlib
import secrets

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken
from .roles import role_annotations, roles_remember

KEY_PREFIX = "fck_"
_LAST_USED_RESOLUTION_SECONDS = 60


def api_key_generate() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def api_key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid Authorization header: expected a key.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        token = (
            ApiToken.objects.select_related("client__user")
            .annotate(**role_annotations("client__user"))
            .filter(key_digest=api_key_digest(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.client.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        # The client's roles came with the same query: no second one to check permissions.
        roles_remember(token.client.user, token)
        now = timezone.now()
        # Record use at a coarse resolution: one write a minute per token, not one per request.
        if token.last_used_at is None or (
            (now - token.last_used_at).total_seconds() > _LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.client.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
