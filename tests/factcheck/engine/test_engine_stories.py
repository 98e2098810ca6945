"""Story grouping alone (no database): content words, their weights, and which story an
article joins given the stories seen so far."""

import datetime as dt
import itertools
import random
from collections import Counter

import pytest

from factcheck.engine import stories
from factcheck.engine.stories import StoryProfile, TermStatistics, story_match, story_terms
from tests.factcheck.engine.story_reports import REPORTS

DAY = dt.date(2031, 4, 8)


class OnlineGrouping:
    """The stored state of the service, in memory: document frequencies and each story's
    summed term frequencies, norm and span of days."""

    def __init__(self):
        self.document_counts: Counter[str] = Counter()
        self.documents = 0
        self.stories: list[dict] = []

    def statistics(self, terms) -> TermStatistics:
        return TermStatistics(self.documents, {t: self.document_counts[t] for t in terms})

    def file(self, text: str, day: dt.date | None) -> int:
        terms = story_terms(text)
        statistics = self.statistics(terms)
        profiles = [
            StoryProfile(
                id=index,
                first_day=story["first"],
                last_day=story["last"],
                norm=story["norm"],
                term_frequencies={t: story["centroid"][t] for t in terms if t in story["centroid"]},
            )
            for index, story in enumerate(self.stories)
        ]
        match = story_match(terms, day, profiles, statistics)
        if match is None:
            self.stories.append({"centroid": Counter(), "norm": 0.0, "first": day, "last": day})
            index = len(self.stories) - 1
        else:
            index = match.story_id
        story = self.stories[index]
        story["norm"] = stories.norm_after_adding(
            story["norm"], profiles[index].term_frequencies if match else {}, terms, statistics
        )
        story["centroid"].update(terms)
        if day is not None:
            story["first"] = min(filter(None, [story["first"], day]))
            story["last"] = max(filter(None, [story["last"], day]))
        self.documents += 1
        self.document_counts.update(terms.keys())
        return index


def partition(labels: list) -> set[frozenset[int]]:
    groups: dict = {}
    for position, label in enumerate(labels):
        groups.setdefault(label, set()).add(position)
    return {frozenset(group) for group in groups.values()}


def group(reports, *, dated=True) -> set[frozenset[int]]:
    grouping = OnlineGrouping()
    return partition(
        [
            grouping.file(text, DAY + dt.timedelta(days=offset) if dated else None)
            for _, offset, text in reports
        ]
    )


def events(reports) -> set[frozenset[int]]:
    return partition([event for event, _, _ in reports])


def test_content_words_leave_out_function_words_numbers_and_calendar_words():
    terms = story_terms("On Monday the police said 40 people were killed in the town's floods.")
    assert set(terms) == {"police", "people", "killed", "town", "floods"}


def test_a_word_written_as_a_name_weighs_more_and_repeats_weigh_less_than_double():
    terms = story_terms("Rain fell on Kelvara. Rain fell again, and rain fell on the hills.")
    assert terms["kelvara"] == pytest.approx(stories.NAME_BOOST)
    assert 1 < terms["rain"] < 3  # three times, sublinear; "Rain" opening a sentence is no name
    assert terms["hills"] == 1


def test_common_english_words_weigh_little_before_any_article_is_stored():
    nothing_seen = TermStatistics()
    assert nothing_seen.idf("police") < nothing_seen.idf("landslide") < nothing_seen.idf("kelvara")


def test_a_word_many_stored_articles_contain_weighs_less():
    rare = TermStatistics(documents=100, document_counts={"kelvara": 1})
    common = TermStatistics(documents=100, document_counts={"kelvara": 60})
    assert common.idf("kelvara") < rare.idf("kelvara")


def test_no_words_means_a_new_story():
    story = StoryProfile(1, DAY, DAY, norm=1.0, term_frequencies={})
    assert story_match({}, DAY, [story], TermStatistics()) is None


def test_a_story_outside_the_window_of_days_is_not_joined_even_with_the_same_words():
    text = "Floodwater from the Kelvara dam swept through the Tamsin valley."
    terms = story_terms(text)
    statistics = TermStatistics()
    old = StoryProfile(
        1,
        DAY,
        DAY,
        norm=stories.vector_norm(terms, statistics),
        term_frequencies=terms,
    )
    late = DAY + dt.timedelta(days=stories.WINDOW_DAYS + 1)
    assert story_match(terms, DAY, [old], statistics).story_id == 1
    assert story_match(terms, late, [old], statistics) is None
    assert story_match(terms, None, [old], statistics).story_id == 1  # date unknown


def test_reports_of_four_disasters_in_one_country_are_grouped_by_event():
    assert group(REPORTS) == events(REPORTS)


def test_without_dates_reports_are_still_grouped_by_event():
    assert group(REPORTS, dated=False) == events(REPORTS)


@pytest.mark.parametrize("seed", range(6))
def test_grouping_does_not_depend_on_the_order_reports_arrive_in(seed):
    shuffled = REPORTS[:]
    random.Random(seed).shuffle(shuffled)
    assert group(shuffled) == events(shuffled)


def test_the_first_report_of_each_event_opens_a_story_of_its_own():
    firsts = [
        next(r)
        for _, r in itertools.groupby(sorted(REPORTS, key=lambda r: r[0]), key=lambda r: r[0])
    ]
    assert len(group(firsts)) == len(firsts)
