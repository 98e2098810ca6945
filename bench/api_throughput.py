"""API throughput with gunicorn on this machine and 100k claims in PostgreSQL: requests per
second and p50/p99 latency for listing claims (a page of 50, filtered) and for posting a
claim, measured by a load generator on loopback; beside it, in the same run, a bare Django
view returning the same 50 rows from `.values()` as JSON. Prints the ratio of the real list
endpoint's throughput to the bare view's (target: at least 0.5).

    uv run python bench/api_throughput.py [--claims 100000] [--seconds 15] [--concurrency 8]

Uses PostgreSQL at 127.0.0.1 (its own database `factcheck_apibench`, dropped at the end) and
Redis db 9 as the broker (tasks are queued, not run: this measures the API)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "factcheck_apibench"
PORT = 8791


def run_load(path: str, *, method: str, headers: dict, body_for, seconds: float, concurrency: int):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        sequence = 0
        while time.monotonic() < deadline:
            sequence += 1
            body = body_for(index, sequence) if body_for else None
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status < 400
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - begin
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99": latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
        "ok": len(latencies),
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/9",
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/9",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "API_RATE_PER_CLIENT": "10000000/min",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from factcheck.services import api_client_issue_key

    call_command("migrate", verbosity=0)
    issued = api_client_issue_key(name="bench")
    started = time.perf_counter()
    fill_claims(args.claims, issued.client.user_id)
    print(f"corpus: {args.claims:,} claims stored in {time.perf_counter() - started:.1f} s")

    server = subprocess.Popen(
        [
            "gunicorn",
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for_server()
        auth = {"Authorization": f"Bearer {issued.key}"}
        list_path = "/api/v1/claims/?status=new&page_size=50"
        # Warm up both paths (connection pools, code paths) before measuring.
        for path in (list_path, "/bench/bare-claims/"):
            run_load(path, method="GET", headers=auth, body_for=None, seconds=2, concurrency=2)
        bare = run_load(
            "/bench/bare-claims/",
            method="GET",
            headers=auth,
            body_for=None,
            seconds=args.seconds,
            concurrency=args.concurrency,
        )
        real = run_load(
            list_path,
            method="GET",
            headers=auth,
            body_for=None,
            seconds=args.seconds,
            concurrency=args.concurrency,
        )

        def claim_body(worker: int, sequence: int) -> bytes:
            text = f"Officials said {worker * 100000 + sequence} people were displaced in Hama."
            return json.dumps({"text": text}).encode()

        post = run_load(
            "/api/v1/claims/",
            method="POST",
            headers={**auth, "Content-Type": "application/json"},
            body_for=claim_body,
            seconds=args.seconds,
            concurrency=args.concurrency,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/9").flushdb()

    for name, result in (
        ("bare .values() view, 50 rows", bare),
        ("GET /api/v1/claims/ (status=new, 50/page)", real),
        ("POST /api/v1/claims/", post),
    ):
        print(
            f"{name:<44} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
            f"p99 {result['p99']:7.1f} ms  ({result['ok']} ok, {result['errors']} errors)"
        )
    print(
        f"list endpoint / bare view throughput: {real['rps'] / bare['rps']:.2f} "
        f"(target >= 0.50); gunicorn {args.workers} workers, {args.concurrency} clients, "
        f"{args.claims:,} claims"
    )


def wait_for_server() -> None:
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def fill_claims(count: int, user_id: int) -> None:
    from django.db import connection

    now = dt.datetime.now(dt.UTC)
    statuses = ["new", "new", "assigned", "in_review", "published"]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO factcheck_story (title, created_at, updated_at) "
            "VALUES ('Bench story', now(), now()) RETURNING id"
        )
        story_id = cursor.fetchone()[0]
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY factcheck_claim (id, story_id, text, text_sha256, facts, status, "
            "detection_version, created_at, updated_at) FROM STDIN"
        ) as copy:
            for claim_id in range(1, count + 1):
                text = (
                    f"According to officials, {claim_id % 5000} people were killed [#{claim_id}]."
                )
                moment = now - dt.timedelta(seconds=count - claim_id)
                copy.write_row(
                    (
                        claim_id,
                        story_id,
                        text,
                        hashlib.sha256(text.encode()).hexdigest(),
                        "{}",
                        statuses[claim_id % len(statuses)],
                        "bench",
                        moment,
                        moment,
                    )
                )
        with cursor.copy("COPY factcheck_claim_submitters (claim_id, user_id) FROM STDIN") as copy:
            for claim_id in range(1, count + 1):
                copy.write_row((claim_id, user_id))
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('factcheck_claim', 'id'), %s)", [count]
        )
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
