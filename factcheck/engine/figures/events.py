"""What happened to the counted: the event word searched after and before the number, the
running-toll verbs and nouns ("the death toll has risen to N", "the number of injured
stands at N"); the refinements of an event found are in refinements.py."""

from __future__ import annotations

from ..lexicon import COUNTING_VERBS, PREPOSITIONS, SPEECH_VERBS
from ..measures import (
    CASE_NOUNS,
    EVENT_NOUNS,
    EVENT_WORDS,
    SUBJECT_WORDS,
    TOLL_MODIFIERS,
)
from ..numbers import NumberMention, Token
from .grammar import (
    _CLAUSE_BREAK,
    _COUNT_NOUN_FOLLOWERS,
    _FOREIGN_NOUNS,
    _STOP,
    _TRANSITIVE,
)
from .subject import _nationality

_HARD_STOP = {";", "?", "!"}


# an event word is not looked for backwards past these (a speech verb, a bracket)
_BACK_STOP = SPEECH_VERBS | {"according", "(", ")", "that"}


def _event_at(toks: list[Token], k: int) -> str:
    w = toks[k].low
    if w == "toll" and k > 0 and toks[k - 1].low in TOLL_MODIFIERS:
        return TOLL_MODIFIERS[toks[k - 1].low]
    return EVENT_WORDS[w]


# verbs that carry a running toll to its new value: "has risen to", "stands at", "passed"
_TOLL_VERBS_TO = {
    "rose", "risen", "rises", "rise", "rising", "climbed", "climbs", "climb", "climbing",
    "jumped", "jumps", "soared", "soars", "increased", "increases", "grew", "grown", "grows",
    "mounted", "swelled", "surged", "went", "gone", "revised", "raised", "updated", "up",
    "reached", "brought", "bringing", "brings", "spiked", "shot", "edged", "crept",
}  # fmt: skip
_TOLL_VERBS_AT = {
    "stands", "stood", "stand", "standing", "remained", "remains", "put", "puts", "putting",
    "placed", "places", "pegged", "unchanged", "was", "is", "be", "been", "set", "sets",
}  # fmt: skip
_TOLL_VERBS_DIRECT = {
    "reached", "reaches", "reach", "reaching", "passed", "passes", "crossed", "touched",
    "touches", "hit", "hits", "topped", "tops", "surpassed", "exceeded", "is", "was", "of",
    "shows", "showed", "stood", "stands", "became", "totals", "totalled", "totaled", "are", "were",
}  # fmt: skip
# nouns that name a running count; the event comes from a modifier or the noun after "of"
_TOLL_HEADS = {"toll", "count", "tally", "number", "total", "figure", "numbers", "death", "deaths"}
# heads that say only "how many", whose event is the figure the sentence stated before
_BARE_HEADS = {"number", "numbers", "figure", "count", "tally", "total"}


# "the state toll", "the provincial death toll": the count of one part of the whole
_LOCAL_TOLL = {
    "state": "state", "provincial": "province", "province": "province", "city": "city",
    "district": "district", "regional": "region", "county": "county", "local": "local",
    "municipal": "municipality",
}  # fmt: skip


def _local_toll(toks: list[Token], k: int) -> str | None:
    for q in (k - 1, k - 2):
        if q >= 0 and toks[q].low in _LOCAL_TOLL:
            return _LOCAL_TOLL[toks[q].low]
        if q >= 0 and toks[q].low not in TOLL_MODIFIERS:
            return None
    return None


