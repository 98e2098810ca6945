"""How the figures of a sentence divide one another: parts and wholes ("including N", "of
whom N", "N out of M", "among the dead"), breakdowns by place and rankings, restatements of
the same measure, shared nouns ("308 and 223 deaths"), and the final part-of links."""

from __future__ import annotations

import re
from dataclasses import replace

from ..facts import Figure
from ..lexicon import POSSESSIVES
from ..measures import EVENT_NOUNS, EVENT_WORDS, SUBJECT_WORDS
from ..numbers import NumberMention, Token
from ..places import norm_place
from .events import _BARE_HEADS, _HEAD_QUALIFIERS, _SAME_AS_BEFORE
from .grammar import first_of

_PART_MARKERS = {
    ("including",), ("included",), ("includes",), ("include",), ("among", "them"), ("of", "whom"),
    ("among", "whom"), ("of", "them"), ("among", "those"), ("comprising",), ("among",),
}  # fmt: skip


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


_COPULAS = {"are", "were", "is", "was", "remain", "remained", "remains", "still", "have", "had"}


def _own_predicate(toks: list[Token], after: int) -> bool:
    """A figure followed by its own verb ("200 are missing") is not an item of a list."""
    words = [t.low for t in toks[after : after + 4]]
    return bool(words) and words[0] in _COPULAS and any(w in EVENT_WORDS for w in words[1:])


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


def _next_in_list(toks: list[Token], before: dict, first: int) -> bool:
    """Only a comma or "and" lies between the figure before (and its noun) and this one."""
    between = toks[before.get("after", first) : first]
    return bool(between) and all(t.low in (",", "and") for t in between)


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
    if raw[idx].get("group") and prev.get("group") and _next_in_list(toks, raw[idx - 1], first):
        # "the dead include five Germans, three French citizens and two Chileans": each
        # group of the list takes the list's event
        return raw[idx]["subject"], prev["event"], None
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
    if words == ["followed", "by"] or (words[-1:] in (["and"], [","]) and before.get("ranked")):
        return True
    # "followed by Estrava with 11 and Pellin with 7": the place named before "with"
    k = first - 1
    if k < 1 or toks[k].low not in ("with", "at"):
        return False
    k -= 1
    named = 0
    while k >= 0 and named < 3 and toks[k].text[:1].isupper():
        k, named = k - 1, named + 1
    if not named or k < 0:
        return False
    if toks[k].low == "by" and k > 0 and toks[k - 1].low == "followed":
        return True
    return toks[k].low in ("and", ",") and bool(before.get("ranked"))


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
