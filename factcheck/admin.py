"""Admin for fact-checkers and editors. Reading is rich (lists, filters, claims in their
article); writes that change state go through services, never a raw model save."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from . import services
from .models import (
    ApiClient,
    ApiToken,
    Article,
    AuditEvent,
    Claim,
    ContradictionFlag,
    Publisher,
    Story,
)
from .roles import Role, has_any_role, is_staff_member

EDITING_ROLES = frozenset({Role.EDITOR})


def _admin_link(obj, label=None) -> str:
    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


def _claim_in_context(claim: Claim, context_chars: int = 300) -> str:
    """The claim's sentence highlighted inside its article's text (escaped)."""
    if claim.article is None or claim.start is None:
        return format_html(
            '<div class="claim-context"><mark>{}</mark> <em>(submitted without an article)</em>'
            "</div>",
            claim.text,
        )
    body = claim.article.body
    before = body[max(0, claim.start - context_chars) : claim.start]
    after = body[claim.end : claim.end + context_chars]
    return format_html(
        '<div class="claim-context" style="white-space: pre-wrap; max-width: 60em">'
        "{}{}<mark>{}</mark>{}{}</div>",
        "…" if claim.start > context_chars else "",
        before,
        body[claim.start : claim.end],
        after,
        "…" if claim.end + context_chars < len(body) else "",
    )


# The extracted facts of a figure, as a fact-checker reads them: one row each.
FACT_ROWS = ["Figure", "Measure", "Source", "Period", "Place"]


def _figure_facts(figure: dict) -> list[str]:
    """figure, measure, source, period, place of one extracted figure, as plain strings."""
    qualifier = figure.get("qualifier") or "exact"
    number = figure.get("text") or str(figure.get("value", ""))
    if qualifier != "exact":
        number = f"{number} ({qualifier})"
    measure = " ".join(
        part
        for part in (figure.get("group"), figure.get("subject"), figure.get("event"))
        if part
    )
    if figure.get("agent"):
        measure += f" by {figure['agent']}"
    source = figure.get("source_label") or figure.get("source") or "—"
    if figure.get("period_label"):
        period = figure["period_label"]
    elif figure.get("period_start") or figure.get("period_end"):
        period = f"{figure.get('period_start') or '…'} – {figure.get('period_end') or 'now'}"
    elif figure.get("period_days"):
        period = f"{figure['period_days']} days"
    else:
        period = "—"
    return [number, measure or "—", source, period, figure.get("place") or "—"]


def _claim_figures(claim: Claim) -> list[dict]:
    facts = claim.facts if isinstance(claim.facts, dict) else {}
    return [figure for figure in facts.get("figures") or [] if isinstance(figure, dict)]


def _facts_table(claim: Claim) -> str:
    """The claim's extracted facts: a row per figure (figure, measure, source, period,
    place), then the people, sources, places and dates it names."""
    facts = claim.facts if isinstance(claim.facts, dict) else {}
    figures = _claim_figures(claim)
    rows = format_html_join(
        "",
        "<tr>" + "<td>{}</td>" * len(FACT_ROWS) + "</tr>",
        (_figure_facts(figure) for figure in figures),
    )
    others = [
        (label, ", ".join(str(item.get("name", item)) if isinstance(item, dict) else str(item)
                          for item in facts.get(key) or []))
        for label, key in (
            ("People", "people"),
            ("Sources", "sources"),
            ("Places", "places"),
            ("Dates", "dates"),
        )
        if facts.get(key)
    ]
    if not figures and not others:
        return format_html("<em>{}</em>", "No facts extracted.")
    table = (
        format_html(
            '<table class="facts"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
            format_html_join("", "<th>{}</th>", ((label,) for label in FACT_ROWS)),
            rows,
        )
        if figures
        else ""
    )
    return format_html(
        "{}{}", table, format_html_join("", "<p><strong>{}:</strong> {}</p>", others)
    )


# --- Large tables ------------------------------------------------------------------------

# Above this many rows an unfiltered list shows PostgreSQL's estimate (pg_class.reltuples)
# instead of counting; a filtered list counts up to this many rows and says "more than".
COUNT_LIMIT = 10_000


class LargeTablePaginator(Paginator):
    """Never counts a big table: an unfiltered list reads the planner's row estimate, a
    filtered one counts at most COUNT_LIMIT + 1 rows. `estimated` tells the template."""

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if not isinstance(queryset, models.QuerySet):
            return super().count
        if not queryset.query.where:
            estimate = _estimated_rows(queryset)
            if estimate is not None and estimate > COUNT_LIMIT:
                self.estimated = True
                return estimate
        capped = queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()
        if capped > COUNT_LIMIT:
            self.estimated = True
        return capped


def _estimated_rows(queryset) -> int | None:
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None and row[0] >= 0 else None


class LargeListMixin:
    """Lists of tables that grow without bound: no full-table count, estimated paging."""

    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50


def _count_of(model, field: str, **filters):
    """A correlated COUNT per row shown (evaluated for the rows of the page only, through the
    foreign key's index), instead of a join and GROUP BY over the whole table."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _open_flags_exist():
    open_flags = ContradictionFlag.objects.filter(status=ContradictionFlag.Status.OPEN)
    return Exists(open_flags.filter(claim_a=OuterRef("pk"))) | Exists(
        open_flags.filter(claim_b=OuterRef("pk"))
    )


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "article_count", "created_at"]
    search_fields = ["name", "domain"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=_count_of(Article, "publisher"))

    @admin.display(ordering="article_count", description="Articles")
    def article_count(self, obj):
        return obj.article_count


class ClaimInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Claim
    fields = ["claim_link", "start", "end", "status"]
    readonly_fields = fields
    extra = 0
    show_change_link = False

    @admin.display(description="Claim")
    def claim_link(self, obj):
        return _admin_link(obj)


class AuditEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEvent
    fields = ["created_at", "action", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_at", "status", "claim_count", "created_at"]
    list_filter = ["status", "publisher", "published_at", "created_at"]
    search_fields = ["title", "url", "publisher__name"]
    list_select_related = ["publisher"]
    readonly_fields = [
        "status",
        "failure_reason",
        "processing_attempts",
        "body_sha256",
        "submitted_by",
        "created_at",
        "updated_at",
    ]
    fields = [
        "title",
        "url",
        "publisher",
        "published_at",
        "body",
        *readonly_fields,
    ]
    inlines = [ClaimInline, AuditEventInline]
    actions = ["reprocess"]
    autocomplete_fields = ["publisher"]
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(ordering="claim_count", description="Claims")
    def claim_count(self, obj):
        return obj.claim_count

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        # The body of a stored article is what was received: it is never edited.
        if obj is not None:
            return ["title", "url", "publisher", "published_at", "body", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        result = services.article_create(
            body=obj.body,
            title=obj.title,
            url=obj.url,
            publisher_name=obj.publisher.name if obj.publisher else None,
            published_at=obj.published_at,
            submitted_by=request.user,
        )
        obj.pk = result.article.pk
        if not result.created:
            messages.warning(request, "This article was already stored; nothing new was created.")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description="Extract and check again (failed or checked articles)")
    def reprocess(self, request, queryset):
        done, refused = 0, []
        for article in queryset:
            try:
                services.article_reprocess(article_id=article.pk, actor=request.user)
                done += 1
            except services.InvalidTransition as error:
                refused.append(f"{article}: {error}")
        if done:
            messages.success(request, f"{done} article(s) queued for processing.")
        for reason in refused:
            messages.error(request, reason)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "status", "open_flag_count", "created_at"]
    list_filter = ["status", "article__publisher", "created_at"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article"]
    readonly_fields = [
        "article_link",
        "in_context",
        "start",
        "end",
        "status",
        "facts",
        "flags",
        "detection_version",
        "detected_at",
        "created_at",
        "updated_at",
    ]
    fields = ["text", *readonly_fields]
    inlines = [AuditEventInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_flags_a=Count(
                    "flags_as_a",
                    filter=Q(flags_as_a__status="open"),
                    distinct=True,
                ),
                open_flags_b=Count(
                    "flags_as_b",
                    filter=Q(flags_as_b__status="open"),
                    distinct=True,
                ),
            )
        )

    @admin.display(description="Open flags")
    def open_flag_count(self, obj):
        return obj.open_flags_a + obj.open_flags_b

    @admin.display(description="Article")
    def article_link(self, obj):
        return _admin_link(obj.article)

    @admin.display(description="In its article")
    def in_context(self, obj):
        return _claim_in_context(obj)

    @admin.display(description="Contradiction flags")
    def flags(self, obj):
        flags = ContradictionFlag.objects.filter(Q(claim_a=obj) | Q(claim_b=obj))
        if not flags:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({})</li>",
                (
                    (_admin_link(flag, flag.explanation), flag.get_status_display())
                    for flag in flags
                ),
            ),
        )

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["text", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        result = services.claim_create(text=obj.text, submitted_by=request.user)
        obj.pk = result.claim.pk
        if not result.created:
            messages.warning(request, "This claim was already stored; nothing new was created.")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ContradictionFlag)
class ContradictionFlagAdmin(admin.ModelAdmin):
    list_display = ["explanation", "kind", "status", "score", "created_at"]
    list_filter = ["status", "kind", "detector_version", "created_at"]
    search_fields = ["explanation", "claim_a__text", "claim_b__text"]
    readonly_fields = [
        "kind",
        "status",
        "score",
        "explanation",
        "claim_a_in_context",
        "claim_b_in_context",
        "details",
        "detector_version",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [AuditEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("claim_a__article__publisher", "claim_b__article__publisher")
        )

    def _claim_side(self, claim: Claim):
        article = claim.article
        heading = _admin_link(article) if article else "Submitted without an article"
        publisher = f" — {article.publisher}" if article and article.publisher else ""
        return format_html(
            "<p><strong>{}</strong>{}</p>{}", heading, publisher, _claim_in_context(claim)
        )

    @admin.display(description="Claim A")
    def claim_a_in_context(self, obj):
        return self._claim_side(obj.claim_a)

    @admin.display(description="Claim B")
    def claim_b_in_context(self, obj):
        return self._claim_side(obj.claim_b)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "from_state", "to_state", "article", "claim"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor", "article", "claim"]
    search_fields = ["comment", "action"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.is_active


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # keys are issued by `create_api_client`, which shows them once


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["user", "created_at"]
    inlines = [ApiTokenInline]
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke every token of the selected clients")
    def revoke_tokens(self, request, queryset):
        revoked = sum(
            services.api_client_revoke_tokens(client=client, actor=request.user)
            for client in queryset
        )
        messages.success(request, f"{revoked} token(s) revoked.")
