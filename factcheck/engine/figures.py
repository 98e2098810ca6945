"""Figures of one sentence: count mentions turned into measured, scoped intervals."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .facts import Figure
from .lexicon import (
    MINED_GOODS,
    POSSESSIVES,
    PREPOSITIONS,
    REPORT_NOUNS,
    SHORT_COUNTRY_NAMES,
    SPEECH_VERBS,
    TRAVELLER_NOUNS,
    demonym_country,
)
from .measures import (
    ACTOR_WORDS,
    BODY_PART_NOUNS,
    CAUSES,
    EVENT_NOUNS,
    EVENT_WORDS,
    GROUP_ADJECTIVES,
    IGNORED_MODIFIERS,
    INJURY_SEVERITY,
    SUBJECT_ADJECTIVES,
    SUBJECT_WORDS,
    TOLL_MODIFIERS,
    common_subject,
)
from .numbers import NumberMention, Token, find_numbers, tokenize
from .scope import COUNTRIES, Period, find_period, find_places, norm_place
from .textutil import fold

_PART_MARKERS = {
    ("including",), ("included",), ("includes",), ("include",), ("among", "them"), ("of", "whom"),
    ("among", "whom"), ("of", "them"), ("among", "those"), ("comprising",), ("among",),
}  # fmt: skip
_STOP = {";", ".", "?", "!"}
_HARD_STOP = {";", "?", "!"}
_CLAUSE_BREAK = {";", "while", "whereas", "but"}
_AUX = {"were", "was", "have", "has", "had", "been", "be", "are", "is", "reportedly", "also"}
_PASSIVE_AUX = {"were", "was", "been", "be", "are", "is"}
_TRANSITIVE = {
    "killed", "kill", "kills", "killing", "executed", "executing", "injuring", "wounding",
    "wounded", "injured", "displaced", "displacing", "arrested", "detained", "kidnapped",
    "abducted", "rescued", "evacuated", "affected", "destroyed", "damaged", "claimed", "buried",
}  # fmt: skip


_UPDATE = re.compile(
    r"\b(?:rose|risen|climbed|climbs|rises|increased|jumped|reached|reaches|raised|revised|"
    r"updated|now stands|stood|stands|grew|soared|mounted|swelled)\b(?:(?: \w+){0,2} (?:to|at))?$"
)
OTHER_UNIT = "other"
# an event word is not looked for backwards past these (a speech verb, a bracket)
_BACK_STOP = SPEECH_VERBS | {"according", "(", ")", "that"}
# words that may follow a bare number without naming another unit ("killing 12 in ...")
_FOLLOW_OK = _AUX | {
    "in", "on", "at", "and", "or", "by", "from", "to", "of", "since", "over", "during",
    "after", "when", "as", "with", "including", "while", "across", "near", "are", "will",
    "would", "could", "may", "might", "had", "more", "others", "other", "so", "far", "last",
    "this", "yesterday", "today", "overnight", "according", "the", "a", "among",
    "before", "until", "amid", "following", "due", "because", "but", "who", "which", "that",
    "alone", "altogether", "total", "mostly", "most", "all", "each", "now", "then",
    "still", "remain", "remained", "remaining", "feared", "believed", "presumed", "confirmed",
    "later", "already", "either",
    # words that join a second count ("rose to 1,420 along with 9,310 injuries")
    "along", "alongside", "besides", "together", "plus",
}  # fmt: skip


@dataclass(slots=True)
class SentenceFigures:
    figures: list[Figure]
    period: Period | None
    places: list[str]
    offsets: list[int] = field(default_factory=list)  # start of each figure in the sentence


def _among_the_dead(toks: list[Token], m: NumberMention) -> bool:
    window = [t.low for t in toks[m.j : m.j + 8]]
    if "among" not in window:
        return False
    rest = window[window.index("among") + 1 :]
    if rest[:1] == ["the"]:
        rest = rest[1:]
    if rest[:1] == ["those"]:
        return True
    return bool(rest) and (rest[0] in EVENT_NOUNS or rest[0] in EVENT_WORDS)


def _subject(toks: list[Token], m: NumberMention) -> tuple[str | None, str | None, str | None, int]:
    """(subject, event from an event noun, group, index after the noun phrase)."""
    k = m.j
    n = len(toks)
    groups: list[str] = []
    adj_subject: str | None = None
    steps = 0
    while k < n and steps < 6:
        t = toks[k]
        w = t.low
        if w == "of" and steps <= 1:
            k += 1
            steps += 1
            continue
        if w == "body" and k + 1 < n and toks[k + 1].low in BODY_PART_NOUNS:
            return adj_subject or "people", "body parts", _group(groups), k + 2
        if w == "dead" and k + 1 < n and toks[k + 1].low in ("bodies", "body"):
            return adj_subject or "people", "recovered", _group(groups), k + 2
        if w in EVENT_NOUNS and not (
            w in ("dead", "injured", "wounded", "missing")
            and steps > 0
            and k > m.j
            and toks[k - 1].low in _AUX
        ):
            subj = adj_subject or "people"
            return subj, EVENT_NOUNS[w], _group(groups), k + 1
        if w in _FOREIGN_NOUNS:
            groups.append("foreign")
        if w in SUBJECT_WORDS:
            subj = SUBJECT_WORDS[w]
            if k + 2 < n and toks[k + 1].low in ("and", "or") and toks[k + 2].low in SUBJECT_WORDS:
                other = SUBJECT_WORDS[toks[k + 2].low]
                subj = common_subject(subj, other)
                k += 2
            if w == "members" or (w == "personnel" and adj_subject):
                subj = adj_subject or subj
            if t.text[:1].isupper() and w not in ("people",) and subj == "people":
                groups.append(w)
            return subj, None, _group(groups), k + 1
        if w == "members" and k + 1 < n and toks[k + 1].low == "of":
            window = {x.low for x in toks[k + 2 : k + 8]}
            if window & {"security", "police", "army", "forces", "force", "military"}:
                return "security", None, _group(groups), k + 1
            if window & {"militia", "militias", "group", "groups", "brigade", "faction"}:
                return "fighters", None, _group(groups), k + 1
            return "people", None, _group(groups), k + 1
        if _plural_name(toks, k):
            # "31 Filipinos", "five Indians": a capitalised plural names a group of people
            return adj_subject or "people", None, _group([*groups, w]), k + 1
        if SUBJECT_ADJECTIVES.get(w):
            adj_subject = SUBJECT_ADJECTIVES[w]
        elif w == "-" or w in IGNORED_MODIFIERS:
            pass
        elif t.text[:1].isupper() or w in GROUP_ADJECTIVES:
            groups.append(w)
        else:
            if w.isalpha() and w not in _FOLLOW_OK and w not in EVENT_WORDS and not adj_subject:
                return OTHER_UNIT, None, None, k  # "ten Turkish provinces", "43 attacks"
            break
        k += 1
        steps += 1
    if adj_subject:
        return adj_subject, None, _group(groups), k
    return None, None, None, m.j


_FOREIGN_NOUNS = {"foreigners", "expatriates", "foreign"}


def _plural_name(toks: list[Token], k: int) -> bool:
    """A capitalised plural noun heading the phrase ("Indians", "Britons"), not a name part."""
    t = toks[k]
    if not t.text[:1].isupper() or not t.low.endswith("s") or len(t.low) < 4:
        return False
    if t.low in SUBJECT_WORDS or t.low.endswith("ss"):
        return False
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    return not nxt[:1].isupper()


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


_COPULAS = {"are", "were", "is", "was", "remain", "remained", "remains", "still", "have", "had"}


def _own_predicate(toks: list[Token], after: int) -> bool:
    """A figure followed by its own verb ("200 are missing") is not an item of a list."""
    words = [t.low for t in toks[after : after + 4]]
    return bool(words) and words[0] in _COPULAS and any(w in EVENT_WORDS for w in words[1:])


def _not_identified(toks: list[Token], after: int) -> bool:
    """ "187 bodies yet to be identified", "42 remain unidentified"."""
    words = [t.low for t in toks[after : after + 7]]
    return "unidentified" in words[:3] or any(
        words[i : i + 4] == ["yet", "to", "be", "identified"] for i in range(len(words))
    )


def _from_group(toks: list[Token], after: int, group: str | None) -> tuple[str | None, list[str]]:
    """ "61 people from the state", "five from Iran": people of one origin, a part; with the
    further origins of "three each from Peru and Chile" (one count for each of them)."""
    each = after < len(toks) and toks[after].low == "each"
    after += each
    if after >= len(toks) or toks[after].low != "from":
        return group, []
    origins = _origins(toks, after + 1)
    if origins:
        return group or "nat:" + origins[0], (origins[1:] if each and not group else [])
    words = [t for t in toks[after + 1 : after + 4]]
    if not words:
        return group, []
    if (words[0].low == "the" or words[0].low in POSSESSIVES) and len(words) > 1:
        return group or f"from {words[1].low}", []
    if words[0].text[:1].isupper():
        w = words[0].low
        return group or "nat:" + _country_of(w), []
    return group, []


def _origins(toks: list[Token], k: int) -> list[str]:
    """The countries named from token k on: "Ghana", "the United States", "Peru and Chile",
    "the UK, Australia and France"; stops at the first name that is no country."""
    out: list[str] = []
    while k < len(toks) and len(out) < 20:
        k += toks[k].low == "the"
        q = k
        while q < len(toks) and q - k < 3 and toks[q].text[:1].isupper():
            q += 1
        name = " ".join(t.low for t in toks[k:q])
        if not name or not _nationality(name):
            break
        out.append(_country_of(name))
        if q + 1 < len(toks) and toks[q].low in (",", "and") and toks[q + 1].low != "and":
            k = q + 1
        elif q + 2 < len(toks) and toks[q].low == "," and toks[q + 1].low == "and":
            k = q + 2
        else:
            break
    return out


def _opens_whole(toks: list[Token], m: NumberMention) -> bool:
    """ "among the 151 dead," / "of the 278 bodies,": a whole the next figures divide."""
    first = m.q_i if m.q_i is not None else m.i
    before = [t.low for t in toks[max(0, first - 2) : first]]
    if before not in (["among", "the"], ["of", "the"], ["among", "those"], ["of", "those"]):
        return False
    after = [t.text for t in toks[m.j : m.j + 4]]
    return "," in after


def _of_the_whole(toks: list[Token], m: NumberMention) -> bool:
    """ "43 of the dead", "46 of them": a part of a toll not restated."""
    nxt = [t.low for t in toks[m.j : m.j + 3]]
    if nxt[:1] != ["of"] or len(nxt) < 2:
        return False
    if nxt[1] in ("them", "those", "whom", "these"):
        return True
    if nxt[1] in POSSESSIVES and len(nxt) > 2 and nxt[2] in SUBJECT_WORDS:
        return True  # "17 of its employees", "three of their crew": some of the people named
    return nxt[1] == "the" and len(nxt) > 2 and (nxt[2] in EVENT_NOUNS or nxt[2] == "victims")


_LEAD_PART = re.compile(
    r"(?:of|among)\s+(?:those|them|these|whom|the\s+(?:dead|victims|deaths|fatalities|"
    r"total|toll))\s*,?\s"
)


def _copula_subject(
    toks: list[Token], m: NumberMention
) -> tuple[str | None, str | None, str | None, int]:
    """ "973 were civilians" (after "Of those,"): the subject follows the copula."""
    k = m.j
    if k + 1 < len(toks) and toks[k].low in ("were", "was", "are", "is"):
        q = k + 1
        while q < len(toks) and toks[q].low in ("also", "all", "reportedly", "said"):
            q += 1
        if q < len(toks):
            subj, ev, grp, after = _subject(toks, replace(m, j=q))
            if subj not in (None, OTHER_UNIT):
                return subj, ev, grp, after
    return None, None, None, m.j


def _group(words: list[str]) -> str | None:
    """A narrowing group ("alawite", "hts"). A nationality alone becomes "nat:<country>": in
    a story about a country it names the whole population, but two nationalities differ."""
    words = _joined_nationalities(list(dict.fromkeys(words)))
    kept = [w for w in words if w != "-" and not _nationality(w)]
    g = " ".join(fold(w) for w in kept).replace(" - ", "-")
    if g:
        return g
    nat = [w for w in words if w != "-" and _nationality(w)]
    if nat:
        return "nat:" + _country_of(nat[0].lower())
    return None


def _joined_nationalities(words: list[str]) -> list[str]:
    """Two words that name one people together ("South Koreans", "Sri Lankans") as one."""
    out: list[str] = []
    for w in words:
        if out and _nationality(f"{out[-1]} {w}") and not _nationality(out[-1]):
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return out


def _country_of(word: str) -> str:
    """The country a nationality word or a country name stands for, by the engine's name."""
    country = word if word in COUNTRIES else demonym_country(word) or word
    return SHORT_COUNTRY_NAMES.get(country, country)


