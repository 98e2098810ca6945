import json

from factcheck.models import Article

QUAKE_DAY_ONE = (
    "Earthquake toll climbs in southern Turkey\n"
    "The health ministry said on Monday that 1,200 people were killed by the earthquake.\n"
    "Hospitals in Gaziantep and Kahramanmaras were overwhelmed."
)
QUAKE_DAY_THREE = (
    "Aid reaches Kahramanmaras\n"
    "The health ministry said on Wednesday that 2,800 people were killed by the earthquake.\n"
    "Convoys reached Gaziantep and the worst-hit towns of southern Turkey."
)


def post_article(client, body: str, **fields) -> dict:
    response = client.post(
        "/api/v1/articles/",
        data=json.dumps({"body": body, **fields}),
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


def post_and_process(client, capture_on_commit, body: str, **fields) -> Article:
    """Post an article and run, in-process, the tasks its commit queues (and theirs)."""
    with capture_on_commit(execute=True):
        data = post_article(client, body, **fields)
    return Article.objects.get(pk=data["id"])
