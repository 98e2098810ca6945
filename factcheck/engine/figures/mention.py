"""One count mention read whole: its subject, event, group, agent and running-toll facts put
together from the readers of the package; counts of countries, appositions after a figure,
and numbers that count nothing known (labels in brackets, figures cut off)."""

from __future__ import annotations

from dataclasses import replace

from ..facts import Figure
from ..measures import EVENT_NOUNS, EVENT_WORDS, PLIGHT_NOUNS, SUBJECT_WORDS
from ..numbers import NumberMention, Token
from .agents import _agent_of
from .events import _TOLL_HEADS, _find_event, _head_subject, _local_toll
from .grammar import _AUX, _CLAUSE_BREAK, _FOREIGN_NOUNS, _STOP, first_of
from .parts import _of_the_whole
from .refinements import _reworded_event, _searched_for
from .subject import (
    OTHER_UNIT,
    _copula_subject,
    _from_group,
    _head_group,
    _plight_event,
    _severity,
    _subject,
)


def _bracketed_label(toks: list[Token], m: NumberMention) -> bool:
    """ "the driver's nephew (19)", "Ana Ruiz (34)": a number in brackets after a word that
    names no count is an age or a label ("women (102)", "missing (191)" are counts)."""
    if m.i < 2 or m.j >= len(toks) or toks[m.i - 1].text != "(" or toks[m.j].text != ")":
        return False
    word = toks[m.i - 2].low
    if not word.isalpha():
        return False
    return not (word in SUBJECT_WORDS or word in EVENT_NOUNS or word in EVENT_WORDS)


def _cut_off(text: str, r: dict) -> bool:
    """A bare figure at the point where the text was cut ("killed and more than 900..."): the
    noun that said what it counts is lost, so it counts nothing known (a figure of a
    running toll, "the toll rose to 40...", keeps its measure from the toll)."""
    m = r["m"]
    if r.get("subject") or r.get("noun_event") or r.get("toll_head"):
        return False
    return text[m.end : m.end + 3] == "..." or text[m.end : m.end + 1] == "\u2026"


def _stands_alone(toks: list[Token], m: NumberMention, after: int) -> bool:
    """ "the capital alone has recorded N", "has reported N cases on its own": the speaker
    marks the count as one part of a larger whole."""
    words = []
    for t in toks[max(0, first_of(m) - 8) : after + 5]:
        if t.low in _STOP or t.low in _CLAUSE_BREAK:
            words = [] if t.start < toks[first_of(m)].start else words
            if t.start > toks[first_of(m)].start:
                break
            continue
        words.append(t.low)
    joined = " ".join(words)
    return " alone" in f" {joined}" or " on its own" in joined or " on their own" in joined


def _read_mention(
    toks: list[Token], m: NumberMention, target: NumberMention, nxt: int, starts: set[int]
) -> dict:
    """What one mention counts: subject, event, group, agent and, for a running toll, where
    its noun phrase ends and whether it is a local toll."""
    if _names_countries(toks, m):
        return _countries_mention(toks, m, nxt, starts)
    subject, noun_event, group, after = _subject(toks, target)
    if subject is None:
        subject, noun_event, group, after = _copula_subject(toks, target)
    if _of_the_whole(toks, target):
        group = group or "part"  # "43 of the dead": a part of the toll
    if subject == OTHER_UNIT:
        return {"m": m, "subject": None, "event": None, "group": None, "agent": None, "skip": True}
    if target is not m:
        subject, noun_event, group = _copula_after_whole(toks, target, subject, noun_event, group)
    if own := _plight_event(toks, after, noun_event):
        # "11 hostages were killed": hostages among the dead, not 11 people taken hostage
        noun_event, group = own, group or PLIGHT_NOUNS[toks[after - 1].low]
    event, ev_k, ev_before = (noun_event, None, False)
    if event is None:
        # without a noun after the number, only an adjacent event word counts ("12 died",
        # "21 dead"), not one further on ("One woman told ... 'they killed people'")
        event, ev_k, ev_before = _find_event(
            toks, m, after, nxt, starts, reach=4 if subject is None else 22
        )
    if event is None and subject is not None and (past := _apposition_end(toks, after)):
        # "Two Britons, a couple in their 60s, were among the dead": the verb after the
        # description (whose ages are no counts) is the figure's own
        later = min((s for s in starts if s > past), default=len(toks))
        event, ev_k, ev_before = _find_event(toks, replace(m, j=past), past, later, starts)
    remaining = first_of(m) > 0 and toks[first_of(m) - 1].low == "remaining"
    if event is None and (subject == "people" or remaining) and _searched_for(toks, m):
        event, subject = "missing", "people"  # "the search for 100 people", "for the remaining 4"
    if subject is None and toks[m.i].low in ("one", "a"):
        event = None  # "one of the largest killing sprees"
    event = _reworded_event(toks, m, after, subject, event)
    agent = _agent_of(toks, m, after, ev_k, ev_before)
    also_from: list[str] = []
    if event not in ("recovered", "body parts"):
        # bodies are recovered from a place ("from the river"): no origin of people
        group, also_from = _from_group(toks, after, group)
    if subject is None and ev_before:
        subject = _head_subject(toks, first_of(m), ev_k)
    if event == "wounded":
        group = group or _severity(toks, m)
    if group is None and event is not None and _stands_alone(toks, m, after):
        group = "part"  # "the capital alone has recorded 2,650 cases": a slice of the whole
    head_end = local_toll = None
    if ev_before and ev_k is not None and toks[ev_k].low in _TOLL_HEADS:
        group = group or _head_group(toks, ev_k, first_of(m))
        head_end = toks[ev_k].end
        local_toll = _local_toll(toks, ev_k)
    return {
        "m": m, "subject": subject, "event": event, "group": group, "agent": agent,
        "toll_head": head_end, "local": local_toll, "noun_event": noun_event, "after": after,
        "also_from": also_from,
    }  # fmt: skip


