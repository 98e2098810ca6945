"""Fixtures that break real components: a Redis server of the test's own (started and stopped
by it, on a free port; never the machine's shared one), Celery worker processes pointed at the
test database, and the database connections of those workers.

These tests need PostgreSQL (DATABASE_URL), a Redis broker (CELERY_BROKER_URL) and the
`redis-server` program. Without them they skip with the reason, except where
FACTCHECK_REQUIRE_REAL_SERVICES is set (CI), where a missing service fails them."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WORKER_SCRIPT = Path(__file__).with_name("worker.py")
RELAY_SCRIPT = Path(__file__).with_name("relay.py")
WORKER_APP_NAME = "faults-worker"


def require_real_services() -> None:
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (set DATABASE_URL)")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        missing.append("a Redis broker (set CELERY_BROKER_URL)")
    if shutil.which("redis-server") is None:
        missing.append("the redis-server program")
    if missing:
        message = "fault tests need " + ", ".join(missing)
        if os.environ.get("FACTCHECK_REQUIRE_REAL_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float = 60.0, what: str = "the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence: stopping it
    loses every message queued there, as a crashed broker does."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what="redis-server to answer")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def real_services(transactional_db):
    require_real_services()


@pytest.fixture
def redis_server(real_services, tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


BROKER_KEYS = ("broker_url", "broker_write_url", "broker_read_url", "task_always_eager")


@contextlib.contextmanager
def app_broker(url: str):
    """Point this process's Celery app at `url` with tasks sent through it (not eager). The
    app reads its settings with the CELERY_ namespace, and resolves the write and read URLs
    from the broker URL once: all of them are set."""
    saved = {key: celery_app.conf.get(key) for key in BROKER_KEYS}

    def apply(values: dict) -> None:
        celery_app.conf.update(values)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    apply(
        {
            "broker_url": url,
            "broker_write_url": url,
            "broker_read_url": url,
            "task_always_eager": False,
        }
    )
    assert celery_app.connection_for_write().as_uri().endswith(url.rsplit(":", 1)[1])
    try:
        yield
    finally:
        apply(saved)


def test_database_url() -> str:
    """The URL of the test database this process uses (test_<name>), for worker processes."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return (
        f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        f"?application_name={WORKER_APP_NAME}"
    )


test_database_url.__test__ = False  # a helper, not a test


class Workers:
    """Celery worker processes (and outbox relays) started by a test; all are stopped at its
    end."""

    def __init__(self, broker_url: str, workdir: Path) -> None:
        self.broker_url = broker_url
        self.marks = workdir / "marks"
        self.marks.mkdir(exist_ok=True)
        self.logs = workdir
        self.processes: list[subprocess.Popen] = []

    def _spawn(self, name: str, args: list[str], env: dict, *, ready: str) -> subprocess.Popen:
        """Start `args` in its own session with the test's database and broker (and `env`),
        its output in a log of its own, and wait until the log says `ready`."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "FAULTS_MARK_DIR": str(self.marks),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path = log.name
        self.processes.append(process)
        wait_for(
            lambda: process.poll() is not None or ready in Path(log.name).read_text(),
            timeout=60,
            what=f"{name} to start",
        )
        assert process.poll() is None, Path(log.name).read_text()[-3000:]
        return process

    def start(
        self,
        *,
        concurrency: int = 1,
        detect_delay: float = 0,
        visibility_timeout: int = 900,
        poison: str = "",
        extra_env: dict | None = None,
    ) -> subprocess.Popen:
        """A Celery worker (tests/faults/worker.py) with `concurrency` pool processes."""
        name = f"faults-{uuid.uuid4().hex[:8]}"
        env = {
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "FAULTS_DETECT_DELAY": str(detect_delay),
            "FAULTS_POISON_MARKER": poison,
            "FACTCHECK_EXTRACTION_RETRY_DELAY": "0.5",
            **(extra_env or {}),
        }
        args = [str(WORKER_SCRIPT), name, "--pool=prefork", f"--concurrency={concurrency}"]
        return self._spawn(name, args, env, ready="ready.")

    def start_relay(
        self, *, publish_delay: float = 0, extra_env: dict | None = None
    ) -> subprocess.Popen:
        """An outbox relay (tests/faults/relay.py) beside the workers."""
        name = f"relay-{uuid.uuid4().hex[:8]}"
        env = {"FAULTS_PUBLISH_DELAY": str(publish_delay), **(extra_env or {})}
        return self._spawn(name, [str(RELAY_SCRIPT), name], env, ready="Outbox relay started")

    def publishes(self) -> list[tuple[int, int]]:
        """(relay pid, outbox row id) of each message a relay sent so far, in order."""
        marks = sorted(self.marks.glob("publish-*"), key=lambda path: int(path.name.split("-")[3]))
        return [(int(path.name.split("-")[1]), int(path.name.split("-")[2])) for path in marks]

    def detection_starts(self) -> list[tuple[int, str]]:
        """(pid, claim id) of each detection task started so far, in order."""
        marks = sorted(self.marks.glob("detect-*"), key=lambda path: int(path.name.split("-")[3]))
        return [(int(path.name.split("-")[1]), path.name.split("-")[2]) for path in marks]

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL a worker and its pool processes (its whole process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture
def worker_broker(redis_server):
    """This process and its workers send through the test's own Redis."""
    with app_broker(redis_server.url):
        yield redis_server


@pytest.fixture
def workers(worker_broker, tmp_path):
    group = Workers(worker_broker.url, tmp_path)
    try:
        yield group
    finally:
        group.stop_all()
        # Close what the workers left open, so that the test database can be flushed.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = current_database()",
                [WORKER_APP_NAME],
            )
