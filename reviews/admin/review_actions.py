"""The review actions of a ModelAdmin (list actions and per-object pages), run through
the actions table of reviews/actions.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from factcheck.roles import has_any_role

from .. import forms
from ..models import ReviewAction
from ..services.assignment import claims_assign_bulk
from ..services.errors import BulkAssignRefused, InvalidReviewInput, ReviewError, _flatten_errors


def action_run(rows: dict, *, action: str, object_id: int, user, data: dict) -> str:
    """Run one review action (a row of reviews/actions.py) on one claim or flag through its
    service; returns the success message. Raises the services' ReviewError on refusal."""
    row = rows.get(action)
    if row is None:
        raise Http404("No such review action.")
    return row.message(row.run(object_id=object_id, actor=user, data=data))


def _refusal(error: ReviewError) -> str:
    return error.message


class ReviewActionsMixin:
    """Review actions for a ModelAdmin: list actions (with an intermediate form when the
    action needs input) and per-object pages at `<id>/review/<action>/`."""

    transitions: dict = {}
    action_rows: dict = {}  # reviews/actions.py's CLAIM_ACTIONS or FLAG_ACTIONS
    subject = "claim"
    change_form_template = "admin/reviews/review_change_form.html"

    # --- list actions

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action, transition in self.transitions.items():
            name = f"review_{action}"
            if name in actions and not has_any_role(request.user, transition.roles):
                del actions[name]
        return actions

    def _list_action(self, request, queryset, action: str):
        form_class = self.action_rows[action].form
        # In the list, approving needs no comment; the object's page offers one.
        needs_input = form_class not in (forms.ConfirmForm, forms.OptionalCommentForm)
        if needs_input:
            if "apply" not in request.POST:
                return self._action_page(
                    request, action=action, objects=list(queryset), form=self._form(action)
                )
            form = self._form(action, data=request.POST)
            if not form.is_valid():
                return self._action_page(request, action=action, objects=list(queryset), form=form)
            data = form.cleaned_data
        else:
            data = {}
        if action == ReviewAction.ASSIGN:
            self._assign_bulk(request, queryset, data)
            return None
        done = 0
        for obj in queryset:
            try:
                self.run_action(action=action, object_id=obj.pk, user=request.user, data=data)
                done += 1
            except ReviewError as error:
                self.message_user(request, f"{obj}: {_refusal(error)}", messages.ERROR)
        if done:
            label = self.transitions[action]
            self.message_user(
                request,
                f"{action.replace('_', ' ').capitalize()}: done for {done} {self.subject}(s) "
                f"(now '{label.target}').",
                messages.SUCCESS,
            )
        return None

    def _assign_bulk(self, request, queryset, data) -> None:
        try:
            assignments = claims_assign_bulk(
                claim_ids=[claim.pk for claim in queryset.order_by("pk")],
                assignee=data["assignee"],
                actor=request.user,
                due_at=data.get("due_at"),
                note=data.get("note", ""),
            )
        except BulkAssignRefused as error:
            self.message_user(request, "Nothing was assigned.", messages.ERROR)
            for claim_id, problems in error.errors.items():
                self.message_user(request, f"Claim {claim_id}: {problems[0]}", messages.ERROR)
            return
        except ReviewError as error:
            self.message_user(request, _refusal(error), messages.ERROR)
            return
        self.message_user(
            request,
            f"{len(assignments)} claim(s) assigned to {data['assignee']}.",
            messages.SUCCESS,
        )

    def _form(self, action: str, data=None, obj=None):
        form_class = self.action_rows[action].form
        if form_class is forms.VerdictForm:
            return form_class(data, claim=obj)
        return form_class(data)

    def _action_page(self, request, *, action, objects, form, obj=None):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"{dict(self._action_labels())[action]}",
            "action": action,
            "list_action": f"review_{action}",
            "objects": objects,
            "object": obj,
            "form": form,
            "subject": self.subject,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/reviews/review_action.html", context)

    def _action_labels(self):
        return [(key, label) for key, label in self.action_choices]

    # --- per-object pages

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/review/<str:action>/",
                self.admin_site.admin_view(self.review_action_view),
                name=f"{opts.app_label}_{opts.model_name}_review_action",
            ),
            *super().get_urls(),
        ]

    def review_action_view(self, request, object_id, action):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(f"No such {self.subject}.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if action not in self.transitions:
            raise Http404("No such review action.")
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        form = self._form(action, data=request.POST if request.method == "POST" else None, obj=obj)
        if request.method == "POST" and form.is_valid():
            try:
                done = self.run_action(
                    action=action, object_id=obj.pk, user=request.user, data=form.cleaned_data
                )
            except InvalidReviewInput as error:
                for problem in _flatten_errors(error.errors):
                    form.add_error(None, problem)
            except ReviewError as error:
                self.message_user(request, _refusal(error), messages.ERROR)
                return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        return self._action_page(request, action=action, objects=[obj], form=form, obj=obj)

    def run_action(self, *, action: str, object_id: int, user, data: dict) -> str:
        return action_run(
            self.action_rows, action=action, object_id=object_id, user=user, data=data
        )

    def review_buttons(self, request, obj) -> list[dict]:
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["review_buttons"] = self.review_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def _make_list_action(action: str, label: str):
    def run(modeladmin, request, queryset):
        return modeladmin._list_action(request, queryset, action)

    run.__name__ = f"review_{action}"
    return admin.action(description=label)(run)


def review_list_actions(rows: dict) -> list:
    """The admin list actions of the table's rows that have a list label, in its order."""
    return [
        _make_list_action(action, row.list_label)
        for action, row in rows.items()
        if row.list_label is not None
    ]
