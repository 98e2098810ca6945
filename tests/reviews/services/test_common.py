"""reviews/services/common.py: the helpers every review service shares."""

import pytest
from django.db import transaction

from reviews.models import Verdict
from reviews.services.common import _verdict_lock_latest
from reviews.services.errors import TransitionNotAllowed
from tests.factories import ClaimFactory, VerdictFactory

V = Verdict.Status


@pytest.mark.django_db
def test_the_latest_verdict_in_the_state_is_the_one_locked():
    claim = ClaimFactory()
    VerdictFactory(claim=claim, version=1, status=V.APPROVED)
    VerdictFactory(claim=claim, version=2, status=V.CHANGES_REQUESTED)
    latest = VerdictFactory(claim=claim, version=3, status=V.APPROVED)
    with transaction.atomic():
        found = _verdict_lock_latest(claim, status=V.APPROVED, refusal="None approved.")
    assert found == latest


@pytest.mark.django_db
def test_no_verdict_in_the_state_is_refused_with_the_callers_words():
    claim = ClaimFactory()
    VerdictFactory(claim=claim, version=1, status=V.SUBMITTED)
    with transaction.atomic(), pytest.raises(TransitionNotAllowed, match="Nothing to publish"):
        _verdict_lock_latest(claim, status=V.APPROVED, refusal="Nothing to publish.")


@pytest.mark.django_db
def test_naming_another_verdict_than_the_latest_is_refused():
    claim = ClaimFactory()
    older = VerdictFactory(claim=claim, version=1, status=V.SUBMITTED)
    latest = VerdictFactory(claim=claim, version=2, status=V.SUBMITTED)
    with transaction.atomic():
        assert (
            _verdict_lock_latest(claim, status=V.SUBMITTED, refusal="-", verdict_id=latest.pk)
            == latest
        )
        with pytest.raises(TransitionNotAllowed, match=r"not the one waiting for approval"):
            _verdict_lock_latest(claim, status=V.SUBMITTED, refusal="-", verdict_id=older.pk)
