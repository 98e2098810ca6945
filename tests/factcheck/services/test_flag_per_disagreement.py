"""One flag per disagreement: the same two figures stated again, in other sentences or other
articles, join the flag as supporting claims; a decision on the flag holds for its repeats;
detection compares a claim with the distinct statements of its story."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import selectors
from factcheck.models import Claim, ContradictionFlag, FlagClaim, StoryFigure
from factcheck.services import detection as detection_services
from factcheck.services.claims import claim_create
from factcheck.services.detection import claim_detect_contradictions
from factcheck.services.stories import article_move_to_story
from tests.factories import ArticleFactory, StoryFactory

MINISTRY_40 = "The interior ministry said 40 people were killed in the floods."
MINISTRY_40_AGAIN = "According to the interior ministry, 40 people were killed in the floods."
UNATTRIBUTED_40 = "40 people were killed in the floods."
CRESCENT_95 = "The Red Crescent said 95 people were killed in the floods."
CRESCENT_95_AGAIN = "The Red Crescent said on Tuesday that 95 people were killed in the floods."


@pytest.fixture
def story(db):
    return StoryFactory(title="Floods")


@pytest.fixture
def state(story, django_capture_on_commit_callbacks):
    def submit(*texts):
        with django_capture_on_commit_callbacks(execute=True):
            return [claim_create(text=text, story=story).claim for text in texts]

    return submit


def sides(flag):
    return {
        side: [claim["id"] for claim in claims]
        for side, claims in selectors.flag_claims_by_side([flag.pk])[flag.pk].items()
    }


def snapshot():
    return (
        list(ContradictionFlag.objects.order_by("pk").values()),
        list(FlagClaim.objects.order_by("pk").values("flag_id", "claim_id", "side")),
    )


@pytest.mark.django_db
def test_repeats_of_the_two_figures_join_one_flag(state):
    ministry, crescent = state(MINISTRY_40, CRESCENT_95)
    ministry_again, unattributed, crescent_again = state(
        MINISTRY_40_AGAIN, UNATTRIBUTED_40, CRESCENT_95_AGAIN
    )
    flag = ContradictionFlag.objects.get()
    assert (flag.claim_a_id, flag.claim_b_id) == (ministry.pk, crescent.pk)
    assert sides(flag) == {
        "a": [ministry.pk, ministry_again.pk, unattributed.pk],
        "b": [crescent.pk, crescent_again.pk],
    }


@pytest.mark.django_db
def test_repeats_stated_before_the_other_figure_are_on_its_flag_too(state):
    ministry, ministry_again, unattributed = state(MINISTRY_40, MINISTRY_40_AGAIN, UNATTRIBUTED_40)
    assert not ContradictionFlag.objects.exists()
    (crescent,) = state(CRESCENT_95)
    flag = ContradictionFlag.objects.get()
    assert sides(flag) == {
        "a": [ministry.pk, ministry_again.pk, unattributed.pk],
        "b": [crescent.pk],
    }


@pytest.mark.django_db
def test_a_repeat_in_another_article_joins_the_flag(story, django_capture_on_commit_callbacks):
    claims = []
    with django_capture_on_commit_callbacks(execute=True):
        for number, text in enumerate((MINISTRY_40, CRESCENT_95, MINISTRY_40)):
            article = ArticleFactory(story=story, body=f"Flood report {number}.\n{text}\n")
            claims.append(claim_create(text=text, article=article).claim)
    flag = ContradictionFlag.objects.get()
    assert sides(flag) == {"a": [claims[0].pk, claims[2].pk], "b": [claims[1].pk]}


@pytest.mark.django_db
def test_detecting_again_changes_nothing(state):
    claims = state(MINISTRY_40, CRESCENT_95, MINISTRY_40_AGAIN, UNATTRIBUTED_40)
    before = snapshot()
    assert len(before[1]) == 4
    for claim in claims:
        claim_detect_contradictions(claim_id=claim.pk)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_later_repeat_joins_a_dismissed_flag_and_does_not_reopen_it(state, editor):
    from reviews.services.flags import flag_dismiss

    state(MINISTRY_40, CRESCENT_95)
    flag = ContradictionFlag.objects.get()
    flag_dismiss(flag_id=flag.pk, actor=editor, reason="Different counting dates.")
    (repeat,) = state(MINISTRY_40_AGAIN)
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    assert ContradictionFlag.objects.count() == 1
    assert repeat.pk in sides(flag)["a"]


@pytest.mark.django_db
def test_a_new_flag_is_announced_with_every_claim_of_each_side(state, monkeypatch):
    announced = []
    monkeypatch.setattr(
        detection_services,
        "event_publish_many",
        lambda *, event_type, datas: announced.extend((event_type, data) for data in datas),
    )
    ministry, ministry_again = state(MINISTRY_40, MINISTRY_40_AGAIN)
    (crescent,) = state(CRESCENT_95)
    [(event_type, data)] = announced
    assert event_type == "contradiction.flagged"
    assert data["claim_a"]["id"] == ministry.pk
    assert [claim["id"] for claim in data["claims_a"]] == [ministry.pk, ministry_again.pk]
    assert data["claims_b"] == [
        {"id": crescent.pk, "article": None, "text": CRESCENT_95, "start": None, "end": None}
    ]
    state(UNATTRIBUTED_40)  # joining an existing flag announces nothing new
    assert len(announced) == 1


@pytest.mark.django_db
def test_the_api_lists_every_claim_of_each_side(state, editor_client):
    ministry, crescent, ministry_again = state(MINISTRY_40, CRESCENT_95, MINISTRY_40_AGAIN)
    flag = ContradictionFlag.objects.get()
    for item in (
        editor_client.get("/api/v1/contradictions/").json()["results"][0],
        editor_client.get(f"/api/v1/contradictions/{flag.pk}/").json(),
    ):
        assert item["claim_a"]["id"] == ministry.pk
        assert [claim["id"] for claim in item["claims_a"]] == [ministry.pk, ministry_again.pk]
        assert item["claims_a"][1] == {
            "id": ministry_again.pk,
            "article": None,
            "text": MINISTRY_40_AGAIN,
            "start": None,
            "end": None,
        }
        assert [claim["id"] for claim in item["claims_b"]] == [crescent.pk]


@pytest.mark.django_db
def test_a_claim_is_compared_with_one_claim_per_distinct_statement(state, story):
    repeats = state(
        MINISTRY_40,
        MINISTRY_40_AGAIN,
        "The interior ministry said that 40 people were killed in the floods.",
    )
    assert len({claim.detection_signature for claim in Claim.objects.filter(story=story)}) == 1
    (crescent,) = state(CRESCENT_95)
    candidates = selectors.detection_candidates(
        claim=crescent, keys=["m:killed", "m:executed"]
    ).records
    assert [record.id for record in candidates] == [repeats[0].pk]
    assert sides(ContradictionFlag.objects.get())["a"] == [claim.pk for claim in repeats]


@pytest.mark.django_db
def test_a_statement_whose_claim_moves_away_is_represented_by_another(
    story, state, editor, django_capture_on_commit_callbacks
):
    claims = []
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2):
            article = ArticleFactory(story=story, body=f"Flood report {number}.\n{MINISTRY_40}\n")
            claims.append(claim_create(text=MINISTRY_40, article=article).claim)
    first, second = claims
    assert set(StoryFigure.objects.filter(story=story).values_list("claim_id", flat=True)) == {
        first.pk
    }
    with django_capture_on_commit_callbacks(execute=True):
        article_move_to_story(article_id=first.article_id, story_id=None, actor=editor)
    assert set(StoryFigure.objects.filter(story=story).values_list("claim_id", flat=True)) == {
        second.pk
    }
    (crescent,) = state(CRESCENT_95)
    assert sides(ContradictionFlag.objects.get()) == {"a": [second.pk], "b": [crescent.pk]}


@pytest.mark.django_db
def test_a_statement_found_stale_when_read_is_repaired(state, story):
    first, second = state(MINISTRY_40, MINISTRY_40_AGAIN)
    elsewhere = StoryFactory(title="Another event")
    # Moved behind the services' back, in a worker that never read it.
    Claim.objects.filter(pk=first.pk).update(story=elsewhere)
    selectors._facts_cache.clear()
    (crescent,) = state(CRESCENT_95)
    assert sides(ContradictionFlag.objects.get()) == {"a": [second.pk], "b": [crescent.pk]}
    assert set(StoryFigure.objects.filter(story=story).values_list("claim_id", flat=True)) == {
        second.pk,
        crescent.pk,
    }


@pytest.mark.django_db
def test_a_claim_that_no_longer_states_the_figure_leaves_the_flag(state):
    ministry, crescent, ministry_again = state(MINISTRY_40, CRESCENT_95, MINISTRY_40_AGAIN)
    flag = ContradictionFlag.objects.get()
    # The first claim of side A now reads differently (as after an engine upgrade).
    Claim.objects.filter(pk=ministry.pk).update(facts={})
    claim_detect_contradictions(claim_id=ministry.pk)
    flag.refresh_from_db()
    assert flag.claim_a_id == ministry_again.pk
    assert sides(flag) == {"a": [ministry_again.pk], "b": [crescent.pk]}
    # Its last claim on side A gone, the open flag is withdrawn.
    Claim.objects.filter(pk=ministry_again.pk).update(facts={})
    claim_detect_contradictions(claim_id=ministry_again.pk)
    assert not ContradictionFlag.objects.exists()


@pytest.mark.django_db
def test_a_statement_whose_claim_was_deleted_is_represented_by_another(state, story):
    first, second = state(MINISTRY_40, MINISTRY_40_AGAIN)
    first.delete()
    (crescent,) = state(CRESCENT_95)
    assert sides(ContradictionFlag.objects.get()) == {"a": [second.pk], "b": [crescent.pk]}
    assert not StoryFigure.objects.filter(claim=None).exists()


@pytest.mark.django_db
def test_lists_filter_by_any_claim_of_a_side(state, editor_client):
    _, _, repeat = state(MINISTRY_40, CRESCENT_95, MINISTRY_40_AGAIN)
    flag = ContradictionFlag.objects.get()
    found = editor_client.get(f"/api/v1/contradictions/?claim={repeat.pk}").json()["results"]
    assert [item["id"] for item in found] == [flag.pk]
    flagged = editor_client.get("/api/v1/claims/?has_open_flags=true").json()["results"]
    assert repeat.pk in {item["id"] for item in flagged}
    ContradictionFlag.objects.filter(pk=flag.pk).update(status="dismissed")
    flagged = editor_client.get("/api/v1/claims/?has_open_flags=true").json()["results"]
    assert flagged == []


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(0, 1, 2), (0, 2, 1), (2, 0, 1), (1, 2, 0)])
def test_flags_of_a_running_toll_do_not_depend_on_arrival_order(state, order):
    """Whichever order three figures of one source arrive in, the flags are the same (one per
    figure, with the higher figures held against it on its other side), and comparing every
    claim again changes nothing."""
    texts = [
        "The Red Crescent said 120 people were killed in the floods.",
        "The Red Crescent said 310 people were killed in the floods.",
        "The Red Crescent said 760 people were killed in the floods.",
    ]
    claims = {}
    for index in order:
        (claims[index],) = state(texts[index])
    text_of = {claim.pk: claim.text for claim in claims.values()}
    flags = set()
    for flag in ContradictionFlag.objects.filter(status=ContradictionFlag.Status.OPEN):
        by_side = sides(flag)
        flags.add(frozenset(frozenset(text_of[pk] for pk in by_side[s]) for s in "ab"))
    assert flags == {
        frozenset({frozenset(texts[:1]), frozenset(texts[1:])}),
        frozenset({frozenset(texts[1:2]), frozenset(texts[2:])}),
    }
    before = snapshot()
    for claim in claims.values():
        claim_detect_contradictions(claim_id=claim.pk)
    assert snapshot() == before


def _queries_to_detect(story, figures: int) -> tuple[int, int, int]:
    """Queries to detect a new claim in a story holding `figures` distinct figures of its
    measure, all of which it contradicts (first detection, then detecting it again), and the
    flags it is on. The story's claims are filed without being detected (their tasks never
    run inside the test's transaction): the figures are there, their flags are not."""
    for number in range(figures):
        claim_create(
            text=f"The interior ministry said {200 + 7 * number} people were killed in the floods.",
            story=story,
        )
    # Above every stored figure: each of them anchors a disagreement the new claim joins (a
    # figure below them all would anchor one flag holding them all, see disagreement_of).
    claim = claim_create(
        text=f"The Red Crescent said {213 + 7 * figures} people were killed in the floods.",
        story=story,
    )
    with CaptureQueriesContext(connection) as first:
        flags = claim_detect_contradictions(claim_id=claim.claim.pk)
    with CaptureQueriesContext(connection) as again:
        claim_detect_contradictions(claim_id=claim.claim.pk)
    return len(first), len(again), len(flags)


