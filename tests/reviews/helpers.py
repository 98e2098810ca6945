import json


def post(client, path: str, payload: dict | None = None):
    return client.post(path, data=json.dumps(payload or {}), content_type="application/json")


def events_recorder(monkeypatch) -> list[tuple[str, dict]]:
    """Record the domain events the review services publish (webhooks are tested by their
    own package)."""
    published: list[tuple[str, dict]] = []
    for module in ("assignment", "verdicts", "publication"):
        monkeypatch.setattr(
            f"reviews.services.{module}.event_publish",
            lambda *, event_type, data: published.append((event_type, data)),
        )
    return published
