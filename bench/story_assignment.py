"""Story assignment time per new article as the number of stories grows (100 and 10,000 by
default) in PostgreSQL, printing median and p95 per tier, how many probe reports joined the
story they were written from (and how many reports of a new event opened a story), and the
cost of the pure parts: vectorising an article, and loading the general-English word lists.

    uv run python bench/story_assignment.py [--tiers 100,10000] [--samples 200]

It creates (and at the end drops) its own database, `factcheck_bench_stories`. Stories are
synthetic: a few invented names each and words drawn from the most frequent English words,
with their centroids, norms and document frequencies stored as the service stores them."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._service import database_create, database_drop, database_url  # noqa: E402

DATABASE = "factcheck_bench_stories"
NAMES_PER_STORY = 8
WORDS_PER_STORY = 150
ARTICLES_PER_STORY = 3
# 20 syllables, 3 to 5 a name: 3.4 million names, so that stories rarely share one by chance.
SYLLABLES = [
    "ka", "lo", "mi", "ra", "ten", "vo", "su", "bar", "del", "quin",
    "zor", "ash", "pel", "gu", "ne", "tor", "wi", "fen", "od", "yam",
]  # fmt: skip


def invented_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize()


def vocabulary() -> list[str]:
    from wordfreq import top_n_list

    from factcheck.engine.stories import STOP_WORDS

    return [w for w in top_n_list("en", 6000) if w.isalpha() and len(w) > 2 and w not in STOP_WORDS]


def report(rng: random.Random, names: list[str], words: list[str], length: int = 250) -> str:
    """A text of `length` words mixing the story's names (written as names) and its words."""
    out = []
    for _ in range(length // 10):
        sentence = [rng.choice(words) for _ in range(8)]
        sentence.insert(rng.randint(1, 7), rng.choice(names))
        out.append(" ".join(["The", *sentence]) + ".")
    return " ".join(out)


def zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 10) for rank in range(count)]


