"""Where and when each figure stands: the sentence's place and period given to the figures
they belong to, regions named in a ranking, and whether the sentence is about who was
aboard a craft."""

from __future__ import annotations

import datetime as dt
import re

from ..facts import Figure
from ..lexicon import REPORT_NOUNS, SPEECH_VERBS, TRAVELLER_NOUNS
from ..numbers import NumberMention, Token
from ..periods import Period
from ..places import COUNTRIES, norm_place


def _about_those_aboard(toks: list[Token], places: list[tuple[int, str]]) -> bool:
    """A sentence about who was aboard a craft: a setting word ("on board", "aboard"), a craft
    carrying people ("the bus with 40 people") or its travellers ("the passengers included")."""
    return any(p == "aboard" for _, p in places) or any(t.low in TRAVELLER_NOUNS for t in toks)


def _period_fields_of(f: Figure) -> tuple:
    return (f.period_start, f.period_end, f.period_open, f.period_days, f.period_label)


def _period_fields(p: Period | None) -> tuple:
    return (
        p.start.isoformat() if p and p.start else None,
        p.end.isoformat() if p and p.end else None,
        bool(p and p.open),
        p.days if p else None,
        p.label if p else None,
    )


# a regional breakdown names its places as subjects, not after "in": "X was the worst-hit
# province, where N died", "followed by Y with N deaths"
_NAME = r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
_REGION_NOUN = r"(?:province|state|district|region|county|area|city|town|governorate|prefecture)\b"
# "Norvale (province) was the worst hit, with 19 deaths, followed by Estrava with 11 and
# Pellin with 7": the place before the ranking, then each further "Y with N"
_RANKED_REGION_RE = re.compile(
    _NAME + r"(?:\s+" + _REGION_NOUN + r")?\s+(?:was|is|remains|remained|has\s+been)\s+the\s+"
    r"(?:worst|hardest|most\s+badly|most\s+severely)[-\s](?:hit|affected)\b"
    r"|(?:\bfollowed\s+by|,|\band)\s+" + _NAME + r"\s+(?:with|at)\s+(?=\d)"
)


_WITH_BEFORE = re.compile(_NAME + r"\s+(?:with|at)\s+$")


def _ranked_place_before(text: str, start: int) -> str | None:
    """In a ranked breakdown, the place just before "with N" is that figure's ("followed by
    Estrava with 11 and Pellin with 7": 11 is Estrava's, not the next place's)."""
    if not _RANKED_REGION_RE.search(text):
        return None
    m = _WITH_BEFORE.search(text[max(0, start - 60) : start])
    return norm_place(m.group(1)) if m else None


def _ranked_regions(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _RANKED_REGION_RE.finditer(text):
        name = m.group(1) or m.group(2)
        p = norm_place(name)
        if p:
            out.append((m.start(1) if m.group(1) else m.start(2), p))
    return out


_CLAUSE_BREAK_RE = re.compile(r";|\b(?:while|whereas|but|followed\s+by)\b")
_SUBORDINATE = re.compile(r"\b(?:after|when|as|since|because|before|once|where)\b")
_HEAD_FILLERS = {"of", "the", "dead", "deaths", "death", "people", "killed", "victims",
                 "fatalities", "so", "far", "now"}  # fmt: skip
_PART_PLACE = re.compile(
    r"\b(?:most|many|some|several|half|all but \w+) of (?:them|whom|those)\b|\bmostly\b|"
    r"\bincluding\b|\bmainly\b|\bmajority\b"
)


def _period_for(
    text: str,
    period: Period | None,
    m: NumberMention,
    mentions: list[NumberMention],
    idx: int,
    running_toll: bool,
    tolls: tuple[tuple[int, int], ...] = (),
) -> Period | None:
    """The sentence's period, if it is this figure's: a period stated after a later figure
    is that figure's ("1,136 have died, 75 of whom over the past 24 hours"); a single day
    beside a running toll is when it was counted, not what it counts ("the toll rose to 70
    on Monday"); a single day inside a running toll's noun phrase dates the event the toll
    counts, for every figure of the sentence ("the toll from the blast on Tuesday reached 78,
    adding that 4,000 were injured")."""
    if period is None:
        return None
    past = _year_of_a_past_event(text, period, m)
    if past is not None:
        return past
    if period.start is not None and period.start == period.end and _report_day(text, period):
        return None
    if running_toll and (
        (period.start is not None and period.start == period.end)
        or (period.start is None and period.days == 1)
    ):
        return None
    at = text.lower().find(period.label or "")
    single_day = period.start is not None and period.start == period.end
    if single_day and any(head <= at < start for head, start in tolls):
        return None
    if at > m.end and any(m.end <= n.start < at for n in mentions[idx + 1 :]):
        return None
    return period


_SINCE_YEAR_WHEN = re.compile(r"\bsince ((?:19|20)\d\d),? when\b")


def _year_of_a_past_event(text: str, period: Period, m: NumberMention) -> Period | None:
    """ "the worst disaster since 2014, when a ferry sank and killed 304 people": the figure
    counts that year's event, not a running total since then."""
    found = _SINCE_YEAR_WHEN.search(text.lower())
    if not period.open or found is None or found.end() > m.start:
        return None
    year = int(found.group(1))
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), False, None, f"in {year}")


