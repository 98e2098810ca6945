"""Article-level context over an article's claims, once every sentence is read.

People met so far (a later surname-only mention resolves to the full name and role), a
sentence's sources inherited by the claims that follow, places owned by a figure's source
or by the one country an article names, approximate figures rounding the article's own
exact ones, and roles completed from elsewhere in the article.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .facts import ExtractedClaim, Figure
from .lexicon import INCIDENT_NOUNS, SITE_NOUNS, demonym_country
from .names import same_given, same_surname
from .people import Mention
from .places import COUNTRIES, country_of, find_places, norm_place, place_level
from .sentences import Sentence
from .textutil import fold


class _PersonBook:
    """People of one article: full names with their best-known role."""

    def __init__(self) -> None:
        self.people: list[Mention] = []

    def resolve(self, m: Mention) -> Mention | None:
        for p in reversed(self.people):
            if not same_surname(p.surname, m.surname):
                continue
            if m.given is None or p.given is None or same_given(p.given, m.given):
                return p
        return None

    def add(self, m: Mention) -> Mention:
        known = self.resolve(m)
        if known is None:
            self.people.append(m)
            return m
        if known.given is None and m.given is not None:
            known.given, known.name = m.given, m.name
        if m.title and (not known.title or (known.title == m.title and not known.org and m.org)):
            known.title, known.org, known.org_class = m.title, m.org, m.org_class
            known.role_text = m.role_text
        return known


_OWNED = "owned:"  # a place read from the figure's source, until the article is read


def _inherit_sources(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """An unattributed figure equal to an attributed one of the same article takes its source
    (a caption or lede restating the body's figure)."""
    known: dict[tuple, Figure] = {}
    for c in claims:
        for f in c.facts.figures:
            if f.source:
                known.setdefault((f.value, f.subject, f.event, f.place), f)
    out = []
    for c in claims:
        figs = []
        changed = False
        for f in c.facts.figures:
            k = (f.value, f.subject, f.event, f.place)
            if f.source is None and k in known:
                s = known[k]
                f = replace(
                    f, source=s.source, source_label=s.source_label, source_kind=s.source_kind
                )
                changed = True
            figs.append(f)
        if changed:
            facts = replace(c.facts, figures=tuple(figs))
            c = replace(c, facts=facts)
        out.append(c)
    return out


def _with_places(claims: list[ExtractedClaim], place_of) -> list[ExtractedClaim]:
    out = []
    for c in claims:
        figs = tuple(replace(f, place=place_of(f.place)) for f in c.facts.figures)
        if figs != c.facts.figures:
            c = replace(c, facts=replace(c.facts, figures=figs))
        out.append(c)
    return out


def _owned_places(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """A figure given by a country's civil body is that country's only in an article giving
    several countries' figures ("Guatemala's agency said 26 died; Honduras's 23"); in a report
    on one country that mentions others (aid from abroad) it is the story's whole, as read."""
    countries = {
        f.place.removeprefix(_OWNED)
        for c in claims
        for f in c.facts.figures
        if f.place and place_level(f.place.removeprefix(_OWNED)) == "country"
    }
    several = len(countries) > 1

    def place_of(place: str | None) -> str | None:
        if place is None or not place.startswith(_OWNED):
            return place
        return place.removeprefix(_OWNED) if several else None

    return _with_places(claims, place_of)


def _countries_named(text: str) -> set[str]:
    """Every country an article names, by name or adjective ("Honduran", "Guatemala's")."""
    out = set()
    for m in _PROPER.finditer(text):
        words = re.sub(r"['\u2019]s$", "", m.group(1)).split()
        i = 0
        while i < len(words):
            # the longest name at each word: "Papua New Guinea", not also "Guinea"
            j = next(
                (
                    j
                    for j in range(min(len(words), i + 3), i, -1)
                    if norm_place(" ".join(words[i:j])) in COUNTRIES
                ),
                None,
            )
            if j is not None:
                out.add(norm_place(" ".join(words[i:j])))
                i = j
                continue
            if country := demonym_country(words[i]):
                out.add(country)
            i += 1
    return out


def _sole_country(claims: list[ExtractedClaim], text: str) -> list[ExtractedClaim]:
    """An article naming one country only reports on that country: a toll "in Spain" there
    is the story's nationwide toll, not a part of another report's undated whole. (An article
    naming several countries, even as victims' homes, keeps each country's toll a part.)"""
    placed = {
        country_of(p)
        for c in claims
        for multi in (*c.facts.places, *(f.place for f in c.facts.figures if f.place))
        for p in multi.split(" & ")
    } - {None}
    if len(placed) != 1:
        return claims
    countries = _countries_named(text)
    if countries and countries != placed:
        return claims
    (country,) = placed
    # "in western Sudan" in such an article is where the event struck, as "in Sudan" is
    return _with_places(claims, lambda p: "national" if p and country_of(p) == country else p)


def lead(sentences: list[Sentence]) -> str:
    """The headline and the lead sentence: where a report states where its event happened. A
    first line ending without a stop is a headline, followed by the lead."""
    if not sentences:
        return ""
    first = [s for s in sentences if s.paragraph == sentences[0].paragraph]
    if first[-1].text.rstrip("\"'\u201d)").endswith((".", "!", "?")):
        return sentences[0].text
    return " ".join(s.text for s in sentences[: len(first) + 1])


def _local(place: str | None) -> bool:
    return place is not None and place != "elsewhere" and place_level(place) == "local"


def _is_site(text: str, off: int) -> bool:
    """A place phrase naming a spot: "at X", or a site noun just before or after the name ("the
    collapsed building in X", "in the X shrine"); "died in X" may name one region of many."""
    if text[off : off + 3].lower() == "at ":
        return True
    before = fold(text[max(0, off - 40) : off]).lower().split()[-4:]
    name = re.match(r"\S+\s+(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+)+(\w+)", text[off:])
    after = [fold(name.group(1)).lower()] if name else []
    return any(w.strip(",.;:") in SITE_NOUNS for w in before + after)


# a lead telling of several sites or incidents ("at two locations", "in three attacks")
_SEVERAL_SITES = re.compile(
    r"\b(?:two|three|four|five|six|several|multiple|both)\s+(?:[a-z-]+\s+)?(?:locations|sites|"
    r"places|scenes|venues|villages|towns|"
    + "|".join(sorted({n + "s" for n in SITE_NOUNS | INCIDENT_NOUNS if not n.endswith("s")}))
    + r")\b"
)


def _event_site(claims: list[ExtractedClaim], lead_text: str) -> list[ExtractedClaim]:
    """The one local place a report's lead puts its event at ("the crush at the X shrine,
    where 33 died", "the collapsed building in Y estate"): a count there is the event's toll,
    the story's whole, not a part of another report's toll. A site that is one of several
    (a figure at another local place, or "elsewhere") stays a part, and so does a count
    there beside a different toll of no place from the same source ("5 died in X; the toll
    nationwide is 20")."""
    places = find_places(lead_text)
    if len({p for _, p in places if _local(p) or place_level(p) == "multi"}) != 1:
        return claims
    if _SEVERAL_SITES.search(lead_text.lower()):
        return claims  # "shootings at two locations": the site named is one of them
    sites = {p for off, p in places if _local(p) and _is_site(lead_text, off)}
    if len(sites) != 1:
        return claims
    (site,) = sites
    figures = [f for c in claims for f in c.facts.figures]
    if any(f.place != site and (f.place == "elsewhere" or _local(f.place)) for f in figures):
        return claims
    if any(place_level(f.place) == "multi" for f in figures):
        return claims

    def beside_a_whole(f: Figure) -> bool:
        return any(
            w.place in (None, "national")
            and (w.subject, w.event, w.group, w.source) == (f.subject, f.event, f.group, f.source)
            and w.value != f.value
            for w in figures
        )

    out = []
    for c in claims:
        figs = tuple(
            replace(f, place=None) if f.place == site and not beside_a_whole(f) else f
            for f in c.facts.figures
        )
        out.append(
            replace(c, facts=replace(c.facts, figures=figs)) if figs != c.facts.figures else c
        )
    return out


# how far a rounding may lie from the figure it rounds (a share of the rounded figure)
ROUNDING = 0.05


def _measure_key(f: Figure) -> tuple:
    return (f.subject, f.event, f.group, f.agent, f.place, f.period_start, f.period_end,
            f.period_open, f.period_days)  # fmt: skip


def _rounded_to_stated(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """An approximate figure that rounds the one exact figure the same article states for
    the same measure, within ROUNDING of it ("About twenty missing" over "it was now 21",
    "nearly 1,400" over "bringing the total to 1,391") is that figure: one statement, so it
    joins the same flags instead of anchoring a second disagreement of its own."""
    exact: dict[tuple, set[float]] = {}
    for c in claims:
        for f in c.facts.figures:
            if f.qualifier == "exact" and not f.denied:
                exact.setdefault(_measure_key(f), set()).add(f.value)
    out = []
    for c in claims:
        figures = []
        for f in c.facts.figures:
            if f.qualifier in ("approx", "near") and f.hi is not None:
                close = max(1.0, f.value * ROUNDING)
                near = {
                    v
                    for v in exact.get(_measure_key(f), ())
                    if f.lo <= v <= f.hi and abs(v - f.value) <= close
                }
                if len(near) == 1 and f.value not in near:
                    (v,) = near
                    f = replace(f, value=v, lo=v, hi=v, qualifier="exact")
            figures.append(f)
        if tuple(figures) != c.facts.figures:
            c = replace(c, facts=replace(c.facts, figures=tuple(figures)))
        out.append(c)
    return out


def _complete_roles(claims: list[ExtractedClaim], book: _PersonBook) -> list[ExtractedClaim]:
    """A role named without its organisation ("according to spokesman X") takes the
    organisation the article gives the same person elsewhere ("Defence ministry spokesman X")."""
    out = []
    for c in claims:
        people = []
        changed = False
        for p in c.facts.people:
            if p.title and not p.org:
                known = next(
                    (
                        k
                        for k in book.people
                        if k.surname == p.surname and k.title == p.title and k.org
                    ),
                    None,
                )
                if known is not None:
                    p = replace(p, org=known.org, org_class=known.org_class)
                    changed = True
            people.append(p)
        out.append(replace(c, facts=replace(c.facts, people=tuple(people))) if changed else c)
    return out


_PROPER = re.compile(
    r"(?<![\w'\u2019-])((?:al-|el-)?[A-Z][a-z\u00c0-\u024f][\w\u00c0-\u024f'\u2019-]*"
    r"(?:\s+(?:al-|el-)?[A-Z][a-z\u00c0-\u024f][\w\u00c0-\u024f'\u2019-]*){0,2})"
)
