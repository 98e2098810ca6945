"""Signatures: short, stable digests of what a claim states, for the service's bookkeeping.

- `detection_signature(facts, published)`: claims with equal signatures state the same facts
  on the same report day, so `detect` finds the same disagreements for each of them. The
  service compares a new claim with one claim per distinct signature of its story instead of
  with every claim (a story of 100k claims holds far fewer distinct statements).
- `disagreement_of(details)`: the identity of a disagreement found by `detect`, from the
  `details` of a Finding: a figure and the higher figures held against it (or the two
  people for one role), each side as a `SideSignature`. The same figures stated again in
  other sentences or articles give the same key, so they are one flag with supporting
  claims, and a person's decision on it holds for the repeats.

Only fields that carry meaning go in (measure, source, interval, qualifier, scope, report day
for detection), never the words as written, so re-wordings of one statement share a
signature. The figure fields are named explicitly, so a signature stays the same across engine
versions that add fields: a decision on a disagreement survives re-derivation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from .facts import ClaimFacts

# What is counted, and the figure itself: its source, interval and scope.
FIGURE_FIELDS = (
    "subject",
    "event",
    "group",
    "agent",
    "lo",
    "hi",
    "qualifier",
    "place",
    "period_start",
    "period_end",
    "period_open",
    "period_days",
    "denied",
)
# A person holding a role: the role and the name (as transliteration skeletons).
PERSON_FIELDS = ("title", "org", "org_class", "given", "surname")
# Words as written: they never change what a claim states.
_WORDING_FIELDS = frozenset({"text", "source_label", "period_label", "role_text"})

SIGNATURE_LENGTH = 32


def _digest(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(encoded.encode(), digest_size=SIGNATURE_LENGTH // 2).hexdigest()


def _number(value: Any) -> Any:
    # 1200 and 1200.0 are one figure, whichever way the JSON round-trip wrote it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def detection_signature(facts: ClaimFacts, published: dt.date | None) -> str:
    """Equal for two claims that `detect` cannot tell apart: the same facts (wording aside)
    reported on the same day."""
    stated = facts.to_dict()
    for item in (*stated["figures"], *stated["people"]):
        for name in _WORDING_FIELDS & item.keys():
            del item[name]
    return _digest([stated, published.isoformat() if published else None])


@dataclass(frozen=True)
class SideSignature:
    figure: str  # the figure (or person) with its source
    value: str  # the same without the source: an unattributed repeat matches on this
    attributed: bool


@dataclass(frozen=True)
class Disagreement:
    key: str  # the same for both orders of the sides
    a: SideSignature  # the side the Finding's details call "a"
    b: SideSignature
    # "a" or "b": the side whose figure anchors the disagreement (every figure held against
    # it joins the other side); None for a disagreement of exactly two sides (people)
    anchor_side: str | None = None

    @property
    def anchor_value(self) -> str | None:
        """The anchor figure whoever stated it (`SideSignature.value`)."""
        if self.anchor_side is None:
            return None
        return (self.a if self.anchor_side == "a" else self.b).value


def _as_stated(side: dict[str, Any]) -> dict[str, Any]:
    """An approximate figure ("about 1,200", "around 92") as the number it rounds: the
    same figure to check as the exact one, whoever states it and however loosely."""
    if side.get("qualifier") != "approx" or side.get("value") is None:
        return side
    value = side["value"]
    return {**side, "lo": value, "hi": value, "qualifier": "exact"}


def side_signature(side: dict[str, Any]) -> SideSignature:
    """The signature of one side of a Finding's details (a figure's or a person's facts).
    `value`, the figure without its source, takes an approximate figure as the number it
    rounds, so "about 1,200" joins the side of "1,200" instead of making a second flag."""
    fields = PERSON_FIELDS if "surname" in side and "lo" not in side else FIGURE_FIELDS
    stated = {name: _number(side.get(name)) for name in fields}
    rounded = {name: _number(_as_stated(side).get(name)) for name in fields}
    source = side.get("source")
    return SideSignature(
        figure=_digest([stated, source]),
        value=_digest([rounded, None]),
        attributed=bool(source),
    )


def disagreement_of(details: dict[str, Any]) -> Disagreement | None:
    """The disagreement a Finding is about, or None when its details do not name two sides.

    Figures: one disagreement per figure and the figures held against it. The lower figure
    of the two (its interval's bounds, then its signature) anchors it, whoever stated it;
    every higher figure found against it, of the same measure or a part exceeding it as a
    whole, is on its other side (a denial is a disagreement of its own). A running toll of n
    figures is n - 1 disagreements (each figure against the higher reports, e.g. later
    revisions) instead of one per pair of figures, so a reviewer resolves a figure once. The
    anchor depends on the two figures alone, never on which claim came first or when it was
    reported, so the flags of a story do not depend on the order its reports arrive in.
    The sides keep each figure's own signature (the flag's first two figures);
    `anchor_side` tells which side a further claim joins. People: one disagreement per pair
    of names."""
    a, b = details.get("a"), details.get("b")
    if not isinstance(a, dict) or not isinstance(b, dict):
        return None
    side_a, side_b = side_signature(a), side_signature(b)
    if "lo" not in a or "lo" not in b:
        key = _digest(sorted([side_a.figure, side_b.figure]))
        return Disagreement(key=key, a=side_a, b=side_b)
    anchor_is_a = _order(a, side_a) <= _order(b, side_b)
    anchor = side_a if anchor_is_a else side_b
    how = "denial" if details.get("relation") == "denial" else "exceeded"
    # the anchor figure whoever stated it: two sources' equal figures are one thing to check
    key = _digest(["held against", anchor.value, how])
    return Disagreement(key=key, a=side_a, b=side_b, anchor_side="a" if anchor_is_a else "b")


def _order(side: dict[str, Any], signature: SideSignature) -> tuple:
    hi = side.get("hi")
    return (float(side.get("lo") or 0), math.inf if hi is None else float(hi), signature.figure)


def pair_disagreement(claim_id: int, other_id: int, kind: str) -> Disagreement:
    """A disagreement known only by its two claims (a Finding without sides in `details`)."""
    first, second = sorted((claim_id, other_id))
    side_a, side_b = (
        SideSignature(figure=_digest(["claim", first, kind]), value="", attributed=True),
        SideSignature(figure=_digest(["claim", second, kind]), value="", attributed=True),
    )
    if claim_id != first:
        side_a, side_b = side_b, side_a
    return Disagreement(key=_digest(sorted([side_a.figure, side_b.figure])), a=side_a, b=side_b)
