"""Issue 15, findings 4, 6 and 7: what the admin lets each staff role do beyond its role."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from factcheck.models import Article, AuditEvent
from tests.conftest import logged_in
from tests.factories import ArticleFactory, AuditEventFactory, UserFactory
from webhooks.services import subscriptions

WEBHOOK_URL = "https://hooks.example.org/services/T0KEN/inbox?token=s3cr3t-value"


# --- Finding 4: "Extract and check again" needs the editor role ---------------------------


def _reprocess(user, article) -> None:
    logged_in(user).post(
        "/admin/factcheck/article/",
        {"action": "reprocess", "_selected_action": [article.pk]},
    )


@pytest.mark.django_db
def test_a_fact_checker_cannot_run_extract_and_check_again(fact_checker):
    article = ArticleFactory(status=Article.Status.CHECKED)
    _reprocess(fact_checker, article)
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKED
    assert not AuditEvent.objects.filter(action="article.reprocess").exists()
    page = logged_in(fact_checker).get("/admin/factcheck/article/").content.decode()
    assert 'value="reprocess"' not in page


@pytest.mark.django_db
def test_an_editor_runs_extract_and_check_again(editor, django_capture_on_commit_callbacks):
    article = ArticleFactory(status=Article.Status.CHECKED)
    with django_capture_on_commit_callbacks():
        _reprocess(editor, article)
    article.refresh_from_db()
    assert article.status == Article.Status.RECEIVED
    assert AuditEvent.objects.filter(action="article.reprocess", actor=editor).count() == 1


# --- Finding 6: the admin role cannot make itself superuser or change its own roles -------


def _user_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        "date_joined_0": "2025-01-01",
        "date_joined_1": "00:00:00",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_admin_role_cannot_make_itself_superuser_or_editor(admin_user):
    editor_group = Group.objects.get(name="editor")
    logged_in(admin_user).post(
        f"/admin/auth/user/{admin_user.pk}/change/",
        _user_form(
            admin_user,
            is_superuser="on",
            groups=[*admin_user.groups.values_list("pk", flat=True), editor_group.pk],
        ),
    )
    admin_user.refresh_from_db()
    assert admin_user.is_superuser is False
    assert list(admin_user.groups.values_list("name", flat=True)) == ["admin"]


@pytest.mark.django_db
def test_the_admin_role_gives_roles_to_others_but_never_superuser(admin_user, fact_checker):
    editor_group = Group.objects.get(name="editor")
    response = logged_in(admin_user).post(
        f"/admin/auth/user/{fact_checker.pk}/change/",
        _user_form(fact_checker, is_superuser="on", groups=[editor_group.pk]),
    )
    assert response.status_code == 302, response.content[:500]
    fact_checker.refresh_from_db()
    assert fact_checker.is_superuser is False
    assert list(fact_checker.groups.values_list("name", flat=True)) == ["editor"]


@pytest.mark.django_db
def test_the_admin_role_cannot_take_over_a_superusers_account(admin_user):
    root = UserFactory(username="root-rita", is_superuser=True)
    client = logged_in(admin_user)
    response = client.post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": "Another-long-pass-42", "password2": "Another-long-pass-42"},
    )
    assert response.status_code == 403
    assert client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.check_password("pass-for-tests")


@pytest.mark.django_db
def test_a_superuser_still_grants_superuser(admin_user):
    root = UserFactory(username="root-rita", is_superuser=True)
    response = logged_in(root).post(
        f"/admin/auth/user/{admin_user.pk}/change/", _user_form(admin_user, is_superuser="on")
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.is_superuser is True


# --- Finding 7: no webhook URL (a token in its path or query) in the audit trail --------


@pytest.mark.django_db
def test_webhook_audit_events_do_not_carry_the_target_url(integration_key, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    created = subscriptions.subscription_create(
        client=integration_key.client, url=WEBHOOK_URL, event_types=["article.checked"]
    )
    import datetime

    subscriptions.subscription_rotate_secret(
        subscription_id=created.subscription.pk, previous_valid_for=datetime.timedelta(hours=1)
    )
    subscriptions.subscription_delete(subscription_id=created.subscription.pk)
    comments = list(
        AuditEvent.objects.filter(action__startswith="webhook.").values_list("comment", flat=True)
    )
    assert len(comments) == 3
    for comment in comments:
        assert "T0KEN" not in comment
        assert "s3cr3t" not in comment
        assert "https://hooks.example.org/…" in comment


@pytest.mark.django_db
def test_the_audit_admin_shows_no_webhook_url_to_a_fact_checker(integration_key, fact_checker):
    AuditEventFactory(
        actor=None,
        claim=None,
        from_state="",
        to_state="",
        action="webhook.subscribed",
        comment=f"{integration_key.client.name}: {WEBHOOK_URL}",
    )
    migration = importlib.import_module(
        "webhooks.migrations.0004_audit_comments_without_webhook_urls"
    )
    migration.redact_webhook_urls(django_apps, None)
    event = AuditEvent.objects.get(action="webhook.subscribed")
    assert event.comment == f"{integration_key.client.name}: https://hooks.example.org/…"
    page = logged_in(fact_checker).get(f"/admin/factcheck/auditevent/{event.pk}/change/")
    assert "s3cr3t" not in page.content.decode()
