"""The admin as the fact-checkers' desk: each role's start page, the claims list's filters,
the claim and contradiction pages, stories (merge, split, move an article), role visibility
and escaping."""

import datetime

import pytest
from django.utils import timezone

from factcheck.models import Article, AuditEvent, Claim, ContradictionFlag, Story
from reviews.services.flags import flag_dismiss
from tests.admin.conftest import logged_in, messages_of
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.reviews.factories import claim_with_article, flag_between

S = Claim.Status
CLAIMS = "/admin/factcheck/claim/"
FLAGS = "/admin/factcheck/contradictionflag/"
STORIES = "/admin/factcheck/story/"
ARTICLES = "/admin/factcheck/article/"
SCRIPT = "<script>alert(1)</script>"
_numbers = iter(range(10, 100_000))


def _figure(number: str, place: str = "derna") -> dict:
    return {
        "figures": [
            {
                "text": number,
                "value": float(number.replace(",", "")),
                "lo": 0,
                "hi": None,
                "subject": "people",
                "event": "killed",
                "place": place,
                "source": "ministry",
                "source_label": "the ministry",
                "period_label": "since Sunday",
            }
        ],
        "sources": ["ministry"],
    }


# --- Start pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_fact_checkers_start_page_is_their_queue_overdue_first_with_their_flags(desk):
    later = desk.claim_in(S.ASSIGNED, due_at=timezone.now() + datetime.timedelta(days=3))
    overdue = desk.claim_in(
        S.ASSIGNED,
        claim=claim_with_article("Police said 3 were held."),
        due_at=timezone.now() + datetime.timedelta(days=1),
    )
    Claim.objects.filter(pk=overdue.pk)  # made overdue below, as time passes
    from reviews.models import Assignment

    Assignment.objects.filter(claim=overdue).update(
        due_at=timezone.now() - datetime.timedelta(hours=2)
    )
    flag = flag_between(later, claim_with_article("The ministry said 9 died."))
    page = logged_in(desk.checker).get("/admin/")
    assert page.status_code == 200
    queue = page.context["desk"]["queue"]
    assert [row["claim"].pk for row in queue] == [overdue.pk, later.pk]
    assert queue[0]["overdue"]
    assert not queue[1]["overdue"]
    assert [f.pk for f, _claim in page.context["desk"]["my_flags"]] == [flag.pk]
    html = page.content.decode()
    assert 'id="desk-queue"' in html
    assert "overdue" in html
    assert 'id="desk-awaiting-approval"' not in html  # the editor's desk is not theirs


@pytest.mark.django_db
def test_editors_start_page(desk, editor):
    flagged = claim_with_article("Police said 3 were held.")
    flag_between(flagged, claim_with_article("Police said 8 were held."))
    waiting = desk.claim_in(S.SUBMITTED)
    late = desk.claim_in(S.ASSIGNED, claim=claim_with_article("Police said 40 fled."))
    from reviews.models import Assignment

    Assignment.objects.filter(claim=late).update(due_at=timezone.now() - datetime.timedelta(days=1))
    page = logged_in(editor).get("/admin/")
    assert page.status_code == 200
    board = page.context["desk"]
    assert flagged.pk in [claim.pk for claim in board["unassigned_flagged"]]
    assert [verdict.claim_id for verdict in board["awaiting_approval"]] == [waiting.pk]
    assert [assignment.claim_id for assignment in board["overdue"]] == [late.pk]
    counts = {value: count for value, _label, count in board["counts"]}
    assert counts["submitted"] == 1
    assert counts["assigned"] == 1
    assert counts["new"] == 2
    html = page.content.decode()
    for section in ("desk-counts", "desk-unassigned-flagged", "desk-awaiting-approval"):
        assert f'id="{section}"' in html
    assert 'id="desk-queue"' not in html


