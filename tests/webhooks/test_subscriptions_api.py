import json

import pytest

from factcheck.models import AuditEvent
from tests.conftest import client_for
from webhooks.models import WebhookSubscription

from .conftest import WEBHOOKS_URL, subscribe

HOOK = "https://hooks.newsroom.example/factcheck"


def post_json(client, payload, url=WEBHOOKS_URL):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


@pytest.mark.django_db
def test_an_integration_subscribes_and_sees_the_secret_once(api_client, integration_key):
    response = post_json(
        api_client, {"url": HOOK, "event_types": ["article.checked", "contradiction.flagged"]}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["url"] == HOOK
    assert created["event_types"] == ["article.checked", "contradiction.flagged"]
    assert created["active"] is True
    assert created["client"] == "newsroom-tool"
    assert created["secret"].startswith("whsec_")
    assert response["Location"] == f"/api/v1/webhooks/{created['id']}/"
    assert response["Cache-Control"] == "no-store"
    stored = WebhookSubscription.objects.get(pk=created["id"])
    assert stored.client == integration_key.client
    assert stored.secret == created["secret"]
    assert AuditEvent.objects.filter(action="webhook.subscribed").count() == 1

    detail = api_client.get(f"{WEBHOOKS_URL}{created['id']}/")
    assert detail.status_code == 200
    assert "secret" not in detail.json()
    listed = api_client.get(WEBHOOKS_URL).json()
    assert [item["id"] for item in listed["results"]] == [created["id"]]
    assert "secret" not in listed["results"][0]


@pytest.mark.django_db
def test_each_subscription_gets_its_own_secret(api_client):
    first = subscribe(api_client, HOOK)
    second = subscribe(api_client, HOOK + "/2")
    assert first["secret"] != second["secret"]


@pytest.mark.django_db
def test_an_integration_lists_only_its_own_subscriptions(api_client, other_api_client):
    mine = subscribe(api_client, HOOK)
    theirs = subscribe(other_api_client, HOOK + "/other")
    assert [item["id"] for item in api_client.get(WEBHOOKS_URL).json()["results"]] == [mine["id"]]
    assert [item["id"] for item in other_api_client.get(WEBHOOKS_URL).json()["results"]] == [
        theirs["id"]
    ]


@pytest.mark.django_db
def test_another_clients_subscription_answers_404(api_client, other_api_client):
    theirs = subscribe(other_api_client, HOOK)
    path = f"{WEBHOOKS_URL}{theirs['id']}/"
    assert api_client.get(path).status_code == 404
    assert api_client.get(f"{path}deliveries/").status_code == 404
    response = api_client.delete(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert WebhookSubscription.objects.filter(pk=theirs["id"]).exists()


@pytest.mark.django_db
def test_deleting_a_subscription(api_client):
    created = subscribe(api_client, HOOK)
    response = api_client.delete(f"{WEBHOOKS_URL}{created['id']}/")
    assert response.status_code == 204
    assert not WebhookSubscription.objects.exists()
    assert api_client.get(f"{WEBHOOKS_URL}{created['id']}/").status_code == 404
    assert AuditEvent.objects.filter(action="webhook.unsubscribed").count() == 1


@pytest.mark.django_db
def test_anonymous_callers_are_refused_with_401(anonymous_client):
    assert anonymous_client.get(WEBHOOKS_URL).status_code == 401
    response = post_json(anonymous_client, {"url": HOOK, "event_types": ["article.checked"]})
    assert response.status_code == 401
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_fact_checkers_and_editors_are_refused_with_403(fact_checker_client, editor_client):
    for client in (fact_checker_client, editor_client):
        assert client.get(WEBHOOKS_URL).status_code == 403
        response = post_json(client, {"url": HOOK, "event_types": ["article.checked"]})
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_an_admin_sees_every_subscription_and_may_subscribe_a_client(
    admin_user, api_client, integration_key
):
    mine = subscribe(api_client, HOOK)
    admin = client_for(admin_user)
    assert [item["id"] for item in admin.get(WEBHOOKS_URL).json()["results"]] == [mine["id"]]
    assert admin.get(f"{WEBHOOKS_URL}{mine['id']}/").status_code == 200

    without_client = post_json(admin, {"url": HOOK, "event_types": ["claim.published"]})
    assert without_client.status_code == 400
    assert "client" in without_client.json()["errors"]
    response = post_json(
        admin,
        {"url": HOOK, "event_types": ["claim.published"], "client": integration_key.client.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["client"] == "newsroom-tool"


@pytest.mark.django_db
def test_an_integration_may_not_name_another_client(api_client, other_integration_key):
    response = post_json(
        api_client,
        {
            "url": HOOK,
            "event_types": ["article.checked"],
            "client": other_integration_key.client.pk,
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"client": ["Unknown field."]}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"event_types": ["article.checked"]}, "url"),
        ({"url": "", "event_types": ["article.checked"]}, "url"),
        ({"url": "not a url", "event_types": ["article.checked"]}, "url"),
        ({"url": "ftp://hooks.example.org/x", "event_types": ["article.checked"]}, "url"),
        ({"url": "javascript:alert(1)", "event_types": ["article.checked"]}, "url"),
        ({"url": "file:///etc/passwd", "event_types": ["article.checked"]}, "url"),
        ({"url": "https://user:pw@hooks.example.org/", "event_types": ["article.checked"]}, "url"),
        ({"url": "https://example.org/" + "a" * 2000, "event_types": ["article.checked"]}, "url"),
        ({"url": ["https://example.org/"], "event_types": ["article.checked"]}, "url"),
        ({"url": "https://example.org/\ud800", "event_types": ["article.checked"]}, "url"),
        ({"url": "https://example.org/\x00", "event_types": ["article.checked"]}, "url"),
        ({"url": "https://exa mple.org/", "event_types": ["article.checked"]}, "url"),
        ({"url": HOOK, "event_types": [{"type": "article.checked"}]}, "event_types"),
        ({"url": HOOK}, "event_types"),
        ({"url": HOOK, "event_types": []}, "event_types"),
        ({"url": HOOK, "event_types": ["article.deleted"]}, "event_types"),
        ({"url": HOOK, "event_types": "article.checked"}, "event_types"),
        ({"url": HOOK, "event_types": ["*"]}, "event_types"),
        ({"url": HOOK, "event_types": ["article.checked"], "secret": "whsec_x"}, "secret"),
    ],
)
@pytest.mark.django_db
def test_bad_input_answers_400_with_the_field(api_client, payload, field):
    response = post_json(api_client, payload)
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["code"] == "invalid"
    assert data["detail"] == "Invalid input."
    assert field in data["errors"], data
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_repeated_event_types_are_stored_once(api_client):
    created = subscribe(api_client, HOOK, ["claim.published", "claim.published"])
    assert created["event_types"] == ["claim.published"]


@pytest.mark.django_db
def test_subscriptions_per_client_are_limited(api_client, other_api_client, settings):
    settings.WEBHOOK_MAX_SUBSCRIPTIONS_PER_CLIENT = 2
    subscribe(api_client, HOOK + "/1")
    subscribe(api_client, HOOK + "/2")
    response = post_json(api_client, {"url": HOOK + "/3", "event_types": ["article.checked"]})
    assert response.status_code == 400
    assert "at most 2" in response.json()["errors"]["non_field_errors"][0]
    subscribe(other_api_client, HOOK + "/3")  # the limit is per client
    assert WebhookSubscription.objects.count() == 3
