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

_CACHE_ATTRIBUTE = "_factcheck_roles"


def roles_of(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[Role]:
    """The roles of a user, read once per user object (one query) and cached on it.
    A superuser has the admin role whatever its groups."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    known = {role.value for role in Role}
    roles = {Role(name) for name in user.groups.values_list("name", flat=True) if name in known}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    setattr(user, _CACHE_ATTRIBUTE, result)
    return result


def has_any_role(user, roles: frozenset[Role] | set[Role]) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_member(user) -> bool:
    """Fact-checkers, editors and admins see everything in the newsroom; integrations see only
    what they submitted."""
    return has_any_role(user, STAFF_ROLES)


def role_annotations(user_path: str) -> dict:
    """Exists() annotations, one per role, for a query that loads a user through
    `user_path`: the roles come with the same query (see `roles_remember`)."""
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    return {
        f"has_role_{role.name.lower()}": Exists(
            Group.objects.filter(name=role.value, user=OuterRef(user_path))
        )
        for role in Role
    }


def roles_remember(user, annotated) -> None:
    """Cache on `user` the roles read by `role_annotations` on `annotated`."""
    roles = {role for role in Role if getattr(annotated, f"has_role_{role.name.lower()}")}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    setattr(user, _CACHE_ATTRIBUTE, frozenset(roles))