def _nationality(word: str) -> bool:
    w = word.lower()
    return demonym_country(w) is not None or w in COUNTRIES


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


def first_of(m: NumberMention) -> int:
    return m.q_i if m.q_i is not None else m.i


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


def _head_group(toks: list[Token], k: int, first: int) -> str | None:
    """A group named inside a toll's noun phrase: "the number of foreigners killed"."""
    words = [t for t in toks[k + 1 : first]]
    found = [t.low for t in words if t.low in _FOREIGN_NOUNS]
    if found:
        return "foreign"
    names = [
        t.low
        for i, t in enumerate(words)
        if _nationality(t.low) and t.text[:1].isupper() and _names_people(words, i)
    ]
    return _group(names[:1]) if names else None


def _severity(toks: list[Token], m: NumberMention) -> str | None:
    """How badly the counted people were hurt, said before the injury word that follows the
    figure ("116 others sustained minor injuries", "33 were seriously injured")."""
    severity = None
    for t in toks[m.j : m.j + 6]:
        if t.low in INJURY_SEVERITY:
            severity = INJURY_SEVERITY[t.low]
        elif t.low in EVENT_WORDS or t.low in EVENT_NOUNS:
            return severity
    return None


def _head_subject(toks: list[Token], first: int) -> str | None:
    """Who or what a count's noun phrase before the number names: "put the number of buried
    homes at 60" (buildings), "the number of displaced families rose to 400" (families).
    Only a subject other than people: people is what a bare count counts anyway."""
    window = toks[max(0, first - 8) : first]
    for i, t in enumerate(window):
        if t.low not in _BARE_HEADS or i + 1 >= len(window) or window[i + 1].low != "of":
            continue
        for w in window[i + 2 : i + 5]:
            if w.low in SUBJECT_WORDS:
                subject = SUBJECT_WORDS[w.low]
                return None if subject == "people" else subject
            if w.low in PREPOSITIONS:
                break
    return None


