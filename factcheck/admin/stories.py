"""The admin of stories: their articles and figures, merge and split."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .. import figure_chart, figures
from ..models import (
    Article,
    Claim,
    Story,
)
from ..roles import has_any_role, is_staff_member
from ..services.stories import StoryChangeRefused, story_merge, story_split
from .common import (
    EDITING_ROLES,
    LargeListMixin,
    ReadOnlyAdminMixin,
    _admin_link,
    _count_of,
    _intermediate_page,
    _is_changelist,
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
            change = story_merge(source_id=story.pk, target_id=target.pk, actor=request.user)
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
                change = story_split(
                    story_id=story.pk,
                    article_ids=[article.pk for article in form.cleaned_data["articles"]],
                    actor=request.user,
                    title=form.cleaned_data["title"],
                )
            except StoryChangeRefused as error:
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
