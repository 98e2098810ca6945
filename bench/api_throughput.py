"""API throughput with gunicorn on this machine and 100k claims in PostgreSQL: requests per
second and p50/p99 latency for listing claims (a page of 50, filtered) and for posting a
claim, measured by a load generator on loopback; beside it, in the same run, a bare Django
view returning the same 50 rows (same fields) from `.values()` as JSON. Prints the ratio of
the real list endpoint's throughput to the bare view's (target: at least 0.5).

    uv run python bench/api_throughput.py [--claims 100000] [--seconds 6] [--rounds 5]

The load generator is wrk (Debian package `wrk`; `apt-get install wrk`), which costs little
CPU of its own; without it a Python generator is used, whose own cost per request narrows the
gap between the two views (the figures say which ran). The machine has two cores shared by
everything, and its speed drifts, so the bare view and the endpoint are measured in
alternating rounds and the medians compared. gunicorn runs with the service's own settings
(config/gunicorn.py).

Uses PostgreSQL at 127.0.0.1 (its own database `factcheck_apibench`, dropped at the end) and
Redis db 9 as the broker (tasks are queued, not run: this measures the API)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from _service import ROOT, database_create, database_drop, database_url, gunicorn_start

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


# Unique claim texts, so each POST stores a new claim rather than finding a stored one.
_POST_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local body = string.format(
    '{"text": "Officials said %d people were displaced in Lurebay (%d)."}',
    counter, math.random(1, 1000000000))
  return wrk.format("POST", nil, nil, body)
end
"""


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(path: str, *, method: str, headers: dict, seconds: float, concurrency: int):
    """wrk with one thread (the machine has two cores; the server needs them)."""
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if method == "POST":
            script.write(_POST_SCRIPT)
            script.flush()
            command += ["-s", script.name]
        command.append(f"http://127.0.0.1:{PORT}{path}")
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(failed.group(1)) if failed else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # The latency distribution's lines ("     50%    9.62ms"), not a "67.50%" elsewhere.
        "p50": _milliseconds(re.search(r"^\s*50%\s+(\S+)$", output, re.MULTILINE).group(1)),
        "p99": _milliseconds(re.search(r"^\s*99%\s+(\S+)$", output, re.MULTILINE).group(1)),
        "ok": requests - errors,
        "errors": errors,
    }


def measure(path: str, *, method: str, headers: dict, body_for, seconds: float, concurrency: int):
    if shutil.which("wrk"):
        return run_wrk(
            path, method=method, headers=headers, seconds=seconds, concurrency=concurrency
        )
    return run_load(
        path,
        method=method,
        headers=headers,
        body_for=body_for,
        seconds=seconds,
        concurrency=concurrency,
    )


def _median_of(results: list[dict]) -> dict:
    """The round with the median throughput (its latencies come with it)."""
    ordered = sorted(results, key=lambda result: result["rps"])
    return ordered[len(ordered) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=6, help="per round and path")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()

    database_create(DATABASE)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(DATABASE),
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

    from factcheck.services.api_clients import api_client_issue_key

    call_command("migrate", verbosity=0)
    issued = api_client_issue_key(name="bench")
    started = time.perf_counter()
    fill_claims(args.claims, issued.client.user_id)
    print(f"corpus: {args.claims:,} claims stored in {time.perf_counter() - started:.1f} s")

    server = gunicorn_start(port=PORT, workers=args.workers, env=env)
    try:
        auth = {"Authorization": f"Bearer {issued.key}"}
        list_path = "/api/v1/claims/?status=new&page_size=50"
        bare_path = "/bench/bare-claims/"
        orjson_path = "/bench/bare-claims-orjson/"
        # Warm up every path (connection pools, code paths) before measuring.
        for path in (list_path, bare_path, orjson_path):
            measure(path, method="GET", headers=auth, body_for=None, seconds=2, concurrency=2)
        bare_rounds, orjson_rounds, real_rounds = [], [], []
        for _ in range(args.rounds):
            for path, rounds in (
                (bare_path, bare_rounds),
                (orjson_path, orjson_rounds),
                (list_path, real_rounds),
            ):
                rounds.append(
                    measure(
                        path,
                        method="GET",
                        headers=auth,
                        body_for=None,
                        seconds=args.seconds,
                        concurrency=args.concurrency,
                    )
                )

        def claim_body(worker: int, sequence: int) -> bytes:
            text = f"Officials said {worker * 100000 + sequence} people were displaced in Lurebay."
            return json.dumps({"text": text}).encode()

        post = measure(
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
        database_drop(DATABASE)
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/9").flushdb()

    generator = "wrk" if shutil.which("wrk") else "Python threads (no wrk installed)"
    rounds = zip(bare_rounds, orjson_rounds, real_rounds, strict=True)
    for round_number, (bare, bare_orjson, real) in enumerate(rounds, 1):
        print(
            f"round {round_number}: bare {bare['rps']:7.1f} req/s, bare+orjson "
            f"{bare_orjson['rps']:7.1f} req/s, list {real['rps']:7.1f} req/s, "
            f"ratio {real['rps'] / bare['rps']:.2f} (to bare+orjson "
            f"{real['rps'] / bare_orjson['rps']:.2f})"
        )
    bare, real = _median_of(bare_rounds), _median_of(real_rounds)
    for name, result in (
        ("bare .values() view, 50 rows", bare),
        ("bare view encoding with orjson", _median_of(orjson_rounds)),
        ("GET /api/v1/claims/ (status=new, 50/page)", real),
        ("POST /api/v1/claims/", post),
    ):
        print(
            f"{name:<44} {result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
            f"p99 {result['p99']:7.1f} ms  ({result['ok']} ok, {result['errors']} errors)"
        )
    ratios = [r["rps"] / b["rps"] for b, r in zip(bare_rounds, real_rounds, strict=True)]
    orjson_ratios = [r["rps"] / b["rps"] for b, r in zip(orjson_rounds, real_rounds, strict=True)]
    print(
        f"list endpoint / bare view throughput: {statistics.median(ratios):.2f} "
        f"(median of {len(ratios)} alternating rounds; target >= 0.50); "
        f"/ bare view with the API's JSON encoder: {statistics.median(orjson_ratios):.2f}"
    )
    print(
        "load generator "
        f"{generator}, gunicorn {args.workers} workers, {args.concurrency} connections, "
        f"{args.claims:,} claims"
    )


def fill_claims(count: int, user_id: int) -> None:
    from django.db import connection

    from factcheck.engine import analyze_claim

    # Claims as the service stores them: text and the facts extraction found in it. A few
    # hundred distinct sentences, each claim one of them with its own number.
    templates = [
        "According to the Velmoran Observatory, {n} civilians were killed in Kadrith on Friday.",
        "The health ministry said {n} people were wounded in Sarvesk since March 6.",
        "Rescue teams told reporters that at least {n} bodies were recovered in Pellanor.",
        "Officials estimated that {n} families had fled Dumarra by Sunday evening.",
    ]
    samples = []
    for index in range(400):
        text = templates[index % len(templates)].format(n=10 + index * 7)
        facts = analyze_claim(text, published=dt.date(2025, 3, 9)).to_dict()
        samples.append((text, json.dumps(facts)))
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
                sample_text, facts = samples[claim_id % len(samples)]
                text = f"{sample_text} [#{claim_id}]"
                moment = now - dt.timedelta(seconds=count - claim_id)
                copy.write_row(
                    (
                        claim_id,
                        story_id,
                        text,
                        hashlib.sha256(text.encode()).hexdigest(),
                        facts,
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
