"""The review workflow in the admin. Claims and contradiction flags get review actions (in the
list, for many at once, and as buttons on each object's page); every action calls the same
service as the API, and a refusal is shown as a message. Assignments and verdicts are
read-only here: they change only through those actions.

factcheck's admin knows nothing of reviews (reviews builds on factcheck, never the reverse):
this module registers subclasses of its Claim and ContradictionFlag admins in their place."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from factcheck.admin import (
    ClaimAdmin,
    ContradictionFlagAdmin,
    LargeListMixin,
    ReadOnlyAdminMixin,
    _open_flags_exist,
)
from factcheck.models import AuditEvent, Claim, ContradictionFlag
from factcheck.roles import Role, has_any_role, roles_of

from . import forms, selectors
from .actions import CLAIM_ACTIONS, FLAG_ACTIONS
from .models import (
    CHECKER_TURN_STATES,
    CLAIM_TRANSITIONS,
    FLAG_TRANSITIONS,
    Assignment,
    Evidence,
    FlagAction,
    ReviewAction,
    ReviewSettings,
    Verdict,
)
from .services.assignment import claims_assign_bulk
from .services.errors import BulkAssignRefused, InvalidReviewInput, ReviewError, _flatten_errors
from .services.review_settings import review_settings_update


def action_run(rows: dict, *, action: str, object_id: int, user, data: dict) -> str:
    """Run one review action (a row of reviews/actions.py) on one claim or flag through its
    service; returns the success message. Raises the services' ReviewError on refusal."""
    row = rows.get(action)
    if row is None:
        raise Http404("No such review action.")
    return row.message(row.run(object_id=object_id, actor=user, data=data))


def _refusal(error: ReviewError) -> str:
    return error.message


