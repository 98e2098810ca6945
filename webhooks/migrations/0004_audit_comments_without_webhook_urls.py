"""Audit events written before webhook URLs were redacted showed every staff member each
client's full webhook URL (a token in its path or query included): keep only scheme and host,
as `services.url_for_audit` now writes them."""

import re
from urllib.parse import urlsplit

from django.db import migrations

URL = re.compile(r"https?://[^\s;]+")


def url_for_audit(url: str) -> str:
    # A copy of services.url_for_audit as it was: a migration does not follow later code.
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
    return f"{origin}/…" if url.rstrip("/") != origin else origin


def redact_webhook_urls(apps, schema_editor):
    AuditEvent = apps.get_model("factcheck", "AuditEvent")
    events = AuditEvent.objects.filter(action__startswith="webhook.", comment__contains="://")
    for event in events.iterator():
        redacted = URL.sub(lambda match: url_for_audit(match.group(0)), event.comment)
        if redacted != event.comment:
            AuditEvent.objects.filter(pk=event.pk).update(comment=redacted)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_idempotency_audit_details"),
        ("webhooks", "0003_subscription_previous_secret"),
    ]

    operations = [migrations.RunPython(redact_webhook_urls, migrations.RunPython.noop)]
