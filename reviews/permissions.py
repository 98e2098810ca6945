"""DRF permission classes of the review API, built on factcheck/roles.py and on the
transition tables of reviews/models.py, so the API refuses by role exactly what the services
refuse. Object rules (assignee, four eyes) are the services'."""

from rest_framework.permissions import BasePermission

from factcheck.permissions import HasAnyRole
from factcheck.roles import STAFF_ROLES, Role, has_any_role

from .models import CLAIM_TRANSITIONS, FLAG_TRANSITIONS


class MayMakeTransition(BasePermission):
    """The view's `review_action` (a key of CLAIM_TRANSITIONS, or of FLAG_TRANSITIONS when
    the view sets `transition_table = "flag"`) is allowed to the user's role."""

    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        table = (
            FLAG_TRANSITIONS
            if getattr(view, "transition_table", "claim") == "flag"
            else (CLAIM_TRANSITIONS)
        )
        return has_any_role(request.user, table[view.review_action].roles)


class CanReadReviews(HasAnyRole):
    """A claim's history and verdict versions: the newsroom's staff only."""

    roles = STAFF_ROLES


class HasAQueue(HasAnyRole):
    """Fact-checkers read their queue; editors read any fact-checker's."""

    roles = frozenset({Role.FACT_CHECKER, Role.EDITOR})


class CanReadPublished(HasAnyRole):
    """Published ClaimReviews: staff and integrations."""

    roles = STAFF_ROLES | {Role.INTEGRATION}
