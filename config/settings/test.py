"""Tests run on PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set (CI), and
on SQLite with Celery's in-memory transport otherwise. Tasks run in-process unless a test starts
a real worker (see tests/factcheck/test_tasks.py)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Worker threads started by tests close their connections after each task, so the test
# database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The tests' webhook receivers listen on 127.0.0.1.
WEBHOOK_ALLOW_PRIVATE_TARGETS = True
# Login brute-force protection is off here, so that tests may log in with `client.login()`
# (which does not pass the request axes needs); tests/security/ switches it on.
AXES_ENABLED = False
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
SILENCED_SYSTEM_CHECKS = ["axes.W003"]  # the backend is left out above on purpose
