"""The review of a claim: starting it, submitting a verdict, and the editor's four-eyes
decision (approve or request changes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from factcheck.events import event_publish
from factcheck.models import Claim, ContradictionFlag, FlagClaim

from ..models import CLAIM_TRANSITIONS, Evidence, ReviewAction, Verdict
from .common import (
    EVIDENCE_MAX,
    NOTE_MAX,
    RESOLVES_MAX,
    TEXT_MAX,
    _claim_lock,
    _claim_move,
    _require_assignee,
    _require_text,
    _storable_ids,
    _transition_check,
    _verdict_lock_latest,
)
from .errors import ActionForbidden, InvalidReviewInput


def review_start(*, claim_id: int, actor) -> Claim:
    """The current assignee starts the review (or resumes it after changes were requested)."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.START,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        _require_assignee(claim, actor, "start its review")
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.START].target)
        audit_event_record(
            actor=actor,
            action=AuditAction.REVIEW_STARTED,
            claim=claim,
            from_state=source,
            to_state=claim.status,
        )
    return claim


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence as submitted: exactly one of a URL, a claim id, a flag id."""

    url: str = ""
    claim_id: int | None = None
    flag_id: int | None = None
    note: str = ""


@dataclass
class _VerdictInput:
    rating: str
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)
    resolves: list[ContradictionFlag] = field(default_factory=list)


_http_url = URLValidator(schemes=["http", "https"])


def _verdict_input_clean(
    *,
    claim: Claim,
    rating: str,
    rationale: str,
    evidence: Sequence[EvidenceItem],
    resolves: Sequence[int],
) -> _VerdictInput:
    errors: dict = {}
    if rating not in Verdict.Rating.values:
        errors["rating"] = [
            f"'{rating}' is not a rating; use one of: {', '.join(Verdict.Rating.values)}."
        ]
    rationale = (rationale or "").strip()
    if not rationale:
        errors["rationale"] = ["A rationale is required."]
    elif len(rationale) > TEXT_MAX:
        errors["rationale"] = [f"At most {TEXT_MAX:,} characters."]

    items = list(evidence)
    cited_claims = set(
        Claim.objects.filter(pk__in=_storable_ids(i.claim_id for i in items)).values_list(
            "pk", flat=True
        )
    )
    cited_flags = set(
        ContradictionFlag.objects.filter(
            pk__in=_storable_ids(i.flag_id for i in items)
        ).values_list("pk", flat=True)
    )
    cleaned: list[Evidence] = []
    item_errors: list[dict] = []
    if not items:
        errors["evidence"] = ["Give at least one piece of evidence."]
    elif len(items) > EVIDENCE_MAX:
        errors["evidence"] = [f"At most {EVIDENCE_MAX} pieces of evidence."]
    else:
        for position, item in enumerate(items):
            problems: dict[str, list[str]] = {}
            url = (item.url or "").strip()
            given = [bool(url), item.claim_id is not None, item.flag_id is not None]
            if sum(given) != 1:
                problems["non_field_errors"] = [
                    "Give exactly one of: a url, a claim id or a flag id."
                ]
            if url:
                try:
                    _http_url(url)
                except DjangoValidationError:
                    problems["url"] = ["Enter an http or https URL."]
                if len(url) > 2000:
                    problems["url"] = ["At most 2,000 characters."]
            if item.claim_id is not None and item.claim_id not in cited_claims:
                problems["claim"] = [f"No claim {item.claim_id}."]
            if item.flag_id is not None and item.flag_id not in cited_flags:
                problems["flag"] = [f"No contradiction flag {item.flag_id}."]
            if len(item.note or "") > NOTE_MAX:
                problems["note"] = [f"At most {NOTE_MAX:,} characters."]
            item_errors.append(problems)
            cleaned.append(
                Evidence(
                    position=position,
                    url=url,
                    claim_id=item.claim_id,
                    flag_id=item.flag_id,
                    note=(item.note or "").strip(),
                )
            )
        if any(item_errors):
            errors["evidence"] = item_errors

    wanted = list(dict.fromkeys(resolves))
    flags = {
        flag.pk: flag for flag in ContradictionFlag.objects.filter(pk__in=_storable_ids(wanted))
    }
    # A claim repeating the figure of a side supports the flag as much as its first claim.
    supported = set(
        FlagClaim.objects.filter(claim=claim, flag_id__in=flags).values_list("flag_id", flat=True)
    )
    resolve_errors = []
    if len(wanted) > RESOLVES_MAX:
        resolve_errors.append(f"At most {RESOLVES_MAX} flags.")
    for flag_id in wanted:
        flag = flags.get(flag_id)
        if flag is None:
            resolve_errors.append(f"No contradiction flag {flag_id}.")
        elif claim.pk not in (flag.claim_a_id, flag.claim_b_id) and flag_id not in supported:
            resolve_errors.append(f"Flag {flag_id} is not a flag of this claim.")
        elif flag.status == ContradictionFlag.Status.DISMISSED:
            resolve_errors.append(f"Flag {flag_id} was dismissed: there is nothing to resolve.")
    if resolve_errors:
        errors["resolves"] = resolve_errors
    if errors:
        raise InvalidReviewInput(errors)
    return _VerdictInput(
        rating=rating,
        rationale=rationale,
        evidence=cleaned,
        resolves=[flags[pk] for pk in wanted],
    )


def verdict_submit(
    *,
    claim_id: int,
    actor,
    rating: str,
    rationale: str,
    evidence: Sequence[EvidenceItem],
    resolves: Sequence[int] = (),
) -> Verdict:
    """The current assignee submits a verdict for approval. After changes were requested (and
    the review started again), submitting adds a new version; earlier ones are kept."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.SUBMIT,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        _require_assignee(claim, actor, "submit a verdict")
        data = _verdict_input_clean(
            claim=claim, rating=rating, rationale=rationale, evidence=evidence, resolves=resolves
        )
        version = (claim.verdicts.aggregate(last=Max("version"))["last"] or 0) + 1
        verdict = Verdict.objects.create(
            claim=claim,
            version=version,
            author=actor,
            rating=data.rating,
            rationale=data.rationale,
        )
        for item in data.evidence:
            item.verdict = verdict
        Evidence.objects.bulk_create(data.evidence)
        verdict.resolves.set(data.resolves)
        source = _claim_move(claim, CLAIM_TRANSITIONS[ReviewAction.SUBMIT].target)
        audit_event_record(
            actor=actor,
            action=AuditAction.VERDICT_SUBMITTED,
            claim=claim,
            from_state=source,
            to_state=claim.status,
            details={
                "verdict": verdict.pk,
                "version": version,
                "rating": verdict.rating,
                "evidence": len(data.evidence),
                "resolves": [flag.pk for flag in data.resolves],
            },
        )
        event_publish(
            event_type="verdict.submitted",
            data={
                "claim": claim.pk,
                "verdict": verdict.pk,
                "version": version,
                "rating": verdict.rating,
            },
        )
    return verdict


