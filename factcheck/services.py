"""Writes. Every state change of articles, claims and flags goes through this module, so the
API, the admin, the management commands and the Celery tasks obey the same rules."""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import engine
from .authentication import api_key_digest, api_key_generate, api_keys_forget
from .engine.stories import load_word_frequencies
from .events import event_publish
from .models import (
    ApiClient,
    ApiToken,
    Article,
    AuditEvent,
    Claim,
    ClaimIndexKey,
    ContradictionFlag,
    Publisher,
    Story,
    StoryKey,
)
from .selectors import (
    article_list_for_user,
    claim_list_for_user,
    claim_record,
    detection_candidate_records,
)
from .story_grouping import (
    article_published_day,
    story_file_article,
    story_file_claim,
    story_move_article_terms,
    story_move_remaining_terms,
    story_refresh_norm,
)

logger = logging.getLogger(__name__)


class InvalidTransition(Exception):
    """A state change the transition table does not allow (answered with 409 by the API)."""

    def __init__(self, *, model: str, source: str, target: str) -> None:
        self.source = source
        self.target = target
        super().__init__(f"A {model} cannot go from '{source}' to '{target}'.")


class ClaimTextNotInArticle(ValueError):
    pass


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Publishers and articles -------------------------------------------------------------


def publisher_get_or_create(*, name: str, domain: str = "") -> Publisher:
    name = " ".join(name.split())
    publisher = Publisher.objects.filter(name__iexact=name).first()
    if publisher is not None:
        return publisher
    try:
        with transaction.atomic():
            return Publisher.objects.create(name=name, domain=domain)
    except IntegrityError:
        return Publisher.objects.get(name__iexact=name)


@dataclass(frozen=True)
class ArticleCreateResult:
    article: Article
    created: bool


def article_create(
    *,
    body: str,
    title: str = "",
    url: str | None = None,
    publisher_name: str | None = None,
    published_at: datetime.datetime | None = None,
    submitted_by=None,
) -> ArticleCreateResult:
    """Store an article and queue its processing once the transaction commits.

    The same body is never stored twice: whoever sends it has proved it holds the article, so
    the stored one is returned with `created=False` and the sender becomes one of its
    submitters. A URL alone proves nothing: it finds only an article the sender may already
    read (`article_list_for_user`); another client's article under that URL stays theirs, and
    the sender gets an article of its own. Validation of the fields is the caller's (the input
    serializer, shared by the API and `ingest_articles`)."""
    body_sha256 = sha256_hex(body)
    url = url or None
    existing = _article_find_duplicate(body_sha256=body_sha256, url=url, sender=submitted_by)
    if existing is not None:
        _article_add_submitter(existing, submitted_by)
        return ArticleCreateResult(article=existing, created=False)
    try:
        with transaction.atomic():
            publisher = publisher_get_or_create(name=publisher_name) if publisher_name else None
            article = Article.objects.create(
                body=body,
                body_sha256=body_sha256,
                title=title,
                url=url,
                publisher=publisher,
                published_at=published_at,
                submitted_by=submitted_by,
            )
            _article_add_submitter(article, submitted_by)
            AuditEvent.objects.create(
                actor=submitted_by,
                action="article.received",
                article=article,
                to_state=article.status,
            )
            _article_queue_processing(article.pk)
    except IntegrityError:
        # A concurrent request stored the same article between our look-up and our insert.
        existing = _article_find_duplicate(body_sha256=body_sha256, url=url, sender=submitted_by)
        if existing is None:
            raise
        _article_add_submitter(existing, submitted_by)
        return ArticleCreateResult(article=existing, created=False)
    return ArticleCreateResult(article=article, created=True)


