"""Named people and their roles.

A person is a run of capitalised name words (with Arabic articles such as al-, Abdul) that is
introduced by a role ("Defence ministry spokesman Hassan Abdel Ghani", "interim president
Ahmed al-Sharaa"), followed by a role in apposition ("Colonel Hussein Abdulghani, spokesman
for the Joint Operations Room"), carries an honorific or rank ("Mr Al Shara", "Colonel ..."),
or is the subject of a speech verb. Roles are read and normalised in `roles.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import COUNTRY_NAMES, MONTH_NAMES, STATEMENT_VERBS, WEEKDAYS
from .lexicon import DEMONYMS as _DEMONYMS
from .names import HONORIFICS, split_name
from .roles import RANKS, _is_cap, _role, _role_after, _role_before, _tail_role_text, _title_at

_WORD = re.compile(r"[^\W\d_][\w'\u2019]*(?:[-][\w'\u2019]+)*|[,;:()\u201c\u201d\"]|\S")
_SPEECH_VERBS = STATEMENT_VERBS
_NAME_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "abd",
    "de",
    "van",
    "von",
    "der",
    "da",
    "di",
    "la",
    "le",
    "bint",
    "ould",
}
NOT_NAME = {
    "the", "a", "an", "he", "she", "they", "it", "we", "i", "his", "her", "their", "its", "this",
    "that", "these", "those", "in", "on", "at", "of", "for", "and", "but", "or", "as", "by",
    "mr", "mrs", "ms", "dr", *WEEKDAYS, *MONTH_NAMES, "ministry", "forces", "force",
    "observatory", "rights", "human", "network", "council", "committee", "room", "operations",
    "army", "secretary", "state", "president", "minister", "government", "department",
    "agency", "office", "news", "press", "media", "tv", "radio", "times", "post", "united",
    "nations", "organisation", "organization", "group", "campaign", "islamic", "islam",
    "international", "national", "general", "security", "public", "republic", "people",
    "party", "front", "movement", "brigade", "brigades", "command", "city", "province",
    "defense", "defence", "interior", "foreign", "health", "interim",
    "according", "after", "before", "during", "since", "while", "however", "meanwhile",
    "eyewitness", "residents", "officials", "sources", "other", "another", "some", "many",
    "most", "all", "both", "each", "what", "who", "why", "how", "when", "where", "source",
    "photo", "updated", "reuters", "afp", "ap", "bbc", "cnn", "associated", "spokesman",
    "spokeswoman", "spokesperson", "official", "head", "chief", "leader", "prime", "deputy",
    "vice", "colonel", "mount", "river", "lake", "sea", "street", "hospital", "university",
    "school", "mosque", "church", "square", "road", "airport", "bridge", "sheikh",
    "christian", "christians", "alawite", "alawites", "sunni", "shia", "druze", "kurdish",
    "kurds", "muslim", "muslims", "arab", "arabs", "western", "eastern", "northern",
    "southern", "central", "coastal", "former", "late", "will", "would", "could", "should",
    "rebel", "regime", "mayor", "governor", "ambassador", "envoy",
    "director", "commander", "chairman", "chairwoman", "king", "queen", "emir", "separately",
    "earlier", "later", "also", "elsewhere", "overall", "still", "yet", "there",
    "here", "then", "now", "today", "yesterday", "asked", "speaking", "writing", "white",
    "red", "crescent", "cross", "helmets", "doctors", "borders", "amnesty", "watch",
}  # fmt: skip
# nor is a country or a people's adjective a name's first word ("Syrian", "Lebanon")
_NOT_FIRST_NAME = NOT_NAME | COUNTRY_NAMES | set(_DEMONYMS)


@dataclass(slots=True)
class Mention:
    start: int  # char offset of the name in the sentence
    end: int
    name: str  # the name as written (rank/honorific dropped)
    given: str | None
    surname: str
    title: str | None = None
    org: str | None = None
    org_class: str | None = None
    role_text: str | None = None
    speaker: bool = False  # subject of a speech verb
    honorific: bool = False  # introduced by Mr, Dr, Colonel, ...
    single: bool = False  # one bare word: a person only if the article named them before


def _is_name_token(tok: str) -> bool:
    low = tok.lower()
    if low in _NAME_PARTICLES:
        return True
    if "-" in tok:
        head, _, rest = tok.partition("-")
        if head.lower() in ("al", "el", "abu", "bin", "abd") and rest[:1].isupper():
            return True
    return _is_cap(tok) and low.strip("'\u2019") not in _NOT_FIRST_NAME


def _initial(tok: str) -> bool:
    """One or two capitals written as a name's initials ("P", "PK") or a two-capital
    surname ("KC"), not a country's or a news agency's short form ("US", "AP")."""
    return (
        tok.isalpha()
        and tok.isupper()
        and len(tok) <= 2
        and tok.lower() not in _NOT_FIRST_NAME
        and tok.lower() != "un"
    )


def _initials_end(words: list[str], i: int) -> int:
    """One past a run of initials starting at i ("P K", "RK"); a lone "A" or "I" counts only
    before another initial ("A M Rao", never "A Boeing")."""
    k = i
    while k < len(words) and k - i < 3:
        w = words[k]
        if _initial(w) or (
            len(w) == 1 and w.isupper() and k + 1 < len(words) and _initial(words[k + 1])
        ):
            k += 1
        else:
            break
    return k


def _full_name_word(tok: str) -> bool:
    return _is_name_token(tok) and _is_cap(tok) and tok.lower() not in _NAME_PARTICLES


def _name_start(words: list[str], i: int) -> bool:
    """A name may start at word i: a capitalised name word, an Arabic particle before one
    ("al-", "Abu"), or initials before one ("P K Rao", "RK Mehta")."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w.lower() in _NAME_PARTICLES:
        return _is_cap(w) and _full_name_word(nxt)
    k = _initials_end(words, i)
    if k > i:
        return k < len(words) and _full_name_word(words[k])
    return _is_name_token(w) and _is_cap(w)


