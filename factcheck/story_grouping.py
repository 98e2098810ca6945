"""Filing articles and lone claims under stories, online (the pure part, vectors and the
decision, is factcheck.engine.stories): the stored term statistics, the candidate stories an
article is compared with, the locks that keep two articles of one new event together, and the
upkeep of story centroids when an article is filed again, moved, or stories are merged.

Stored state: `StoryTerm` (each story's summed term frequencies, its centroid),
`Story.term_norm_squared` and `TermDocumentCount` (document frequencies of the articles
seen, the empty term counting the articles)."""

from __future__ import annotations

import datetime
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence

from django.db import connection, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from .engine import stories
from .models import Article, Story, StoryTerm, TermDocumentCount

# An article is compared with at most this many stories: those sharing the most of its
# distinctive terms.
CANDIDATE_STORIES = 20
ALL_ARTICLES_TERM = ""
STORY_LOCK_ID = 7_310_001
# Left in a story's centroid after an article's words are taken out again: float noise.
NEGLIGIBLE_FREQUENCY = 1e-6
_ROWS_PER_STATEMENT = 500


def article_published_day(article: Article) -> datetime.date | None:
    """The day an article was published, if known; never the day it was received."""
    return article.published_at.date() if article.published_at else None


def story_file_article(*, article: Article) -> int | None:
    """File a row-locked article under its story (in the caller's transaction): an article
    filed automatically is compared afresh; one an editor placed stays where it is. Counts its
    words in its story and, after commit, in the document frequencies. Sets `article.story`
    and `article.story_terms_added` (the caller saves them). Returns the story it left, if
    another (a story filed before grouping kept terms, too), for the caller to delete once
    empty."""
    terms = stories.story_terms(article.body)
    already_counted = article.story_terms_added and article.story_id is not None
    left = None
    if article.story_pinned and article.story_id is not None:
        if not already_counted:
            story = Story.objects.get(pk=article.story_id)
            _story_add_terms(story, terms, statistics=term_statistics_for(terms))
            _story_extend_days(story, article_published_day(article))
    else:
        left = article.story_id
        if already_counted:
            # Filed again (reprocessed): its words leave its story before it is compared. The
            # story's row is locked first, as when words are added (one lock order).
            Story.objects.select_for_update().filter(pk=left).first()
            _story_subtract_terms(left, terms)
            story_refresh_norm(story_id=left)
        article.story = story_for_terms(
            terms=terms, day=article_published_day(article), title=article.title
        )
        if article.story_id == left:
            left = None
    if not article.story_terms_added:
        transaction.on_commit(lambda: term_statistics_count_article(terms=terms))
    article.story_terms_added = True
    return left


def story_file_claim(*, text: str, day: datetime.date | None) -> Story:
    """The story a claim posted without an article or story joins (a new one when none is
    similar enough). Its words join the story's centroid so that later reports find it; they
    are not counted as an article's in the document frequencies."""
    return story_for_terms(
        terms=stories.story_terms(text),
        day=day,
        title=text[:200],
        threshold=stories.CLAIM_JOIN_SIMILARITY,
    )


def story_for_terms(
    *,
    terms: Mapping[str, float],
    day: datetime.date | None,
    title: str = "",
    threshold: float = stories.JOIN_SIMILARITY,
) -> Story:
    """The story these terms and this day belong to, created when none is similar enough;
    the terms are added to its centroid and the day to its span."""
    statistics = term_statistics_for(terms)
    story_assignment_lock(stories.distinctive_terms(terms, statistics, stories.LOCK_TERMS))
    candidates = story_candidates(terms=terms, day=day, statistics=statistics)
    match = stories.story_match(terms, day, candidates, statistics, threshold=threshold)
    if match is None:
        story = Story.objects.create(title=title[:500], first_day=day, last_day=day)
        frequencies: Mapping[str, float] = {}
    else:
        # The story's row first, then its terms: transactions adding to one story (articles
        # without a lock term in common) take their locks in one order.
        story = Story.objects.select_for_update().get(pk=match.story_id)
        frequencies = next(c.term_frequencies for c in candidates if c.id == story.pk)
        _story_extend_days(story, day)
    _story_add_terms(story, terms, statistics=statistics, frequencies=frequencies)
    return story


