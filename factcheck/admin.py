"""Admin for fact-checkers and editors. Reading is rich (lists, filters, claims in their
article); writes that change state go through services, never a raw model save."""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from . import figure_chart, figures, services
from .models import (
    ApiClient,
    ApiToken,
    Article,
    AuditEvent,
    Claim,
    ContradictionFlag,
    FlagClaim,
    Publisher,
    Story,
)
from .roles import Role, has_any_role, is_staff_member

EDITING_ROLES = frozenset({Role.EDITOR})
User = get_user_model()


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
        part for part in (figure.get("group"), figure.get("subject"), figure.get("event")) if part
    )
    if figure.get("agent"):
        measure += f" by {figure['agent']}"
    source = figure.get("source_label") or figure.get("source") or "—"
    if figure.get("period_label"):
        period = figure["period_label"]
    elif figure.get("period_start") or figure.get("period_end"):
        period = f"{figure.get('period_start') or '…'} to {figure.get('period_end') or 'now'}"
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
        (
            label,
            ", ".join(
                str(item.get("name", item)) if isinstance(item, dict) else str(item)
                for item in facts.get(key) or []
            ),
        )
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

    estimated = False  # the planner's estimate of an unfiltered table
    capped = False  # a filtered list with more than COUNT_LIMIT rows

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
            self.capped = True
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
    """The claim is on an open flag: as the first claim of a side, or repeating its figure."""
    open_flags = ContradictionFlag.objects.filter(status=ContradictionFlag.Status.OPEN)
    return (
        Exists(open_flags.filter(claim_a=OuterRef("pk")))
        | Exists(open_flags.filter(claim_b=OuterRef("pk")))
        | Exists(
            FlagClaim.objects.filter(
                claim=OuterRef("pk"), flag__status=ContradictionFlag.Status.OPEN
            )
        )
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

    def get_queryset(self, request):
        return super().get_queryset(request).defer("facts")

    @admin.display(description="Claim")
    def claim_link(self, obj):
        return _admin_link(obj)


class AuditEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEvent
    fields = ["created_at", "action", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0


def _is_changelist(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith("_changelist"))


class MoveToStoryForm(forms.Form):
    story = forms.IntegerField(
        required=False,
        min_value=1,
        label="Story id",
        help_text="The story to move the articles to (its number in the stories list); "
        "leave empty to start a new story for each article.",
    )

    def clean_story(self):
        story_id = self.cleaned_data.get("story")
        if story_id is not None and not Story.objects.filter(pk=story_id).exists():
            raise forms.ValidationError(f"There is no story {story_id}.")
        return story_id


def _intermediate_page(modeladmin, request, *, title, objects, form, action, extra=None):
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "objects": objects,
        "form": form,
        "list_action": action,
        "media": modeladmin.media + form.media,
        **(extra or {}),
    }
    return TemplateResponse(request, "admin/factcheck/intermediate_action.html", context)


@admin.register(Article)
class ArticleAdmin(LargeListMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "publisher",
        "story_link",
        "published_at",
        "status",
        "claim_count",
        "created_at",
    ]
    list_filter = ["status", "publisher", "published_at", "created_at"]
    search_fields = ["title", "url"]
    list_select_related = ["publisher", "story"]
    readonly_fields = [
        "story_link",
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
    actions = ["reprocess", "move_to_story"]
    autocomplete_fields = ["publisher"]
    ordering = ["-created_at", "-id"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_changelist(request):
            queryset = queryset.defer("body", "document_keys").annotate(
                claim_count=_count_of(Claim, "article")
            )
        return queryset

    @admin.display(ordering="claim_count", description="Claims")
    def claim_count(self, obj):
        return getattr(obj, "claim_count", None)

    @admin.display(description="Story", ordering="story")
    def story_link(self, obj):
        return _admin_link(obj.story) if obj.story_id else "—"

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        # The body of a stored article is what was received: it is never edited.
        if obj is not None:
            return ["title", "url", "publisher", "published_at", "body", *self.readonly_fields]
        return self.readonly_fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not has_any_role(request.user, EDITING_ROLES):
            actions.pop("move_to_story", None)
        return actions

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

    def has_reprocess_permission(self, request) -> bool:
        # It sends `article.checked` to every submitter again: an editor's decision, not a
        # reader's (fact-checkers only view articles).
        return has_any_role(request.user, EDITING_ROLES)

    @admin.action(
        description="Extract and check again (failed or checked articles)",
        permissions=["reprocess"],
    )
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

    @admin.action(description="Move to another story…")
    def move_to_story(self, request, queryset):
        if not has_any_role(request.user, EDITING_ROLES):
            raise PermissionDenied
        form = MoveToStoryForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return _intermediate_page(
                self,
                request,
                title="Move articles to another story",
                objects=list(queryset.select_related(None).only("pk", "title")),
                form=form,
                action="move_to_story",
            )
        story_id = form.cleaned_data.get("story")
        moved = 0
        for article_id in queryset.values_list("pk", flat=True):
            services.article_move_to_story(
                article_id=article_id, story_id=story_id, actor=request.user
            )
            moved += 1
        where = f"story {story_id}" if story_id else "new stories"
        messages.success(
            request,
            f"{moved} article(s) moved to {where}; their claims will be compared again.",
        )
        return None


class StoryFilter(admin.SimpleListFilter):
    """The most recently active stories (a list of every story would be too long), and the
    chosen one; any story can be picked with ?story=ID (the link on a story's page)."""

    title = "story"
    parameter_name = "story"
    shown = 15

    def lookups(self, request, model_admin):
        recent = list(Story.objects.order_by("-updated_at", "-pk")[: self.shown])
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(story.pk) != chosen for story in recent):
            recent += list(Story.objects.filter(pk=int(chosen)))
        return [(str(story.pk), str(story)[:60]) for story in recent]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(story_id=int(value))


class OpenFlagsFilter(admin.SimpleListFilter):
    title = "open contradiction flags"
    parameter_name = "open_flags"

    def lookups(self, request, model_admin):
        return [("yes", "Has open flags"), ("no", "No open flags")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(_open_flags_exist())
        if self.value() == "no":
            return queryset.exclude(_open_flags_exist())
        return queryset


@admin.register(Claim)
class ClaimAdmin(LargeListMixin, admin.ModelAdmin):
    list_display = [
        "claim_text",
        "article_title",
        "publisher_name",
        "status",
        "open_flag_count",
        "created_at",
    ]
    list_filter = ["status", StoryFilter, "article__publisher", OpenFlagsFilter, "created_at"]
    search_fields = ["text"]
    search_help_text = "Words of the claim's text."
    # Titles and publishers come as annotations: no article body is read for a list.
    list_select_related = []
    ordering = ["-id"]
    readonly_fields = [
        "article_link",
        "story_link",
        "in_context",
        "start",
        "end",
        "status",
        "facts_table",
        "flags",
        "detection_version",
        "detected_at",
        "created_at",
        "updated_at",
    ]
    fields = ["text", *readonly_fields]
    inlines = [AuditEventInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not _is_changelist(request):
            return queryset.select_related("article__publisher", "story")
        return queryset.defer("facts").annotate(
            article_title=F("article__title"),
            publisher_name=F("article__publisher__name"),
            open_flags=_count_of(ContradictionFlag, "claim_a", status=ContradictionFlag.Status.OPEN)
            + _count_of(ContradictionFlag, "claim_b", status=ContradictionFlag.Status.OPEN),
        )

    @admin.display(description="Claim", ordering="pk")
    def claim_text(self, obj):
        return str(obj)

    @admin.display(description="Article")
    def article_title(self, obj):
        if obj.article_id is None:
            return "—"
        return obj.article_title or f"Article {obj.article_id}"

    @admin.display(description="Publisher")
    def publisher_name(self, obj):
        return obj.publisher_name or "—"

    @admin.display(description="Open flags")
    def open_flag_count(self, obj):
        return getattr(obj, "open_flags", None)

    @admin.display(description="Article")
    def article_link(self, obj):
        if obj.article is None:
            return "—"
        publisher = f" — {obj.article.publisher}" if obj.article.publisher else ""
        return format_html("{}{}", _admin_link(obj.article), publisher)

    @admin.display(description="Story")
    def story_link(self, obj):
        return _admin_link(obj.story) if obj.story_id else "—"

    @admin.display(description="In its article")
    def in_context(self, obj):
        return _claim_in_context(obj)

    @admin.display(description="Extracted facts")
    def facts_table(self, obj):
        return _facts_table(obj)

    @admin.display(description="Contradiction flags")
    def flags(self, obj):
        """Every flag the claim is on: as the first claim of a side, or as a repeat."""
        flags = ContradictionFlag.objects.filter(
            Q(claim_a=obj)
            | Q(claim_b=obj)
            | Q(pk__in=FlagClaim.objects.filter(claim=obj).values("flag"))
        )
        if not flags:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({}; {})</li>",
                (
                    (
                        _admin_link(flag, flag.explanation),
                        flag.get_status_display(),
                        "first claim of its side"
                        if obj.pk in (flag.claim_a_id, flag.claim_b_id)
                        else "repeats the figure of a side",
                    )
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


def _claim_source_line(claim: Claim) -> str:
    if claim.article is None:
        return "submitted without an article"
    publisher = f" — {claim.article.publisher}" if claim.article.publisher else ""
    return format_html("{}{}", _admin_link(claim.article), publisher)


# A flag page lists at most this many claims per side (a figure repeated by every report of
# a long story would make the page unreadable); the count says how many there are.
FLAG_CLAIMS_SHOWN = 50


@admin.register(ContradictionFlag)
class ContradictionFlagAdmin(LargeListMixin, admin.ModelAdmin):
    list_display = ["explanation", "claim_a_text", "claim_b_text", "kind", "status", "score"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["explanation"]
    ordering = ["-created_at", "-id"]
    readonly_fields = [
        "kind",
        "status",
        "score",
        "explanation",
        "side_by_side",
        "claims_on_each_side",
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
        queryset = super().get_queryset(request)
        if _is_changelist(request):
            return queryset.select_related("claim_a", "claim_b").defer(
                "details", "claim_a__facts", "claim_b__facts"
            )
        return queryset.select_related("claim_a__article__publisher", "claim_b__article__publisher")

    @admin.display(description="Claim A")
    def claim_a_text(self, obj):
        return str(obj.claim_a)

    @admin.display(description="Claim B")
    def claim_b_text(self, obj):
        return str(obj.claim_b)

    def _claim_heading(self, claim: Claim):
        article = claim.article
        heading = _admin_link(article) if article else "Submitted without an article"
        publisher = f" — {article.publisher}" if article and article.publisher else ""
        return format_html(
            "<strong>{}</strong>{} · {}",
            heading,
            publisher,
            _admin_link(claim, f"claim {claim.pk} ({claim.get_status_display()})"),
        )

    @admin.display(description="Every claim of each side")
    def claims_on_each_side(self, obj):
        """The first claim of each side, then every repeat of its figure (other sentences,
        other articles), with their articles: one query."""
        members = {"a": [], "b": []}
        for side in (
            FlagClaim.objects.filter(flag=obj)
            .select_related("claim__article__publisher")
            .defer("claim__facts", "claim__article__body")
            .order_by("claim_id")
        ):
            if side.claim_id in (obj.claim_a_id, obj.claim_b_id):
                members[side.side].insert(0, side.claim)
            else:
                members[side.side].append(side.claim)
        for side, first in (("a", obj.claim_a), ("b", obj.claim_b)):
            if not members[side] or members[side][0].pk != first.pk:
                members[side].insert(0, first)

        def listed(claims: list[Claim]):
            shown = claims[:FLAG_CLAIMS_SHOWN]
            more = len(claims) - len(shown)
            return format_html(
                '<ol class="flag-side">{}</ol>{}',
                format_html_join(
                    "",
                    '<li>{} “{}” <span class="help">{}</span></li>',
                    (
                        (
                            _admin_link(claim, f"claim {claim.pk}"),
                            str(claim),
                            _claim_source_line(claim),
                        )
                        for claim in shown
                    ),
                ),
                format_html("<p>and {} more</p>", more) if more > 0 else "",
            )

        return format_html(
            '<table class="flag-sides" style="width: 100%; table-layout: fixed"><thead><tr>'
            "<th>Side A: {} claim(s)</th><th>Side B: {} claim(s)</th></tr></thead>"
            "<tbody><tr><td>{}</td><td>{}</td></tr></tbody></table>",
            len(members["a"]),
            len(members["b"]),
            listed(members["a"]),
            listed(members["b"]),
        )

    @admin.display(description="Both claims")
    def side_by_side(self, obj):
        """Both claims in their articles' context, then their extracted figures aligned row
        by row (figure, measure, source, period, place)."""
        sides = (obj.claim_a, obj.claim_b)
        figures = [_claim_figures(claim) for claim in sides]
        rows = []
        for index in range(max(len(figures[0]), len(figures[1]))):
            values = [
                _figure_facts(side[index]) if index < len(side) else ["—"] * len(FACT_ROWS)
                for side in figures
            ]
            for row, label in enumerate(FACT_ROWS):
                name = f"{label} {index + 1}" if len(figures[0]) + len(figures[1]) > 2 else label
                differs = values[0][row] != values[1][row]
                rows.append(
                    (
                        "fact-row differs" if differs else "fact-row",
                        name,
                        values[0][row],
                        values[1][row],
                    )
                )
        fact_rows = format_html_join(
            "", '<tr class="{}"><th>{}</th><td>{}</td><td>{}</td></tr>', rows
        )
        return format_html(
            '<table class="side-by-side" style="width: 100%; table-layout: fixed">'
            '<thead><tr><th style="width: 9em"></th><th>Claim A</th><th>Claim B</th></tr>'
            "</thead><tbody>"
            "<tr><th>Article</th><td>{}</td><td>{}</td></tr>"
            '<tr class="context"><th>In context</th><td>{}</td><td>{}</td></tr>'
            "{}"
            '<tr class="explanation"><th>Explanation</th><td colspan="2">{}</td></tr>'
            "</tbody></table>",
            self._claim_heading(sides[0]),
            self._claim_heading(sides[1]),
            _claim_in_context(sides[0]),
            _claim_in_context(sides[1]),
            fact_rows,
            obj.explanation,
        )


class StoryArticleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Article
    fields = ["article_link", "publisher", "published_at", "status", "story_pinned"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "articles"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("publisher").defer("body", "document_keys")
        )

    @admin.display(description="Article")
    def article_link(self, obj):
        return _admin_link(obj)


# Measures shown unfolded on a story's page; the others are one click away (<details>).
FIGURE_MEASURES_OPEN = 4


def _interval_label(figure: figures.ReportedFigure) -> str:
    def number(value):
        return f"{value:,.0f}" if value == int(value) else f"{value:,}"

    if figure.lo is None and figure.hi is None:
        return "—"
    if figure.hi is None:
        return f"≥ {number(figure.lo)}"
    if figure.qualifier == "upper":
        return f"≤ {number(figure.hi)}"
    if figure.lo is None or figure.lo == figure.hi:
        return number(figure.hi)
    return f"{number(figure.lo)}\u2013{number(figure.hi)}"


# Claims linked from each row of a story's figures table: the first one, with the number of
# the others (the API lists more; one costs no query of its own on a story of 100k claims).
FIGURE_CLAIMS_SHOWN = 1


def _figure_row(figure: figures.ReportedFigure, claim_url: str, flag_url: str) -> str:
    """One row of a measure's figures table, escaped (built in Python: a long story has
    thousands of rows, and the template engine would take seconds over them)."""
    claims = ", ".join(
        f'<a href="{claim_url.format(claim.id)}" class="figure-claim" title="{escape(claim.text)}"'
        f">#{claim.id}</a>"
        for claim in figure.claims
    )
    more = figure.claim_count - len(figure.claims)
    if more > 0:
        claims += f" and {more:,} more"
    flags = ", ".join(f'<a href="{flag_url.format(pk)}">flag {pk}</a>' for pk in figure.flags)
    denied = " (denied)" if figure.denied else ""
    marked = ' class="figure-conflicting"' if figure.conflicting else ""
    return (
        f"<tr{marked}>"
        f"<td>{figure.reported.isoformat() if figure.reported else 'unknown'}</td>"
        f"<td>{escape(figure.source_name)}</td>"
        f'<td class="figure-text">{escape(figure.text)}{denied}</td>'
        f"<td>{escape(_interval_label(figure))}</td><td>{claims}</td><td>{flags or '—'}</td></tr>"
    )


def _figure_measures(user, story_id: int) -> list[dict]:
    """Each measure of the story: its timeline (SVG, every mark a link to a claim stating
    the figure) and the same figures as table rows."""
    claim_url = reverse("admin:factcheck_claim_change", args=[0]).replace("/0/", "/{}/")
    flag_url = reverse("admin:factcheck_contradictionflag_change", args=[0]).replace("/0/", "/{}/")
    gathered = figures.story_figures_for_user(user, story_id, claims_per_figure=FIGURE_CLAIMS_SHOWN)
    # One colour per source on every chart of the story, the most frequent first.
    sources = Counter(
        figure.source_name for measure in gathered.measures for figure in measure.figures
    )
    series_order = [name for name, _count in sources.most_common()]
    shown = []
    for index, measure in enumerate(gathered.measures):
        marks = []
        for figure in measure.figures:
            day = figure.reported.isoformat() if figure.reported else "date unknown"
            href = claim_url.format(figure.claims[0].id) if figure.claims else ""
            marks.append(
                figure_chart.ChartMark(
                    series=figure.source_name,
                    reported=figure.reported,
                    value=figure.value,
                    lo=figure.lo,
                    hi=figure.hi,
                    qualifier=figure.qualifier,
                    conflicting=figure.conflicting,
                    href=href,
                    title=f"{figure.text} ({figure.source_name}, {day})",
                )
            )
        rows = "".join(_figure_row(figure, claim_url, flag_url) for figure in measure.figures)
        shown.append(
            {
                "measure": measure,
                "open": index < FIGURE_MEASURES_OPEN,
                "figure_count": len(measure.figures),
                # figure_chart and _figure_row escape every text they write.
                "svg": mark_safe(  # noqa: S308
                    figure_chart.figure_timeline_svg(
                        marks, label=measure.label, series_order=series_order
                    )
                ),
                "rows": mark_safe(rows),  # noqa: S308
            }
        )
    return shown


class MergeStoriesForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Story.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The story the others are merged into; the others are deleted.",
    )

    def __init__(self, *args, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = stories


class SplitStoryForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="These articles (and their claims) move to a new story.",
    )
    title = forms.CharField(required=False, max_length=500, help_text="The new story's title.")

    def __init__(self, *args, story, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].queryset = (
            Article.objects.filter(story=story).defer("body", "document_keys").order_by("pk")
        )


@admin.register(Story)
class StoryAdmin(LargeListMixin, admin.ModelAdmin):
    """Stories are made by automatic grouping; editors merge and split them, and move an
    article to another story from the articles list. Everyone on the desk may look."""

    list_display = ["__str__", "first_day", "last_day", "article_count", "claim_count", "pk"]
    search_fields = ["title"]
    ordering = ["-last_day", "-id"]
    readonly_fields = ["title", "first_day", "last_day", "claims_link", "created_at", "updated_at"]
    fields = readonly_fields
    inlines = [StoryArticleInline]
    actions = ["merge"]
    change_form_template = "admin/factcheck/story/change_form.html"

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return has_any_role(request.user, EDITING_ROLES)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_changelist(request):
            queryset = queryset.annotate(
                article_count=_count_of(Article, "story"), claim_count=_count_of(Claim, "story")
            )
        return queryset

    @admin.display(description="Articles")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="Claims")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="Claims")
    def claims_link(self, obj):
        url = reverse("admin:factcheck_claim_changelist") + f"?story={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, "The story's claims")

    def get_urls(self):
        return [
            path(
                "<int:story_id>/split/",
                self.admin_site.admin_view(self.split_view),
                name="factcheck_story_split",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_split"] = obj is not None and has_any_role(request.user, EDITING_ROLES)
        if obj is not None:
            context["figure_measures"] = _figure_measures(request.user, obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description="Merge the selected stories…", permissions=["change"])
    def merge(self, request, queryset):
        if not has_any_role(request.user, EDITING_ROLES):
            raise PermissionDenied
        stories = queryset.order_by("-last_day", "-pk")
        if len(stories) < 2:
            messages.error(request, "Choose at least two stories to merge.")
            return None
        form = MergeStoriesForm(request.POST if "apply" in request.POST else None, stories=stories)
        if not form.is_valid():
            return _intermediate_page(
                self,
                request,
                title="Merge stories",
                objects=list(stories),
                form=form,
                action="merge",
            )
        target = form.cleaned_data["target"]
        moved = 0
        for story in stories:
            if story.pk == target.pk:
                continue
            change = services.story_merge(
                source_id=story.pk, target_id=target.pk, actor=request.user
            )
            moved += len(change.article_ids)
        messages.success(
            request,
            f"{len(stories) - 1} story(ies) merged into '{target}' ({moved} article(s) moved).",
        )
        return None

    def split_view(self, request, story_id):
        if not has_any_role(request.user, EDITING_ROLES):
            raise PermissionDenied
        story = Story.objects.filter(pk=story_id).first()
        if story is None:
            raise Http404("No such story.")
        change_url = reverse("admin:factcheck_story_change", args=[story.pk])
        form = SplitStoryForm(request.POST if request.method == "POST" else None, story=story)
        if request.method == "POST" and form.is_valid():
            try:
                change = services.story_split(
                    story_id=story.pk,
                    article_ids=[article.pk for article in form.cleaned_data["articles"]],
                    actor=request.user,
                    title=form.cleaned_data["title"],
                )
            except services.StoryChangeRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"{len(change.article_ids)} article(s) moved to the new story "
                    f"'{change.story}'.",
                )
                return HttpResponseRedirect(
                    reverse("admin:factcheck_story_change", args=[change.story.pk])
                )
        return _intermediate_page(
            self,
            request,
            title=f"Split story '{story}'",
            objects=[],
            form=form,
            action=None,
            extra={"object": story, "cancel_url": change_url},
        )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, LargeListMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "from_state", "to_state", "article", "claim"]
    list_filter = ["created_at"]
    list_select_related = ["actor", "article", "claim"]
    search_fields = ["action"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("details", "article__body", "article__document_keys", "claim__facts")
        )

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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API keys, by their prefix only (the key itself is never stored)."""

    list_display = ["prefix", "client", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "client"]
    list_select_related = ["client"]
    search_fields = ["prefix", "client__name"]
    readonly_fields = ["client", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are issued by `create_api_client`, which shows them once

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of the key stays

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = services.api_tokens_revoke(
            token_ids=queryset.values_list("pk", flat=True), actor=request.user
        )
        messages.success(request, f"{revoked} key(s) revoked.")


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


# --- Users ---------------------------------------------------------------------------------

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People and their roles. The admin role manages other people's accounts and roles, but
    only a superuser grants superuser status or single permissions, changes its own roles, or
    touches a superuser's account: an admin cannot raise itself above its role (issue 15)."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["groups", "is_staff", "is_active"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
