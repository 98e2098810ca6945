"""Merging and splitting stories: each article moves with the rules of article_move_to_story
(pinned, claims follow, open flags across stories withdrawn, claims compared again after
commit), and the change is audited."""

import datetime

import pytest

from factcheck.models import Article, AuditEvent, Claim, ClaimIndexKey, ContradictionFlag, Story
from factcheck.services import stories as story_services
from factcheck.services.stories import StoryChangeRefused, story_merge, story_split
from tests.factories import ArticleFactory, ClaimFactory


def _flag(claim_a, claim_b, **fields):
    first, second = sorted([claim_a, claim_b], key=lambda claim: claim.pk)
    return ContradictionFlag.objects.create(
        claim_a=first,
        claim_b=second,
        kind=fields.pop("kind", "cross_source"),
        score=0.6,
        explanation="40 vs 900",
        detector_version="t",
        **fields,
    )


@pytest.fixture
def stories(db):
    quake = Story.objects.create(
        title="Quake", first_day=datetime.date(2025, 3, 1), last_day=datetime.date(2025, 3, 2)
    )
    aftershock = Story.objects.create(
        title="Aftershock",
        first_day=datetime.date(2025, 3, 5),
        last_day=datetime.date(2025, 3, 6),
    )
    day = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    quake_article = ArticleFactory(
        story=quake, status="checked", document_keys=["place:hatay"], published_at=day
    )
    second_quake_article = ArticleFactory(story=quake, status="checked", published_at=day)
    after_article = ArticleFactory(
        story=aftershock,
        status="checked",
        document_keys=["place:antakya"],
        published_at=day + datetime.timedelta(days=5),
    )
    quake_claim = ClaimFactory(article=quake_article, story=quake, text="40 people died.")
    second_claim = ClaimFactory(article=second_quake_article, story=quake, text="41 died.")
    after_claim = ClaimFactory(article=after_article, story=aftershock, text="900 people died.")
    loose_claim = ClaimFactory(story=aftershock, text="A claim sent without an article.")
    ClaimIndexKey.objects.create(claim=after_claim, story=aftershock, key="m:killed")
    inside = _flag(quake_claim, second_claim)
    return {
        "quake": quake,
        "aftershock": aftershock,
        "quake_article": quake_article,
        "second_quake_article": second_quake_article,
        "after_article": after_article,
        "quake_claim": quake_claim,
        "second_claim": second_claim,
        "after_claim": after_claim,
        "loose_claim": loose_claim,
        "inside": inside,
    }


@pytest.mark.django_db
def test_merge_moves_every_article_and_claim_and_deletes_the_source(
    stories, editor, django_capture_on_commit_callbacks
):
    quake, aftershock = stories["quake"], stories["aftershock"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change = story_merge(source_id=aftershock.pk, target_id=quake.pk, actor=editor)
    assert callbacks, "the moved claims are compared again after commit"
    assert change.story == quake
    assert change.article_ids == [stories["after_article"].pk]
    assert not Story.objects.filter(pk=aftershock.pk).exists()
    article = Article.objects.get(pk=stories["after_article"].pk)
    assert article.story == quake
    assert article.story_pinned
    assert article.status == Article.Status.EXTRACTED  # checked again in its new story
    for key in ("after_claim", "loose_claim"):
        claim = Claim.objects.get(pk=stories[key].pk)
        assert claim.story == quake
        assert claim.detected_at is None
    assert set(
        ClaimIndexKey.objects.filter(claim=stories["after_claim"]).values_list("story", flat=True)
    ) == {quake.pk}
    assert set(quake.keys.values_list("key", flat=True)) >= {"place:antakya"}
    quake.refresh_from_db()
    assert (quake.first_day, quake.last_day) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 3, 6),
    )
    assert ContradictionFlag.objects.filter(pk=stories["inside"].pk).exists()
    event = AuditEvent.objects.get(action="story.merged")
    assert event.actor == editor
    assert (event.from_state, event.to_state) == (str(aftershock.pk), str(quake.pk))
    assert event.details["articles"] == [stories["after_article"].pk]
    moved = AuditEvent.objects.get(action="article.moved_to_story", article=article)
    assert moved.to_state == str(quake.pk)
    assert "merged into" in moved.comment


@pytest.mark.django_db
def test_merge_runs_detection_of_the_moved_claims_after_commit(
    stories, editor, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(story_services, "_claims_queue_detection", lambda ids: queued.extend(ids))
    with django_capture_on_commit_callbacks(execute=True):
        story_merge(source_id=stories["aftershock"].pk, target_id=stories["quake"].pk, actor=editor)
    assert sorted(queued) == sorted([stories["after_claim"].pk, stories["loose_claim"].pk])


@pytest.mark.django_db
def test_a_story_is_not_merged_into_itself(stories, editor):
    with pytest.raises(StoryChangeRefused):
        story_merge(source_id=stories["quake"].pk, target_id=stories["quake"].pk, actor=editor)
    with pytest.raises(Story.DoesNotExist):
        story_merge(source_id=stories["quake"].pk, target_id=999_999, actor=editor)
    assert not AuditEvent.objects.filter(action="story.merged").exists()


@pytest.mark.django_db
def test_split_moves_the_chosen_articles_to_a_new_story_and_withdraws_open_flags(
    stories, editor, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(story_services, "_claims_queue_detection", lambda ids: queued.extend(ids))
    quake = stories["quake"]
    decided = _flag(stories["quake_claim"], stories["second_claim"], kind="numeric")
    decided.status = ContradictionFlag.Status.DISMISSED
    decided.save()
    moved = stories["second_quake_article"]
    with django_capture_on_commit_callbacks(execute=True):
        change = story_split(story_id=quake.pk, article_ids=[moved.pk], actor=editor)
    new_story = change.story
    assert new_story.pk != quake.pk
    assert Article.objects.get(pk=moved.pk).story == new_story
    assert Article.objects.get(pk=stories["quake_article"].pk).story == quake
    assert Claim.objects.get(pk=stories["second_claim"].pk).story == new_story
    # The open flag now pairs claims of two stories: withdrawn. A decided one is kept.
    assert not ContradictionFlag.objects.filter(pk=stories["inside"].pk).exists()
    assert ContradictionFlag.objects.filter(pk=decided.pk).exists()
    assert queued == [stories["second_claim"].pk]
    event = AuditEvent.objects.get(action="story.split")
    assert (event.from_state, event.to_state) == (str(quake.pk), str(new_story.pk))
    assert event.actor == editor
    assert "1 open flag(s) across stories withdrawn" in (
        AuditEvent.objects.get(action="article.moved_to_story", article=moved).comment
    )


@pytest.mark.django_db
def test_split_refuses_foreign_articles_empty_choices_and_emptying_the_story(stories, editor):
    quake = stories["quake"]
    for article_ids in (
        [],
        [stories["after_article"].pk],
        [stories["quake_article"].pk, stories["second_quake_article"].pk],
        [999_999],
    ):
        with pytest.raises(StoryChangeRefused):
            story_split(story_id=quake.pk, article_ids=article_ids, actor=editor)
    assert Story.objects.count() == 2
    assert not AuditEvent.objects.exists()
