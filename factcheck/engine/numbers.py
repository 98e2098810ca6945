"""Numbers in text: digits, number words, vague quantities, qualifiers and ranges.

``find_numbers`` returns every numeric mention of a token list with its interval and its
kind; only kind ``count`` can become a casualty figure. Years, dates, durations ("four-day",
"13-year", "over 50 years"), ages, percentages, money, ordinals, clock times and codes
("M1") get other kinds.

Interval semantics (documented choices):
- exact figure N: [N, N]
- "more than / over / at least / upwards of / in excess of" N: [N, +inf)
- "up to / fewer than / less than / under / at most" N: [0, N]
- "as many as" N: about N (reporters use it for the figure itself: "as many as 189 deaths
  have been declared")
- "nearly / almost / close to / just under" N: [0.8 N, N]
- "about / approximately / around / roughly / some / an estimated" N: N +/- APPROX_TOL
  (5 %, 10 % for round numbers such as 1,000 or 500, at least 1)
- ranges "between A and B", "A to B", "A-B": [A, B]
- vague plurals give a lower bound only: "dozens" >= 20 (used loosely), "scores" >= 40,
  "hundreds" >= 200, "thousands" >= 2,000, "tens of thousands" >= 20,000 ("hundreds dead" is not a
  contradiction of "over 1,400 killed": reporters use it loosely as tolls grow)
- "a dozen" = about 12, "two dozen" = about 24.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MONTHS

APPROX_TOL = 0.05
ROUND_TOL = 0.10

# A calendar date written in ISO form ("2022-10-30", an article's metadata line) is one token,
# so its month and day are never read as a range of counts. A space (or a no-break / thin space)
# between groups of three digits is a thousands separator in many outlets ("1 100"): those
# groups are one number; four-digit groups ("2023 100") never are.
_ISO_DATE_RE = r"\d{4}-\d{2}-\d{2}(?![\d-])"
_SPACED_THOUSANDS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?![.,]\d)"
TOKEN_RE = re.compile(
    rf"{_ISO_DATE_RE}|{_SPACED_THOUSANDS}|\d+(?:[.,]\d+)*"
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\S"
)


@dataclass(slots=True)
class Token:
    text: str
    low: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(), m.group().lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)
    ]


UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALE_ABBR = {"m": 1_000_000, "bn": 1_000_000_000, "k": 1_000, "mn": 1_000_000}
VAGUE = {
    "dozens": 20, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "several": 3, "numerous": 3,
}  # fmt: skip
ORDINAL_WORDS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "twentieth", "hundredth", "thousandth",
}  # fmt: skip
TIME_UNITS = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades", "century", "centuries",
    "night", "nights", "weekend", "weekends", "yr", "yrs",
}  # fmt: skip
MONEY_WORDS = {
    "dollars", "dollar", "euros", "euro", "pounds", "pound", "usd", "eur", "gbp", "yen",
    "yuan", "rupees", "lira", "liras", "francs", "riyals", "dirhams", "cents", "pence",
}  # fmt: skip
PERCENT_WORDS = {"%", "percent", "pc", "pct"}
CURRENCY_SIGNS = {"$", "€", "£", "¥", "₹", "us$"}

# Qualifiers, longest first; matched on the lowercase words right before the number.
QUALIFIERS: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("more", "than"), "lower"), (("over",), "lower"), (("at", "least"), "lower"),
        (("upwards", "of"), "lower"), (("upward", "of"), "lower"),
        (("in", "excess", "of"), "lower"),
        (("no", "fewer", "than"), "lower"), (("no", "less", "than"), "lower"),
        (("not", "less", "than"), "lower"), (("just", "over"), "lower"), (("above",), "lower"),
        (("at", "a", "minimum"), "lower"), (("a", "minimum", "of"), "lower"),
        (("exceeding",), "lower"), (("exceeded",), "lower"), (("surpassed",), "lower"),
        (("passes",), "lower"), (("passed",), "lower"), (("tops",), "lower"),
        (("topped",), "lower"), (("exceeds",), "lower"), (("surpasses",), "lower"),
        (("crossed",), "lower"), (("beyond",), "lower"), (("past",), "lower"),
        # the plural present of headlines ("cases pass 4,800", "deaths top 100")
        (("pass",), "lower"), (("top",), "lower"), (("exceed",), "lower"),
        (("surpass",), "lower"), (("cross",), "lower"),
        (("up", "to"), "upper"), (("fewer", "than"), "upper"), (("less", "than"), "upper"),
        (("under",), "upper"), (("at", "most"), "upper"), (("as", "many", "as"), "approx"),
        (("no", "more", "than"), "upper"), (("not", "more", "than"), "upper"),
        (("a", "maximum", "of"), "upper"), (("below",), "upper"),
        (("nearly",), "near"), (("almost",), "near"), (("close", "to"), "near"),
        (("just", "under"), "near"), (("just", "shy", "of"), "near"), (("approaching",), "near"),
        (("about",), "approx"), (("approximately",), "approx"), (("around",), "approx"),
        (("roughly",), "approx"), (("some",), "approx"), (("an", "estimated"), "approx"),
        (("estimated",), "approx"), (("approx",), "approx"), (("circa",), "approx"),
        (("an", "approximate"), "approx"), (("reportedly",), "exact"),
    ],
    key=lambda q: -len(q[0]),
)  # fmt: skip


CHANGE = {
    "rose", "risen", "climbed", "increased", "jumped", "raised", "revised", "up", "went",
    "grew", "soared", "fell", "dropped", "lowered", "down", "rising", "climbing",
}  # fmt: skip


@dataclass(slots=True)
class NumberMention:
    i: int  # first token index (after any qualifier)
    j: int  # one past the last token index
    value: float
    lo: float
    hi: float | None
    qualifier: str
    kind: str = "count"
    q_i: int | None = None  # first token of the qualifier, if any
    start: int = 0  # character span of the whole mention, qualifier included
    end: int = 0


def _parse_digits(s: str) -> float | None:
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+", s):
        return float(re.sub(r"\D", "", s))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):  # "1.383" European thousands
        return None
    return None


def _word_number(toks: list[Token], i: int) -> tuple[float, int, str] | None:
    """Parse a number written in words starting at token i -> (value, next index, base)."""
    n = len(toks)
    w = toks[i].low
    # "tens of thousands", "hundreds of thousands"
    if w in ("tens", "hundreds") and i + 2 < n and toks[i + 1].low == "of":
        nxt = toks[i + 2].low
        if nxt in ("thousands", "millions"):
            base = 10 if w == "tens" else 100
            mult = 1_000 if nxt == "thousands" else 1_000_000
            return float(2 * base * mult), i + 3, "vague"
    if w in VAGUE:
        return float(VAGUE[w]), i + 1, "vague"
    if w == "a" and i + 1 < n:
        nxt = toks[i + 1].low
        if nxt == "dozen":
            return 12.0, i + 2, "approx"
        if nxt in ("hundred", "thousand", "million") and not (
            i + 2 < n and toks[i + 2].low == "of"
        ):
            return float(SCALES[nxt]), i + 2, "exact"
        return None
    if w not in UNITS and w not in TENS:
        return None
    total = 0.0
    current = 0.0
    k = i
    seen = False
    while k < n:
        t = toks[k].low
        if t in UNITS:
            current += UNITS[t]
        elif t in TENS:
            current += TENS[t]
            # twenty-five / twenty five
            if k + 2 < n and toks[k + 1].text == "-" and toks[k + 2].low in UNITS:
                current += UNITS[toks[k + 2].low]
                k += 2
        elif t == "hundred" and seen:
            current = max(current, 1) * 100
        elif t in ("thousand", "million", "billion") and seen:
            total += max(current, 1) * SCALES[t]
            current = 0
        elif (
            t == "and"
            and seen
            and k + 1 < n
            and (toks[k + 1].low in UNITS or toks[k + 1].low in TENS)
            and (total or current >= 100)
        ):
            pass
        elif t == "dozen" and seen:
            current = max(current, 1) * 12
            k += 1
            return total + current, k, "approx"
        else:
            break
        seen = True
        k += 1
    return total + current, k, "exact"


def _round_number(v: float) -> bool:
    if v < 10:
        return False
    s = str(int(v)).rstrip("0")
    return len(s) <= 1 or (v >= 1000 and len(s) <= 2)


def interval(value: float, qualifier: str) -> tuple[float, float | None]:
    if qualifier == "lower" or qualifier == "vague":
        return value, None
    if qualifier == "upper":
        return 0.0, value
    if qualifier == "near":
        return round(value * 0.8, 2), value
    if qualifier == "approx":
        tol = ROUND_TOL if _round_number(value) else APPROX_TOL
        d = max(value * tol, 1.0)
        return round(max(value - d, 0.0), 2), round(value + d, 2)
    return value, value


def _prev_words(toks: list[Token], i: int, k: int) -> tuple[str, ...]:
    return tuple(t.low for t in toks[max(0, i - k) : i])


def _age_list(toks: list[Token], i: int) -> bool:
    """A later item of a list of ages ("aged 13 and 2", "ages 4, 9 and 11")."""
    k, stop = i - 1, max(-1, i - 8)  # a short list: bounded work per number
    while k > stop and (toks[k].low in (",", "and", "or") or toks[k].text.isdigit()):
        k -= 1
    return k >= 0 and k < i - 1 and toks[k].low in ("aged", "age", "ages")


def _kind(toks: list[Token], m: NumberMention, raw: str) -> str:
    """Classify a mention: count, year, date, duration, age, percent, money, ordinal, time, code,
    ratio."""
    n = len(toks)
    first, last = toks[m.i], toks[m.j - 1]
    before = raw[first.start - 1] if first.start > 0 else " "
    after = raw[last.end] if last.end < len(raw) else " "
    if first.text[0].isdigit() and (before.isalpha() or after.isalpha()):
        # "M1", "G7", "8th", "1st", "COVID-19"
        if after.isalpha() and re.match(r"(st|nd|rd|th)\b", raw[last.end : last.end + 3]):
            return "ordinal"
        return "code"
    if before == "-" and first.start >= 2 and raw[first.start - 2].isalpha():
        return "code"  # "COVID-19", "F-16"
    nxt = toks[m.j].low if m.j < n else ""
    nxt2 = toks[m.j + 1].low if m.j + 1 < n else ""
    nxt3 = toks[m.j + 2].low if m.j + 2 < n else ""
    prev = toks[m.i - 1].low if m.i > 0 else ""
    if prev in CURRENCY_SIGNS or (prev == "$" or raw[max(0, first.start - 1)] in "$€£¥"):
        return "money"
    if nxt in PERCENT_WORDS or (nxt == "per" and nxt2 == "cent"):
        return "percent"
    if nxt in MONEY_WORDS or (nxt in SCALES and nxt2 in MONEY_WORDS):
        return "money"
    if nxt in ("times", "fold") or (nxt == "-" and nxt2 == "fold"):
        return "ratio"  # "three times higher than the estimate of 670": no count
    if nxt == ":" and nxt2[:1].isdigit():
        return "time"
    if (nxt in ("a", "p") and nxt2 == "." and nxt3 == "m") or nxt in ("am", "pm", "a.m", "p.m"):
        return "time"
    if prev == ":" or (prev == "." and m.i >= 2 and toks[m.i - 2].low in ("no", "nos")):
        return "time" if prev == ":" else "code"
    # durations and ages: "four days", "13-year", "five-decade", "five years old"
    unit_idx = m.j + 1 if nxt == "-" else m.j
    unit = toks[unit_idx].low if unit_idx < n else ""
    if unit in TIME_UNITS:
        if (unit_idx + 1 < n and toks[unit_idx + 1].low == "old") or (
            unit_idx + 2 < n and toks[unit_idx + 1].text == "-" and toks[unit_idx + 2].low == "old"
        ):
            return "age"
        return "duration"
    if prev in ("aged", "age", "ages") or _age_list(toks, m.i):
        return "age"
    if prev == "." and m.i >= 2 and toks[m.i - 2].low in MONTHS and m.value <= 31:
        return "date"  # "Oct. 29", "Sept. 16"
    if (prev in MONTHS or nxt in MONTHS) and (
        m.value <= 31 or (prev in MONTHS and 1000 <= m.value <= 2200)
    ):
        return "date"
    if prev == "," and m.i >= 2 and toks[m.i - 2].low in MONTHS and 1000 <= m.value <= 2200:
        return "date"  # "March 12, 2025" -> the year part
    if prev == "," and m.i >= 3 and toks[m.i - 3].low in MONTHS and 1000 <= m.value <= 2200:
        return "date"
    if (
        first.text.isdigit()
        and len(first.text) == 4
        and 1800 <= m.value <= 2100
        and m.j - m.i == 1
        and m.qualifier == "exact"
    ):
        return "year"
    if prev in ("the", "his", "her", "its", "their") and toks[m.i].low in ORDINAL_WORDS:
        return "ordinal"
    return "count"


def find_numbers(toks: list[Token], raw: str) -> list[NumberMention]:
    """All number mentions of a token list (``raw`` is the text the tokens index)."""
    out: list[NumberMention] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        parsed: tuple[float, int, str] | None = None
        if t.text[0].isdigit():
            v = _parse_digits(t.text)
            if v is not None:
                j = i + 1
                if j < n and toks[j].low in ("million", "billion", "thousand"):
                    v *= SCALES[toks[j].low]
                    j += 1
                elif j < n and toks[j].low in SCALE_ABBR and toks[j].start == t.end:
                    v *= SCALE_ABBR[toks[j].low]
                    j += 1
                parsed = (v, j, "exact")
        elif t.low[0].isalpha():
            parsed = _word_number(toks, i)
        if parsed is None:
            i += 1
            continue
        value, j, base = parsed
        lo, hi = interval(value, base)
        m = NumberMention(i, j, value, lo, hi, base, start=t.start, end=toks[j - 1].end)
        out.append(m)
        i = j
    _qualify(toks, out, raw)
    return out


# words between a figure and the one it replaced: "to six from 22", "14, up from nine"
_EARLIER_VALUE = (
    ["from"], ["up", "from"], ["down", "from"], [",", "up", "from"], [",", "down", "from"],
)  # fmt: skip


def _bound_range(toks: list[Token], m: NumberMention) -> None:
    """A bound before a range bounds it by its near end: "more than 200-250" is over 200,
    "up to 40-50" at most 50 (the writer hedges the bound, not the count)."""
    for words, q in QUALIFIERS:
        if q in ("lower", "upper") and _prev_words(toks, m.i, len(words)) == words:
            m.q_i = m.i - len(words)
            m.start = toks[m.q_i].start
            m.qualifier = q
            m.hi = None if q == "lower" else m.hi
            if q == "upper":
                m.lo = 0.0
            return


def _qualify(toks: list[Token], mentions: list[NumberMention], raw: str) -> None:
    """Attach qualifiers, merge ranges and classify kinds (in place)."""
    # ranges first: "between A and B", "A to B", "A-B", "from A to B" (not after "rose")
    merged: list[NumberMention] = []
    k = 0
    while k < len(mentions):
        a = mentions[k]
        b = mentions[k + 1] if k + 1 < len(mentions) else None
        if b is not None and a.qualifier == "exact" and b.qualifier == "exact":
            gap = [t.low for t in toks[a.j : b.i]]
            prev1 = toks[a.i - 1].low if a.i > 0 else ""
            adjacent = toks[a.j - 1].end == toks[b.i - 1].start == toks[b.i].start - 1
            if prev1 == "from" and gap == ["to"] and set(_prev_words(toks, a.i - 1, 3)) & CHANGE:
                b.q_i = a.i - 1  # "rose from 1,200 to 2,800": only the new figure stands
                merged.append(b)
                k += 2
                continue
            revised = prev1 == "to" and set(_prev_words(toks, a.i - 1, 3)) & CHANGE
            if gap in _EARLIER_VALUE and (revised or gap != ["from"]):
                # "revised down to six from 22", "rose to 14, up from nine": the figure the
                # statement revises is no figure of its own
                merged.append(a)
                k += 2
                continue
            is_range = (prev1 == "between" and gap == ["and"]) or (
                b.value > a.value
                and b.value < a.value * 100
                and (gap == ["to"] or (gap in (["-"], ["\u2013"]) and adjacent))
            )
            if is_range:
                q_i = a.i - 1 if prev1 in ("between", "from") else None
                r = NumberMention(a.i, b.j, a.value, a.value, b.value, "range", q_i=q_i)
                r.start = toks[q_i].start if q_i is not None else a.start
                r.end = b.end
                merged.append(r)
                k += 2
                continue
        merged.append(a)
        k += 1
    # "31 on Wednesday, down from 45 at the weekend", "720, which it revised down from 760":
    # after a figure of the sentence, the value it replaced is no figure of its own
    mentions[:] = [
        m
        for n, m in enumerate(merged)
        if n == 0 or _prev_words(toks, m.i, 2) not in (("down", "from"), ("up", "from"))
    ]
    for m in mentions:
        if m.qualifier == "range" and m.q_i is None:
            _bound_range(toks, m)
        if m.qualifier in ("exact", "approx") and m.q_i is None:
            for words, q in QUALIFIERS:
                if _prev_words(toks, m.i, len(words)) == words:
                    m.q_i = m.i - len(words)
                    m.start = toks[m.q_i].start
                    if q != "exact":
                        m.qualifier = q
                        m.lo, m.hi = interval(m.value, q)
                    break
        m.kind = _kind(toks, m, raw)
