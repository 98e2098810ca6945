"""Every figure of a story (GET /api/v1/stories/{id}/figures/): figures by measure, with their
source, report date and claims, and the open flags between them; the claims' visibility
rules; a constant number of queries whatever the story's size."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import ContradictionFlag
from factcheck.serializers import (
    FlagClaimSerializer,
    StoryFigureFlagSerializer,
    StoryFigureSerializer,
    StoryFiguresSerializer,
    StoryMeasureSerializer,
)
from tests.conftest import client_for
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
from tests.factories import ArticleFactory, StoryFactory


@pytest.fixture
def story(db):
    return StoryFactory(title="Dam burst")


@pytest.fixture
def report(story, django_capture_on_commit_callbacks):
    return reporter(django_capture_on_commit_callbacks, story)


def figures_of(client, story):
    response = client.get(f"/api/v1/stories/{story.pk}/figures/")
    assert response.status_code == 200, response.content
    return response.json()


def by_text(measure):
    return {figure["text"]: figure for figure in measure["figures"]}


@pytest.mark.django_db
def test_figures_by_measure_with_source_date_claims_and_flags(editor_client, story, report):
    (coast_guard,) = report(DAY_ONE, MINISTRY_AT_LEAST)
    range_claim, wounded = report(DAY_TWO, CRESCENT_RANGE, CRESCENT_WOUNDED)
    (exact,) = report(DAY_THREE, CRESCENT_EXACT)
    (repeat,) = report(DAY_THREE, CRESCENT_EXACT)  # the same figure in another article

    data = figures_of(editor_client, story)

    assert data["story"] == story.pk
    killed, wounded_measure = data["measures"]
    assert (killed["subject"], killed["event"]) == ("people", "killed")
    assert (wounded_measure["subject"], wounded_measure["event"]) == ("people", "wounded")
    figures = by_text(killed)
    assert list(figures) == ["at least 1,300", "between 900 and 1,100", "2,400"]
    at_least = figures["at least 1,300"]
    assert (at_least["lo"], at_least["hi"], at_least["qualifier"]) == (1300, None, "lower")
    assert at_least["reported"] == "2026-03-02"
    assert at_least["source_label"] == "interior ministry"
    assert [claim["id"] for claim in at_least["claims"]] == [coast_guard.pk]
    assert at_least["claims"][0] == {
        "id": coast_guard.pk,
        "article": coast_guard.article_id,
        "text": MINISTRY_AT_LEAST,
        "start": coast_guard.start,
        "end": coast_guard.end,
    }
    interval = figures["between 900 and 1,100"]
    assert (interval["lo"], interval["hi"]) == (900, 1100)
    assert [claim["id"] for claim in interval["claims"]] == [range_claim.pk]
    latest = figures["2,400"]
    assert latest["claim_count"] == 2
    assert [claim["id"] for claim in latest["claims"]] == [exact.pk, repeat.pk]
    assert [claim["id"] for claim in by_text(wounded_measure)["310"]["claims"]] == [wounded.pk]

    open_flags = ContradictionFlag.objects.filter(story=story, status="open")
    assert open_flags.exists()
    listed = {flag["id"] for flag in killed["flags"]}
    assert listed == set(open_flags.values_list("pk", flat=True))
    signatures = {figure["signature"] for figure in killed["figures"]}
    for flag in killed["flags"]:
        assert {flag["figure_a"], flag["figure_b"]} <= signatures
    for figure in killed["figures"]:
        assert figure["conflicting"] == bool(figure["flags"])
        assert set(figure["flags"]) <= listed
    assert latest["conflicting"]
    assert wounded_measure["flags"] == []
    assert not by_text(wounded_measure)["310"]["conflicting"]


@pytest.mark.django_db
def test_a_dismissed_flag_is_not_listed(editor, editor_client, story, report):
    report(DAY_ONE, MINISTRY_AT_LEAST)
    report(DAY_TWO, CRESCENT_RANGE)
    assert ContradictionFlag.objects.filter(story=story).exists()
    ContradictionFlag.objects.filter(story=story).update(status="dismissed")
    (killed,) = figures_of(editor_client, story)["measures"]
    assert killed["flags"] == []
    assert not any(figure["conflicting"] for figure in killed["figures"])


@pytest.mark.django_db
def test_answer_has_the_documented_fields(editor_client, story, report):
    report(DAY_ONE, MINISTRY_AT_LEAST)
    report(DAY_TWO, CRESCENT_RANGE)
    data = figures_of(editor_client, story)
    measure = data["measures"][0]
    assert set(data) == set(StoryFiguresSerializer().fields)
    assert set(measure) == set(StoryMeasureSerializer().fields)
    assert set(measure["figures"][0]) == set(StoryFigureSerializer().fields)
    assert set(measure["figures"][0]["claims"][0]) == set(FlagClaimSerializer().fields)
    assert set(measure["flags"][0]) == set(StoryFigureFlagSerializer().fields)


@pytest.mark.django_db
def test_an_integration_sees_only_the_figures_of_its_claims(
    api_client, integration_key, story, report
):
    client_user = get_user_model().objects.get(api_client__name=integration_key.client.name)
    report(DAY_ONE, MINISTRY_AT_LEAST, submitted_by=client_user)
    report(DAY_TWO, CRESCENT_RANGE)  # sent by someone else: it contradicts the client's
    assert ContradictionFlag.objects.filter(story=story).exists()
    (killed,) = figures_of(api_client, story)["measures"]
    assert list(by_text(killed)) == ["at least 1,300"]
    # As in the flags list: the flag involving its claim, not the other side's figure.
    (flag,) = killed["flags"]
    assert by_text(killed)["at least 1,300"]["signature"] in (flag["figure_a"], flag["figure_b"])


@pytest.mark.django_db
def test_the_wrong_user_is_refused(other_api_client, anonymous_client, user_without_role, story):
    ArticleFactory(story=story)
    path = f"/api/v1/stories/{story.pk}/figures/"
    assert other_api_client.get(path).status_code == 404  # not a story of its claims
    assert anonymous_client.get(path).status_code == 401
    assert client_for(user_without_role).get(path).status_code == 403
    assert other_api_client.get("/api/v1/stories/999999/figures/").status_code == 404
    assert other_api_client.get(f"/api/v1/stories/{2**70}/figures/").status_code == 404


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_story(editor, story, report):
    def queries() -> tuple[int, int]:
        client = client_for(get_user_model().objects.get(pk=editor.pk))
        with CaptureQueriesContext(connection) as captured:
            data = figures_of(client, story)
        figures = sum(len(measure["figures"]) for measure in data["measures"])
        return len(captured), figures

    report(DAY_ONE, MINISTRY_AT_LEAST)
    report(DAY_THREE, CRESCENT_EXACT)
    small, figures = queries()
    assert figures == 2
    report(DAY_TWO, CRESCENT_RANGE, CRESCENT_WOUNDED)
    for day in range(5, 25):
        report(
            dt.datetime(2026, 3, day, tzinfo=dt.UTC),
            f"The interior ministry said {1000 + 37 * day:,} people were killed.",
        )
    assert queries() == (small, 24)
