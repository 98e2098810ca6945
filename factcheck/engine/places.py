"""Places: the place a figure is about (named places, lists, regions, "nationwide",
"elsewhere") and how places are normalised, ranked and mapped to their country."""

from __future__ import annotations

import re

from .lexicon import (
    CONVEYANCE_NOUNS,
    COUNTRY_NAMES,
    DEMONYMS,
    INCIDENT_NOUNS,
    MONTHS,
    REPORT_NOUNS,
    WEEKDAYS,
    alternation,
    demonym_country,
)
from .textutil import fold


def _words(text: str) -> list[str]:
    return text.split()


# the parts of a land named by compass ("in western Sudan")
COMPASS = (
    "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern",
)  # fmt: skip


def country_of(place: str | None) -> str | None:
    """The country a place is, or a compass part of ("western sudan" -> sudan), else None."""
    if place is None:
        return None
    if place in COUNTRIES:
        return place
    first, _, rest = place.partition(" ")
    return rest if first in COMPASS and rest in COUNTRIES else None


# words describing a place, not naming it ("the densely populated X district")
_PLACE_DESCRIPTIONS = (
    "densely populated", "populated", "remote", "rural", "mountainous", "impoverished",
    "poor", "hard hit", "worst hit", "neighbouring", "neighboring",
)  # fmt: skip
_DESCRIBED = "|".join(d.replace(" ", r"[\s-]+") for d in _PLACE_DESCRIPTIONS)
_PLACE_STRIP = {
    "village", "town", "province", "governorate", "district", "region", "area",
    "neighbourhood", "neighborhood", "county", "state", "municipality", "camp", "suburb",
    "countryside", "of", "nearby", "the", "alone", "port", "capital",
    *(w for d in _PLACE_DESCRIPTIONS for w in d.split()),
}  # fmt: skip
_NATIONAL = re.compile(
    r"\b(nationwide|across the country|throughout the country|in the whole country|"
    r"countrywide|across the nation)\b"
)
_ELSEWHERE = re.compile(r"\belsewhere\b")
# settings that split a count into parts: those aboard a vessel or aircraft and those on the
# ground, at sea and on land
_SETTINGS = {
    "at sea": "at sea", "on land": "on land", "on the ground": "on the ground",
    "aboard": "aboard", "on board": "aboard", "onboard": "aboard", "on-board": "aboard",
}  # fmt: skip
_SETTING_NAMES = frozenset(_SETTINGS.values())
# "a plane carrying 72 people", "the boat with 40 migrants": the count of those aboard, noted
# just after the counted noun so that the figure before it takes the setting
_CARRIED = re.compile(
    r"\b(?:" + "|".join(sorted(CONVEYANCE_NOUNS)) + r")\s+(?:was\s+)?(?:carrying|with)\s+"
    r"(?:(?:a total of|some|about|around|nearly|almost|more than|over|at least)\s+)?"
    r"(?:\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+[a-z]+\b"
)
_SETTING = re.compile(r"\b(" + "|".join(sorted(_SETTINGS, key=len, reverse=True)) + r")\b")

COUNTRIES = COUNTRY_NAMES


def norm_place(text: str) -> str | None:
    text = re.sub(
        r"(?i)^(?:the\s+)?(?:nearby\s+)?(?:(?:port|resort|coastal|border|mountain|seaside|holiday)"
        r"\s+)?(?:city|town|village|municipality|commune)\s+of\s+",
        "",
        text.strip(),
    )
    words = fold(text).lower().replace("'s", "").replace("-", " ").split()
    words = [w.strip(".,;:\"'()") for w in words]
    words = [w for w in words if w and w not in _PLACE_STRIP]
    return " ".join(words) or None


def place_level(place: str | None) -> str:
    """'unknown' (no place), 'national' ("nationwide"), 'country', 'multi' (several named
    places), 'setting' (aboard, on the ground, at sea, on land) or 'local'."""
    if place is None:
        return "unknown"
    if place in _SETTING_NAMES:
        return "setting"
    if " & " in place:
        return "multi"
    if place == "national":
        return "national"
    if place in COUNTRIES:
        return "country"
    return "local"


