"""A real outbox relay for the fault tests, started as its own process by them
(`python tests/faults/relay.py NAME`): the project's `manage.py outbox_relay` with the
settings in DJANGO_SETTINGS_MODULE, the database in DATABASE_URL and the broker in
CELERY_BROKER_URL, and one test hook, off unless its variable is set:

- FAULTS_PUBLISH_DELAY (seconds): the relay sleeps this long before each message it sends, so
  that a test can kill it in the middle of a batch. FAULTS_MARK_DIR gets a file
  `publish-<pid>-<row id>-<ns>` for each message sent.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from config.celery import app  # noqa: E402
from outbox import services  # noqa: E402

app.conf.task_always_eager = False  # the test settings run tasks in-process

_delay = float(os.environ.get("FAULTS_PUBLISH_DELAY", "0") or 0)
_marks = os.environ.get("FAULTS_MARK_DIR", "")
_publish_one = services._publish_one


def observed_publish_one(app, producer, row) -> None:
    time.sleep(_delay)
    _publish_one(app, producer, row)
    if _marks:
        Path(_marks, f"publish-{os.getpid()}-{row.pk}-{time.time_ns()}").touch()


services._publish_one = observed_publish_one

if __name__ == "__main__":
    call_command("outbox_relay")
