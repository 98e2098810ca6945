"""A flag's headline (its first claim of each side, and the engine's words on them) depends on
its sides alone, never on the order its claims arrived in or were detected: side A holds the
anchor figure (the lower one, held against the others), and the first claim of each side is
its earliest report (publication day, then id). Reprocessing, or workers taking claims in
another order, show a user the same flag."""

import datetime
import itertools

import pytest

from factcheck import selectors
from factcheck.models import ContradictionFlag, FlagClaim
from factcheck.services import detection as detection_services
from factcheck.services.claims import claim_create
from factcheck.services.detection import claim_detect_contradictions
from factcheck.services.stories import article_move_to_story
from tests.factories import ArticleFactory, StoryFactory

# (publication day in March, text): two reports of the lower figure, two of the higher.
REPORTS = {
    "low-early": (3, "The interior ministry said 40 people were killed in the floods."),
    "high-early": (4, "The Red Crescent said 95 people were killed in the floods."),
    "low-late": (6, "According to the interior ministry, 40 people were killed in the floods."),
    "high-late": (7, "The Red Crescent said on Tuesday that 95 people were killed in the floods."),
}


def _file(story, names, capture, *, detect_in=None):
    """Store the reports named, in that order, then detect their claims (in `detect_in`
    order, else as stored). Returns {name: claim}."""
    claims = {}
    with capture(execute=False):  # detection tasks are run below, in a chosen order
        for name in names:
            day, text = REPORTS[name]
            article = ArticleFactory(
                story=story,
                body=f"Flood report ({name}, story {story.pk}).\n{text}\n",
                published_at=datetime.datetime(2025, 3, day, 9, 0, tzinfo=datetime.UTC),
            )
            claims[name] = claim_create(text=text, article=article).claim
    for name in detect_in or names:
        claim_detect_contradictions(claim_id=claims[name].pk)
    return claims


def _seen(flag, claims) -> dict:
    """The flag as a user sees it, claims named by report."""
    name_of = {claim.pk: name for name, claim in claims.items()}
    sides = selectors.flag_claims_by_side([flag.pk])[flag.pk]
    return {
        "claim_a": name_of[flag.claim_a_id],
        "claim_b": name_of[flag.claim_b_id],
        "claims_a": [name_of[c["id"]] for c in sides["a"]],
        "claims_b": [name_of[c["id"]] for c in sides["b"]],
        "kind": flag.kind,
        "explanation": flag.explanation,
        "score": flag.score,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "order",
    [
        ("low-early", "high-early", "low-late", "high-late"),
        ("high-late", "low-late", "high-early", "low-early"),
        ("low-late", "high-late", "high-early", "low-early"),
        ("high-early", "high-late", "low-late", "low-early"),
    ],
)
def test_the_headline_does_not_depend_on_arrival_order(order, django_capture_on_commit_callbacks):
    claims = _file(StoryFactory(), order, django_capture_on_commit_callbacks)
    flag = ContradictionFlag.objects.get()
    seen = _seen(flag, claims)
    assert seen["claim_a"] == "low-early"  # side A: the anchor figure, its earliest report
    assert seen["claim_b"] == "high-early"
    assert seen["claims_a"] == ["low-early", "low-late"]
    assert sorted(seen["claims_b"]) == ["high-early", "high-late"]
    # The words are the engine's on those two claims, whoever came first.
    reference = _file(
        StoryFactory(), ["low-early", "high-early"], django_capture_on_commit_callbacks
    )
    first = ContradictionFlag.objects.get(story=reference["low-early"].story)
    assert (seen["kind"], seen["score"]) == (first.kind, first.score)
    assert seen["explanation"] == first.explanation


