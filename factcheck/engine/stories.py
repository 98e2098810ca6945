"""Grouping articles into stories (events), online: claims are compared only within one
story, so two disasters that both report "973 dead" never contradict each other.

The classic approach to clustering a news stream (Miranda et al., EMNLP 2018): each article
is a vector of its content words weighted by TF-IDF, each story the sum of its articles'
term frequencies (its centroid), and a new article joins the most similar story (cosine)
among those active within a window of days around it, when the similarity reaches a
threshold; otherwise it opens a story of its own.

- Term frequencies are sublinear (1 + log n). A word written as a name (capitalised inside
  a sentence) that general English barely knows (a town, a person; not a country or a
  capital known worldwide) counts `NAME_BOOST` times: two reports of one event may share
  few names, but the names they share say more than "killed" or "police", which every
  disaster shares, or the country, which every event there shares.
- Document frequencies come from the articles seen so far (kept by the caller, updated as
  articles arrive) plus a prior of `BACKGROUND_DOCUMENTS` imaginary documents whose words
  follow general English usage (wordfreq): with only a handful of articles stored, "said"
  and "toll" already weigh little and a place name much.
- An article without a day (its publication date unknown) may join a story of any date, and
  a story whose articles are all undated takes articles of any day: unknown is unknown.

Nothing here knows a place, person or organisation: only English function words, calendar
words and number words are left out.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Cosine similarity from which an article joins a story. Measured on real reports of eleven
# events in 30 arrival orders: the best story of another event stayed at or below 0.085; the
# story of an article's own event scored above 0.13 for 99% of articles (lowest 0.076).
JOIN_SIMILARITY = 0.11
# A lone claim (a sentence posted without an article) shares fewer words with anything.
CLAIM_JOIN_SIMILARITY = 0.1
# An article joins a story whose dated articles span [first - window, last + window].
WINDOW_DAYS = 60
NAME_BOOST = 3.0
# Names more frequent than this in general English (about one word in 100,000: countries,
# capitals) are not boosted.
RARE_NAME_FREQUENCY = 1e-5
BACKGROUND_DOCUMENTS = 1000
# Content words in a typical news report: turns a word's share of running English text into
# the share of documents that contain it.
WORDS_PER_DOCUMENT = 400
# The most distinctive terms of an article: the stories sharing one of them are the
# candidates it is compared with, and they name the locks taken while it is filed.
CANDIDATE_TERMS = 20
LOCK_TERMS = 12
MAX_TERM_LENGTH = 100

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019\-](?=[^\W\d_]))+")
_SENTENCE_END = frozenset(".!?:;\"'\u201c\u2018([\n")

# English function words, speech verbs, number and calendar words: never what tells one event
# from another.
_STOP_WORDS_TEXT = """
a about above across after afterwards again against ago all almost alone along already
also although always am among amongst an and another any anyone anything anywhere are
around as at away back be became because become becomes been before being below beside
besides between beyond both but by can cannot could did do does doing done down during
each either else elsewhere enough even ever every everyone everything few for former
from further get gets got had has have having he hence her here hers herself him himself
his how however if in including inside into is it its itself just last late later latest
least less like made make makes many may me meanwhile might more moreover most mostly
much must my myself near nearly neither never nevertheless next no nobody none nor not
nothing now of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps rather same several she should since so some someone
something sometimes still such than that the their theirs them themselves then there
thereafter therefore these they this those though through throughout thus to together
too toward towards under until up upon us very via was we well were what whatever when
whenever where whereas wherever whether which while who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves said says say
saying told tell according added adding asked mr mrs ms dr zero two three four five six
seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety
hundred hundreds thousand thousands million millions billion dozen dozens first second
third fourth fifth monday tuesday wednesday thursday friday saturday sunday january
february march april june july august september october november december jan feb mar
apr jun jul aug sep sept oct nov dec today yesterday tomorrow tonight day days week
weeks month months year years time times morning afternoon evening night hour hours
minute minutes
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def story_terms(text: str) -> dict[str, float]:
    """The content words of `text` with their sublinear term frequency, names boosted."""
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for match in _WORD.finditer(text):
        raw = match.group()
        word = raw.lower().replace("\u2019", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 3 or word in STOP_WORDS or len(word) > MAX_TERM_LENGTH:
            continue
        counts[word] += 1
        if raw[0].isupper() and not _sentence_start(text, match.start()):
            names.add(word)
    return {
        term: (1.0 + math.log(count))
        * (NAME_BOOST if term in names and _general_frequency(term) < RARE_NAME_FREQUENCY else 1.0)
        for term, count in counts.items()
    }


def _sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 4) : position].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


@functools.lru_cache(maxsize=200_000)
def _general_frequency(term: str) -> float:
    """The share of running English text that is `term` (wordfreq's English lists; 0 for a
    word they do not know)."""
    from wordfreq import word_frequency  # its lists load on first use (~0.5 s)

    return word_frequency(term, "en")


