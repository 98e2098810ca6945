"""The four roles, as Django groups. This module is the one place that says who has which
role; the API's permission classes, the admin and the services all ask it."""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    FACT_CHECKER = "fact-checker"
    EDITOR = "editor"
    ADMIN = "admin"
    INTEGRATION = "integration"


STAFF_ROLES = frozenset({Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN})
# Who may feed articles and claims in.
SUBMITTING_ROLES = frozenset({Role.INTEGRATION, Role.EDITOR, Role.ADMIN})
# Who may change the review desk's settings.
SETTINGS_ROLES = frozenset({Role.EDITOR, Role.ADMIN})

_CACHE_ATTRIBUTE = "_factcheck_roles"


def roles_of(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[Role]:
    """The roles of a user, read once per user object (one query) and cached on it.
    A superuser has the admin role whatever its groups."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    roles_remember_names(user, user.groups.values_list("name", flat=True))
    return getattr(user, _CACHE_ATTRIBUTE)


def has_any_role(user, roles: frozenset[Role] | set[Role]) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_member(user) -> bool:
    """Fact-checkers, editors and admins see everything in the newsroom; integrations see only
    what they submitted."""
    return has_any_role(user, STAFF_ROLES)


def roles_remember_names(user, group_names) -> None:
    """Cache on `user` the roles named by `group_names` (read with the user, in one query)."""
    known = {role.value for role in Role}
    roles = {Role(name) for name in group_names if name in known}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    setattr(user, _CACHE_ATTRIBUTE, frozenset(roles))