def _names_people(words: list[Token], i: int) -> bool:
    """A nationality word in a toll's noun phrase names the counted people ("the number of
    Filipinos killed", "of Korean nationals"), not a place ("deaths in Israel") or a
    modifier of something else ("deaths caused by Israeli strikes")."""
    if i > 0 and words[i - 1].low in ("in", "at", "near", "across", "by", "inside"):
        return False
    nxt = words[i + 1].low if i + 1 < len(words) else ""
    if nxt in SUBJECT_WORDS or nxt in EVENT_WORDS or nxt in EVENT_NOUNS:
        return True
    return words[i].low.endswith("s") and words[i].low not in COUNTRIES


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


def _bracketed_label(toks: list[Token], m: NumberMention) -> bool:
    """ "the driver's nephew (19)", "Ana Ruiz (34)": a number in brackets after a word that
    names no count is an age or a label ("women (102)", "missing (191)" are counts)."""
    if m.i < 2 or m.j >= len(toks) or toks[m.i - 1].text != "(" or toks[m.j].text != ")":
        return False
    word = toks[m.i - 2].low
    if not word.isalpha():
        return False
    return not (word in SUBJECT_WORDS or word in EVENT_NOUNS or word in EVENT_WORDS)


def _coordinated_copula(toks: list[Token], m: NumberMention, before: dict) -> bool:
    """ "N are women and M are foreigners": the second copula clause of a list that divides
    the same measure (its subject stated after the copula, no event of its own)."""
    first = first_of(m)
    if first == 0 or toks[first - 1].low not in ("and", ","):
        return False
    b = before["m"]
    return (
        b.j + 1 < len(toks)
        and toks[b.j].low in ("are", "were")
        and m.j + 1 < len(toks)
        and toks[m.j].low == toks[b.j].low
        and toks[m.j + 1].low in SUBJECT_WORDS
    )


