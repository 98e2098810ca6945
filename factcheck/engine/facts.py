"""The facts model: plain dataclasses with exact JSON round-trips.

Everything detection needs is pre-normalised here at extraction time (interval bounds,
canonical measure names, source ids, name skeletons, period dates), so ``detect`` never
re-parses text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


def _to_plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Figure:
    """One count stated in a claim, as an interval, with what it counts and its scope.

    ``lo``/``hi`` are the bounds of the interval the statement allows (``hi`` None = no upper
    bound). ``value`` is the number as written. ``qualifier`` is one of ``exact``, ``lower``
    ("more than"), ``upper`` ("up to"), ``near`` ("nearly"), ``approx`` ("about"), ``range``,
    ``vague`` ("hundreds").
    """

    text: str
    value: float
    lo: float
    hi: float | None
    qualifier: str = "exact"
    subject: str = "people"  # who is counted: people, civilians, fighters, security, children...
    event: str = "killed"  # what happened: killed, executed, casualties, wounded, missing...
    group: str | None = None  # narrowing modifier of the counted people ("alawite", "hts")
    agent: str | None = None  # narrowing cause / perpetrator ("pro-assad forces")
    place: str | None = None  # normalised place; None = the whole story / country
    period_start: str | None = None  # ISO date
    period_end: str | None = None  # ISO date; None with period_open = up to the report date
    period_open: bool = False  # "since X": a running total up to the report date
    period_days: int | None = None  # a length without anchor ("over four days")
    period_label: str | None = None  # the words that set the period
    source: str | None = None  # canonical source id (e.g. "SOHR", "defence ministry")
    source_label: str | None = None  # display name of the source
    source_kind: str | None = None  # org, person, anon (unnamed "residents"), desc
    part_of: int | None = None  # index (in the claim's figures) of the whole this is a part of
    # stated as a competing count ("other sources put the toll at", "(official tally 167)")
    alternative: bool = False
    denied: bool = False  # the source denies this figure
    updated: bool = False  # stated as an update ("the toll rose to 63")

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _to_plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        return cls(**{k: v for k, v in d.items() if k in _FIGURE_FIELDS})


@dataclass(frozen=True, slots=True)
class Person:
    """A named person, optionally with a normalised role.

    ``given``/``surname`` are transliteration skeletons (see names.py); ``given_stated`` is
    False when the claim names the person by surname only (resolved in the article).
    """

    name: str
    given: str | None
    surname: str
    given_stated: bool = True
    title: str | None = None  # canonical title: spokesperson, president, minister, ...
    org: str | None = None  # canonical organisation of the role ("defence ministry")
    org_class: str | None = None  # coarse class of the organisation ("military")
    role_text: str | None = None  # the role as written

    @property
    def role_key(self) -> str | None:
        if not self.title:
            return None
        return f"{self.title}|{self.org}" if self.org else self.title

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Person:
        return cls(**{k: v for k, v in d.items() if k in _PERSON_FIELDS})


_FIGURE_FIELDS = frozenset(f.name for f in fields(Figure))
_PERSON_FIELDS = frozenset(f.name for f in fields(Person))


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """The structured content of one claim."""

    figures: tuple[Figure, ...] = ()
    people: tuple[Person, ...] = ()
    sources: tuple[str, ...] = ()  # canonical ids of the sources the claim cites
    places: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # ISO dates mentioned (not compared as counts)

    @property
    def is_empty(self) -> bool:
        return not (self.figures or self.people or self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "figures": [f.to_dict() for f in self.figures],
            "people": [p.to_dict() for p in self.people],
            "sources": list(self.sources),
            "places": list(self.places),
            "dates": list(self.dates),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> ClaimFacts:
        if not d:
            return cls()
        return cls(
            figures=tuple(Figure.from_dict(x) for x in d.get("figures", ())),
            people=tuple(Person.from_dict(x) for x in d.get("people", ())),
            sources=tuple(d.get("sources", ())),
            places=tuple(d.get("places", ())),
            dates=tuple(d.get("dates", ())),
        )


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    start: int
    end: int
    text: str
    facts: ClaimFacts


@dataclass(slots=True)
class ClaimRecord:
    id: int | str
    facts: ClaimFacts
    published: dt.date | None = None
    document_id: int | str | None = None


@dataclass(slots=True)
class Finding:
    other_id: int | str
    kind: str  # numeric, revision, cross_source, entity
    score: float  # in (0, 1]
    explanation: str
    details: dict[str, Any] = field(default_factory=dict)
