import base64
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

from tests.processes import run_fresh
from webhooks import signing
from webhooks.services.deliveries import RETRY_BASE_SECONDS, retry_delay_seconds


def test_signature_matches_the_standard_webhooks_test_vector():
    # The example of the Standard Webhooks specification and its reference libraries.
    assert (
        signing.signature(
            secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
            body=b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_signature_agrees_with_the_standardwebhooks_package_on_non_ascii_bodies():
    secret = signing.secret_generate()
    body = '{"text":"Erdoğan said 1 200 people were killed \u2013 \u201cat least\u201d"}'.encode()
    timestamp = 1_700_000_000
    ours = signing.signature(secret=secret, msg_id="m1", timestamp=timestamp, body=body)
    theirs = Webhook(secret).sign(
        "m1", datetime.fromtimestamp(timestamp, tz=UTC), body.decode("utf-8")
    )
    assert ours == theirs


def test_secrets_have_the_standard_format_and_32_random_bytes():
    secret = signing.secret_generate()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert secret != signing.secret_generate()


def test_retry_delays_grow_fourfold_with_bounded_jitter_and_are_capped():
    nominal = [RETRY_BASE_SECONDS * 4**n for n in range(5)]  # 30 s, 2 min, 8 min, 32 min, 128
    for attempts, expected in enumerate(nominal, start=1):
        for _ in range(20):
            assert expected <= retry_delay_seconds(attempts) <= expected * 1.2
    assert 6 * 3600 <= retry_delay_seconds(30) <= 6 * 3600 * 1.2


def test_celery_discovers_the_webhook_tasks():
    """In a fresh process, nothing but Celery's autodiscovery imports the tasks module."""
    result = run_fresh(
        "-c",
        "import django; django.setup(); from config.celery import app; "
        "app.loader.import_default_modules(); "
        "print(sorted(name for name in app.tasks if name.startswith('factcheck.webhooks')))",
        DJANGO_SETTINGS_MODULE="config.settings.test",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['factcheck.webhooks.tasks.deliver_webhook', "
        "'factcheck.webhooks.tasks.prune_webhook_log', "
        "'factcheck.webhooks.tasks.requeue_due_webhook_deliveries']"
    )


def test_the_sweep_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "factcheck.webhooks.tasks.requeue_due_webhook_deliveries" in tasks
    assert "factcheck.webhooks.tasks.prune_webhook_log" in tasks
