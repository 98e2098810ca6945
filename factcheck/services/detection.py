"""Contradiction detection: a claim compared with the statements of its story that share
an index key with it, and each disagreement found filed under its flag (created, joined or
updated; a new one announced). The flags' sides, headlines and release, and the story's
figure index, are kept by flag_sides, flag_headline, flag_release and story_figures."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import engine
from ..engine.signatures import detection_signature
from ..events import event_publish_many
from ..models import Claim, ContradictionFlag, FlagClaim
from ..selectors import claim_record, detection_candidates, flag_claims_by_side
from .flag_headline import _HEADLINE_FIELDS, _flag_fields, _flags_lead
from .flag_release import _flags_on, _flags_release
from .flag_sides import (
    _Disagreement,
    _disagreements_of,
    _flag_sides_for,
    _flag_signature_fields,
    _flags_of_disagreements,
    _flags_orient,
    _side_a_is_first,
)
from .processing import article_complete_if_checked
from .story_figures import _claim_figures_register, _story_figures_repair


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


def _flags_upsert(
    *, claim: Claim, findings: Sequence[engine.Finding], signatures: dict[int, str]
) -> list[ContradictionFlag]:
    """File each disagreement found for `claim` under its flag (created when new) and put the
    claim, and the claims it was compared with, on their sides. A new flag also takes the
    claims of the story that make the same statements (their detection ran before the
    other side was stated). Each flag's headline then follows its sides (_flags_lead).
    Returns the flags the claim is on now."""
    wanted = _disagreements_of(claim, findings)
    if not wanted:
        return []
    flags = _flags_lock(_flags_of_disagreements(claim, wanted))
    flipped = _flags_orient(flags, wanted)
    sides: list[tuple[int, int, str]] = []  # (flag, claim, side)
    to_update = {flag.pk: flag for flag in flipped}
    for key, flag in flags.items():
        item = wanted[key]
        claim_side, other_side = _flag_sides_for(flag, item, claim) or ("a", "b")
        sides.append((flag.pk, claim.pk, claim_side))
        sides += [(flag.pk, other, other_side) for other in item.others]
        first_pair = {flag.claim_a_id, flag.claim_b_id}
        legacy = not flag.disagreement and not flag.figure_a
        if legacy and claim.pk in first_pair and (first_pair - {claim.pk}) & set(item.others):
            # Raised before disagreements were kept: it takes this one's keys.
            fields = _flag_signature_fields(flag.claim_a_id == claim.pk, item)
            if key not in {f.disagreement for f in flags.values()}:
                fields["disagreement"] = key
            fields["story_id"] = claim.story_id
            for name, value in fields.items():
                setattr(flag, name, value)
            to_update[flag.pk] = flag
    created, joined, joined_sides = _flags_create(
        claim, {k: v for k, v in wanted.items() if k not in flags}
    )
    flags |= joined
    sides += joined_sides
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
    touched = list({flag.pk: flag for flag in [*flags.values(), *(f for f, _ in created)]}.values())
    reword = {flag.pk for flag, _ in created}
    for flag in touched:
        if claim.pk in (flag.claim_a_id, flag.claim_b_id):
            reword.add(flag.pk)  # compared now: the current engine's words for the headline
    for flag in _flags_lead(touched, sides, claim=claim, findings=findings, reword=reword):
        to_update[flag.pk] = flag
    created_ids = {flag.pk for flag, _ in created}
    stored = [flag for flag in to_update.values() if flag.pk not in created_ids]
    if stored or created:
        now = timezone.now()
        for flag in stored:
            flag.updated_at = now
        ContradictionFlag.objects.bulk_update(
            [*stored, *(flag for flag, _ in created if flag.pk in to_update)],
            [*_HEADLINE_FIELDS, "story", "disagreement", "updated_at"],
        )
    if created:
        _flags_announce([flag for flag, _ in created])
    return touched


def _flags_lock(flags: dict[str, ContradictionFlag]) -> dict[str, ContradictionFlag]:
    """The same flags read again under their row locks (in id order), so that two claims
    detected at once change a flag's headline one after the other."""
    if not flags:
        return flags
    locked = {
        flag.pk: flag
        for flag in ContradictionFlag.objects.select_for_update(no_key=True)
        .filter(pk__in=[flag.pk for flag in flags.values()])
        .order_by("pk")
    }
    return {key: locked[flag.pk] for key, flag in flags.items() if flag.pk in locked}


def _flags_create(
    claim: Claim, new: dict[str, _Disagreement]
) -> tuple[
    list[tuple[ContradictionFlag, _Disagreement]],
    dict[str, ContradictionFlag],
    list[tuple[int, int, str]],
]:
    """Insert the flags of new disagreements, side A the one _side_a_is_first names (its
    first claims are set by _flags_lead once the sides are known). The same disagreement may
    be raised at the same moment by another claim's task: then only one insert succeeds,
    the other claim joins that flag, and each flag is announced once. Returns the flags
    created, the flags of another task joined instead, and the sides taken on those."""
    if not new:
        return [], {}, []
    built = []
    for key, item in new.items():
        other = item.others[0]
        mine, theirs = item.claim_signature, item.other_signature
        claim_is_a = _side_a_is_first(mine, theirs, item.found.anchor_value)
        built.append(
            (
                ContradictionFlag(
                    claim_a_id=claim.pk if claim_is_a else other,
                    claim_b_id=other if claim_is_a else claim.pk,
                    story_id=claim.story_id,
                    disagreement=key,
                    **_flag_signature_fields(claim_is_a, item),
                    **_flag_fields(item.finding),
                ),
                item,
            )
        )
    try:
        with transaction.atomic():
            ContradictionFlag.objects.bulk_create([flag for flag, _ in built])
        return built, {}, []
    except IntegrityError:
        pass
    created, joined, joined_sides = [], {}, []
    for flag, item in built:
        flag.pk = None
        try:
            with transaction.atomic():
                flag.save()
        except IntegrityError:
            existing = ContradictionFlag.objects.select_for_update(no_key=True).get(
                story_id=claim.story_id, disagreement=flag.disagreement
            )
            mine, theirs = _flag_sides_for(existing, item, claim) or ("a", "b")
            joined_sides.append((existing.pk, claim.pk, mine))
            joined_sides += [(existing.pk, other, theirs) for other in item.others]
            joined[flag.disagreement] = existing
            continue
        created.append((flag, item))
    return created, joined, joined_sides


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
