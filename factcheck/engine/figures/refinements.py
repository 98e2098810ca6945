"""Refinements of a figure's event once it is found: people still sought or searched for
(missing), increments ("two more"), the identified and the not yet identified, outbreak cases
(confirmed, suspected, new), people treated for injuries, those who left their homes, a
personal loss that counts no toll, and people taken to or held in hospital."""

from __future__ import annotations

from ..measures import (
    CASE_NOUNS,
    HOME_NOUNS,
    INJURY_NOUNS,
    LEAVING_VERBS,
    LEGAL_CASE_WORDS,
    LOSS_VERBS,
    SUSPECTED_WORDS,
)
from ..numbers import NumberMention, Token
from .grammar import (
    _CLAUSE_BREAK,
    _STOP,
    first_of,
)

_INCREMENT_AFTER = {"more", "additional", "new", "further"}


def _increment(toks: list[Token], m: NumberMention) -> bool:
    first = m.q_i if m.q_i is not None else m.i
    before = [t.low for t in toks[max(0, first - 2) : first]]
    after = toks[m.j].low if m.j < len(toks) else ""
    return after in _INCREMENT_AFTER or before[-1:] == ["another"] or before == ["a", "further"]


_SKIP_AFTER = {"have", "has", "had", "been", "were", "was", "are", "is", "so", "far", "now",
               "already", "since", "also", "all", "be", "being"}  # fmt: skip


def _identified(toks: list[Token], m: NumberMention, after: int) -> bool:
    """ "identified eight victims", "22 bodies have been identified": victims named, a part
    of the dead; "yet to be identified" is not."""
    first = m.q_i if m.q_i is not None else m.i
    before = [t.low for t in toks[max(0, first - 3) : first] if t.low not in ("the", "already")]
    if before[-1:] == ["identified"]:
        return True
    if [t.low for t in toks[after : after + 6]][-4:] == ["yet", "to", "be", "identified"]:
        return False
    k = after
    while k < len(toks) and toks[k].low in _SKIP_AFTER:
        k += 1
    return k < len(toks) and toks[k].low == "identified" and toks[k - 1].low != "be"


def _not_identified(toks: list[Token], after: int) -> bool:
    """ "187 bodies yet to be identified", "42 remain unidentified"."""
    words = [t.low for t in toks[after : after + 7]]
    return "unidentified" in words[:3] or any(
        words[i : i + 4] == ["yet", "to", "be", "identified"] for i in range(len(words))
    )


_SEARCH_WORDS = {"search", "searching", "searched", "hunt", "looking", "scouring", "combing"}


def _searched_for(toks: list[Token], m: NumberMention) -> bool:
    """ "rescuers are searching for 40 people", "the search for 12 villagers goes on"."""
    first = first_of(m)
    before = [t.low for t in toks[max(0, first - 5) : first] if t.low not in ("the", "remaining")]
    return before[-1:] == ["for"] and bool(set(before[-3:-1]) & _SEARCH_WORDS)


_SEEK_VERBS = {"recover", "find", "retrieve", "locate", "trace", "reach"}


def _still_sought(toks: list[Token], m: NumberMention) -> bool:
    """ "to recover four more bodies", "to find the remaining 12": still missing."""
    first = first_of(m)
    before = [t.low for t in toks[max(0, first - 5) : first] if t.low not in ("the", "remaining")]
    return len(before) >= 2 and before[-2] == "to" and before[-1] in _SEEK_VERBS


def _case_words(toks: list[Token], m: NumberMention, after: int) -> list[str]:
    """The words of a count of cases' noun phrase: after the number up to the end of its
    noun, and before it back to the previous clause or figure ("the number of suspected
    cases rose to N")."""
    first = first_of(m)
    before: list[str] = []
    for t in reversed(toks[max(0, first - 8) : first]):
        if t.low in (",", ";", "and", "while", "but") or t.low[:1].isdigit():
            break
        before.append(t.low)
    own: list[str] = []
    for t in toks[m.j : max(after, m.j + 3)]:
        if t.low in (",", ";", "and", "while", "but") or t.low[:1].isdigit():
            break
        own.append(t.low)
    return before + own


def _refine_cases(toks: list[Token], m: NumberMention, after: int) -> str | None:
    """Cases of an outbreak: suspected ones are a measure of their own, "120 new cases" is a
    day's slice and no total, and cases in court are no outbreak's."""
    words = _case_words(toks, m, after)
    first = first_of(m)
    if _increment(toks, m) or (first > 0 and toks[first - 1].low == "in"):
        return None  # "in 12 cases, the victims were children": instances, no patients
    if CASE_NOUNS & set(words) and LEGAL_CASE_WORDS & set(words):
        return None
    return "suspected" if SUSPECTED_WORDS & set(words) else "infected"


