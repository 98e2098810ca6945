"""Writes. Every state change of articles, claims and flags goes through this module, so the
API, the admin, the management commands and the Celery tasks obey the same rules."""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from . import engine
from .authentication import api_key_digest, api_key_generate, api_keys_forget
from .engine import signatures as signatures_engine
from .engine.signatures import detection_signature
from .engine.stories import load_word_frequencies
from .events import event_publish, event_publish_many
from .models import (
    ApiClient,
    ApiToken,
    Article,
    AuditEvent,
    Claim,
    ClaimIndexKey,
    ContradictionFlag,
    FlagClaim,
    Publisher,
    Story,
    StoryFigure,
    StoryKey,
)
from .outbox.services import outbox_enqueue, outbox_enqueue_many
from .selectors import (
    article_list_for_user,
    claim_list_for_user,
    claim_record,
    detection_candidates,
    flag_claims_by_side,
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

    outbox_enqueue(task=process_article, args=[article_id])


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
            _claims_queue_detection(pending_ids)
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
        _claims_queue_detection(claim_ids)
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
    _story_figures_forget(claim_ids)
    Claim.objects.filter(pk__in=claim_ids).update(story=target, detected_at=None)
    ClaimIndexKey.objects.filter(claim_id__in=claim_ids).update(story=target)
    _claim_figures_register(list(Claim.objects.filter(pk__in=claim_ids).select_related("article")))
    return _flags_release(claim_ids=claim_ids, keep=set(), story=target)


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
        _claims_queue_detection(claim_ids)
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
        _claims_queue_detection(claim_ids)
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
        claim.article = article  # its report day is the article's
        wanted = new_claims[claim.text_sha256]
        if (claim.facts, claim.story_id) != (wanted.facts, wanted.story_id):
            claim.facts, claim.story_id = wanted.facts, wanted.story_id
            refreshed.append(claim)
    if refreshed:
        _story_figures_forget([claim.pk for claim in refreshed])
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


def _claim_index_keys_store(claims: Sequence[Claim]) -> None:
    _claim_figures_register(claims)
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

    outbox_enqueue_many(task=detect_claim_contradictions, calls=[[pk] for pk in claim_ids])


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
            _claims_queue_detection([claim.pk])
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
    """Compare a claim with the distinct statements of its story that share an index key
    with it, and file each disagreement found under its flag: the flag of these two figures
    in this story if there is one (whatever its status: a dismissed disagreement stays
    dismissed for its repeats), else a new one. The claim joins the side of its figure.
    Running it again changes nothing; a flag a person decided on keeps its status."""
    claim = Claim.objects.select_related("article").filter(pk=claim_id).first()
    if claim is None:
        return []
    record = claim_record(claim)
    keys = engine.index_keys(record.facts)
    candidates = detection_candidates(claim=claim, keys=keys)
    findings = engine.detect(record, candidates.records)
    # Read differently since it was stored (an engine upgrade): filed again.
    refiled = claim.detection_signature != detection_signature(record.facts, record.published)
    on = _flags_on(claim_ids=[claim.pk])
    flags = []
    if findings or on or candidates.stale or refiled:
        with transaction.atomic():
            if refiled:
                _claim_figures_register([claim], facts={claim.pk: record.facts})
            if candidates.stale:
                _story_figures_repair(story_id=claim.story_id, signatures=candidates.stale)
            flags = _flags_upsert(claim=claim, findings=findings, signatures=candidates.signatures)
            _flags_release(claim_ids=[claim.pk], keep={flag.pk for flag in flags}, on=on)
            _claim_mark_detected(claim)
    else:
        _claim_mark_detected(claim)  # nothing to file or take back: one statement
    if claim.article_id is not None:
        article_complete_if_checked(article_id=claim.article_id)
    return flags


def _claim_mark_detected(claim: Claim) -> None:
    Claim.objects.filter(pk=claim.pk).update(
        detection_version=engine.ENGINE_VERSION, detected_at=timezone.now()
    )


def _claim_figures_register(
    claims: Sequence[Claim], *, facts: dict[int, engine.ClaimFacts] | None = None
) -> None:
    """Give each claim its detection signature and enter it among its story's distinct
    statements, under each of its index keys (where the story already has the statement,
    the claim that stands for it stays)."""
    facts = facts or {}
    changed, rows = [], []
    for claim in claims:
        stated = facts.get(claim.pk) or engine.ClaimFacts.from_dict(claim.facts)
        published = claim_record(claim, facts=stated).published
        signature = detection_signature(stated, published)
        if claim.detection_signature != signature:
            claim.detection_signature = signature
            changed.append(claim)
        if claim.story_id is not None:
            rows += [
                StoryFigure(
                    story_id=claim.story_id,
                    key=key,
                    signature=signature,
                    claim=claim,
                    article_id=claim.article_id,
                    published=published,
                )
                for key in engine.index_keys(stated)
            ]
    if changed:
        Claim.objects.bulk_update(changed, ["detection_signature"])
    if rows:
        StoryFigure.objects.bulk_create(rows, ignore_conflicts=True)


def _story_figures_repair(
    *, story_id: int, signatures: Iterable[str], leaving: Sequence[int] = ()
) -> None:
    """These statements of a story are given the first other claim of the story that makes
    them (not one of `leaving`), or forgotten when none is left."""
    signatures = list(signatures)
    firsts = (
        Claim.objects.filter(story_id=story_id, detection_signature__in=signatures)
        .exclude(pk__in=list(leaving))
        .values("detection_signature")
        .annotate(first=Min("pk"))
        .order_by()
        .values_list("detection_signature", "first")
    )
    first_of = dict(firsts)
    articles = dict(Claim.objects.filter(pk__in=first_of.values()).values_list("pk", "article_id"))
    for signature in signatures:
        rows = StoryFigure.objects.filter(story_id=story_id, signature=signature)
        if signature in first_of:
            claim_id = first_of[signature]
            rows.update(claim_id=claim_id, article_id=articles[claim_id])
        else:
            rows.delete()


def _story_figures_forget(claim_ids: Sequence[int]) -> None:
    """Claims about to leave their story or to state something else stop standing for their
    statements: another claim making them takes their place."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return
    stood_for: dict[int, set[str]] = {}
    for story_id, signature in (
        StoryFigure.objects.filter(claim_id__in=claim_ids)
        .values_list("story_id", "signature")
        .distinct()
    ):
        stood_for.setdefault(story_id, set()).add(signature)
    for story_id, signatures in stood_for.items():
        _story_figures_repair(story_id=story_id, signatures=signatures, leaving=claim_ids)


@dataclass(frozen=True)
class _Disagreement:
    """One disagreement found for a claim: the best finding, and the other claims (standing
    for their statements) it was found against."""

    found: signatures_engine.Disagreement
    finding: engine.Finding
    claim_side: str  # the claim's side in the finding's details ("a" or "b")
    others: tuple[int, ...]

    @property
    def claim_signature(self) -> signatures_engine.SideSignature:
        return self.found.a if self.claim_side == "a" else self.found.b

    @property
    def other_signature(self) -> signatures_engine.SideSignature:
        return self.found.b if self.claim_side == "a" else self.found.a


def _side_matches(side: signatures_engine.SideSignature, figure: str, value: str) -> bool:
    """A flag's side holds this figure: the same figure and source, or the same figure stated
    without a source."""
    return side.figure == figure or (not side.attributed and side.value == value)


def _flag_sides_for(flag: ContradictionFlag, item: _Disagreement, claim: Claim) -> tuple | None:
    """(the claim's side, the other claims' side) of `flag` for this disagreement."""
    if not flag.disagreement and not flag.figure_a:  # raised before disagreements were kept
        return ("a", "b") if flag.claim_a_id == claim.pk else ("b", "a")
    mine, theirs = item.claim_signature, item.other_signature
    if _side_matches(mine, flag.figure_a, flag.value_a) and _side_matches(
        theirs, flag.figure_b, flag.value_b
    ):
        return "a", "b"
    if _side_matches(mine, flag.figure_b, flag.value_b) and _side_matches(
        theirs, flag.figure_a, flag.value_a
    ):
        return "b", "a"
    return None


def _disagreements_of(claim: Claim, findings: Sequence[engine.Finding]) -> dict[str, _Disagreement]:
    """The findings grouped by disagreement (one statement may be found against several
    claims standing for the same figure: other days, other wordings)."""
    grouped: dict[str, _Disagreement] = {}
    for finding in sorted(findings, key=lambda f: (-f.score, str(f.other_id), f.kind)):
        other_id = int(finding.other_id)
        found = signatures_engine.disagreement_of(finding.details or {})
        if found is None:
            found = signatures_engine.pair_disagreement(claim.pk, other_id, finding.kind)
        first_id = (finding.details or {}).get("a", {}).get("claim_id")
        if first_id is None:
            claim_side = "a" if claim.pk < other_id else "b"
        else:
            claim_side = "a" if str(first_id) == str(claim.pk) else "b"
        known = grouped.get(found.key)
        if known is None:
            grouped[found.key] = _Disagreement(found, finding, claim_side, (other_id,))
        elif other_id not in known.others:
            grouped[found.key] = _Disagreement(
                known.found, known.finding, known.claim_side, (*known.others, other_id)
            )
    # A figure stated without a source is a repeat of the same figure stated with one.
    for key, item in list(grouped.items()):
        theirs = item.other_signature
        if theirs.attributed:
            continue
        sourced = next(
            (
                other
                for other in grouped.values()
                if other.other_signature.attributed
                and other.other_signature.value == theirs.value
                and other.claim_signature.figure == item.claim_signature.figure
            ),
            None,
        )
        if sourced is not None:
            del grouped[key]
            grouped[sourced.found.key] = _Disagreement(
                sourced.found,
                sourced.finding,
                sourced.claim_side,
                (*sourced.others, *item.others),
            )
    return grouped


def _flags_of_disagreements(
    claim: Claim, wanted: dict[str, _Disagreement]
) -> dict[str, ContradictionFlag]:
    """The stored flags of these disagreements in the claim's story: the same two figures,
    or a figure stated without a source matching a side, or (flags raised before
    disagreements were kept) the same pair of claims and kind."""
    story_id = claim.story_id
    flags = {
        flag.disagreement: flag
        for flag in ContradictionFlag.objects.filter(story_id=story_id, disagreement__in=wanted)
    }
    unattributed = [
        item
        for key, item in wanted.items()
        if key not in flags
        and not (item.claim_signature.attributed and item.other_signature.attributed)
    ]
    if unattributed:
        query = Q()
        for item in unattributed:
            for side, opposite in (
                (item.claim_signature, item.other_signature),
                (item.other_signature, item.claim_signature),
            ):
                query |= Q(figure_a=side.figure, figure_b=opposite.figure)
                query |= Q(figure_b=side.figure, figure_a=opposite.figure)
                if not side.attributed:
                    query |= Q(value_a=side.value, figure_b=opposite.figure)
                    query |= Q(value_b=side.value, figure_a=opposite.figure)
                    if not opposite.attributed:
                        query |= Q(value_a=side.value, value_b=opposite.value)
                        query |= Q(value_b=side.value, value_a=opposite.value)
        near = list(
            ContradictionFlag.objects.filter(story_id=story_id).filter(query).order_by("pk")
        )
        for item in unattributed:
            match = next((f for f in near if _flag_sides_for(f, item, claim) is not None), None)
            if match is not None:
                flags[item.found.key] = match
    if len(flags) < len(wanted):
        legacy = ContradictionFlag.objects.filter(
            Q(claim_a=claim) | Q(claim_b=claim), disagreement="", figure_a=""
        ).order_by("pk")
        for flag in legacy:
            other = flag.claim_b_id if flag.claim_a_id == claim.pk else flag.claim_a_id
            for key, item in wanted.items():
                if key not in flags and other in item.others and flag.kind == item.finding.kind:
                    flags[key] = flag
    return flags


def _flag_fields(finding: engine.Finding) -> dict:
    return {
        "kind": finding.kind,
        "score": round(float(finding.score), 4),
        "explanation": finding.explanation,
        "details": finding.details,
        "detector_version": engine.ENGINE_VERSION,
    }


def _flags_upsert(
    *, claim: Claim, findings: Sequence[engine.Finding], signatures: dict[int, str]
) -> list[ContradictionFlag]:
    """File each disagreement found for `claim` under its flag (created when new) and put the
    claim, and the claims it was compared with, on their sides. A new flag also takes the
    claims of the story that make the same statements (their detection ran before the
    other side was stated). Returns the flags the claim is on now."""
    wanted = _disagreements_of(claim, findings)
    if not wanted:
        return []
    flags = _flags_of_disagreements(claim, wanted)
    sides: list[tuple[int, int, str]] = []  # (flag, claim, side)
    to_update = []
    for key, flag in flags.items():
        item = wanted[key]
        claim_side, other_side = _flag_sides_for(flag, item, claim) or ("a", "b")
        sides.append((flag.pk, claim.pk, claim_side))
        sides += [(flag.pk, other, other_side) for other in item.others]
        first_pair = {flag.claim_a_id, flag.claim_b_id}
        if claim.pk in first_pair and (first_pair - {claim.pk}) & set(item.others):
            # Found between the flag's own two claims: the current engine's words and score.
            fields = _flag_fields(item.finding)
            if not flag.disagreement and not flag.figure_a:
                fields |= _flag_signature_fields(flag.claim_a_id == claim.pk, item)
                if key not in {f.disagreement for f in flags.values()}:
                    fields["disagreement"] = key
                fields["story_id"] = claim.story_id
            if any(getattr(flag, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(flag, name, value)
                to_update.append(flag)
    created, joined = _flags_create(claim, {k: v for k, v in wanted.items() if k not in flags})
    flags |= joined
    for flag, item in created:
        claim_side = "a" if flag.claim_a_id == claim.pk else "b"
        other_side = "b" if claim_side == "a" else "a"
        sides.append((flag.pk, claim.pk, claim_side))
        sides += [(flag.pk, other, other_side) for other in item.others]
    sides += _flag_sides_of_same_statements(claim, created, signatures)
    FlagClaim.objects.bulk_create(
        [FlagClaim(flag_id=flag, claim_id=member, side=side) for flag, member, side in sides],
        ignore_conflicts=True,
    )
    if to_update:
        now = timezone.now()
        for flag in to_update:
            flag.updated_at = now
        ContradictionFlag.objects.bulk_update(
            to_update,
            [
                "kind",
                "score",
                "explanation",
                "details",
                "detector_version",
                "story",
                "disagreement",
                "figure_a",
                "figure_b",
                "value_a",
                "value_b",
                "updated_at",
            ],
        )
    if created:
        _flags_announce([flag for flag, _ in created])
    return list({flag.pk: flag for flag in [*flags.values(), *(f for f, _ in created)]}.values())


def _flag_signature_fields(claim_is_a: bool, item: _Disagreement) -> dict:
    first, second = (
        (item.claim_signature, item.other_signature)
        if claim_is_a
        else (item.other_signature, item.claim_signature)
    )
    return {
        "figure_a": first.figure,
        "value_a": first.value,
        "figure_b": second.figure,
        "value_b": second.value,
    }


def _flags_create(
    claim: Claim, new: dict[str, _Disagreement]
) -> tuple[list[tuple[ContradictionFlag, _Disagreement]], dict[str, ContradictionFlag]]:
    """Insert the flags of new disagreements, the smaller claim id as claim_a. The same
    disagreement may be raised at the same moment by another claim's task: then only one
    insert succeeds, the other claim joins that flag, and each flag is announced once.
    Returns the flags created, and the flags of another task joined instead."""
    if not new:
        return [], {}
    built = []
    for key, item in new.items():
        other = item.others[0]
        built.append(
            (
                ContradictionFlag(
                    claim_a_id=min(claim.pk, other),
                    claim_b_id=max(claim.pk, other),
                    story_id=claim.story_id,
                    disagreement=key,
                    **_flag_signature_fields(claim.pk < other, item),
                    **_flag_fields(item.finding),
                ),
                item,
            )
        )
    try:
        with transaction.atomic():
            ContradictionFlag.objects.bulk_create([flag for flag, _ in built])
        return built, {}
    except IntegrityError:
        pass
    created, joined = [], {}
    for flag, item in built:
        flag.pk = None
        try:
            with transaction.atomic():
                flag.save()
        except IntegrityError:
            existing = ContradictionFlag.objects.get(
                story_id=claim.story_id, disagreement=flag.disagreement
            )
            sides = _flag_sides_for(existing, item, claim) or ("a", "b")
            FlagClaim.objects.bulk_create(
                [FlagClaim(flag=existing, claim=claim, side=sides[0])]
                + [FlagClaim(flag=existing, claim_id=o, side=sides[1]) for o in item.others],
                ignore_conflicts=True,
            )
            joined[flag.disagreement] = existing
            continue
        created.append((flag, item))
    return created, joined


def _flag_sides_of_same_statements(
    claim: Claim,
    created: Sequence[tuple[ContradictionFlag, _Disagreement]],
    signatures: dict[int, str],
) -> list[tuple[int, int, str]]:
    """For new flags: the other claims of the story making the statement of a side (the same
    detection signature), except those of the article of the opposite side's claim (there
    the engine compared them directly)."""
    if not created:
        return []
    groups: dict[str, list[tuple[int, str, int | None]]] = {}  # signature -> (flag, side, article)
    articles = dict(
        Claim.objects.filter(
            pk__in={other for _, item in created for other in item.others}
        ).values_list("pk", "article_id")
    )
    for flag, item in created:
        claim_side = "a" if flag.claim_a_id == claim.pk else "b"
        other_side = "b" if claim_side == "a" else "a"
        for other in item.others:
            if claim.detection_signature:
                groups.setdefault(claim.detection_signature, []).append(
                    (flag.pk, claim_side, articles.get(other))
                )
            if signatures.get(other):
                groups.setdefault(signatures[other], []).append(
                    (flag.pk, other_side, claim.article_id)
                )
    members = Claim.objects.filter(
        story_id=claim.story_id, detection_signature__in=groups
    ).values_list("pk", "detection_signature", "article_id")
    sides = []
    for pk, signature, article_id in members:
        for flag_id, side, opposite_article in groups[signature]:
            if opposite_article is None or article_id != opposite_article:
                sides.append((flag_id, pk, side))
    return sides


def _flags_announce(flags: Sequence[ContradictionFlag]) -> None:
    members = flag_claims_by_side([flag.pk for flag in flags])
    event_publish_many(
        event_type="contradiction.flagged",
        datas=[_flag_event_data(flag, members[flag.pk]) for flag in flags],
    )


def _flag_event_data(flag: ContradictionFlag, sides: dict[str, list[dict]]) -> dict:
    return {
        "id": flag.pk,
        "kind": flag.kind,
        "score": flag.score,
        "explanation": flag.explanation,
        "claim_a": sides["a"][0],
        "claim_b": sides["b"][0],
        "claims_a": sides["a"],
        "claims_b": sides["b"],
    }


def _flags_on(*, claim_ids: Sequence[int]) -> set[int]:
    """The flags these claims are on: one query over two indexes (the first claims of flags
    raised before sides were kept have no FlagClaim row)."""
    return set(
        FlagClaim.objects.filter(claim_id__in=claim_ids)
        .order_by()
        .values_list("flag_id", flat=True)
        .union(
            ContradictionFlag.objects.filter(
                Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids)
            )
            .order_by()
            .values_list("pk", flat=True)
        )
    )


def _flags_release(
    *,
    claim_ids: Sequence[int],
    keep: set[int],
    story: Story | None = None,
    on: set[int] | None = None,
) -> int:
    """Take claims off the open flags they no longer support (not in `keep`; with `story`,
    the open flags of other stories than `story`; `on`: the flags they are on, when read
    already). A side that loses its first claim is led by its next claim; a flag with an
    empty side is withdrawn (deleted, audited). Flags a person confirmed or dismissed are
    never touched. Returns how many flags were withdrawn."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return 0
    on = (_flags_on(claim_ids=claim_ids) if on is None else set(on)) - keep
    if not on:
        return 0
    open_flags = ContradictionFlag.objects.filter(pk__in=on, status=ContradictionFlag.Status.OPEN)
    if story is not None:
        open_flags = open_flags.exclude(story=story)
    leaving = list(open_flags.exclude(pk__in=keep).order_by("pk"))
    if not leaving:
        return 0
    FlagClaim.objects.filter(flag__in=leaving, claim_id__in=claim_ids).delete()
    remaining: dict[tuple[int, str], list[int]] = {}
    for flag_id, side, member in (
        FlagClaim.objects.filter(flag__in=leaving)
        .order_by("claim_id")
        .values_list("flag_id", "side", "claim_id")
    ):
        remaining.setdefault((flag_id, side), []).append(member)
    withdrawn, promoted = [], []
    for flag in leaving:
        next_a = _next_first(flag.claim_a_id, remaining.get((flag.pk, "a"), []), claim_ids)
        next_b = _next_first(flag.claim_b_id, remaining.get((flag.pk, "b"), []), claim_ids)
        if next_a is None or next_b is None:
            withdrawn.append(flag)
        elif (next_a, next_b) != (flag.claim_a_id, flag.claim_b_id):
            flag.claim_a_id, flag.claim_b_id = next_a, next_b
            promoted.append(flag)
    if promoted:
        ContradictionFlag.objects.bulk_update(promoted, ["claim_a", "claim_b"])
    if withdrawn:
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    action="flag.withdrawn",
                    claim_id=claim_ids[0] if len(claim_ids) == 1 else None,
                    comment=f"flag {flag.pk} no longer found by engine "
                    f"{engine.ENGINE_VERSION}: {flag.explanation}"[:2000],
                )
                for flag in withdrawn
            ]
        )
        ContradictionFlag.objects.filter(pk__in=[flag.pk for flag in withdrawn]).delete()
    return len(withdrawn)


def _next_first(first: int, remaining: list[int], leaving: Sequence[int]) -> int | None:
    """The first claim of a side once `leaving` claims are off it: the same if it stays,
    else the side's next claim, else None (the side is empty)."""
    if first not in leaving:
        return first
    return remaining[0] if remaining else None


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
