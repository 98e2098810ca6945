"""A flag's two sides: the engine's findings for a claim grouped by disagreement, the stored
flag of each, which side of it the claim and the claims it was compared with are on, and which
side is side A."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Q, Value, When

from .. import engine
from ..engine import signatures as signatures_engine
from ..models import Claim, ContradictionFlag, FlagClaim


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
