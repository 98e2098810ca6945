"""What the fault tests post, and how they judge the end state."""

from __future__ import annotations

import json

from django.db.models import Count

from factcheck.models import Article, Claim, ContradictionFlag, FlagClaim
from factcheck.services.detection import claim_detect_contradictions

from .conftest import wait_for

REPORTS = [
    (
        "Dam burst floods the valley\n"
        "According to the Red Crescent, 450 people were killed in the floods in Derna on "
        "Sunday.\nRescue teams were still searching the harbour."
    ),
    (
        "Derna counts its dead\n"
        "Rescue teams worked through the night.\n"
        "According to the Red Crescent, 2,300 people were killed in the floods in Derna on "
        "Sunday."
    ),
    (
        "Aid reaches Derna\n"
        "According to the Red Crescent, 1,100 people were killed in the floods in Derna on "
        "Sunday.\nConvoys reached the city overnight."
    ),
]
STANDALONE_CLAIM = (
    "According to the Red Crescent, 5,000 people were killed in the floods in Derna on Sunday."
)


def post_article(client, body: str, published: str = "2023-09-12") -> int:
    response = client.post(
        "/api/v1/articles/",
        data=json.dumps({"body": body, "published_at": published}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def post_claim(client, text: str) -> int:
    response = client.post(
        "/api/v1/claims/", data=json.dumps({"text": text}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def settled() -> bool:
    """Every article is done (checked or failed) and every claim has been compared."""
    return (
        not Article.objects.filter(
            status__in=[Article.Status.RECEIVED, Article.Status.EXTRACTED]
        ).exists()
        and not Claim.objects.filter(detected_at__isnull=True).exists()
    )


def wait_until_settled(timeout: float = 120.0) -> None:
    wait_for(settled, timeout=timeout, what="every article to be checked")


def _sorted(rows) -> list:
    return sorted(rows, key=lambda row: tuple(str(value) for value in row))


def snapshot() -> dict:
    return {
        "articles": _sorted(Article.objects.values_list("pk", "status")),
        "claims": _sorted(Claim.objects.values_list("article_id", "text_sha256", "start", "end")),
        "flags": _sorted(
            ContradictionFlag.objects.values_list(
                "claim_a_id", "claim_b_id", "kind", "status", "score", "explanation"
            )
        ),
    }


def assert_no_duplicates() -> None:
    assert not (
        Claim.objects.values("article_id", "text_sha256").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not (
        ContradictionFlag.objects.values("claim_a_id", "claim_b_id", "kind")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    # A flag's headline is the first claim of each side: claim_a on side a, claim_b on side b
    # (which of the two ids is lower depends on which report came first, not on the pair).
    for flag in ContradictionFlag.objects.all():
        headline_sides = dict(
            FlagClaim.objects.filter(
                flag=flag, claim_id__in=[flag.claim_a_id, flag.claim_b_id]
            ).values_list("claim_id", "side")
        )
        assert headline_sides == {flag.claim_a_id: "a", flag.claim_b_id: "b"}, flag.pk


def assert_same_as_a_clean_run() -> dict:
    """The end state is a fixed point of the pipeline: comparing every claim again, in this
    process and without any fault, changes nothing (no flag added, removed or altered), which
    is what one clean run gives. Returns the state."""
    assert_no_duplicates()
    before = snapshot()
    for claim_id in Claim.objects.order_by("pk").values_list("pk", flat=True):
        claim_detect_contradictions(claim_id=claim_id)
    assert snapshot() == before
    return before
