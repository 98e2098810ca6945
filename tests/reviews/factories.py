"""Claims at every step of the review workflow, built through the services (so their
assignments, verdicts and audit rows are what the workflow really writes)."""

import datetime

import factory
from django.utils import timezone

from factcheck.models import Claim, ContradictionFlag
from reviews.models import ReviewSettings
from reviews.services.assignment import claim_assign
from reviews.services.publication import claim_dismiss, claim_publish, claim_retract
from reviews.services.verdicts import (
    EvidenceItem,
    review_approve,
    review_request_changes,
    review_start,
    verdict_submit,
)
from tests.factories import ArticleFactory, ClaimFactory, PublisherFactory

S = Claim.Status


class PublishedArticleFactory(ArticleFactory):
    publisher = factory.SubFactory(PublisherFactory, name="Delta Times", domain="delta.example")
    url = factory.Sequence(lambda n: f"https://delta.example/news/{n}")
    published_at = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)


def claim_with_article(text: str | None = None) -> Claim:
    article = PublishedArticleFactory(
        body=(text or "The ministry said 1,200 people died in the floods.") + " More follows."
    )
    claim_text = text or "The ministry said 1,200 people died in the floods."
    return ClaimFactory(article=article, text=claim_text, start=0, end=len(claim_text))


def flag_between(claim_a: Claim, claim_b: Claim, **fields) -> ContradictionFlag:
    first, second = sorted([claim_a, claim_b], key=lambda claim: claim.pk)
    return ContradictionFlag.objects.create(
        claim_a=first,
        claim_b=second,
        kind=fields.pop("kind", "revision"),
        score=fields.pop("score", 0.8),
        explanation=fields.pop("explanation", "ministry: 1,200 killed vs 2,800 killed"),
        detector_version="test",
        **fields,
    )


def evidence() -> list[EvidenceItem]:
    return [EvidenceItem(url="https://example.org/ministry-report", note="Page 3.")]


def allow_taking(allowed: bool = True) -> None:
    row = ReviewSettings.load()
    row.checkers_may_take_unassigned = allowed
    row.save()


class Desk:
    """The people of a review desk, and a way to bring a claim to any review state."""

    def __init__(self, *, editor, other_editor, checker):
        self.editor = editor
        self.other_editor = other_editor
        self.checker = checker

    def claim_in(self, state: str, claim: Claim | None = None, **assign) -> Claim:
        claim = claim or claim_with_article()
        if state == S.NEW:
            return claim
        if state == S.DISMISSED:
            claim_dismiss(claim_id=claim.pk, actor=self.editor, reason="An opinion.")
            return Claim.objects.get(pk=claim.pk)
        claim_assign(
            claim_id=claim.pk,
            assignee=self.checker,
            actor=self.editor,
            due_at=assign.get("due_at", timezone.now() + datetime.timedelta(days=2)),
            note=assign.get("note", "Please check the toll."),
        )
        if state == S.ASSIGNED:
            return Claim.objects.get(pk=claim.pk)
        review_start(claim_id=claim.pk, actor=self.checker)
        if state == S.IN_REVIEW:
            return Claim.objects.get(pk=claim.pk)
        self.submit(claim)
        if state == S.SUBMITTED:
            return Claim.objects.get(pk=claim.pk)
        if state == S.CHANGES_REQUESTED:
            review_request_changes(
                claim_id=claim.pk, actor=self.editor, comment="Cite the ministry's own report."
            )
            return Claim.objects.get(pk=claim.pk)
        review_approve(claim_id=claim.pk, actor=self.editor)
        if state == S.APPROVED:
            return Claim.objects.get(pk=claim.pk)
        claim_publish(claim_id=claim.pk, actor=self.editor)
        if state == S.PUBLISHED:
            return Claim.objects.get(pk=claim.pk)
        claim_retract(claim_id=claim.pk, actor=self.editor, reason="New figures.")
        assert state == S.RETRACTED, state
        return Claim.objects.get(pk=claim.pk)

    def submit(self, claim: Claim, *, rating: str = "false", resolves=()):
        return verdict_submit(
            claim_id=claim.pk,
            actor=self.checker,
            rating=rating,
            rationale="The ministry's report gives 2,800.",
            evidence=evidence(),
            resolves=resolves,
        )
