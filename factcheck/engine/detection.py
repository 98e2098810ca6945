"""Contradiction detection between structured claims: ``detect`` and ``index_keys``.

Each pair of figures is compared by the rules of ``relations.py``; people by ``entities.py``;
findings are worded by ``explanations.py``.

Kinds: ``numeric`` (same source, same or unknown report date), ``revision`` (same source,
different report dates), ``cross_source`` (different sources, or an unattributed side),
``entity`` (different given names, or different people, for the same role).

Scores (documented choices): the base reflects how sure the sides speak of the same thing:
same source 0.9 (0.7 for the same unnamed source, e.g. "officials"), two named sources 0.8,
an unnamed/described source 0.55, one side unattributed 0.5, both unattributed 0.35; times
0.85 for a part/whole comparison and 0.7 for a competing count flagged by the text ("other
sources put the toll at ..."); times a gap factor from 0.7 (barely disjoint) to 1.0 (one
figure 1.5x the other or more).
Entity scores: see ``entities.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .entities import _entity_findings
from .explanations import _explain, _fig_details, _src_label, describe_figure
from .facts import ClaimFacts, ClaimRecord, Figure, Finding
from .measures import EVENT_PARENT, contains
from .relations import (
    _canonical,
    _coarse_event,
    _conflict,
    _explicit_same_scope,
    _far_apart,
    _max_ratio,
    _one_breakdown,
    _other_moments,
    _part_reported_later,
    _placed_apart,
    _same_source,
    _source_base,
    _tallied_apart,
    relation,
)

KEY_MAX = 200


# ------------------------------------------------------------------ index keys


def _event_descendants(event: str) -> list[str]:
    return [e for e in EVENT_PARENT if contains(event, e, EVENT_PARENT)]


def index_keys(facts: ClaimFacts) -> frozenset[str]:
    """Keys under which a claim is stored; detection candidates share at least one key.

    A figure is filed under its event and the events it contains ("casualties" also under
    killed, executed, wounded), so a part meets its wholes and nothing else: a killed figure
    never retrieves every wounded one. People are filed under their surname skeleton and
    their role (title with organisation class or organisation)."""
    keys: set[str] = set()
    for f in facts.figures:
        if f.denied and not f.source:
            continue
        for e in _event_descendants(f.event):
            keys.add(f"m:{e}")
    for p in facts.people:
        if p.surname:
            keys.add(f"p:{p.surname}")
        if p.title:
            keys.add(f"role:{p.title}|{p.org_class or p.org or ''}")
    return frozenset(k[:KEY_MAX] for k in keys)


def _keep_best(best: dict[str, Finding], f: Finding) -> None:
    cur = best.get(f.kind)
    if cur is None or (f.score, f.explanation) > (cur.score, cur.explanation):
        best[f.kind] = f


_REL_NAMES = {"same": "same", "a": "a_part_of_b", "b": "b_part_of_a", "alternative": "alternative"}


def _slices(record: ClaimRecord) -> set[int]:
    """Of a claim's two figures, the lower when the other is higher, of the same source and,
    as far as the engine read them, the same measure and scope: one statement does not give
    two tolls, so the lower is a slice whose narrowing went unread ("out of 70 bodies, 22 are
    handed over") or the figure the statement revises ("up from 40"), never a toll to hold
    against other reports. Three or more such figures are an enumeration (provinces, days)
    of siblings, none of them the whole: left as read."""
    figures = record.facts.figures
    if len(figures) != 2:
        return set()
    return {
        i
        for i, low in enumerate(figures)
        for high in figures
        if low.hi is not None
        and high.lo > low.hi
        and not low.denied
        and high.source == low.source
        and relation(low, record.published, high, record.published) == "same"
    }


def _figure_findings(new: ClaimRecord, other: ClaimRecord) -> dict[str, Finding]:
    best: dict[str, Finding] = {}
    r1, r2 = _canonical(new, other)
    same_doc = r1.document_id is not None and r1.document_id == r2.document_id
    slices1, slices2 = _slices(r1), _slices(r2)
    for i, a in enumerate(r1.facts.figures):
        if i in slices1:
            continue
        for j, b in enumerate(r2.facts.figures):
            if j in slices2:
                continue
            if a.denied or b.denied:
                f = _denial(r1, a, r2, b, other.id)
                if f is not None:
                    _keep_best(best, f)
                continue
            rel = relation(a, r1.published, b, r2.published)
            factor = 1.0 if rel == "same" else 0.85
            how = rel
            if (
                (a.alternative or b.alternative)
                and same_doc
                and a.source != b.source
                and a.place == b.place
                and a.place is not None
                and _coarse_event(a.event) == _coarse_event(b.event)
                and rel != "same"
            ):
                rel, factor, how = "same", 0.7, "alternative"
            if rel is None or _other_moments(r1, a, r2, b):
                continue
            if (
                same_doc
                and not a.source
                and not b.source
                and a.alternative == b.alternative
                and not _one_breakdown(a, b, rel)
            ):
                continue  # the writer's own figures: the article reconciles them
            gap = _conflict(a, b, rel)
            if gap is None:
                continue
            if rel in ("a", "b") and _tallied_apart(a, b, rel):
                continue  # a breakdown above its total: another scope, not a dispute
            if rel in ("a", "b") and _part_reported_later(rel, r1, r2):
                continue  # a part counted later may exceed a whole counted before it grew
            srel, base = _source_base(a, b)
            if srel != "same" and gap > _max_ratio(a, b) and not _explicit_same_scope(a, b):
                continue  # one figure many times the other: a different scope, not a dispute
            if srel != "same" and _placed_apart(a, b, rel, gap):
                continue  # a country's count far above the whole's: the whole is another's
            if srel != "same" and _far_apart(r1, a, r2, b):
                continue  # reports months apart about no common place: other events
            if srel == "same":
                if r1.published and r2.published and r1.published != r2.published:
                    kind = "revision"
                else:
                    kind = "numeric"
            else:
                kind = "cross_source"
            score = base * factor * min(1.0, 0.7 + 0.6 * min(0.5, gap - 1.0))
            score = round(max(0.01, min(1.0, score)), 3)
            _keep_best(
                best,
                Finding(
                    other_id=other.id,
                    kind=kind,
                    score=score,
                    explanation=_explain(kind, how, r1, a, r2, b),
                    details={
                        "relation": _REL_NAMES[how],
                        "a": _fig_details(a, r1),
                        "b": _fig_details(b, r2),
                    },
                ),
            )
    return best


def _denial(
    r1: ClaimRecord, a: Figure, r2: ClaimRecord, b: Figure, other_id: int | str
) -> Finding | None:
    """A source denying a figure that another report attributes to it (r1, r2 canonical)."""
    if a.denied == b.denied or not a.source or not _same_source(a.source, b.source or ""):
        return None
    if relation(a, r1.published, b, r2.published) != "same":
        return None
    overlap = (a.hi is None or a.hi >= b.lo) and (b.hi is None or b.hi >= a.lo)
    if not overlap:
        return None
    denied, stated = (a, b) if a.denied else (b, a)
    expl = (
        f"{_src_label(stated)}: {describe_figure(stated)} is attributed to it, "
        f"but it denies {describe_figure(denied)}: the source disowns the figure"
    )
    return Finding(
        other_id,
        "numeric",  # a denial is a same-source conflict whatever the dates
        0.8,
        expl,
        {"relation": "denial", "a": _fig_details(a, r1), "b": _fig_details(b, r2)},
    )


# ------------------------------------------------------------------ entry point


def detect(new: ClaimRecord, candidates: Iterable[ClaimRecord]) -> list[Finding]:
    """Findings of ``new`` against each candidate: at most one per (candidate, kind).

    Every pair of differing figures of a running toll is flagged, whatever else was reported
    in between: a finding depends on its two claims only, so the flags of a story do not
    depend on the order its claims arrived in."""
    out: list[Finding] = []
    seen: set = set()
    for other in candidates:
        if other.id == new.id or other.id in seen:
            continue
        seen.add(other.id)
        if new.facts.figures and other.facts.figures:
            found = _figure_findings(new, other)
            out.extend(found[k] for k in sorted(found))
        if new.facts.people and other.facts.people:
            e = _entity_findings(new, other)
            if e is not None:
                out.append(e)
    return out