def story_assignment_lock(terms: Sequence[str]) -> None:
    """Serialise story assignment between transactions that share a distinctive term, so that
    two articles of a new event filed at the same moment do not each open a story, while
    articles of other events are filed side by side. Two reports similar enough to join share
    some of their most distinctive words.

    One transaction-scoped advisory lock per term, taken in ascending order in one statement:
    transactions wanting overlapping terms queue in one order and cannot deadlock. SQLite
    serialises writers by itself."""
    if connection.vendor != "postgresql" or not terms:
        return
    lock_ids = sorted({_term_lock_id(term) for term in terms})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, lock_id) "
            "FROM (SELECT unnest(%s::int[]) AS lock_id ORDER BY 1) AS ascending",
            [STORY_LOCK_ID, lock_ids],
        )


def _term_lock_id(term: str) -> int:
    """A stable signed 32-bit number for a term (the second half of its lock's name)."""
    digest = hashlib.blake2b(term.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def term_statistics_for(terms: Iterable[str]) -> stories.TermStatistics:
    """Document frequencies of these terms and the number of articles: one query."""
    wanted = [ALL_ARTICLES_TERM, *terms]
    counts = dict(
        TermDocumentCount.objects.filter(term__in=wanted).values_list("term", "documents")
    )
    return stories.TermStatistics(
        documents=counts.pop(ALL_ARTICLES_TERM, 0), document_counts=counts
    )


def term_statistics_count_article(*, terms: Iterable[str]) -> None:
    """Count one more article containing these terms. In its own short transaction after the
    article's commit: every article touches the rows of common words, which must not stay
    locked while an article is being filed. Rows in term order, so concurrent counts cannot
    deadlock."""
    rows = [(term, 1) for term in sorted({ALL_ARTICLES_TERM, *terms})]
    with transaction.atomic():
        _upsert_adding(TermDocumentCount, ("term",), "documents", rows)


def story_candidates(
    *, terms: Mapping[str, float], day: datetime.date | None, statistics: stories.TermStatistics
) -> list[stories.StoryProfile]:
    """The stories active around `day` (any, without a day) that share the most of the
    article's distinctive terms, with their frequencies for all of its terms: three queries,
    whatever the number of stories."""
    if not terms:
        return []
    distinctive = stories.distinctive_terms(terms, statistics, stories.CANDIDATE_TERMS)
    sharing = StoryTerm.objects.filter(term__in=distinctive)
    if day is not None:
        window = datetime.timedelta(days=stories.WINDOW_DAYS)
        sharing = sharing.filter(
            Q(story__first_day__isnull=True)
            | Q(story__first_day__lte=day + window, story__last_day__gte=day - window)
        )
    story_ids = list(
        sharing.values("story_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-story_id")
        .values_list("story_id", flat=True)[:CANDIDATE_STORIES]
    )
    frequencies: dict[int, dict[str, float]] = {pk: {} for pk in story_ids}
    for story_id, term, frequency in StoryTerm.objects.filter(
        story_id__in=story_ids, term__in=list(terms)
    ).values_list("story_id", "term", "frequency"):
        frequencies[story_id][term] = frequency
    return [
        stories.StoryProfile(
            id=pk,
            first_day=first_day,
            last_day=last_day,
            norm=math.sqrt(max(0.0, squared)),
            term_frequencies=frequencies[pk],
        )
        for pk, first_day, last_day, squared in Story.objects.filter(pk__in=story_ids).values_list(
            "pk", "first_day", "last_day", "term_norm_squared"
        )
    ]


def _story_add_terms(
    story: Story,
    terms: Mapping[str, float],
    *,
    statistics: stories.TermStatistics,
    frequencies: Mapping[str, float] | None = None,
) -> None:
    """Add terms to a story's centroid and update its norm from the part read (in SQL, so
    that another transaction adding to the same story at once is not overwritten)."""
    if not terms:
        return
    if frequencies is None:
        frequencies = dict(
            StoryTerm.objects.filter(story=story, term__in=list(terms)).values_list(
                "term", "frequency"
            )
        )
    before = story.term_norm_squared
    after = stories.norm_after_adding(math.sqrt(max(0.0, before)), frequencies, terms, statistics)
    _upsert_adding(
        StoryTerm,
        ("story_id", "term"),
        "frequency",
        [(story.pk, term, terms[term]) for term in sorted(terms)],
    )
    growth = after * after - before
    Story.objects.filter(pk=story.pk).update(term_norm_squared=F("term_norm_squared") + growth)
    story.term_norm_squared = after * after


def _story_subtract_terms(story_id: int, terms: Mapping[str, float]) -> None:
    """Take an article's words out of a story's centroid (its norm is refreshed after)."""
    _upsert_adding(
        StoryTerm,
        ("story_id", "term"),
        "frequency",
        [(story_id, term, -terms[term]) for term in sorted(terms)],
    )
    StoryTerm.objects.filter(story_id=story_id, frequency__lt=NEGLIGIBLE_FREQUENCY).delete()


def story_refresh_norm(*, story_id: int) -> None:
    """Compute a story's centroid norm again from all its terms (after words left it)."""
    centroid = dict(StoryTerm.objects.filter(story_id=story_id).values_list("term", "frequency"))
    norm = stories.centroid_norm(centroid, term_statistics_for(centroid))
    Story.objects.filter(pk=story_id).update(term_norm_squared=norm * norm)


def story_move_article_terms(*, article: Article, source_id: int | None, target: Story) -> None:
    """An article moves between stories (an editor's move, merge or split): its words leave
    the source's centroid and join the target's. Norms are refreshed by the caller's
    `story_refresh_norm` once all moves are done."""
    terms = stories.story_terms(article.body)
    if article.story_terms_added and source_id is not None:
        _story_subtract_terms(source_id, terms)
    else:
        transaction.on_commit(lambda: term_statistics_count_article(terms=terms))
    _upsert_adding(
        StoryTerm,
        ("story_id", "term"),
        "frequency",
        [(target.pk, term, terms[term]) for term in sorted(terms)],
    )
    article.story_terms_added = True


def story_move_remaining_terms(*, source_id: int, target_id: int) -> None:
    """Merge: what is left of the source's centroid once its articles moved (the words of
    its lone claims) joins the target's."""
    rows = [
        (target_id, term, frequency)
        for term, frequency in StoryTerm.objects.filter(story_id=source_id)
        .order_by("term")
        .values_list("term", "frequency")
    ]
    _upsert_adding(StoryTerm, ("story_id", "term"), "frequency", rows)
    StoryTerm.objects.filter(story_id=source_id).delete()


def _story_extend_days(story: Story, day: datetime.date | None) -> None:
    """Widen a story's span of days to `day`, in SQL: a transaction filing an article of other
    terms under the same story at the same moment must not have its day overwritten."""
    if day is None or (
        story.first_day is not None
        and story.last_day is not None
        and story.first_day <= day <= story.last_day
    ):
        return
    Story.objects.filter(pk=story.pk).update(
        first_day=Least(Coalesce("first_day", Value(day)), Value(day)),
        last_day=Greatest(Coalesce("last_day", Value(day)), Value(day)),
        updated_at=timezone.now(),
    )
    story.refresh_from_db(fields=["first_day", "last_day", "updated_at"])


def _upsert_adding(model, key_columns: Sequence[str], column: str, rows: Sequence[tuple]) -> None:
    """INSERT rows, or add their last value to `column` of the rows already there (SQLite and
    PostgreSQL alike). Rows in the given order: callers sort them so that concurrent upserts
    take row locks in one order. On PostgreSQL the rows go as one array per column (a few
    parameters, not hundreds)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = (*key_columns, column)
    columns = ", ".join(quote(name) for name in names)
    conflict = (
        f"ON CONFLICT ({', '.join(quote(name) for name in key_columns)}) DO UPDATE SET "
        f"{quote(column)} = {table}.{quote(column)} + EXCLUDED.{quote(column)}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = [
                _ARRAY_TYPES[model._meta.get_field(name).get_internal_type()] for name in names
            ]
            arrays = ", ".join(f"%s::{kind}[]" for kind in types)
            aliases = ", ".join(f"value_{index}" for index in range(len(names)))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {aliases} "  # noqa: S608
                f"FROM unnest({arrays}) WITH ORDINALITY AS row_({aliases}, position) "
                f"ORDER BY position {conflict}",
                [list(values) for values in zip(*rows, strict=True)],
            )
            return
        width = len(names)
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[start : start + _ROWS_PER_STATEMENT]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders} {conflict}",  # noqa: S608
                [value for row in chunk for value in row],
            )


_ARRAY_TYPES = {
    "BigAutoField": "bigint",
    "ForeignKey": "bigint",
    "CharField": "text",
    "FloatField": "float8",
    "PositiveIntegerField": "integer",
}