_PUBLISHING_WORDS = SPEECH_VERBS | REPORT_NOUNS | {"released", "published", "issued", "posted"}
_SO_FAR = re.compile(r"\b(?:so far|to date|in all|thus far|until now)\b")


def _report_day(text: str, period: Period) -> bool:
    """A single day that dates the report, not the count: "a report released by the agency
    on Saturday showed 645 children among those who died so far"."""
    low = text.lower()
    at = low.find(period.label or "\0")
    if at < 0:
        return False
    before = re.findall(r"[a-z]+", low[max(0, at - 60) : at])[-5:]
    if not any(w in _PUBLISHING_WORDS for w in before):
        return False
    # "... said on Thursday that N ...", or a running count ("so far")
    after = low[at + len(period.label or "") :].split()
    return bool(_SO_FAR.search(low)) or after[:1] == ["that"]


# an item of a list that leaves out the first item's noun and verb ("Arvela reported 12
# deaths, Bostra nine and Calden four", "14 died in Arvela, in Bostra seven"): the item's
# place stands right before its bare figure, which the list's next item or the end follows
_GAPPED_ITEM = re.compile(
    r"(?:,|\band|\bwhile|\bwhereas|;)\s+(?:(?:in|at)\s+)?"
    r"([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}),?\s+$"
)
_GAP_END = re.compile(r"\s*(?:$|[,.;]|(?:and|while|whereas)\b)")


def _gapped_place(
    text: str, places: list[tuple[int, str]], m: NumberMention
) -> tuple[int, str] | None:
    """(offset, place) of a gapped list item's bare figure, or None. A bare capitalised name
    counts only when it is a country (another name there may be a source: "the ministry
    counted 40, the Red Cross 52")."""
    lo = max(0, m.start - 60)
    lead = _GAPPED_ITEM.search(text[lo : m.start])
    if lead is None or not _GAP_END.match(text[m.end :]):
        return None
    named = [(off, p) for off, p in places if lo + lead.start() <= off < m.start]
    if named:
        return named[-1]
    place = norm_place(lead.group(1))
    return (lo + lead.start(1), place) if place in COUNTRIES else None


def _place_for(
    text: str,
    places: list[tuple[int, str]],
    m: NumberMention,
    mentions: list[NumberMention],
    idx: int,
    *,
    head_end: int | None = None,
) -> str | None:
    if not places:
        return None
    # "In X, 1,400 were killed and 5,200 wounded": a place opening the sentence, closed by a
    # comma, is where every figure of the sentence stands unless it states its own
    opener = _opening_place(text, places)
    nxt = mentions[idx + 1].start if idx + 1 < len(mentions) else len(text)
    if idx + 1 < len(mentions) and (gap := _gapped_place(text, places, mentions[idx + 1])):
        nxt = min(nxt, gap[0])  # "14 were killed in Arvela, in Bostra seven": the next item's
    for off, p in places:
        if m.end <= off < nxt:
            if _CLAUSE_BREAK_RE.search(text[m.end : off]):
                break  # "N died in X, while in Y ...": a place of the next clause
            if _PART_PLACE.search(text[m.end : off]):
                return opener  # "48 died, most of them in Porto Alto": the place of a part
            if _SUBORDINATE.search(text[m.end : off]):
                return opener  # "27 are dead after the storm made landfall in X": the event's
            return p
    # a place stated before the figure in the same clause ("In Baniyas, 50 people ...")
    before = [(off, p) for off, p in places if off < m.start]
    if before and head_end is not None:
        # a toll's own place ("the toll in government-held areas stood at N") narrows it; a
        # place further in its noun phrase locates the event ("the toll from the crush in
        # Valverde has risen to N"): the story's whole; so does a place in a clause before the
        # toll ("Two days after landslides struck X, the toll rose to N"), unless the
        # sentence opens on it ("In X, the toll rose to N")
        off = before[-1][0]
        if off < head_end:
            return before[-1][1] if not text[:off].strip(" \"'\u201c") else None
        between = text[head_end:off].lower().split()
        if any(w not in _HEAD_FILLERS for w in between):
            other = [o for o, q in before[:-1] if q != before[-1][1]]
            if other and _CLAUSE_BREAK_RE.search(text[other[-1] : head_end]):
                # "N died in X, while the toll of the strikes on Y is M": a clause set against
                # another place's toll gives the place of its own side
                return before[-1][1]
            return None
        if ";" not in text[off : m.start]:
            # "the number of deaths in X due to the attack ... has reached N": the place
            # right after the toll's head is the toll's own, however long the phrase after it
            return before[-1][1]
    if before:
        off, p = before[-1]
        between = text[off : m.start]
        if ";" not in between and len(between.split()) <= 8:
            return p
    return opener


_OPENING_PLACE = re.compile(r"\s*[\"'\u201c]?(?:In|At|Across|Throughout|Inside)\s+[^,.;:]{1,60},")


def _opening_place(text: str, places: list[tuple[int, str]]) -> str | None:
    """The place of a phrase that opens the sentence and ends at a comma ("In X, ...")."""
    m = _OPENING_PLACE.match(text)
    if m is None:
        return None
    inside = [p for off, p in places if off < m.end() - 1]
    return inside[0] if len(inside) == 1 else None