# "in Hureison village", "in the nearby village of Qurfays", "in coastal Syria", "in Latakia"
_PLACE_RE = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Aa]cross|[Nn]ear|[Aa]round|[Tt]hroughout)\s+"
    rf"((?:the\s+)?(?:(?:nearby|coastal|{'|'.join(COMPASS)})\s+)?"
    r"(?:(?:resort|port|coastal|border|mountain|seaside|holiday)\s+)?"
    # "in the densely populated X district", "in the remote village of Y"
    rf"(?:(?:{_DESCRIBED})\s+)?"
    r"(?:(?:village|city|town|province|region|district|neighbourhood|neighborhood|area|port city|"
    r"capital|governorate|municipality|commune|county)\s+of\s+)?"
    r"(?:al-|el-|Al-|El-)?[A-Z][\w'\u2019-]*(?:\s+(?:al-|el-)?[A-Z][\w'\u2019-]*){0,3}"
    r"(?:\s+(?:village|city|town|province|provinces|region|regions|district|districts|governorate|"
    r"governorates|camp|state|states|county|counties))?)"
)
_NOT_PLACES = (
    set(WEEKDAYS)
    | {m for m in MONTHS if len(m) > 3}
    | {
        "the",
        "january",
        "december",
        "which",
        "this",
        "that",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "response",
        "addition",
        "total",
        "particular",
        "general",
        "fact",
        "public",
    }
)


# who holds an area ("rebel-held", "Russian-controlled"): sides of a conflict and the
# adjective of any people (from the lexicon's world data)
_HOLDERS = alternation(
    {"government", "rebel", "opposition", "regime", "militia", "army", "insurgent", "taliban",
     "houthi"} | {d for d in DEMONYMS if d.isalpha()}
)  # fmt: skip
_REGION_RE = re.compile(
    r"\b(?:in|across|throughout)\s+(?:the\s+)?(?:"
    rf"((?:{_HOLDERS})[- ](?:held|controlled|run)\s+(?:areas?|territory|territories|"
    r"parts|regions?|zones?|districts?|north|south|east|west|northwest|northeast|southwest|"
    r"southeast))\b"
    r"|((?:north|south|east|west|northwest|northeast|southwest|southeast|north-west|north-east|"
    r"south-west|south-east)(?:ern)?(?:\s+of\s+the\s+country)?)\b(?!-)(?=\s*(?:[,.;:!?)]|$|"
    r"(?:of|on|in|at|and|since|over|during|after|with|while|when|as|from|to|for|by|alone|where|"
    r"which|who)\b)))",
    re.I,
)


_DEMONYM_AREAS = re.compile(
    r"\b(?:in|across)\s+(?:the\s+)?(?:[\w-]+\s+)?([A-Z][a-z]+)\s+(?:provinces|cities|towns|regions|"
    r"villages|areas|states|districts|governorates)\b"
)


# common nouns after a capitalised adjective ("the Alawite neighbourhoods", "Israeli strike")
_ADJ_HEADS = set(
    _words(
        """
    attack attacks offensive strike strikes raid raids forces force fighters militia
    militias neighbourhood neighbourhoods neighborhood neighborhoods community communities
    group groups minority sect regime government army authorities officials side border
    coast coastline heartland population people troops police security soldiers rebels
    insurgents war conflict campaign operation operations bombardment shelling assault
    incursion invasion military ministry media state-run authority families family civilians
    country nation majority
    """
    )
)
_NAMED_HEADS = INCIDENT_NOUNS | REPORT_NOUNS
_ANAPHORIC_PLACE = re.compile(
    r"\bin the (state|province|region|city|county|country|territory|district|town|village)\b"
)
_POSSESSIVE = re.compile(r"\b([A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})['\u2019]s\b")


_MORE_PLACE = re.compile(
    r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?((?:al-|el-)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2})"
    r"(?:\s+(?:provinces|states|regions|districts|governorates|counties|province|state))?"
)


def _more_places(sentence: str, pos: int) -> list[str]:
    """Further places of a list ("in Latakia, Tartous and Baniyas"); the list must end with
    "and"/"or" before its last item, so "in Latakia, Governor X said" is not one."""
    out: list[str] = []
    closed = 0
    while len(out) < 6:
        m = _MORE_PLACE.match(sentence, pos)
        if not m:
            break
        p = norm_place(m.group(1))
        if not p or p.split()[0] in _NOT_PLACES or set(p.split()) & _TITLE_WORDS:
            break
        nxt = re.match(r"\s+([a-z]+)", sentence[m.end() :])
        if nxt and nxt.group(1) in _ADJ_HEADS:
            break
        out.append(p)
        if re.match(r"\s*,?\s+(?:and|or)\s", sentence[pos : m.start(1)]):
            closed = len(out)
        pos = m.end()
    return out[:closed]


