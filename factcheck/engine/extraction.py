"""Claim extraction over a whole article.

Sentences are read in order with an article context: organisations and their aliases
(acronyms in brackets, descriptions in apposition), people met so far (a later surname-only
mention resolves to the full name and role), the last source (for "This number included
..." or "he said") and the last figure (for sentences that refer back to it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .article_context import (
    _OWNED,
    _complete_roles,
    _event_site,
    _inherit_sources,
    _owned_places,
    _PersonBook,
    _rounded_to_stated,
    _sole_country,
    lead,
)
from .attribution import find_attribution, find_attributions
from .clauses import clause_claims
from .facts import ClaimFacts, ExtractedClaim, Figure, Person
from .figures import sentence_figures
from .lexicon import MONTH_NAME_RE, MONTHS, demonym_country
from .people import find_people
from .periods import month_date
from .places import COUNTRIES, norm_place
from .sentences import Sentence, split_sentences
from .sources import Attribution, Source, SourceResolver

_DATE_RE = re.compile(
    rf"\b(?:({MONTH_NAME_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?|(\d{{1,2}})"
    rf"(?:st|nd|rd|th)?\s+({MONTH_NAME_RE})(?:\s+(\d{{4}}))?)\b"
)


def _dates(text: str, published: dt.date | None) -> list[str]:
    out: list[str] = []
    for m in _DATE_RE.finditer(text):
        month = m.group(1) or m.group(5)
        day = int(m.group(2) or m.group(4))
        year = m.group(3) or m.group(6)
        if year:
            try:
                d = dt.date(int(year), MONTHS[month.lower()], day)
            except ValueError:
                continue
        else:
            d2 = month_date(month, day, published)
            if d2 is None:
                continue
            d = d2
        out.append(d.isoformat())
    return out


def _with_source(figs: list[Figure], src: Source | None, attr: Attribution | None) -> list[Figure]:
    if src is None and attr is None:
        return figs
    out = []
    for f in figs:
        if f.alternative:
            out.append(f)  # "(official tally 167)": a competing count, not the speaker's
            continue
        out.append(
            replace(
                f,
                source=src.id if src else f.source,
                source_label=src.label if src else f.source_label,
                source_kind=src.kind if src else f.source_kind,
                alternative=bool(attr and attr.alternative),
                denied=bool(attr and attr.denied),
            )
        )
    return out


_ANAPHORA = (
    "this number", "this figure", "the figure", "these figures", "that number", "the toll",
    "this toll", "the number", "this total", "the total", "that figure",
)  # fmt: skip


def _analyze(
    sentence: Sentence,
    published: dt.date | None,
    resolver: SourceResolver,
    book: _PersonBook,
    state: dict,
) -> ClaimFacts:
    text = sentence.text
    resolver.register_sentence(text)
    people: list[Person] = []
    mentioned: list[tuple[str | None, str, str, str | None, str]] = []
    for m in find_people(text):
        known = book.resolve(m)
        if m.single and (known is None or known.given is None):
            continue
        if not (m.title or m.honorific or m.speaker or known is not None):
            continue
        stated_given = m.given is not None
        own_title = m.title
        p = book.add(m)
        if stated_given:
            resolver.add_person(p.given, p.surname, p.name)
        title = own_title or p.title
        if own_title and (m.org or p.title != own_title):
            org, org_class = m.org, m.org_class
        else:
            org, org_class = p.org, p.org_class
        people.append(
            Person(
                name=m.name if stated_given else p.name,
                given=p.given,
                surname=p.surname,
                given_stated=stated_given,
                title=title,
                org=org if title else None,
                org_class=org_class if title else None,
                role_text=(m.role_text or p.role_text) if title else None,
            )
        )
        # a spokesperson's or minister's figures are their organisation's
        spoke_for = org if title in ("spokesperson", "minister") and org else None
        mentioned.append((p.given, p.surname, p.name, spoke_for, m.name))

    clauses = find_attributions(text)
    attr = clauses[0][2] if len(clauses) == 1 else find_attribution(text)
    if len([c for c in clauses if c[2] is not None]) <= 1:
        clauses = [(0, len(text) + 1, attr)]
    resolved: list[tuple[int, int, Attribution | None, Source | None]] = []
    for a, b, at in clauses:
        resolved.append((a, b, at, resolver.resolve(at, mentioned) if at else None))
    src = next((r[3] for r in resolved if r[3] is not None), None)
    # places inside an attribution describe the source ("a monitor based in Britain"), except
    # for unnamed local sources ("officials in Buncombe County reported 40 deaths")
    exclude = [
        (at.start, max(at.end, at.scope_end))
        for _, _, at, s in resolved
        if at and not (s is not None and s.kind == "anon")
    ]
    context: Figure | None = state.get("last_figure")
    sf = sentence_figures(text, published, context, exclude, state.get("last_toll"))
    low = text.lower().lstrip("\u201c\"' ")
    inherited = state.get("last_source") if low.startswith(_ANAPHORA) else None
    figures = []
    for f, off in zip(sf.figures, sf.offsets, strict=True):
        _, _, at, s = next((r for r in resolved if r[0] <= off < r[1]), resolved[0])
        if s is None and len(resolved) > 1:
            at, s = attr, src
        if s is None and inherited is not None:
            s = inherited
        if f.place is None and at is not None and (country := _owner_country(text, at)):
            f = replace(f, place=_OWNED + country)  # settled by `_owned_places`
        figures.extend(_with_source([f], s, at))
    if mentioned:
        _g, surname, name, spoke_for, _w = mentioned[-1]
        resolver.note_person(surname, name, spoke_for)
    state["figure_offsets"] = sf.offsets  # where each figure starts, for clause_claims
    if figures:
        state["last_figure"] = figures[0]
        # the toll a later "the official count stands at N" restates: only a sentence
        # stating one measure (a toll and its injured leave "the count" ambiguous)
        measures = {(f.subject, f.event, f.group, f.place) for f in figures}
        single = len(measures) == 1 and figures[0].group is None
        state["last_toll"] = figures[0] if single else None
    if src is not None:
        state["last_source"] = src
    return ClaimFacts(
        figures=tuple(figures),
        people=tuple(people),
        sources=tuple(dict.fromkeys(r[3].id for r in resolved if r[3] is not None)),
        places=tuple(dict.fromkeys(sf.places)),
        dates=tuple(_dates(text, published)),
    )


# bodies that speak of their country's people abroad, or of the other side of a war
_ABROAD_OR_AT_WAR = re.compile(
    r"\b(?:foreign|embassy|embassies|consulate|army|military|forces|troops|defen[cs]e|navy)\b",
    re.IGNORECASE,
)
_OWNER = re.compile(r"^(?:the\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}?)(?:['\u2019]s\b|\s)")


def _owner_country(text: str, at: Attribution) -> str | None:
    """The country whose civil body gives a figure ("Guatemala's civil protection agency",
    "the Honduran Red Cross", "Honduras's COPRESA"): in a report on several countries, its
    figure counts that country's dead."""
    lead = text[max(0, at.start - 40) : at.start].split(",")[-1].split()[-3:]
    phrase = " ".join([*lead, at.text]).strip()
    if _ABROAD_OR_AT_WAR.search(phrase):
        return None
    if (place := norm_place(at.text)) in COUNTRIES:
        return place  # "Belize reported two deaths"
    for word_start in [0] + [m.end() for m in re.finditer(r"\s+", phrase)]:
        m = _OWNER.match(phrase[word_start:])
        possessive = m is not None and phrase[word_start + m.end(1) :].startswith(("'s", "\u2019s"))
        if possessive and (place := norm_place(m.group(1))) in COUNTRIES:
            return place
    first = _OWNER.match(at.text + " ")
    if first is not None:
        return demonym_country(first.group(1).split()[0])  # "the Honduran Red Cross"
    return None


