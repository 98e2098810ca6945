"""Contradiction detection: a claim compared with its story's, flags created, updated and
withdrawn as the engine's findings change, and the story's figure index kept with them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .. import engine
from ..audit import AuditAction, audit_events_record
from ..engine import signatures as signatures_engine
from ..engine.signatures import detection_signature
from ..events import event_publish_many
from ..models import (
    AuditEvent,
    Claim,
    ContradictionFlag,
    FlagClaim,
    Story,
    StoryFigure,
)
from ..selectors import (
    claim_record,
    detection_candidates,
    flag_claims_by_side,
)
from .processing import article_complete_if_checked


def claim_detect_contradictions(*, claim_id: int) -> list[ContradictionFlag]:
    """Compare a claim with the distinct statements of its story that share an index key
    with it, and file each disagreement found under its flag: the flag of these two figures
    in this story if there is one (whatever its status: a dismissed disagreement stays
    dismissed for its repeats), else a new one. The claim joins the side of its figure.
    Running it again changes nothing; a flag a person decided on keeps its status."""
    claim = Claim.objects.select_related("article").filter(pk=claim_id).first()
    if claim is None:
        return []
    if claim.detection_version == Claim.DETECTION_RETIRED:
        # Kept for its review history only (queued again by a story move or the sweep):
        # never compared, but counted as done so that its article completes.
        Claim.objects.filter(pk=claim.pk, detected_at=None).update(detected_at=timezone.now())
        if claim.article_id is not None:
            article_complete_if_checked(article_id=claim.article_id)
        return []
    record = claim_record(claim)
    keys = engine.index_keys(record.facts)
    candidates = detection_candidates(claim=claim, keys=keys)
    findings = engine.detect(record, candidates.records)
    # Read differently since it was stored (an engine upgrade): filed again.
    refiled = claim.detection_signature != detection_signature(record.facts, record.published)
    on = _flags_on(claim_ids=[claim.pk])
    flags = []
    if findings or on or candidates.stale or refiled:
        with transaction.atomic():
            if refiled:
                _claim_figures_register([claim], facts={claim.pk: record.facts})
            if candidates.stale:
                _story_figures_repair(story_id=claim.story_id, signatures=candidates.stale)
            flags = _flags_upsert(claim=claim, findings=findings, signatures=candidates.signatures)
            _flags_release(claim_ids=[claim.pk], keep={flag.pk for flag in flags}, on=on)
            _claim_mark_detected(claim)
    else:
        _claim_mark_detected(claim)  # nothing to file or take back: one statement
    if claim.article_id is not None:
        article_complete_if_checked(article_id=claim.article_id)
    return flags


def _claim_mark_detected(claim: Claim) -> None:
    Claim.objects.filter(pk=claim.pk).update(
        detection_version=engine.ENGINE_VERSION, detected_at=timezone.now()
    )


def _claim_figures_register(
    claims: Sequence[Claim], *, facts: dict[int, engine.ClaimFacts] | None = None
) -> None:
    """Give each claim its detection signature and enter it among its story's distinct
    statements, under each of its index keys (where the story already has the statement,
    the claim that stands for it stays)."""
    facts = facts or {}
    changed, rows = [], []
    for claim in claims:
        stated = facts.get(claim.pk) or engine.ClaimFacts.from_dict(claim.facts)
        published = claim_record(claim, facts=stated).published
        signature = detection_signature(stated, published)
        if claim.detection_signature != signature:
            claim.detection_signature = signature
            changed.append(claim)
        if claim.story_id is not None:
            rows += [
                StoryFigure(
                    story_id=claim.story_id,
                    key=key,
                    signature=signature,
                    claim=claim,
                    article_id=claim.article_id,
                    published=published,
                )
                for key in engine.index_keys(stated)
            ]
    if changed:
        Claim.objects.bulk_update(changed, ["detection_signature"])
    if rows:
        StoryFigure.objects.bulk_create(rows, ignore_conflicts=True)


def _story_figures_repair(
    *, story_id: int, signatures: Iterable[str], leaving: Sequence[int] = ()
) -> None:
    """These statements of a story are given the first other claim of the story that makes
    them (not one of `leaving`), or forgotten when none is left."""
    signatures = list(signatures)
    firsts = (
        Claim.objects.filter(story_id=story_id, detection_signature__in=signatures)
        .exclude(pk__in=list(leaving))
        .values("detection_signature")
        .annotate(first=Min("pk"))
        .order_by()
        .values_list("detection_signature", "first")
    )
    first_of = dict(firsts)
    articles = dict(Claim.objects.filter(pk__in=first_of.values()).values_list("pk", "article_id"))
    # In bulk, whatever the number of statements: a few queries per story.
    StoryFigure.objects.filter(story_id=story_id, signature__in=signatures).exclude(
        signature__in=list(first_of)
    ).delete()
    moved = []
    for row in StoryFigure.objects.filter(story_id=story_id, signature__in=list(first_of)):
        claim_id = first_of[row.signature]
        if (row.claim_id, row.article_id) != (claim_id, articles[claim_id]):
            row.claim_id, row.article_id = claim_id, articles[claim_id]
            moved.append(row)
    if moved:
        StoryFigure.objects.bulk_update(moved, ["claim", "article"])


def _story_figures_forget(claim_ids: Sequence[int]) -> None:
    """Claims about to leave their story or to state something else stop standing for their
    statements: another claim making them takes their place."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return
    stood_for: dict[int, set[str]] = {}
    for story_id, signature in (
        StoryFigure.objects.filter(claim_id__in=claim_ids)
        .values_list("story_id", "signature")
        .distinct()
    ):
        stood_for.setdefault(story_id, set()).add(signature)
    for story_id, signatures in stood_for.items():
        _story_figures_repair(story_id=story_id, signatures=signatures, leaving=claim_ids)