_COUNTRY_NOUNS = {"countries", "nations", "nationalities"}


def _names_countries(toks: list[Token], m: NumberMention) -> bool:
    """ "31 foreigners from 12 countries", "victims of 12 nationalities": the number counts
    the countries the people came from."""
    first = first_of(m)
    k = m.j + (m.j < len(toks) and toks[m.j].low == "different")
    return (
        first > 0
        and toks[first - 1].low in ("from", "of", "representing")
        and k < len(toks)
        and toks[k].low in _COUNTRY_NOUNS
    )


def _countries_mention(toks: list[Token], m: NumberMention, nxt: int, starts: set[int]) -> dict:
    """A count of countries, read by itself when no figure of people precedes it: "tourists
    from 30 countries were among the dead" (people named just before "from"/"of")."""
    first = first_of(m)
    after = m.j + 1 + (toks[m.j].low == "different")
    before = [t.low for t in toks[max(0, first - 3) : first - 1]]
    people = bool(before) and SUBJECT_WORDS.get(before[-1]) == "people"
    event = _find_event(toks, m, after, nxt, starts)[0] if people else None
    if before[-1:] in (["came"], ["come"], ["hailed"]) and before[0] in EVENT_NOUNS:
        event = EVENT_NOUNS[before[0]]  # "the victims came from 9 countries"
    foreign = any(t.low in _FOREIGN_NOUNS for t in toks[max(0, first - 4) : first])
    return {
        "m": m, "countries": True, "subject": "countries", "event": event, "agent": None,
        "group": "foreign" if foreign else None, "after": after, "noun_event": None,
    }  # fmt: skip


_JOINS = {"and", "or", ","}


def _countries_figure(
    text: str, toks: list[Token], m: NumberMention, raw: list[dict], idx: int, figures: list
) -> Figure | None:
    """The count of countries the people of the figure just before came from ("31 foreign
    nationals killed from 11 countries"): a measure of its own (subject "countries") with
    that figure's event, group and scope, never compared with a count of people."""
    first = first_of(m)
    r = raw[idx - 1] if idx > 0 else {}
    between = [t.low for t in toks[r["m"].j : first]] if "fig_index" in r else []
    # only the people's own noun phrase (and verb) between: "40 people and volunteers from
    # 12 countries" counts the volunteers' countries
    if between and len(between) <= 8 and not set(between) & (_STOP | _CLAUSE_BREAK | _JOINS):
        return replace(
            figures[r["fig_index"]],
            text=text[m.start : m.end],
            value=m.value,
            lo=m.lo,
            hi=m.hi,
            qualifier=m.qualifier,
            subject="countries",
            part_of=None,
            updated=False,
        )
    return None


_APPOSITION_OPENERS = {"a", "an", "one", "both", "each", "aged", "all", "mostly", "mainly"}


def _apposition_end(toks: list[Token], after: int) -> int | None:
    """The token after a description set off by commas right after a figure's noun phrase
    ("Two Britons, a couple in their 60s, were ..."), when a verb follows it; else None."""
    if (
        after + 1 >= len(toks)
        or toks[after].text != ","
        or toks[after + 1].low not in (_APPOSITION_OPENERS)
    ):
        return None
    for q in range(after + 2, min(len(toks) - 1, after + 24)):
        if toks[q].low in _STOP:
            return None
        if toks[q].text == ",":
            return q + 1 if toks[q + 1].low in _AUX else None
    return None


def _copula_after_whole(
    toks: list[Token], whole: NumberMention, subject, noun_event, group
) -> tuple[str | None, str | None, str | None]:
    """ "12 out of the 40 passengers on the coach were foreigners", "12 of the 40 dead were
    children": the copula after the whole's noun phrase says who the part counts."""
    k = whole.j
    for q in range(k, min(len(toks), k + 6)):
        w = toks[q].low
        if w in _STOP or w == "," or (q > k and toks[q].text[:1].isdigit()):
            break
        if w in ("were", "was", "are", "is"):
            subj, ev, grp, _ = _copula_subject(toks, replace(whole, j=q))
            if subj in (None, OTHER_UNIT):
                break
            return (subj if subj != "people" else subject), (noun_event or ev), (grp or group)
    return subject, noun_event, group
