import pytest

from factcheck.models import Article
from tests.conftest import logged_in
from tests.factories import (
    ArticleFactory,
    AuditEventFactory,
    ClaimFactory,
    ContradictionFlagFactory,
    FlagClaimFactory,
)


@pytest.fixture
def flagged_pair(db):
    first = ArticleFactory(body="Intro. The ministry said 1,200 people died. End.")
    second = ArticleFactory(body="The ministry said 2,800 people died.")
    claim_a = ClaimFactory(
        article=first, text="The ministry said 1,200 people died.", start=7, end=43
    )
    claim_b = ClaimFactory(
        article=second, text="The ministry said 2,800 people died.", start=0, end=36
    )
    return ContradictionFlagFactory(
        claim_a=claim_a,
        claim_b=claim_b,
        kind="revision",
        score=0.8,
        explanation="ministry: 1,200 killed vs 2,800 killed",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/factcheck/article/",
        "/admin/factcheck/claim/",
        "/admin/factcheck/contradictionflag/",
        "/admin/factcheck/publisher/",
        "/admin/factcheck/auditevent/",
        "/admin/reviews/assignment/",
        "/admin/reviews/verdict/",
        "/admin/factcheck/article/?status__exact=checked",
        "/admin/factcheck/claim/?q=ministry",
    ],
)
@pytest.mark.django_db
def test_editor_can_open_every_list(editor, flagged_pair, path):
    assert logged_in(editor).get(path).status_code == 200


@pytest.mark.django_db
def test_article_page_shows_its_claims(editor, flagged_pair):
    article = flagged_pair.claim_a.article
    page = logged_in(editor).get(f"/admin/factcheck/article/{article.pk}/change/")
    assert page.status_code == 200
    assert "The ministry said 1,200 people died." in page.content.decode()


@pytest.mark.django_db
def test_flag_page_shows_both_claims_in_their_articles(fact_checker, flagged_pair):
    page = logged_in(fact_checker).get(
        f"/admin/factcheck/contradictionflag/{flagged_pair.pk}/change/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>The ministry said 1,200 people died.</mark>" in html
    assert "<mark>The ministry said 2,800 people died.</mark>" in html
    for claim in (flagged_pair.claim_a, flagged_pair.claim_b):
        assert f"/admin/factcheck/article/{claim.article_id}/change/" in html


@pytest.fixture
def repeat_of_side_b(flagged_pair):
    third = ArticleFactory(body="Update: the ministry said 2,800 people died.")
    repeat = ClaimFactory(
        article=third, text="the ministry said 2,800 people died.", start=8, end=44
    )
    FlagClaimFactory(flag=flagged_pair, claim=repeat, side="b")
    return repeat


@pytest.mark.django_db
def test_flag_page_lists_every_claim_of_each_side(fact_checker, flagged_pair, repeat_of_side_b):
    for path in (
        f"/admin/factcheck/contradictionflag/{flagged_pair.pk}/change/",
        f"/admin/factcheck/claim/{repeat_of_side_b.pk}/change/",
    ):
        page = logged_in(fact_checker).get(path)
        assert page.status_code == 200
        html = page.content.decode()
        if "contradictionflag" in path:
            assert "Side A: 1 claim(s)" in html
            assert "Side B: 2 claim(s)" in html
            assert f"/admin/factcheck/claim/{repeat_of_side_b.pk}/change/" in html
            assert f"/admin/factcheck/article/{repeat_of_side_b.article_id}/change/" in html
        else:  # the repeat's own page lists the flag it supports
            assert f"/admin/factcheck/contradictionflag/{flagged_pair.pk}/change/" in html
            assert "repeats the figure of a side" in html


@pytest.mark.django_db
def test_claim_text_is_shown_escaped(editor):
    article = ArticleFactory(body="<script>alert(1)</script> said 5 people died.")
    claim = ClaimFactory(article=article, text=article.body, start=0, end=len(article.body))
    page = logged_in(editor).get(f"/admin/factcheck/claim/{claim.pk}/change/")
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_fact_checker_cannot_add_articles_or_reach_users(fact_checker):
    client = logged_in(fact_checker)
    assert client.get("/admin/factcheck/article/add/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/factcheck/apiclient/").status_code == 403


@pytest.mark.django_db
def test_nobody_edits_or_deletes_the_audit_trail(admin_user, flagged_pair):
    from factcheck.models import AuditEvent

    event = AuditEventFactory(claim=flagged_pair.claim_a)
    client = logged_in(admin_user)
    assert (
        client.post(f"/admin/factcheck/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_editor_adds_an_article_through_the_service(editor, django_capture_on_commit_callbacks):
    client = logged_in(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/factcheck/article/add/",
            {
                "title": "Typed in",
                "url": "",
                "body": "Police said 14 people were arrested.",
                "published_at_0": "",
                "published_at_1": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.submitted_by == editor
    assert article.status == Article.Status.CHECKED
    assert article.events.filter(action="article.received", actor=editor).exists()