@dataclass(frozen=True)
class _Disagreement:
    """One disagreement found for a claim: the best finding, and the other claims (standing
    for their statements) it was found against."""

    found: signatures_engine.Disagreement
    finding: engine.Finding
    claim_side: str  # the claim's side in the finding's details ("a" or "b")
    others: tuple[int, ...]

    @property
    def claim_signature(self) -> signatures_engine.SideSignature:
        return self.found.a if self.claim_side == "a" else self.found.b

    @property
    def other_signature(self) -> signatures_engine.SideSignature:
        return self.found.b if self.claim_side == "a" else self.found.a


def _side_matches(side: signatures_engine.SideSignature, figure: str, value: str) -> bool:
    """A flag's side holds this figure: the same figure and source, or the same figure stated
    without a source."""
    return side.figure == figure or (not side.attributed and side.value == value)


def _flag_sides_for(flag: ContradictionFlag, item: _Disagreement, claim: Claim) -> tuple | None:
    """(the claim's side, the other claims' side) of `flag` for this disagreement."""
    if not flag.disagreement and not flag.figure_a:  # raised before disagreements were kept
        return ("a", "b") if flag.claim_a_id == claim.pk else ("b", "a")
    mine, theirs = item.claim_signature, item.other_signature
    if _side_matches(mine, flag.figure_a, flag.value_a) and _side_matches(
        theirs, flag.figure_b, flag.value_b
    ):
        return "a", "b"
    if _side_matches(mine, flag.figure_b, flag.value_b) and _side_matches(
        theirs, flag.figure_a, flag.value_a
    ):
        return "b", "a"
    # A disagreement anchored on one figure: every figure held against it is on the other side.
    anchor = item.found.anchor_value
    if anchor and anchor in (flag.value_a, flag.value_b) and flag.value_a != flag.value_b:
        anchor_side = "a" if flag.value_a == anchor else "b"
        held_side = "b" if anchor_side == "a" else "a"
        if item.claim_side == item.found.anchor_side:
            return anchor_side, held_side
        return held_side, anchor_side
    return None


