"""A story's figures page on a long story: one story of 100k claims (--claims) in 1,000
articles (--articles) over 90 days, its sources reporting their counts of a few measures
day after day, with open flags between figures. Times, with Django's test client logged in
as an editor, the selector alone, GET /api/v1/stories/{id}/figures/ and the whole admin
story page (median of a few runs after a warm-up), with the query count, and prints whether
the page, its figures section alone and the API answer in under a second.

    uv run python bench/story_figures.py [--claims 100000] [--articles 1000]

Uses its own PostgreSQL database `wt_figures` on 127.0.0.1 (--database; dropped at the end
unless --keep; --reuse measures again on the story a --keep run left)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import time

from _service import ROOT, database_create, database_drop, database_url

LIMIT_MS = 1000.0
# Wording of our own; sources and measures the engine knows.
SOURCES = [
    "the health ministry",
    "the interior ministry",
    "the civil defence",
    "the Red Crescent",
    "the Meridian Relief League",
    "the governor",
    "rescue workers",
    "the army",
]
MEASURES = [("people", "killed"), ("people", "wounded"), ("people", "missing")]
QUALIFIERS = ["", "at least ", "about ", "more than "]
PHRASES = [
    "{source} said {figure} {subject} were {event}.",
    "{figure} {subject} were {event}, {source} said.",
]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def statements(rng: random.Random, days: int) -> list[tuple[int, str]]:
    """(day, sentence): each source's running count of each measure, reported most days."""
    found = []
    for source in SOURCES:
        for subject, event in MEASURES:
            count = rng.randint(20, 200)
            for day in range(days):
                if rng.random() < 0.3:
                    continue  # no report from this source that day
                count += rng.randint(0, 60)
                qualifier = rng.choice(QUALIFIERS)
                for phrase in PHRASES:
                    found.append(
                        (
                            day,
                            phrase.format(
                                source=source,
                                figure=f"{qualifier}{count:,}",
                                subject=subject,
                                event=event,
                            ),
                        )
                    )
    return found


