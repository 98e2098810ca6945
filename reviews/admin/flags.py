"""The contradiction flags' admin with the review actions; registered in place of
factcheck's."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from factcheck.admin.flags import ContradictionFlagAdmin
from factcheck.models import ContradictionFlag

from .. import selectors
from ..actions import FLAG_ACTIONS
from ..models import FLAG_TRANSITIONS, FlagAction
from .claims import ClaimHistoryInline
from .review_actions import ReviewActionsMixin, review_list_actions


class FlagHistoryInline(ClaimHistoryInline):
    fk_name = "flag"


class ReviewFlagAdmin(ReviewActionsMixin, ContradictionFlagAdmin):
    transitions = FLAG_TRANSITIONS
    action_rows = FLAG_ACTIONS
    subject = "flag"
    inlines = [FlagHistoryInline]
    actions = review_list_actions(FLAG_ACTIONS)
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


admin.site.unregister(ContradictionFlag)
admin.site.register(ContradictionFlag, ReviewFlagAdmin)