def _disagreements_of(claim: Claim, findings: Sequence[engine.Finding]) -> dict[str, _Disagreement]:
    """The findings grouped by disagreement (one statement may be found against several
    claims standing for the same figure: other days, other wordings)."""
    grouped: dict[str, _Disagreement] = {}
    for finding in sorted(findings, key=lambda f: (-f.score, str(f.other_id), f.kind)):
        other_id = int(finding.other_id)
        found = signatures_engine.disagreement_of(finding.details or {})
        if found is None:
            found = signatures_engine.pair_disagreement(claim.pk, other_id, finding.kind)
        first_id = (finding.details or {}).get("a", {}).get("claim_id")
        if first_id is None:
            claim_side = "a" if claim.pk < other_id else "b"
        else:
            claim_side = "a" if str(first_id) == str(claim.pk) else "b"
        known = grouped.get(found.key)
        if known is None:
            grouped[found.key] = _Disagreement(found, finding, claim_side, (other_id,))
        elif other_id not in known.others:
            grouped[found.key] = _Disagreement(
                known.found, known.finding, known.claim_side, (*known.others, other_id)
            )
    # A figure stated without a source is a repeat of the same figure stated with one.
    for key, item in list(grouped.items()):
        theirs = item.other_signature
        if theirs.attributed:
            continue
        sourced = next(
            (
                other
                for other in grouped.values()
                if other.other_signature.attributed
                and other.other_signature.value == theirs.value
                and other.claim_signature.figure == item.claim_signature.figure
            ),
            None,
        )
        if sourced is not None:
            del grouped[key]
            grouped[sourced.found.key] = _Disagreement(
                sourced.found,
                sourced.finding,
                sourced.claim_side,
                (*sourced.others, *item.others),
            )
    return grouped


def _flags_of_disagreements(
    claim: Claim, wanted: dict[str, _Disagreement]
) -> dict[str, ContradictionFlag]:
    """The stored flags of these disagreements in the claim's story: the same two figures,
    or a figure stated without a source matching a side, or (flags raised before
    disagreements were kept) the same pair of claims and kind."""
    story_id = claim.story_id
    flags = {
        flag.disagreement: flag
        for flag in ContradictionFlag.objects.filter(story_id=story_id, disagreement__in=wanted)
    }
    unattributed = [
        item
        for key, item in wanted.items()
        if key not in flags
        and not (item.claim_signature.attributed and item.other_signature.attributed)
    ]
    if unattributed:
        query = Q()
        for item in unattributed:
            for side, opposite in (
                (item.claim_signature, item.other_signature),
                (item.other_signature, item.claim_signature),
            ):
                query |= Q(figure_a=side.figure, figure_b=opposite.figure)
                query |= Q(figure_b=side.figure, figure_a=opposite.figure)
                if not side.attributed:
                    query |= Q(value_a=side.value, figure_b=opposite.figure)
                    query |= Q(value_b=side.value, figure_a=opposite.figure)
                    if not opposite.attributed:
                        query |= Q(value_a=side.value, value_b=opposite.value)
                        query |= Q(value_b=side.value, value_a=opposite.value)
        near = list(
            ContradictionFlag.objects.filter(story_id=story_id).filter(query).order_by("pk")
        )
        for item in unattributed:
            match = next((f for f in near if _flag_sides_for(f, item, claim) is not None), None)
            if match is not None:
                flags[item.found.key] = match
    if len(flags) < len(wanted):
        legacy = (
            ContradictionFlag.objects.filter(
                Q(claim_a=claim) | Q(claim_b=claim), disagreement="", figure_a=""
            )
            .exclude(detector_version=ContradictionFlag.DETECTION_RETIRED)
            .order_by("pk")
        )
        for flag in legacy:
            other = flag.claim_b_id if flag.claim_a_id == claim.pk else flag.claim_a_id
            for key, item in wanted.items():
                if key not in flags and other in item.others and flag.kind == item.finding.kind:
                    flags[key] = flag
    return flags


