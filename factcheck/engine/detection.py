"""Contradiction detection between structured claims.

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
  compared only between reports of one known day;
- between different sources, a figure more than MAX_CROSS_RATIO times the other is taken as
  a different scope (one incident vs a whole war) unless both state the same place or start;
  counts of the missing and the injured, which grow (or fall) tenfold between early and
  later reports, are allowed GROWING_MAX_RATIO;
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

Kinds: ``numeric`` (same source, same or unknown report date), ``revision`` (same source,
different report dates), ``cross_source`` (different sources, or an unattributed side),
``entity`` (different given names, or different people, for the same role).

Scores (documented choices): the base reflects how sure the sides speak of the same thing:
same source 0.9 (0.7 for the same unnamed source, e.g. "officials"), two named sources 0.8,
an unnamed/described source 0.55, one side unattributed 0.5, both unattributed 0.35; times
0.85 for a part/whole comparison and 0.7 for a competing count flagged by the text ("other
sources put the toll at ..."); times a gap factor from 0.7 (barely disjoint) to 1.0 (one
figure 1.5x the other or more).
Entity: same surname with different given names 0.9 for the same role, 0.75 when one side
does not name the organisation, 0.7 for a near role (same title, organisations of the same
class, e.g. a defence ministry and a military operations room); different surnames for a
singular office of the same named organisation 0.6.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .facts import ClaimFacts, ClaimRecord, Figure, Finding, Person
from .measures import EVENT_PARENT, SUBJECT_PARENT, contains, describe_counted, subject_ancestors
from .names import HONORIFICS, same_given, same_surname
from .people import SINGULAR_TITLES
from .scope import COUNTRIES, is_slice, place_level
from .textutil import fold

KEY_MAX = 200
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
# Different sources whose reports are further apart than this, about no common place, are
# not compared (a safety net under story grouping).
FAR_APART_DAYS = 60


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


# ------------------------------------------------------------------ helpers


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


def _long_past(kind: str, end: dt.date | None, published: dt.date | None) -> bool:
    """A bounded period that ended months before the report: another, earlier event."""
    return (
        kind == "closed"
        and end is not None
        and published is not None
        and (published - end).days > FAR_APART_DAYS
    )


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
    if _long_past(ka, a1, pa) != _long_past(kb, b1, pb):
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


_QUAL_WORDS = {
    "lower": "at least",
    "upper": "up to",
    "near": "nearly",
    "approx": "about",
    "vague": "",
    "exact": "",
}


def _num(v: float) -> str:
    return f"{int(v):,}" if v == int(v) else f"{v:,.1f}"


def describe_figure(f: Figure) -> str:
    if f.qualifier == "range":
        n = f"{_num(f.lo)}-{_num(f.hi or f.lo)}"
    elif f.qualifier == "vague":
        n = f.text.lower()
    else:
        q = _QUAL_WORDS.get(f.qualifier, "")
        if f.text.lower().startswith(("more than", "over")) and f.qualifier == "lower":
            q = "more than"
        n = f"{q} {_num(f.value)}".strip()
    m = describe_counted(f.subject, f.event, f.group)
    parts = [n, m]
    if f.agent:
        parts.append(f"by {f.agent}")
    if f.place == "national":
        parts.append("nationwide")
    elif f.place:
        parts.append(_place_words(f.place))
    when = _describe_period(f)
    if when:
        parts.append(when)
    return " ".join(parts)


_SETTING_PLACES = {"there", "at the scene", "at sea", "on land", "on the ground", "aboard"}


def _place_words(place: str) -> str:
    return place if place in _SETTING_PLACES else f"in {place.title()}"


def _describe_period(f: Figure) -> str | None:
    start, end = _d(f.period_start), _d(f.period_end)
    if start is not None and f.period_open:
        return f"since {_fmt_date(start)}"
    if start is not None and (end is None or end == start):
        return f"on {_fmt_date(start)}"
    if start is not None and end is not None:
        if start.month == end.month:
            return f"{start.day}-{end.day} {end.strftime('%b')}"
        return f"{_fmt_date(start)} to {_fmt_date(end)}"
    if f.period_days:
        return f"over {f.period_days} days" if f.period_days > 1 else "in one day"
    return f.period_label


def _measure_words(f: Figure) -> str:
    """What a figure counts, with the narrowing that makes it a part."""
    words = describe_counted(f.subject, f.event, f.group)
    if f.agent:
        words += f" by {f.agent}"
    if f.place and f.place != "national":
        words += f" {_place_words(f.place)}"
    when = _describe_period(f)
    if when and (f.period_start and not f.period_open):
        words += f" {when}"
    return words


def _fmt_date(d: dt.date | None) -> str:
    return f"{d.day} {d.strftime('%b')}" if d else "undated"


def _src_label(f: Figure) -> str:
    return f.source_label or f.source or "unattributed"


def _fig_details(f: Figure, rec: ClaimRecord) -> dict:
    d = f.to_dict()
    d["claim_id"] = rec.id
    d["published"] = rec.published.isoformat() if rec.published else None
    d["document_id"] = rec.document_id
    return d


# ------------------------------------------------------------------ figures


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


def _explain(
    kind: str, how: str, new: ClaimRecord, a: Figure, other: ClaimRecord, b: Figure
) -> str:
    r1, f1, r2, f2 = new, a, other, b  # already in canonical order
    d1, d2 = _fmt_date(r1.published), _fmt_date(r2.published)
    if kind in ("numeric", "revision"):
        head = f"{_src_label(f1)}: {describe_figure(f1)} ({d1}) vs {describe_figure(f2)} ({d2})"
        if kind == "revision":
            why = "same source, incompatible figures; the later report may be a revision"
        else:
            why = "same source, incompatible figures"
    else:
        head = (
            f"{_src_label(f1)}: {describe_figure(f1)} ({d1}) vs "
            f"{_src_label(f2)}: {describe_figure(f2)} ({d2})"
        )
        if not f1.source or not f2.source:
            why = "incompatible figures for the same measure (one side unattributed)"
        else:
            why = "different sources give incompatible figures for the same measure"
    if how in ("a", "b"):
        part, whole = (f1, f2) if how == "a" else (f2, f1)
        why += f"; the part ({_measure_words(part)}) exceeds the whole ({_measure_words(whole)})"
    elif how == "alternative":
        why += "; stated as competing counts"
    return f"{head}: {why}"


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


# ------------------------------------------------------------------ people


def _role_rel(p: Person, q: Person) -> tuple[str, float] | None:
    if not p.title or not q.title or p.title != q.title:
        return None
    if p.org and q.org:
        if p.org == q.org:
            return "same role", 0.9
        if p.org_class and p.org_class == q.org_class:
            return "near role", 0.7
        return None
    if p.title not in ONE_HOLDER_TITLES:
        return None  # "minister", "spokesperson" without organisation: too many holders
    if p.org or q.org:
        return "role with one organisation unnamed", 0.75
    return "same title", 0.75


# Titles one person holds in a story even when the organisation is not named; other titles
# (minister, spokesperson, official, commander ...) need the organisation on both sides.
ONE_HOLDER_TITLES = {
    "president", "vice president", "prime minister", "king", "queen", "emir",
    "secretary-general", "chancellor", "pope", "governor", "mayor",
}  # fmt: skip


_ROLE_HOW = {
    "same role": "the same role",
    "near role": "a near role (same title, organisations of the same kind)",
    "role with one organisation unnamed": (
        "the same title (one report does not name the organisation)"
    ),
    "same title": "the same title",
}


def _given_as_written(name: str) -> str:
    words = [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS]
    return words[0] if words else name


def _role_label(p: Person) -> str:
    if p.org:
        return f"{p.title} ({p.org})"
    return p.title or "person"


def _middle_name(p: Person, q: Person) -> bool:
    """'Tayyip Erdogan' vs 'Recep Tayyip Erdogan': p's given name is q's middle name."""
    return p.given is not None and len(q.surname) > len(p.surname) and q.surname.startswith(p.given)


def _name_words(name: str) -> set[str]:
    words = fold(name).lower().replace("-", " ").replace(".", " ").split()
    return {w for w in words if w not in HONORIFICS and len(w) > 1}


def _name_within(p: Person, q: Person) -> bool:
    """Every word of one name appears in the other (a shortened form of the same name)."""
    a, b = _name_words(p.name), _name_words(q.name)
    return bool(a and b) and (a <= b or b <= a)


def _entity_findings(new: ClaimRecord, other: ClaimRecord) -> Finding | None:
    best: Finding | None = None
    r1, r2 = _canonical(new, other)
    for p in r1.facts.people:
        if not p.given_stated or not p.given:
            continue
        for q in r2.facts.people:
            if not q.given_stated or not q.given:
                continue
            rr = _role_rel(p, q)
            if rr is None:
                continue
            how, score = rr
            if _name_within(p, q):
                continue  # "López Obrador" in "Andrés Manuel López Obrador": one person
            if same_surname(p.surname, q.surname):
                if same_given(p.given, q.given) or _middle_name(p, q) or _middle_name(q, p):
                    continue
                what = "different given names"
            else:
                if how != "same role" or p.title not in SINGULAR_TITLES or not p.org:
                    continue
                what = "different people named"
                if same_given(p.given, q.given):
                    what = "different surnames"  # "President Michel Owen" vs "Michel Aoun"
                score = 0.6
            p1, p2 = p, q
            g1, g2 = _given_as_written(p1.name), _given_as_written(p2.name)
            if what == "different given names":
                what = f"different given names ({g1} vs {g2})"
            role1 = _role_label(p1)
            role2 = _role_label(p2)
            sides = (
                f'{role1}: "{p1.name}" ({_fmt_date(r1.published)}) vs "{p2.name}" '
                f"({_fmt_date(r2.published)})"
                if role1 == role2
                else f'{role1}: "{p1.name}" ({_fmt_date(r1.published)}) vs {role2}: '
                f'"{p2.name}" ({_fmt_date(r2.published)})'
            )
            expl = f"{sides}: {what} for {_ROLE_HOW[how]}"
            found = Finding(
                other.id,
                "entity",
                score,
                expl,
                {
                    "relation": how,
                    "a": {**p.to_dict(), "claim_id": r1.id},
                    "b": {**q.to_dict(), "claim_id": r2.id},
                },
            )
            if best is None or (found.score, found.explanation) > (best.score, best.explanation):
                best = found
    return best


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
