import pytest

from factcheck.audit import AuditAction, audit_event_record
from factcheck.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_action_is_stored_as_its_string():
    event = audit_event_record(action=AuditAction.STORY_MERGED, comment="two became one")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "story.merged"
    assert stored.details == {}


def test_a_string_that_is_no_action_is_refused_before_writing():
    with pytest.raises(ValueError, match=r"story\.mergd"):
        audit_event_record(action="story.mergd")

    assert not AuditEvent.objects.exists()