def _flag_fields(finding: engine.Finding) -> dict:
    return {
        "kind": finding.kind,
        "score": round(float(finding.score), 4),
        "explanation": finding.explanation,
        "details": finding.details,
        "detector_version": engine.ENGINE_VERSION,
    }


def _flags_upsert(
    *, claim: Claim, findings: Sequence[engine.Finding], signatures: dict[int, str]
) -> list[ContradictionFlag]:
    """File each disagreement found for `claim` under its flag (created when new) and put the
    claim, and the claims it was compared with, on their sides. A new flag also takes the
    claims of the story that make the same statements (their detection ran before the
    other side was stated). Returns the flags the claim is on now."""
    wanted = _disagreements_of(claim, findings)
    if not wanted:
        return []
    flags = _flags_of_disagreements(claim, wanted)
    sides: list[tuple[int, int, str]] = []  # (flag, claim, side)
    to_update = []
    for key, flag in flags.items():
        item = wanted[key]
        claim_side, other_side = _flag_sides_for(flag, item, claim) or ("a", "b")
        sides.append((flag.pk, claim.pk, claim_side))
        sides += [(flag.pk, other, other_side) for other in item.others]
        first_pair = {flag.claim_a_id, flag.claim_b_id}
        if claim.pk in first_pair and (first_pair - {claim.pk}) & set(item.others):
            # Found between the flag's own two claims: the current engine's words and score.
            fields = _flag_fields(item.finding)
            if not flag.disagreement and not flag.figure_a:
                fields |= _flag_signature_fields(flag.claim_a_id == claim.pk, item)
                if key not in {f.disagreement for f in flags.values()}:
                    fields["disagreement"] = key
                fields["story_id"] = claim.story_id
            if any(getattr(flag, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(flag, name, value)
                to_update.append(flag)
    created, joined = _flags_create(claim, {k: v for k, v in wanted.items() if k not in flags})
    flags |= joined
    for flag, item in created:
        claim_side = "a" if flag.claim_a_id == claim.pk else "b"
        other_side = "b" if claim_side == "a" else "a"
        sides.append((flag.pk, claim.pk, claim_side))
        sides += [(flag.pk, other, other_side) for other in item.others]
    sides += _flag_sides_of_same_statements(claim, created, signatures)
    FlagClaim.objects.bulk_create(
        [FlagClaim(flag_id=flag, claim_id=member, side=side) for flag, member, side in sides],
        ignore_conflicts=True,
    )
    if to_update:
        now = timezone.now()
        for flag in to_update:
            flag.updated_at = now
        ContradictionFlag.objects.bulk_update(
            to_update,
            [
                "kind",
                "score",
                "explanation",
                "details",
                "detector_version",
                "story",
                "disagreement",
                "figure_a",
                "figure_b",
                "value_a",
                "value_b",
                "updated_at",
            ],
        )
    if created:
        _flags_announce([flag for flag, _ in created])
    return list({flag.pk: flag for flag in [*flags.values(), *(f for f, _ in created)]}.values())


def _flag_signature_fields(claim_is_a: bool, item: _Disagreement) -> dict:
    first, second = (
        (item.claim_signature, item.other_signature)
        if claim_is_a
        else (item.other_signature, item.claim_signature)
    )
    return {
        "figure_a": first.figure,
        "value_a": first.value,
        "figure_b": second.figure,
        "value_b": second.value,
    }


def _flags_create(
    claim: Claim, new: dict[str, _Disagreement]
) -> tuple[list[tuple[ContradictionFlag, _Disagreement]], dict[str, ContradictionFlag]]:
    """Insert the flags of new disagreements, the smaller claim id as claim_a. The same
    disagreement may be raised at the same moment by another claim's task: then only one
    insert succeeds, the other claim joins that flag, and each flag is announced once.
    Returns the flags created, and the flags of another task joined instead."""
    if not new:
        return [], {}
    built = []
    for key, item in new.items():
        other = item.others[0]
        built.append(
            (
                ContradictionFlag(
                    claim_a_id=min(claim.pk, other),
                    claim_b_id=max(claim.pk, other),
                    story_id=claim.story_id,
                    disagreement=key,
                    **_flag_signature_fields(claim.pk < other, item),
                    **_flag_fields(item.finding),
                ),
                item,
            )
        )
    try:
        with transaction.atomic():
            ContradictionFlag.objects.bulk_create([flag for flag, _ in built])
        return built, {}
    except IntegrityError:
        pass
    created, joined = [], {}
    for flag, item in built:
        flag.pk = None
        try:
            with transaction.atomic():
                flag.save()
        except IntegrityError:
            existing = ContradictionFlag.objects.get(
                story_id=claim.story_id, disagreement=flag.disagreement
            )
            sides = _flag_sides_for(existing, item, claim) or ("a", "b")
            FlagClaim.objects.bulk_create(
                [FlagClaim(flag=existing, claim=claim, side=sides[0])]
                + [FlagClaim(flag=existing, claim_id=o, side=sides[1]) for o in item.others],
                ignore_conflicts=True,
            )
            joined[flag.disagreement] = existing
            continue
        created.append((flag, item))
    return created, joined


def _flag_sides_of_same_statements(
    claim: Claim,
    created: Sequence[tuple[ContradictionFlag, _Disagreement]],
    signatures: dict[int, str],
) -> list[tuple[int, int, str]]:
    """For new flags: the other claims of the story making the statement of a side (the same
    detection signature), except those of the article of the opposite side's claim (there
    the engine compared them directly)."""
    if not created:
        return []
    groups: dict[str, list[tuple[int, str, int | None]]] = {}  # signature -> (flag, side, article)
    articles = dict(
        Claim.objects.filter(
            pk__in={other for _, item in created for other in item.others}
        ).values_list("pk", "article_id")
    )
    for flag, item in created:
        claim_side = "a" if flag.claim_a_id == claim.pk else "b"
        other_side = "b" if claim_side == "a" else "a"
        for other in item.others:
            if claim.detection_signature:
                groups.setdefault(claim.detection_signature, []).append(
                    (flag.pk, claim_side, articles.get(other))
                )
            if signatures.get(other):
                groups.setdefault(signatures[other], []).append(
                    (flag.pk, other_side, claim.article_id)
                )
    members = Claim.objects.filter(
        story_id=claim.story_id, detection_signature__in=groups
    ).values_list("pk", "detection_signature", "article_id")
    sides = []
    for pk, signature, article_id in members:
        for flag_id, side, opposite_article in groups[signature]:
            if opposite_article is None or article_id != opposite_article:
                sides.append((flag_id, pk, side))
    return sides


def _flags_announce(flags: Sequence[ContradictionFlag]) -> None:
    members = flag_claims_by_side([flag.pk for flag in flags])
    event_publish_many(
        event_type="contradiction.flagged",
        datas=[_flag_event_data(flag, members[flag.pk]) for flag in flags],
    )


def _flag_event_data(flag: ContradictionFlag, sides: dict[str, list[dict]]) -> dict:
    return {
        "id": flag.pk,
        "kind": flag.kind,
        "score": flag.score,
        "explanation": flag.explanation,
        "claim_a": sides["a"][0],
        "claim_b": sides["b"][0],
        "claims_a": sides["a"],
        "claims_b": sides["b"],
    }


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
        ContradictionFlag.objects.bulk_update(promoted, ["claim_a", "claim_b"])
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
    """The smallest claim id on `side` of the outer flag, apart from the `leaving` claims."""
    return Subquery(
        FlagClaim.objects.filter(flag_id=OuterRef("pk"), side=side)
        .exclude(claim_id__in=leaving)
        .order_by("claim_id")
        .values("claim_id")[:1]
    )


def _next_first(first: int, remaining: int | None, leaving: Sequence[int]) -> int | None:
    """The first claim of a side once `leaving` claims are off it: the same if it stays,
    else the side's next claim (`remaining`), else None (the side is empty)."""
    if first not in leaving:
        return first
    return remaining
