"""What the factcheck admin pages share: links, large-table paging, read-only inlines, the
intermediate confirmation page."""

from __future__ import annotations

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from ..models import (
    AuditEvent,
)
from ..roles import Role

EDITING_ROLES = frozenset({Role.EDITOR})


def _admin_link(obj, label=None) -> str:
    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


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


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEvent
    fields = ["created_at", "action", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0


def _is_changelist(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith("_changelist"))


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
