"""The admin of contradiction flags: the claims of each side, side by side."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from ..models import (
    Claim,
    ContradictionFlag,
    FlagClaim,
)
from .claims import FACT_ROWS, _claim_figures, _claim_in_context, _figure_facts
from .common import AuditEventInline, LargeListMixin, _admin_link, _is_changelist


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
