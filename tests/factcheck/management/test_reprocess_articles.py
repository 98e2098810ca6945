"""Re-deriving flags when the engine improves, without resurrecting what a person decided."""

from io import StringIO

import pytest
from django.core.management import call_command

from factcheck import engine
from factcheck.models import Article, AuditEvent, Claim, ContradictionFlag, FlagClaim
from reviews.models import Evidence
from tests.factcheck.helpers import QUAKE_DAY_ONE, QUAKE_DAY_THREE, post_and_process
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClaimFactory,
    ContradictionFlagFactory,
    EvidenceFactory,
    FlagClaimFactory,
    VerdictFactory,
)


@pytest.fixture
def two_checked_reports(api_client, django_capture_on_commit_callbacks):
    first = post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE, published_at="2023-02-06"
    )
    second = post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_THREE, published_at="2023-02-08"
    )
    return first, second


def reprocess(*args, capture):
    out = StringIO()
    with capture(execute=True):
        call_command("reprocess_articles", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_open_flag_the_new_engine_no_longer_finds_is_withdrawn(
    two_checked_reports, django_capture_on_commit_callbacks, monkeypatch
):
    first, second = two_checked_reports
    claim_a, claim_b = (
        Claim.objects.filter(article=first).first(),
        Claim.objects.filter(article=second).first(),
    )
    stale = ContradictionFlagFactory(
        claim_a=claim_a,
        claim_b=claim_b,
        kind="entity",
        score=0.5,
        explanation="raised by an older engine",
        detector_version="0.1",
    )
    Claim.objects.update(detection_version="0.1")
    output = reprocess("--stale", capture=django_capture_on_commit_callbacks)
    assert "queued 2" in output
    assert not ContradictionFlag.objects.filter(pk=stale.pk).exists()
    assert AuditEvent.objects.filter(action="flag.withdrawn").count() == 1
    assert set(Claim.objects.values_list("detection_version", flat=True)) == {engine.ENGINE_VERSION}
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}


@pytest.mark.django_db
def test_a_stale_flag_a_verdict_cites_as_evidence_is_kept_out_of_detection(
    two_checked_reports, django_capture_on_commit_callbacks
):
    first, second = two_checked_reports
    claim_a, claim_b = (
        Claim.objects.filter(article=first).first(),
        Claim.objects.filter(article=second).first(),
    )
    stale = ContradictionFlagFactory(
        claim_a=claim_a, claim_b=claim_b, kind="entity", detector_version="0.1"
    )
    evidence = EvidenceFactory(verdict=VerdictFactory(claim=claim_b), url="", flag=stale)
    Claim.objects.update(detection_version="0.1")
    output = reprocess("--stale", capture=django_capture_on_commit_callbacks)  # was a crash
    assert "queued 2" in output
    kept = ContradictionFlag.objects.get(pk=stale.pk)
    assert kept.detector_version == ContradictionFlag.DETECTION_RETIRED
    assert kept.status == ContradictionFlag.Status.OPEN
    assert Evidence.objects.get(pk=evidence.pk).flag_id == stale.pk
    assert not AuditEvent.objects.filter(action="flag.withdrawn").exists()
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}
    # Run again: the record stays as it is, nothing more is retired.
    reprocess(str(first.pk), str(second.pk), capture=django_capture_on_commit_callbacks)
    assert AuditEvent.objects.filter(action="flag.retired").count() == 1
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}


@pytest.mark.django_db
def test_a_dismissed_flag_is_not_resurrected_or_withdrawn(
    two_checked_reports, django_capture_on_commit_callbacks
):
    flags = list(ContradictionFlag.objects.all())
    ContradictionFlag.objects.update(status="dismissed", detector_version="0.1")
    reprocess(*[str(a.pk) for a in two_checked_reports], capture=django_capture_on_commit_callbacks)
    assert sorted(ContradictionFlag.objects.values_list("pk", "status")) == sorted(
        (flag.pk, "dismissed") for flag in flags
    )


@pytest.mark.django_db
def test_claims_take_the_facts_the_current_engine_reads(
    two_checked_reports, django_capture_on_commit_callbacks
):
    first, _ = two_checked_reports
    Claim.objects.filter(article=first).update(facts={})
    reprocess(str(first.pk), capture=django_capture_on_commit_callbacks)
    for claim in Claim.objects.filter(article=first):
        assert claim.facts != {}


@pytest.mark.django_db
def test_reprocessing_needs_a_selection():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reprocess_articles")


@pytest.mark.django_db
def test_an_article_still_being_processed_is_skipped(django_capture_on_commit_callbacks):
    article = ArticleFactory()  # received
    output = reprocess(str(article.pk), capture=django_capture_on_commit_callbacks)
    assert "skipped 1" in output
    article.refresh_from_db()
    assert article.status == Article.Status.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["confirmed", "dismissed"])
