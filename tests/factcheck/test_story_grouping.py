"""Story grouping through the service: articles of invented events filed as they arrive, the
stored term statistics, lone claims, and the centroids following editors' changes."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from factcheck import story_grouping
from factcheck.engine import stories
from factcheck.models import Article, Story, StoryTerm, TermDocumentCount
from factcheck.services.articles import article_extract_claims
from factcheck.services.claims import claim_create
from factcheck.services.processing import article_reprocess
from factcheck.services.stories import article_move_to_story, story_merge, story_split
from tests.engine.story_reports import REPORTS
from tests.factories import ArticleFactory

DAY = datetime.datetime(2031, 4, 8, 9, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def file_report(capture, text: str, day: datetime.datetime | None) -> Article:
    article = ArticleFactory(body=text, published_at=day, status=Article.Status.RECEIVED)
    with capture(execute=True):
        article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    return article


def file_reports(capture, *, dated: bool = True) -> list[tuple[str, Article]]:
    return [
        (
            event,
            file_report(capture, text, DAY + datetime.timedelta(days=offset) if dated else None),
        )
        for event, offset, text in REPORTS
    ]


def grouped(filed) -> tuple[set, set]:
    """(stories as sets of article ids, events as sets of article ids)"""
    by_story: dict = {}
    by_event: dict = {}
    for event, article in filed:
        by_story.setdefault(article.story_id, set()).add(article.pk)
        by_event.setdefault(event, set()).add(article.pk)
    return {frozenset(s) for s in by_story.values()}, {frozenset(e) for e in by_event.values()}


def exact_norm(story_id: int) -> float:
    centroid = dict(StoryTerm.objects.filter(story_id=story_id).values_list("term", "frequency"))
    return stories.centroid_norm(centroid, story_grouping.term_statistics_for(centroid))


def test_articles_of_four_events_in_one_country_are_filed_by_event(
    django_capture_on_commit_callbacks,
):
    by_story, by_event = grouped(file_reports(django_capture_on_commit_callbacks))
    assert by_story == by_event
    assert TermDocumentCount.objects.get(term="").documents == len(REPORTS)
    assert TermDocumentCount.objects.get(term="oskarby").documents == 3
    assert TermDocumentCount.objects.get(term="tamsin").documents == 1


def test_undated_articles_are_filed_by_event_and_leave_the_days_unknown(
    django_capture_on_commit_callbacks,
):
    by_story, by_event = grouped(file_reports(django_capture_on_commit_callbacks, dated=False))
    assert by_story == by_event
    assert not Story.objects.exclude(first_day=None).exists()
    assert not Story.objects.exclude(last_day=None).exists()


def test_an_undated_report_joins_its_event_however_long_ago_it_was(
    django_capture_on_commit_callbacks,
):
    flood = [text for event, _, text in REPORTS if event == "flood"]
    first = file_report(django_capture_on_commit_callbacks, flood[0], DAY)
    late = file_report(django_capture_on_commit_callbacks, flood[1], None)
    assert late.story_id == first.story_id
    story = Story.objects.get(pk=first.story_id)
    assert (story.first_day, story.last_day) == (DAY.date(), DAY.date())


def test_the_same_words_months_later_open_a_new_story(django_capture_on_commit_callbacks):
    flood = [text for event, _, text in REPORTS if event == "flood"]
    first = file_report(django_capture_on_commit_callbacks, flood[0], DAY)
    much_later = DAY + datetime.timedelta(days=stories.WINDOW_DAYS + 30)
    second = file_report(django_capture_on_commit_callbacks, flood[1], much_later)
    assert second.story_id != first.story_id


def test_a_lone_claim_joins_the_story_of_its_event_or_opens_one(
    django_capture_on_commit_callbacks,
):
    filed = file_reports(django_capture_on_commit_callbacks)
    mine_story = next(article.story_id for event, article in filed if event == "mine")
    joined = claim_create(text="Rescuers at the Oskarby pit said 16 miners have now died.").claim
    assert joined.story_id == mine_story
    unrelated = claim_create(
        text="A wildfire near Lake Varn destroyed 80 homes, firefighters said."
    ).claim
    assert unrelated.story_id not in {article.story_id for _, article in filed}
    # The claim's words joined its story, so that later reports of the fire find it.
    assert StoryTerm.objects.filter(story_id=unrelated.story_id, term="varn").exists()


def test_reprocessing_an_article_counts_its_words_once(django_capture_on_commit_callbacks):
    filed = file_reports(django_capture_on_commit_callbacks)
    _, article = filed[0]
    centroid_before = dict(
        StoryTerm.objects.filter(story_id=article.story_id).values_list("term", "frequency")
    )
    counts_before = dict(TermDocumentCount.objects.values_list("term", "documents"))
    with django_capture_on_commit_callbacks(execute=True):
        article_reprocess(article_id=article.pk)
    article.refresh_from_db()
    assert article.story_id == filed[0][1].story_id
    centroid_after = dict(
        StoryTerm.objects.filter(story_id=article.story_id).values_list("term", "frequency")
    )
    assert centroid_after.keys() == centroid_before.keys()
    for term, frequency in centroid_before.items():
        assert centroid_after[term] == pytest.approx(frequency)
    assert dict(TermDocumentCount.objects.values_list("term", "documents")) == counts_before


def test_moving_an_article_moves_its_words_between_the_centroids(
    django_capture_on_commit_callbacks,
):
    filed = file_reports(django_capture_on_commit_callbacks)
    flood = [article for event, article in filed if event == "flood"]
    crush_story = next(article.story_id for event, article in filed if event == "crush")
    source = flood[0].story_id
    article_move_to_story(article_id=flood[0].pk, story_id=crush_story)
    # "tamsin" is named by the first flood report only.
    assert not StoryTerm.objects.filter(story_id=source, term="tamsin").exists()
    assert StoryTerm.objects.filter(story_id=crush_story, term="tamsin").exists()
    for story_id in (source, crush_story):
        squared = Story.objects.get(pk=story_id).term_norm_squared
        assert squared == pytest.approx(exact_norm(story_id) ** 2)


def test_merging_and_splitting_keep_the_centroids(django_capture_on_commit_callbacks):
    filed = file_reports(django_capture_on_commit_callbacks)
    mine = [article for event, article in filed if event == "mine"]
    ferry = [article for event, article in filed if event == "ferry"]
    merged = story_merge(source_id=ferry[0].story_id, target_id=mine[0].story_id)
    assert not StoryTerm.objects.filter(story_id=ferry[0].story_id).exists()
    assert StoryTerm.objects.filter(story_id=merged.story.pk, term="solace").exists()
    split = story_split(story_id=merged.story.pk, article_ids=[article.pk for article in ferry])
    assert StoryTerm.objects.filter(story_id=split.story.pk, term="solace").exists()
    assert not StoryTerm.objects.filter(story_id=merged.story.pk, term="solace").exists()
    for story_id in (merged.story.pk, split.story.pk):
        squared = Story.objects.get(pk=story_id).term_norm_squared
        assert squared == pytest.approx(exact_norm(story_id) ** 2)


def test_filing_an_article_takes_as_many_queries_with_many_stories_as_with_few(
    django_capture_on_commit_callbacks,
):
    def queries_to_file(text: str) -> int:
        article = ArticleFactory(body=text, published_at=DAY, status=Article.Status.RECEIVED)
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            story_grouping.story_file_article(article=article)
        return len(captured)

    flood = [text for event, _, text in REPORTS if event == "flood"]
    file_report(django_capture_on_commit_callbacks, flood[0], DAY)
    few = queries_to_file(flood[1])
    for event, offset, text in REPORTS:
        if event != "flood":
            file_report(django_capture_on_commit_callbacks, text, DAY + datetime.timedelta(offset))
    assert Story.objects.count() == 4
    assert queries_to_file(flood[2]) == few


def test_a_story_filed_before_stories_kept_their_words_is_regrouped_and_removed_once_empty(
    django_capture_on_commit_callbacks,
):
    legacy = Story.objects.create(title="grouped by names", first_day=DAY.date())
    article = ArticleFactory(
        body=REPORTS[0][2], published_at=DAY, story=legacy, status=Article.Status.CHECKED
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_reprocess(article_id=article.pk)
    article.refresh_from_db()
    assert article.story_id != legacy.pk
    assert article.story_terms_added
    assert not Story.objects.filter(pk=legacy.pk).exists()
    assert set(article.claims.values_list("story_id", flat=True)) <= {article.story_id}