class ReviewActionsMixin:
    """Review actions for a ModelAdmin: list actions (with an intermediate form when the
    action needs input) and per-object pages at `<id>/review/<action>/`."""

    transitions: dict = {}
    action_rows: dict = {}  # reviews/actions.py's CLAIM_ACTIONS or FLAG_ACTIONS
    subject = "claim"
    change_form_template = "admin/reviews/review_change_form.html"

    # --- list actions

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action, transition in self.transitions.items():
            name = f"review_{action}"
            if name in actions and not has_any_role(request.user, transition.roles):
                del actions[name]
        return actions

    def _list_action(self, request, queryset, action: str):
        form_class = self.action_rows[action].form
        # In the list, approving needs no comment; the object's page offers one.
        needs_input = form_class not in (forms.ConfirmForm, forms.OptionalCommentForm)
        if needs_input:
            if "apply" not in request.POST:
                return self._action_page(
                    request, action=action, objects=list(queryset), form=self._form(action)
                )
            form = self._form(action, data=request.POST)
            if not form.is_valid():
                return self._action_page(request, action=action, objects=list(queryset), form=form)
            data = form.cleaned_data
        else:
            data = {}
        if action == ReviewAction.ASSIGN:
            self._assign_bulk(request, queryset, data)
            return None
        done = 0
        for obj in queryset:
            try:
                self.run_action(action=action, object_id=obj.pk, user=request.user, data=data)
                done += 1
            except ReviewError as error:
                self.message_user(request, f"{obj}: {_refusal(error)}", messages.ERROR)
        if done:
            label = self.transitions[action]
            self.message_user(
                request,
                f"{action.replace('_', ' ').capitalize()}: done for {done} {self.subject}(s) "
                f"(now '{label.target}').",
                messages.SUCCESS,
            )
        return None

    def _assign_bulk(self, request, queryset, data) -> None:
        try:
            assignments = claims_assign_bulk(
                claim_ids=[claim.pk for claim in queryset.order_by("pk")],
                assignee=data["assignee"],
                actor=request.user,
                due_at=data.get("due_at"),
                note=data.get("note", ""),
            )
        except BulkAssignRefused as error:
            self.message_user(request, "Nothing was assigned.", messages.ERROR)
            for claim_id, problems in error.errors.items():
                self.message_user(request, f"Claim {claim_id}: {problems[0]}", messages.ERROR)
            return
        except ReviewError as error:
            self.message_user(request, _refusal(error), messages.ERROR)
            return
        self.message_user(
            request,
            f"{len(assignments)} claim(s) assigned to {data['assignee']}.",
            messages.SUCCESS,
        )

    def _form(self, action: str, data=None, obj=None):
        form_class = self.action_rows[action].form
        if form_class is forms.VerdictForm:
            return form_class(data, claim=obj)
        return form_class(data)

    def _action_page(self, request, *, action, objects, form, obj=None):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"{dict(self._action_labels())[action]}",
            "action": action,
            "list_action": f"review_{action}",
            "objects": objects,
            "object": obj,
            "form": form,
            "subject": self.subject,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/reviews/review_action.html", context)

    def _action_labels(self):
        return [(key, label) for key, label in self.action_choices]

    # --- per-object pages

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/review/<str:action>/",
                self.admin_site.admin_view(self.review_action_view),
                name=f"{opts.app_label}_{opts.model_name}_review_action",
            ),
            *super().get_urls(),
        ]

    def review_action_view(self, request, object_id, action):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(f"No such {self.subject}.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if action not in self.transitions:
            raise Http404("No such review action.")
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        form = self._form(action, data=request.POST if request.method == "POST" else None, obj=obj)
        if request.method == "POST" and form.is_valid():
            try:
                done = self.run_action(
                    action=action, object_id=obj.pk, user=request.user, data=form.cleaned_data
                )
            except InvalidReviewInput as error:
                for problem in _flatten_errors(error.errors):
                    form.add_error(None, problem)
            except ReviewError as error:
                self.message_user(request, _refusal(error), messages.ERROR)
                return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        return self._action_page(request, action=action, objects=[obj], form=form, obj=obj)

    def run_action(self, *, action: str, object_id: int, user, data: dict) -> str:
        return action_run(
            self.action_rows, action=action, object_id=object_id, user=user, data=data
        )

    def review_buttons(self, request, obj) -> list[dict]:
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["review_buttons"] = self.review_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def _make_list_action(action: str, label: str):
    def run(modeladmin, request, queryset):
        return modeladmin._list_action(request, queryset, action)

    run.__name__ = f"review_{action}"
    return admin.action(description=label)(run)


def _list_actions(rows: dict) -> list:
    """The admin list actions of the table's rows that have a list label, in its order."""
    return [
        _make_list_action(action, row.list_label)
        for action, row in rows.items()
        if row.list_label is not None
    ]


# --- Claims --------------------------------------------------------------------------------


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
    actions = _list_actions(CLAIM_ACTIONS)
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


class FlagHistoryInline(ClaimHistoryInline):
    fk_name = "flag"


class ReviewFlagAdmin(ReviewActionsMixin, ContradictionFlagAdmin):
    transitions = FLAG_TRANSITIONS
    action_rows = FLAG_ACTIONS
    subject = "flag"
    inlines = [FlagHistoryInline]
    actions = _list_actions(FLAG_ACTIONS)
    action_choices = FlagAction.choices

    def review_buttons(self, request, obj) -> list[dict]:
        labels = dict(FlagAction.choices)
        return [
            {
                "label": labels[action],
                "url": reverse(
                    "admin:factcheck_contradictionflag_review_action", args=[obj.pk, action]
                ),
            }
            for action in selectors.flag_actions_available(flag=obj, user=request.user)
        ]


admin.site.unregister(Claim)
admin.site.register(Claim, ReviewClaimAdmin)
admin.site.unregister(ContradictionFlag)
admin.site.register(ContradictionFlag, ReviewFlagAdmin)


SETTINGS_ROLES = frozenset({Role.EDITOR, Role.ADMIN})

# --- Assignments, verdicts, settings -------------------------------------------------------


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, LargeListMixin, admin.ModelAdmin):
    """Every assignment, current and past. Assign from the claims' list or page."""

    list_display = ["claim", "assignee", "assigned_by", "due_at", "created_at", "ended_at"]
    list_filter = ["assignee", "due_at", "ended_at"]
    search_fields = ["assignee__username", "note"]
    list_select_related = ["claim", "assignee", "assigned_by"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("claim__facts")


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    fields = ["url", "claim", "flag", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdminMixin, LargeListMixin, admin.ModelAdmin):
    """Every verdict version. Submit, approve and publish from the claim's page."""

    list_display = ["claim", "version", "rating", "status", "author", "reviewed_by", "created_at"]
    list_filter = ["status", "rating", "created_at"]
    search_fields = ["rationale", "author__username"]
    list_select_related = ["claim", "author", "reviewed_by"]
    ordering = ["-created_at", "-id"]
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("claim__facts")


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    """One row of settings, changed by editors; each change is audited."""

    fields = ["checkers_may_take_unassigned", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    # Settings are the editors' and admins': fact-checkers neither see nor reach them.
    def has_module_permission(self, request):
        return has_any_role(request.user, SETTINGS_ROLES) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return has_any_role(request.user, SETTINGS_ROLES) and super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row = ReviewSettings.load()
        return HttpResponseRedirect(reverse("admin:reviews_reviewsettings_change", args=[row.pk]))

    def save_model(self, request, obj, form, change):
        try:
            review_settings_update(
                actor=request.user,
                checkers_may_take_unassigned=form.cleaned_data["checkers_may_take_unassigned"],
            )
        except ReviewError as error:
            raise PermissionDenied(error.message) from error


# --- The start page: each role's desk ------------------------------------------------------

DESK_ROWS = 25


def desk_for(user) -> dict:
    """What the start page shows: a fact-checker's queue (by due date, overdue first) and the
    open flags on their claims; an editor's unassigned claims with open flags, verdicts
    waiting for approval, overdue assignments and claims per state. A fixed number of
    queries whatever the size of the newsroom."""
    roles = roles_of(user)
    now = timezone.now()
    desk: dict = {"is_checker": Role.FACT_CHECKER in roles, "is_editor": Role.EDITOR in roles}
    if desk["is_checker"]:
        rows, flags = [], {}
        for assignment in selectors.queue_for_user(user=user)[:DESK_ROWS]:
            claim = assignment.claim
            claim_flags = selectors.open_flags_of(claim)
            for flag in claim_flags:
                flags.setdefault(flag.pk, (flag, claim))
            rows.append(
                {
                    "assignment": assignment,
                    "claim": claim,
                    "overdue": assignment.due_at is not None
                    and assignment.due_at < now
                    and claim.status in CHECKER_TURN_STATES,
                    "open_flags": len(claim_flags),
                }
            )
        rows.sort(key=lambda row: not row["overdue"])  # stable: by due date within each group
        desk["queue"] = rows
        desk["my_flags"] = list(flags.values())
    if desk["is_editor"]:
        desk["unassigned_flagged"] = list(
            Claim.objects.filter(status=Claim.Status.NEW)
            .filter(_open_flags_exist())
            .defer("facts")
            .order_by("-pk")[:DESK_ROWS]
        )
        desk["awaiting_approval"] = list(
            Verdict.objects.filter(
                status=Verdict.Status.SUBMITTED, claim__status=Claim.Status.SUBMITTED
            )
            .select_related("claim", "author")
            .defer("claim__facts")
            .order_by("created_at", "pk")[:DESK_ROWS]
        )
        desk["overdue"] = list(
            Assignment.objects.filter(
                ended_at__isnull=True, due_at__lt=now, claim__status__in=CHECKER_TURN_STATES
            )
            .select_related("claim", "assignee")
            .defer("claim__facts")
            .order_by("due_at", "pk")[:DESK_ROWS]
        )
        counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("pk")))
        desk["counts"] = [
            (value, label, counts.get(value, 0)) for value, label in Claim.Status.choices
        ]
    return desk


def desk_index(request, extra_context=None):
    """The admin's start page with the user's desk above the usual list of models."""
    return admin.site.index(request, extra_context={"desk": desk_for(request.user)})


admin.site.index_template = "admin/desk_index.html"
admin.site.site_header = "Fact-check desk"
admin.site.index_title = "Your desk"