def _name_end(words: list[str], i: int) -> int:
    """One past the last word of the name starting at i (initials, name words, particles;
    a trailing two-capital surname: "Ajay KC")."""
    n = len(words)
    j = _initials_end(words, i)
    while j < n and _is_name_token(words[j]) and j - i < 5:
        if words[j].endswith(("'s", "\u2019s")):
            break
        j += 1
    while j > i and words[j - 1].lower() in _NAME_PARTICLES:
        j -= 1  # trailing particles are not part of the name
    if (
        i < j < n
        and len(words[j]) == 2
        and _initial(words[j])
        and _full_name_word(words[j - 1])
        and not (j + 1 < n and _full_name_word(words[j + 1]))  # "Collector RS Varma"
    ):
        j += 1
    return j


def find_people(sentence: str) -> list[Mention]:
    """Person mentions of one sentence, with the role stated around them."""
    toks = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(sentence)]
    words = [t[0] for t in toks]
    n = len(words)
    out: list[Mention] = []
    i = 0
    while i < n:
        if not _name_start(words, i):
            i += 1
            continue
        j = _name_end(words, i)
        if j == i:
            i += 1
            continue
        name_words = words[i:j]
        prev = words[i - 1].lower().rstrip(".") if i > 0 else ""
        if prev in ("the", "a", "an") or prev in _PLACE_PREPS:
            i = j
            continue
        honor = prev in HONORIFICS or prev in RANKS
        # a rank or a courtesy honorific lies between a role and its holder ("the health
        # minister, Dr. Ana Quispe", "the police chief, Col Ruiz"); a title ("Governor") is
        # the role itself
        skip = 1 if prev in RANKS or (honor and _title_at(words, i - 1) is None) else 0
        before = words[i - 2].lower() if i > 1 else ""
        if words[i - 1] == "." and (
            before in RANKS or (before in HONORIFICS and _title_at(words, i - 2) is None)
        ):
            honor, skip = True, 2
        title, org_words, former, role_start = _role_before(words, i, skip)
        if title is None and j + 1 < n and words[j] == "," and len(name_words) >= 2:
            role_after = _role_after(words, j + 1)
            if role_after:
                title, org_words, former = role_after
        single = len(name_words) < 2 and not (title or honor)
        if name_words[0].lower() in _NOT_FIRST_NAME and _initials_end(words, i) == i:
            i = j
            continue
        start, end = toks[i][1], toks[j - 1][2]
        name = sentence[start:end]
        given, surname = split_name(name)
        if not surname:
            i = j
            continue
        m = Mention(start, end, name, given, surname, honorific=honor, single=single)
        if title:
            m.title, m.org, m.org_class = _role(title, org_words or [], former)
            if role_start is not None:
                m.role_text = sentence[toks[role_start][1] : toks[i - 1 - skip][2]].strip(" ,")
            else:
                m.role_text = _tail_role_text(words, j)
        after = words[j].lower() if j < n else ""
        m.speaker = after in _SPEECH_VERBS or (after == "," and _speaks_later(words, j))
        out.append(m)
        i = j
    return out


_PLACE_PREPS = {
    "in", "at", "from", "across", "near", "to", "into", "western", "eastern", "northern",
    "southern", "central", "outside", "inside", "throughout", "around", "towards", "toward",
}  # fmt: skip


def _speaks_later(words: list[str], j: int) -> bool:
    """'Name, said' or 'Name, <apposition>, said' (the apposition closed by a comma)."""
    if j + 1 < len(words) and words[j + 1].lower() in _SPEECH_VERBS:
        return True
    commas = 0
    for w in words[j + 1 : j + 30]:
        if w == ",":
            commas += 1
        elif w.lower() in _SPEECH_VERBS:
            return commas >= 1
    return False
