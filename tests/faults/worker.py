"""A real Celery worker for the fault tests, started as its own process by them
(`python tests/faults/worker.py NAME [celery worker options]`).

It is the project's worker (config/celery.py, the settings in DJANGO_SETTINGS_MODULE, the
database in DATABASE_URL, the broker in CELERY_BROKER_URL) with two test hooks, both off
unless their variable is set:

- FAULTS_DETECT_DELAY (seconds): contradiction detection sleeps this long after reading the
  claim and its candidates and before writing, so that a test can kill the process or its
  database connection in the middle of a task. FAULTS_MARK_DIR gets a file
  `detect-<pid>-<claim id>` when such a task starts.
- FAULTS_POISON_MARKER: extracting an article whose body contains this text raises, as a
  poison input would.
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

from config.celery import app  # noqa: E402
from factcheck import engine  # noqa: E402

# The test settings run tasks in-process; this worker sends the tasks it queues (detection
# after extraction) through the broker as production does.
app.conf.task_always_eager = False

_delay = float(os.environ.get("FAULTS_DETECT_DELAY", "0") or 0)
_marks = os.environ.get("FAULTS_MARK_DIR", "")
_poison = os.environ.get("FAULTS_POISON_MARKER", "")

if _delay or _marks:
    _detect = engine.detect

    def slow_detect(record, candidates, *args, **kwargs):
        if _marks:
            claim_id = getattr(record, "id", getattr(record, "claim_id", "x"))
            Path(_marks, f"detect-{os.getpid()}-{claim_id}-{time.time_ns()}").touch()
        time.sleep(_delay)
        return _detect(record, candidates, *args, **kwargs)

    engine.detect = slow_detect

if _poison:
    _extract = engine.extract_claims

    def poisoned_extract(text, *args, **kwargs):
        if _poison in text:
            raise ValueError(f"poison input: cannot parse {_poison!r}")
        return _extract(text, *args, **kwargs)

    engine.extract_claims = poisoned_extract

if __name__ == "__main__":
    name, *options = sys.argv[1:]
    app.worker_main(
        [
            "worker",
            f"--hostname={name}@%h",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *options,
        ]
    )
