"""Token authentication for newsroom tools: `Authorization: Bearer <key>` (or `Token <key>`).
Keys are looked up by their SHA-256 digest; a revoked token or an inactive client is refused.

What a key stands for (its client, the client's user and roles) is kept in the shared cache for
`API_KEY_CACHE_SECONDS` (10 s by default) so that a busy client does not cost a database
round trip per request. Revoking a key takes effect at once: the revocation leaves a tombstone
in the cache that no reader can overwrite. Other changes (a user deactivated or given other
roles, a client deleted) take effect within those seconds."""

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from redis.exceptions import RedisError
from rest_framework import authentication, exceptions

from .models import ApiClient, ApiToken
from .roles import Role, roles_remember_names

logger = logging.getLogger(__name__)

KEY_PREFIX = "fck_"
_REVOKED = "revoked"
_LAST_USED_RESOLUTION = dt.timedelta(seconds=60)
# The user fields an API request reads; the others are deferred (loaded if ever touched).
_USER_FIELDS = ("id", "username", "is_active", "is_superuser", "is_staff")


def api_key_generate() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def api_key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class _IdentityQuery:
    sql: str
    db_alias: str
    user_fields: tuple[str, ...]  # in the model's field order, as `Model.from_db` expects


@functools.cache
def _identity_query() -> _IdentityQuery:
    """The token, its client, the client's user and the user's role groups in one statement.

    Written once from the models' metadata rather than built by the ORM on each request: every
    API request runs it, and compiling the equivalent queryset (joins plus one role subquery
    per role) cost three times as long as PostgreSQL took to answer it. Only the digest and a
    time are parameters; nothing from the request reaches the SQL text."""
    user_model = get_user_model()
    user_meta = user_model._meta
    groups_through = user_meta.get_field("groups").remote_field.through._meta
    group_meta = user_meta.get_field("groups").related_model._meta
    quote = connection.ops.quote_name

    def column(meta, name: str) -> str:
        return meta.get_field(name).column

    token, client = ApiToken._meta, ApiClient._meta
    user_fields = tuple(
        field.attname for field in user_meta.concrete_fields if field.attname in _USER_FIELDS
    )
    user_columns = ", ".join(f"u.{quote(column(user_meta, name))}" for name in user_fields)
    sql = (
        # Identifiers from the models' metadata only; values are parameters.
        f"SELECT t.{quote(column(token, 'id'))}, c.{quote(column(client, 'id'))}, "  # noqa: S608
        f"c.{quote(column(client, 'name'))}, "
        f"(t.{quote(column(token, 'last_used_at'))} IS NULL "
        f"OR t.{quote(column(token, 'last_used_at'))} < %s), "
        f"{user_columns}, g.{quote(column(group_meta, 'name'))} "
        f"FROM {quote(token.db_table)} t "
        f"JOIN {quote(client.db_table)} c "
        f"ON c.{quote(column(client, 'id'))} = t.{quote(column(token, 'client'))} "
        f"JOIN {quote(user_meta.db_table)} u "
        f"ON u.{quote(user_meta.pk.column)} = c.{quote(column(client, 'user'))} "
        f"LEFT JOIN {quote(groups_through.db_table)} ug "
        f"ON ug.{quote(groups_through.get_field(user_meta.model_name).column)} "
        f"= u.{quote(user_meta.pk.column)} "
        f"LEFT JOIN {quote(group_meta.db_table)} g "
        f"ON g.{quote(group_meta.pk.column)} = "
        f"ug.{quote(groups_through.get_field('group').column)} "
        f"AND g.{quote(column(group_meta, 'name'))} IN ({', '.join(['%s'] * len(Role))}) "
        f"WHERE t.{quote(column(token, 'key_digest'))} = %s "
        f"AND t.{quote(column(token, 'revoked_at'))} IS NULL"
    )
    return _IdentityQuery(sql=sql, db_alias=connection.alias, user_fields=user_fields)


def _cache_key(digest: str) -> str:
    return f"api-key:{digest}"


def _cache_seconds() -> int:
    return getattr(settings, "API_KEY_CACHE_SECONDS", 10)


def _identity_from_database(digest: str) -> tuple | None:
    """(token id, client id, client name, user values..., role names) of an active key, read
    in one statement; `last_used_at` refreshed if older than a minute."""
    query = _identity_query()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            query.sql,
            [
                connection.ops.adapt_datetimefield_value(now - _LAST_USED_RESOLUTION),
                *[role.value for role in Role],
                digest,
            ],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    token_id, client_id, client_name, use_is_stale, *user_values, _group = rows[0]
    if use_is_stale:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    roles = tuple(row[-1] for row in rows if row[-1] is not None)
    return (token_id, client_id, client_name, tuple(user_values), roles)


def _identity_cached(digest: str) -> tuple | str | None:
    try:
        return cache.get(_cache_key(digest))
    except RedisError:  # the cache is an accelerator: without it, ask the database
        logger.warning("API key cache unreachable; reading the key from the database")
        return None


def api_token_identity(key: str) -> tuple | None:
    """(user, token) for an active key, the user's roles remembered on it; None otherwise.
    The user and token carry only the fields a request needs; the others are deferred."""
    digest = api_key_digest(key)
    identity = _identity_cached(digest)
    if identity == _REVOKED:
        return None
    if identity is None:
        identity = _identity_from_database(digest)
        if identity is None:
            return None
        try:
            # `add`, not `set`: a revocation's tombstone written meanwhile must win.
            cache.add(_cache_key(digest), identity, timeout=_cache_seconds())
        except RedisError:
            logger.warning("API key cache unreachable; key not cached")
    token_id, client_id, client_name, user_values, roles = identity
    query = _identity_query()
    user = get_user_model().from_db(query.db_alias, query.user_fields, user_values)
    if not user.is_active:
        return None
    # Field names in model order (id, name, user); the others stay deferred.
    client = ApiClient.from_db(
        query.db_alias, ("id", "name", "user_id"), (client_id, client_name, user.pk)
    )
    client.user = user
    token = ApiToken.from_db(query.db_alias, ("id", "client_id"), (token_id, client_id))
    token.client = client
    roles_remember_names(user, roles)
    return user, token


def api_keys_forget(digests: list[str]) -> None:
    """Make the keys with these digests fail at once: a tombstone in the cache, kept as long as
    a cached identity could live. Written now (a reader that finds the key still valid in the
    database until the revocation commits cannot cache it over the tombstone) and again after
    the commit (so a long transaction cannot outlast it). Should the revocation roll back, the
    key is refused for those few seconds: the safe side."""
    if not digests:
        return

    def write_tombstones() -> None:
        try:
            cache.set_many(
                {_cache_key(digest): _REVOKED for digest in digests}, timeout=_cache_seconds()
            )
        except RedisError:
            logger.exception(
                "API key cache unreachable: revoked keys may work for %s more seconds",
                _cache_seconds(),
            )

    write_tombstones()
    transaction.on_commit(write_tombstones)


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
        identity = api_token_identity(key)
        if identity is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return identity

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


# The bearer-key scheme in the OpenAPI description; defined beside the class it describes, so
# that it is registered whenever the class is loaded.
class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API client's key: `Authorization: Bearer fck_…` "
            "(`python manage.py create_api_client NAME`).",
        }
