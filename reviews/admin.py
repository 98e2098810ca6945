from django.contrib import admin

from .models import Assignment, Verdict


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["claim", "assignee", "assigned_by", "due_at", "created_at", "ended_at"]
    list_filter = ["assignee", "due_at", "ended_at"]
    search_fields = ["claim__text", "assignee__username", "note"]
    list_select_related = ["claim", "assignee", "assigned_by"]
    autocomplete_fields = ["claim"]
    raw_id_fields = ["assignee", "assigned_by"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "author", "created_at"]
    list_filter = ["rating", "created_at"]
    search_fields = ["claim__text", "rationale", "author__username"]
    list_select_related = ["claim", "author"]
    autocomplete_fields = ["claim"]
    raw_id_fields = ["author"]
