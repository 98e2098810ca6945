"""Sources: an attribution resolved to one id across spellings (``SourceResolver``).

Attributions are found by ``attribution.py``.

Canonical ids: organisations with three or more capitalised words become their acronym
("Syrian Observatory for/of Human Rights" -> "SOHR", which is also what "SOHR" alone gives);
shorter names become a normalised lowercase phrase ("defense ministry" -> "defence
ministry"). People become "person:<surname skeleton>". Unnamed sources ("residents",
"activists", "sources in the group") become "anon:<phrase>". Descriptions ("a war monitor")
resolve to the organisation the article introduced with that description in apposition
("the Iraqi Observatory for Human Rights, a monitor based in London"), else
"desc:<head noun>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import COUNTRY_NAMES, DETERMINERS_NOT_SOURCES, PREPOSITIONS
from .names import same_surname, split_name
from .roles import norm_org
from .source_names import (
    _ANON_HEADS,
    _BODIES,
    _FUNCTION,
    _GENERIC_ORG,
    _HEAD_NAMES,
    _HEADS,
    _clean,
    _desc_words,
    _initials,
    _key,
    _looks_like_name,
    _speaker_phrase,
    _unnamed,
)


@dataclass(slots=True)
class Attribution:
    text: str  # the source phrase as written
    start: int
    end: int
    alternative: bool = False
    denied: bool = False
    appositive: str | None = None  # "a monitor based in London"
    scope_end: int = 0  # end of the words that belong to the attribution (not to the facts)


@dataclass(slots=True)
class Source:
    id: str
    label: str
    kind: str  # org, person, anon, desc


@dataclass
class SourceResolver:
    """Per-article memory of organisations, aliases and the last-mentioned entities."""

    aliases: dict[str, Source] = field(default_factory=dict)  # normalised alias -> source
    descriptors: list[tuple[set[str], Source]] = field(default_factory=list)
    last_org: Source | None = None
    last_person: Source | None = None
    people: list[tuple[str | None, str, str]] = field(default_factory=list)  # given, surname, name
    midsentence: set[str] = field(default_factory=set)

    def _can_speak(self, raw: str) -> bool:
        """A source names someone who can speak: not a number or quotation ("About 4", "We
        have identified 22 bodies"), not a phrase opening on a preposition ("In its first
        count", "Of the 40"), not a lone capitalised sentence opener ("Previous", "All")
        unless the article writes it as a name elsewhere."""
        if re.search(r"\d", raw):
            return False
        words = raw.split()
        if words[0].lower() in PREPOSITIONS or words[0].lower() in DETERMINERS_NOT_SOURCES:
            return False
        if len(words) == 1 and not re.fullmatch(r"[A-Z]{2,8}", raw):
            w = raw.lower()
            return (
                w in _ANON_HEADS or w in _GENERIC_ORG or w in _BODIES or w in self.midsentence
                or w in COUNTRY_NAMES or not raw[:1].isupper()
            )  # fmt: skip
        return True

    # ---------------------------------------------------------------- registration
    def register_sentence(self, sentence: str) -> None:
        """Learn acronyms and descriptions introduced in a sentence."""
        # capitalised words met inside sentences: names, not capitals of a sentence opener
        for m in re.finditer(r"(?<=[\w,;)] )([A-Z][a-z]+)\b", sentence):
            self.midsentence.add(m.group(1).lower())
        for m in re.finditer(
            r"((?:[A-Z][\w'\u2019-]*\s+)(?:(?:for|of|the|and|on|de|in)\s+|[A-Z][\w'\u2019-]*\s+){1,8}?)\(([A-Z]{2,8})\)",
            sentence,
        ):
            name = m.group(1).strip()
            name = re.sub(r"^(?:The|the|Organizations such as|Organisations such as)\s+", "", name)
            acr = m.group(2)
            src = Source(acr, acr, "org")
            self.aliases[_key(name)] = src
            self.aliases[_key(acr)] = src
            # the initials of the name without its place ("... Mission in Moravia" -> the
            # mission's), as a later mention without the place gives them
            short = re.split(r"\s+in\s+", name)[0].split()
            initials = _initials([w for w in short if w.lower() not in _FUNCTION])
            if len(initials) >= 3:
                self.aliases.setdefault(_key(initials), src)
            self.last_org = src
        for m in re.finditer(
            r"((?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+)(?:(?:for|of|the|and|on)\s+|[A-Z][\w'\u2019-]*\s+){0,6}[A-Z][\w'\u2019-]*),\s+"
            r"((?:a|an|the)\s+[^,.;]{3,60}?(?:monitor|group|organi[sz]ation|observatory|agency|"
            r"watchdog|network|ngo|charity|body|body|outlet|institute|centre|center|"
            r"coalition)\b[^,.;]{0,30})",
            sentence,
        ):
            src = self.org_source(m.group(1))
            if src is None:
                continue
            self.descriptors.append((_desc_words(m.group(2)), src))
            self.last_org = src

    def note_person(self, surname: str, name: str, spoke_for: str | None) -> None:
        """The last person named: what a later "he said" / "she said" refers to."""
        if spoke_for:
            self.last_person = Source(spoke_for, f"{spoke_for} ({name})", "org")
        else:
            self.last_person = Source(f"person:{surname}", name, "person")

    def add_person(self, given: str | None, surname: str, name: str) -> None:
        if given is not None:
            self.people.append((given, surname, name))

    def find_person(self, surname: str) -> tuple[str | None, str, str] | None:
        for given, sn, name in reversed(self.people):
            if same_surname(sn, surname):
                return given, sn, name
        return None

    # ---------------------------------------------------------------- resolution
    def org_source(self, text: str) -> Source | None:
        t = _clean(text)
        # "Government Media Office in Northport" -> the office
        t = re.sub(r"\s+in\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*$", "", t)
        if not t:
            return None
        k = _key(t)
        if k in self.aliases:
            return self.aliases[k]
        if len(k.split()) >= 2:
            # "the Syrian Observatory" after "the Syrian Observatory for Human Rights (SOHR)"
            for alias, src in reversed(self.aliases.items()):
                if alias.startswith(k + " ") and src.id.isupper():
                    return src
        words = t.split()
        caps = [w for w in words if w[:1].isupper() and w.lower() not in _FUNCTION]
        if len(words) == 1 and re.fullmatch(r"[A-Z]{2,8}", words[0]):
            return Source(words[0], words[0], "org")
        if len(caps) >= 3 and len(caps) == len([w for w in words if w.lower() not in _FUNCTION]):
            acr = _initials(caps)
            # "the UN Relief Mission" after "the United Nations Relief Mission in Moravia
            # (UNRMM)": the same initials, so the short form given before
            src = self.aliases.get(_key(acr)) or Source(acr, acr, "org")
            self.aliases[k] = src
            return src
        if caps:
            canon = norm_org(t) or k
            return Source(canon, t, "org")
        return None

    def resolve(
        self,
        attr: Attribution,
        speakers: list[tuple[str | None, str, str, str | None, str]],
    ) -> Source | None:
        """Resolve an attribution; ``speakers`` are the people named in the sentence as
        (given, surname, full name, organisation they are spokesperson for or None, the name
        as written in the sentence)."""
        raw = _speaker_phrase(attr.text)
        if not raw or re.search(r"[\u201c\u201d\"]", raw) or not self._can_speak(raw):
            return None
        low = raw.lower()
        words = low.split()
        if not words:
            return None
        if low in ("he", "she", "the official", "the spokesman", "the spokeswoman"):
            return self.last_person
        if low in ("they", "it", "we"):
            return self.last_org
        tail_acr = re.search(r"\s([A-Z]{3,8})$", raw)
        if tail_acr and not re.fullmatch(r"[A-Z]{2,8}", raw):
            raw = tail_acr.group(1)  # "Turkey's disaster agency AFAD" -> AFAD
        if re.fullmatch(r"[A-Z]{2,8}", raw):
            src = self.aliases.get(_key(raw)) or Source(raw, raw, "org")
            if attr.appositive:
                self.descriptors.append((_desc_words(attr.appositive), src))
            self.last_org = src
            return src
        # generic references to an organisation already named ("the organisation said")
        if (len(words) <= 2 and words[-1] in _GENERIC_ORG and not attr.text[:1].islower()) or (
            len(words) <= 2 and words[-1] in _GENERIC_ORG and attr.text.lower().startswith("the ")
        ):
            src = self._named_before(words[-1])
            if src is not None:
                return src
        # "an interior ministry spokesman in eastern Libya": the organisation speaks
        spoke = re.match(
            r"^(?:an?\s+|one\s+)?((?:[a-z]+\s+){0,3}?(?:ministry|agency|army|police|government|"
            r"military|office|authority|administration|commission|council))\s+(?:spokes(?:man|woman|"
            r"person)|official|officials|source|sources)\b",
            low,
        )
        if spoke:
            org = norm_org(spoke.group(1)) or spoke.group(1)
            return Source(org, org, "org")
        # descriptions ("a war monitor", "a UK-based monitoring group")
        if words[0] in ("a", "an", "one"):
            d = _desc_words(raw)
            for desc, src in reversed(self.descriptors):
                if d & desc & _HEADS:
                    return src
            head = next((w for w in reversed(sorted(d)) if w in _HEADS), None)
            if head:
                return Source(f"desc:{head}", raw, "desc")
        # people
        src = self._speaker(attr, raw, speakers)
        if src is not None:
            return src
        definite = attr.text.strip().lower().startswith(("the ", "a ", "an "))
        if words[0] in ("mr", "mrs", "ms", "dr") or (_looks_like_name(raw) and not definite):
            _given, surname = split_name(raw)
            known = self.find_person(surname)
            if known is not None:
                src = Source(f"person:{known[1]}", known[2], "person")
            else:
                src = Source(f"person:{surname}", raw, "person")
            self.last_person = src
            return src
        # unnamed sources ("residents and activists", "Officials", "other sources",
        # "a physics teacher in the Amara neighbourhood")
        if _unnamed(raw, low, words):
            return Source(f"anon:{_key(raw)}", raw, "anon")
        if len(words) == 1 and words[0] in _HEAD_NAMES:
            # "the monitor said" with no monitor named in the article: a description
            if self.last_org is not None and words[0] in ("group", "organisation", "organization"):
                return self.last_org
            return Source(f"desc:{words[0]}", raw, "desc")
        if not any(w[:1].isupper() for w in raw.split()):
            if words[-1] in _GENERIC_ORG or words[-1] in _HEADS or words[-1] in _BODIES:
                src = Source(norm_org(raw) or low, raw, "org")  # "the health ministry"
                self.last_org = src
                return src
            return None  # "the continuation of killings indicates ...": not a source
        src = self.org_source(raw)
        if src is not None:
            if attr.appositive:
                self.descriptors.append((_desc_words(attr.appositive), src))
            self.last_org = src
            return src
        return Source(f"anon:{_key(raw)}", raw, "anon")

    def _named_before(self, head: str) -> Source | None:
        """The organisation named earlier that a generic head ("the organisation", "the
        monitor") refers to, or None."""
        for desc, src in reversed(self.descriptors):
            if head in desc:
                return src
        names = _HEAD_NAMES.get(head, {head})
        for alias, src in reversed(self.aliases.items()):
            if names & set(alias.split()):
                return src
        if self.last_org is not None and (
            head in ("organisation", "organization", "group", "body")
            or head in self.last_org.label.lower()
        ):
            return self.last_org
        return None

    def _speaker(
        self,
        attr: Attribution,
        raw: str,
        speakers: list[tuple[str | None, str, str, str | None, str]],
    ) -> Source | None:
        """A person named in the sentence that the attribution names, or None."""
        full = _key(attr.text + " " + (attr.appositive or ""))
        for _given, surname, name, spoke_for, written in speakers:
            if (
                _key(name) in full
                or _key(written) in full
                or (_key(raw) in _key(name) and len(raw) > 3)
            ):
                if spoke_for:  # a spokesperson's figures are the organisation's
                    self.last_person = Source(spoke_for, f"{spoke_for} ({name})", "org")
                else:
                    self.last_person = Source(f"person:{surname}", name, "person")
                return self.last_person
        return None
