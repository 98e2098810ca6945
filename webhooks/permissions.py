from factcheck.permissions import HasAnyRole
from factcheck.roles import Role


class CanManageWebhooks(HasAnyRole):
    """Newsroom tools manage their own webhooks; admins (also by staff session) all of them."""

    roles = frozenset({Role.INTEGRATION, Role.ADMIN})
