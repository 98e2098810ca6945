import pytest

from factcheck.models import Article, Claim

ONE = "Officials said 12 people were injured in Sirte."
TWO = "Officials said 30 people were injured in Tobruk."


@pytest.mark.django_db
def test_a_batch_of_articles_is_stored_with_one_result_each(api_client):
    api_client.post("/api/v1/articles/", data={"body": ONE}, format="json")
    response = api_client.post(
        "/api/v1/articles/batch/", data={"items": [{"body": ONE}, {"body": TWO}]}, format="json"
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [item["created"] for item in results] == [False, True]
    assert results[1]["article"]["body"] == TWO
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_one_bad_item_rejects_the_whole_batch_with_per_item_errors(api_client):
    response = api_client.post(
        "/api/v1/articles/batch/",
        data={"items": [{"body": ONE}, {"body": ""}, {"body": TWO, "colour": "red"}]},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["items"]
    assert set(errors) == {"1", "2"}
    assert errors["1"] == {"body": ["The body is empty."]}
    assert errors["2"] == {"colour": ["Unknown field."]}
    assert Article.objects.count() == 0


@pytest.mark.parametrize("items", [[], "not a list", [{"body": ONE}] * 101])
@pytest.mark.django_db
def test_batch_size_is_bounded(api_client, items):
    response = api_client.post("/api/v1/articles/batch/", data={"items": items}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()["errors"]
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_claim_batch_is_all_or_nothing_even_for_rules_checked_by_the_service(api_client):
    article = Article.objects.get(
        pk=api_client.post("/api/v1/articles/", data={"body": ONE}, format="json").json()["id"]
    )
    response = api_client.post(
        "/api/v1/claims/batch/",
        data={
            "items": [
                {"text": "A claim of our own: 5 people died."},
                {"text": "This sentence is not in the article.", "article": article.pk},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "text" in response.json()["errors"]["items"]["1"]
    assert Claim.objects.count() == 0


@pytest.mark.django_db
def test_a_claim_batch_is_stored(api_client):
    response = api_client.post(
        "/api/v1/claims/batch/",
        data={
            "items": [
                {"text": "Officials said 5 people died."},
                {"text": "Officials said 7 people died."},
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    assert [item["created"] for item in response.json()["results"]] == [True, True]
    assert Claim.objects.count() == 2


@pytest.mark.django_db
def test_batches_are_refused_to_fact_checkers(fact_checker_client):
    response = fact_checker_client.post(
        "/api/v1/articles/batch/", data={"items": [{"body": ONE}]}, format="json"
    )
    assert response.status_code == 403