_TITLE_WORDS = {
    "governor", "president", "minister", "mayor", "spokesman", "spokeswoman", "general",
    "colonel", "secretary", "chief", "commander", "prime", "king", "queen", "prince",
}  # fmt: skip


# where people or bodies were carried: "taken to the X Hospital", "flown to Y"
_DESTINATION_RE = re.compile(
    r"\b(?:taken|brought|moved|transferred|transported|flown|rushed|carried|airlifted)\s+to\s+"
    r"((?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})"
)


# "on the X side" of a border or front: the place of one side's count
_SIDE_RE = re.compile(
    r"\b[Oo]n\s+the\s+([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2})\s+side\b"
)


def find_places(sentence: str) -> list[tuple[int, str]]:
    """(char offset, normalised place) for the place phrases of a sentence."""
    out: list[tuple[int, str]] = []
    for m in _SIDE_RE.finditer(sentence):
        p = demonym_country(m.group(1)) or norm_place(m.group(1))  # "on the Peruvian side"
        if p and p.split()[0] not in _NOT_PLACES:
            out.append((m.start(), p))
    for m in _REGION_RE.finditer(sentence):
        p = norm_place((m.group(1) or m.group(2)).replace(" of the country", ""))
        if p:
            out.append((m.start(), p))
    for m in _PLACE_RE.finditer(sentence):
        phrase = m.group(1)
        if re.search(r"(?:based|headquartered|registered)\s*$", sentence[: m.start()]) or re.search(
            r"-based\s*$", sentence[: m.start()]
        ):
            continue
        first = re.sub(r"^(the\s+)?", "", phrase, flags=re.I).split()[0].lower().strip("'\u2019")
        if first in _NOT_PLACES:
            continue
        nxt = re.match(r"\s+([a-z]+)(?:\s+([a-z]+))?(?:\s+([a-z]+))?", sentence[m.end() :])
        if nxt and (nxt.group(1) in _ADJ_HEADS or phrase.lower().endswith(("-led", "-backed"))):
            continue  # "the Hamas-led attack", "the Israeli strike": an adjective, not a place
        if nxt and set(nxt.groups()) & _NAMED_HEADS and phrase.lower().startswith("the "):
            continue  # "in the Valverde train crash", "in the X report": the name modifies them
        p = norm_place(phrase)
        if p and p not in _NOT_PLACES:
            more = _more_places(sentence, m.end())
            if more:  # "in Bangladesh and India", "in Latakia and Tartous provinces"
                p = " & ".join(sorted({p, *more}))
            out.append((m.start(), p))
    for m in _ANAPHORIC_PLACE.finditer(sentence):
        # "North Carolina's governor said 57 died in the state": the state is North Carolina
        owner = [p for p in _POSSESSIVE.finditer(sentence[: m.start()])]
        if owner:
            p = norm_place(owner[-1].group(1))
            if p and p not in _NOT_PLACES:
                out.append((m.start(), p))
    for m in _DEMONYM_AREAS.finditer(sentence):
        country = demonym_country(m.group(1))
        if country:
            out.append((m.start(), country))
    for m in _DESTINATION_RE.finditer(sentence):
        # "the bodies of 64 victims were taken to the X hospital": a count at one site; a
        # country they were taken to ("hostages taken to X") is where all of them are
        p = norm_place(m.group(1))
        if p and p.split()[0] not in _NOT_PLACES and place_level(p) == "local":
            out.append((m.start(), p))
    for m in _SETTING.finditer(sentence.lower()):
        out.append((m.start(), _SETTINGS[m.group(1)]))
    for m in _CARRIED.finditer(sentence.lower()):
        out.append((m.end(), "aboard"))
    for m in _NATIONAL.finditer(fold(sentence).lower()):
        out.append((m.start(), "national"))
    for m in _ELSEWHERE.finditer(sentence.lower()):
        out.append((m.start(), "elsewhere"))
    out.sort()
    return out
