"""What the benchmarks share: a throw-away PostgreSQL database, and the web service started
with its own gunicorn settings (config/gunicorn.py) on a loopback port."""

from __future__ import annotations

import http.client
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def database_create(name: str) -> None:
    """An empty database `name`, replacing any left by an earlier run."""
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")


def database_drop(name: str) -> None:
    """Drop `name`, after closing this process's own connections to it."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def gunicorn_start(*, port: int, workers: int, env: dict) -> subprocess.Popen:
    """The benchmark WSGI app (bench/urls.py) under gunicorn, in its own process group (stop it
    with os.killpg); returns once it answers /healthz."""
    process = subprocess.Popen(
        [
            "gunicorn",
            "-c",
            "config/gunicorn.py",
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")
