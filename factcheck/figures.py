"""Every figure of a story, by measure: what each source reported, when, in which claims, and
the open flags between them (the story's running toll at a glance, issue #14).

Reads only. The gathering costs a fixed number of queries whatever the story's size, and
its work follows the number of distinct statements, not of claims: claims with one detection
signature state the same facts on the same report day (engine.signatures), so the facts of
one claim per signature are read and parsed, and the claims themselves are listed up to
`CLAIMS_PER_FIGURE` per figure (with their total count).

Only the documented fields of the facts model are relied on (engine README, "Facts model");
a field an engine version does not write takes its default."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber

from .engine.measures import describe_counted
from .engine.signatures import side_signature
from .models import Claim, ContradictionFlag, FlagClaim, Story, StoryFigure
from .selectors import claim_list_for_user, flag_list_for_user, story_get_for_user

# A figure repeated by thousands of claims lists this many of them (the first ones); its
# `claim_count` says how many there are.
CLAIMS_PER_FIGURE = 20

# What a measure is: what is counted, what happened to it, where and over which period.
MEASURE_FIELDS = (
    "subject",
    "event",
    "group",
    "agent",
    "place",
    "period_start",
    "period_end",
    "period_open",
    "period_days",
)


# A claim stating a figure, as read: (id, article, text, start, end). A plain tuple, not an
# object: a long story lists tens of thousands of them, and the garbage collector stops
# tracking tuples of plain values, where it would traverse as many objects at each collection.
ClaimRow = tuple[int, int | None, str, int | None, int | None]
CLAIM_COLUMNS = ("pk", "article_id", "text", "start", "end")


@dataclass
class FigureFlag:
    id: int
    kind: str
    score: float
    explanation: str
    figure_a: str  # the `signature` of the figures on each side
    figure_b: str
    claim_a: int
    claim_b: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "score": self.score,
            "explanation": self.explanation,
            "figure_a": self.figure_a,
            "figure_b": self.figure_b,
        }


@dataclass
class ReportedFigure:
    """One distinct figure: one value (or interval) from one source on one report day."""

    signature: str  # engine.signatures.side_signature: the figure with its source
    value_signature: str  # the same without the source
    text: str  # as written (in the first claim stating it)
    value: float | None
    lo: float | None
    hi: float | None
    qualifier: str
    source: str | None
    source_label: str | None
    reported: dt.date | None
    denied: bool = False
    claims: list[ClaimRow] = field(default_factory=list)  # by id
    claim_count: int = 0
    flags: list[int] = field(default_factory=list)

    @property
    def conflicting(self) -> bool:
        return bool(self.flags)

    @property
    def source_name(self) -> str:
        return self.source_label or self.source or "unattributed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "text": self.text,
            "value": self.value,
            "lo": self.lo,
            "hi": self.hi,
            "qualifier": self.qualifier,
            "source": self.source,
            "source_label": self.source_label,
            "reported": self.reported.isoformat() if self.reported else None,
            "denied": self.denied,
            "conflicting": self.conflicting,
            "flags": self.flags,
            "claim_count": self.claim_count,
            "claims": [
                {"id": pk, "article": article, "text": text, "start": start, "end": end}
                for pk, article, text, start, end in self.claims
            ],
        }


@dataclass
class Measure:
    key: tuple
    subject: str | None
    event: str | None
    group: str | None
    agent: str | None
    place: str | None
    period_start: str | None
    period_end: str | None
    period_open: bool
    period_days: int | None
    period_label: str | None
    figures: list[ReportedFigure] = field(default_factory=list)
    flags: list[FigureFlag] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.subject and self.event:
            # The engine's own words, so the page and the flags' explanations name a measure alike
            # ("bodies recovered", "countries of origin of people killed").
            words = [describe_counted(self.subject, self.event, self.group)]
        else:
            counted = " ".join(part for part in (self.group, self.subject) if part) or "figures"
            words = [f"{counted} {self.event}" if self.event else counted]
        if self.agent:
            words.append(f"by {self.agent}")
        if self.place:
            words.append(f"in {self.place}")
        if self.period_label:
            words.append(f"({self.period_label})")
        elif self.period_start or self.period_end:
            words.append(f"({self.period_start or '…'} to {self.period_end or 'report date'})")
        return " ".join(words)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "subject": self.subject,
            "event": self.event,
            "group": self.group,
            "agent": self.agent,
            "place": self.place,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "period_open": self.period_open,
            "period_days": self.period_days,
            "period_label": self.period_label,
            "figures": [figure.as_dict() for figure in self.figures],
            "flags": [flag.as_dict() for flag in self.flags],
        }


@dataclass
class StoryFigures:
    story: Story
    measures: list[Measure]

    def as_dict(self) -> dict[str, Any]:
        return {
            "story": self.story.pk,
            "title": str(self.story),
            "measures": [measure.as_dict() for measure in self.measures],
        }


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _figure_items(figures: Any) -> list[dict[str, Any]]:
    """The `figures` of a claim's stored facts, as plain dicts (whatever the engine version)."""
    return [item for item in figures if isinstance(item, dict)] if isinstance(figures, list) else []


