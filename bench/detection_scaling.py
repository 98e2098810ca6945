"""Detection time per new claim as the corpus grows: 10k, 100k and 1M stored claims in
PostgreSQL (many stories, sources, measures), printing median and p95 per tier, the ratio of
the 1M median to the 10k median, and the resident memory of this (worker-like) process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        uv run python bench/detection_scaling.py

It creates (and at the end drops) its own database, `factcheck_bench`, next to the one named
in DATABASE_URL. Options: --tiers 10000,100000,1000000 --samples 300 --story-size 200 --keep
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCES = [
    "the health ministry",
    "the interior ministry",
    "the civil defence",
    "the Red Crescent",
    "the Syrian Observatory for Human Rights",
    "the Syrian Network for Human Rights",
    "the United Nations",
    "the World Health Organization",
    "the governor",
    "local officials",
    "the army",
    "rescue workers",
    "the coast guard",
    "Amnesty International",
    "Human Rights Watch",
    "the regional council",
]
SUBJECTS = ["people", "civilians", "fighters", "children", "soldiers", "police officers"]
EVENTS = ["killed", "injured", "missing", "displaced", "arrested", "detained"]
PLACES = [
    "Derna",
    "Antakya",
    "Latakia",
    "Baniyas",
    "Tartous",
    "Jableh",
    "Benghazi",
    "Aleppo",
    "Idlib",
    "Gaziantep",
    "Malatya",
    "Adana",
    "Homs",
    "Hama",
    "Sirte",
    "Tobruk",
]
QUALIFIERS = ["", "more than ", "at least ", "about ", "nearly ", "up to ", "over "]
PERIODS = ["since Monday", "over four days", "last week", "on Sunday", "since the weekend", ""]


def sentence(rng: random.Random) -> str:
    number = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 20000)])
    return (
        f"According to {rng.choice(SOURCES)}, {rng.choice(QUALIFIERS)}{number:,} "
        f"{rng.choice(SUBJECTS)} were {rng.choice(EVENTS)} in {rng.choice(PLACES)} "
        f"{rng.choice(PERIODS)}".rstrip()
        + "."
    )


def bench_database_url(base_url: str) -> tuple[str, str]:
    parsed = urlparse(base_url)
    return urlunparse(parsed._replace(path="/factcheck_bench")), urlunparse(
        parsed._replace(path="/postgres")
    )


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default="10000,100000,1000000")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--story-size", type=int, default=200)
    parser.add_argument("--pool", type=int, default=3000, help="distinct analysed sentences")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    tiers = [int(tier) for tier in args.tiers.split(",")]

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    bench_url, admin_url = bench_database_url(base_url)
    import psycopg

    with psycopg.connect(
        admin_url.replace("postgres://", "postgresql://"), autocommit=True
    ) as admin:
        admin.execute("DROP DATABASE IF EXISTS factcheck_bench")
        admin.execute("CREATE DATABASE factcheck_bench")

    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection

    from factcheck import engine, services
    from factcheck.models import Claim, ContradictionFlag, Story

    call_command("migrate", verbosity=0)
    rng = random.Random(20250310)

    started = time.perf_counter()
    pool = []
    for _ in range(args.pool):
        text = sentence(rng)
        facts = engine.analyze_claim(text)
        pool.append((text, json.dumps(facts.to_dict()), sorted(engine.index_keys(facts))))
    print(f"analysed {len(pool)} distinct sentences in {time.perf_counter() - started:.1f} s")

    now = dt.datetime.now(dt.UTC)
    stored = 0
    results = []
    for tier in tiers:
        started = time.perf_counter()
        stored = fill(
            connection, pool, rng, start=stored, until=tier, story_size=args.story_size, now=now
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        fill_seconds = time.perf_counter() - started
        story_ids = list(Story.objects.values_list("pk", flat=True))
        rss_before = rss_mib()
        timings = []
        for sample in range(args.samples):
            text, _, _ = pool[rng.randrange(len(pool))]
            story = Story(pk=rng.choice(story_ids))
            claim = services.claim_create(text=f"{text} [probe {tier}-{sample}]", story=story).claim
            begin = time.perf_counter()
            services.claim_detect_contradictions(claim_id=claim.pk)
            timings.append((time.perf_counter() - begin) * 1000)
        rss_after = rss_mib()
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[int(0.95 * (len(timings) - 1))]
        results.append((tier, median, p95))
        print(
            f"claims {tier:>9,}: fill {fill_seconds:6.1f} s; detection per claim median "
            f"{median:6.2f} ms, p95 {p95:6.2f} ms, max {timings[-1]:6.2f} ms "
            f"({args.samples} claims); worker RSS {rss_before:.0f} -> {rss_after:.0f} MiB; "
            f"flags {ContradictionFlag.objects.count():,}"
        )
    first, last = results[0], results[-1]
    print(
        f"ratio median {last[0]:,} / {first[0]:,} claims: {last[1] / first[1]:.2f}x "
        f"(target <= 2x); p95 at {last[0]:,}: {last[2]:.2f} ms (target < 50 ms)"
    )
    plan_probe(connection, Claim)
    connection.close()
    if not args.keep:
        with psycopg.connect(
            admin_url.replace("postgres://", "postgresql://"), autocommit=True
        ) as admin:
            admin.execute("DROP DATABASE IF EXISTS factcheck_bench")


def plan_probe(connection, claim_model) -> None:
    """Show that candidate look-up is an index scan, not a scan of all claims."""
    from factcheck import selectors

    claim = claim_model.objects.order_by("-pk").first()
    from factcheck import engine

    keys = sorted(engine.index_keys(engine.ClaimFacts.from_dict(claim.facts)))
    from django.db.models import Exists, OuterRef

    from factcheck.models import ClaimIndexKey

    query = claim_model.objects.filter(
        Exists(
            ClaimIndexKey.objects.filter(
                claim=OuterRef("pk"), story_id=claim.story_id, key__in=keys
            )
        )
    ).order_by("-pk")[: selectors.DETECTION_MAX_CANDIDATES]
    plan = query.explain()
    uses_index = "Index" in plan and "Seq Scan on factcheck_claim " not in plan
    print(f"candidate look-up uses an index, no sequential scan of claims: {uses_index}")


def fill(connection, pool, rng, *, start: int, until: int, story_size: int, now) -> int:
    """COPY synthetic claims (and their index keys) until `until` are stored."""
    from factcheck.models import Story

    if until <= start:
        return start
    count = until - start
    stories_needed = max(1, count // story_size)
    base_day = dt.date(2020, 1, 1)
    stories = Story.objects.bulk_create(
        [
            Story(
                title=f"Synthetic story {start + index}",
                first_day=base_day + dt.timedelta(days=(start // story_size + index) % 2000),
                last_day=base_day + dt.timedelta(days=(start // story_size + index) % 2000 + 3),
            )
            for index in range(stories_needed)
        ]
    )
    story_ids = [story.pk for story in stories]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM factcheck_claim")
        next_id = cursor.fetchone()[0] + 1
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY factcheck_claim (id, story_id, text, text_sha256, facts, status, "
            "detection_version, detected_at, created_at, updated_at) FROM STDIN"
        ) as copy:
            keys_rows = []
            for offset in range(count):
                claim_id = next_id + offset
                text, facts, keys = pool[rng.randrange(len(pool))]
                text = f"{text} [#{claim_id}]"
                story_id = story_ids[offset % len(story_ids)]
                copy.write_row(
                    (
                        claim_id,
                        story_id,
                        text,
                        hashlib.sha256(text.encode()).hexdigest(),
                        facts,
                        "new",
                        "bench",
                        now,
                        now,
                        now,
                    )
                )
                keys_rows.extend((claim_id, story_id, key) for key in keys)
        with cursor.copy(
            "COPY factcheck_claimindexkey (claim_id, story_id, key) FROM STDIN"
        ) as copy:
            for row in keys_rows:
                copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('factcheck_claim', 'id'), "
            "(SELECT MAX(id) FROM factcheck_claim))"
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('factcheck_claimindexkey', 'id'), "
            "(SELECT MAX(id) FROM factcheck_claimindexkey))"
        )
    return until


if __name__ == "__main__":
    main()
