"""A story's page in the admin shows each measure's figures as a timeline (server-rendered
SVG, every mark a link to a claim) and as a table, within the strict content security
policy, in a number of queries that does not grow with the story."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import Claim, ContradictionFlag
from tests.factcheck.figures_data import (
    CRESCENT_EXACT,
    CRESCENT_RANGE,
    DAY_ONE,
    DAY_THREE,
    DAY_TWO,
    MINISTRY_AT_LEAST,
    reporter,
)
from tests.factories import StoryFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def story(db):
    return StoryFactory(title="Dam burst")


@pytest.fixture
def report(story, django_capture_on_commit_callbacks):
    return reporter(django_capture_on_commit_callbacks, story)


def story_page(client, story):
    response = client.get(f"/admin/factcheck/story/{story.pk}/change/")
    assert response.status_code == 200
    return response


def charts(html: str) -> list[ET.Element]:
    found, start = [], 0
    while (
        start := html.find('<svg xmlns="http://www.w3.org/2000/svg" class="figure', start)
    ) != -1:
        end = html.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(html[start:end]))  # noqa: S314 (our own page)
        start = end
    return found


@pytest.mark.django_db
def test_story_page_draws_each_figure_linking_to_its_claim(client, fact_checker, story, report):
    (ministry,) = report(DAY_ONE, MINISTRY_AT_LEAST)
    (crescent,) = report(DAY_TWO, CRESCENT_RANGE)
    report(DAY_THREE, CRESCENT_EXACT)
    client.force_login(fact_checker)
    response = story_page(client, story)
    html = response.content.decode()

    (chart,) = charts(html)
    marks = {a.get("href"): a for a in chart.iter(f"{SVG}a")}
    assert set(marks) == {
        f"/admin/factcheck/claim/{claim.pk}/change/" for claim in Claim.objects.filter(story=story)
    }
    at_least = marks[f"/admin/factcheck/claim/{ministry.pk}/change/"]
    assert at_least.get("data-shape") == "lower"
    assert at_least.get("data-conflicting") == "1"
    assert marks[f"/admin/factcheck/claim/{crescent.pk}/change/"].get("data-shape") == "interval"
    # The table: one row per figure, with its claims and flags.
    assert html.count('class="figure-text"') == 3
    flags = ContradictionFlag.objects.filter(story=story)
    assert flags.exists()
    for flag in flags:
        assert f'href="/admin/factcheck/contradictionflag/{flag.pk}/change/"' in html
    # No inline script, nothing from elsewhere: the policy has no exception for the chart.
    policy = response.headers["Content-Security-Policy"]
    script_sources = policy.split("script-src")[1].split(";")[0]
    assert script_sources.split() == ["'self'"]
    assert "<script>" not in html.split('id="story-figures"')[1]


@pytest.mark.django_db
def test_story_page_queries_do_not_grow_with_its_figures(client, fact_checker, story, report):
    client.force_login(fact_checker)
    report(DAY_ONE, MINISTRY_AT_LEAST)
    with CaptureQueriesContext(connection) as few:
        story_page(client, story)
    for day in range(5, 15):
        report(
            dt.datetime(2026, 3, day, tzinfo=dt.UTC),
            f"The Red Crescent said {1000 + 37 * day:,} people were killed.",
        )
    with CaptureQueriesContext(connection) as many:
        html = story_page(client, story).content.decode()
    assert html.count('class="figure-text"') == 11
    # The story's latest articles are the rows of the articles inline: one query for them
    # all, and one for how many the story has.
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_story_without_figures_says_so(client, fact_checker, story):
    client.force_login(fact_checker)
    assert "No figure reported" in story_page(client, story).content.decode()