def _refine_event(toks: list[Token], m: NumberMention, after: int, event: str | None):
    """Increments are no toll; identified victims and bodies not yet identified are
    measures of their own; so are suspected cases of an outbreak."""
    if event == "infected":
        return _refine_cases(toks, m, after)
    if event in ("killed", "recovered") and _still_sought(toks, m):
        return "missing"  # "efforts are on to recover four more bodies": not found yet
    if event in ("killed", "recovered") and _increment(toks, m):
        return None  # "three more people died", "another 12 bodies": a change, not a toll
    if event in ("killed", "recovered") and _identified(toks, m, after):
        return "identified"
    if event is not None and _not_identified(toks, after):
        return "unidentified"
    return event


_OWNERS = {"their", "its", "his", "her"}


def _clause_words(toks: list[Token], start: int, end: int) -> list[str]:
    words = []
    for t in toks[max(0, start) : min(len(toks), end)]:
        if t.low in _STOP or t.low in _CLAUSE_BREAK:
            break
        words.append(t.low)
    return words


def _treated_for_injuries(toks: list[Token], m: NumberMention, after: int) -> bool:
    """ "43 people were treated for burns", "treated 43 people for wounds", "needed treatment
    for minor injuries": the wounded, not the people in hospital."""
    words = _clause_words(toks, first_of(m) - 3, after + 10)
    for i, w in enumerate(words):
        if w in ("treated", "treatment") and "for" in words[i + 1 : i + 6]:
            at = words.index("for", i + 1)
            if set(words[at + 1 : at + 4]) & INJURY_NOUNS:
                return True
    return False


def _left_home(toks: list[Token], m: NumberMention, after: int) -> bool:
    """ "fled their homes", "have left their homes", "forced 240,000 people from their homes":
    the displaced (those who "fled across the border" are refugees)."""
    words = _clause_words(toks, first_of(m) - 3, after + 9)
    owned = [i for i in range(len(words) - 1) if words[i] in _OWNERS and words[i + 1] in HOME_NOUNS]
    return bool(owned) and any(w in LEAVING_VERBS for w in words[: owned[0]])


_ONE_MOURNER = {"who", "he", "she", "i"}


_CLOSE_ONES = {"neighbours", "neighbors", "relatives", "friends", "colleagues", "sons",
               "daughters", "brothers", "sisters", "cousins", "classmates"}  # fmt: skip


def _personal_loss(toks: list[Token], verb: int, after: int) -> bool:
    """ "a teacher who lost three neighbours", "she lost two sons": one mourner's loss, told
    as a story, not a toll."""
    k = verb - 1
    while k >= 0 and toks[k].low in ("had", "has", "have", "also", "just"):
        k -= 1
    return (k >= 0 and toks[k].low in _ONE_MOURNER) or toks[after - 1].low in _CLOSE_ONES


_TO_HOSPITAL = {"admitted", "taken", "rushed", "flown", "airlifted", "brought"}


def _in_hospital(toks: list[Token], m: NumberMention, after: int) -> bool:
    """ "22 remain in hospital", "310 patients have been admitted to hospital", "were taken
    to hospital": the people in hospital."""
    words = _clause_words(toks, after, after + 6)
    for i, w in enumerate(words):
        if w in ("hospital", "hospitals") and i > 0:
            prev = words[i - 1] if words[i - 1] != "the" else words[i - 2] if i > 1 else ""
            if prev == "in" or (prev == "to" and set(words[:i]) & _TO_HOSPITAL):
                return True
    return False


def _reworded_event(
    toks: list[Token], m: NumberMention, after: int, subject: str | None, event: str | None
) -> str | None:
    """Events told in other words (`measures.LOSS_VERBS` and the lists beside it)."""
    first = first_of(m)
    if (
        event is None
        and subject not in (None, "buildings", "families", "countries")
        and first > 0
        and toks[first - 1].low in LOSS_VERBS
        and not _personal_loss(toks, first - 1, after)
    ):
        return "killed"  # "the army has lost 412 soldiers"
    if event in (None, "hospitalised") and _treated_for_injuries(toks, m, after):
        return "wounded"
    if event in (None, "fled") and subject is not None and _left_home(toks, m, after):
        return "displaced"
    if event is None and _in_hospital(toks, m, after):
        return "hospitalised"
    return event
