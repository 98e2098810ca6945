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
    if value.utcoffset():
        value = value.astimezone(datetime.UTC)
    text = value.isoformat()
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

    def renderer(self, order: Iterable[str], prefix: str = "") -> Callable[[dict], dict]:
        """A function from a `.values()` row to the output document, with its keys in `order`
        (the serializer's). Worked out once: a page renders every row the same way."""
        nested = self.nested or {}
        plain: list[tuple[str, str, Callable | None]] = []
        for name in order:
            if name in nested:
                shape = nested[name]
                # A nested row renders from the same flat row, under its own prefix.
                inner = shape.renderer(shape.fields, prefix=f"{prefix}{name}__")
                plain.append((name, "", inner))
                continue
            convert = iso if name in self.datetimes else date_iso if name in self.dates else None
            plain.append((name, f"{prefix}{self.fields[name]}", convert))

        def render(row: dict) -> dict:
            return {
                name: (row[key] if convert is None else convert(row[key] if key else row))
                for name, key, convert in plain
            }

        return render


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