def _keep(facts: ClaimFacts) -> bool:
    if facts.figures or facts.sources:
        return True
    return any(p.title for p in facts.people)


_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_STATED_DATE_REACH = 400  # a dateline or a date line opens an article


def stated_date(text: str) -> dt.date | None:
    """A full date (with its year) stated at the head of an article ("date 2023-10-26",
    "QUITO, May 3, 2021"): what an undated article's weekdays are anchored on."""
    head = text[:_STATED_DATE_REACH]
    m = _ISO_DATE.search(head)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    found = [d for d in _dates(head, None) if d]
    return dt.date.fromisoformat(found[0]) if found else None


def extract_claims(text: str, *, published: dt.date | None = None) -> list[ExtractedClaim]:
    """Checkable claims of an article, with exact character spans. Without a publication
    date, a full date stated at the head of the article anchors its weekdays and months;
    otherwise they stay unanchored (never the day the article was received)."""
    if published is None:
        published = stated_date(text)
    resolver = SourceResolver()
    book = _PersonBook()
    state: dict = {}
    seen: set[str] = set()
    claims: list[ExtractedClaim] = []
    sentences = split_sentences(text)
    for s in sentences:
        facts = _analyze(s, published, resolver, book, state)
        if s.text in seen or not _keep(facts):
            continue
        seen.add(s.text)
        claims.extend(clause_claims(s, facts, state["figure_offsets"]))
    claims = _sole_country(_inherit_sources(_owned_places(claims)), text)
    claims = _event_site(claims, lead(sentences))
    return _rounded_to_stated(_complete_roles(claims, book))


def analyze_claim(text: str, *, published: dt.date | None = None) -> ClaimFacts:
    """Facts of a claim submitted alone (no article around it)."""
    resolver = SourceResolver()
    book = _PersonBook()
    state: dict = {}
    figures: list[Figure] = []
    people: list[Person] = []
    sources: list[str] = []
    places: list[str] = []
    dates: list[str] = []
    for s in split_sentences(text):
        f = _analyze(s, published, resolver, book, state)
        figures.extend(f.figures)
        people.extend(f.people)
        sources.extend(f.sources)
        places.extend(f.places)
        dates.extend(f.dates)
    return ClaimFacts(
        figures=tuple(figures),
        people=tuple(people),
        sources=tuple(dict.fromkeys(sources)),
        places=tuple(dict.fromkeys(places)),
        dates=tuple(dict.fromkeys(dates)),
    )
