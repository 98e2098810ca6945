"""Writes of publishers and articles: an article sent in, and the claims extracted from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .. import engine
from ..audit import AuditAction, audit_event_record
from ..engine.stories import load_word_frequencies
from ..models import (
    Article,
    Claim,
    Publisher,
    StoryKey,
)
from ..selectors import (
    article_list_for_user,
)
from ..story_grouping import (
    story_file_article,
)
from .claims import _claims_retire, _claims_store
from .common import sha256_hex
from .processing import _article_transition
from .queueing import _article_queue_processing, _claims_queue_detection
from .stories import _story_delete_if_empty


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
            audit_event_record(
                actor=submitted_by,
                action=AuditAction.ARTICLE_RECEIVED,
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
        # Claims an earlier engine read here that this one does not: out of detection.
        kept, deleted = _claims_retire(article=article, read=[claim.pk for claim in claims])
        if left_story_id is not None:
            _story_delete_if_empty(left_story_id)
        comment = f"{len(claims)} claims extracted" if claims else "no checkable claims"
        if kept or deleted:
            comment += f"; {kept + deleted} no longer read ({deleted} deleted, {kept} kept)"
        article.failure_reason = ""  # an earlier attempt's error no longer applies
        _article_transition(
            article, Article.Status.EXTRACTED, action=AuditAction.ARTICLE_EXTRACTED, comment=comment
        )
        if claims:
            pending_ids = [claim.pk for claim in claims if claim.detected_at is None]
            _claims_queue_detection(pending_ids)
        else:
            _article_transition(article, Article.Status.CHECKED, action=AuditAction.ARTICLE_CHECKED)
    return claims