def test_a_new_engine_finding_a_decided_disagreement_again_keeps_the_decision(
    two_checked_reports, django_capture_on_commit_callbacks, monkeypatch, decision
):
    (flag,) = ContradictionFlag.objects.all()
    ContradictionFlag.objects.filter(pk=flag.pk).update(status=decision)
    sides_before = sorted(FlagClaim.objects.values_list("flag_id", "claim_id", "side"))
    # A new engine version reads every claim again (their facts and signatures are re-derived).
    monkeypatch.setattr(engine, "ENGINE_VERSION", "99.0")
    Claim.objects.update(facts={}, detection_signature="")
    output = reprocess("--stale", capture=django_capture_on_commit_callbacks)
    assert "queued 2" in output
    (kept,) = ContradictionFlag.objects.all()
    assert (kept.pk, kept.status, kept.detector_version) == (flag.pk, decision, "99.0")
    assert kept.disagreement == flag.disagreement
    assert sorted(FlagClaim.objects.values_list("flag_id", "claim_id", "side")) == sides_before


@pytest.mark.django_db
def test_a_decision_is_matched_by_disagreement_not_by_claim_pair(
    two_checked_reports, django_capture_on_commit_callbacks, monkeypatch
):
    """The decided flag was raised between other claims stating the same two figures: the
    re-derived finding between these claims is filed under it, not raised again."""
    (flag,) = ContradictionFlag.objects.all()
    first, second = flag.claim_a, flag.claim_b
    # Raised (and dismissed) between another statement of the first figure and the second.
    earlier = ClaimFactory(story=first.story, text="An earlier wording.", facts=first.facts)
    FlagClaim.objects.filter(flag=flag).delete()
    ContradictionFlag.objects.filter(pk=flag.pk).update(
        claim_a=earlier, status="dismissed", detector_version="0.1"
    )
    FlagClaimFactory(flag=flag, claim=earlier, side="a")
    monkeypatch.setattr(engine, "ENGINE_VERSION", "99.0")
    Claim.objects.update(detection_version="0.1")
    reprocess(
        str(first.article_id), str(second.article_id), capture=django_capture_on_commit_callbacks
    )
    (kept,) = ContradictionFlag.objects.all()
    # The side's first claim is its earliest report: `earlier` has no publication day.
    assert (kept.pk, kept.status, kept.claim_a_id) == (flag.pk, "dismissed", first.pk)
    assert set(FlagClaim.objects.filter(flag=kept).values_list("claim_id", "side")) == {
        (earlier.pk, "a"),
        (first.pk, "a"),
        (second.pk, "b"),
    }


@pytest.mark.django_db
def test_claims_of_an_older_reading_are_retired_and_not_selected_again(
    two_checked_reports, django_capture_on_commit_callbacks, monkeypatch
):
    """An older engine read the first report as one more claim (a clause of a sentence the
    current engine reads whole): it is retired; a reviewed one stays, no longer compared,
    and does not make its article `--stale` for ever."""
    first, _ = two_checked_reports
    (flag,) = ContradictionFlag.objects.all()
    current = flag.claim_a if flag.claim_a.article_id == first.pk else flag.claim_b
    other = flag.claim_b if current == flag.claim_a else flag.claim_a
    unseen, reviewed = (
        ClaimFactory(
            article=first,
            story=first.story,
            text=current.text[:-1] + suffix,
            facts=current.facts,
            detection_version="0.1",
        )
        for suffix in ("", " (older)")
    )
    old_flag = ContradictionFlagFactory(
        claim_a=unseen, claim_b=other, kind="numeric", explanation="older reading"
    )
    AssignmentFactory(claim=reviewed)
    Claim.objects.filter(pk=reviewed.pk).update(status=Claim.Status.ASSIGNED)
    output = reprocess("--stale", capture=django_capture_on_commit_callbacks)
    assert "queued 1" in output
    assert not Claim.objects.filter(pk=unseen.pk).exists()
    assert not ContradictionFlag.objects.filter(pk=old_flag.pk).exists()
    reviewed.refresh_from_db()
    assert reviewed.detection_version == Claim.DETECTION_RETIRED
    assert not reviewed.index_keys.exists()
    assert set(AuditEvent.objects.filter(action="claim.retired").values_list("to_state")) == {
        ("deleted",),
        ("assigned",),
    }
    assert set(Article.objects.values_list("status", flat=True)) == {"checked"}
    assert "queued 0" in reprocess("--stale", capture=django_capture_on_commit_callbacks)
