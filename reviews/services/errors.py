"""The review workflow's refusals: each maps to one API status and is shown as is in the admin."""

from __future__ import annotations


class ReviewError(Exception):
    """Base of the workflow's refusals. `message` is shown as is (API `detail`, admin message)."""

    code = "review_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TransitionNotAllowed(ReviewError):
    """The transition table does not allow this from the current state (409 in the API)."""

    code = "transition_not_allowed"


class ActionForbidden(ReviewError):
    """The actor's role, or a rule such as four eyes, forbids this (403 in the API)."""

    code = "permission_denied"


class InvalidReviewInput(ReviewError):
    """Field-level problems with the input (400 in the API). `errors` maps a field to a list
    of messages, or for lists (evidence) to one dict of messages per item."""

    code = "invalid"

    def __init__(self, errors: dict) -> None:
        self.errors = errors
        super().__init__("Invalid input: " + "; ".join(_flatten_errors(errors)))


class BulkAssignRefused(ReviewError):
    """A bulk assignment refused as a whole: `errors` maps claim ids (as strings) to messages.
    `conflict` is true when every claim exists but some are in a state that cannot be assigned
    (409 in the API); false when some claim does not exist (400)."""

    def __init__(self, *, errors: dict[str, list[str]], conflict: bool) -> None:
        self.errors = errors
        self.conflict = conflict
        self.code = "transition_not_allowed" if conflict else "invalid"
        super().__init__(
            "No claim was assigned: " + "; ".join(f"claim {k}: {v[0]}" for k, v in errors.items())
        )


class ReviewObjectNotFound(ReviewError):
    code = "not_found"


def _flatten_errors(errors, prefix: str = "") -> list[str]:
    """`{"evidence": [{}, {"url": ["Bad."]}]}` -> `["evidence: #2 url: Bad."]`."""
    if isinstance(errors, dict):
        flat = []
        for key, value in errors.items():
            flat += _flatten_errors(
                value, prefix if key == "non_field_errors" else f"{prefix}{key}: "
            )
        return flat
    if isinstance(errors, list):
        flat = []
        for position, value in enumerate(errors, start=1):
            item_prefix = f"{prefix}#{position} " if isinstance(value, dict) else prefix
            flat += _flatten_errors(value, item_prefix)
        return flat
    return [f"{prefix}{errors}"]
