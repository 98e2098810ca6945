"""Roles of named people, normalised to (title, organisation).

spokesman/spokeswoman/spokesperson -> spokesperson; "Defense Ministry spokesman" and
"spokesman for the ministry of defence" -> ("spokesperson", "defence ministry");
former/ousted/late -> "former <title>"; modifiers such as interim, new, senior are dropped.
Each organisation gets a coarse class (military, security, un, state) used to score near
roles. The role words before or after a name are read here; the names themselves in
`people.py`.
"""

from __future__ import annotations

import re

from .lexicon import DEMONYMS as _DEMONYMS
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