def _coordinated_place(toks: list[Token], m: NumberMention, before: dict) -> bool:
    """ "31 of the dead were in X and four were in Y": the next slice of the same dead, at
    another place (the copula and "in" repeated, no noun of its own)."""
    first = first_of(m)
    if first == 0 or toks[first - 1].low not in ("and", ","):
        return False
    if before.get("group") != "part" or m.j + 1 >= len(toks):
        return False
    copula, prep = toks[m.j].low, toks[m.j + 1].low
    if copula not in ("are", "were", "is", "was") or prep not in ("in", "at"):
        return False
    between = [t.low for t in toks[before["m"].j : first]]
    return any(between[i : i + 2] == [copula, prep] for i in range(len(between) - 1))


_RESTATED_REACH = 6  # figures


def _restated(
    toks: list[Token], m: NumberMention, raw: list[dict], idx: int, bare_head: bool
) -> tuple[str | None, str, int | None] | None:
    """(subject, event, whole) of a figure that restates the measure of the one before it:
    "... at 249 (official tally 167)", "the unconfirmed numbers are around 480", "most are
    women (102)" (a group's count in brackets: a part of the sentence's toll), or None."""
    first = first_of(m)
    # a restatement refers to a figure close before it; looking further back would make a
    # sentence of many bare numbers cost quadratic time
    prev = next(
        (
            r
            for r in reversed(raw[max(0, idx - _RESTATED_REACH) : idx])
            if r.get("event") not in (None, _SAME_AS_BEFORE)
        ),
        None,
    )
    if prev is None:
        return None
    closes = m.j < len(toks) and toks[m.j].text == ")"
    q = first - 1
    while q >= 0 and (toks[q].low in _HEAD_QUALIFIERS or toks[q].low in _BARE_HEADS):
        q -= 1
    bracketed = closes and q >= 0 and toks[q].text == "("
    if bracketed and q < first - 1:
        # "(official tally 167)": another count of the same measure, not a part of it
        raw[idx]["competing"] = True
        return prev["subject"], prev["event"], None
    if bare_head:
        return prev["subject"], prev["event"], None
    if raw[idx].get("ranked") or raw[idx].get("slice"):
        return prev["subject"], prev["event"], None
    if _coordinated_copula(toks, m, raw[idx - 1]):
        return raw[idx]["subject"], prev["event"], None  # "106 are women and 26 are foreigners"
    if raw[idx]["subject"] is None and _place_item(toks, m):
        return prev["subject"], prev["event"], None  # "..., followed by 293 in X and 263 in Y"
    if not bracketed:
        return None
    noun = toks[q - 1].low if q > 0 else ""
    if noun not in SUBJECT_WORDS or SUBJECT_WORDS[noun] == "people":
        return None
    whole = next((i for i in range(idx - 1, -1, -1) if raw[i].get("event") == prev["event"]
                  and not raw[i].get("group")), None)  # fmt: skip
    return SUBJECT_WORDS[noun], prev["event"], whole


