"""The review workflow: assignments of claims to fact-checkers, their verdicts (versioned, with
evidence), editors' approval, and the transition table that says who may move a claim from
which review state to which.

State changes happen only in reviews/services/: each service locks the claim row, checks
CLAIM_TRANSITIONS (source state and role) and the rules the table cannot express (only the
current assignee submits, an editor does not approve their own verdict), saves, and writes an
AuditEvent."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q

from factcheck.models import Claim, ContradictionFlag
from factcheck.roles import Role

ClaimStatus = Claim.Status


class ReviewAction(models.TextChoices):
    ASSIGN = "assign", "Assign"
    TAKE = "take", "Take for myself"
    START = "start", "Start the review"
    SUBMIT = "submit", "Submit a verdict"
    APPROVE = "approve", "Approve the verdict"
    REQUEST_CHANGES = "request_changes", "Request changes"
    PUBLISH = "publish", "Publish"
    RETRACT = "retract", "Retract"
    DISMISS = "dismiss", "Dismiss (not check-worthy)"


@dataclass(frozen=True)
class Transition:
    """One row of a transition table: the states it starts from, the state it leads to, the
    roles that may make it, and whether it needs a comment (a reason)."""

    sources: frozenset[str]
    target: str
    roles: frozenset[Role]
    needs_comment: bool = False

    def allows_source(self, state: str) -> bool:
        return state in self.sources


_EDITORS = frozenset({Role.EDITOR})
_CHECKERS = frozenset({Role.FACT_CHECKER})

# The claim review workflow. Reassigning is allowed until a verdict waits for approval
# (an editor returns it first); dismissing is for claims nobody has started on.
CLAIM_TRANSITIONS: dict[str, Transition] = {
    ReviewAction.ASSIGN: Transition(
        sources=frozenset(
            {
                ClaimStatus.NEW,
                ClaimStatus.ASSIGNED,
                ClaimStatus.IN_REVIEW,
                ClaimStatus.CHANGES_REQUESTED,
            }
        ),
        target=ClaimStatus.ASSIGNED,
        roles=_EDITORS,
    ),
    # A fact-checker takes an unassigned claim, when the review settings allow it.
    ReviewAction.TAKE: Transition(
        sources=frozenset({ClaimStatus.NEW}), target=ClaimStatus.ASSIGNED, roles=_CHECKERS
    ),
    # The current assignee starts, or resumes after changes were requested.
    ReviewAction.START: Transition(
        sources=frozenset({ClaimStatus.ASSIGNED, ClaimStatus.CHANGES_REQUESTED}),
        target=ClaimStatus.IN_REVIEW,
        roles=_CHECKERS,
    ),
    ReviewAction.SUBMIT: Transition(
        sources=frozenset({ClaimStatus.IN_REVIEW}), target=ClaimStatus.SUBMITTED, roles=_CHECKERS
    ),
    # Four eyes: the editor is not the verdict's author (checked by the service).
    ReviewAction.APPROVE: Transition(
        sources=frozenset({ClaimStatus.SUBMITTED}), target=ClaimStatus.APPROVED, roles=_EDITORS
    ),
    ReviewAction.REQUEST_CHANGES: Transition(
        sources=frozenset({ClaimStatus.SUBMITTED}),
        target=ClaimStatus.CHANGES_REQUESTED,
        roles=_EDITORS,
        needs_comment=True,
    ),
    ReviewAction.PUBLISH: Transition(
        sources=frozenset({ClaimStatus.APPROVED}), target=ClaimStatus.PUBLISHED, roles=_EDITORS
    ),
    # The verdict is kept (marked retracted), and readable in the claim's verdict versions.
    ReviewAction.RETRACT: Transition(
        sources=frozenset({ClaimStatus.PUBLISHED}),
        target=ClaimStatus.RETRACTED,
        roles=_EDITORS,
        needs_comment=True,
    ),
    ReviewAction.DISMISS: Transition(
        sources=frozenset({ClaimStatus.NEW, ClaimStatus.ASSIGNED}),
        target=ClaimStatus.DISMISSED,
        roles=_EDITORS,
        needs_comment=True,
    ),
}

# States in which the claim is the assignee's to work on (queue, overdue reminders).
CHECKER_TURN_STATES = frozenset(
    {ClaimStatus.ASSIGNED, ClaimStatus.IN_REVIEW, ClaimStatus.CHANGES_REQUESTED}
)
# A fact-checker's queue: their work, and their verdicts waiting for an editor.
QUEUE_STATES = CHECKER_TURN_STATES | {ClaimStatus.SUBMITTED}


class FlagAction(models.TextChoices):
    CONFIRM = "confirm", "Confirm"
    DISMISS = "dismiss", "Dismiss"


FlagStatus = ContradictionFlag.Status

# Decisions on contradiction flags. Both need a reason. A dismissed flag stays dismissed when
# detection runs again (detection never changes a flag's status).
FLAG_TRANSITIONS: dict[str, Transition] = {
    FlagAction.CONFIRM: Transition(
        sources=frozenset({FlagStatus.OPEN}),
        target=FlagStatus.CONFIRMED,
        roles=_CHECKERS | _EDITORS,
        needs_comment=True,
    ),
    FlagAction.DISMISS: Transition(
        sources=frozenset({FlagStatus.OPEN}),
        target=FlagStatus.DISMISSED,
        roles=_CHECKERS | _EDITORS,
        needs_comment=True,
    ),
}


class Assignment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments_made"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Reassignment ends the current assignment instead of deleting it, to keep the history.
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set by the notification task once the assignee was e-mailed (so a retried task does not
    # e-mail twice), and by the reminder task once the overdue reminder was sent (once only).
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(ended_at__isnull=True),
                name="assignment_one_current_per_claim",
            )
        ]
        indexes = [models.Index(fields=["assignee", "ended_at", "due_at"])]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} → {self.assignee}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class Verdict(models.Model):
    """One version of a fact-checker's verdict on a claim. Resubmitting after changes were
    requested adds a version; earlier versions stay as they were."""

    class Rating(models.TextChoices):
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly_true", "Mostly true"
        MIXED = "mixed", "Mixed"
        MOSTLY_FALSE = "mostly_false", "Mostly false"
        FALSE = "false", "False"
        UNVERIFIABLE = "unverifiable", "Unverifiable"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        RETRACTED = "retracted", "Retracted"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    rating = models.CharField(max_length=16, choices=Rating.choices)
    rationale = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    resolves = models.ManyToManyField(
        ContradictionFlag,
        blank=True,
        related_name="resolving_verdicts",
        help_text="The contradiction flags of the claim that this verdict settles.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdicts_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdicts_published",
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="verdict_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on claim {self.claim_id} (v{self.version})"

    @property
    def rating_value(self) -> int | None:
        return RATING_VALUES[self.rating]


# The rating scale and its ClaimReview numbers: ratingValue 5 (true) .. 1 (false), between
# worstRating 1 and bestRating 5; `unverifiable` has no number.
RATING_VALUES: dict[str, int | None] = {
    Verdict.Rating.TRUE: 5,
    Verdict.Rating.MOSTLY_TRUE: 4,
    Verdict.Rating.MIXED: 3,
    Verdict.Rating.MOSTLY_FALSE: 2,
    Verdict.Rating.FALSE: 1,
    Verdict.Rating.UNVERIFIABLE: None,
}
RATING_BEST = 5
RATING_WORST = 1


class Evidence(models.Model):
    """One piece of evidence of a verdict: a URL, or a claim or contradiction flag stored here,
    with a note."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveIntegerField(default=0)
    url = models.URLField(max_length=2000, blank=True)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="cited_as_evidence"
    )
    flag = models.ForeignKey(
        ContradictionFlag,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cited_as_evidence",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["verdict", "position", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            # Exactly one of: a URL, a claim, a flag.
            models.CheckConstraint(
                condition=(~Q(url="") & Q(claim__isnull=True) & Q(flag__isnull=True))
                | (Q(url="") & Q(claim__isnull=False) & Q(flag__isnull=True))
                | (Q(url="") & Q(claim__isnull=True) & Q(flag__isnull=False)),
                name="evidence_is_one_url_claim_or_flag",
            )
        ]

    def __str__(self) -> str:
        if self.url:
            return self.url
        if self.claim_id:
            return f"Claim {self.claim_id}"
        return f"Flag {self.flag_id}"


class ReviewSettings(models.Model):
    """The review desk's settings, which editors change in the admin. One row (pk 1)."""

    checkers_may_take_unassigned = models.BooleanField(
        default=False,
        help_text="Fact-checkers may take an unassigned (new) claim for themselves.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "review settings"
        verbose_name_plural = "review settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="review_settings_singleton")]

    def __str__(self) -> str:
        return "Review settings"

    @classmethod
    def load(cls) -> ReviewSettings:
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row
