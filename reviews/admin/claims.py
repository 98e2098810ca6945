"""The claims' admin with the review workflow: assignment, verdict and history inlines,
review filters and columns, the ClaimReview preview; registered in place of factcheck's."""

from __future__ import annotations

import json

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from factcheck.admin.claims import ClaimAdmin
from factcheck.admin.common import ReadOnlyAdminMixin
from factcheck.models import AuditEvent, Claim

from .. import selectors
from ..actions import CLAIM_ACTIONS
from ..models import CLAIM_TRANSITIONS, Assignment, ReviewAction, Verdict
from .review_actions import ReviewActionsMixin, review_list_actions


class AssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Assignment
    fk_name = "claim"
    fields = ["assignee", "assigned_by", "due_at", "note", "created_at", "ended_at"]
    readonly_fields = fields
    extra = 0
    ordering = ["-created_at", "-id"]
    verbose_name_plural = "assignments (current and past)"


class VerdictInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Verdict
    fk_name = "claim"
    fields = [
        "version",
        "status",
        "rating",
        "author",
        "created_at",
        "rationale",
        "evidence_list",
        "resolved_flags",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "published_at",
        "retracted_at",
        "retraction_reason",
    ]
    readonly_fields = fields
    extra = 0
    ordering = ["-version"]
    verbose_name_plural = "verdict versions"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("author", "reviewed_by")
            .prefetch_related("evidence", "resolves")
        )

    @admin.display(description="Evidence")
    def evidence_list(self, obj):
        return _evidence_html(obj.evidence.all())

    @admin.display(description="Resolves flags")
    def resolved_flags(self, obj):
        flags = list(obj.resolves.all())
        if not flags:
            return "—"
        return format_html_join(", ", '<a href="{}">{}</a>', ((_flag_url(f), f.pk) for f in flags))


def _flag_url(flag) -> str:
    return reverse("admin:factcheck_contradictionflag_change", args=[flag.pk])


def _evidence_html(items) -> str:
    rows = []
    for item in items:
        if item.url:
            target = format_html(
                '<a href="{}" rel="noopener noreferrer">{}</a>', item.url, item.url
            )
        elif item.claim_id:
            url = reverse("admin:factcheck_claim_change", args=[item.claim_id])
            target = format_html('<a href="{}">claim {}</a>', url, item.claim_id)
        else:
            url = reverse("admin:factcheck_contradictionflag_change", args=[item.flag_id])
            target = format_html('<a href="{}">flag {}</a>', url, item.flag_id)
        rows.append((target, f" — {item.note}" if item.note else ""))
    if not rows:
        return "—"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}{}</li>", rows))


class ClaimHistoryInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The claim's audit trail: read-only, nobody edits or deletes it."""

    model = AuditEvent
    fk_name = "claim"
    fields = ["created_at", "action", "actor", "from_state", "to_state", "comment", "details"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "history"
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("mine", "Assigned to me"), ("overdue", "Overdue"), ("unassigned", "New")]

    def queryset(self, request, queryset):
        current = Assignment.objects.filter(ended_at__isnull=True)
        if self.value() == "mine":
            return queryset.filter(pk__in=current.filter(assignee=request.user).values("claim_id"))
        if self.value() == "overdue":
            return queryset.filter(
                pk__in=current.filter(due_at__lt=timezone.now()).values("claim_id"),
                status__in=[
                    Claim.Status.ASSIGNED,
                    Claim.Status.IN_REVIEW,
                    Claim.Status.CHANGES_REQUESTED,
                ],
            )
        if self.value() == "unassigned":
            return queryset.filter(status=Claim.Status.NEW)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    """Claims by their current assignee (the desk's fact-checkers), or nobody."""

    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [
            ("none", "Nobody"),
            *[(str(user.pk), user.username) for user in selectors.fact_checkers()[:100]],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        current = Assignment.objects.filter(ended_at__isnull=True)
        if value == "none":
            return queryset.exclude(pk__in=current.values("claim_id"))
        if value and value.isdigit():
            return queryset.filter(pk__in=current.filter(assignee_id=int(value)).values("claim_id"))
        return queryset


def _with_review_columns(columns) -> list[str]:
    columns = list(columns)
    at = columns.index("status") + 1 if "status" in columns else len(columns)
    return [*columns[:at], "assignee_name", "due_at", *columns[at:]]


class ReviewClaimAdmin(ReviewActionsMixin, ClaimAdmin):
    transitions = CLAIM_TRANSITIONS
    action_rows = CLAIM_ACTIONS
    subject = "claim"
    # factcheck's columns, with the current assignee and due date after the status.
    list_display = _with_review_columns(ClaimAdmin.list_display)
    list_filter = [AssignedToMeFilter, AssigneeFilter, *ClaimAdmin.list_filter]
    readonly_fields = [*ClaimAdmin.readonly_fields, "claimreview_preview"]
    fields = ["text", *readonly_fields]
    inlines = [AssignmentInline, VerdictInline, ClaimHistoryInline]
    actions = review_list_actions(CLAIM_ACTIONS)
    action_choices = ReviewAction.choices

    def get_queryset(self, request):
        current = Assignment.objects.filter(claim=OuterRef("pk"), ended_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_assignee=Subquery(current.values("assignee__username")[:1]),
                current_due_at=Subquery(current.values("due_at")[:1]),
            )
        )

    @admin.display(description="ClaimReview (JSON-LD)")
    def claimreview_preview(self, obj):
        """The ClaimReview that publishing the latest verdict gives (or gave)."""
        verdict = (
            Verdict.objects.filter(claim=obj)
            .exclude(status=Verdict.Status.RETRACTED)
            .select_related("claim__article__publisher")
            .order_by("-version")
            .first()
        )
        if verdict is None:
            return "—"
        document = selectors.claimreview_document(verdict=verdict)
        state = (
            "published"
            if verdict.status == Verdict.Status.PUBLISHED
            else f"preview of version {verdict.version} ({verdict.get_status_display()})"
        )
        return format_html(
            '<p class="help">{}</p><pre class="claimreview" style="max-width: 60em; '
            'white-space: pre-wrap">{}</pre>',
            state,
            json.dumps(document, indent=2, ensure_ascii=False),
        )

    @admin.display(description="Assignee", ordering="current_assignee")
    def assignee_name(self, obj):
        return obj.current_assignee or "—"

    @admin.display(description="Due", ordering="current_due_at")
    def due_at(self, obj):
        return obj.current_due_at or "—"

    def review_buttons(self, request, obj) -> list[dict]:
        state = selectors.claim_review_state(claim_id=obj.pk, user=request.user)
        labels = dict(ReviewAction.choices)
        return [
            {
                "label": labels[action],
                "url": reverse("admin:factcheck_claim_review_action", args=[obj.pk, action]),
            }
            for action in state.actions
        ]


admin.site.unregister(Claim)
admin.site.register(Claim, ReviewClaimAdmin)