def _head_subject(toks: list[Token], first: int, head: int | None = None) -> str | None:
    """Who or what a count's noun phrase before the number names: "put the number of buried
    homes at 60" (buildings), "the number of displaced families rose to 400" (families), "the
    number of civilians killed in the war between ... has risen to N" (from its toll head,
    however far). Only a subject other than people: people is what a bare count counts."""
    start = max(0, first - 8) if head is None else min(head, max(0, first - 8))
    window = toks[start:first]
    for i, t in enumerate(window):
        if t.low in _BARE_HEADS and i > 0 and window[i - 1].low == "their":
            group = _their_group(toks, max(0, first - 8) + i)
            if group is not None:
                return None if group[0] == "people" else group[0]
        if t.low not in _BARE_HEADS or i + 1 >= len(window) or window[i + 1].low != "of":
            continue
        for w in window[i + 2 : i + 5]:
            if w.low in SUBJECT_WORDS:
                subject = SUBJECT_WORDS[w.low]
                return None if subject == "people" else subject
            if w.low in PREPOSITIONS:
                break
    return None


def _toll_verb_before(toks: list[Token], first: int) -> bool:
    """The number completes a running-toll verb: "has risen to N", "stands at N", "passed N",
    "a toll of N" (also with a time phrase in between: "rose on Sunday to N")."""
    words = [t.low for t in toks[max(0, first - 4) : first]]
    if not words:
        return False
    if words[-1] == "at":
        # "put the death toll in the early hours of Tuesday at N"
        wide = [t.low for t in toks[max(0, first - 24) : first]]
        if any(w in ("put", "puts", "placed", "places", "pegged") for w in wide):
            return True
    if words[-1] in ("to", "at"):
        verbs = _TOLL_VERBS_TO if words[-1] == "to" else _TOLL_VERBS_AT | _TOLL_VERBS_TO
        if any(w in verbs for w in words[:-1]):
            return True
        # "revised its estimate of the death toll from the landslide in X to over 670"
        wide = [t.low for t in toks[max(0, first - 24) : first - 1]]
        return words[-1] == "to" and _verb_then_head(wide)
    if words[-1] in ("now", "currently") and len(words) > 1:
        words = words[:-1]  # "it was now 21", "the toll is currently 40"
    return words[-1] in _TOLL_VERBS_DIRECT or words[-2:] == ["now", "at"]


_CARRYING = {"bringing", "brings", "brought", "taking", "takes", "took", "pushing", "pushed"}
_SAME_AS_BEFORE = "="  # the event of the figure stated before in the sentence
_HEAD_QUALIFIERS = {"unconfirmed", "official", "confirmed", "unofficial", "real", "actual", "true",
                    "final", "provisional", "latest", "overall", "estimated"}  # fmt: skip


def _verb_then_head(words: list[str]) -> bool:
    """A revising verb followed by a toll's noun ("revised its estimate of the toll")."""
    verbs = [i for i, w in enumerate(words) if w in ("revised", "raised", "updated", "lowered")]
    return bool(verbs) and any(w in _TOLL_HEADS for w in words[verbs[0] + 1 :])


