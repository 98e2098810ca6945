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

from .attribution import find_attribution, find_attributions
from .clauses import clause_claims
from .facts import ClaimFacts, ExtractedClaim, Figure, Person
from .figures import sentence_figures
from .lexicon import MONTH_NAME_RE, MONTHS, demonym_country
from .names import same_given, same_surname, split_name
from .people import NOT_NAME, TITLES, Mention, find_people
from .scope import COUNTRIES, country_of, month_date, norm_place, place_level
from .sentences import Sentence, split_sentences
from .sources import Attribution, Source, SourceResolver

_DATE_RE = re.compile(
    rf"\b(?:({MONTH_NAME_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?|(\d{{1,2}})"
    rf"(?:st|nd|rd|th)?\s+({MONTH_NAME_RE})(?:\s+(\d{{4}}))?)\b"
)


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
    sf = sentence_figures(text, published, context, exclude)
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
    if src is not None:
        state["last_source"] = src
    return ClaimFacts(
        figures=tuple(figures),
        people=tuple(people),
        sources=tuple(dict.fromkeys(r[3].id for r in resolved if r[3] is not None)),
        places=tuple(dict.fromkeys(sf.places)),
        dates=tuple(_dates(text, published)),
    )


_OWNED = "owned:"  # a place read from the figure's source, until the article is read
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
    for s in split_sentences(text):
        facts = _analyze(s, published, resolver, book, state)
        if s.text in seen or not _keep(facts):
            continue
        seen.add(s.text)
        claims.extend(clause_claims(s, facts, state["figure_offsets"]))
    claims = _sole_country(_inherit_sources(_owned_places(claims)), text)
    return _rounded_to_stated(_complete_roles(claims, book))


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


def document_keys(text: str) -> frozenset[str]:
    """Normalised names an article is about, for grouping articles into stories:
    ``place:<name>`` (named places only, not "the northwest"), ``person:<given> <surname>``
    (transliteration skeletons, people named with a role, honorific or as speakers) and
    ``org:<source id>`` (named organisations, acronyms resolved)."""
    resolver = SourceResolver()
    book = _PersonBook()
    state: dict = {}
    keys: set[str] = set()
    for s in split_sentences(text):
        facts = _analyze(s, None, resolver, book, state)
        for multi in facts.places:
            for p in multi.split(" & "):
                if p in ("national", "elsewhere") or not _named_place(p, s.text):
                    continue
                keys.add(f"place:{p}")
        for person in facts.people:
            if person.given and person.given_stated:
                keys.add(f"person:{person.given} {person.surname}")
        for f in facts.figures:
            if f.source and f.source_kind == "org" and _named_org(f.source, f.source_label):
                keys.add(f"org:{f.source}")
        for sid in facts.sources:
            if not sid.startswith(("anon:", "desc:", "person:")):
                keys.add(f"org:{sid}")
    for src in resolver.aliases.values():
        keys.add(f"org:{src.id}")
    keys |= _proper_names(text, keys)
    keys |= _demonym_countries(text)
    return frozenset(k[:200] for k in keys)


_PROPER = re.compile(
    r"(?<![\w'\u2019-])((?:al-|el-)?[A-Z][a-z\u00c0-\u024f][\w\u00c0-\u024f'\u2019-]*"
    r"(?:\s+(?:al-|el-)?[A-Z][a-z\u00c0-\u024f][\w\u00c0-\u024f'\u2019-]*){0,2})"
)


def _proper_names(text: str, known: set[str]) -> set[str]:
    """Other capitalised names (places written without a preposition: "Aid reaches
    Kahramanmaras"), as place keys. Left out: a capitalised word opening a sentence unless
    the article also writes it capitalised elsewhere ("Convoys"), title-case headings,
    people's names, function words, adjectives of nationality or creed ("Islamist")."""
    taken = {k.partition(":")[2] for k in known}
    surnames = {k.partition(":")[2].split()[-1] for k in known if k.startswith("person:")}
    mid: set[str] = set()
    found: list[tuple[str, bool]] = []
    for s in split_sentences(text):
        words = s.text.split()
        caps = sum(1 for w in words if w[:1].isupper())
        if len(words) >= 2 and caps >= 0.6 * len(words):
            continue  # a title-case heading
        for m in _PROPER.finditer(s.text):
            phrase = re.sub(r"['\u2019]s$", "", m.group(1))
            initial = not s.text[: m.start()].strip(" \"'\u201c\u2018(")
            nxt = re.match(r"[\s-]+([a-z]+)", s.text[m.end() :])
            if nxt and nxt.group(1) in ("led", "backed", "based", "run", "held", "majority"):
                continue
            found.append((phrase, initial))
            if not initial:
                mid.update(phrase.lower().split())
    out: set[str] = set()
    for phrase, initial in found:
        words = phrase.split()
        if initial:
            while words and words[0].lower() not in mid and words[0].lower() not in COUNTRIES:
                words = words[1:]
        if not words:
            continue
        p = norm_place(" ".join(words))
        if not p or p in taken or p in MONTHS:
            continue
        if p not in COUNTRIES and not _placelike(p, surnames):
            continue
        out.add(f"place:{p}")
    return out


def _placelike(p: str, surnames: set[str]) -> bool:
    words = p.split()
    if len(words) > 2 or any(w in NOT_NAME or w in TITLES or w in ("al", "el") for w in words):
        return False
    if any(demonym_country(w) or w.endswith(_ADJ_ENDINGS) for w in words):
        return False
    sn = split_name(p)[1]
    return not any(s.endswith(sn) or sn.endswith(s) for s in surnames)


_ADJ_ENDINGS = ("ist", "ists", "ite", "ites", "ians", "ese")

# a nationality adjective before a state body or a stretch of land names the country
# ("Syrian government forces", "the Turkish authorities", "the Syrian coast"); before
# people ("Syrian refugees in Lebanon") it does not
_DEMONYM_STATE = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:(?:government|state|security|interior|health|defen[cs]e|foreign|"
    r"transitional|caretaker|interim|civil|armed)\s+)?(?:government|authorities|officials|"
    r"forces|army|military|troops|navy|president|presidency|prime|ministry|ministries|"
    r"media|television|news|coast|coastline|coastal|capital|border|regime|territory|"
    r"police|parliament|cabinet|defence|defense|provinces|province|cities|towns|villages)\b"
)


def _demonym_countries(text: str) -> set[str]:
    out = set()
    for m in _DEMONYM_STATE.finditer(text):
        country = demonym_country(m.group(1))
        if country:
            out.add(f"place:{country}")
    return out


def _named_place(place: str, sentence: str) -> bool:
    """A place written with a capital letter (not "the northwest")."""
    first = place.split()[0]
    return re.search(rf"\b{re.escape(first)}", sentence, re.I) is not None and any(
        w[:1].isupper() for w in re.findall(rf"\b{re.escape(first)}\w*", sentence, re.I)
    )


def _named_org(source: str, label: str | None) -> bool:
    return source.isupper() or bool(label and any(w[:1].isupper() for w in label.split()))
