"""Small helpers shared by the factcheck services."""

from __future__ import annotations

import datetime
import hashlib

from ..models import (
    Article,
)
from ..story_grouping import (
    article_published_day,
)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _article_day(article: Article) -> datetime.date | None:
    """The day an article was published, if known (unknown is unknown: never the day it was
    received)."""
    return article_published_day(article)
