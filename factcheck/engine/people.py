"""Named people and their roles.

A person is a run of capitalised name words (with Arabic articles such as al-, Abdul) that is
introduced by a role ("Defence ministry spokesman Hassan Abdel Ghani", "interim president
Ahmed al-Sharaa"), followed by a role in apposition ("Colonel Hussein Abdulghani, spokesman
for the Joint Operations Room"), carries an honorific or rank ("Mr Al Shara", "Colonel ..."),
or is the subject of a speech verb.

Roles are normalised to (title, organisation): spokesman/spokeswoman/spokesperson ->
spokesperson; "Defense Ministry spokesman" and "spokesman for the ministry of defence" ->
("spokesperson", "defence ministry"); former/ousted/late -> "former <title>"; modifiers
such as interim, new, senior are dropped. Each organisation gets a coarse class (military,
security, un, state) used to score near roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import COUNTRY_NAMES, MONTH_NAMES, STATEMENT_VERBS, WEEKDAYS
from .lexicon import DEMONYMS as _DEMONYMS
from .names import HONORIFICS, split_name
from .textutil import fold

TITLES: dict[str, str] = {
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "spokespeople": "spokesperson", "president": "president", "vice president": "vice president",
    "vice-president": "vice president", "prime minister": "prime minister",
    "premier": "prime minister", "minister": "minister", "secretary of state": "secretary of state",
    "secretary-general": "secretary-general", "secretary general": "secretary-general",
    "chief": "chief", "head": "head", "leader": "leader", "commander": "commander",
    "governor": "governor", "mayor": "mayor", "director": "director",
    "director-general": "director-general", "director general": "director-general",
    "envoy": "envoy", "ambassador": "ambassador", "official": "official", "chairman": "chair",
    "chairwoman": "chair", "chairperson": "chair", "chair": "chair", "coordinator": "coordinator",
    "king": "king", "emir": "emir", "high commissioner": "high commissioner",
    "rapporteur": "rapporteur", "founder": "founder", "representative": "representative",
    "chief of staff": "chief of staff", "police chief": "police chief",
}  # fmt: skip
# titles held by one person at a time in an organisation (different surnames conflict)
SINGULAR_TITLES = {
    "president", "prime minister", "minister", "secretary of state", "secretary-general",
    "governor", "mayor", "king", "emir", "high commissioner", "director-general",
    "chief of staff", "police chief",
}  # fmt: skip
# a title after these is a different, junior post ("state minister", "deputy spokesman")
_ORG_HEADS = {
    "committee", "ministry", "army", "government", "group", "organisation", "organization",
    "council", "operations", "agency", "office", "authority", "administration", "police",
    "service", "department", "commission", "force", "forces", "movement", "party",
}  # fmt: skip
_NOT_PORTFOLIO = {
    "the", "a", "an", "and", "of", "in", "on", "at", "by", "for", "with", "said", "says",
    "that", "who", "as", "while", "to", "from", "told", "according", "when", "after",
}  # fmt: skip
_RANK_MODS = {"deputy", "vice", "assistant", "junior", "state", "associate", "under"}
_FORMER = {"former", "ex", "late", "ousted", "deposed", "toppled", "then", "outgoing", "slain"}
_DROP = {
    "interim", "transitional", "acting", "new", "senior", "top", "current", "caretaker",
    "incoming", "newly", "appointed", "self-declared", "de", "facto", "military", "rebel",
    "turned", "veteran", "longtime", "powerful", "main", "chief",
}  # fmt: skip
RANKS = {
    "colonel", "col", "general", "gen", "major", "maj", "captain", "capt", "lieutenant", "lt",
    "brigadier", "brig", "sergeant", "sgt", "admiral", "marshal", "commander",
}  # fmt: skip
_ORG_CANON = [
    (r"\bdefen[cs]e\b", "defence"),
    (r"\borgani[sz]ation\b", "organisation"),
    (r"\bu\.?\s?s\.?(?=\s|$)|\bunited states\b|\bamerican\b|\bus\b", "us"),
    (r"\bu\.?\s?n\.?(?=\s|$)|\bunited nations\b|\bun\b", "un"),
    (r"\bu\.?\s?k\.?(?=\s|$)|\bbritish\b|\bbritain\b|\bunited kingdom\b", "uk"),
]

_MILITARY = {
    "defence", "military", "army", "armed", "operations", "war", "forces", "command",
    "brigade", "division", "navy", "air",
}  # fmt: skip
_SECURITY = {"interior", "police", "security", "intelligence"}

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


def norm_org(text: str) -> str | None:
    s = fold(text).lower().replace("\u2019", "'")
    for rx, rep in _ORG_CANON:
        s = re.sub(rx, rep, s)
    s = re.sub(r"'s\b", "", s)
    s = " ".join(_DEMONYMS.get(w, w) for w in s.split())
    s = re.sub(r"\bministry of (\w+)", r"\1 ministry", s)
    s = re.sub(r"\bministry of the (\w+)", r"\1 ministry", s)
    words = [w.strip(".,;:\"'()") for w in s.split()]
    words = [w for w in words if w and w not in ("the", "a", "an", "its", "their", "his", "her")]
    return " ".join(words) or None


def org_class(org: str | None) -> str | None:
    if not org:
        return None
    words = set(org.split())
    if words & _MILITARY:
        return "military"
    if words & _SECURITY:
        return "security"
    if "un" in words:
        return "un"
    return None


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() and not (len(tok) > 1 and tok.isupper() and len(tok) <= 5)


def _is_name_token(tok: str) -> bool:
    low = tok.lower()
    if low in _NAME_PARTICLES:
        return True
    if "-" in tok:
        head, _, rest = tok.partition("-")
        if head.lower() in ("al", "el", "abu", "bin", "abd") and rest[:1].isupper():
            return True
    return _is_cap(tok) and low.strip("'\u2019") not in _NOT_FIRST_NAME


def _title_at(words: list[str], k: int) -> tuple[str, int] | None:
    """Canonical title ending at word index k (inclusive) and its first index."""
    for span in (3, 2, 1):
        if k - span + 1 < 0:
            continue
        phrase = " ".join(w.lower() for w in words[k - span + 1 : k + 1])
        if phrase in TITLES:
            return TITLES[phrase], k - span + 1
    return None


def _title_from(words: list[str], k: int) -> tuple[str, int] | None:
    """Canonical title starting at word index k and one past its last index."""
    for span in (3, 2, 1):
        phrase = " ".join(w.lower() for w in words[k : k + span])
        if len(words[k : k + span]) == span and phrase in TITLES:
            return TITLES[phrase], k + span
    return None


def _role(title: str, org_words: list[str], former: bool) -> tuple[str, str | None, str | None]:
    org = norm_org(" ".join(org_words)) if org_words else None
    t = title
    # "Defence minister" -> minister of the defence ministry
    if t.endswith("minister") and org and "ministry" not in org and t != "prime minister":
        org = f"{org} ministry"
    if former:
        t = f"former {t}"
    return t, org, org_class(org)


# organisation words a title before a name may carry ("the health ministry spokesman X")
_ORG_WORDS = {
    "defence", "defense", "interior", "foreign", "health", "ministry", "human", "rights",
    "army", "military", "police", "security", "committee's", "ministry's", "government's",
    "un", "us", "state", "justice", "information",
}  # fmt: skip


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


def _org_words_before(words: list[str], title: str, tstart: int) -> tuple[list[str], bool, int]:
    """Organisation words before a title ending at tstart ("Defence ministry spokesman"),
    whether the role is a former one, and where the role starts."""
    org_words: list[str] = []
    former = False
    role_start = tstart
    q = tstart - 1
    while q >= 0 and q >= tstart - 5:
        lw = words[q].lower().replace("\u2019", "'")
        if lw in _FORMER or lw.rstrip("-") in _FORMER:
            former = True
        elif lw in _DROP:
            pass
        elif (
            title.endswith("minister")
            and lw.isalpha()
            and lw not in _NOT_PORTFOLIO
            and not _is_cap(words[q])
            and len(org_words) < 3
        ):
            org_words.insert(0, words[q])  # "disaster management minister X"
        elif _is_cap(words[q]) or lw.endswith("'s") or lw in _ORG_WORDS or words[q].isupper():
            if lw in ("the", "a", "an"):
                break
            org_words.insert(0, words[q])
        else:
            break
        role_start = q
        q -= 1
    return org_words, former, role_start


def _role_before(
    words: list[str], i: int, skip: int
) -> tuple[str | None, list[str] | None, bool, int | None]:
    """The role before the name at i: "[org words] TITLE Name" or "TITLE, Name"; ``skip``
    tokens of a rank or honorific ("Colonel", "Dr", "Dr .") lie between them."""
    k = i - 1 - skip
    if k >= 1 and words[k] == "," and _title_at(words, k - 1):
        k -= 1
    t = _title_at(words, k) if k >= 0 else None
    if t is None:
        if k >= 2 and words[k] == ",":
            r = _role_before_comma(words, k)
            if r is not None:
                return r[0], r[1], r[2], r[3]
        return None, None, False, None
    title, tstart = t
    if tstart > 0 and words[tstart - 1].lower() in _RANK_MODS:
        title = f"{words[tstart - 1].lower()} {title}"
        tstart -= 1
    org_words, former, role_start = _org_words_before(words, title, tstart)
    return title, org_words, former, role_start


def _tail_role_text(words: list[str], j: int) -> str:
    tail = []
    for w2 in words[j + 1 : j + 12]:
        if w2 in (",", ";", "(", ")") or w2.lower() in ("who", "which", "and"):
            break
        tail.append(w2)
    return " ".join(tail)


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


def _role_before_comma(words: list[str], k: int) -> tuple[str, list[str], bool, int] | None:
    """'TITLE for/of the ORG, Name': the title and organisation ending at the comma k."""
    for q in range(k - 1, max(-1, k - 9), -1):
        t = _title_from(words, q)
        if t is None:
            continue
        title, after = t
        if after < k and words[after].lower() in ("for", "of", "at"):
            org = [w for w in words[after + 1 : k] if w.lower() not in ("the", "a", "an")]
            if q > 0 and words[q - 1].lower() in _RANK_MODS:
                title = f"{words[q - 1].lower()} {title}"
                q -= 1
            start = q - 1 if q > 0 and words[q - 1].lower() in ("a", "an", "the") else q
            former = any(w.lower() in _FORMER for w in words[max(0, q - 2) : q])
            return title, org, former, start
        return None
    return None


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


def _role_after(words: list[str], k: int) -> tuple[str, list[str], bool] | None:
    """Role in apposition after 'Name, ': 'spokesman for the X', "Syria's interim president"."""
    former = False
    org_words: list[str] = []
    q = k
    limit = min(len(words), k + 7)
    while q < limit:
        lw = words[q].lower().replace("\u2019", "'")
        if lw in (",", ";", "who", "which", "said", "says", "has", "had", "is", "was"):
            return None
        if lw in ("a", "an", "the") or lw in _DROP:
            q += 1
            continue
        if lw in _FORMER:
            former = True
            q += 1
            continue
        t = _title_from(words, q)
        if t:
            title, after = t
            if q > k and words[q - 1].lower() in _RANK_MODS:
                title = f"{words[q - 1].lower()} {title}"
                if org_words and org_words[-1].lower() == words[q - 1].lower():
                    org_words.pop()
            if (
                after < len(words)
                and _is_cap(words[after])
                and words[after].lower() not in ("for", "of", "at")
            ):
                return None  # "..., Governor Roy Cooper said": the title is Cooper's
            portfolio = []
            p = q - 1
            while p >= k and words[p].islower() and words[p] not in _NOT_PORTFOLIO:
                portfolio.insert(0, words[p])
                p -= 1
            if title.endswith("minister") and portfolio and not org_words:
                return title, portfolio, former  # "the health minister of the east"
            if after < len(words) and words[after].lower() in ("for", "of", "at") and not org_words:
                r = after + 1
                while r < len(words) and words[r].lower() in ("the", "a", "an"):
                    r += 1
                while r < len(words) and (
                    _is_cap(words[r])
                    or words[r].isupper()
                    or words[r].lower() in ("of", "for", "and")
                ):
                    if words[r].lower() in ("and",) and not (
                        r + 1 < len(words) and _is_cap(words[r + 1])
                    ):
                        break
                    org_words.append(words[r])
                    r += 1
                if not org_words:
                    # lowercase organisation: "for the interior ministry of the east"
                    for span in range(1, 4):
                        tail = [w.lower() for w in words[r : r + span]]
                        if len(tail) == span and tail[-1] in _ORG_HEADS:
                            org_words.extend(words[r : r + span])
                            break
            return title, org_words, former
        if lw.endswith("'s") or _is_cap(words[q]) or words[q].isupper():
            org_words.append(words[q])
            q += 1
            continue
        if lw in ("defence", "defense", "interior", "foreign", "ministry", "army", "military"):
            org_words.append(words[q])
            q += 1
            continue
        q += 1
    return None
