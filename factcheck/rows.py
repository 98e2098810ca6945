"""Fast rendering of list pages: rows read with `.values()` and shaped into the same JSON
the output serializers give, without building a model instance and a serializer per row.
The serializers stay the contract (and the OpenAPI description); tests check that both
produce the same document for the same object."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


def iso(value: datetime.datetime | None) -> str | None:
    """As DRF renders a DateTimeField with USE_TZ and UTC."""
    if value is None:
        return None
    text = value.astimezone(datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date_iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class RowShape:
    """output name -> ORM path, and how to render the value."""

    fields: dict[str, str]
    datetimes: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    nested: dict[str, RowShape] | None = None

    def paths(self) -> list[str]:
        paths = list(self.fields.values())
        for prefix, shape in (self.nested or {}).items():
            paths += [f"{prefix}__{path}" for path in shape.fields.values()]
        return paths

    def render(self, row: dict, prefix: str = "") -> dict:
        out = {}
        for name, path in self.fields.items():
            value = row[f"{prefix}{path}"]
            if name in self.datetimes:
                value = iso(value)
            elif name in self.dates:
                value = date_iso(value)
            out[name] = value
        for nested_name, shape in (self.nested or {}).items():
            out[nested_name] = shape.render(row, prefix=f"{prefix}{nested_name}__")
        return out

    def order_of(self, keys: Iterable[str]) -> Callable[[dict], dict]:
        order = list(keys)
        return lambda rendered: {key: rendered[key] for key in order}


ARTICLE_ROW = RowShape(
    fields={
        "id": "id",
        "url": "url",
        "title": "title",
        "publisher": "publisher__name",
        "published_at": "published_at",
        "status": "status",
        "failure_reason": "failure_reason",
        "story": "story_id",
        "created_at": "created_at",
        "updated_at": "updated_at",
    },
    datetimes=frozenset({"published_at", "created_at", "updated_at"}),
)

CLAIM_ROW = RowShape(
    fields={
        "id": "id",
        "article": "article_id",
        "story": "story_id",
        "text": "text",
        "start": "start",
        "end": "end",
        "status": "status",
        "facts": "facts",
        "created_at": "created_at",
        "updated_at": "updated_at",
    },
    datetimes=frozenset({"created_at", "updated_at"}),
)

FLAG_CLAIM_ROW = RowShape(
    fields={"id": "id", "article": "article_id", "text": "text", "start": "start", "end": "end"}
)

FLAG_ROW = RowShape(
    fields={
        "id": "id",
        "kind": "kind",
        "status": "status",
        "score": "score",
        "explanation": "explanation",
        "details": "details",
        "detector_version": "detector_version",
        "created_at": "created_at",
        "updated_at": "updated_at",
    },
    datetimes=frozenset({"created_at", "updated_at"}),
    nested={"claim_a": FLAG_CLAIM_ROW, "claim_b": FLAG_CLAIM_ROW},
)

STORY_ROW = RowShape(
    fields={
        "id": "id",
        "title": "title",
        "first_day": "first_day",
        "last_day": "last_day",
        "created_at": "created_at",
        "updated_at": "updated_at",
    },
    datetimes=frozenset({"created_at", "updated_at"}),
    dates=frozenset({"first_day", "last_day"}),
)
