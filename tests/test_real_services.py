"""In CI the suite must run on the machine's PostgreSQL and Redis; quietly falling back to
SQLite or the in-memory broker there would hide the bugs only they show."""

import os

import pytest
from django.conf import settings
from django.db import connection

requires_real_services = pytest.mark.skipif(
    not os.environ.get("FACTCHECK_REQUIRE_REAL_SERVICES"),
    reason="only where FACTCHECK_REQUIRE_REAL_SERVICES is set (CI)",
)


@requires_real_services
@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


@requires_real_services
def test_broker_is_redis_and_answers():
    from config.celery import app

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport.driver_type == "redis"
