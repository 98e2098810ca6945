"""Fast rendering of list pages: rows read with `.values()` and shaped into the same JSON
the output serializers give, without building a model instance and a serializer per row.
Date-times and dates stay Python objects: the API's renderer (api/renderers.py) writes
them as DRF's fields do. The serializers stay the contract (and the OpenAPI description);
tests check that both produce the same document for the same object."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RowShape:
    """output name -> ORM path; `nested` shapes read the same row under their name."""

    fields: dict[str, str]
    nested: dict[str, RowShape] | None = None
    # Output names filled after the page is read, for all its rows at once (lists of related
    # rows): rendered as None here, completed by the list view.
    later: frozenset[str] = frozenset()

    def paths(self) -> list[str]:
        paths = list(self.fields.values())
        for prefix, shape in (self.nested or {}).items():
            paths += [f"{prefix}__{path}" for path in shape.fields.values()]
        return paths

    def renderer(self, order: Iterable[str], prefix: str = "") -> Callable[[dict], dict]:
        """A function from a `.values()` row to the output document, with its keys in `order`
        (the serializer's). Worked out once: a page renders every row the same way."""
        nested = self.nested or {}
        steps = [
            (name, "", nested[name].renderer(nested[name].fields, prefix=f"{prefix}{name}__"))
            if name in nested
            else (name, None, None)
            if name in self.later
            else (name, f"{prefix}{self.fields[name]}", None)
            for name in order
        ]

        def render(row: dict) -> dict:
            return {
                name: inner(row) if inner is not None else None if key is None else row[key]
                for name, key, inner in steps
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
    nested={"claim_a": FLAG_CLAIM_ROW, "claim_b": FLAG_CLAIM_ROW},
    later=frozenset({"claims_a", "claims_b"}),
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
)