def story_figures_for_user(
    user, story_id: int, *, claims_per_figure: int = CLAIMS_PER_FIGURE
) -> StoryFigures:
    """The figures of a story as `user` may see them: the claims of the story they may see
    (selectors.claim_list_for_user) and the open flags they may see between those figures,
    each figure with its first `claims_per_figure` claims. 404 when the story is not theirs
    to see. Six queries whatever the story's size (five for one claim per figure)."""
    story = story_get_for_user(user, story_id)
    claims = claim_list_for_user(user).filter(story_id=story.pk)
    # The statements of the story with an index key (a figure or a person), registered by
    # detection; each with the first claim making it and how many do.
    signed = StoryFigure.objects.filter(story_id=story.pk).values("signature")
    groups = {
        signature: (first, count)
        for signature, first, count in claims.filter(detection_signature__in=signed)
        .values("detection_signature")
        .annotate(first=Min("pk"), count=Count("pk"))
        .order_by()
        .values_list("detection_signature", "first", "count")
    }
    firsts = {first: signature for signature, (first, _count) in groups.items()}
    stated: dict[str, tuple[list[dict], dt.date | None]] = {}
    listed: dict[str, list[ClaimRow]] = {}  # the first claims of each signature, by id
    # Of the facts, only the figures are read and parsed; the columns listed only when the
    # first claim is all that is listed (otherwise the next query reads them).
    listed_here = CLAIM_COLUMNS if claims_per_figure == 1 else ()
    for pk, items, published_at, *claim in (
        claims.filter(pk__in=list(firsts))
        .order_by()
        .values_list("pk", "facts__figures", "article__published_at", *listed_here)
    ):
        figures = _figure_items(items)
        if figures:
            stated[firsts[pk]] = (figures, published_at.date() if published_at else None)
            listed[firsts[pk]] = [tuple(claim)] if claim else []

    if stated and claims_per_figure > 1:
        # Ranked on narrow rows (id and signature, from the index on the story, signature
        # and id), then only the chosen claims are read; each figure sorts its own.
        first_ids = (
            claims.filter(detection_signature__in=list(stated))
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[F("detection_signature")], order_by=F("pk").asc()
                )
            )
            .filter(rank__lte=claims_per_figure)
            .order_by()
            .values("pk")
        )
        ranked = (
            Claim.objects.filter(story_id=story.pk, pk__in=first_ids)
            .order_by()
            .values_list("detection_signature", *CLAIM_COLUMNS)
        )
        for row in ranked:
            listed[row[0]].append(row[1:])

    measures: dict[tuple, Measure] = {}
    figures: dict[tuple[str, dt.date | None], ReportedFigure] = {}
    by_signature: dict[str, list[ReportedFigure]] = {}
    by_value: dict[str, list[ReportedFigure]] = {}
    of_statement: dict[str, list[ReportedFigure]] = {}  # detection signature -> its figures
    measure_of: dict[int, Measure] = {}
    for signature, (items, reported) in stated.items():
        seen: set[tuple] = set()
        for item in items:
            side = side_signature(item)
            key = (side.figure, reported)
            if key in seen:
                continue  # the same figure twice in one claim
            seen.add(key)
            measure_key = tuple(item.get(name) for name in MEASURE_FIELDS)
            measure = measures.get(measure_key)
            if measure is None:
                measure = measures[measure_key] = Measure(
                    measure_key,
                    *measure_key[:7],
                    bool(measure_key[7]),
                    measure_key[8],
                    period_label=item.get("period_label"),
                )
            figure = figures.get(key)
            if figure is None:
                figure = figures[key] = ReportedFigure(
                    signature=side.figure,
                    value_signature=side.value,
                    text=str(item.get("text") or item.get("value") or ""),
                    value=_number(item.get("value")),
                    lo=_number(item.get("lo")),
                    hi=_number(item.get("hi")),
                    qualifier=str(item.get("qualifier") or "exact"),
                    source=item.get("source"),
                    source_label=item.get("source_label"),
                    reported=reported,
                    denied=bool(item.get("denied")),
                )
                measure.figures.append(figure)
                measure_of[id(figure)] = measure
                by_signature.setdefault(side.figure, []).append(figure)
                if not figure.source:
                    by_value.setdefault(side.value, []).append(figure)
            figure.claim_count += groups[signature][1]
            figure.claims += listed[signature]
            of_statement.setdefault(signature, []).append(figure)

    for figure in figures.values():
        figure.claims.sort()  # by id: ids are unique, the rest of the row is never compared
        del figure.claims[claims_per_figure:]

    _attach_open_flags(user, story, by_signature, by_value, measure_of, of_statement)
    ordered = sorted(measures.values(), key=lambda measure: (-len(measure.figures), measure.label))
    for measure in ordered:
        measure.figures.sort(
            key=lambda figure: (
                figure.reported is None,
                figure.reported or dt.date.min,
                figure.lo if figure.lo is not None else 0.0,
                figure.source_name,
            )
        )
    return StoryFigures(story=story, measures=ordered)