def load_word_frequencies() -> None:
    """Load the general-English lists now (0.5 to 2 s, once per process), so that the first
    article is not filed inside a transaction held open that long."""
    _general_frequency("the")


@functools.lru_cache(maxsize=200_000)
def background_share(term: str) -> float:
    """The share of English documents expected to contain `term`."""
    return 1.0 - math.exp(-WORDS_PER_DOCUMENT * _general_frequency(term))


@dataclass(frozen=True)
class TermStatistics:
    """Document frequencies of the articles seen so far (only the terms asked about)."""

    documents: int = 0
    document_counts: Mapping[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        background = BACKGROUND_DOCUMENTS * background_share(term)
        seen = self.document_counts.get(term, 0)
        return math.log((self.documents + BACKGROUND_DOCUMENTS + 1) / (seen + background + 1)) + 1

    def idfs(self, terms: Iterable[str]) -> dict[str, float]:
        return {term: self.idf(term) for term in terms}


def weighted(terms: Mapping[str, float], statistics: TermStatistics) -> dict[str, float]:
    """TF-IDF weights of `terms`."""
    return {term: tf * statistics.idf(term) for term, tf in terms.items()}


def vector_norm(terms: Mapping[str, float], statistics: TermStatistics) -> float:
    return math.sqrt(sum(value * value for value in weighted(terms, statistics).values()))


def distinctive_terms(
    terms: Mapping[str, float], statistics: TermStatistics, count: int
) -> list[str]:
    """The `count` terms of highest TF-IDF weight, sorted (ties by the term)."""
    weights = weighted(terms, statistics)
    return sorted(heapq.nsmallest(count, weights, key=lambda term: (-weights[term], term)))


@dataclass(frozen=True)
class StoryProfile:
    """A candidate story: its span of (dated) days, the norm of its TF-IDF centroid, and its
    summed term frequencies for the terms of the article being filed (others add nothing to
    the dot product)."""

    id: int | str
    first_day: dt.date | None
    last_day: dt.date | None
    norm: float
    term_frequencies: Mapping[str, float]


@dataclass(frozen=True)
class StoryMatch:
    story_id: int | str
    similarity: float


def within_window(
    day: dt.date | None,
    first_day: dt.date | None,
    last_day: dt.date | None,
    window_days: int = WINDOW_DAYS,
) -> bool:
    if day is None or first_day is None or last_day is None:
        return True
    window = dt.timedelta(days=window_days)
    return first_day - window <= day <= last_day + window


def similarity(
    terms: Mapping[str, float], story: StoryProfile, statistics: TermStatistics
) -> float:
    """Cosine between an article's TF-IDF vector and a story's centroid."""
    idf = statistics.idfs(terms)
    return _cosine(terms, idf, _norm(terms, idf), story)


def _norm(terms: Mapping[str, float], idf: Mapping[str, float]) -> float:
    return math.sqrt(sum((tf * idf[term]) ** 2 for term, tf in terms.items()))


def _cosine(
    terms: Mapping[str, float], idf: Mapping[str, float], norm: float, story: StoryProfile
) -> float:
    if norm == 0 or story.norm <= 0:
        return 0.0
    dot = sum(
        terms[term] * frequency * idf[term] ** 2
        for term, frequency in story.term_frequencies.items()
        if term in terms
    )
    return min(1.0, dot / (norm * story.norm))


def story_match(
    terms: Mapping[str, float],
    day: dt.date | None,
    stories: Iterable[StoryProfile],
    statistics: TermStatistics,
    *,
    threshold: float = JOIN_SIMILARITY,
    window_days: int = WINDOW_DAYS,
) -> StoryMatch | None:
    """The story an article with these terms, on this day, belongs to, or None for a new
    one. Deterministic: ties go to the story with the smaller id."""
    if not terms:
        return None
    idf = statistics.idfs(terms)
    norm = _norm(terms, idf)
    best: StoryMatch | None = None
    for story in sorted(stories, key=lambda profile: (len(str(profile.id)), str(profile.id))):
        if not within_window(day, story.first_day, story.last_day, window_days):
            continue
        score = _cosine(terms, idf, norm, story)
        if score >= threshold and (best is None or score > best.similarity):
            best = StoryMatch(story_id=story.id, similarity=round(score, 4))
    return best


def centroid_norm(centroid: Mapping[str, float], statistics: TermStatistics) -> float:
    """The norm of a story's centroid (summed term frequencies) under current IDF."""
    return vector_norm(centroid, statistics)


def norm_after_adding(
    norm: float,
    story_frequencies: Mapping[str, float],
    terms: Mapping[str, float],
    statistics: TermStatistics,
) -> float:
    """||c + a|| from ||c||, c's frequencies for a's terms and a, without reading all of c:
    ||c + a||^2 = ||c||^2 + 2 c.a + ||a||^2 (IDF as of now)."""
    dot = sum(
        tf * story_frequencies.get(term, 0.0) * statistics.idf(term) ** 2
        for term, tf in terms.items()
    )
    return math.sqrt(max(0.0, norm * norm + 2 * dot + vector_norm(terms, statistics) ** 2))
