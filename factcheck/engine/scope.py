"""Scope of a figure: the period it covers and the place it is about.

Periods are anchored on the report's publication date where given: weekday names become
the most recent such day on or before publication ("since Thursday" in a Monday report is
the Thursday four days earlier). A "since X" period is open: a running total up to the
report date. Durations without an anchor ("over four days", "the four-day offensive") keep
only their length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import (
    CONVEYANCE_NOUNS,
    COUNTRY_NAMES,
    DEMONYMS,
    INCIDENT_NOUNS,
    MONTH_RE,
    MONTHS,
    REPORT_NOUNS,
    SLICE_WORDS,
    SPEECH_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    alternation,
    demonym_country,
)
from .numbers import UNITS
from .textutil import fold

_WD = rf"({WEEKDAY_RE})"
_MON = rf"({MONTH_RE})\b\.?"
_UNIT_DAYS = {
    "hour": 1 / 24,
    "day": 1,
    "night": 1,
    "week": 7,
    "month": 30,
    "year": 365,
    "decade": 3650,
}
_NUMW = r"(\d+|" + "|".join(UNITS) + r"|twenty|thirty|forty|fifty)"


def _words(text: str) -> list[str]:
    return text.split()


@dataclass(slots=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None
    open: bool = False
    days: int | None = None
    label: str | None = None


def _weekday_date(name: str, published: dt.date | None, *, last: bool = False) -> dt.date | None:
    if published is None:
        return None
    delta = (published.weekday() - WEEKDAYS[name]) % 7
    if last and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def month_date(
    month: str, day: int | None, published: dt.date | None, part: str | None = None
) -> dt.date | None:
    if published is None:
        return None
    mo = MONTHS[month.lower().rstrip(".")]
    if day is None:
        day = {"early": 1, "mid": 15, "late": 20}.get(part or "", 1)
    year = published.year
    try:
        d = dt.date(year, mo, day)
    except ValueError:
        return None
    if d > published + dt.timedelta(days=1):
        try:
            d = dt.date(year - 1, mo, day)
        except ValueError:
            return None
    return d


def _calendar_period(
    name: str, m: re.Match[str], published: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    if name in ("in_year", "year_event"):
        y = int(m.group(1))
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if published is None:
        if name == "in_month" and m.group(2):
            y = int(m.group(2))
            mo = MONTHS[m.group(1).rstrip(".")]
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        return None
    if name == "earlier_year":
        return dt.date(published.year, 1, 1), published - dt.timedelta(days=14)
    if name == "last_year":
        y = published.year - 1
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if name == "last_month":
        end = published.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    mo = MONTHS[m.group(1).rstrip(".")]
    y = int(m.group(2)) if m.group(2) else published.year
    if not m.group(2) and mo > published.month:
        y -= 1
    nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
    return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)


def _numword(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    if s in UNITS:
        return UNITS[s]
    return {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}.get(s)


_SPEECH = rf"(?:{SPEECH_RE})"

# "84 deaths had been recorded by the end of last week", "by Friday": a total up to then,
# no period of its own (the words are left out before the periods are looked for)
_BY_THEN = re.compile(rf"\bby (?:the end of )?(?:(?:last|this) week|(?:last )?{_WD})\b")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("from_to", re.compile(rf"\bfrom (?:last )?{_WD} (?:to|until|through|till) {_WD}\b")),
    ("between_wd", re.compile(rf"\bbetween {_WD} and {_WD}\b")),
    ("since_daymonth", re.compile(rf"\bsince (\d{{1,2}}) {_MON}")),
    # "since the rebels launched their offensive in the eastern provinces in early
    # November": a running total from that month, however long the event's clause
    (
        "since_month",
        re.compile(
            rf"\bsince\b(?:\W+[\w'\u2019-]+){{0,12}}?\W+(?:in\s+)?(?:(early|mid|late)[\s-]+)?{_MON}"
            r"(?:\s+(\d{1,2})\b)?(?:,?\s+(last year|(?:19|20)\d\d))?"
        ),
    ),
    ("since_lastweek", re.compile(r"\bsince\b(?:\W+[\w'\u2019-]+){0,5}?\W+last week\b")),
    ("since_year", re.compile(r"\bsince\b(?:\W+[\w'\u2019-]+){0,6}?\W+((?:19|20)\d\d)\b")),
    (
        "since_event",
        re.compile(
            r"\bsince (?:the )?(?:start|beginning|outbreak|onset) of (?:the )?[\w-]+"
            r"|\bsince the (?:war|conflict|"
            r"invasion|fighting|uprising|crisis|pandemic|disaster|earthquake|quake|floods?|storm|"
            r"offensive|campaign|siege|attack|violence) "
            r"(?:began|started|erupted|broke out|hit|struck)\b"
        ),
    ),
    ("since_wd", re.compile(rf"\b(?:since|after)\b(?:\W+[\w'\u2019-]+){{0,6}}?\W+(?:last )?{_WD}")),
    ("weekend", re.compile(r"\b(?:over|during|at|on) (?:the|this|last) weekend\b")),
    ("last_week", re.compile(r"\b(?:over|during|in) the (?:last|past) (?:week|seven days)\b")),
    ("prev_week", re.compile(r"\blast week\b")),
    ("single_day", re.compile(r"\b(?:in|on|during|within) a single (day|night)\b")),
    (
        "n_days",
        re.compile(
            rf"\b(?:over|in|during|within|for) (?:the )?(?:last |past |previous |preceding )?"
            rf"{_NUMW} "
            r"(hour|day|night|week|month|year|decade)s?\b"
        ),
    ),
    ("n_day_adj", re.compile(rf"\b{_NUMW}-(day|week|month|year|decade)\b")),
    (
        "on_wd",
        re.compile(
            rf"\b(?:on|last) {_WD}(?:'s)?(?: alone)?\b"
            rf"(?! (?:night|morning|evening|afternoon)? ?{_SPEECH})"
        ),
    ),
    ("today", re.compile(r"\b(?:yesterday|today)\b")),
    ("earlier_year", re.compile(r"\bearlier (?:this|in the) year\b")),
    ("last_year", re.compile(r"\blast year\b")),
    ("last_month", re.compile(r"\blast month\b")),
    (
        "in_month",
        re.compile(rf"\b(?:in|during) (?:early |mid-|mid |late )?{_MON}(?: ((?:19|20)\d\d))?\b"),
    ),
    ("in_year", re.compile(r"\b(?:in|during) ((?:19|20)\d\d)\b")),
    # "the 2010 floods, which killed ...", "the 2004 tsunami that killed ...", "a 2018 crash on
    # the coast road killed ...", "the 2020 disaster, in which ... died", "the 2020 floods, the
    # worst in decades, killed ...": the figure is that year's event's, named for comparison
    # (this year's event so named is still compared)
    (
        "year_event",
        re.compile(
            r"\b(?:the|a|an) ((?:19|20)\d\d) (?:[a-z'-]+ ){0,8}?[a-z'-]+"
            r"(?:, [a-z' -]{1,40},|,)? (?:which|that|in which|killed|left|claimed)\b"
        ),
    ),
]


def find_period(sentence: str, published: dt.date | None) -> Period | None:
    """The period a sentence's figures cover, or None when it states none."""
    low = _BY_THEN.sub(" ", fold(sentence).lower())
    for name, rx in _PATTERNS:
        m = rx.search(low)
        if not m:
            continue
        label = m.group(0)
        if name in ("from_to", "between_wd"):
            if published is None:
                # no report date to anchor the days on: the period keeps its length
                days = (WEEKDAYS[m.group(2)] - WEEKDAYS[m.group(1)]) % 7 + 1
                return Period(None, None, False, days, label)
            return Period(
                _weekday_date(m.group(1), published, last=False),
                _weekday_date(m.group(2), published),
                False,
                None,
                label,
            )
        if name == "since_month":
            day = int(m.group(3)) if m.group(3) else None
            start = month_date(m.group(2), day, published, m.group(1))
            if start is not None and m.group(4):
                if m.group(4) == "last year":
                    y = (published.year if published else start.year) - 1
                else:
                    y = int(m.group(4))
                start = start.replace(year=y)
            return Period(start, None, True, None, label)
        if name == "since_daymonth":
            return Period(
                month_date(m.group(2), int(m.group(1)), published), None, True, None, label
            )
        if name == "since_wd":
            if re.search(rf"{_SPEECH}\W+(?:on\W+)?{_WD}", label) and not label.startswith("since"):
                continue
            return Period(_weekday_date(m.group(1), published), None, True, None, label)
        if name == "since_lastweek":
            if published is None:
                return Period(None, None, True, None, label)
            monday = published - dt.timedelta(days=published.weekday() + 7)
            return Period(monday, None, True, None, label)
        if name == "since_year":
            y = int(m.group(1))
            if published is not None and y > published.year:
                continue
            # "since the 2014 sinking", "since 2014, when a ferry sank": a past event
            named_event = re.match(r" [a-z]|,? (?:when|in which|that killed)\b", low[m.end() :])
            if re.search(r"\b(?:in|of) (?:19|20)\d\d$", label) or named_event:
                # "the deadliest since the ferry sinking in 2014, which killed 304", "since
                # the 2014 sinking": a past event named for comparison, whose figure is that
                # event's
                return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), False, None, label)
            return Period(dt.date(y, 1, 1), None, True, None, label)
        if name == "since_event":
            return Period(None, None, True, None, label)
        if name in ("earlier_year", "last_year", "last_month", "in_month", "in_year", "year_event"):
            p = _calendar_period(name, m, published)
            if p is None:
                continue
            return Period(p[0], p[1], False, None, label)
        if name == "weekend":
            if published is None:
                return Period(None, None, False, 2, label)
            sat = published - dt.timedelta(days=(published.weekday() - 5) % 7 or 7)
            if published.weekday() in (5, 6) and "last" not in label:
                sat = published - dt.timedelta(days=published.weekday() - 5)
            return Period(sat, sat + dt.timedelta(days=1), False, 2, label)
        if name == "last_week":
            if published is None:
                return Period(None, None, False, 7, label)
            return Period(published - dt.timedelta(days=7), None, True, None, label)
        if name == "prev_week":
            if published is None:
                return Period(None, None, False, 7, label)
            monday = published - dt.timedelta(days=published.weekday() + 7)
            return Period(monday, monday + dt.timedelta(days=6), False, 7, label)
        if name in ("n_days", "n_day_adj"):
            n = _numword(m.group(1))
            if n is None:
                continue
            days = max(1, round(n * _UNIT_DAYS[m.group(2)]))
            if re.search(r"\b(?:past|last|previous|preceding)\b", label) and published is not None:
                # "over the past 24 hours": the latest slice of the toll, up to the report
                start = published - dt.timedelta(days=days)
                return Period(start, published, False, days, label)
            return Period(None, None, False, days, label)
        if name == "single_day":
            return Period(None, None, False, 1, label)
        if name == "on_wd":
            if re.search(rf"\b{_SPEECH}(?:\s+[\w']+){{0,2}}\s*$", low[: m.start()]):
                # "said on Monday that ...": when it was said, not when it happened
                m2 = rx.search(low, m.end())
                if m2 is None:
                    continue
                m = m2
                label = m.group(0)
            d = _weekday_date(m.group(1), published)
            return Period(d, d, False, None if d else 1, label)
        if name == "today":
            if published is None:
                return Period(None, None, False, 1, label)
            d = published - dt.timedelta(days=1 if "yesterday" in label else 0)
            return Period(d, d, False, None, label)
    return None


def is_slice(label: str | None) -> bool:
    """Whether the words of a period make it a slice of a running toll ("in the past 24
    hours", "from Friday to Saturday", "on Monday alone", "in a single day", "in one day")
    rather than the stretch the whole event took ("over four days", "on Wednesday", "the
    three-day offensive"): a slice's count is a part of the toll, never the toll itself."""
    if not label:
        return False
    words = label.split()
    if words[0] in ("from", "between"):
        return True  # a window between two named days
    if words[-1] in WEEKDAYS or words[-1].rstrip("'s") in WEEKDAYS:
        return False  # "last Monday": the day the event happened
    return bool(set(words) & SLICE_WORDS)


# ---------------------------------------------------------------- places

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


def find_places(sentence: str) -> list[tuple[int, str]]:
    """(char offset, normalised place) for the place phrases of a sentence."""
    out: list[tuple[int, str]] = []
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
