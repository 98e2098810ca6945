"""The review desk's settings: one row, editors' and admins' only."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from factcheck.roles import SETTINGS_ROLES, has_any_role

from ..models import ReviewSettings
from ..services.errors import ReviewError
from ..services.review_settings import review_settings_update


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
