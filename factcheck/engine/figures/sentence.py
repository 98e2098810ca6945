"""The sentence pipeline: `sentence_figures` reads the count mentions of one sentence, how
they divide one another, what each counts and its scope."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..facts import Figure
from ..measures import SUSPECTED_WORDS
from ..numbers import NumberMention, Token, find_numbers, tokenize
from ..periods import Period, find_period
from ..places import find_places
from .events import _SAME_AS_BEFORE
from .grammar import _COUNT_NOUN_FOLLOWERS, first_of
from .mention import _bracketed_label, _countries_figure, _cut_off, _read_mention
from .parts import (
    _LEAD_PART,
    _coordinated_place,
    _link_parts,
    _out_of,
    _own_predicate,
    _part_relations,
    _ranked_next,
    _respective_places,
    _restated,
    _shared_noun,
)
from .refinements import _refine_event
from .scoping import (
    _about_those_aboard,
    _gapped_place,
    _period_fields,
    _period_fields_of,
    _period_for,
    _place_for,
    _ranked_place_before,
    _ranked_regions,
)
from .subject import _counts_a_people

_UPDATE = re.compile(
    r"\b(?:rose|risen|climbed|climbs|rises|increased|jumped|reached|reaches|raised|revised|"
    r"updated|now stands|stood|stands|grew|soared|mounted|swelled)\b(?:(?: \w+){0,2} (?:to|at))?$"
)


@dataclass(slots=True)
class SentenceFigures:
    figures: list[Figure]
    period: Period | None
    places: list[str]
    offsets: list[int] = field(default_factory=list)  # start of each figure in the sentence


_ANAPHORIC_OPENERS = (
    "this number", "this figure", "the figure", "that number", "these figures", "this toll",
    "the toll", "this total", "the number", "that figure", "this includes", "they included",
    "those included", "the total",
)  # fmt: skip


def _refers_back(low_text: str) -> bool:
    """The sentence opens on a count noun referring to the count before it."""
    opener = next((o for o in _ANAPHORIC_OPENERS if low_text.startswith(o)), None)
    if opener is None:
        return False
    if opener.split()[-1] in ("includes", "included"):
        return True
    rest = low_text[len(opener) :].lstrip()
    word = re.match(r"[,;:(]|[a-z]+", rest)
    return not rest or (word is not None and word.group() in _COUNT_NOUN_FOLLOWERS)


def sentence_figures(
    text: str,
    published: dt.date | None,
    context: Figure | None = None,
    exclude: list[tuple[int, int]] | None = None,
    toll_context: Figure | None = None,
) -> SentenceFigures:
    """Figures stated in one sentence, read in four steps: the count mentions, how they
    divide one another (parts and wholes), what each counts, and its scope.

    ``context`` is the main figure of the previous sentence, used when this sentence
    refers back to it ("This number included ..."); ``toll_context`` is that figure only when
    the previous sentence stated one measure, the count "the official tally is now 58" means.
    """
    toks = tokenize(text)
    mentions = [
        m for m in find_numbers(toks, text) if m.kind == "count" and not _bracketed_label(toks, m)
    ]
    period = find_period(text, published)
    places = _sentence_places(text, exclude)
    if not mentions:
        return SentenceFigures([], period, [p for _, p in places])
    low_text = text.lower().lstrip("\u201c\"' ")
    anaphoric = context is not None and _refers_back(low_text)
    # "Of those, 973 were civilians": the sentence opens on a part of the last figure
    lead_part = context is not None and _LEAD_PART.match(low_text) is not None
    part_of = _part_relations(toks, mentions, context, lead_part=lead_part, anaphoric=anaphoric)
    anaphoric = anaphoric or lead_part
    out_of = _out_of(toks, mentions)
    raw = _read_mentions(toks, mentions, part_of, out_of)
    same_period = context is not None and re.search(
        r"\bsame (?:period|time frame|timeframe)\b", low_text
    )
    sentence = _Sentence(
        text=text,
        toks=toks,
        mentions=mentions,
        raw=raw,
        part_of=part_of,
        context=context,
        anaphoric=anaphoric,
        period=period,
        places=places,
        same_period=bool(same_period),
        # the noun phrases of running tolls ("the death toll from the blast on Tuesday ... 78")
        tolls=tuple((r["toll_head"], r["m"].start) for r in raw if r.get("toll_head")),
        aboard=_about_those_aboard(toks, places),
        respective=_respective_places(text, mentions),
        toll_context=toll_context,
        gapped={
            idx: gap[1]
            for idx, m in enumerate(mentions)
            if idx > 0 and (gap := _gapped_place(text, places, m))
        },
    )
    figures = _figures(sentence)
    out, offsets = _link_parts(raw, figures, part_of, out_of)
    return SentenceFigures(out, period, [p for _, p in places], offsets)


@dataclass(slots=True)
class _Sentence:
    """What the steps of ``sentence_figures`` share: the sentence, its mentions read one by
    one, how they divide one another and the scope the sentence states."""

    text: str
    toks: list[Token]
    mentions: list[NumberMention]
    raw: list[dict]
    part_of: list[int | None]
    context: Figure | None
    anaphoric: bool
    period: Period | None
    places: list[tuple[int, str]]
    same_period: bool
    tolls: tuple[tuple[int, int], ...]
    aboard: bool
    respective: dict[int, str]
    toll_context: Figure | None
    gapped: dict[int, str]  # the place of each bare figure of a gapped list ("Bostra nine")


def _sentence_places(text: str, exclude: list[tuple[int, int]] | None) -> list[tuple[int, str]]:
    """The places of the sentence by offset, those inside the excluded spans left out."""
    places = sorted(find_places(text) + _ranked_regions(text))
    if exclude:
        places = [(off, p) for off, p in places if not any(a <= off < b for a, b in exclude)]
    return places


def _read_mentions(
    toks: list[Token],
    mentions: list[NumberMention],
    part_of: list[int | None],
    out_of: dict[int, int],
) -> list[dict]:
    """Each mention read by itself (what it counts), up to the next mention that is no part."""
    starts = {first_of(m) for m in mentions}
    raw = []
    for idx, m in enumerate(mentions):
        nxt = next(
            (
                first_of(mm)
                for k2, mm in enumerate(mentions[idx + 1 :], start=idx + 1)
                if part_of[k2] is None and k2 not in out_of.values()
            ),
            len(toks),
        )
        target = mentions[out_of[idx]] if idx in out_of else m
        raw.append(_read_mention(toks, m, target, nxt, starts))
    return raw


def _figures(s: _Sentence) -> list[Figure]:
    """The figure of each mention that counts a known measure, in the order of the mentions
    (``fig_index`` in each read mention points at its figure)."""
    figures: list[Figure] = []
    for idx, r in enumerate(s.raw):
        if r.get("countries"):
            counted = _countries_figure(s.text, s.toks, r["m"], s.raw, idx, figures)
            if counted is not None:
                figures.append(counted)
                r["fig_index"] = len(figures) - 1
                continue
            s.part_of[idx] = None  # read by itself: its own event, never a part of people
        if r.get("skip"):
            continue
        figure = _figure(s, idx, r)
        if figure is None:
            continue
        figures.append(figure)
        r["fig_index"] = len(figures) - 1
    return figures


def _figure(s: _Sentence, idx: int, r: dict) -> Figure | None:
    """The figure of one read mention: its measure, then its scope; None if it counts
    nothing known."""
    measure = _measure(s, idx, r)
    if measure is None:
        return None
    subject, event, agent, head, ctx, head_place = measure
    m = r["m"]
    place, pfields = _scope(s, idx, r, event, head_place, ctx)
    before = " ".join(t.low for t in s.toks[max(0, first_of(m) - 4) : first_of(m)])
    group = r["group"]
    if head is not None and group is None and (subject or "people") == "people":
        # "Among the dead were three firefighters", "Of the dead, 19 were workers": a
        # part of the toll whose noun is no narrower than its whole's is still a slice
        group = "part"
    return Figure(
        updated=bool(_UPDATE.search(before)),
        alternative=bool(r.get("competing")),
        text=s.text[m.start : m.end],
        value=m.value,
        lo=m.lo,
        hi=m.hi,
        qualifier=m.qualifier,
        subject=subject or "people",
        event=event,
        group=group,
        agent=agent,
        place=place,
        period_start=pfields[0],
        period_end=pfields[1],
        period_open=pfields[2],
        period_days=pfields[3],
        period_label=pfields[4],
    )


def _measure(
    s: _Sentence, idx: int, r: dict
) -> tuple[str | None, str, str | None, int | None, Figure | None, str | None] | None:
    """(subject, event, agent, whole, context figure, whole's place) of one read mention:
    its own reading completed from the figure it is a part of, the figure it restates or
    the previous sentence's figure; None if it counts nothing known."""
    toks, raw, context = s.toks, s.raw, s.context
    m = r["m"]
    head = s.part_of[idx]
    if head is not None and head >= 0 and _own_predicate(toks, m.j):
        head = s.part_of[idx] = None  # "..., and around 200 are missing": its own clause
    if head is not None and head >= 0 and _toll_among_cases(r, raw[head]):
        head = s.part_of[idx] = None
    ctx = context if head == -1 else None
    subject, event, agent = r["subject"], r["event"], r["agent"]
    r["ranked"] = idx > 0 and _ranked_next(toks, m, raw[idx - 1])
    if idx > 0 and _coordinated_place(toks, m, raw[idx - 1]):
        r["slice"], r["group"] = True, "part"  # a slice of the dead, like the one before
    if _cut_off(s.text, r):
        return None
    # "X and Y reported 308 and 223 deaths, respectively": each figure shares the noun
    shared = None
    if idx in s.respective and event is None and subject is None:
        shared = _shared_noun(toks, m, raw, idx)
    if event is None and subject is None and (status := _case_status(toks, m, raw, idx)):
        event = status  # "300 confirmed and 450 suspected cases": the noun of the next item
    if shared is not None:
        subject, event = shared["subject"], shared["event"]
    elif event == _SAME_AS_BEFORE or (event is None and idx > 0):
        gap = idx in s.gapped and subject is None
        restated = _restated(toks, m, raw, idx, event == _SAME_AS_BEFORE or gap)
        if restated is not None:
            subject, event, whole = restated
            if whole is not None and head is None:
                head = s.part_of[idx] = whole
        elif event == _SAME_AS_BEFORE:
            # "The official tally is now 58": the toll of the sentence before, when that
            # sentence stated one measure only; otherwise nothing is known
            toll = s.toll_context
            subject, event = (toll.subject, toll.event) if toll is not None else (subject, None)
    head_place = None
    if head is not None and head >= 0:
        h = raw[head]
        # "177 died, including 25 children and 70 women, and 200 are missing": the
        # parts take their whole's event unless their own noun states one
        event = event if r.get("noun_event") else (h.get("event") or event)
        agent = agent or h.get("agent")
        subject = subject or h.get("subject")
        head_place = h.get("place")
    if ctx is not None:
        event = event or ctx.event
        agent = agent or ctx.agent
        subject = subject or ctx.subject
    if s.anaphoric and context is not None and event is None:
        event, agent = context.event, context.agent
    event = _refine_event(toks, m, r["after"], event)
    if event is None and s.aboard and _counts_a_people(r["group"]):
        # "230 passengers, including 14 foreigners": a group among those aboard, compared
        # with the same group aboard in other reports, never with the dead (the total
        # aboard is left unread: passengers, crew and people aboard are easily confused)
        event = "aboard"
    if event is None:
        return None
    if subject == "buildings" and event == "killed":
        event = "destroyed"  # "150 homes were buried": a verb of death said of houses
    return subject, event, agent, head, ctx, head_place


_CASES = ("infected", "suspected")
_CONFIRMED = {"confirmed", "laboratory-confirmed", "lab-confirmed"}


def _case_status(toks: list[Token], m: NumberMention, raw: list[dict], idx: int) -> str | None:
    """ "1,200 confirmed and 3,400 suspected cases": a bare number with a case status
    shares the cases noun of the next item, with its own status."""
    status = toks[m.j].low if m.j < len(toks) else ""
    if status not in _CONFIRMED and status not in SUSPECTED_WORDS:
        return None
    if m.j + 2 >= len(toks) or toks[m.j + 1].low not in ("and", ",", "or"):
        return None
    nxt = raw[idx + 1] if idx + 1 < len(raw) else None
    if nxt is None or first_of(nxt["m"]) != m.j + 2 or nxt.get("event") not in _CASES:
        return None
    return "suspected" if status in SUSPECTED_WORDS else "infected"


def _toll_among_cases(r: dict, whole: dict) -> bool:
    """ "2,140 cases, including 46 deaths", "84 deaths among 2,900 suspected cases": an
    outbreak's dead are its toll, a measure of their own, not a slice of its cases."""
    own = r.get("noun_event") or r.get("event")
    return whole.get("event") in _CASES and own is not None and own not in _CASES


def _scope(
    s: _Sentence, idx: int, r: dict, event: str, head_place: str | None, ctx: Figure | None
) -> tuple[str | None, tuple]:
    """(place, period fields) of one figure."""
    m = r["m"]
    # a place inside the toll's own noun phrase ("the death toll from the flood in Valverde
    # has risen to N") locates the event, the story's whole, not a part of it
    gapped = s.gapped.get(idx)
    place = (
        s.respective.get(idx)
        or gapped
        or _ranked_place_before(s.text, m.start)
        or _place_for(s.text, s.places, m, s.mentions, idx, head_end=r.get("toll_head"))
    )
    place = place or head_place or r.get("local")
    if event == "aboard" and place == "aboard":
        place = None  # the setting is the measure itself
    r["place"] = place
    scope = s.context if s.same_period else (ctx if ctx is not None and s.period is None else None)
    if scope is not None:
        pfields = _period_fields_of(scope)
        place = place or (ctx.place if ctx is not None else None)
    else:
        running_toll = bool(r.get("toll_head"))
        pfields = _period_fields(
            _period_for(s.text, s.period, m, s.mentions, idx, running_toll, s.tolls)
        )
    return place, pfields