@pytest.mark.django_db
def test_start_pages_run_a_fixed_number_of_queries(desk, editor, django_assert_max_num_queries):
    def grow(count):
        for _ in range(count):
            claim = claim_with_article(f"Officials said {next(_numbers)} people fled.")
            flag_between(claim, claim_with_article(f"Officials said {next(_numbers)} fled."))
            desk.claim_in(S.SUBMITTED, claim=claim)

    grow(2)
    editor_client, checker_client = logged_in(editor), logged_in(desk.checker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(client):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    before = (queries(editor_client), queries(checker_client))
    grow(6)
    assert (queries(editor_client), queries(checker_client)) == before


@pytest.mark.django_db
def test_anonymous_visitors_and_integrations_are_refused_the_admin(integration_key):
    from django.test import Client

    assert integration_key.client.user.is_staff is False
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client = Client()
    client.force_login(integration_key.client.user)
    assert client.get("/admin/").status_code == 302
    assert client.get(CLAIMS).status_code == 302


# --- Claims list and page --------------------------------------------------------------------


@pytest.mark.django_db
def test_claims_list_filters(desk, editor):
    quake = Story.objects.create(title="Quake")
    in_quake = ClaimFactory(
        article=ArticleFactory(story=quake), story=quake, text="In the quake story."
    )
    mine = desk.claim_in(S.ASSIGNED)
    flagged = claim_with_article("Police said 3 were held.")
    flag_between(flagged, claim_with_article("Police said 8 were held."))
    client = logged_in(editor)

    def listed(query):
        page = client.get(f"{CLAIMS}?{query}")
        assert page.status_code == 200, query
        return {claim.pk for claim in page.context["cl"].result_list}

    assert listed(f"story={quake.pk}") == {in_quake.pk}
    assert listed(f"assignee={desk.checker.pk}") == {mine.pk}
    assert mine.pk not in listed("assignee=none")
    assert listed("status__exact=assigned") == {mine.pk}
    assert flagged.pk in listed("open_flags=yes")
    assert flagged.pk not in listed("open_flags=no")
    publisher = in_quake.article.publisher
    assert listed(f"article__publisher__id__exact={publisher.pk}") == {in_quake.pk}
    assert listed("q=quake+story") == {in_quake.pk}
    assert listed("story=nonsense") == set()


@pytest.mark.django_db
def test_claim_page_shows_context_facts_flags_verdicts_history_and_claimreview(desk, other_editor):
    claim = desk.claim_in(S.APPROVED)
    Claim.objects.filter(pk=claim.pk).update(facts=_figure("1,200"))
    flag = flag_between(claim, claim_with_article("The ministry said 2,800 people died."))
    page = logged_in(other_editor).get(f"{CLAIMS}{claim.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>The ministry said 1,200 people died in the floods.</mark>" in html
    for fact in ("1,200", "people killed", "the ministry", "since Sunday", "derna"):
        assert fact in html
    assert f"{FLAGS}{flag.pk}/change/" in html
    assert "Verdict versions" in html
    assert "claim.assigned" in html  # the history
    assert "ClaimReview" in html
    assert "preview of version 1" in html
    assert f"{CLAIMS}{claim.pk}/review/publish/" in html


@pytest.mark.django_db
def test_claims_list_runs_a_fixed_number_of_queries_as_rows_grow(desk, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(count):
        for _ in range(count):
            claim = claim_with_article(f"Officials said {next(_numbers)} people fled.")
            flag_between(claim, claim_with_article(f"Officials said {next(_numbers)} fled."))
            desk.claim_in(S.ASSIGNED, claim=claim)

    def queries(path):
        client = logged_in(editor)
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    paths = [
        CLAIMS,
        f"{CLAIMS}?open_flags=yes",
        FLAGS,
        ARTICLES,
        STORIES,
        "/admin/reviews/assignment/",
        "/admin/factcheck/auditevent/",
    ]
    grow(2)
    before = [queries(path) for path in paths]
    grow(8)
    assert [queries(path) for path in paths] == before


# --- Contradiction review ------------------------------------------------------------------


@pytest.mark.django_db
def test_contradiction_page_aligns_both_claims_and_offers_confirm_and_dismiss(fact_checker):
    a = claim_with_article("The ministry said 1,200 people died in the floods.")
    b = claim_with_article("The ministry said 2,800 people died in the floods.")
    Claim.objects.filter(pk=a.pk).update(facts=_figure("1,200"))
    Claim.objects.filter(pk=b.pk).update(facts=_figure("2,800", place="benghazi"))
    flag = flag_between(a, b)
    page = logged_in(fact_checker).get(f"{FLAGS}{flag.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="side-by-side"' in html
    assert '<tr class="fact-row differs"><th>Figure</th><td>1,200</td><td>2,800</td></tr>' in html
    assert (
        '<tr class="fact-row"><th>Source</th><td>the ministry</td><td>the ministry</td></tr>'
        in (html)
    )
    assert '<tr class="fact-row differs"><th>Place</th><td>derna</td><td>benghazi</td></tr>' in html
    assert "ministry: 1,200 killed vs 2,800 killed" in html
    assert f"{FLAGS}{flag.pk}/review/confirm/" in html
    assert f"{FLAGS}{flag.pk}/review/dismiss/" in html


@pytest.mark.django_db
def test_a_decided_flag_offers_no_decision_and_refuses_one(editor):
    flag = flag_between(claim_with_article(), claim_with_article("The ministry said 9 died."))
    flag_dismiss(flag_id=flag.pk, actor=editor, reason="Different towns.")
    client = logged_in(editor)
    html = client.get(f"{FLAGS}{flag.pk}/change/").content.decode()
    assert "/review/confirm/" not in html
    response = client.post(
        f"{FLAGS}{flag.pk}/review/confirm/", {"reason": "x", "apply": "1"}, follow=True
    )
    assert any("Cannot confirm" in message for message in messages_of(response))
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "dismissed"


# --- Stories -------------------------------------------------------------------------------


@pytest.fixture
def two_stories(db):
    quake, aftershock = Story.objects.create(title="Quake"), Story.objects.create(title="After")
    first = ArticleFactory(story=quake, title="Quake report")
    second = ArticleFactory(story=quake, title="Second quake report")
    third = ArticleFactory(story=aftershock, title="Aftershock report")
    return quake, aftershock, first, second, third


@pytest.mark.django_db
def test_editor_merges_stories_from_the_list(editor, two_stories):
    quake, aftershock, _first, _second, third = two_stories
    client = logged_in(editor)
    ids = [str(quake.pk), str(aftershock.pk)]
    page = client.post(STORIES, {"action": "merge", "_selected_action": ids})
    assert page.status_code == 200
    assert 'name="target"' in page.content.decode()
    response = client.post(
        STORIES,
        {"action": "merge", "_selected_action": ids, "apply": "1", "target": str(quake.pk)},
        follow=True,
    )
    assert any("merged into 'Quake'" in message for message in messages_of(response))
    assert not Story.objects.filter(pk=aftershock.pk).exists()
    assert Article.objects.get(pk=third.pk).story == quake
    assert AuditEvent.objects.filter(action="story.merged", actor=editor).exists()


@pytest.mark.django_db
def test_editor_splits_a_story_from_its_page(editor, two_stories):
    quake, _aftershock, first, second, _third = two_stories
    client = logged_in(editor)
    assert (
        f"{STORIES}{quake.pk}/split/" in client.get(f"{STORIES}{quake.pk}/change/").content.decode()
    )
    page = client.get(f"{STORIES}{quake.pk}/split/")
    assert page.status_code == 200
    assert f'value="{second.pk}"' in page.content.decode()
    # Moving every article is refused: the story would be empty.
    refused = client.post(
        f"{STORIES}{quake.pk}/split/", {"articles": [str(first.pk), str(second.pk)]}
    )
    assert "at least one article" in refused.content.decode()
    response = client.post(
        f"{STORIES}{quake.pk}/split/",
        {"articles": [str(second.pk)], "title": "Rescue"},
        follow=True,
    )
    new_story = Story.objects.get(title="Rescue")
    assert Article.objects.get(pk=second.pk).story == new_story
    assert any("moved to the new story 'Rescue'" in m for m in messages_of(response))


@pytest.mark.django_db
def test_editor_moves_an_article_to_another_story(editor, two_stories):
    _quake, aftershock, first, _second, _third = two_stories
    client = logged_in(editor)
    data = {"action": "move_to_story", "_selected_action": [str(first.pk)]}
    assert 'name="story"' in client.post(ARTICLES, data).content.decode()
    bad = client.post(ARTICLES, {**data, "apply": "1", "story": "999999"})
    assert "There is no story 999999." in bad.content.decode()
    response = client.post(
        ARTICLES, {**data, "apply": "1", "story": str(aftershock.pk)}, follow=True
    )
    assert any("moved to story" in message for message in messages_of(response))
    article = Article.objects.get(pk=first.pk)
    assert article.story == aftershock
    assert article.story_pinned


@pytest.mark.django_db
def test_fact_checkers_see_stories_but_cannot_merge_split_or_move(fact_checker, two_stories):
    quake, aftershock, first, _second, _third = two_stories
    client = logged_in(fact_checker)
    assert client.get(STORIES).status_code == 200
    page = client.get(f"{STORIES}{quake.pk}/change/")
    assert page.status_code == 200
    assert "/split/" not in page.content.decode()
    assert client.get(f"{STORIES}{quake.pk}/split/").status_code == 403
    assert 'value="merge"' not in client.get(STORIES).content.decode()
    assert 'value="move_to_story"' not in client.get(ARTICLES).content.decode()
    client.post(
        ARTICLES,
        {
            "action": "move_to_story",
            "_selected_action": [str(first.pk)],
            "apply": "1",
            "story": str(aftershock.pk),
        },
    )
    assert Article.objects.get(pk=first.pk).story == quake


# --- Roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/factcheck/apiclient/",
        "/admin/factcheck/apitoken/",
        "/admin/reviews/reviewsettings/1/change/",
    ],
)
@pytest.mark.django_db
def test_fact_checkers_cannot_reach_users_groups_settings_or_api_clients(fact_checker, path):
    assert logged_in(fact_checker).get(path).status_code in (403, 404)


@pytest.mark.django_db
def test_fact_checkers_start_page_lists_no_users_groups_settings_or_api_clients(fact_checker):
    html = logged_in(fact_checker).get("/admin/").content.decode()
    for hidden in (
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/factcheck/apiclient/",
        "/admin/reviews/reviewsettings/",
    ):
        assert hidden not in html
    assert "/admin/factcheck/claim/" in html


@pytest.mark.django_db
def test_a_fact_checker_is_refused_editor_actions_on_every_page(desk):
    submitted = desk.claim_in(S.SUBMITTED)
    client = logged_in(desk.checker)
    for action in ("approve", "publish", "assign", "dismiss"):
        response = client.post(
            f"{CLAIMS}{submitted.pk}/review/{action}/",
            {"apply": "1", "reason": "x", "comment": "x", "assignee": str(desk.checker.pk)},
            follow=True,
        )
        assert response.status_code == 200
        assert messages_of(response), action
    assert Claim.objects.get(pk=submitted.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_the_verdicts_author_never_sees_approve(desk, editor):
    both = UserFactory(username="editor-and-checker", role="fact-checker")
    from django.contrib.auth.models import Group

    both.groups.add(Group.objects.get(name="editor"))
    desk.checker = both
    claim = desk.claim_in(S.SUBMITTED)
    html = logged_in(both).get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    assert "/review/approve/" not in html
    response = logged_in(both).post(
        f"{CLAIMS}{claim.pk}/review/approve/", {"apply": "1"}, follow=True
    )
    assert any("four-eyes" in message for message in messages_of(response))


# --- Escaping ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_claim_text_with_a_script_is_escaped_on_every_page(desk, editor, other_editor):
    body = f"{SCRIPT} said 5 people died. More."
    story = Story.objects.create(title=SCRIPT)
    article = ArticleFactory(body=body, title=SCRIPT, story=story)
    text = f"{SCRIPT} said 5 people died."
    claim = ClaimFactory(
        article=article,
        story=story,
        text=text,
        start=0,
        end=len(text),
        facts=_figure("5", place=SCRIPT),
    )
    other = ClaimFactory(article=ArticleFactory(story=story), story=story, text=f"{SCRIPT} 9.")
    flag = flag_between(claim, other, explanation=SCRIPT)
    desk.claim_in(S.SUBMITTED, claim=claim)
    pages = {
        editor: [
            "/admin/",
            CLAIMS,
            f"{CLAIMS}{claim.pk}/change/",
            f"{CLAIMS}?q=script",
            f"{CLAIMS}{claim.pk}/review/approve/",
            FLAGS,
            f"{FLAGS}{flag.pk}/change/",
            f"{FLAGS}{flag.pk}/review/confirm/",
            ARTICLES,
            f"{ARTICLES}{article.pk}/change/",
            STORIES,
            f"{STORIES}{story.pk}/change/",
            f"{STORIES}{story.pk}/split/",
            "/admin/reviews/assignment/",
            "/admin/reviews/verdict/",
            "/admin/factcheck/auditevent/",
        ],
        desk.checker: ["/admin/", f"{CLAIMS}?review=mine", f"{CLAIMS}{claim.pk}/change/"],
    }
    for user, paths in pages.items():
        client = logged_in(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert SCRIPT not in response.content.decode(), path
    editor_page = logged_in(other_editor).get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in editor_page
