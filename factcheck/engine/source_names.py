"""Source names: the word sets and helpers that clean an attribution's phrase down to the
speaker's name ("data from X", trailing clauses, determiners), key it, and tell a name from
a description, a generic organisation noun or an unnamed source.
"""

from __future__ import annotations

import re

from .textutil import fold

_ANON_HEADS = {
    "organizations", "organisations", "groups", "agencies", "monitors", "ngos", "charities",
    "spokesman", "spokeswoman", "spokesperson", "mayor", "governor", "minister", "commander",
    "chief", "officer", "director", "head", "representative", "envoy", "ambassador",
    "firefighters", "paramedics", "nurses", "soldiers", "troops", "journalists", "reporters",
    "teachers", "farmers", "farmer", "lawmakers", "workers", "neighbours", "neighbors",
    "rescue", "rescue workers", "emergency", "responders", "coroner", "coroners", "sheriff",
    "residents", "resident", "activists", "activist", "witnesses", "witness", "sources",
    "source", "officials", "official", "diplomats", "diplomat", "locals", "survivors",
    "relatives", "members", "people", "medics", "doctors", "rescuers", "villagers",
    "authorities", "teacher", "shopkeeper", "man", "woman", "others", "observers", "analysts",
    "experts", "police", "volunteers", "eyewitnesses", "families", "reports", "media",
    "hospital", "hospitals",
}  # fmt: skip
_GENERIC_ORG = {
    "organisation", "organization", "group", "monitor", "observatory", "network", "ministry",
    "agency", "office", "committee", "body", "watchdog", "charity", "department", "service",
    "authority", "mission", "council",
}  # fmt: skip
_FUNCTION = {"of", "for", "the", "and", "on", "in", "to", "de", "du", "al"}
_CUT = re.compile(
    r"\s+(?:who|which|that|on|in a|in an|in its|in their|late|earlier|later|last|this|"
    r"yesterday|today|citing|quoting|after|as|while|because|when|without|with)\b.*$",
    re.I,
)


# generic heads and the name words of the organisations they may refer to
_HEAD_NAMES = {
    "monitor": {"observatory", "network", "monitor", "watch", "monitoring"},
    "watchdog": {"observatory", "network", "watch", "watchdog"},
    "observatory": {"observatory"},
    "network": {"network"},
    "group": {"group", "observatory", "network", "watch", "committee", "campaign"},
    "organisation": {"organisation", "organization"},
    "organization": {"organisation", "organization"},
}

_BODIES = {
    "government", "army", "police", "military", "authorities", "administration", "embassy",
    "parliament", "presidency", "court", "hospital", "commission", "secretariat", "unit",
}  # fmt: skip
_HEADS = {
    "monitor", "group", "organisation", "observatory", "agency", "watchdog", "network",
    "ngo", "charity", "ministry", "outlet",
}  # fmt: skip


def _initials(words: list[str]) -> str:
    """The acronym of a name's words; a short form inside the name keeps all its letters ("UN
    Relief Mission" -> UNRM, as "United Nations Relief Mission" gives)."""
    if not all(w[:1].isupper() for w in words):
        return ""
    return "".join(w if re.fullmatch(r"[A-Z]{2,4}", w) else w[0].upper() for w in words)


def _desc_words(text: str) -> set[str]:
    low = fold(text).lower()
    low = low.replace("monitoring", "monitor").replace("organization", "organisation")
    return set(re.findall(r"[a-z]+", low))


def _key(text: str) -> str:
    s = fold(text).lower()
    s = re.sub(r"\bof\b", "for", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    words = [w for w in s.split() if w not in ("the", "a", "an")]
    return " ".join(words)


def _data_owner(text: str) -> str:
    """ "data from the health ministry", "NDMA's data", "figures reported by X": X."""
    t = re.sub(
        r"^(?:(?:the\s+)?(?:latest|new|updated|official|provisional|preliminary)\s+)*"
        r"(?:data|figures|statistics|numbers|records)\s+(?:from|by|of|reported by|released by)"
        r"\s+(?:the\s+)?",
        "",
        text,
        flags=re.I,
    )
    t = re.sub(r"['\u2019]s?(?:\s+(?:data|figures|statistics|records|count|tally))?$", "", t)
    return re.sub(r"\s+(?:data|figures|statistics|records)$", "", t)


def _clean(text: str) -> str:
    t = text.strip().strip(",.;:\u201c\u201d\"'()")
    # a dateline or heading before a colon ("BEIRUT: the health minister said")
    t = t.rsplit(": ", 1)[-1] if ": " in t else t
    t = re.sub(r"^(?:but|and|however|meanwhile|while|also)\s*,?\s+", "", t, flags=re.I)
    # a sentence adverb before the subject ("Now the observatory says ...")
    t = re.sub(
        r"^(?:Now|Later|Earlier|Separately|Previously|Then|Today|Yesterday|Still|Initially|"
        r"Since then|So far|By then|Overall|In total|Altogether)\s*,?\s+(?=\S+\s|[A-Z]{2,8}$)",
        "",
        t,
    )
    t = _CUT.sub("", t)
    t = re.sub(r"\s+(?:also|have|has|had|later|had also|further|again)$", "", t)
    return t.strip().strip(",")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if any(w.lower() in _GENERIC_ORG or w.lower() in _HEADS for w in words):
        return False
    if re.search(
        r"\b(Rights|Ministry|Observatory|Network|Council|Committee|Forces|Army|News|Agency|Organi[sz]ation|Office|International|Watch|Foundation|Association|Society|Federation|Alliance|Coalition|Cent(?:er|re)|Trust|Movement|Party|Front|Amnesty|Nations|Press|Media|Group|Campaign|Commission|Service|Authority|Department|Crescent|Cross|Fund|Bank|Programme|Program|Union|Court|Police|Government|Institute|University|Hospital|TV|Radio)\b",
        text,
    ):
        return False
    return all(
        w[:1].isupper() or w.lower() in ("al", "el", "bin", "abu", "de", "van") for w in words
    )


def _speaker_phrase(text: str) -> str:
    """The words of an attribution that name the speaker: an acronym in brackets, else the
    phrase without "such as", determiners, "X-based" and "data from"."""
    raw = text
    acr = re.search(r"\(([A-Z]{2,8})\)", raw)
    if acr:
        raw = acr.group(1)
    raw = re.sub(r"^.*\bsuch as\s+", "", raw)
    raw = _clean(raw)
    raw = re.sub(r"^(?:the|The)\s+", "", raw)
    raw = re.sub(r"^[\w]+-based\s+", "", raw)  # "Turkey-based Syria TV"
    return _data_owner(raw)


def _unnamed(raw: str, low: str, words: list[str]) -> bool:
    """An unnamed source: a person or group described by what they are, not named."""
    head_np = re.split(r"\s(?:in|of|from|at|near|with|for)\s", low, maxsplit=1)[0].split()
    if set(head_np) & _ANON_HEADS and head_np[0] in (
        "a",
        "an",
        "one",
        "two",
        "three",
        "another",
        "local",
        "some",
    ):
        return True
    later_caps = [w for w in raw.split()[1:] if w[:1].isupper()]
    return bool(
        (set(re.findall(r"[a-z]+", low)) & _ANON_HEADS and not later_caps)
        or words[0] in _ANON_HEADS
        or words[0] in ("other", "another", "some", "local", "several", "many")
    )
