"""A story's figures in a real browser: the story page draws one timeline per measure and a
table, both showing the figures the API returns; a point leads to its claim; the content
security policy is never broken."""

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from django.db.models import Count

from factcheck.ingestion import ingest_file
from factcheck.models import Story
from tests.factcheck.figures_data import (
    CRESCENT_EXACT,
    CRESCENT_RANGE,
    CRESCENT_WOUNDED,
    DAY_ONE,
    DAY_THREE,
    DAY_TWO,
    MINISTRY_AT_LEAST,
    reporter,
)
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _no_capture(execute: bool):
    # Outside a test transaction the on-commit callbacks run by themselves.
    return contextlib.nullcontext()


def dam_burst_story() -> Story:
    """Three sources over five days, one report undated: bounds, an interval, revisions."""
    story = StoryFactory(title="Dam burst")
    report = reporter(_no_capture, story)

    report(DAY_ONE, MINISTRY_AT_LEAST, "The Red Crescent said 650 people were killed.")
    report(DAY_TWO, CRESCENT_RANGE, CRESCENT_WOUNDED)
    report(DAY_THREE, CRESCENT_EXACT)
    report(
        dt.datetime(2026, 3, 6, 9, tzinfo=dt.UTC),
        "The interior ministry said 2,150 people were killed.",
        "The Red Crescent said 720 people were wounded.",
    )
    report(None, "Police said up to 3,000 people were killed.")
    return story


def test_story_figures_page_matches_the_api(live_server, login, screenshot):
    story = dam_burst_story()
    checker = UserFactory(username="checker-cat", role="fact-checker")
    page = login(checker)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/admin/factcheck/story/{story.pk}/change/")
    page.wait_for_selector("#story-figures svg.figure-timeline")
    screenshot(page, "story-figures-page")

    api = page.request.get(f"{live_server.url}/api/v1/stories/{story.pk}/figures/")
    assert api.ok
    measures = api.json()["measures"]
    assert [measure["label"] for measure in measures][:2] == ["people killed", "people wounded"]
    sections = page.query_selector_all("#story-figures details.story-measure")
    assert len(sections) == len(measures)
    for section, measure in zip(sections, measures, strict=True):
        figures = measure["figures"]
        marks = section.query_selector_all("svg.figure-timeline a.figure-mark")
        assert sorted(mark.get_attribute("href") for mark in marks) == sorted(
            f"/admin/factcheck/claim/{figure['claims'][0]['id']}/change/" for figure in figures
        )
        flagged = {
            mark.get_attribute("href")
            for mark in marks
            if mark.get_attribute("data-conflicting") == "1"
        }
        assert flagged == {
            f"/admin/factcheck/claim/{figure['claims'][0]['id']}/change/"
            for figure in figures
            if figure["conflicting"]
        }
        texts = [cell.inner_text() for cell in section.query_selector_all("td.figure-text")]
        assert texts == [figure["text"] for figure in figures]
    killed = {figure["text"]: figure for figure in measures[0]["figures"]}
    assert killed["at least 1,300"]["conflicting"]
    assert killed["up to 3,000"]["reported"] is None

    # A point leads to its claim.
    target = killed["at least 1,300"]["claims"][0]
    # The arrowhead of the lower bound (the dashed line above it is thin).
    page.click(f"a.figure-mark[href='/admin/factcheck/claim/{target['id']}/change/'] path")
    page.wait_for_url(f"**/admin/factcheck/claim/{target['id']}/change/")
    assert MINISTRY_AT_LEAST in page.inner_text("#content")
    screenshot(page, "story-figures-claim")
    assert violations == []


DEV_ARTICLES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "articles"


def dev_corpus_story(event: str) -> Story:
    """The articles of one event of the dev corpus, ingested and processed as in production;
    the story holding most of their claims."""
    catalog = json.loads((DEV_ARTICLES / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog:
        if entry["event"] == event:
            ingest_file(DEV_ARTICLES / entry["file"])
    return Story.objects.annotate(claim_count=Count("claims")).order_by("-claim_count").first()


@pytest.mark.skipif(not DEV_ARTICLES.exists(), reason="the dev corpus (../shared) is not here")
def test_dev_corpus_story_figures_page(live_server, login, screenshot):
    story = dev_corpus_story("pakistan-floods-2022")
    page = login(UserFactory(username="checker-cat", role="fact-checker"))
    page.goto(f"{live_server.url}/admin/factcheck/story/{story.pk}/change/")
    page.wait_for_selector("#story-figures")
    screenshot(page, "story-figures-dev-corpus")
    measures = page.request.get(f"{live_server.url}/api/v1/stories/{story.pk}/figures/").json()[
        "measures"
    ]
    assert measures, "the engine finds figures in these articles"
    charts = page.query_selector_all("#story-figures svg.figure-timeline")
    assert len(charts) == len(measures)
    for chart, measure in zip(charts, measures, strict=True):
        assert len(chart.query_selector_all("a.figure-mark")) == len(measure["figures"])