def _article_add_submitter(article: Article, user) -> None:
    """Record that `user` sent this article; the article's claims become theirs to see too."""
    if user is not None:
        Article.submitters.through.objects.bulk_create(
            [Article.submitters.through(article=article, user=user)], ignore_conflicts=True
        )
        Claim.submitters.through.objects.bulk_create(
            [
                Claim.submitters.through(claim_id=claim_id, user=user)
                for claim_id in article.claims.values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )


def _article_find_duplicate(*, body_sha256: str, url: str | None, sender) -> Article | None:
    """The stored article with this body, else one with this URL that `sender` may read
    (any, for a command run without a user)."""
    articles = Article.objects.select_related("publisher")
    same_body = articles.filter(body_sha256=body_sha256).first()
    if same_body is not None or not url:
        return same_body
    readable = articles if sender is None else article_list_for_user(sender)
    return readable.filter(url=url).order_by("pk").first()


def _article_queue_processing(article_id: int) -> None:
    from .tasks import process_article

    process_article.delay_on_commit(article_id)


def _article_transition(
    article: Article, target: str, *, actor=None, comment: str = "", action: str
) -> None:
    """Move a row-locked article to `target`, or raise InvalidTransition. Saves and audits."""
    source = article.status
    if not Article.can_transition(source, target):
        raise InvalidTransition(model="article", source=source, target=target)
    article.status = target
    article.save(update_fields=["status", "failure_reason", "processing_attempts", "updated_at"])
    AuditEvent.objects.create(
        actor=actor,
        action=action,
        article=article,
        from_state=source,
        to_state=target,
        comment=comment,
    )
    if target == Article.Status.CHECKED:
        event_publish(event_type="article.checked", data=_article_event_data(article))


def _article_event_data(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "status": article.status,
        "claim_count": article.claims.count(),
        "flag_count": ContradictionFlag.objects.filter(
            Q(claim_a__article=article) | Q(claim_b__article=article)
        ).count(),
    }


def article_extract_claims(*, article_id: int) -> list[Claim]:
    """Extract the claims of a received article, file it under a story, and queue the
    detection of its claims.

    Idempotent: an article that is no longer `received` is left alone and its claims are
    returned as they are."""
    load_word_frequencies()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.RECEIVED:
            return list(article.claims.all())
        published = article.published_at.date() if article.published_at else None
        extracted = engine.extract_claims(article.body, published=published)
        article.document_keys = sorted(engine.document_keys(article.body))
        left_story_id = story_file_article(article=article)
        article.save(update_fields=["document_keys", "story", "story_terms_added", "updated_at"])
        StoryKey.objects.bulk_create(
            [StoryKey(story_id=article.story_id, key=key) for key in article.document_keys],
            ignore_conflicts=True,
        )
        claims = _claims_store(
            article=article,
            rows=[(item.text, item.start, item.end, item.facts) for item in extracted],
        )
        if left_story_id is not None:
            _story_delete_if_empty(left_story_id)
        comment = f"{len(claims)} claims extracted" if claims else "no checkable claims"
        article.failure_reason = ""  # an earlier attempt's error no longer applies
        _article_transition(
            article, Article.Status.EXTRACTED, action="article.extracted", comment=comment
        )
        if claims:
            pending_ids = [claim.pk for claim in claims if claim.detected_at is None]
            transaction.on_commit(lambda: _claims_queue_detection(pending_ids))
        else:
            _article_transition(article, Article.Status.CHECKED, action="article.checked")
    return claims


def _article_day(article: Article) -> datetime.date | None:
    """The day an article was published, if known (unknown is unknown: never the day it was
    received)."""
    return article_published_day(article)


# --- Stories -------------------------------------------------------------------------------


def _story_delete_if_empty(story_id: int) -> None:
    """A story its last article left when filed again (reprocessed) goes, unless an editor's
    lone claims still live there."""
    if not (
        Article.objects.filter(story_id=story_id).exists()
        or Claim.objects.filter(story_id=story_id).exists()
    ):
        Story.objects.filter(pk=story_id).delete()


class StoryChangeRefused(ValueError):
    """A story merge, split or move that makes no sense (the same story, an article of
    another story, nothing to split)."""


def article_move_to_story(*, article_id: int, story_id: int | None, actor=None) -> Article:
    """An editor files an article under another story (a new one when `story_id` is None).
    The article stays there (automatic grouping no longer moves it); its claims follow, open
    flags that now pair claims of two stories are withdrawn, and the claims are compared
    again within their new story."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        # Stories' rows before their terms, as automatic grouping locks them.
        list(
            Story.objects.select_for_update()
            .filter(pk__in=[pk for pk in (article.story_id, story_id) if pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if story_id is None:
            day = _article_day(article)
            target = Story.objects.create(title=article.title[:500], first_day=day, last_day=day)
        else:
            target = Story.objects.get(pk=story_id)
        source_id = article.story_id
        claim_ids = _article_move_locked(article, target, actor=actor)
        for story_id in filter(None, {source_id, target.pk}):
            story_refresh_norm(story_id=story_id)
        transaction.on_commit(lambda: _claims_queue_detection(claim_ids))
    return article


def _article_move_locked(article: Article, target: Story, *, actor, comment: str = "") -> list[int]:
    """Move a row-locked article and its claims to `target` (pinned there), withdraw the open
    flags that now pair claims of two stories, audit. Returns the ids of the moved claims,
    to be compared again once the transaction commits."""
    source_id = article.story_id
    story_move_article_terms(article=article, source_id=source_id, target=target)
    article.story = target
    article.story_pinned = True
    update_fields = ["story", "story_pinned", "story_terms_added", "updated_at"]
    if article.status == Article.Status.CHECKED:
        article.status = Article.Status.EXTRACTED
        update_fields.append("status")
    article.save(update_fields=update_fields)
    StoryKey.objects.bulk_create(
        [StoryKey(story=target, key=key) for key in article.document_keys],
        ignore_conflicts=True,
    )
    _story_extend(target, _article_day(article))
    claim_ids = list(article.claims.values_list("pk", flat=True))
    withdrawn = _claims_move(claim_ids, target)
    AuditEvent.objects.create(
        actor=actor,
        action="article.moved_to_story",
        article=article,
        from_state=str(source_id or ""),
        to_state=str(target.pk),
        comment=" ".join(
            filter(None, [comment, f"{withdrawn} open flag(s) across stories withdrawn"])
        ),
    )
    return claim_ids


def _claims_move(claim_ids: Sequence[int], target: Story) -> int:
    """File claims under `target` (to be detected again) and withdraw the open flags that now
    pair claims of two stories. Returns how many flags were withdrawn."""
    if not claim_ids:
        return 0
    Claim.objects.filter(pk__in=claim_ids).update(story=target, detected_at=None)
    ClaimIndexKey.objects.filter(claim_id__in=claim_ids).update(story=target)
    return (
        ContradictionFlag.objects.filter(status=ContradictionFlag.Status.OPEN)
        .filter(Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids))
        .exclude(claim_a__story=target, claim_b__story=target)
        .delete()[1]
        .get("factcheck.ContradictionFlag", 0)
    )


def _story_extend(story: Story, day: datetime.date | None) -> None:
    if day is None:
        return
    changed = []
    if story.first_day is None or day < story.first_day:
        story.first_day = day
        changed.append("first_day")
    if story.last_day is None or day > story.last_day:
        story.last_day = day
        changed.append("last_day")
    if changed:
        story.save(update_fields=[*changed, "updated_at"])


@dataclass(frozen=True)
class StoryChange:
    story: Story  # the story the articles are in now
    article_ids: list[int]
    claim_ids: list[int]


def story_merge(*, source_id: int, target_id: int, actor=None) -> StoryChange:
    """An editor merges two stories: every article of `source` moves to `target` with the
    rules of `article_move_to_story` (pinned, claims follow, audited), claims filed under the
    source without an article follow too, the source's keys join the target's, and the
    emptied source story is deleted. The moved claims are compared again after commit."""
    if source_id == target_id:
        raise StoryChangeRefused("A story cannot be merged into itself.")
    with transaction.atomic():
        stories = Story.objects.select_for_update().in_bulk([source_id, target_id])
        if source_id not in stories or target_id not in stories:
            raise Story.DoesNotExist("No such story.")
        source, target = stories[source_id], stories[target_id]
        articles = list(Article.objects.select_for_update().filter(story=source).order_by("pk"))
        claim_ids: list[int] = []
        comment = f"story {source.pk} merged into story {target.pk}"
        for article in articles:
            claim_ids += _article_move_locked(article, target, actor=actor, comment=comment)
        loose = list(Claim.objects.filter(story=source).values_list("pk", flat=True))
        _claims_move(loose, target)
        claim_ids += loose
        StoryKey.objects.bulk_create(
            [
                StoryKey(story=target, key=key)
                for key in StoryKey.objects.filter(story=source).values_list("key", flat=True)
            ],
            ignore_conflicts=True,
        )
        for day in (source.first_day, source.last_day):
            _story_extend(target, day)
        story_move_remaining_terms(source_id=source.pk, target_id=target.pk)
        story_refresh_norm(story_id=target.pk)
        AuditEvent.objects.create(
            actor=actor,
            action="story.merged",
            from_state=str(source.pk),
            to_state=str(target.pk),
            comment=f"'{source}' merged into '{target}'",
            details={
                "source": source.pk,
                "target": target.pk,
                "articles": [article.pk for article in articles],
                "claims": sorted(claim_ids),
            },
        )
        source.delete()
        transaction.on_commit(lambda: _claims_queue_detection(claim_ids))
    return StoryChange(
        story=target, article_ids=[article.pk for article in articles], claim_ids=claim_ids
    )


def story_split(
    *, story_id: int, article_ids: Sequence[int], actor=None, title: str = ""
) -> StoryChange:
    """An editor splits a story: the given articles (all of this story, not all of its
    articles) move to a new story with the rules of `article_move_to_story`; open flags
    between them and the articles left behind are withdrawn. Returns the new story."""
    wanted = sorted(set(article_ids))
    if not wanted:
        raise StoryChangeRefused("Choose the articles that make the new story.")
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story_id)
        articles = list(Article.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
        found = {article.pk for article in articles}
        strangers = [pk for pk in wanted if pk not in found] + [
            article.pk for article in articles if article.story_id != story.pk
        ]
        if strangers:
            raise StoryChangeRefused(
                f"Not articles of story {story.pk}: {', '.join(map(str, sorted(strangers)))}."
            )
        if not Article.objects.filter(story=story).exclude(pk__in=wanted).exists():
            raise StoryChangeRefused("A split must leave at least one article in the story.")
        days = [day for day in map(_article_day, articles) if day is not None]
        new_story = Story.objects.create(
            title=(title or articles[0].title or f"Split from story {story.pk}")[:500],
            first_day=min(days, default=None),
            last_day=max(days, default=None),
        )
        claim_ids: list[int] = []
        comment = f"split from story {story.pk}"
        for article in articles:
            claim_ids += _article_move_locked(article, new_story, actor=actor, comment=comment)
        story_refresh_norm(story_id=story.pk)
        story_refresh_norm(story_id=new_story.pk)
        AuditEvent.objects.create(
            actor=actor,
            action="story.split",
            from_state=str(story.pk),
            to_state=str(new_story.pk),
            comment=f"{len(articles)} article(s) of '{story}' moved to a new story",
            details={
                "source": story.pk,
                "target": new_story.pk,
                "articles": wanted,
                "claims": sorted(claim_ids),
            },
        )
        transaction.on_commit(lambda: _claims_queue_detection(claim_ids))
    return StoryChange(story=new_story, article_ids=wanted, claim_ids=claim_ids)


def article_begin_attempt(*, article_id: int) -> int | None:
    """Count one more processing attempt of a `received` article, committed before the
    extraction starts, so that an attempt that crashes (or whose worker is killed) still
    counts. Returns the attempt's number, or None when the article needs no processing."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Article.Status.RECEIVED:
            return None
        article.processing_attempts += 1
        article.save(update_fields=["processing_attempts", "updated_at"])
    return article.processing_attempts


def article_record_failed_attempt(*, article_id: int, reason: str, max_attempts: int) -> bool:
    """An attempt at processing a `received` article failed because of its content. Records
    the reason; once `max_attempts` attempts have failed the article is marked `failed`.
    Returns True when it should be tried again."""
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Article.Status.RECEIVED:
            return False
        if article.processing_attempts < max_attempts:
            article.failure_reason = reason[:2000]
            article.save(update_fields=["failure_reason", "updated_at"])
            return True
    article_mark_failed(
        article_id=article_id,
        reason=f"{reason} (gave up after {article.processing_attempts} attempts)",
    )
    return False


def article_mark_failed(*, article_id: int, reason: str) -> Article:
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status == Article.Status.FAILED:
            return article
        article.failure_reason = reason[:2000]
        _article_transition(
            article, Article.Status.FAILED, action="article.failed", comment=article.failure_reason
        )
    return article


def article_reprocess(*, article_id: int, actor=None) -> Article:
    """Send a failed or checked article through extraction and detection again."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        article.failure_reason = ""
        article.processing_attempts = 0
        _article_transition(
            article, Article.Status.RECEIVED, actor=actor, action="article.reprocess"
        )
        # Its claims are compared again once extraction has refreshed their facts.
        article.claims.update(detected_at=None)
        _article_queue_processing(article.pk)
    return article


def claim_mark_detection_failed(*, claim_id: int, reason: str) -> None:
    """Detection crashed on this claim: its article is marked failed with the reason, so it
    shows up for a person to look at instead of waiting for ever."""
    article_id = Claim.objects.filter(pk=claim_id).values_list("article_id", flat=True).first()
    if article_id is not None:
        article_mark_failed(article_id=article_id, reason=reason)


STALLED_AFTER = datetime.timedelta(minutes=5)
REQUEUE_BATCH = 500


def articles_requeue_stalled(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Queue again the articles still `received` and the claims still undetected a while
    after they were stored (their message was lost or never sent). Returns the counts."""
    cutoff = (now or timezone.now()) - STALLED_AFTER
    article_ids = list(
        Article.objects.filter(status=Article.Status.RECEIVED, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    claim_ids = list(
        Claim.objects.filter(detected_at__isnull=True, created_at__lt=cutoff)
        .exclude(article__status=Article.Status.FAILED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    for article_id in article_ids:
        _article_queue_processing(article_id)
    _claims_queue_detection(claim_ids)
    return len(article_ids), len(claim_ids)


def article_complete_if_checked(*, article_id: int) -> Article:
    """Mark an extracted article `checked` once every one of its claims has been compared."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.EXTRACTED:
            return article
        if article.claims.filter(detected_at__isnull=True).exists():
            return article
        _article_transition(article, Article.Status.CHECKED, action="article.checked")
    return article


# --- Claims --------------------------------------------------------------------------------


def _claims_store(
    *, article: Article, rows: Sequence[tuple[str, int, int, engine.ClaimFacts]]
) -> list[Claim]:
    """Insert an article's claims (text, start, end, facts) and their index keys under the
    article's story; claims that already exist are kept. Returns the article's stored claims
    of these texts, in text order."""
    new_claims: dict[str, Claim] = {}
    for text, start, end, facts in rows:
        digest = sha256_hex(text)
        if digest not in new_claims:  # the same sentence twice in one article is one claim
            new_claims[digest] = Claim(
                article=article,
                story=article.story,
                text=text,
                text_sha256=digest,
                start=start,
                end=end,
                facts=facts.to_dict(),
            )
    Claim.objects.bulk_create(new_claims.values(), ignore_conflicts=True)
    stored = list(
        Claim.objects.filter(article=article, text_sha256__in=new_claims.keys()).order_by(
            "start", "id"
        )
    )
    # Reprocessing with a newer engine: the claims that were already there take the facts it
    # reads now, and are filed under the keys those facts give.
    refreshed = []
    for claim in stored:
        wanted = new_claims[claim.text_sha256]
        if (claim.facts, claim.story_id) != (wanted.facts, wanted.story_id):
            claim.facts, claim.story_id = wanted.facts, wanted.story_id
            refreshed.append(claim)
    if refreshed:
        Claim.objects.bulk_update(refreshed, ["facts", "story"])
        ClaimIndexKey.objects.filter(claim__in=refreshed).delete()
    _claim_index_keys_store(stored)
    submitter_ids = list(article.submitters.values_list("pk", flat=True))
    Claim.submitters.through.objects.bulk_create(
        [
            Claim.submitters.through(claim=claim, user_id=user_id)
            for claim in stored
            for user_id in submitter_ids
        ],
        ignore_conflicts=True,
    )
    return stored


def _claim_index_keys_store(claims: Iterable[Claim]) -> None:
    ClaimIndexKey.objects.bulk_create(
        [
            ClaimIndexKey(claim=claim, story_id=claim.story_id, key=key)
            for claim in claims
            for key in engine.index_keys(engine.ClaimFacts.from_dict(claim.facts))
        ],
        ignore_conflicts=True,
    )


def _claims_queue_detection(claim_ids: Iterable[int]) -> None:
    from .tasks import detect_claim_contradictions

    for claim_id in claim_ids:
        detect_claim_contradictions.delay(claim_id)


def _latest_date(facts: engine.ClaimFacts) -> datetime.date | None:
    """The latest date a claim names, if any: the day to match a lone claim's story by."""
    days = []
    for text in facts.dates:
        try:
            days.append(datetime.date.fromisoformat(text))
        except ValueError:
            continue
    return max(days, default=None)


@dataclass(frozen=True)
class ClaimCreateResult:
    claim: Claim
    created: bool


def claim_create(
    *,
    text: str,
    article: Article | None = None,
    story: Story | None = None,
    submitted_by=None,
) -> ClaimCreateResult:
    """Store a claim submitted directly (not extracted) and queue its detection.

    With an article, the claim is the first occurrence of `text` in the article's body, so its
    span is known; the text must occur there (ClaimTextNotInArticle otherwise), and the claim
    belongs to the article's story. Without one, it is filed under `story` if given, else
    under the story its words resemble (a new story when none does). The same text again (in the
    same article, or without one by a sender who may read the stored claim) returns the stored
    claim, `created=False`; without an article, each client's claim is its own."""
    start = end = None
    published = None
    if article is not None:
        position = article.body.find(text)
        if position < 0:
            raise ClaimTextNotInArticle("The claim text does not occur in the article's body.")
        start, end = position, position + len(text)
        published = article.published_at.date() if article.published_at else None
    digest = sha256_hex(text)
    existing = _claim_find_duplicate(article=article, text_sha256=digest, sender=submitted_by)
    if existing is not None:
        _claim_add_submitter(existing, submitted_by)
        return ClaimCreateResult(claim=existing, created=False)
    facts = engine.analyze_claim(text, published=published)
    load_word_frequencies()
    try:
        with transaction.atomic():
            if article is not None:
                story = article.story
            elif story is None:
                story = story_file_claim(text=text, day=_latest_date(facts))
            claim = Claim.objects.create(
                article=article,
                story=story,
                text=text,
                text_sha256=digest,
                start=start,
                end=end,
                facts=facts.to_dict(),
                submitted_by=submitted_by,
            )
            _claim_index_keys_store([claim])
            _claim_add_submitter(claim, submitted_by)
            AuditEvent.objects.create(
                actor=submitted_by, action="claim.created", claim=claim, to_state=claim.status
            )
            transaction.on_commit(lambda: _claims_queue_detection([claim.pk]))
    except IntegrityError:
        # Submitted at the same moment by another request.
        existing = _claim_find_duplicate(article=article, text_sha256=digest, sender=submitted_by)
        if existing is None:
            raise
        _claim_add_submitter(existing, submitted_by)
        return ClaimCreateResult(claim=existing, created=False)
    return ClaimCreateResult(claim=claim, created=True)


def _claim_find_duplicate(*, article: Article | None, text_sha256: str, sender) -> Claim | None:
    """The stored claim of this text in `article` (which the sender may read), or, for a
    claim without an article, one the sender may already read: a short sentence is easily
    guessed, so knowing it does not make another client's claim (its review, its flags)
    the sender's."""
    claims = Claim.objects.filter(article=article, text_sha256=text_sha256)
    if article is None and sender is not None:
        claims = claims.filter(pk__in=claim_list_for_user(sender).values("pk"))
    return claims.order_by("pk").first()


def _claim_add_submitter(claim: Claim, user) -> None:
    if user is not None:
        Claim.submitters.through.objects.bulk_create(
            [Claim.submitters.through(claim=claim, user=user)], ignore_conflicts=True
        )


# --- Contradiction detection ---------------------------------------------------------------


def claim_detect_contradictions(*, claim_id: int) -> list[ContradictionFlag]:
    """Compare a claim with the stored claims that share an index key with it, and upsert a
    flag for each finding. Running it again changes nothing; a flag a person decided on
    (confirmed or dismissed) keeps its status."""
    claim = Claim.objects.select_related("article").filter(pk=claim_id).first()
    if claim is None:
        return []
    record = claim_record(claim)
    candidates = detection_candidate_records(claim=claim, keys=engine.index_keys(record.facts))
    findings = engine.detect(record, candidates)
    with transaction.atomic():
        flags = _flags_upsert(claim=claim, findings=findings)
        _flags_withdraw_outdated(claim=claim, kept=flags)
        Claim.objects.filter(pk=claim.pk).update(
            detection_version=engine.ENGINE_VERSION, detected_at=timezone.now()
        )
    if claim.article_id is not None:
        article_complete_if_checked(article_id=claim.article_id)
    return flags


def _flags_withdraw_outdated(*, claim: Claim, kept: Sequence[ContradictionFlag]) -> int:
    """Open flags on this claim raised by an older engine that the current one no longer
    finds are withdrawn (re-derivation after an engine upgrade). Flags a person confirmed or
    dismissed are never touched."""
    outdated = (
        ContradictionFlag.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .filter(status=ContradictionFlag.Status.OPEN)
        .exclude(detector_version=engine.ENGINE_VERSION)
        .exclude(pk__in=[flag.pk for flag in kept])
    )
    withdrawn = [(flag.pk, flag.explanation) for flag in outdated]
    if withdrawn:
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    action="flag.withdrawn",
                    claim=claim,
                    comment=f"flag {pk} no longer found by engine {engine.ENGINE_VERSION}: "
                    f"{explanation}"[:2000],
                )
                for pk, explanation in withdrawn
            ]
        )
        ContradictionFlag.objects.filter(pk__in=[pk for pk, _ in withdrawn]).delete()
    return len(withdrawn)


def _flags_upsert(*, claim: Claim, findings: Sequence[engine.Finding]) -> list[ContradictionFlag]:
    wanted: dict[tuple[int, int, str], engine.Finding] = {}
    for finding in findings:
        pair = tuple(sorted((claim.pk, int(finding.other_id))))
        wanted[(pair[0], pair[1], finding.kind)] = finding
    if not wanted:
        return []
    existing = {
        (flag.claim_a_id, flag.claim_b_id, flag.kind): flag
        for flag in ContradictionFlag.objects.filter(
            Q(claim_a=claim) | Q(claim_b=claim), kind__in={key[2] for key in wanted}
        )
    }
    to_create, to_update = [], []
    for (claim_a_id, claim_b_id, kind), finding in wanted.items():
        fields = {
            "score": round(float(finding.score), 4),
            "explanation": finding.explanation,
            "details": finding.details,
            "detector_version": engine.ENGINE_VERSION,
        }
        flag = existing.get((claim_a_id, claim_b_id, kind))
        if flag is None:
            to_create.append(
                ContradictionFlag(claim_a_id=claim_a_id, claim_b_id=claim_b_id, kind=kind, **fields)
            )
        elif any(getattr(flag, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(flag, name, value)
            to_update.append(flag)
    # One insert per new flag (there are few), each in a savepoint: the same pair may be found
    # at the same moment by the other claim's task, and then only one of the two inserts
    # succeeds, so each new flag is announced once.
    created = []
    for flag in to_create:
        try:
            with transaction.atomic():
                flag.save()
        except IntegrityError:
            continue
        created.append(flag)
    if created:
        claims = Claim.objects.in_bulk(
            {flag.claim_a_id for flag in created} | {flag.claim_b_id for flag in created}
        )
        for flag in created:
            event_publish(event_type="contradiction.flagged", data=_flag_event_data(flag, claims))
    if to_update:
        now = timezone.now()
        for flag in to_update:
            flag.updated_at = now
        ContradictionFlag.objects.bulk_update(
            to_update, ["score", "explanation", "details", "detector_version", "updated_at"]
        )
    stored = ContradictionFlag.objects.filter(
        Q(claim_a=claim) | Q(claim_b=claim), kind__in={key[2] for key in wanted}
    )
    return [flag for flag in stored if (flag.claim_a_id, flag.claim_b_id, flag.kind) in wanted]


def _flag_event_data(flag: ContradictionFlag, claims: dict[int, Claim]) -> dict:
    def side(claim: Claim) -> dict:
        return {
            "id": claim.pk,
            "article": claim.article_id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
        }

    return {
        "id": flag.pk,
        "kind": flag.kind,
        "score": flag.score,
        "explanation": flag.explanation,
        "claim_a": side(claims[flag.claim_a_id]),
        "claim_b": side(claims[flag.claim_b_id]),
    }


# --- API clients ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedKey:
    client: ApiClient
    token: ApiToken
    key: str  # shown once; only its digest is stored


def api_client_issue_key(*, name: str, revoke_existing: bool = True) -> IssuedKey:
    """Create the API client `name` (a user in the integration group) if it does not exist,
    and issue it a new key. With `revoke_existing`, older keys stop working: a rotation."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from .roles import Role

    user_model = get_user_model()
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().filter(name=name).first()
        if client is None:
            user, _ = user_model.objects.get_or_create(
                username=f"api-{name}"[: user_model._meta.get_field("username").max_length],
                defaults={"is_staff": False},
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=Role.INTEGRATION))
            client = ApiClient.objects.create(name=name, user=user)
        if revoke_existing:
            revoked = client.tokens.filter(revoked_at__isnull=True)
            api_keys_forget(list(revoked.values_list("key_digest", flat=True)))
            revoked.update(revoked_at=timezone.now())
        key = api_key_generate()
        token = ApiToken.objects.create(
            client=client, prefix=key[:12], key_digest=api_key_digest(key)
        )
    return IssuedKey(client=client, token=token, key=key)


def api_client_revoke_tokens(*, client: ApiClient, actor=None) -> int:
    return api_tokens_revoke(token_ids=client.tokens.values_list("pk", flat=True), actor=actor)


def api_tokens_revoke(*, token_ids: Iterable[int], actor=None) -> int:
    """Revoke API keys at once (they stop authenticating on the next request); audited."""
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update()
            .select_related("client")
            .filter(pk__in=list(token_ids), revoked_at__isnull=True)
        )
        now = timezone.now()
        ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=now)
        api_keys_forget([token.key_digest for token in tokens])
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=actor,
                    action="api_token.revoked",
                    comment=f"client {token.client.name}, key {token.prefix}…",
                )
                for token in tokens
            ]
        )
    return len(tokens)