def _toll_event_back(toks: list[Token], first: int, starts: set[int]) -> tuple[str, int] | None:
    """The running count a toll verb speaks of, searched back to the clause start: "the death
    toll from the flood in Valverde has risen to N", "the number of injured at N"."""
    for k in range(first - 1, max(-1, first - 30), -1):
        w = toks[k].low
        # (a full stop inside a sentence ends an abbreviation: "on Oct. 29 has risen to")
        if w in _HARD_STOP or (k + 1 in starts and k + 1 != first) or w in ("while", "whereas"):
            return None
        if w not in _TOLL_HEADS:
            continue
        prev = toks[k - 1].low if k > 0 else ""
        if prev in TOLL_MODIFIERS:
            return TOLL_MODIFIERS[prev], k
        if prev in EVENT_NOUNS and w != "toll":  # "the death count", "the injury tally"
            return EVENT_NOUNS[prev], k
        if prev in ("dead", "fatality", "victim", "victims"):
            return "killed", k
        nxt = [t.low for t in toks[k + 1 : k + 5]]
        if nxt[:1] == ["of"]:
            for i, q in enumerate(nxt[1:], 1):
                if i + 1 < len(nxt) and nxt[i + 1] in CASE_NOUNS:
                    continue  # "the number of cholera cases"
                if q in EVENT_NOUNS:
                    return EVENT_NOUNS[q], k
                if q in EVENT_WORDS:
                    return EVENT_WORDS[q], k
                if q in ("people", "the", "those", "persons", "confirmed", "reported", "still"):
                    continue
                if q in SUBJECT_WORDS or q in _FOREIGN_NOUNS or _nationality(q):
                    continue  # "the number of foreigners killed", "of children killed"
                break
        if w in ("toll", "death", "deaths"):
            return "killed", k  # "the toll" alone is a death toll; "the official death is N"
        if w in _BARE_HEADS and k > 0 and toks[k - 1].low in _HEAD_QUALIFIERS:
            return _SAME_AS_BEFORE, k  # "..., while the unconfirmed numbers are around 480"
        if w in _BARE_HEADS and k > 1 and prev == "the" and toks[k - 2].low in _CARRYING:
            return _SAME_AS_BEFORE, k  # "one more died, bringing the total to 1,391"
        if w in _BARE_HEADS and prev == "their" and (group := _their_group(toks, k)):
            return group[1], k  # "killed only fighters, putting their number at 60"
        restating = nxt[:1] and nxt[0] in _COUNT_NOUN_FOLLOWERS
        if w in _BARE_HEADS and restating and _determined(toks, k) and not _object(toks, k):
            # "the government's own count stands at 32", "the official tally is now 58",
            # "the figure given by the ministry is 40": the count stated before
            return _SAME_AS_BEFORE, k
    return None


def _their_group(toks: list[Token], k: int) -> tuple[str, str] | None:
    """(subject, event) of the counted group "their number" (head at k) refers to: the
    nearest people noun before it in the sentence and the event word beside it ("said only
    fighters were killed, putting their number at 60"), or None."""
    event = subject = None
    for q in range(k - 2, max(-1, k - 16), -1):
        w = toks[q].low
        if w in _HARD_STOP:
            break
        if event is None and w in EVENT_WORDS and w not in TOLL_MODIFIERS:
            event = EVENT_WORDS[w]
        if subject is None and w in SUBJECT_WORDS and w.endswith("s"):
            subject = SUBJECT_WORDS[w]
    return (subject, event) if subject and event else None


def _object(toks: list[Token], k: int) -> bool:
    """The count's noun is the object of a counting verb ("put the total at 26 foreign
    nationals killed"): the figure's own noun phrase names what it counts."""
    return any(t.low in COUNTING_VERBS for t in toks[max(0, k - 6) : k])


_DETERMINERS = {"the", "its", "their", "his", "her", "our", "own", "this", "that", "s"}


def _determined(toks: list[Token], k: int) -> bool:
    """A count's noun heads a definite noun phrase ("the count", "the ministry's own tally",
    "its latest figure"), not "a count" or a count of something named after it."""
    q = k - 1
    while q >= 0 and toks[q].low in _HEAD_QUALIFIERS:
        q -= 1
    return q >= 0 and (toks[q].low in _DETERMINERS or toks[q].low.endswith(("'s", "\u2019s")))


# participles after "were"/"have been" that do not end the search for the figure's event
# ("were found dead", "were reported killed", "are feared dead")
_LINKING_PARTICIPLES = {
    "found", "left", "reported", "confirmed", "feared", "believed", "presumed", "said",
    "known", "thought", "listed", "declared", "pronounced", "shot", "now", "also", "still",
    "already", "being", "been", "so", "far", "all", "later",
}  # fmt: skip


