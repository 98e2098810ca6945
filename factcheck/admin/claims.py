"""The admin of claims: a claim in its article's context, its extracted facts, its flags."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import F, Q
from django.utils.html import format_html, format_html_join

from ..models import (
    Claim,
    ContradictionFlag,
    FlagClaim,
    Story,
)
from ..selectors import open_flags_exist
from ..services.claims import claim_create
from .common import (
    AuditEventInline,
    LargeListMixin,
    _admin_link,
    _count_of,
    _is_changelist,
)


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
            return queryset.filter(open_flags_exist())
        if self.value() == "no":
            return queryset.exclude(open_flags_exist())
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
        result = claim_create(text=obj.text, submitted_by=request.user)
        obj.pk = result.claim.pk
        if not result.created:
            messages.warning(request, "This claim was already stored; nothing new was created.")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
