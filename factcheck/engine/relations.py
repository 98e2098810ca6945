"""Relations between two figures: whether they measure the same thing, a part and its whole,
or nothing comparable, and the guards that keep differences of scope from reading as disputes.

Two figures are compared only when their measures and scopes are comparable:

- equal measure and scope: the intervals must overlap, else a conflict;
- one is a part of the other (narrower subject, event, group, agent, place or period on
  one side only, never mixed): the part's lower bound must not exceed the whole's upper
  bound; a whole may exceed its part;
- otherwise (different places, different events, mixed narrowing) they are not compared.

Guards against differences of scope that look like disputes:
- inside one article, two figures neither attributed to a source (the writer's own summary,
  its breakdowns, the figure it revised) are not compared: the article reconciles them;
  except two counts of one group of victims (the women among the dead) of the same measure
  and scope, which a writer has no reason to revise within one text, and a competing count
  the article states beside its own ("240 missing (official tally 191)");
- counts of a moment (discharged, rescued: they climb; in hospital: rises and falls) are
  compared only between reports of one known day, and those in hospital only within one
  source;
- between different sources, a figure more than MAX_CROSS_RATIO times the other is taken as
  a different scope (one incident vs a whole war) unless both state the same place or start;
  counts of the missing and the injured, which grow (or fall) tenfold between early and
  later reports, are allowed GROWING_MAX_RATIO, and a few missing (under FEW_MISSING on both
  sides) any ratio;
- between different sources, reports more than FAR_APART_DAYS apart about no common place
  are not compared (a safety net under the service's story grouping);
- between different sources, a running total reported later and higher than an earlier one
  is a toll that grew, not a dispute (the same source's change is still a ``revision``);
- places: no place and "nationwide" are the whole story, a named country is a part of an
  unspecified scope, a local place is a part of both, two different named places are never
  compared; a set of places ("in Latakia and Tartous") contains its members;
- periods: a running total ("since Thursday") is the same scope as an undated one; a
  bounded period (a day, a weekend) is a part of a longer or undated one; a bounded period
  ending on the report day counts as a running total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

from .facts import ClaimRecord, Figure
from .measures import EVENT_PARENT, SUBJECT_PARENT, contains, subject_ancestors
from .periods import is_slice
from .places import COUNTRIES, place_level

# Between different sources, a figure more than this many times the other is taken as a
# different scope (one incident vs a whole war) unless both state the same place or period.
MAX_CROSS_RATIO = 6.0
# Between different sources, a part narrowed by a country or a nationality exceeding its
# whole by more than this is taken as another country's count, not a dispute.
MAX_PART_RATIO = 2.0
# The missing and the injured are first counted from the few cases known (families calling,
# one hospital's ward) and commonly reach ten times that, or fall as tenfold as the missing
# are found: between reports of one event such gaps are revisions, not other scopes. An
# incident's injured against a war's (hundreds of times more) stay apart.
GROWING_COUNTS = frozenset({"missing", "wounded"})
GROWING_MAX_RATIO = 12.0
# A ratio is a poor test of a handful: 22 missing become one as the others are found, two
# become 15 as families call in. Below this many on both sides, counts of the missing of one
# story are compared whatever their ratio (an incident's missing against a war's run to
# hundreds or thousands).
FEW_MISSING = 50
# Different sources whose reports are further apart than this, about no common place, are
# not compared (a safety net under story grouping).
FAR_APART_DAYS = 60


@lru_cache(maxsize=4096)
def _d(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _period(
    f: Figure, published: dt.date | None
) -> tuple[str, dt.date | None, dt.date | None, int | None]:
    """(kind, start, end, days); kind is none, dur, open, asof or closed."""
    start = _d(f.period_start)
    if start is None:
        return ("dur" if f.period_days else "none"), None, None, f.period_days
    if f.period_open:
        return "open", start, published, None
    end = _d(f.period_end) or start
    if published is not None and end >= published and not f.period_days:
        # "killed on Monday" in Monday's report, "ended on Monday with 33 dead": the toll to
        # date, counted on that day (`asof`: compared as a running total)
        return "asof", start, published, None
    return "closed", start, end, None


def _long_past(
    kind: str, start: dt.date | None, end: dt.date | None, published: dt.date | None
) -> bool:
    """A bounded period that ended months before the report: another, earlier event. In an
    undated report a whole calendar year ("the 2019 floods, which killed", "in 2019") is one
    too: a story's running toll is not counted by the year, a past event named for
    comparison is."""
    if kind != "closed" or end is None:
        return False
    if published is None:
        return start is not None and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    return (published - end).days > FAR_APART_DAYS


def _within(a0, a1, b0, b1, slack: int = 1) -> bool:
    """[a0, a1] inside [b0, b1] (None end = open-ended)."""
    if a0 < b0 - dt.timedelta(days=slack):
        return False
    if b1 is None:
        return True
    if a1 is None:
        return False
    return a1 <= b1 + dt.timedelta(days=slack)


def _period_rel(a: Figure, pa: dt.date | None, b: Figure, pb: dt.date | None) -> str | None:
    """'same', 'a' (a's period inside b's), 'b', or None (not comparable)."""
    ka, a0, a1, ad = _period(a, pa)
    kb, b0, b1, bd = _period(b, pb)
    if _long_past(ka, a0, a1, pa) != _long_past(kb, b0, b1, pb):
        return None  # a past event named for comparison ("the worst since the 2009 fire")
    # a report cannot speak of a period that starts after it was published; a toll counted
    # on its report day is the same toll as an earlier report's, grown or not
    if (a0 and pb and pb < a0 and ka != "asof") or (b0 and pa and pa < b0 and kb != "asof"):
        return None
    ka, kb = ("open" if k == "asof" else k for k in (ka, kb))
    if ka == "none" and kb == "none":
        return "same"
    # a stated slice of a running toll ("in the past 24 hours", "on Monday alone") without a
    # date to place it: a part of any toll that is not a slice of the same length
    sa, sb = ka == "dur" and is_slice(a.period_label), kb == "dur" and is_slice(b.period_label)
    if sa != sb and "closed" not in (ka, kb) and not (ka == kb == "dur" and ad == bd):
        return "a" if sa else "b"
    if ka == "none" or kb == "none":
        other = kb if ka == "none" else ka
        if other in ("open", "dur"):
            return "same"
        return "b" if ka == "none" else "a"  # a bounded period is a part of an unknown one
    if ka == "dur" or kb == "dur":
        da = ad if ka == "dur" else ((a1 or pa or a0) - a0).days + 1 if a0 else None
        db = bd if kb == "dur" else ((b1 or pb or b0) - b0).days + 1 if b0 else None
        if not da or not db:
            return "same"
        if abs(da - db) <= 0.3 * max(da, db):
            return "same"  # "over four days" and "over five days": the same stretch, roughly
        return None  # a day's count and a two-day count: other periods
    if abs((a0 - b0).days) <= 1:
        if ka == "open" or kb == "open":
            return "same"
        if abs((a1 - b1).days) <= 1:
            return "same"
    if _within(a0, a1, b0, b1, 0):
        return "a"
    if _within(b0, b1, a0, a1, 0):
        return "b"
    return None


def _hier(a: str, b: str, parents: dict[str, str | None]) -> str | None:
    if a == b:
        return "same"
    if contains(b, a, parents):
        return "a"
    if contains(a, b, parents):
        return "b"
    return None


def _narrow(a: str | None, b: str | None) -> str | None:
    if a == b:
        return "same"
    if b is None:
        return "a"
    if a is None:
        return "b"
    return None


def _place_rel(a: str | None, b: str | None) -> str | None:
    """Places: unspecified and "nationwide" are the whole story; a named country is a part of
    an unspecified scope (a story may span countries) but the same as "nationwide"; a local
    place is a part of either; two different named places are not compared, nor a setting
    (aboard, on the ground) with anything but itself."""
    if a == b:
        return "same"
    la, lb = place_level(a), place_level(b)
    if "setting" in (la, lb):
        # those aboard (or on the ground, at sea) against a count without that setting: the
        # number a plane or boat carried is read as a count of its dead far more often than
        # the dead aboard exceed the toll, and reviewers take the two as parts of a whole
        return None
    if "multi" in (la, lb) and a is not None and b is not None:
        sa, sb = set(a.split(" & ")), set(b.split(" & "))
        if sa < sb:
            return "a"
        if sb < sa:
            return "b"
        return None
    if {la, lb} == {"unknown", "national"} or {la, lb} == {"national", "country"}:
        return "same"
    if la in ("unknown", "national"):
        return "b"
    if lb in ("unknown", "national"):
        return "a"
    return None


_COUNTED_APART = {"recovered", "identified", "unidentified"}
# Counts of a moment: an operation's progress (people discharged from hospital, rescued)
# climbs while it lasts, the people in hospital rise and fall: figures of other or unknown
# report days describe other moments.
_OF_A_MOMENT = {"discharged", "rescued", "hospitalised"}


def _other_moments(r1: ClaimRecord, a: Figure, r2: ClaimRecord, b: Figure) -> bool:
    if a.event not in _OF_A_MOMENT and b.event not in _OF_A_MOMENT:
        return False
    if a.event == b.event == "hospitalised" and a.source != b.source:
        # two sources' counts of those in hospital cover other wards (one hospital, the
        # region's, those treated anywhere) at other hours of the day: no check on each other
        return True
    return r1.published is None or r2.published is None or r1.published != r2.published


def _relations(
    a: Figure, pa: dt.date | None, b: Figure, pb: dt.date | None
) -> Iterator[str | None]:
    """The relation of each dimension, one at a time: most pairs of a long story differ in
    place or subject, so the first None spares the dearer period comparison."""
    yield _place_rel(a.place, b.place)
    yield _hier(a.subject, b.subject, SUBJECT_PARENT)
    yield _hier(a.event, b.event, EVENT_PARENT)
    yield _narrow(a.group, b.group)
    yield _narrow(a.agent, b.agent)
    yield _period_rel(a, pa, b, pb)


def relation(a: Figure, pa: dt.date | None, b: Figure, pb: dt.date | None) -> str | None:
    """'same' measure and scope, 'a' (a is a part of b), 'b', or None (not comparable)."""
    if a.event != b.event and {a.event, b.event} & _COUNTED_APART:
        # bodies recovered and victims identified are counted apart from the toll, at other
        # moments: a part of the dead in principle, but not a check on the toll
        return None
    if a.group == b.group == "part" and (a.place is None or a.place != b.place):
        # two unnamed slices of a toll ("19 of the deaths", "61 of the deaths"): children in
        # one, a district in the other; only a place they share makes them one slice
        return None
    dirs = set()
    for rel in _relations(a, pa, b, pb):
        if rel is None:
            return None
        if rel != "same":
            dirs.add(rel)
    if not dirs:
        return "same"
    if len(dirs) == 1:
        return dirs.pop()
    return None


def _part_reported_later(rel: str, r1: ClaimRecord, r2: ClaimRecord) -> bool:
    part, whole = (r1, r2) if rel == "a" else (r2, r1)
    if part.document_id is not None and part.document_id == whole.document_id:
        return False
    return part.published is None or whole.published is None or part.published > whole.published


def _tallied_apart(a: Figure, b: Figure, rel: str) -> bool:
    """The part is a slice of its own report's toll ("43 of the dead were in the port") or a
    labelled group's count, which another report's whole cannot check: a reviewer wants
    the tolls compared. Nationalities and foreigners stay parts held against the whole."""
    part, whole = (a, b) if rel == "a" else (b, a)
    return (
        part.group is not None
        and part.group != whole.group
        and not part.group.startswith("nat:")
        and part.group != "foreign"
    )


def _placed_apart(a: Figure, b: Figure, rel: str, gap: float) -> bool:
    """A part narrowed by a country or a nationality that exceeds a whole stated for no place
    by more than MAX_PART_RATIO: the whole is most likely another country's count (the toll
    of the side attacked, not of both sides), since a report rarely gives one country or
    people far more dead than the whole event. Exceeding it by little is a dispute ("33
    million affected in the country" against "30 million"), and so is a town's count above
    the toll (the town is often where the whole event happened)."""
    if rel == "same":
        # a country read as the story's whole (an article naming no other country) far above
        # a toll of no place: as above, most likely the other side's toll (the missing and
        # the injured are growing counts, see GROWING_COUNTS)
        high, low = (a, b) if a.lo > b.lo else (b, a)
        return (
            high.place == "national"
            and low.place is None
            and high.event not in GROWING_COUNTS
            and gap > MAX_PART_RATIO
        )
    part, whole = (a, b) if rel == "a" else (b, a)
    if whole.place not in (None, "national"):
        return False
    by_country = part.place != whole.place and place_level(part.place) == "country"
    by_nation = (part.group or "").startswith("nat:") and part.group != whole.group
    return (by_country or by_nation) and gap > MAX_PART_RATIO


def _far_apart(r1: ClaimRecord, a: Figure, r2: ClaimRecord, b: Figure) -> bool:
    if not (r1.published and r2.published):
        return False
    if abs((r2.published - r1.published).days) <= FAR_APART_DAYS:
        return False
    return not (a.place and a.place == b.place)


def _one_breakdown(a: Figure, b: Figure, rel: str) -> bool:
    """Two counts of one group of victims (the women, the children, the foreigners among the
    dead) with the same measure and scope. A writer restates or revises a toll inside an
    article ("rose to 135 from 100"), so its own unattributed tolls are not compared; a
    group's count has no such reason to change within one text: two values are a slip."""
    if rel != "same":
        return False
    narrowed = a.subject != "people" and "people" in subject_ancestors(a.subject)
    return narrowed or a.group is not None


def _max_ratio(a: Figure, b: Figure) -> float:
    """How many times the other a figure of another source may be and still be compared."""
    if a.event == b.event == "missing" and max(a.lo, b.lo) < FEW_MISSING:
        return float("inf")  # a few missing, then one as the others are found: a revision
    if a.event in GROWING_COUNTS and b.event in GROWING_COUNTS:
        return GROWING_MAX_RATIO
    return MAX_CROSS_RATIO


def _explicit_same_scope(a: Figure, b: Figure) -> bool:
    if a.place is not None and a.place == b.place:
        return True
    return a.period_start is not None and a.period_start == b.period_start


def _coarse_event(e: str) -> str:
    return "killed" if e in ("executed", "killed") else e


def _gap(low_hi: float, high_lo: float) -> float:
    """Ratio of the higher figure's lower bound to the lower figure's upper bound."""
    return high_lo / low_hi if low_hi > 0 else 10.0


def _conflict(a: Figure, b: Figure, rel: str) -> float | None:
    """Gap ratio (> 1) when the two figures cannot both hold, else None. A vague quantity
    ("hundreds", "dozens") is a manner of speaking, never held against a figure."""
    if a.qualifier == "vague" or b.qualifier == "vague":
        return None
    if rel == "same":
        if a.hi is not None and a.hi < b.lo:
            return _gap(a.hi, b.lo)
        if b.hi is not None and b.hi < a.lo:
            return _gap(b.hi, a.lo)
        return None
    part, whole = (a, b) if rel == "a" else (b, a)
    if whole.hi is not None and part.lo > whole.hi:
        return _gap(whole.hi, part.lo)
    return None


# ------------------------------------------------------------------ sources, pair order


def _same_source(x: str, y: str) -> bool:
    """Same id, or the same organisation with and without its country ("health ministry" and
    "syria health ministry")."""
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if long_.endswith(" " + short):
        prefix = long_[: -len(short) - 1]
        return prefix in COUNTRIES
    return False


def _source_base(a: Figure, b: Figure) -> tuple[str, float]:
    """('same' | 'different', base score)."""
    if a.source and b.source and _same_source(a.source, b.source):
        # an unnamed source ("officials", "firefighters") is probably, not surely, the same
        return "same", (0.7 if a.source_kind in ("anon", "desc") else 0.9)
    if not a.source and not b.source:
        return "different", 0.35
    if not a.source or not b.source:
        return "different", 0.5
    if a.source_kind in ("anon", "desc") or b.source_kind in ("anon", "desc"):
        return "different", 0.55
    return "different", 0.8


def _canonical(new: ClaimRecord, other: ClaimRecord) -> tuple[ClaimRecord, ClaimRecord]:
    """The pair in a fixed order whichever side is new: earlier report first (undated last),
    then by id, so findings, explanations and details do not depend on arrival order."""

    def key(r: ClaimRecord) -> tuple:
        return (r.published is None, r.published or dt.date.min, str(r.id))

    return (new, other) if key(new) <= key(other) else (other, new)