def _other_participle(toks: list[Token], k: int) -> bool:
    """ "1,200 personnel were deployed", "18 minors had been airlifted": the figure's own
    verb is not an event, so an event word further on belongs to another clause."""
    if toks[k].low not in ("were", "was", "are", "is", "been", "being"):
        return False
    if k + 1 >= len(toks):
        return False
    nxt = toks[k + 1].low
    if nxt in _LINKING_PARTICIPLES or nxt in EVENT_WORDS or not nxt.isalpha():
        return False
    if k + 2 < len(toks) and toks[k + 2].low in EVENT_WORDS:
        return False  # "were taken hostage", "have been held hostage": the event completes it
    if not (nxt.endswith("ed") or nxt in ("taken", "sent", "brought", "flown", "moved")):
        return False
    # "were taken from their homes and executed": a second verb of the same subject
    for q in range(k + 2, min(len(toks), k + 16)):
        w = toks[q].low
        if w in _STOP or w == ",":
            break
        if w == "and" and any(t.low in EVENT_WORDS for t in toks[q + 1 : q + 3]):
            return False
    return True


_VICTIM_NOUNS = {"injured", "wounded", "dead", "missing"}


def _victims_as_object(toks: list[Token], k: int) -> bool:
    """ "400 soldiers were sent to help the wounded": "the wounded" is the object of another
    verb, not the figure's measure ("among the dead" and "of the dead" are read elsewhere)."""
    return (
        toks[k].low == "the"
        and k + 1 < len(toks)
        and toks[k + 1].low in _VICTIM_NOUNS
        and k > 0
        and toks[k - 1].low not in ("of", "among", "including")
    )


def _find_event(
    toks: list[Token],
    m: NumberMention,
    after: int,
    boundary: int,
    starts: set[int],
    reach: int = 22,
) -> tuple[str | None, int | None, bool]:
    """(event, token index, found before the number) for a figure; ``reach`` limits the
    search after the number (short when no noun follows it: "rose to 97 on Saturday")."""
    first = m.q_i if m.q_i is not None else m.i
    if _toll_verb_before(toks, first):
        found = _toll_event_back(toks, first, starts)
        own = toks[m.j].low if m.j < len(toks) else ""
        if found is not None and found[0] == _SAME_AS_BEFORE and own in EVENT_WORDS:
            return _event_at(toks, m.j), m.j, False  # "its count had risen to 43 killed"
        if found is not None:
            return found[0], found[1], True
    if first > 0 and toks[first - 1].low in _TRANSITIVE and toks[first - 1].low in EVENT_WORDS:
        # the number is the object of the verb right before it ("killed more than 900 people
        # and injured ..."): a later verb of the clause counts something else
        return _event_at(toks, first - 1), first - 1, True
    for k in range(after, min(boundary, after + reach)):
        w = toks[k].low
        if w in _STOP or w in _CLAUSE_BREAK or _other_participle(toks, k):
            break
        if _victims_as_object(toks, k):
            break
        if w in EVENT_WORDS:
            # an active verb followed by its own object belongs to that number
            if w in _TRANSITIVE and _object_at(toks, k + 1, starts):
                break
            if w == "toll" and not (k > 0 and toks[k - 1].low in TOLL_MODIFIERS):
                continue
            return _event_at(toks, k), k, False
    for k in range(first - 1, max(-1, first - 9), -1):
        w = toks[k].low
        if w in _STOP or (k + 1 in starts and k + 1 != first) or w in _BACK_STOP:
            break
        if _coordinated_gerund(toks, k):
            break  # "identifying bodies and accounting for all 72": another verb's object
        if w in EVENT_WORDS:
            return _event_at(toks, k), k, True
    return None, None, False


def _coordinated_gerund(toks: list[Token], k: int) -> bool:
    """Token k opens a coordinated verb phrase ("and accounting for", "or searching"): the
    nouns before it are the objects of the verb before, not what the later figure counts."""
    if toks[k].low not in ("and", "or", "while") or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1].low
    return nxt.endswith("ing") and len(nxt) > 5 and nxt not in EVENT_WORDS


def _object_at(toks: list[Token], k: int, starts: set[int]) -> bool:
    """A number starts at token k, after "another" / "a further" ("wounding another 13")."""
    while k < len(toks) and toks[k].low in ("another", "a", "further"):
        k += 1
    return k in starts
