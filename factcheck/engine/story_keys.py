"""Story keys of an article (`document_keys`): the places, people and organisations it is
about, as normalised names, for grouping articles into stories.
"""

from __future__ import annotations

import re

from .article_context import _PROPER, _PersonBook
from .extraction import _analyze
from .lexicon import MONTHS, demonym_country
from .names import split_name
from .people import NOT_NAME
from .places import COUNTRIES, norm_place
from .roles import TITLES
from .sentences import split_sentences
from .sources import SourceResolver


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