_NAME = r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3}"
# "X and Y reported 308 and 223 deaths, respectively": places named as the subjects of a
# counting verb, whose figures follow in the same order
_RESPECTIVE_NAMES = re.compile(
    rf"\b({_NAME}(?:,\s+{_NAME})*,?\s+and\s+{_NAME})\s+"
    r"(?:reported|recorded|registered|saw|had|counted|confirmed|accounted for)\b"
)


def _respective_places(text: str, mentions: list[NumberMention]) -> dict[int, str]:
    """The place of each figure of a "respectively" breakdown, by mention index."""
    if "respectively" not in text.lower():
        return {}
    m = _RESPECTIVE_NAMES.search(text)
    if m is None:
        return {}
    names = [norm_place(n) for n in re.split(r",\s+(?:and\s+)?|,?\s+and\s+", m.group(1))]
    after = [i for i, mm in enumerate(mentions) if mm.start >= m.end()]
    if len(after) < len(names) or not all(names):
        return {}
    return {i: name for i, name in zip(after, names, strict=False) if name}


def _cut_off(text: str, r: dict) -> bool:
    """A bare figure at the point where the text was cut ("killed and more than 900..."): the
    noun that said what it counts is lost, so it counts nothing known (a figure of a
    running toll, "the toll rose to 40...", keeps its measure from the toll)."""
    m = r["m"]
    if r.get("subject") or r.get("noun_event") or r.get("toll_head"):
        return False
    return text[m.end : m.end + 3] == "..." or text[m.end : m.end + 1] == "\u2026"


def _place_item(toks: list[Token], m: NumberMention) -> bool:
    """A bare figure followed by a named place ("followed by 293 in X", ", 22 in Y"): an item
    of a breakdown by place, counting what the figure before it counts."""
    return m.j + 1 < len(toks) and toks[m.j].low == "in" and toks[m.j + 1].text[:1].isupper()


def _shared_noun(toks: list[Token], m: NumberMention, raw: list[dict], idx: int) -> dict | None:
    """The reading of the figure whose noun this one shares ("308 and 223 deaths", "30, 12
    and 4 dead"), else None."""
    k, cur = idx, m
    while k + 1 < len(raw) and cur.j < len(toks) and toks[cur.j].low in ("and", "or", ","):
        nxt = raw[k + 1]
        if first_of(nxt["m"]) != cur.j + 1:
            return None
        if nxt.get("event") and nxt["event"] != _SAME_AS_BEFORE and nxt.get("noun_event"):
            return nxt
        if nxt.get("event") is not None or nxt.get("subject") is not None:
            return None
        k, cur = k + 1, nxt["m"]
    return None


def _ranked_next(toks: list[Token], m: NumberMention, before: dict) -> bool:
    """ "410 died in X, followed by 150 in Y and 72 in Z": a ranking's next items state
    the first one's measure for other places (a bare number, no noun of its own)."""
    first = first_of(m)
    words = [t.low for t in toks[max(0, first - 2) : first]]
    if m.j < len(toks) and toks[m.j].low not in ("in", "at", "and", ",", ".", ";"):
        return False
    return words == ["followed", "by"] or (
        words[-1:] in (["and"], [","]) and bool(before.get("ranked"))
    )


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
            for q in nxt[1:]:
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
    return None


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


def _noun_phrase_before(toks: list[Token], k: int) -> str | None:
    """The noun phrase right before token k (an active-voice subject)."""
    words: list[str] = []
    q = k - 1
    while q >= 0 and toks[q].low in _AUX:
        if toks[q].low in _PASSIVE_AUX:
            return None  # "only fighters were killed": who died, not who killed
        q -= 1
    while q >= 0 and len(words) < 6:
        t = toks[q]
        if (
            t.low in _STOP
            or t.text in (",", "\u201c", "\u201d", '"', "(", ")")
            or t.low in ("and", "that", "as")
        ):
            break
        words.insert(0, t.low)
        q -= 1
    return _agent_phrase(words)


def _agent_phrase(words: list[str]) -> str | None:
    """An agent or means that narrows a measure: forces ("pro-Assad forces") as written,
    means folded to one key ("an air strike" -> "air strikes"), else None."""
    if not words:
        return None
    if set(words) & ACTOR_WORDS:
        out = [fold(w) for w in words if w not in ("the", "a", "an")]
        return " ".join(out).replace(" - ", "-") or None
    for k, w in enumerate(words):
        if w in CAUSES and not _workplace_mine(words[k - 1] if k else "", w):
            return CAUSES[w]
    return None


def _workplace_mine(before: str, word: str) -> bool:
    """ "a coal mine", "the gold mines": where miners work, not a weapon."""
    return word in ("mine", "mines") and before in MINED_GOODS


