"""Claims taken off the open flags they no longer support (detection run again, a reprocessed
article, a story move): a side led by its next claim, a flag with an empty side withdrawn, or
retired (kept out of detection) when a person's review refers to it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from .. import engine
from ..audit import AuditAction, audit_events_record
from ..models import AuditEvent, ContradictionFlag, FlagClaim, Story
from .flag_headline import _HEADLINE_FIELDS, _flags_reword


def _flags_on(*, claim_ids: Sequence[int]) -> set[int]:
    """The flags these claims are on: one query over two indexes (the first claims of flags
    raised before sides were kept have no FlagClaim row)."""
    return set(
        FlagClaim.objects.filter(claim_id__in=claim_ids)
        .order_by()
        .values_list("flag_id", flat=True)
        .union(
            ContradictionFlag.objects.filter(
                Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids)
            )
            .order_by()
            .values_list("pk", flat=True)
        )
    )


def _flags_release(
    *,
    claim_ids: Sequence[int],
    keep: set[int],
    story: Story | None = None,
    on: set[int] | None = None,
    article_id: int | None = None,
) -> int:
    """Take claims off the open flags they no longer support (not in `keep`; with `story`,
    the open flags of other stories than `story`; `on`: the flags they are on, when read
    already). A side that loses its first claim is led by its next claim; a flag with an
    empty side is withdrawn (deleted, audited). Flags a person confirmed or dismissed are
    never touched. With `article_id`, the withdrawals are recorded on that article rather
    than on a claim (claims about to be deleted). Returns how many flags were withdrawn."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return 0
    on = (_flags_on(claim_ids=claim_ids) if on is None else set(on)) - keep
    if not on:
        return 0
    open_flags = ContradictionFlag.objects.filter(
        pk__in=on, status=ContradictionFlag.Status.OPEN
    ).exclude(detector_version=ContradictionFlag.DETECTION_RETIRED)
    if story is not None:
        open_flags = open_flags.exclude(story=story)
    # Of each side, only the claim that would lead it once these claims are off: one indexed
    # look-up per flag, never a read of its members (a side may hold thousands of repeats).
    leaving = list(
        open_flags.exclude(pk__in=keep)
        .annotate(next_a=_side_next(claim_ids, "a"), next_b=_side_next(claim_ids, "b"))
        .order_by("pk")
    )
    if not leaving:
        return 0
    withdrawn, promoted = [], []
    for flag in leaving:
        next_a = _next_first(flag.claim_a_id, flag.next_a, claim_ids)
        next_b = _next_first(flag.claim_b_id, flag.next_b, claim_ids)
        if next_a is None or next_b is None:
            withdrawn.append(flag)
        elif (next_a, next_b) != (flag.claim_a_id, flag.claim_b_id):
            flag.claim_a_id, flag.claim_b_id = next_a, next_b
            promoted.append(flag)
    retired = _flags_retire(withdrawn, article_id=article_id)
    withdrawn = [flag for flag in withdrawn if flag.pk not in retired]
    # A retired flag keeps its sides as they were: they are the record a review refers to.
    FlagClaim.objects.filter(flag__in=leaving, claim_id__in=claim_ids).exclude(
        flag_id__in=retired
    ).delete()
    if promoted:
        _flags_reword(promoted)
        ContradictionFlag.objects.bulk_update(promoted, list(_HEADLINE_FIELDS))
    if withdrawn:
        audit_events_record(
            events=[
                dict(
                    action=AuditAction.FLAG_WITHDRAWN,
                    claim_id=claim_ids[0] if len(claim_ids) == 1 and not article_id else None,
                    article_id=article_id,
                    comment=f"flag {flag.pk} no longer found by engine "
                    f"{engine.ENGINE_VERSION}: {flag.explanation}"[:2000],
                )
                for flag in withdrawn
            ]
        )
        ContradictionFlag.objects.filter(pk__in=[flag.pk for flag in withdrawn]).delete()
    return len(withdrawn)


def _flags_reviewed() -> QuerySet[ContradictionFlag]:
    """The flags a person's review refers to: cited as evidence or settled by a verdict, or
    changed by a person (an audited action with an actor). Never deleted by detection: they
    are kept as that record. Through ContradictionFlag's reverse accessors: no import of
    reviews."""
    evidence = ContradictionFlag.cited_as_evidence.rel.related_model
    settled = ContradictionFlag.resolving_verdicts.through
    return ContradictionFlag.objects.filter(
        Q(Exists(evidence.objects.filter(flag_id=OuterRef("pk"))))
        | Q(Exists(settled.objects.filter(contradictionflag_id=OuterRef("pk"))))
        | Q(Exists(AuditEvent.objects.filter(flag_id=OuterRef("pk"), actor__isnull=False)))
    )


def _flags_retire(flags: Sequence[ContradictionFlag], *, article_id: int | None) -> set[int]:
    """Of open flags about to be withdrawn, retire those a review refers to instead: kept
    with their claims, words and status, out of detection (ContradictionFlag.DETECTION_RETIRED:
    their disagreement keys cleared, so that they are never joined again and the same
    disagreement found again is a flag of its own). Audited. Returns their ids."""
    if not flags:
        return set()
    retired = set(
        _flags_reviewed().filter(pk__in=[flag.pk for flag in flags]).values_list("pk", flat=True)
    )
    if not retired:
        return retired
    ContradictionFlag.objects.filter(pk__in=retired).update(
        detector_version=ContradictionFlag.DETECTION_RETIRED,
        disagreement="",
        figure_a="",
        figure_b="",
        value_a="",
        value_b="",
        updated_at=timezone.now(),
    )
    audit_events_record(
        events=[
            dict(
                action=AuditAction.FLAG_RETIRED,
                flag_id=flag.pk,
                article_id=article_id,
                from_state=flag.status,
                to_state=flag.status,
                comment=f"no longer found by engine {engine.ENGINE_VERSION}; kept for the "
                "review that refers to it, out of detection",
                details={
                    "disagreement": flag.disagreement,
                    "detector_version": flag.detector_version,
                },
            )
            for flag in flags
            if flag.pk in retired
        ]
    )
    return retired


def _side_next(leaving: Sequence[int], side: str) -> Subquery:
    """The first claim on `side` of the outer flag in report order (_report_order), apart
    from the `leaving` claims."""
    return Subquery(
        FlagClaim.objects.filter(flag_id=OuterRef("pk"), side=side)
        .exclude(claim_id__in=leaving)
        .order_by(
            TruncDate("claim__article__published_at", tzinfo=datetime.UTC).asc(nulls_last=True),
            "claim_id",
        )
        .values("claim_id")[:1]
    )


def _next_first(first: int, remaining: int | None, leaving: Sequence[int]) -> int | None:
    """The first claim of a side once `leaving` claims are off it: the same if it stays,
    else the side's next claim (`remaining`), else None (the side is empty)."""
    if first not in leaving:
        return first
    return remaining
