"""The review desk driven in a real browser: an editor assigns two claims in bulk, the
fact-checker submits a verdict, another editor approves and publishes it; a flag is confirmed
and another dismissed; the verdict's author is never offered the approve button."""

import datetime

import pytest
from django.utils import timezone

from factcheck.models import Claim, ContradictionFlag
from reviews.models import Assignment, Verdict
from tests.factories import UserFactory
from tests.reviews.workflow import claim_with_article, flag_between

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _messages(page) -> str:
    return page.inner_text("ul.messagelist") if page.query_selector("ul.messagelist") else ""


def _submit_action_page(page) -> None:
    page.click("#content-main form input[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def people(db):
    return {
        "editor": UserFactory(username="editor-ed", role="editor"),
        "other_editor": UserFactory(username="editor-eve", role="editor"),
        "checker": UserFactory(username="checker-cat", role="fact-checker"),
    }


def test_assign_verdict_approve_and_publish_in_the_browser(people, login, live_server, screenshot):
    first = claim_with_article("The ministry said 1,200 people died in the floods.")
    second = claim_with_article("Police said 300 people were evacuated from Derna.")
    flag_between(first, claim_with_article("The ministry said 2,800 people died."))
    base = live_server.url

    # The editor assigns both claims at once, with a due date.
    page = login(people["editor"])
    screenshot(page, "01-editor-desk")
    page.goto(f"{base}/admin/factcheck/claim/?status__exact=new")
    for claim in (first, second):
        page.check(f"input.action-select[value='{claim.pk}']")
    page.select_option("select[name=action]", "review_assign")
    page.click("button[name=index]")
    page.wait_for_selector("select[name=assignee]")
    page.select_option("select[name=assignee]", label="checker-cat")
    due = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    page.fill("input[name=due_at]", due)
    screenshot(page, "02-bulk-assign-form")
    _submit_action_page(page)
    assert "2 claim(s) assigned to checker-cat." in _messages(page)
    screenshot(page, "03-claims-list")
    assert set(
        Assignment.objects.filter(ended_at__isnull=True).values_list("claim_id", flat=True)
    ) == {first.pk, second.pk}

    # The fact-checker sees them in their queue, starts one and submits a verdict.
    page = login(people["checker"])
    queue = page.inner_text("#desk-queue")
    assert "The ministry said 1,200 people died" in queue
    assert "Police said 300 people" in queue
    screenshot(page, "04-checker-desk")
    page.goto(f"{base}/admin/factcheck/claim/{first.pk}/change/")
    screenshot(page, "05-claim-page")
    page.click(".object-tools a:has-text('Start the review')")
    _submit_action_page(page)
    assert "Review started." in _messages(page)
    page.click(".object-tools a:has-text('Submit a verdict')")
    page.select_option("select[name=rating]", "mostly_false")
    page.fill("textarea[name=rationale]", "The ministry revised the toll to 2,800.")
    page.fill("textarea[name=evidence]", "https://example.org/ministry-report | Table 2")
    screenshot(page, "06-verdict-form")
    _submit_action_page(page)
    assert "Verdict version 1 submitted for approval." in _messages(page)
    # The verdict's author is never offered the approve button.
    assert page.query_selector("a:has-text('Approve the verdict')") is None
    assert f"/admin/factcheck/claim/{first.pk}/review/approve/" not in page.content()

    # Another editor approves and publishes it.
    page = login(people["other_editor"])
    assert "The ministry said 1,200 people died" in page.inner_text("#desk-awaiting-approval")
    page.goto(f"{base}/admin/factcheck/claim/{first.pk}/change/")
    page.click(".object-tools a:has-text('Approve the verdict')")
    _submit_action_page(page)
    assert "Verdict approved." in _messages(page)
    page.click(".object-tools a:has-text('Publish')")
    _submit_action_page(page)
    assert "Published." in _messages(page)
    assert '"@type": "ClaimReview"' in page.inner_text("pre.claimreview")
    screenshot(page, "07-published-claim")
    assert Claim.objects.get(pk=first.pk).status == Claim.Status.PUBLISHED
    verdict = Verdict.objects.get(claim=first)
    assert (verdict.author, verdict.reviewed_by) == (people["checker"], people["other_editor"])


def test_confirm_one_flag_and_dismiss_another_in_the_browser(
    people, login, live_server, screenshot
):
    one = flag_between(
        claim_with_article("The ministry said 1,200 people died in the floods."),
        claim_with_article("The ministry said 2,800 people died in the floods."),
    )
    two = flag_between(
        claim_with_article("Police said 3 were held."),
        claim_with_article("Police said 8 were held."),
    )
    base = live_server.url
    page = login(people["editor"])
    page.goto(f"{base}/admin/factcheck/contradictionflag/{one.pk}/change/")
    side_by_side = page.inner_text("table.side-by-side")
    assert "1,200" in side_by_side
    assert "2,800" in side_by_side
    screenshot(page, "08-contradiction-review")
    page.click(".object-tools a:has-text('Confirm')")
    page.fill("textarea[name=reason]", "Same source, two tolls.")
    page.select_option("select[name=assignee]", label="checker-cat")
    _submit_action_page(page)
    assert "Flag confirmed. Review opened on 2 claim(s)." in _messages(page)

    page.goto(f"{base}/admin/factcheck/contradictionflag/{two.pk}/change/")
    page.click(".object-tools a:has-text('Dismiss')")
    page.fill("textarea[name=reason]", "Different towns.")
    _submit_action_page(page)
    assert "Flag dismissed." in _messages(page)
    screenshot(page, "09-flag-dismissed")
    assert dict(ContradictionFlag.objects.values_list("pk", "status")) == {
        one.pk: "confirmed",
        two.pk: "dismissed",
    }
    assert set(
        Claim.objects.filter(pk__in=[one.claim_a_id, one.claim_b_id]).values_list(
            "status", flat=True
        )
    ) == {"assigned"}