@pytest.mark.django_db
def test_queries_to_detect_a_claim_do_not_grow_with_its_story():
    first, again, flags = _queries_to_detect(StoryFactory(title="Small"), 10)
    assert flags == 10
    long_first, long_again, long_flags = _queries_to_detect(StoryFactory(title="Long"), 40)
    assert long_flags > 2 * flags  # many more disagreements filed, in as many queries
    assert (long_first, long_again) == (first, again)


def _queries_beside_repeats(story, repeats: int) -> tuple[int, int, int, int]:
    """Queries to detect a new repeat of one side of a flag whose sides already hold
    `repeats` claims of each figure (first detection, then detecting it again), to take a
    repeat off the flag (its article moves to another story), and the claims on the flag."""
    for number in range(repeats):
        for text in (MINISTRY_40, CRESCENT_95):
            article = ArticleFactory(story=story, body=f"{story.title} report {number}.\n{text}\n")
            claim_detect_contradictions(claim_id=claim_create(text=text, article=article).claim.pk)
    article = ArticleFactory(story=story, body=f"{story.title}, late.\n{CRESCENT_95_AGAIN}\n")
    claim = claim_create(text=CRESCENT_95_AGAIN, article=article).claim
    with CaptureQueriesContext(connection) as first:
        claim_detect_contradictions(claim_id=claim.pk)
    with CaptureQueriesContext(connection) as again:
        claim_detect_contradictions(claim_id=claim.pk)
    with CaptureQueriesContext(connection) as leaving:
        article_move_to_story(article_id=article.pk, story_id=None)
    flag = ContradictionFlag.objects.get(story=story)
    return len(first), len(again), len(leaving), FlagClaim.objects.filter(flag=flag).count()


@pytest.mark.django_db
def test_queries_to_detect_a_claim_do_not_grow_with_its_flag_sides():
    few = _queries_beside_repeats(StoryFactory(title="Few"), 5)
    many = _queries_beside_repeats(StoryFactory(title="Many"), 40)
    assert (few[3], many[3]) == (10, 80)  # every repeat joined the flag, the mover left it
    assert many[:3] == few[:3]