def _verdict_waiting(claim: Claim, verdict_id: int | None) -> Verdict:
    """The submitted verdict of a claim that is `submitted` (its latest version)."""
    return _verdict_lock_latest(
        claim,
        status=Verdict.Status.SUBMITTED,
        refusal="This claim has no verdict waiting for approval.",
        verdict_id=verdict_id,
    )


def _four_eyes(verdict: Verdict, actor, doing: str) -> None:
    if verdict.author_id == actor.pk:
        raise ActionForbidden(
            f"You wrote this verdict: another editor must {doing} it (four-eyes rule)."
        )


def review_approve(
    *, claim_id: int, actor, comment: str = "", verdict_id: int | None = None
) -> Verdict:
    """An editor who is not the verdict's author approves it. Under the claim's row lock, two
    editors approving at once end in one approval and one TransitionNotAllowed."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.APPROVE,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        verdict = _verdict_waiting(claim, verdict_id)
        _four_eyes(verdict, actor, "approve")
        comment = (comment or "").strip()
        if len(comment) > TEXT_MAX:
            raise InvalidReviewInput({"comment": [f"At most {TEXT_MAX:,} characters."]})
        _verdict_record_review(
            claim=claim,
            verdict=verdict,
            actor=actor,
            action=ReviewAction.APPROVE,
            status=Verdict.Status.APPROVED,
            comment=comment,
            audit_action=AuditAction.VERDICT_APPROVED,
        )
    return verdict


def _verdict_record_review(
    *, claim, verdict: Verdict, actor, action, status: str, comment: str, audit_action: AuditAction
) -> None:
    """Record an editor's decision on a verdict (row already locked and checked), move the
    claim as the transition table says, and audit it."""
    verdict.status = status
    verdict.reviewed_by = actor
    verdict.reviewed_at = timezone.now()
    verdict.review_comment = comment
    verdict.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    source = _claim_move(claim, CLAIM_TRANSITIONS[action].target)
    audit_event_record(
        actor=actor,
        action=audit_action,
        claim=claim,
        from_state=source,
        to_state=claim.status,
        comment=comment,
        details={"verdict": verdict.pk, "version": verdict.version},
    )


def review_request_changes(
    *, claim_id: int, actor, comment: str, verdict_id: int | None = None
) -> Verdict:
    """An editor who is not the verdict's author returns it with a comment; the assignee
    starts again and submits a new version."""
    with transaction.atomic():
        claim = _claim_lock(claim_id)
        _transition_check(
            table=CLAIM_TRANSITIONS,
            action=ReviewAction.REQUEST_CHANGES,
            state=claim.status,
            actor=actor,
            subject="claim",
        )
        verdict = _verdict_waiting(claim, verdict_id)
        _four_eyes(verdict, actor, "review")
        comment = _require_text(comment, field_name="comment", what="A comment")
        _verdict_record_review(
            claim=claim,
            verdict=verdict,
            actor=actor,
            action=ReviewAction.REQUEST_CHANGES,
            status=Verdict.Status.CHANGES_REQUESTED,
            comment=comment,
            audit_action=AuditAction.VERDICT_CHANGES_REQUESTED,
        )
    return verdict
