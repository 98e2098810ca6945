"""Soak: post articles through the API at a steady rate for a bounded time with two Celery
workers and the outbox relay running, then drain. Prints accepted requests, errors, the time
from each article's acceptance to the end of its checking (p50/p95/p99), queue depth over
time, and worker memory at the start and the end; then the highest rate that held p95 under
5 s.

    uv run python bench/soak.py [--rates 1,2,4] [--seconds 30]

PostgreSQL at 127.0.0.1 (own database `factcheck_soak`, dropped at the end), Redis db 10 as
broker. Everything runs on loopback and stops by itself."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time

from _service import ROOT, database_create, database_drop, database_url, gunicorn_start

DATABASE = "factcheck_soak"
BROKER = "redis://127.0.0.1:6379/10"
PORT = 8792

PLACES = [
    ("Velmora", "Ostrania"),
    ("Ostrany", "Kaldemar"),
    ("Kadrith", "Vessaria"),
    ("Brannock", "Ilveria"),
    ("Corvane", "Montaval"),
    ("Saltreach", "Durmania"),
    ("Wexmoor", "Ostveld"),
    ("Fennick", "Sabria"),
]
SOURCES = [
    "the Red Crescent",
    "the health ministry",
    "the civil defence",
    "the Meridian Relief League",
    "local officials",
    "the interior ministry",
]


def article_text(rng: random.Random, index: int) -> tuple[str, str]:
    city, country = rng.choice(PLACES)
    source = rng.choice(SOURCES)
    toll = rng.choice([40, 120, 450, 1_300, 2_800]) + rng.randint(0, 30)
    missing = rng.randint(5, 900)
    body = (
        f"Update {index} from {city}\n"
        f"According to {source}, at least {toll:,} people were killed in {city} since "
        f"Thursday.\n"
        f"Officials in {country} said {missing} people were still missing on Sunday.\n"
        f"Aid convoys reached the outskirts of {city} overnight."
    )
    return body, f"Soak Wire {index % 7}"


def rss_mib(pid: int) -> float:
    total = 0.0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
        pids += [int(child) for child in children.stdout.split()]
    except FileNotFoundError:
        pass
    for process in pids:
        try:
            with open(f"/proc/{process}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
        except FileNotFoundError:
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="1,2,4", help="articles per second, one run each")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--drain-timeout", type=float, default=180)
    args = parser.parse_args()

    import redis

    database_create(DATABASE)
    queue = redis.Redis.from_url(BROKER)
    queue.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(DATABASE),
        "CELERY_BROKER_URL": BROKER,
        "DJANGO_CACHE_URL": BROKER,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
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
    key = api_client_issue_key(name="soak").key

    processes = [gunicorn_start(port=PORT, workers=2, env=env)]
    workers = [
        subprocess.Popen(
            [
                "celery",
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "-n",
                f"soak{n}@%h",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for n in (1, 2)
    ]
    processes += workers
    # The outbox relay runs beside the workers, as in production (docker-compose.yml).
    processes.append(
        subprocess.Popen(
            [sys.executable, "manage.py", "outbox_relay"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    rng = random.Random(7)
    summary = []
    try:
        time.sleep(3)  # workers connect
        index = 0
        for rate in [float(rate) for rate in args.rates.split(",")]:
            memory_start = [rss_mib(worker.pid) for worker in workers]
            accepted, errors, ids, depth = post_at_rate(rate, args.seconds, key, rng, index, queue)
            index += accepted + errors
            drained = drain(ids, args.drain_timeout, queue, depth)
            memory_end = [rss_mib(worker.pid) for worker in workers]
            latencies = acceptance_to_checked(ids)
            p50, p95, p99 = percentiles(latencies)
            summary.append((rate, p95))
            growth = max(
                end / start - 1 for start, end in zip(memory_start, memory_end, strict=True)
            )
            print(
                f"rate {rate:.1f}/s for {args.seconds:.0f} s: accepted {accepted}, "
                f"errors {errors}; "
                f"checked {len(latencies)}/{len(ids)} (drained: {drained}); acceptance->checked "
                f"p50 {p50:.2f} s, p95 {p95:.2f} s, p99 {p99:.2f} s"
            )
            print(f"  queue depth every 2 s: {' '.join(str(d) for d in depth[::2])}")
            print(
                f"  worker RSS MiB start {[f'{m:.0f}' for m in memory_start]} end "
                f"{[f'{m:.0f}' for m in memory_end]} (max growth {growth:+.0%}, target <= +20%)"
            )
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)
        database_drop(DATABASE)
        queue.flushdb()
    held = [rate for rate, p95 in summary if p95 < 5]
    print(
        f"highest steady rate with p95 < 5 s: {max(held) if held else 'none'} articles/s "
        f"(2 Celery workers, concurrency 1 each, 2 gunicorn workers, this 2-core machine)"
    )


def post_at_rate(rate, seconds, key, rng, start_index, queue):
    ids, errors, depth = [], 0, []
    lock = threading.Lock()
    interval = 1.0 / rate
    deadline = time.monotonic() + seconds
    next_at = time.monotonic()
    index = start_index
    threads = []
    last_sample = 0.0

    def send(body, publisher):
        nonlocal errors
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            connection.request(
                "POST",
                "/api/v1/articles/",
                body=json.dumps(
                    {
                        "body": body,
                        "publisher": publisher,
                        "published_at": dt.date.today().isoformat(),
                    }
                ),
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            response = connection.getresponse()
            data = json.loads(response.read() or b"{}")
            with lock:
                if response.status == 201:
                    ids.append(data["id"])
                else:
                    errors += 1
        except (OSError, ValueError):
            with lock:
                errors += 1

    while time.monotonic() < deadline:
        now = time.monotonic()
        if now - last_sample >= 1:
            depth.append(queue.llen("celery"))
            last_sample = now
        if now >= next_at:
            body, publisher = article_text(rng, index)
            index += 1
            thread = threading.Thread(target=send, args=(body, publisher))
            thread.start()
            threads.append(thread)
            next_at += interval
        time.sleep(0.005)
    for thread in threads:
        thread.join()
    return len(ids), errors, ids, depth


def drain(ids, timeout, queue, depth) -> bool:
    from factcheck.models import Article

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        depth.append(queue.llen("celery"))
        remaining = (
            Article.objects.filter(pk__in=ids)
            .exclude(status__in=[Article.Status.CHECKED, Article.Status.FAILED])
            .count()
        )
        if remaining == 0:
            return True
        time.sleep(1)
    return False


def acceptance_to_checked(ids) -> list[float]:
    from factcheck.models import Article, AuditEvent

    accepted = dict(Article.objects.filter(pk__in=ids).values_list("pk", "created_at"))
    checked = dict(
        AuditEvent.objects.filter(article_id__in=ids, action="article.checked").values_list(
            "article_id", "created_at"
        )
    )
    return sorted((checked[pk] - accepted[pk]).total_seconds() for pk in checked)


def percentiles(values):
    if not values:
        return float("nan"), float("nan"), float("nan")

    def at(fraction):
        return values[min(len(values) - 1, int(fraction * (len(values) - 1)))]

    return statistics.median(values), at(0.95), at(0.99)


if __name__ == "__main__":
    main()