def _cause_ahead(toks: list[Token], q: int) -> bool:
    ahead = toks[q + 1 : q + 4]
    return any(
        t.low in CAUSES and not _workplace_mine(ahead[i - 1].low if i else "", t.low)
        for i, t in enumerate(ahead)
    )


def _agent_after(toks: list[Token], k: int) -> str | None:
    """'by X' or 'at the hands of X' starting near token k."""
    n = len(toks)
    for q in range(k, min(n, k + 5)):
        lw = toks[q].low
        start = None
        if lw == "by" or (lw in ("in", "during", "from") and q > k - 1 and _cause_ahead(toks, q)):
            start = q + 1
        elif lw == "hands" and q + 1 < n and toks[q + 1].low == "of":
            start = q + 2
        if start is None:
            continue
        words: list[str] = []
        r = start
        while r < n and len(words) < 6:
            t = toks[r]
            if (
                t.low in _STOP
                or t.text in (",", ";")
                or t.low in ("in", "on", "since", "over", "during", "after", "and", "while", "at")
            ):
                break
            words.append(t.low)
            r += 1
        return _agent_phrase(words)
    return None


_ANAPHORIC_OPENERS = (
    "this number", "this figure", "the figure", "that number", "these figures", "this toll",
    "the toll", "this total", "the number", "that figure", "this includes", "they included",
    "those included", "the total",
)  # fmt: skip


