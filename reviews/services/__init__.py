"""Writes of the review workflow. The API, the admin and the Celery tasks all call these
functions, so they obey the same rules.

Every state change locks the claim (or flag) row with `select_for_update` inside
`transaction.atomic`, then checks, in this order: the actor's role (ActionForbidden, 403 in the
API), the transition table (TransitionNotAllowed, 409), the rules the table cannot express
(ActionForbidden: only the current assignee starts and submits; the approving editor is not
the verdict's author), and the input (InvalidReviewInput, 400). Only then does it save and
write one AuditEvent. A refused change raises before anything is written, so it changes
nothing. E-mails go out from Celery tasks queued once the transaction commits.

One module per capability; callers import the module they need (nothing is re-exported
here)."""