@pytest.mark.django_db
def test_workers_detecting_in_another_order_give_the_same_headline(
    django_capture_on_commit_callbacks,
):
    names = list(REPORTS)
    seen = []
    for detect_in in itertools.islice(itertools.permutations(names), 0, 24, 5):
        claims = _file(
            StoryFactory(), names, django_capture_on_commit_callbacks, detect_in=detect_in
        )
        flag = ContradictionFlag.objects.get(story=claims["low-early"].story)
        seen.append(_seen(flag, claims) | {"claims_b": sorted(_seen(flag, claims)["claims_b"])})
    assert all(one == seen[0] for one in seen)


@pytest.mark.django_db
def test_an_earlier_report_arriving_late_heads_its_side(django_capture_on_commit_callbacks):
    story = StoryFactory()
    claims = _file(story, ["low-late", "high-late"], django_capture_on_commit_callbacks)
    flag = ContradictionFlag.objects.get()
    late_words = flag.explanation
    assert (flag.claim_a_id, flag.claim_b_id) == (claims["low-late"].pk, claims["high-late"].pk)
    claims |= _file(story, ["low-early"], django_capture_on_commit_callbacks)
    flag.refresh_from_db()
    assert (flag.claim_a_id, flag.claim_b_id) == (claims["low-early"].pk, claims["high-late"].pk)
    assert flag.explanation != late_words  # the engine's words on the new first pair
    assert "3 Mar" in flag.explanation


@pytest.mark.django_db
def test_the_announced_flag_carries_the_headline(django_capture_on_commit_callbacks, monkeypatch):
    announced = []
    monkeypatch.setattr(
        detection_services,
        "event_publish_many",
        lambda *, event_type, datas: announced.extend(datas),
    )
    claims = _file(
        StoryFactory(),
        ["high-late", "low-late", "high-early"],
        django_capture_on_commit_callbacks,
        detect_in=["high-early", "high-late", "low-late"],
    )
    [data] = announced
    flag = ContradictionFlag.objects.get()
    assert data["claim_a"]["id"] == claims["low-late"].pk == flag.claim_a_id
    assert data["claim_b"]["id"] == claims["high-early"].pk == flag.claim_b_id
    assert data["explanation"] == flag.explanation


@pytest.mark.django_db
def test_when_the_first_claim_leaves_the_next_report_heads_the_side(
    django_capture_on_commit_callbacks,
):
    story = StoryFactory()
    claims = _file(story, list(REPORTS), django_capture_on_commit_callbacks)
    flag = ContradictionFlag.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        article_move_to_story(article_id=claims["low-early"].article_id, story_id=None)
    flag.refresh_from_db()
    assert (flag.claim_a_id, flag.claim_b_id) == (claims["low-late"].pk, claims["high-early"].pk)
    assert "6 Mar" in flag.explanation
    assert "3 Mar" not in flag.explanation


@pytest.mark.django_db
def test_a_flag_stored_with_its_sides_the_other_way_round_takes_the_same_headline(
    django_capture_on_commit_callbacks,
):
    """Raised by an earlier version (side A the smaller claim id, whichever figure it
    stated): the next claim filed under it puts the anchor figure on side A again."""
    story = StoryFactory()
    claims = _file(story, ["low-early", "high-early"], django_capture_on_commit_callbacks)
    flag = ContradictionFlag.objects.get()
    expected = _seen(flag, claims)
    ContradictionFlag.objects.filter(pk=flag.pk).update(
        claim_a=flag.claim_b_id,
        claim_b=flag.claim_a_id,
        figure_a=flag.figure_b,
        figure_b=flag.figure_a,
        value_a=flag.value_b,
        value_b=flag.value_a,
    )
    FlagClaim.objects.filter(flag=flag, side="a").update(side="x")
    FlagClaim.objects.filter(flag=flag, side="b").update(side="a")
    FlagClaim.objects.filter(flag=flag, side="x").update(side="b")
    claims |= _file(story, ["high-late"], django_capture_on_commit_callbacks)
    flag.refresh_from_db()
    seen = _seen(flag, claims)
    assert seen == expected | {"claims_b": ["high-early", "high-late"]}