def _attach_open_flags(user, story, by_signature, by_value, measure_of, of_statement) -> None:
    """Each open flag the user may see between two figures of the story, on the measure of
    its figures; each figure lists the flags it is a side of (an unattributed figure, the
    flags whose side states its value: it repeats that side; a figure held against a flag's
    anchor figure, through the claims on the flag's sides)."""
    rows = (
        flag_list_for_user(user)
        .filter(story_id=story.pk, status=ContradictionFlag.Status.OPEN)
        .exclude(figure_a="")
        .order_by("pk")
        .values_list(
            "pk",
            "kind",
            "score",
            "explanation",
            "figure_a",
            "figure_b",
            "value_a",
            "value_b",
            "claim_a_id",
            "claim_b_id",
        )
    )
    measures_of_flag: dict[int, set[int]] = {}
    for pk, kind, score, explanation, figure_a, figure_b, value_a, value_b, a, b in rows:
        sides = [
            *by_signature.get(figure_a, ()),
            *by_signature.get(figure_b, ()),
            *by_value.get(value_a, ()),
            *by_value.get(value_b, ()),
        ]
        if not sides:
            continue  # a disagreement about people, or figures the user may not see
        flag = FigureFlag(pk, kind, score, explanation, figure_a, figure_b, a, b)
        attached: set[int] = set()
        for figure in sides:
            if pk not in figure.flags:
                figure.flags.append(pk)
            measure = measure_of[id(figure)]
            if id(measure) not in attached:
                measure.flags.append(flag)
                attached.add(id(measure))
        measures_of_flag[pk] = attached
    _attach_held_figures(story, measures_of_flag, measure_of, of_statement)


def _attach_held_figures(story, measures_of_flag, measure_of, of_statement) -> None:
    """The figures of a flag's measure stated by the claims on its sides: a flag anchored on
    one figure holds every higher figure found against it, beyond its first two. One query
    whatever the number of flags (those the user may not see are skipped here)."""
    members = (
        FlagClaim.objects.filter(
            flag__story_id=story.pk, flag__status=ContradictionFlag.Status.OPEN
        )
        .values_list("flag_id", "claim__detection_signature")
        .distinct()
    )
    for pk, signature in members:
        if pk not in measures_of_flag:
            continue
        for figure in of_statement.get(signature, ()):
            if id(measure_of[id(figure)]) in measures_of_flag[pk] and pk not in figure.flags:
                figure.flags.append(pk)
