"""Who a figure counts: the subject and group read from the noun phrase around the number
("31 Filipinos", "Alawite civilians", "973 were civilians", "five from Iran"), with
nationalities and origins folded to one country name."""

from __future__ import annotations

from dataclasses import replace

from ..lexicon import POSSESSIVES, SHORT_COUNTRY_NAMES, demonym_country
from ..measures import (
    BODY_PART_NOUNS,
    CASE_NOUNS,
    EVENT_NOUNS,
    EVENT_WORDS,
    GROUP_ADJECTIVES,
    IGNORED_MODIFIERS,
    ILLNESS_NOUNS,
    INJURY_SEVERITY,
    PLIGHT_NOUNS,
    RELEASE_WORDS,
    SUBJECT_ADJECTIVES,
    SUBJECT_WORDS,
    common_subject,
)
from ..numbers import NumberMention, Token
from ..places import COUNTRIES
from ..textutil import fold
from .grammar import _AUX, _FOREIGN_NOUNS

OTHER_UNIT = "other"


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


_VICTIM_ADJECTIVES = {"dead", "injured", "wounded", "missing"}
_VERB_FILLERS = _AUX | {"later", "subsequently", "eventually", "all", "then", "being"}


def _plight_event(toks: list[Token], after: int, noun_event: str | None) -> str | None:
    """The event of the verb right after a noun of plight when it tells another event: "nine
    hostages were killed" (killed), "were freed" (rescued); "were still held" keeps the noun's."""
    if noun_event is None or after < 1 or toks[after - 1].low not in PLIGHT_NOUNS:
        return None
    k = after
    while k < len(toks) and toks[k].low in _VERB_FILLERS:
        k += 1
    if k + 1 < len(toks) and toks[k].low == "shot" and toks[k + 1].low == "dead":
        k += 1  # "were shot dead"
    if k >= len(toks):
        return None
    w = toks[k].low
    event = RELEASE_WORDS.get(w) or EVENT_WORDS.get(w)
    return event if event not in (None, noun_event) else None


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
        if w in _VICTIM_ADJECTIVES and k + 1 < n and toks[k + 1].low in SUBJECT_WORDS:
            # "500 dead soldiers", "40 dead civilians": the noun after the adjective is who
            subj = SUBJECT_WORDS[toks[k + 1].low]
            return adj_subject or subj, EVENT_NOUNS[w], _group(groups), k + 2
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
        elif w == "-" or w in IGNORED_MODIFIERS or _names_a_disease(toks, k):
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


def _names_a_disease(toks: list[Token], k: int) -> bool:
    """ "250 cholera cases", "40 bird flu infections": a word (or two) before a noun of cases
    names the disease, not who is counted."""
    return any(toks[q].low in CASE_NOUNS for q in (k + 1, k + 2) if q < len(toks))


def _plural_name(toks: list[Token], k: int) -> bool:
    """A capitalised plural noun heading the phrase ("Indians", "Britons"), not a name part."""
    t = toks[k]
    if not t.text[:1].isupper() or not t.low.endswith("s") or len(t.low) < 4:
        return False
    if t.low in SUBJECT_WORDS or t.low.endswith("ss"):
        return False
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    return not nxt[:1].isupper()


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
        if words[1].low in ILLNESS_NOUNS:
            return group, []  # "41 deaths from the disease": what they died of
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


def _counts_a_people(group: str | None) -> bool:
    """Foreigners or one nationality: the groups whose count aboard a craft is a measure."""
    return group is not None and (group == "foreign" or group.startswith("nat:"))
