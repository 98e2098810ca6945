"""Detection time per new claim as the corpus grows, in two shapes, in one run:

1. many stories of 200 claims (--story-size), tiers up to 1M stored claims (--tiers);
2. one long story (a months-long war) of 100k claims (--long-story), on top of shape 1.

For each it prints the median and p95 per claim, and the resident memory of this
(worker-like) process before and after the probes (flat = it does not grow with the data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_flags \\
        uv run python bench/detection_scaling.py

It creates (and at the end drops) its own database, `<name>_bench` next to the one named in
DATABASE_URL (`factcheck_bench` for `postgres`). Options: --tiers 10000,100000,1000000
--long-story 100000 (0 to skip) --samples 300 --story-size 200 --keep
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
from array import array
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCES = [
    "the health ministry",
    "the interior ministry",
    "the civil defence",
    "the Red Crescent",
    "the Velmoran Observatory for Civic Rights",
    "the Kadrith Network for Civic Rights",
    "the Meridian Relief League",
    "the Northmere Health Council",
    "the governor",
    "local officials",
    "the army",
    "rescue workers",
    "the coast guard",
    "Lanternwatch International",
    "the Civic Ledger Project",
    "the regional council",
]
SUBJECTS = ["people", "civilians", "fighters", "children", "soldiers", "police officers"]
EVENTS = ["killed", "injured", "missing", "displaced", "arrested", "detained"]
PLACES = [
    "Velmora",
    "Ostrany",
    "Kadrith",
    "Pellanor",
    "Sarvesk",
    "Dumarra",
    "Quillonne",
    "Bexhaven",
    "Torvenna",
    "Marisport",
    "Ennadar",
    "Cresthollow",
    "Varnesse",
    "Lurebay",
    "Ashkelm",
    "Tolvanis",
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


def bench_database_name(base_url: str) -> str:
    name = urlparse(base_url).path.lstrip("/") or "postgres"
    return "factcheck_bench" if name == "postgres" else f"{name}_bench"


def bench_database_url(base_url: str) -> tuple[str, str]:
    parsed = urlparse(base_url)
    return urlunparse(parsed._replace(path=f"/{bench_database_name(base_url)}")), urlunparse(
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
    parser.add_argument("--long-story", type=int, default=100_000, help="0: skip shape 2")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--story-size", type=int, default=200)
    parser.add_argument("--pool", type=int, default=3000, help="distinct analysed sentences")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    tiers = [int(tier) for tier in args.tiers.split(",") if tier]

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    bench_name = bench_database_name(base_url)
    bench_url, admin_url = bench_database_url(base_url)
    import psycopg

    admin_dsn = admin_url.replace("postgres://", "postgresql://")
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {bench_name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {bench_name}")

    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection

    from factcheck import engine
    from factcheck.engine.signatures import detection_signature
    from factcheck.models import Claim, Story

    call_command("migrate", verbosity=0)
    rng = random.Random(20250310)

    started = time.perf_counter()
    # Claims stored without an article have no report day (selectors.claim_record): their
    # signatures and statements are stored without one, as the services store them.
    pool = []
    for _ in range(args.pool):
        text = sentence(rng)
        facts = engine.analyze_claim(text)
        pool.append(
            (
                text,
                json.dumps(facts.to_dict()),
                sorted(engine.index_keys(facts)),
                detection_signature(facts, None),
            )
        )
    print(f"analysed {len(pool)} distinct sentences in {time.perf_counter() - started:.1f} s")

    now = dt.datetime.now(dt.UTC)
    stored = 0
    print(f"shape 1: stories of {args.story_size} claims")
    results = []
    for tier in tiers:
        started = time.perf_counter()
        stored = fill(
            connection, pool, rng, start=stored, until=tier, story_size=args.story_size, now=now
        )
        fill_seconds = time.perf_counter() - started
        story_ids = list(
            Story.objects.exclude(title__startswith="Long story").values_list("pk", flat=True)
        )
        median, p95 = probe(
            args, rng, pool, story_ids, label=f"claims {tier:>9,}", fill=fill_seconds
        )
        results.append((tier, median, p95))
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"ratio median {last[0]:,} / {first[0]:,} claims: {last[1] / first[1]:.2f}x "
            f"(target <= 2x); p95 at {last[0]:,}: {last[2]:.2f} ms (target < 50 ms)"
        )
    if args.long_story:
        print(f"shape 2: one story of {args.long_story:,} claims (with {stored:,} others)")
        started = time.perf_counter()
        stored = fill(
            connection,
            pool,
            rng,
            start=stored,
            until=stored + args.long_story,
            story_size=args.long_story,
            now=now,
            title="Long story",
        )
        fill_seconds = time.perf_counter() - started
        long_story = Story.objects.filter(title__startswith="Long story").latest("pk")
        probe(
            args,
            rng,
            pool,
            [long_story.pk],
            label=f"story {args.long_story:>9,} cold",
            fill=fill_seconds,
        )
        # The fill skipped detection: the story's flags do not exist yet, so the probes above
        # raise them (with every earlier repeat of their figures). The service detects each
        # claim as it arrives; detecting one claim per distinct statement once gives the
        # story the flags it would have.
        started = time.perf_counter()
        warmed = warm(long_story.pk)
        median, p95 = probe(
            args,
            rng,
            pool,
            [long_story.pk],
            label=f"story {args.long_story:>9,} warm",
            fill=time.perf_counter() - started,
        )
        print(
            f"one story of {args.long_story:,} claims ({warmed:,} distinct statements "
            f"detected once before): p95 {p95:.2f} ms (target < 50 ms)"
        )
        plan_probe(Claim, long_story.pk)
    connection.close()
    if not args.keep:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {bench_name} WITH (FORCE)")


def probe(args, rng, pool, story_ids, *, label: str, fill: float) -> tuple[float, float]:
    """Submit `args.samples` new claims to random stories of `story_ids` and time their
    detection (candidate look-up, comparison, flags)."""
    from factcheck.models import ContradictionFlag, FlagClaim, Story
    from factcheck.services.claims import claim_create
    from factcheck.services.detection import claim_detect_contradictions

    rss_before = rss_mib()
    timings, cpu = [], []  # wall-clock, and this process's own CPU time (the worker's share)
    for sample in range(args.samples):
        text = pool[rng.randrange(len(pool))][0]
        story = Story(pk=rng.choice(story_ids))
        claim = claim_create(text=f"{text} [probe {label}-{sample}]", story=story).claim
        begin, begin_cpu = time.perf_counter(), time.process_time()
        claim_detect_contradictions(claim_id=claim.pk)
        timings.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    rss_after = rss_mib()
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"{label}: fill {fill:6.1f} s; detection per claim median {median:6.2f} ms, "
        f"p95 {p95:6.2f} ms, max {timings[-1]:6.2f} ms ({args.samples} claims; worker CPU "
        f"median {statistics.median(cpu):5.2f} ms); "
        f"worker RSS {rss_before:.0f} -> {rss_after:.0f} MiB; "
        f"flags {ContradictionFlag.objects.count():,}, "
        f"claims on flags {FlagClaim.objects.count():,}"
    )
    return median, p95


def warm(story_id: int) -> int:
    """Detect the claim standing for each distinct statement of the story (untimed)."""
    from factcheck.models import StoryFigure
    from factcheck.services.detection import claim_detect_contradictions

    claim_ids = sorted(
        set(StoryFigure.objects.filter(story_id=story_id).values_list("claim_id", flat=True))
    )
    for claim_id in claim_ids:
        claim_detect_contradictions(claim_id=claim_id)
    return len(claim_ids)


def plan_probe(claim_model, story_id: int) -> None:
    """Show that candidate look-up reads the story's distinct statements through an index,
    never a scan of its claims."""
    from factcheck import engine, selectors
    from factcheck.models import StoryFigure

    claim = claim_model.objects.filter(story_id=story_id).order_by("-pk").first()
    keys = sorted(engine.index_keys(engine.ClaimFacts.from_dict(claim.facts)))
    query = (
        StoryFigure.objects.filter(story_id=story_id, key__in=keys)
        .order_by("-claim_id")
        .values_list("signature", "claim_id", "article_id", "published")[
            : selectors.DETECTION_MAX_CANDIDATES
        ]
    )
    plan = query.explain()
    uses_index = "Index" in plan and "Seq Scan" not in plan
    distinct = StoryFigure.objects.filter(story_id=story_id, key__in=keys).count()
    claims = claim_model.objects.filter(story_id=story_id).count()
    print(
        f"candidate look-up reads {distinct:,} distinct statements of a story of {claims:,} "
        f"claims through an index, no sequential scan: {uses_index}"
    )


def fill(
    connection, pool, rng, *, start: int, until: int, story_size: int, now, title="Synthetic story"
) -> int:
    """COPY synthetic claims (their index keys, signatures and their stories' distinct
    statements, as the services store them) until `until` are stored."""
    from factcheck.models import Story

    if until <= start:
        return start
    count = until - start
    stories_needed = max(1, count // story_size)
    base_day = dt.date(2020, 1, 1)
    stories = Story.objects.bulk_create(
        [
            Story(
                title=f"{title} {start + index}",
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
    # Which sentence each claim states; stories are filled one after the other, so that their
    # distinct statements are collected one story at a time (memory stays small at 1M).
    chosen = array("I", (rng.randrange(len(pool)) for _ in range(count)))

    def story_of(offset: int) -> int:
        return story_ids[min(offset // story_size, len(story_ids) - 1)]

    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY factcheck_claim (id, story_id, text, text_sha256, facts, status, "
            "detection_signature, detection_version, detected_at, created_at, updated_at) "
            "FROM STDIN"
        ) as copy:
            for offset, index in enumerate(chosen):
                claim_id = next_id + offset
                text, facts, _, signature = pool[index]
                text = f"{text} [#{claim_id}]"
                copy.write_row(
                    (
                        claim_id,
                        story_of(offset),
                        text,
                        hashlib.sha256(text.encode()).hexdigest(),
                        facts,
                        "new",
                        signature,
                        "bench",
                        now,
                        now,
                        now,
                    )
                )
        with cursor.copy(
            "COPY factcheck_claimindexkey (claim_id, story_id, key) FROM STDIN"
        ) as copy:
            for offset, index in enumerate(chosen):
                for key in pool[index][2]:
                    copy.write_row((next_id + offset, story_of(offset), key))
        with cursor.copy(
            "COPY factcheck_storyfigure (story_id, key, signature, claim_id, published) FROM STDIN"
        ) as copy:
            seen: set[tuple[str, str]] = set()
            current = None
            for offset, index in enumerate(chosen):
                story_id = story_of(offset)
                if story_id != current:
                    current, seen = story_id, set()
                _, _, keys, signature = pool[index]
                for key in keys:
                    if (key, signature) not in seen:
                        seen.add((key, signature))
                        copy.write_row((story_id, key, signature, next_id + offset, None))
        for table in ("factcheck_claim", "factcheck_claimindexkey", "factcheck_storyfigure"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return until


if __name__ == "__main__":
    main()