def sentence_figures(
    text: str,
    published: dt.date | None,
    context: Figure | None = None,
    exclude: list[tuple[int, int]] | None = None,
) -> SentenceFigures:
    """Figures stated in one sentence, read in four steps: the count mentions, how they
    divide one another (parts and wholes), what each counts, and its scope.

    ``context`` is the main figure of the previous sentence, used when this sentence
    refers back to it ("This number included ...").
    """
    toks = tokenize(text)
    mentions = [
        m for m in find_numbers(toks, text) if m.kind == "count" and not _bracketed_label(toks, m)
    ]
    period = find_period(text, published)
    places = sorted(find_places(text) + _ranked_regions(text))
    if exclude:
        places = [(off, p) for off, p in places if not any(a <= off < b for a, b in exclude)]
    if not mentions:
        return SentenceFigures([], period, [p for _, p in places])
    low_text = text.lower().lstrip("\u201c\"' ")
    anaphoric = context is not None and low_text.startswith(_ANAPHORIC_OPENERS)
    # "Of those, 973 were civilians": the sentence opens on a part of the last figure
    lead_part = context is not None and _LEAD_PART.match(low_text) is not None
    part_of = _part_relations(toks, mentions, context, lead_part=lead_part, anaphoric=anaphoric)
    anaphoric = anaphoric or lead_part
    out_of = _out_of(toks, mentions)
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
    same_period = context is not None and re.search(
        r"\bsame (?:period|time frame|timeframe)\b", low_text
    )
    # the noun phrases of running tolls ("the death toll from the blast on Tuesday ... 78")
    tolls = tuple((r["toll_head"], r["m"].start) for r in raw if r.get("toll_head"))
    aboard = _about_those_aboard(toks, places)
    figures: list[Figure] = []
    respective = _respective_places(text, mentions)
    for idx, r in enumerate(raw):
        if r.get("countries"):
            counted = _countries_figure(text, toks, r["m"], raw, idx, figures)
            if counted is not None:
                figures.append(counted)
                r["fig_index"] = len(figures) - 1
                continue
            part_of[idx] = None  # read by itself: its own event, never a part of people
        if r.get("skip"):
            continue
        m = r["m"]
        head = part_of[idx]
        if head is not None and head >= 0 and _own_predicate(toks, m.j):
            head = part_of[idx] = None  # "..., and around 200 are missing": its own clause
        ctx = context if head == -1 else None
        subject, event, agent = r["subject"], r["event"], r["agent"]
        r["ranked"] = idx > 0 and _ranked_next(toks, m, raw[idx - 1])
        if idx > 0 and _coordinated_place(toks, m, raw[idx - 1]):
            r["slice"], r["group"] = True, "part"  # a slice of the dead, like the one before
        if _cut_off(text, r):
            continue
        # "X and Y reported 308 and 223 deaths, respectively": each figure shares the noun
        shared = None
        if idx in respective and event is None and subject is None:
            shared = _shared_noun(toks, m, raw, idx)
        if shared is not None:
            subject, event = shared["subject"], shared["event"]
        elif event == _SAME_AS_BEFORE or (event is None and idx > 0):
            restated = _restated(toks, m, raw, idx, event == _SAME_AS_BEFORE)
            if restated is not None:
                subject, event, whole = restated
                if whole is not None and head is None:
                    head = part_of[idx] = whole
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
        if anaphoric and context is not None and event is None:
            event, agent = context.event, context.agent
        event = _refine_event(toks, m, r["after"], event)
        if event is None and aboard and _counts_a_people(r["group"]):
            # "230 passengers, including 14 foreigners": a group among those aboard, compared
            # with the same group aboard in other reports, never with the dead (the total
            # aboard is left unread: passengers, crew and people aboard are easily confused)
            event = "aboard"
        if event is None:
            continue
        if subject == "buildings" and event == "killed":
            event = "destroyed"  # "150 homes were buried": a verb of death said of houses
        # a place inside the toll's own noun phrase ("the death toll from the flood in Valverde
        # has risen to N") locates the event, the story's whole, not a part of it
        place = respective.get(idx) or _place_for(
            text, places, m, mentions, idx, head_end=r.get("toll_head")
        )
        place = place or head_place or r.get("local")
        if event == "aboard" and place == "aboard":
            place = None  # the setting is the measure itself
        r["place"] = place
        scope = context if same_period else (ctx if ctx is not None and period is None else None)
        if scope is not None:
            pfields = _period_fields_of(scope)
            place = place or (ctx.place if ctx is not None else None)
        else:
            pfields = _period_fields(
                _period_for(text, period, m, mentions, idx, bool(r.get("toll_head")), tolls)
            )
        before = " ".join(t.low for t in toks[max(0, first_of(m) - 4) : first_of(m)])
        group = r["group"]
        if head is not None and group is None and (subject or "people") == "people":
            # "Among the dead were three firefighters", "Of the dead, 19 were workers": a
            # part of the toll whose noun is no narrower than its whole's is still a slice
            group = "part"
        figures.append(
            Figure(
                updated=bool(_UPDATE.search(before)),
                alternative=bool(r.get("competing")),
                text=text[m.start : m.end],
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
        )
        r["fig_index"] = len(figures) - 1
    out, offsets = _link_parts(raw, figures, part_of, out_of)
    return SentenceFigures(out, period, [p for _, p in places], offsets)


def _part_relations(
    toks: list[Token],
    mentions: list[NumberMention],
    context: Figure | None,
    *,
    lead_part: bool,
    anaphoric: bool,
) -> list[int | None]:
    """For each mention, the index of the mention it is a part of, -1 for a part of the
    previous sentence's figure, or None."""
    part_of: list[int | None] = [None] * len(mentions)
    in_list = False
    whole_at: int | None = None
    for idx, m in enumerate(mentions):
        first = first_of(m)
        prev2 = tuple(t.low for t in toks[max(0, first - 2) : first])
        prev1 = prev2[-1:] if prev2 else ()
        marker = prev1 in _PART_MARKERS or prev2 in _PART_MARKERS
        if lead_part and idx == 0:
            marker, anaphoric = True, True
        if (
            idx > 0
            and ("among" in prev2 and prev1 in (("among",), ("the",)))
            and part_of[idx - 1] is None
        ):
            # "two Americans were among (the) 12 people killed": the figure before is the part
            part = idx - 1
            if part > 0 and toks[first_of(mentions[part]) - 1].low == "from":
                part -= 1  # "20 foreigners from 15 countries were among the 153 killed"
            part_of[part] = idx
            in_list = False
        elif idx > 0 and (marker or (in_list and prev1 in (("and",), (",",)))):
            head = idx - 1
            while head > 0 and part_of[head] is not None:
                head -= 1
            part_of[idx] = head if part_of[head] is None else part_of[head]
            in_list = True
        elif marker and anaphoric:
            part_of[idx] = -1  # a part of the context figure
            in_list = True
        elif in_list and part_of[idx - 1] == -1 and prev1 in (("and",), (",",)):
            part_of[idx] = -1
        elif context is not None and _among_the_dead(toks, m):
            part_of[idx] = -1  # "four children were among the dead": a part of the last toll
        else:
            in_list = False
        if part_of[idx] is None and idx > 0 and whole_at is not None and whole_at < idx:
            part_of[idx] = whole_at  # "among the 80 dead, 45 were women and 35 were men"
        if _opens_whole(toks, m):
            whole_at = idx
    return part_of


def _out_of(toks: list[Token], mentions: list[NumberMention]) -> dict[int, int]:
    """ "125 out of 140 civilians": the first mention counts what the second's noun names."""
    out: dict[int, int] = {}
    for idx in range(len(mentions) - 1):
        a, b = mentions[idx], mentions[idx + 1]
        gap = [t.low for t in toks[a.j : first_of(b)]]
        if gap in (["out", "of"], ["of"], ["of", "the"], ["out", "of", "the"]):
            out[idx] = idx + 1
    return out


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
    agent = _agent_of(toks, m, after, ev_k, ev_before)
    also_from: list[str] = []
    if event not in ("recovered", "body parts"):
        # bodies are recovered from a place ("from the river"): no origin of people
        group, also_from = _from_group(toks, after, group)
    if subject is None and ev_before:
        subject = _head_subject(toks, first_of(m))
    if event == "wounded":
        group = group or _severity(toks, m)
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


def _counts_a_people(group: str | None) -> bool:
    """Foreigners or one nationality: the groups whose count aboard a craft is a measure."""
    return group is not None and (group == "foreign" or group.startswith("nat:"))


def _about_those_aboard(toks: list[Token], places: list[tuple[int, str]]) -> bool:
    """A sentence about who was aboard a craft: a setting word ("on board", "aboard"), a craft
    carrying people ("the bus with 40 people") or its travellers ("the passengers included")."""
    return any(p == "aboard" for _, p in places) or any(t.low in TRAVELLER_NOUNS for t in toks)


_SEARCH_WORDS = {"search", "searching", "searched", "hunt", "looking", "scouring", "combing"}


def _searched_for(toks: list[Token], m: NumberMention) -> bool:
    """ "rescuers are searching for 40 people", "the search for 12 villagers goes on"."""
    first = first_of(m)
    before = [t.low for t in toks[max(0, first - 5) : first] if t.low not in ("the", "remaining")]
    return before[-1:] == ["for"] and bool(set(before[-3:-1]) & _SEARCH_WORDS)


def _agent_of(
    toks: list[Token], m: NumberMention, after: int, ev_k: int | None, ev_before: bool
) -> str | None:
    agent = None
    if ev_k is not None:
        agent = _agent_after(toks, ev_k + 1)
        if agent is None and ev_before and toks[ev_k].low in _TRANSITIVE:
            agent = _noun_phrase_before(toks, ev_k)
    if agent is None:
        agent = _agent_after(toks, after)
    if agent is None:
        # "X accounted for N deaths", "X were responsible for N deaths"
        first = first_of(m)
        pre = [t.low for t in toks[max(0, first - 3) : first]]
        if pre[-2:] == ["accounted", "for"] or pre[-2:] == ["responsible", "for"]:
            agent = _noun_phrase_before(toks, first - 2 if pre[-2] == "accounted" else first - 3)
    return agent


_SEEK_VERBS = {"recover", "find", "retrieve", "locate", "trace", "reach"}


def _still_sought(toks: list[Token], m: NumberMention) -> bool:
    """ "to recover four more bodies", "to find the remaining 12": still missing."""
    first = first_of(m)
    before = [t.low for t in toks[max(0, first - 5) : first] if t.low not in ("the", "remaining")]
    return len(before) >= 2 and before[-2] == "to" and before[-1] in _SEEK_VERBS


def _refine_event(toks: list[Token], m: NumberMention, after: int, event: str | None):
    """Increments are no toll; identified victims and bodies not yet identified are
    measures of their own."""
    if event in ("killed", "recovered") and _still_sought(toks, m):
        return "missing"  # "efforts are on to recover four more bodies": not found yet
    if event in ("killed", "recovered") and _increment(toks, m):
        return None  # "three more people died", "another 12 bodies": a change, not a toll
    if event in ("killed", "recovered") and _identified(toks, m, after):
        return "identified"
    if event is not None and _not_identified(toks, after):
        return "unidentified"
    return event


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


def _link_parts(
    raw: list[dict], figures: list[Figure], part_of: list[int | None], out_of: dict[int, int]
) -> tuple[list[Figure], list[int]]:
    """The figures kept with ``part_of`` pointing at their whole among them, and offsets."""
    out: list[Figure] = []
    offsets: list[int] = []
    each: list[tuple[Figure, int]] = []
    for idx, r in enumerate(raw):
        if "fig_index" not in r:
            continue
        f = figures[r["fig_index"]]
        head = part_of[idx]
        whole = None
        if head is not None and head >= 0 and "fig_index" in raw[head]:
            whole = raw[head]["fig_index"]
        elif idx in out_of and "fig_index" in raw[idx + 1]:
            whole = raw[idx + 1]["fig_index"]
        if whole is not None:
            f = replace(f, part_of=whole)
        out.append(f)
        offsets.append(r["m"].start)
        # "three each from Peru and Chile": the same count for each further origin, after
        # the sentence's figures so that the indices of wholes stay as they are
        each.extend((replace(f, group=f"nat:{c}"), r["m"].start) for c in r.get("also_from", ()))
    return out + [f for f, _ in each], offsets + [off for _, off in each]


# a regional breakdown names its places as subjects, not after "in": "X was the worst-hit
# province, where N died", "followed by Y with N deaths"
_NAME = r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
_RANKED_REGION_RE = re.compile(
    _NAME + r"\s+(?:was|is|remains|remained|has\s+been)\s+the\s+(?:worst|hardest|most\s+badly"
    r"|most\s+severely)[-\s](?:hit|affected)\s+(?:province|state|district|region|county|area"
    r"|city|town|governorate|prefecture)\b"
    r"|\bfollowed\s+by\s+" + _NAME + r"\s+(?:with|at)\s+(?=\d)"
)


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
            return None
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
