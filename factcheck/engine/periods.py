"""Periods: the stretch of time a figure covers, anchored on the report's publication date.

Weekday names become the most recent such day on or before publication ("since Thursday" in
a Monday report is the Thursday four days earlier). A "since X" period is open: a running
total up to the report date. Durations without an anchor ("over four days", "the four-day
offensive") keep only their length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import (
    MONTH_RE,
    MONTHS,
    SLICE_WORDS,
    SPEECH_RE,
    WEEKDAY_RE,
    WEEKDAYS,
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


def _between_days(m: re.Match[str], label: str, published: dt.date | None) -> Period:
    """ "from Thursday to Monday", "between Friday and Sunday"."""
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


def _since_year(m: re.Match[str], label: str, low: str, published: dt.date | None) -> Period | None:
    """ "since 2014": a running total, or a past event named for comparison."""
    y = int(m.group(1))
    if published is not None and y > published.year:
        return None
    # "since the 2014 sinking", "since 2014, when a ferry sank": a past event
    named_event = re.match(r" [a-z]|,? (?:when|in which|that killed)\b", low[m.end() :])
    if re.search(r"\b(?:in|of) (?:19|20)\d\d$", label) or named_event:
        # "the deadliest since the ferry sinking in 2014, which killed 304", "since
        # the 2014 sinking": a past event named for comparison, whose figure is that
        # event's
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), False, None, label)
    return Period(dt.date(y, 1, 1), None, True, None, label)


def _since(
    name: str, m: re.Match[str], label: str, low: str, published: dt.date | None
) -> Period | None:
    """An open period, a running total "since X" (None: the match is no such period)."""
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
        return Period(month_date(m.group(2), int(m.group(1)), published), None, True, None, label)
    if name == "since_wd":
        if re.search(rf"{_SPEECH}\W+(?:on\W+)?{_WD}", label) and not label.startswith("since"):
            return None
        return Period(_weekday_date(m.group(1), published), None, True, None, label)
    if name == "since_lastweek":
        if published is None:
            return Period(None, None, True, None, label)
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return Period(monday, None, True, None, label)
    if name == "since_year":
        return _since_year(m, label, low, published)
    return Period(None, None, True, None, label)  # since_event


def _week(name: str, label: str, published: dt.date | None) -> Period:
    """ "the weekend", "last week" (open, up to the report), "the previous week"."""
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
    if published is None:  # prev_week
        return Period(None, None, False, 7, label)
    monday = published - dt.timedelta(days=published.weekday() + 7)
    return Period(monday, monday + dt.timedelta(days=6), False, 7, label)


def _n_days(m: re.Match[str], label: str, published: dt.date | None) -> Period | None:
    """A duration ("over four days", "the four-day offensive", "the past 24 hours")."""
    n = _numword(m.group(1))
    if n is None:
        return None
    days = max(1, round(n * _UNIT_DAYS[m.group(2)]))
    if re.search(r"\b(?:past|last|previous|preceding)\b", label) and published is not None:
        # "over the past 24 hours": the latest slice of the toll, up to the report
        start = published - dt.timedelta(days=days)
        return Period(start, published, False, days, label)
    return Period(None, None, False, days, label)


def _on_weekday(
    m: re.Match[str], rx: re.Pattern[str], low: str, published: dt.date | None
) -> Period | None:
    """ "on Monday": the day itself, unless it dates a statement."""
    label = m.group(0)
    if re.search(rf"\b{_SPEECH}(?:\s+[\w']+){{0,2}}\s*$", low[: m.start()]):
        # "said on Monday that ...": when it was said, not when it happened
        m2 = rx.search(low, m.end())
        if m2 is None:
            return None
        m = m2
        label = m.group(0)
    d = _weekday_date(m.group(1), published)
    return Period(d, d, False, None if d else 1, label)


def _today(label: str, published: dt.date | None) -> Period:
    """ "today", "yesterday": one day counted back from the report."""
    if published is None:
        return Period(None, None, False, 1, label)
    d = published - dt.timedelta(days=1 if "yesterday" in label else 0)
    return Period(d, d, False, None, label)


_CALENDAR = ("earlier_year", "last_year", "last_month", "in_month", "in_year", "year_event")


def find_period(sentence: str, published: dt.date | None) -> Period | None:
    """The period a sentence's figures cover, or None when it states none: the first pattern
    (in `_PATTERNS` order) whose match reads as a period."""
    low = _BY_THEN.sub(" ", fold(sentence).lower())
    for name, rx in _PATTERNS:
        m = rx.search(low)
        if not m:
            continue
        label = m.group(0)
        period: Period | None
        if name in ("from_to", "between_wd"):
            period = _between_days(m, label, published)
        elif name.startswith("since_"):
            period = _since(name, m, label, low, published)
        elif name in _CALENDAR:
            p = _calendar_period(name, m, published)
            period = None if p is None else Period(p[0], p[1], False, None, label)
        elif name in ("weekend", "last_week", "prev_week"):
            period = _week(name, label, published)
        elif name in ("n_days", "n_day_adj"):
            period = _n_days(m, label, published)
        elif name == "single_day":
            period = Period(None, None, False, 1, label)
        elif name == "on_wd":
            period = _on_weekday(m, rx, low, published)
        elif name == "today":
            period = _today(label, published)
        else:
            continue
        if period is not None:
            return period
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
