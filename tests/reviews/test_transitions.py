"""The claim review transition table, one test per allowed transition, per source state it
refuses (409) and per role it refuses (403). A refusal changes nothing: same state, no new
audit row, no new assignment or verdict."""

import pytest

from factcheck.models import AuditEvent, Claim
from reviews.models import CLAIM_TRANSITIONS, Assignment, ReviewAction, Verdict
from reviews.services.assignment import claim_assign, claim_take
from reviews.services.errors import ActionForbidden, TransitionNotAllowed
from reviews.services.publication import claim_dismiss, claim_publish, claim_retract
from reviews.services.verdicts import (
    review_approve,
    review_request_changes,
    review_start,
    verdict_submit,
)
from tests.factories import UserFactory
from tests.reviews.factories import allow_taking, evidence

S = Claim.Status
ALL_STATES = list(S.values)

ALLOWED = [
    (action, source, transition.target)
    for action, transition in CLAIM_TRANSITIONS.items()
    for source in sorted(transition.sources)
]
REFUSED_STATES = [
    (action, source)
    for action, transition in CLAIM_TRANSITIONS.items()
    for source in ALL_STATES
    if source not in transition.sources
]
ROLES = ["fact-checker", "editor", "admin", "integration", None]
REFUSED_ROLES = [
    (action, role)
    for action, transition in CLAIM_TRANSITIONS.items()
    for role in ROLES
    if role is None or role not in transition.roles
]


def perform(action: str, claim: Claim, actor, *, checker):
    """Make `action` with valid input."""
    if action == ReviewAction.ASSIGN:
        return claim_assign(claim_id=claim.pk, assignee=checker, actor=actor)
    if action == ReviewAction.TAKE:
        return claim_take(claim_id=claim.pk, actor=actor)
    if action == ReviewAction.START:
        return review_start(claim_id=claim.pk, actor=actor)
    if action == ReviewAction.SUBMIT:
        return verdict_submit(
            claim_id=claim.pk,
            actor=actor,
            rating="mostly_false",
            rationale="Figures were revised.",
            evidence=evidence(),
        )
    if action == ReviewAction.APPROVE:
        return review_approve(claim_id=claim.pk, actor=actor)
    if action == ReviewAction.REQUEST_CHANGES:
        return review_request_changes(claim_id=claim.pk, actor=actor, comment="Why?")
    if action == ReviewAction.PUBLISH:
        return claim_publish(claim_id=claim.pk, actor=actor)
    if action == ReviewAction.RETRACT:
        return claim_retract(claim_id=claim.pk, actor=actor, reason="Wrong figure.")
    if action == ReviewAction.DISMISS:
        return claim_dismiss(claim_id=claim.pk, actor=actor, reason="An opinion.")
    raise AssertionError(action)


def allowed_actor(action: str, desk):
    """Someone whose role the table allows and who meets the services' rules."""
    roles = CLAIM_TRANSITIONS[action].roles
    return desk.checker if "fact-checker" in roles else desk.other_editor


def snapshot(claim: Claim) -> tuple:
    return (
        Claim.objects.get(pk=claim.pk).status,
        AuditEvent.objects.count(),
        Assignment.objects.count(),
        Verdict.objects.count(),
        list(Verdict.objects.values_list("status", flat=True)),
    )


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED)
@pytest.mark.django_db
def test_allowed_transition(desk, action, source, target):
    allow_taking()
    claim = desk.claim_in(source)
    events_before = AuditEvent.objects.filter(claim=claim).count()
    perform(action, claim, allowed_actor(action, desk), checker=desk.checker)
    assert Claim.objects.get(pk=claim.pk).status == target
    event = AuditEvent.objects.filter(claim=claim).latest("id")
    assert AuditEvent.objects.filter(claim=claim).count() == events_before + 1
    assert (event.from_state, event.to_state) == (source, target)
    assert event.actor == allowed_actor(action, desk)


@pytest.mark.parametrize(("action", "source"), REFUSED_STATES)
@pytest.mark.django_db
def test_transition_refused_from_this_state_changes_nothing(desk, action, source):
    allow_taking()
    claim = desk.claim_in(source)
    before = snapshot(claim)
    with pytest.raises(TransitionNotAllowed):
        perform(action, claim, allowed_actor(action, desk), checker=desk.checker)
    assert snapshot(claim) == before


@pytest.mark.parametrize(("action", "role"), REFUSED_ROLES)
@pytest.mark.django_db
def test_transition_refused_to_this_role_changes_nothing(desk, action, role):
    allow_taking()
    source = sorted(CLAIM_TRANSITIONS[action].sources)[0]
    claim = desk.claim_in(source)
    if role == "fact-checker":
        actor = desk.checker  # the assignee: refused for the role, not for a rule
    else:
        actor = UserFactory(username=f"someone-{role}", role=role)
    before = snapshot(claim)
    with pytest.raises(ActionForbidden):
        perform(action, claim, actor, checker=desk.checker)
    assert snapshot(claim) == before


def test_every_state_is_reachable_and_every_transition_names_its_roles():
    targets = {transition.target for transition in CLAIM_TRANSITIONS.values()}
    assert targets | {S.NEW} == set(ALL_STATES)
    assert all(transition.roles for transition in CLAIM_TRANSITIONS.values())


@pytest.mark.django_db
def test_refusals_name_the_action_and_the_state(desk):
    claim = desk.claim_in(S.IN_REVIEW)
    with pytest.raises(ActionForbidden, match="not allow you to dismiss claims"):
        claim_dismiss(claim_id=claim.pk, actor=desk.checker, reason="x")
    with pytest.raises(
        TransitionNotAllowed,
        match=r"Cannot dismiss a claim that is 'in_review' \(allowed from: assigned, new\)",
    ):
        claim_dismiss(claim_id=claim.pk, actor=desk.editor, reason="x")
