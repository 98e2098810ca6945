"""Writes of stories: an article moved to another story, stories merged and split by an editor."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from ..audit import AuditAction, audit_event_record
from ..models import (
    Article,
    Claim,
    ClaimIndexKey,
    Story,
    StoryKey,
)
from ..story_grouping import (
    story_move_article_terms,
    story_move_remaining_terms,
    story_refresh_norm,
)
from .common import _article_day
from .flag_release import _flags_release
from .queueing import _claims_queue_detection
from .story_figures import _claim_figures_register, _story_figures_forget


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
    audit_event_record(
        actor=actor,
        action=AuditAction.ARTICLE_MOVED_TO_STORY,
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
    Claim.objects.filter(pk__in=claim_ids).update(story=target)
    # Retired claims follow their article but stay out of detection.
    comparable = Claim.objects.filter(pk__in=claim_ids).exclude(
        detection_version=Claim.DETECTION_RETIRED
    )
    comparable.update(detected_at=None)
    ClaimIndexKey.objects.filter(claim_id__in=claim_ids).update(story=target)
    _claim_figures_register(list(comparable.select_related("article")))
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
        audit_event_record(
            actor=actor,
            action=AuditAction.STORY_MERGED,
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
        audit_event_record(
            actor=actor,
            action=AuditAction.STORY_SPLIT,
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
