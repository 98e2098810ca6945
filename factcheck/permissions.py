from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import STAFF_ROLES, SUBMITTING_ROLES, Role, has_any_role


class HasAnyRole(BasePermission):
    """Authenticated and holding one of the roles in `roles`."""

    roles: frozenset[Role] = frozenset()
    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        return has_any_role(request.user, self.roles)


class CanReadNewsroomContent(HasAnyRole):
    """Articles, claims and flags: staff read all; integrations read what they submitted
    (the selectors narrow the rows)."""

    roles = STAFF_ROLES | {Role.INTEGRATION}


class CanSubmitContent(HasAnyRole):
    roles = SUBMITTING_ROLES


class ReadOrSubmitContent(BasePermission):
    """Reading for every role that reads newsroom content; POST for the submitting roles."""

    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return CanReadNewsroomContent().has_permission(request, view)
        return CanSubmitContent().has_permission(request, view)


class IsEditorOrAdmin(HasAnyRole):
    roles = frozenset({Role.EDITOR, Role.ADMIN})