def fill(claims: int, articles: int, days: int) -> int:
    import json

    from factcheck import engine
    from factcheck.engine.signatures import detection_signature, disagreement_of
    from factcheck.models import (
        Article,
        Claim,
        ContradictionFlag,
        Publisher,
        Story,
        StoryFigure,
    )

    rng = random.Random(20260314)
    start_day = dt.date(2026, 1, 5)
    story = Story.objects.create(
        title="Long story", first_day=start_day, last_day=start_day + dt.timedelta(days=days)
    )
    publisher = Publisher.objects.create(name="Bench wire")
    pool = statements(rng, days)
    analysed = {}
    for day, text in pool:
        published = start_day + dt.timedelta(days=day)
        facts = engine.analyze_claim(text, published=published)
        if facts.figures:
            analysed[(day, text)] = (
                facts,
                json.loads(json.dumps(facts.to_dict())),
                detection_signature(facts, published),
                sorted(engine.index_keys(facts)),
            )
    by_day: dict[int, list] = {}
    for (day, text), value in analysed.items():
        by_day.setdefault(day, []).append((text, *value))
    article_rows = []
    for number in range(articles):
        day = number * days // articles
        published = dt.datetime.combine(
            start_day + dt.timedelta(days=day), dt.time(8), tzinfo=dt.UTC
        )
        body = f"Live report {number}."
        article_rows.append(
            Article(
                title=f"Live report {number}",
                publisher=publisher,
                published_at=published,
                story=story,
                body=body,
                body_sha256=sha(body),
                status="checked",
            )
        )
    stored_articles = Article.objects.bulk_create(article_rows, batch_size=2000)
    claim_rows, figure_rows, seen = [], [], set()
    for number in range(claims):
        article = stored_articles[number * articles // claims]
        day = (article.published_at.date() - start_day).days
        text, _facts, stored, signature, _keys = rng.choice(by_day[day])
        text = f"{text} [#{number}]"
        claim_rows.append(
            Claim(
                article=article,
                story=story,
                text=text,
                text_sha256=sha(text),
                facts=stored,
                detection_signature=signature,
                detection_version="bench",
            )
        )
    stored_claims = Claim.objects.bulk_create(claim_rows, batch_size=5000)
    for claim in stored_claims:
        if claim.detection_signature in seen:
            continue
        seen.add(claim.detection_signature)
        for key in engine.index_keys(engine.ClaimFacts.from_dict(claim.facts)):
            figure_rows.append(
                StoryFigure(story=story, key=key, signature=claim.detection_signature, claim=claim)
            )
    StoryFigure.objects.bulk_create(figure_rows, batch_size=5000, ignore_conflicts=True)
    # Open flags between two sources' figures of one measure on one day.
    representatives = {}
    for claim in stored_claims:
        representatives.setdefault(claim.detection_signature, claim)
    chosen = rng.sample(list(representatives.values()), k=min(600, len(representatives)))
    flags = []
    for first, second in zip(chosen[::2], chosen[1::2], strict=False):
        details = {"a": first.facts["figures"][0], "b": second.facts["figures"][0]}
        disagreement = disagreement_of(details)
        flags.append(
            ContradictionFlag(
                claim_a=first,
                claim_b=second,
                story=story,
                disagreement=disagreement.key,
                figure_a=disagreement.a.figure,
                figure_b=disagreement.b.figure,
                value_a=disagreement.a.value,
                value_b=disagreement.b.value,
                kind="cross_source",
                score=0.7,
                explanation="Sources disagree (bench).",
                details=details,
                detector_version="bench",
            )
        )
    ContradictionFlag.objects.bulk_create(flags, ignore_conflicts=True)
    return story.pk


def timed(run, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()  # warm-up
    timings, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            run()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return statistics.median(timings), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="wt_figures")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="the database of a --keep run")
    args = parser.parse_args()

    if not args.reuse:
        database_create(args.database)
    os.environ.update(
        {
            "DATABASE_URL": database_url(args.database),
            "CELERY_BROKER_URL": "",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client

    from factcheck import figures
    from factcheck.admin.stories import _figure_measures
    from factcheck.models import Claim, ContradictionFlag, Story
    from tests.factories import UserFactory

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        if args.reuse:
            story_id = Story.objects.get(title="Long story").pk
        else:
            story_id = fill(args.claims, args.articles, args.days)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves tables: visibility known
        editor = UserFactory(role="editor")
        client = Client()
        client.force_login(editor)
        gathered = figures.story_figures_for_user(editor, story_id)
        shown = sum(len(measure.figures) for measure in gathered.measures)
        print(
            f"story of {Claim.objects.filter(story_id=story_id).count():,} claims in "
            f"{args.articles:,} articles over {args.days} days: {len(gathered.measures)} "
            f"measures, {shown:,} distinct figures, "
            f"{ContradictionFlag.objects.filter(story_id=story_id).count():,} open flags "
            f"(filled in {time.perf_counter() - started:.0f} s)"
        )

        def page(path):
            def get():
                response = client.get(path)
                assert response.status_code == 200, response.status_code
                return response

            return get

        def section():
            # The figures section of the story page alone: gathering, SVG, table, template.
            return render_to_string(
                "admin/factcheck/story/figures.html",
                {"original": True, "figure_measures": _figure_measures(editor, story_id)},
            )

        rows = [
            (
                "selector story_figures_for_user",
                lambda: figures.story_figures_for_user(editor, story_id),
            ),
            ("admin story page: figures section", section),
            ("GET /api/v1/stories/{id}/figures/", page(f"/api/v1/stories/{story_id}/figures/")),
            ("admin story page", page(f"/admin/factcheck/story/{story_id}/change/")),
        ]
        times = {}
        for label, run in rows:
            median, queries = timed(run, args.repeat)
            times[label] = median
            print(f"{label:<36} {median:8.1f} ms  {queries:3d} queries")
        for label in (
            "admin story page: figures section",
            "admin story page",
            "GET /api/v1/stories/{id}/figures/",
        ):
            verdict = "under" if times[label] < LIMIT_MS else "OVER"
            print(
                f"{label} at {args.claims:,} claims: {times[label]:.0f} ms ({verdict} "
                f"{LIMIT_MS:.0f} ms)"
            )
    finally:
        if not args.keep:
            database_drop(args.database)


if __name__ == "__main__":
    main()
