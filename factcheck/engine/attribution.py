"""Attributions: the phrase of a sentence (or clause) that names who states its figures.

Attributions found: "according to X", "as per X", "X said/says/reported/estimates/stated/
indicated/told/counted/documented ...", "..., X said.", "X put the toll at", "X raised its
toll to", "X's toll now stands at", "said X" (after a quote), "according to its report"
(X = the sentence's subject), and pronouns/generic references ("he said", "the organisation
said") resolved in the article. Adverbs and time phrases between X and its verb ("X now
says", "X on Tuesday said", "X in its latest tally said") are not part of X.

The phrase found is resolved to a source id by ``sources.SourceResolver``.
"""

from __future__ import annotations

import itertools
import re

from .lexicon import COUNTING_VERBS, MONTH_NAME_RE, SPEECH_VERBS, WEEKDAY_NAME_RE, alternation
from .source_names import _BODIES, _FUNCTION, _GENERIC_ORG
from .sources import Attribution

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
_ALT = re.compile(r"^(other|another|different|separate|some other|alternative|conflicting)\b", re.I)
_DENY = re.compile(r"\b(denied|denies|dismissed|rejected|disputed|refuted|disowned)\b", re.I)


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


def _according_to(sentence: str, m: re.Match[str]) -> Attribution:
    """ "according to X" / "as per X" (``m``: the match of the introducing words)."""
    if _OWN_REPORT.match(sentence[m.end() :]):
        # "X counted 779 deaths, according to its latest report": the report is X's
        own = find_attribution(sentence[: m.start()].rstrip(" ,"))
        if own is not None:
            return own
        pron = "he" if re.match(r"(?:his|her)\b", sentence[m.end() :], re.I) else "it"
        rest = sentence[m.end() :]
        stop = re.search(r"[,.;:)]|$", rest)
        end = m.end() + (stop.start() if stop else len(rest))
        return Attribution(pron, m.end(), m.end() + 3, scope_end=end)
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
    return Attribution(text, m.end(), m.end() + len(text), appositive=appos, scope_end=scope_end)


def _reports(verb: str, before: str, after: str) -> bool:
    """Whether a reporting verb found in a sentence is used as one here (not passive, not a
    noun, with the object it needs)."""
    if _PASSIVE.search(before):
        return False
    if verb in ("put", "puts", "placed", "places") and not re.match(
        r"\s+(?:the\s+)?(?:\w+\s+)?(?:toll|number|figure|count|total)", after
    ):
        return False
    if verb in (
        "found",
        "recorded",
        "registered",
        "counted",
        "documented",
        "verified",
    ) and re.match(r"\s+(?:dead|killed|in|on|at|by)\b", after):
        return False
    if (
        verb in ("estimated", "estimates", "estimate", "reported", "report", "reports")
        and re.match(r"\s+\d", after)
        and not before.strip()
    ):
        return False
    if verb == "claimed" and re.match(r"\s+(?:the\s+)?lives\b", after):
        return False
    if verb in _RAISE and not re.match(_RAISE_OBJECT, after):
        return False
    # "hospital records show ...": a noun, not a verb
    return verb not in _NOUN_LIKE or _COUNT_AHEAD.match(after) is not None


def _subject(before: str) -> tuple[str, str | None]:
    """The speaker before a reporting verb and its apposition, if any: "..., X said."
    (trailing) or "X said that ..." (leading)."""
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
                if re.match(r"\s*(?:a|an)\s", head, re.I) and re.match(r"(?:the\s+)?[A-Z]", appos):
                    subject, appos = appos, head.strip()
        if _COUNT_WORD.search(subject):
            # "The dead include five Germans, two Chileans ..., said the police chief": a
            # list of counts is what was said; the speaker follows the verb
            return "", None
    return subject.strip(), appos


_COUNT_WORD = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores|"
    r"hundreds|thousands)\b",
    re.IGNORECASE,
)


def find_attribution(sentence: str) -> Attribution | None:
    """The main attribution of a sentence, or None."""
    if sentence.rstrip().endswith("?") and not re.search(r"[\"\u201d]", sentence):
        return None  # a question heading ("What did the authorities say?")
    # 1. "according to X" / "as per X"
    m = _ACCORDING.search(sentence)
    if m:
        return _according_to(sentence, m)
    candidates: list[Attribution] = []
    for vm in _VERB_RE.finditer(sentence):
        verb = vm.group(1)
        before = sentence[: vm.start()]
        after = sentence[vm.end() :]
        if not _reports(verb, before, after):
            continue
        before = _TRAILING_ADVERBS.sub("", before)
        subject, appos = _subject(before)
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
