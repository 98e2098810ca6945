"""Contradiction detection: a claim compared with its story's, flags created, updated and
withdrawn as the engine's findings change, and the story's figure index kept with them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import TruncDate
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


# What a person sees of a flag: its first claim of each side, and the engine's words on them.
_HEADLINE_FIELDS = (
    "claim_a",
    "claim_b",
    "figure_a",
    "figure_b",
    "value_a",
    "value_b",
    "kind",
    "score",
    "explanation",
    "details",
    "detector_version",
)


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


def _side_a_is_first(side_a: signatures_engine.SideSignature, side_b, anchor: str | None) -> bool:
    """Which side of a disagreement is side A, from the two sides alone: the anchor figure's
    (the lower figure, held against the others), else the smaller signature (two people)."""
    if anchor:
        return side_a.value == anchor or side_b.value != anchor
    return side_a.figure <= side_b.figure


def _flags_orient(
    flags: dict[str, ContradictionFlag], wanted: dict[str, _Disagreement]
) -> list[ContradictionFlag]:
    """Stored flags whose side A is not the one _side_a_is_first names (raised before sides
    were ordered so) swap their sides. Returns the flags swapped."""
    swapped = []
    for key, flag in flags.items():
        if not flag.figure_a or not flag.figure_b:
            continue
        side_a = signatures_engine.SideSignature(flag.figure_a, flag.value_a, True)
        side_b = signatures_engine.SideSignature(flag.figure_b, flag.value_b, True)
        if _side_a_is_first(side_a, side_b, wanted[key].found.anchor_value):
            continue
        flag.figure_a, flag.figure_b = flag.figure_b, flag.figure_a
        flag.value_a, flag.value_b = flag.value_b, flag.value_a
        flag.claim_a_id, flag.claim_b_id = flag.claim_b_id, flag.claim_a_id
        swapped.append(flag)
    if swapped:
        FlagClaim.objects.filter(flag__in=swapped).update(
            side=Case(When(side="a", then=Value("b")), default=Value("a"))
        )
    return swapped


def _report_order(published_at, claim_id: int) -> tuple:
    """A side's claims in report order: its article's publication day (unknown last), then
    id. The first of each side heads the flag."""
    day = published_at.date() if published_at else None
    return (day is None, day or datetime.date.min, claim_id)


def _flags_lead(
    flags: Sequence[ContradictionFlag],
    sides: Sequence[tuple[int, int, str]],
    *,
    claim: Claim | None = None,
    findings: Sequence[engine.Finding] = (),
    reword: set[int] = frozenset(),
) -> list[ContradictionFlag]:
    """Give each flag its headline from its sides alone, whatever order the claims arrived
    in: `claim_a` / `claim_b` the first claim of each side in report order, and the engine's
    finding on those two (kind, score, explanation, details). Only the claims joining now
    (`sides`) can come before a side's first claim, so that is all it reads: a few queries
    whatever the length of the sides. Flags in `reword` take the engine's words again even
    with the same two claims. Returns the flags changed (not saved)."""
    if not flags:
        return []
    flag_ids = [flag.pk for flag in flags]
    candidates: dict[tuple[int, str], set[int]] = {}
    for flag in flags:
        candidates[(flag.pk, "a")] = {flag.claim_a_id}
        candidates[(flag.pk, "b")] = {flag.claim_b_id}
    firsts = {pk for pair in candidates.values() for pk in pair}
    # The sides the joining claims are really on (one already on a flag keeps its side),
    # and the report day of each candidate.
    order = {}
    for flag_id, member, side, published_at in FlagClaim.objects.filter(
        flag_id__in=flag_ids, claim_id__in={member for _, member, _ in sides} | firsts
    ).values_list("flag_id", "claim_id", "side", "claim__article__published_at"):
        candidates[(flag_id, side)].add(member)
        order[member] = _report_order(published_at, member)
    if firsts - order.keys():  # the first claims of flags raised before sides were kept
        order |= {
            pk: _report_order(published_at, pk)
            for pk, published_at in Claim.objects.filter(pk__in=firsts - order.keys()).values_list(
                "pk", "article__published_at"
            )
        }
    before = {flag.pk: _headline(flag) for flag in flags}
    rewording = []
    for flag in flags:
        lead_a, lead_b = (
            min(
                candidates[(flag.pk, side)],
                key=lambda pk: order.get(pk, (True, datetime.date.max, pk)),
            )
            for side in "ab"
        )
        if (lead_a, lead_b) != (flag.claim_a_id, flag.claim_b_id) or flag.pk in reword:
            flag.claim_a_id, flag.claim_b_id = lead_a, lead_b
            rewording.append(flag)
    _flags_reword(rewording, claim=claim, findings=findings)
    return [flag for flag in flags if _headline(flag) != before[flag.pk]]


def _headline(flag: ContradictionFlag) -> tuple:
    return tuple(
        getattr(flag, f"{name}_id" if name.startswith("claim_") else name)
        for name in _HEADLINE_FIELDS
    )


def _flags_reword(
    flags: Sequence[ContradictionFlag],
    *,
    claim: Claim | None = None,
    findings: Sequence[engine.Finding] = (),
) -> None:
    """Each flag takes the engine's finding on its two first claims for its disagreement:
    from `findings` (those of `claim`) when `claim` is one of them and was compared with the
    other, else compared now. When the engine finds nothing between those two (it never
    compares an article's own unattributed figures, for one), the flag keeps its words."""
    chosen: dict[int, engine.Finding | None] = {}
    for flag in flags:
        if claim is not None and claim.pk in (flag.claim_a_id, flag.claim_b_id):
            other = flag.claim_b_id if flag.claim_a_id == claim.pk else flag.claim_a_id
            found = [f for f in findings if str(f.other_id) == str(other)]
            if found:
                chosen[flag.pk] = _headline_finding(flag, found)
    compare = [flag for flag in flags if flag.pk not in chosen]
    if compare:
        ids = {pk for flag in compare for pk in (flag.claim_a_id, flag.claim_b_id)}
        records = {
            member.pk: claim_record(member)
            for member in Claim.objects.select_related("article").filter(pk__in=ids)
        }
        for flag in compare:
            if flag.claim_a_id in records and flag.claim_b_id in records:
                found = engine.detect(records[flag.claim_a_id], [records[flag.claim_b_id]])
                chosen[flag.pk] = _headline_finding(flag, found)
    for flag in flags:
        finding = chosen.get(flag.pk)
        if finding is not None:
            for name, value in _flag_fields(finding).items():
                setattr(flag, name, value)


def _headline_finding(
    flag: ContradictionFlag, found: Sequence[engine.Finding]
) -> engine.Finding | None:
    """Of the engine's findings on a flag's two first claims, the one about its
    disagreement (a finding that does not name its sides is about these two claims)."""
    if flag.disagreement:
        found = [
            f
            for f in found
            if (described := signatures_engine.disagreement_of(f.details or {})) is None
            or described.key == flag.disagreement
        ]
    return max(found, key=lambda f: (f.score, f.explanation), default=None)


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
