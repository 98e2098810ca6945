"""The admin of publishers and articles: reprocessing and moving articles to a story."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models

from ..models import (
    Article,
    Claim,
    Publisher,
    Story,
)
from ..roles import has_any_role
from ..services.articles import article_create
from ..services.processing import InvalidTransition, article_reprocess
from ..services.stories import article_move_to_story
from .common import (
    EDITING_ROLES,
    AuditEventInline,
    LargeListMixin,
    ReadOnlyAdminMixin,
    _admin_link,
    _count_of,
    _intermediate_page,
    _is_changelist,
)


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
        result = article_create(
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
                article_reprocess(article_id=article.pk, actor=request.user)
                done += 1
            except InvalidTransition as error:
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
            article_move_to_story(article_id=article_id, story_id=story_id, actor=request.user)
            moved += 1
        where = f"story {story_id}" if story_id else "new stories"
        messages.success(
            request,
            f"{moved} article(s) moved to {where}; their claims will be compared again.",
        )
        return None
