"""An article extracted again by a newer engine: the claims the engine no longer reads there
(a sentence now cut into clause claims, or cut differently) leave detection. Those nobody
worked on are deleted; those with a review history stay as its record, out of detection."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import engine
from factcheck.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimIndexKey,
    ContradictionFlag,
    FlagClaim,
    StoryFigure,
)
from factcheck.services.claims import _claims_retire
from factcheck.services.detection import claim_detect_contradictions
from factcheck.services.processing import article_reprocess
from factcheck.services.stories import article_move_to_story
from tests.factcheck.helpers import QUAKE_DAY_ONE, QUAKE_DAY_THREE, post_and_process
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClaimFactory,
    ClaimIndexKeyFactory,
    ContradictionFlagFactory,
    EvidenceFactory,
    StoryFactory,
    StoryFigureFactory,
    VerdictFactory,
)

current_extract = engine.extract_claims


def previous_engine(text, *, published=None):
    """An older engine that read the same facts but cut each claim one character short, so
    that its claims are not the texts the current engine stores."""
    return [
        dataclasses.replace(item, text=item.text[:-1], end=item.end - 1)
        for item in current_extract(text, published=published)
    ]


@pytest.fixture
def read_by_previous_engine(api_client, django_capture_on_commit_callbacks, monkeypatch):
    """Two checked reports whose claims (and their flag) come from the previous engine."""
    monkeypatch.setattr(engine, "extract_claims", previous_engine)
    first = post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE, published_at="2023-02-06"
    )
    second = post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_THREE, published_at="2023-02-08"
    )
    monkeypatch.setattr(engine, "extract_claims", current_extract)
    (flag,) = ContradictionFlag.objects.all()
    return first, second, flag


def reprocess(article, capture):
    with capture(execute=True):
        article_reprocess(article_id=article.pk)


def claim_of(flag, article):
    return flag.claim_a if flag.claim_a.article_id == article.pk else flag.claim_b


def claims_on_open_flags():
    return set(
        FlagClaim.objects.filter(flag__status=ContradictionFlag.Status.OPEN).values_list(
            "claim_id", flat=True
        )
    )


@pytest.mark.django_db
def test_a_claim_nobody_worked_on_is_deleted_and_its_open_flag_withdrawn(
    read_by_previous_engine, django_capture_on_commit_callbacks
):
    first, _, flag = read_by_previous_engine
    old_ids = set(first.claims.values_list("pk", flat=True))
    old = claim_of(flag, first)
    reprocess(first, django_capture_on_commit_callbacks)
    assert not Claim.objects.filter(pk__in=old_ids).exists()
    assert not StoryFigure.objects.filter(claim_id__in=old_ids).exists()
    assert not ContradictionFlag.objects.filter(pk=flag.pk).exists()
    withdrawn = AuditEvent.objects.get(action="flag.withdrawn")
    assert withdrawn.article_id == first.pk
    retired = AuditEvent.objects.filter(action="claim.retired", article=first)
    assert {event.details["claim"] for event in retired} == old_ids
    assert {event.to_state for event in retired} == {"deleted"}
    # The current engine's claim of the same figure was compared: the disagreement is back.
    (new_flag,) = ContradictionFlag.objects.all()
    (new_claim,) = Claim.objects.filter(article=first, pk__in=claims_on_open_flags())
    assert new_claim.text == old.text + "."
    assert new_claim.detection_version == engine.ENGINE_VERSION
    assert new_flag.status == ContradictionFlag.Status.OPEN
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}


def _assigned(claim):
    AssignmentFactory(claim=claim)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.ASSIGNED)


def _with_verdict(claim):
    VerdictFactory(claim=claim)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.SUBMITTED)


@pytest.mark.django_db
@pytest.mark.parametrize("review", [_assigned, _with_verdict], ids=["assignment", "verdict"])
def test_a_claim_with_a_review_history_is_kept_out_of_detection(
    read_by_previous_engine, django_capture_on_commit_callbacks, review
):
    first, _, flag = read_by_previous_engine
    old = claim_of(flag, first)
    review(old)
    old.refresh_from_db()
    reprocess(first, django_capture_on_commit_callbacks)
    kept = Claim.objects.get(pk=old.pk)
    assert (kept.text, kept.facts, kept.status) == (old.text, old.facts, old.status)
    assert kept.detection_version == Claim.DETECTION_RETIRED
    assert kept.detection_signature == ""
    assert not ClaimIndexKey.objects.filter(claim=kept).exists()
    assert not StoryFigure.objects.filter(claim=kept).exists()
    assert kept.pk not in claims_on_open_flags()
    assert not ContradictionFlag.objects.filter(pk=flag.pk).exists()
    event = AuditEvent.objects.get(action="claim.retired", claim=kept)
    assert (event.from_state, event.to_state) == (old.status, old.status)
    # The new claim of the figure carries the disagreement; the article completes.
    assert Claim.objects.filter(article=first, pk__in=claims_on_open_flags()).exists()
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["confirmed", "dismissed"])
def test_a_decided_flag_on_a_retired_claim_keeps_its_decision(
    read_by_previous_engine, django_capture_on_commit_callbacks, decision
):
    first, _, flag = read_by_previous_engine
    ContradictionFlag.objects.filter(pk=flag.pk).update(status=decision)
    old = claim_of(flag, first)
    reprocess(first, django_capture_on_commit_callbacks)
    flag.refresh_from_db()
    assert flag.status == decision
    kept = Claim.objects.get(pk=old.pk)  # on a decided flag: worked on, kept
    assert kept.detection_version == Claim.DETECTION_RETIRED
    assert FlagClaim.objects.filter(flag=flag, claim=kept).exists()
    assert not StoryFigure.objects.filter(claim=kept).exists()
    assert ContradictionFlag.objects.count() == 1  # the new claim joined the decided flag


def snapshot():
    return (
        sorted(
            Claim.objects.values_list(
                "pk", "text", "facts", "detection_version", "detection_signature", "status"
            )
        ),
        sorted(ContradictionFlag.objects.values_list("pk", "status", "claim_a", "claim_b")),
        sorted(FlagClaim.objects.values_list("flag_id", "claim_id", "side")),
        sorted(StoryFigure.objects.values_list("story_id", "key", "signature", "claim_id")),
        sorted(ClaimIndexKey.objects.values_list("claim_id", "key")),
        AuditEvent.objects.filter(action__in=["claim.retired", "flag.withdrawn"]).count(),
    )


@pytest.mark.django_db
def test_reprocessing_twice_changes_nothing_the_second_time(
    read_by_previous_engine, django_capture_on_commit_callbacks
):
    first, second, flag = read_by_previous_engine
    _assigned(claim_of(flag, first))
    reprocess(first, django_capture_on_commit_callbacks)
    reprocess(second, django_capture_on_commit_callbacks)
    before = snapshot()
    reprocess(first, django_capture_on_commit_callbacks)
    reprocess(second, django_capture_on_commit_callbacks)
    assert snapshot() == before
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}


@pytest.mark.django_db
def test_a_retired_claim_read_again_takes_part_again(
    read_by_previous_engine, django_capture_on_commit_callbacks, monkeypatch
):
    first, _, flag = read_by_previous_engine
    old = claim_of(flag, first)
    _assigned(old)
    reprocess(first, django_capture_on_commit_callbacks)
    monkeypatch.setattr(engine, "extract_claims", previous_engine)
    reprocess(first, django_capture_on_commit_callbacks)
    back = Claim.objects.get(pk=old.pk)
    assert back.detection_version == engine.ENGINE_VERSION
    assert StoryFigure.objects.filter(claim=back).exists() or back.pk in claims_on_open_flags()
    assert ClaimIndexKey.objects.filter(claim=back).exists()


def _stale_claims(count: int) -> Article:
    """An article with `count` claims of an older reading: each in the story's figures and
    index, on an open flag; the first one assigned (kept), the others deleted."""
    story = StoryFactory()
    article = ArticleFactory(story=story)
    other = ClaimFactory(article=ArticleFactory(story=story), story=story)
    for number in range(count):
        claim = ClaimFactory(
            article=article, story=story, detection_signature=f"{number:032d}", facts={"n": 1}
        )
        StoryFigureFactory(claim=claim)
        ClaimIndexKeyFactory(claim=claim)
        ContradictionFlagFactory(claim_a=claim, claim_b=other)
        if number == 0:
            _assigned(claim)
    return article


@pytest.mark.django_db
def test_retiring_takes_the_same_queries_whatever_the_number_of_claims():
    counts = []
    for size in (2, 9):
        article = _stale_claims(size)
        with CaptureQueriesContext(connection) as queries:
            assert _claims_retire(article=article, read=[]) == (1, size - 1)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert ContradictionFlag.objects.count() == 0
    assert StoryFigure.objects.count() == 0
    assert Claim.objects.filter(detection_version=Claim.DETECTION_RETIRED).count() == 2


@pytest.mark.django_db
def test_a_retired_claim_moved_with_its_article_stays_out_of_detection(
    read_by_previous_engine, django_capture_on_commit_callbacks
):
    first, _, flag = read_by_previous_engine
    old = claim_of(flag, first)
    _assigned(old)
    reprocess(first, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article_move_to_story(article_id=first.pk, story_id=None)
    moved = Claim.objects.get(pk=old.pk)
    assert moved.story_id == Article.objects.get(pk=first.pk).story_id
    assert moved.detection_version == Claim.DETECTION_RETIRED
    assert not StoryFigure.objects.filter(claim=moved).exists()
    assert moved.pk not in claims_on_open_flags()
    assert Article.objects.get(pk=first.pk).status == Article.Status.CHECKED


def _cited_as_evidence(flag, claim):
    """A verdict on `claim` citing `flag` as its evidence."""
    EvidenceFactory(verdict=VerdictFactory(claim=claim), url="", flag=flag)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.SUBMITTED)


def _resolved_by_a_verdict(flag, claim):
    VerdictFactory(claim=claim).resolves.add(flag)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.SUBMITTED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "history", [_cited_as_evidence, _resolved_by_a_verdict], ids=["evidence", "resolves"]
)
def test_an_open_flag_a_verdict_cites_is_kept_as_its_record_out_of_detection(
    read_by_previous_engine, django_capture_on_commit_callbacks, history
):
    first, second, flag = read_by_previous_engine
    history(flag, claim_of(flag, second))
    old = claim_of(flag, first)
    reprocess(first, django_capture_on_commit_callbacks)  # was: ProtectedError
    kept = ContradictionFlag.objects.get(pk=flag.pk)
    assert kept.status == ContradictionFlag.Status.OPEN
    assert kept.detector_version == ContradictionFlag.DETECTION_RETIRED
    assert (kept.claim_a_id, kept.claim_b_id) == (flag.claim_a_id, flag.claim_b_id)
    assert kept.explanation == flag.explanation
    # Its claims are its record: the one no longer read is kept (retired), not deleted.
    assert Claim.objects.get(pk=old.pk).detection_version == Claim.DETECTION_RETIRED
    assert set(FlagClaim.objects.filter(flag=kept).values_list("claim_id", flat=True)) == {
        flag.claim_a_id,
        flag.claim_b_id,
    }
    assert AuditEvent.objects.filter(action="flag.retired", flag=kept).count() == 1
    assert not AuditEvent.objects.filter(action="flag.withdrawn").exists()
    # Out of detection: the figure read again raises a flag of its own, which the record
    # never joins; the article completes.
    (new_flag,) = ContradictionFlag.objects.exclude(pk=flag.pk)
    assert new_flag.disagreement == flag.disagreement
    assert old.pk not in FlagClaim.objects.filter(flag=new_flag).values_list("claim_id", flat=True)
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}
    # Idempotent: once both reports are read by this engine, reprocessing changes nothing.
    reprocess(second, django_capture_on_commit_callbacks)
    assert ContradictionFlag.objects.get(pk=flag.pk).claim_a_id == flag.claim_a_id
    before = snapshot()
    reprocess(first, django_capture_on_commit_callbacks)
    reprocess(second, django_capture_on_commit_callbacks)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_flag_a_verdict_cites_keeps_its_claims_when_a_detection_no_longer_finds_it(
    read_by_previous_engine, django_capture_on_commit_callbacks
):
    """The same through detection alone: a claim whose figures changed leaves the flag."""
    first, second, flag = read_by_previous_engine
    _cited_as_evidence(flag, claim_of(flag, second))
    old = claim_of(flag, first)
    Claim.objects.filter(pk=old.pk).update(facts={}, detected_at=None)
    claim_detect_contradictions(claim_id=old.pk)  # was: ProtectedError
    kept = ContradictionFlag.objects.get(pk=flag.pk)
    assert kept.detector_version == ContradictionFlag.DETECTION_RETIRED
    assert FlagClaim.objects.filter(flag=kept, claim=old).exists()