def fill(connection, rng, words, *, start: int, until: int, story_words: dict) -> None:
    """Store stories `start`..`until` with their terms and norms (by COPY and bulk inserts),
    and the document frequencies of all stories so far."""
    from factcheck.engine import stories
    from factcheck.models import Story

    weights = zipf_weights(len(words))
    drawn = []
    for _ in range(start, until):
        names = [invented_name(rng) for _ in range(NAMES_PER_STORY)]
        chosen = set(rng.choices(words, weights=weights, k=WORDS_PER_STORY))
        centroid = {name.lower(): ARTICLES_PER_STORY * stories.NAME_BOOST for name in names}
        centroid.update({word: float(rng.randint(1, ARTICLES_PER_STORY)) for word in chosen})
        drawn.append((names, sorted(chosen), centroid))
    document_counts: Counter[str] = Counter()
    for _, _, centroid in [*story_words.values(), *drawn]:
        document_counts.update({term: ARTICLES_PER_STORY for term in centroid})
    documents = ARTICLES_PER_STORY * (len(story_words) + len(drawn))
    statistics_now = stories.TermStatistics(documents, document_counts)
    base_day = dt.date(2021, 1, 1)
    created = Story.objects.bulk_create(
        [
            Story(
                title=f"Synthetic story {index}",
                first_day=None if index % 10 == 0 else base_day + dt.timedelta(days=index % 1500),
                last_day=None
                if index % 10 == 0
                else base_day + dt.timedelta(days=index % 1500 + 4),
                term_norm_squared=stories.centroid_norm(centroid, statistics_now) ** 2,
            )
            for index, (_, _, centroid) in enumerate(drawn, start=start)
        ],
        batch_size=1000,
    )
    for story, words_of_story in zip(created, drawn, strict=True):
        story_words[story.pk] = words_of_story
    raw = connection.connection
    with raw.cursor() as cursor:
        # Synthetic rows whose stories were just stored: skip the per-row foreign-key triggers
        # (a bulk load's usual shortcut; the service never does this).
        cursor.execute("SET session_replication_role = replica")
        with cursor.copy("COPY factcheck_storyterm (story_id, term, frequency) FROM STDIN") as copy:
            for story in created:
                for term, frequency in story_words[story.pk][2].items():
                    copy.write_row((story.pk, term, frequency))
        cursor.execute("RESET session_replication_role")
        cursor.execute("DELETE FROM factcheck_termdocumentcount")
        buffer = io.StringIO()
        for term, count in [("", documents), *document_counts.items()]:
            buffer.write(f"{term}\t{count}\n")
        with cursor.copy("COPY factcheck_termdocumentcount (term, documents) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default="100,10000")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    tiers = [int(tier) for tier in args.tiers.split(",")]

    started = time.perf_counter()
    import wordfreq

    imported = time.perf_counter() - started
    started = time.perf_counter()
    wordfreq.word_frequency("toll", "en")
    print(
        f"wordfreq: import {imported * 1000:.0f} ms, English lists loaded on first look-up "
        f"{(time.perf_counter() - started) * 1000:.0f} ms (once per process)"
    )

    database_create(DATABASE)
    os.environ["DATABASE_URL"] = database_url(DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection, transaction

    from factcheck import story_grouping
    from factcheck.engine import stories
    from factcheck.models import Article, Publisher, Story
    from factcheck.services.common import sha256_hex

    call_command("migrate", verbosity=0)
    rng = random.Random(20261130)
    words = vocabulary()
    story_words: dict[int, tuple] = {}
    publisher = Publisher.objects.create(name="Bench")

    texts = [report(rng, [invented_name(rng)], words) for _ in range(200)]
    started = time.perf_counter()
    for text in texts:
        stories.story_terms(text)
    print(
        f"vectorising one article of 250 words: "
        f"{(time.perf_counter() - started) / len(texts) * 1000:.2f} ms"
    )

    weights = zipf_weights(len(words))
    stored = 0
    for tier in tiers:
        started = time.perf_counter()
        fill(connection, rng, words, start=stored, until=tier, story_words=story_words)
        stored = tier
        fill_seconds = time.perf_counter() - started
        story_ids = sorted(story_words)
        timings = []
        joined = opened = 0
        for sample in range(args.samples):
            follow_up = sample % 2 == 0
            if follow_up:
                target = rng.choice(story_ids)
                names, chosen, _ = story_words[target]
                text = report(rng, rng.sample(names, 3), chosen)
            else:
                target = None
                # Another event: words drawn as the stories' are, names of its own.
                vocabulary_drawn = rng.choices(words, weights=weights, k=WORDS_PER_STORY)
                text = report(rng, [invented_name(rng) for _ in range(3)], vocabulary_drawn)
            text += f" [probe {tier}-{sample}]"
            if target is not None:
                day = Story.objects.filter(pk=target).values_list("first_day", flat=True).get()
            else:  # a dated report of another event, within the stories' years
                day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            article = Article.objects.create(
                body=text,
                body_sha256=sha256_hex(text),
                publisher=publisher,
                published_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC) if day else None,
            )
            begin = time.perf_counter()
            with transaction.atomic():
                story_grouping.story_file_article(article=article)
                article.save(update_fields=["story", "story_terms_added"])
            timings.append((time.perf_counter() - begin) * 1000)
            if follow_up:
                joined += article.story_id == target
            else:
                opened += article.story_id not in story_words
        timings.sort()
        print(
            f"stories {tier:>7,}: fill {fill_seconds:6.1f} s; assignment per article median "
            f"{statistics.median(timings):6.2f} ms, p95 "
            f"{timings[int(0.95 * (len(timings) - 1))]:6.2f} ms ({args.samples} articles); "
            f"follow-ups joined their story {joined}/{math.ceil(args.samples / 2)}, "
            f"new events opened a story {opened}/{args.samples // 2}"
        )
    connection.close()
    if not args.keep:
        database_drop(DATABASE)


if __name__ == "__main__":
    main()
