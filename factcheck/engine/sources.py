"""Sources: who a claim is attributed to, resolved to one id across spellings.

Attributions found: "according to X", "as per X", "X said/says/reported/estimates/stated/
indicated/told/counted/documented ...", "..., X said.", "X put the toll at", "X raised its
toll to", "X's toll now stands at", "said X" (after a quote), "according to its report"
(X = the sentence's subject), and pronouns/generic references ("he said", "the organisation
said") resolved in the article. Adverbs and time phrases between X and its verb ("X now
says", "X on Tuesday said", "X in its latest tally said") are not part of X.

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

import itertools
import re
from dataclasses import dataclass, field

from .lexicon import (
    COUNTING_VERBS,
    COUNTRY_NAMES,
    DETERMINERS_NOT_SOURCES,
    MONTH_NAME_RE,
    PREPOSITIONS,
    SPEECH_VERBS,
    WEEKDAY_NAME_RE,
    alternation,
)
from .names import same_surname, split_name
from .people import norm_org
from .textutil import fold

# reporting and counting verbs ("report"/"estimate" too: "officials report 12 dead")
SPEECH = alternation(SPEECH_VERBS | COUNTING_VERBS | {"report", "estimate"})
_RAISE = {
    "raised", "raises", "updated", "updates", "revised", "revises", "lowered", "lowers",
    "increased", "increases", "brought", "brings",
}  # fmt: skip
# "X raised its toll to N": a count update only with the source's own count as object
_RAISE_OBJECT = re.compile(
    r"\s+(?:its|their|his|her)\s+(?:\w+\s+){0,2}?(?:toll|count|tally|figure|figures|estimate|"
    r"total|number)\b",
    re.I,
)
_VERB_RE = re.compile(rf"\b({SPEECH}|{'|'.join(sorted(_RAISE))})\b")
# present-tense counting verbs that are also plural nouns: a verb only before a count
_NOUN_LIKE = {"counts", "records", "documents", "tallies", "registers"}
_COUNT_AHEAD = re.compile(
    r"\s+(?:(?:at least|more than|over|nearly|about|around|some|approximately|roughly|"
    r"an estimated|almost|up to|a total of|another|a further|now|already)\s+)?"
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|dozens|"
    r"hundreds|thousands|scores)\b)",
    re.I,
)
_WEEKDAYS = rf"(?:{WEEKDAY_NAME_RE})"
_MONTHS = rf"(?:{MONTH_NAME_RE})"
# words between a source and its reporting verb that are not part of the source's name:
# "X now estimates", "X on Tuesday said", "X in its latest tally said" (lowercase adverbs
# only, so a capitalised name part is never taken away)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:later|also|earlier|then|now|previously|reportedly|separately|further|again|"
    r"has|have|had|would|will|publicly|repeatedly|recently|since|still|first|initially|"
    r"originally|subsequently|officially|meanwhile|likewise|similarly|independently|"
    r"yesterday|today|tonight|(?:late|early|earlier|later)\s+on|on|overnight|"
    r"(?:earlier|later|late|early)?\s*(?:this|last)\s+(?:week|month|year|weekend)|"
    rf"{_WEEKDAYS}(?:\s+(?:morning|afternoon|evening|night))?|{_MONTHS}\s+\d{{1,2}}|"
    r"\d{1,2}\s+" + _MONTHS + r"|"
    r"in\s+(?:a|an|its|their|his|her)\s+(?:[a-z]+\s+){0,2}?(?:statement|report|tally|"
    r"count|update|post|briefing|bulletin|interview|toll|release|message|tweet)|"
    r"had also))+\s*$"
)
# "according to its latest report": the report of the sentence's own subject
_OWN_REPORT = re.compile(
    r"(?:its|their|his|her)\s+(?:[a-z]+\s+){0,2}?(?:report|reports|count|tally|toll|"
    r"figures|figure|data|statement|records|estimate|estimates|update|documentation|"
    r"count|bulletin)\b",
    re.I,
)
_PASSIVE = re.compile(r"\b(were|was|been|be|is|are|being|being|having|an|the|not)\s*$", re.I)
_ACCORDING = re.compile(r"\b(?:according to|as per|citing|cited by|quoting)\s+", re.I)
_ANON_HEADS = {
    "organizations", "organisations", "groups", "agencies", "monitors", "ngos", "charities",
    "spokesman", "spokeswoman", "spokesperson", "mayor", "governor", "minister", "commander",
    "chief", "officer", "director", "head", "representative", "envoy", "ambassador",
    "firefighters", "paramedics", "nurses", "soldiers", "troops", "journalists", "reporters",
    "teachers", "farmers", "farmer", "lawmakers", "workers", "neighbours", "neighbors",
    "rescue", "rescue workers", "emergency", "responders", "coroner", "coroners", "sheriff",
    "residents", "resident", "activists", "activist", "witnesses", "witness", "sources",
    "source", "officials", "official", "diplomats", "diplomat", "locals", "survivors",
    "relatives", "members", "people", "medics", "doctors", "rescuers", "villagers",
    "authorities", "teacher", "shopkeeper", "man", "woman", "others", "observers", "analysts",
    "experts", "police", "volunteers", "eyewitnesses", "families", "reports", "media",
    "hospital", "hospitals",
}  # fmt: skip
_GENERIC_ORG = {
    "organisation", "organization", "group", "monitor", "observatory", "network", "ministry",
    "agency", "office", "committee", "body", "watchdog", "charity", "department", "service",
    "authority", "mission", "council",
}  # fmt: skip
_ALT = re.compile(r"^(other|another|different|separate|some other|alternative|conflicting)\b", re.I)
_DENY = re.compile(r"\b(denied|denies|dismissed|rejected|disputed|refuted|disowned)\b", re.I)
_FUNCTION = {"of", "for", "the", "and", "on", "in", "to", "de", "du", "al"}
_CUT = re.compile(
    r"\s+(?:who|which|that|on|in a|in an|in its|in their|late|earlier|later|last|this|"
    r"yesterday|today|citing|quoting|after|as|while|because|when|without|with)\b.*$",
    re.I,
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
            r"((?:[A-Z][\w'\u2019-]*\s+)(?:(?:for|of|the|and|on|de)\s+|[A-Z][\w'\u2019-]*\s+){1,8}?)\(([A-Z]{2,8})\)",
            sentence,
        ):
            name = m.group(1).strip()
            name = re.sub(r"^(?:The|the|Organizations such as|Organisations such as)\s+", "", name)
            acr = m.group(2)
            src = Source(acr, acr, "org")
            self.aliases[_key(name)] = src
            self.aliases[_key(acr)] = src
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
            acr = "".join(w[0].upper() for w in caps)
            src = Source(acr, acr, "org")
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
        raw = attr.text
        acr = re.search(r"\(([A-Z]{2,8})\)", raw)
        if acr:
            raw = acr.group(1)
        raw = re.sub(r"^.*\bsuch as\s+", "", raw)
        raw = _clean(raw)
        raw = re.sub(r"^(?:the|The)\s+", "", raw)
        raw = re.sub(r"^[\w]+-based\s+", "", raw)  # "Turkey-based Syria TV"
        raw = _data_owner(raw)
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
            head = words[-1]
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
        head_np = re.split(r"\s(?:in|of|from|at|near|with|for)\s", low, maxsplit=1)[0].split()
        if set(head_np) & _ANON_HEADS and head_np[0] in (
            "a",
            "an",
            "one",
            "two",
            "three",
            "another",
            "local",
            "some",
        ):
            return Source(f"anon:{_key(raw)}", raw, "anon")
        later_caps = [w for w in raw.split()[1:] if w[:1].isupper()]
        if (
            (set(re.findall(r"[a-z]+", low)) & _ANON_HEADS and not later_caps)
            or words[0] in _ANON_HEADS
            or words[0]
            in (
                "other",
                "another",
                "some",
                "local",
                "several",
                "many",
            )
        ):
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


# generic heads and the name words of the organisations they may refer to
_HEAD_NAMES = {
    "monitor": {"observatory", "network", "monitor", "watch", "monitoring"},
    "watchdog": {"observatory", "network", "watch", "watchdog"},
    "observatory": {"observatory"},
    "network": {"network"},
    "group": {"group", "observatory", "network", "watch", "committee", "campaign"},
    "organisation": {"organisation", "organization"},
    "organization": {"organisation", "organization"},
}

_BODIES = {
    "government",
    "army",
    "police",
    "military",
    "authorities",
    "administration",
    "embassy",
    "parliament",
    "presidency",
    "court",
    "hospital",
    "commission",
    "secretariat",
    "unit",
}
_HEADS = {
    "monitor", "group", "organisation", "observatory", "agency", "watchdog", "network",
    "ngo", "charity", "ministry", "outlet",
}  # fmt: skip


def _desc_words(text: str) -> set[str]:
    low = fold(text).lower()
    low = low.replace("monitoring", "monitor").replace("organization", "organisation")
    return set(re.findall(r"[a-z]+", low))


def _key(text: str) -> str:
    s = fold(text).lower()
    s = re.sub(r"\bof\b", "for", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    words = [w for w in s.split() if w not in ("the", "a", "an")]
    return " ".join(words)


def _data_owner(text: str) -> str:
    """ "data from the health ministry", "NDMA's data", "figures reported by X": X."""
    t = re.sub(
        r"^(?:(?:the\s+)?(?:latest|new|updated|official|provisional|preliminary)\s+)*"
        r"(?:data|figures|statistics|numbers|records)\s+(?:from|by|of|reported by|released by)"
        r"\s+(?:the\s+)?",
        "",
        text,
        flags=re.I,
    )
    t = re.sub(r"['\u2019]s?(?:\s+(?:data|figures|statistics|records|count|tally))?$", "", t)
    return re.sub(r"\s+(?:data|figures|statistics|records)$", "", t)


def _clean(text: str) -> str:
    t = text.strip().strip(",.;:\u201c\u201d\"'()")
    # a dateline or heading before a colon ("BEIRUT: the health minister said")
    t = t.rsplit(": ", 1)[-1] if ": " in t else t
    t = re.sub(r"^(?:but|and|however|meanwhile|while|also)\s*,?\s+", "", t, flags=re.I)
    # a sentence adverb before the subject ("Now the observatory says ...")
    t = re.sub(
        r"^(?:Now|Later|Earlier|Separately|Previously|Then|Today|Yesterday|Still|Initially|"
        r"Since then|So far|By then|Overall|In total|Altogether)\s*,?\s+(?=\S+\s|[A-Z]{2,8}$)",
        "",
        t,
    )
    t = _CUT.sub("", t)
    t = re.sub(r"\s+(?:also|have|has|had|later|had also|further|again)$", "", t)
    return t.strip().strip(",")


_POSSESSIVE_COUNT = re.compile(
    r"^\W*((?:the\s+)?(?:[\w-]+\s+){0,7}?[\w-]+)['\u2019]s?\s+(?:(?:latest|updated|new|revised|"
    r"official|own|death|casualty|final|provisional|preliminary|overall)\s+){0,3}(?:toll|count|"
    r"tally|figures|figure|estimate|estimates|data)\b"
)


def _possessive_count(sentence: str) -> Attribution | None:
    """ "The health ministry's toll now stands at N": the owner of the count is its source
    (an organisation only: "Syria's death toll" has no source)."""
    m = _POSSESSIVE_COUNT.match(sentence)
    if m is None:
        return None
    owner = m.group(1)
    words = owner.split()
    caps = [w for w in words if w[:1].isupper() and w.lower() not in _FUNCTION]
    organisation = (
        words[-1].lower() in _GENERIC_ORG
        or words[-1].lower() in _BODIES
        or re.fullmatch(r"[A-Z]{2,8}", words[-1]) is not None
        or len(caps) >= 3
    )
    if not organisation:
        return None
    return Attribution(owner, m.start(1), m.end(1), scope_end=m.end(1))


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if any(w.lower() in _GENERIC_ORG or w.lower() in _HEADS for w in words):
        return False
    if re.search(
        r"\b(Rights|Ministry|Observatory|Network|Council|Committee|Forces|Army|News|Agency|Organi[sz]ation|Office|International|Watch|Foundation|Association|Society|Federation|Alliance|Coalition|Cent(?:er|re)|Trust|Movement|Party|Front|Amnesty|Nations|Press|Media|Group|Campaign|Commission|Service|Authority|Department|Crescent|Cross|Fund|Bank|Programme|Program|Union|Court|Police|Government|Institute|University|Hospital|TV|Radio)\b",
        text,
    ):
        return False
    return all(
        w[:1].isupper() or w.lower() in ("al", "el", "bin", "abu", "de", "van") for w in words
    )


_CLAUSE_SPLIT = re.compile(r",?\s+(?:while|whereas)\s+|;\s+|,\s+but\s+")


def find_attributions(sentence: str) -> list[tuple[int, int, Attribution | None]]:
    """Attributions per clause: [(clause start, clause end, attribution)], offsets in the
    sentence. Clauses split at "; ", ", while", ", whereas", ", but"."""
    bounds = [0]
    for m in _CLAUSE_SPLIT.finditer(sentence):
        bounds.append(m.end())
    bounds.append(len(sentence) + 1)
    out: list[tuple[int, int, Attribution | None]] = []
    for a, b in itertools.pairwise(bounds):
        clause = sentence[a:b]
        attr = find_attribution(clause)
        if attr is not None and a:
            attr.start += a
            attr.end += a
            attr.scope_end += a
        out.append((a, b, attr))
    return out


def find_attribution(sentence: str) -> Attribution | None:
    """The main attribution of a sentence, or None."""
    if sentence.rstrip().endswith("?") and not re.search(r"[\"\u201d]", sentence):
        return None  # a question heading ("What did the authorities say?")
    # 1. "according to X" / "as per X"
    m = _ACCORDING.search(sentence)
    if m and _OWN_REPORT.match(sentence[m.end() :]):
        # "X counted 779 deaths, according to its latest report": the report is X's
        own = find_attribution(sentence[: m.start()].rstrip(" ,"))
        if own is not None:
            return own
        pron = "he" if re.match(r"(?:his|her)\b", sentence[m.end() :], re.I) else "it"
        rest = sentence[m.end() :]
        stop = re.search(r"[,.;:)]|$", rest)
        end = m.end() + (stop.start() if stop else len(rest))
        return Attribution(pron, m.end(), m.end() + 3, scope_end=end)
    if m:
        rest = sentence[m.end() :]
        stop = re.search(r"[,.;:)]|\s(?:which|who|that|as|while|and the)\s|$", rest)
        text = rest[: stop.start()] if stop else rest
        if "(" in text and ")" not in text and ")" in rest[len(text) :]:
            text = rest[: rest.index(")", len(text)) + 1]
        appos = None
        am = re.match(r",\s+((?:a|an)\s+[^,.;]{3,60})", rest[len(text) :])
        if am:
            appos = am.group(1)
        tail = re.search(r"[,.;]", rest[len(text) + (len(am.group(0)) if am else 0) :])
        scope_end = m.end() + len(text) + (len(am.group(0)) if am else 0)
        scope_end += tail.start() if tail else len(rest) - (scope_end - m.end())
        return Attribution(
            text, m.end(), m.end() + len(text), appositive=appos, scope_end=scope_end
        )
    candidates: list[Attribution] = []
    for vm in _VERB_RE.finditer(sentence):
        verb = vm.group(1)
        before = sentence[: vm.start()]
        after = sentence[vm.end() :]
        if _PASSIVE.search(before):
            continue
        if verb in ("put", "puts", "placed", "places") and not re.match(
            r"\s+(?:the\s+)?(?:\w+\s+)?(?:toll|number|figure|count|total)", after
        ):
            continue
        if verb in (
            "found",
            "recorded",
            "registered",
            "counted",
            "documented",
            "verified",
        ) and re.match(r"\s+(?:dead|killed|in|on|at|by)\b", after):
            continue
        if (
            verb in ("estimated", "estimates", "estimate", "reported", "report", "reports")
            and re.match(r"\s+\d", after)
            and not before.strip()
        ):
            continue
        if verb == "claimed" and re.match(r"\s+(?:the\s+)?lives\b", after):
            continue
        if verb in _RAISE and not re.match(_RAISE_OBJECT, after):
            continue
        if verb in _NOUN_LIKE and not _COUNT_AHEAD.match(after):
            continue  # "hospital records show ...": a noun, not a verb
        before = _TRAILING_ADVERBS.sub("", before)
        # "..., X said." (trailing) or "X said that ..." (leading)
        seg_start = max(before.rfind(c) for c in (",", "\u201d", '"', ";"))
        subject = before[seg_start + 1 :] if seg_start >= 0 else before
        appos = None
        if seg_start >= 0 and before.rstrip().endswith(","):
            # "X, an apposition, said" -> take X
            parts = [p for p in re.split(r",", before) if p.strip()]
            if len(parts) >= 2:
                subject = parts[-2]
                # prefer the part at the clause start
                head = parts[0]
                if len(parts) >= 2 and len(head.split()) <= 8:
                    subject = head
                    appos = parts[1].strip()
                    # "A war monitor, the Syrian Observatory (SOHR), said": the name speaks
                    if re.match(r"\s*(?:a|an)\s", head, re.I) and re.match(
                        r"(?:the\s+)?[A-Z]", appos
                    ):
                        subject, appos = appos, head.strip()
        subject = subject.strip()
        if subject and _VERB_RE.search(subject):
            continue  # "X denied shelling the market and said ...": the first verb governs
        if not subject:
            # "..., said a statement by X"
            am = re.match(r"\s+((?:a|an|the)\s+[^,.;]{3,60})", after)
            if am and before.rstrip().endswith((",", "\u201d", '"')):
                s0 = vm.end() + 1
                return Attribution(
                    am.group(1), s0, s0 + len(am.group(1)), scope_end=s0 + len(am.group(1))
                )
            continue
        nwords = len(subject.split())
        if nwords > 12:
            # leading subject of the whole sentence: take the start up to the first comma
            continue
        low = subject.lower()
        if re.match(r"(after|before|when|since|as|because|while|if|once|until|so|and|but)\b", low):
            continue
        if (
            re.search(r"\b(that|if|whether|because|when|while|after|before|since)\b", low)
            and nwords > 3
        ):
            continue
        start = before.rfind(subject)
        candidates.append(
            Attribution(
                subject,
                start,
                start + len(subject),
                alternative=bool(_ALT.match(subject.strip())),
                denied=bool(_DENY.fullmatch(verb)),
                appositive=appos,
                scope_end=vm.end(),
            )
        )
    if not candidates:
        return _possessive_count(sentence)
    # trailing attributions govern the whole sentence; otherwise the first one
    tail = [c for c in candidates if len(sentence[c.end :].split()) <= 6]
    if (
        tail
        and len(candidates) > 1
        and _GENERIC_REF.fullmatch(tail[-1].text.strip())
        and not sentence[: candidates[0].start].strip(" \"'\u201c")
    ):
        # "SOHR now counts 1,383 deaths, the monitor said": the monitor is the subject
        return candidates[0]
    return tail[-1] if tail else candidates[0]


_GENERIC_REF = re.compile(
    r"(?:the|The)\s+(?:monitor|group|organi[sz]ation|observatory|network|watchdog|body)"
)
