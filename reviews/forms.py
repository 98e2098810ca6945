"""The admin's forms for review actions. They check the shape of the input only; the services
check what it means (as for the API), and their refusals are shown as messages."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from factcheck.models import Claim, ContradictionFlag

from . import selectors
from .models import Verdict
from .services.common import NOTE_MAX, TEXT_MAX
from .services.verdicts import EvidenceItem


class ConfirmForm(forms.Form):
    """Actions without parameters: a confirmation button."""


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=selectors.fact_checkers(), help_text="A fact-checker."
    )
    due_at = forms.DateTimeField(
        required=False,
        help_text="Optional, in the future: YYYY-MM-DD HH:MM (UTC).",
        widget=forms.DateTimeInput(attrs={"placeholder": "YYYY-MM-DD HH:MM"}),
    )
    note = forms.CharField(required=False, max_length=NOTE_MAX, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.fact_checkers()

    def clean_due_at(self):
        due_at = self.cleaned_data.get("due_at")
        if due_at is not None and due_at <= timezone.now():
            raise forms.ValidationError("The due date is in the past.")
        return due_at


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea({"rows": 4}))


class CommentForm(forms.Form):
    comment = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea({"rows": 4}))


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        required=False, max_length=TEXT_MAX, widget=forms.Textarea({"rows": 3})
    )


class FlagConfirmForm(ReasonForm):
    assignee = forms.ModelChoiceField(
        queryset=selectors.fact_checkers(),
        required=False,
        help_text="Optional: open review on the flag's new claims by assigning them.",
    )
    due_at = AssignForm.base_fields["due_at"]
    note = AssignForm.base_fields["note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.fact_checkers()

    clean_due_at = AssignForm.clean_due_at


EVIDENCE_HELP = (
    "One piece of evidence a line: an http(s) URL, or claim:ID, or flag:ID; "
    "optionally followed by ' | ' and a note. Example: "
    "https://example.org/report.pdf | Ministry's own figures, page 3"
)


class VerdictForm(forms.Form):
    rating = forms.ChoiceField(choices=Verdict.Rating.choices)
    rationale = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea({"rows": 8}))
    evidence = forms.CharField(help_text=EVIDENCE_HELP, widget=forms.Textarea({"rows": 5}))
    resolves = forms.ModelMultipleChoiceField(
        queryset=ContradictionFlag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The contradiction flags of this claim that the verdict settles.",
    )

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolves"].queryset = (
            ContradictionFlag.objects.filter(
                Q(claim_a=claim) | Q(claim_b=claim) | Q(sides__claim=claim)
            )
            .distinct()
            .exclude(status=ContradictionFlag.Status.DISMISSED)
        )

    def clean_resolves(self) -> list[int]:
        # Flag ids, as the API's serializer gives them (reviews/actions.py runs both alike).
        return [flag.pk for flag in self.cleaned_data["resolves"]]

    def clean_evidence(self) -> list[EvidenceItem]:
        items, problems = [], []
        for number, raw in enumerate(self.cleaned_data["evidence"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            reference, _, note = (part.strip() for part in line.partition("|"))
            kind, _, identifier = reference.partition(":")
            if kind in ("claim", "flag"):
                if not identifier.strip().isdigit():
                    problems.append(f"Line {number}: {kind}: needs a number.")
                    continue
                key = "claim_id" if kind == "claim" else "flag_id"
                items.append(EvidenceItem(note=note, **{key: int(identifier)}))
            else:
                items.append(EvidenceItem(url=reference, note=note))
        if problems:
            raise forms.ValidationError(problems)
        if not items:
            raise forms.ValidationError("Give at least one piece of evidence.")
        return items
