"""A flag's headline: the first claim of each side in report order and the engine's words on
those two, following the sides whatever order the claims arrived in."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from .. import engine
from ..engine import signatures as signatures_engine
from ..models import Claim, ContradictionFlag, FlagClaim
from ..selectors import claim_record

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


def _report_order(published_at, claim_id: int) -> tuple:
    """A side's claims in report order: its article's publication day (unknown last), then
    id. The first of each side heads the flag."""
    day = published_at.date() if published_at else None
    return (day is None, day or datetime.date.min, claim_id)


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


def _flag_fields(finding: engine.Finding) -> dict:
    return {
        "kind": finding.kind,
        "score": round(float(finding.score), 4),
        "explanation": finding.explanation,
        "details": finding.details,
        "detector_version": engine.ENGINE_VERSION,
    }
