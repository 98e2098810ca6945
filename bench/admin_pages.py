"""Admin pages on a large newsroom: 100k articles, 1M claims, flags, stories, assignments and
verdicts in PostgreSQL. Times each list and detail page (and each role's start page) with
Django's test client logged in as an editor and as a fact-checker, and prints one line per
page: `page  ms  queries` (the median of a few runs after a warm-up), then whether every page
renders in under a second.

    uv run python bench/admin_pages.py [--articles 100000] [--claims-per-article 10]

Uses its own database `factcheck_adminbench` on 127.0.0.1 (dropped at the end)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import sys
import time

from _service import ROOT, database_create, database_drop, database_url

DATABASE = "factcheck_adminbench"
LIMIT_MS = 1000.0

STATES = (
    ["new"] * 12
    + ["assigned", "in_review", "submitted", "approved", "published", "changes_requested"]
    + ["dismissed", "new"]
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fill(articles: int, per_article: int, checker_ids: list[int], editor_id: int) -> dict:
    from django.db import connection

    now = dt.datetime.now(dt.UTC)
    stories = max(1, articles // 10)
    publishers = 50
    raw = connection.connection
    figure = {
        "text": "1,200",
        "value": 1200,
        "lo": 1200,
        "hi": 1200,
        "qualifier": "exact",
        "subject": "people",
        "event": "killed",
        "place": "derna",
        "source": "ministry",
        "source_label": "the ministry",
        "period_label": "since Sunday",
    }
    with raw.cursor() as cursor:
        with cursor.copy("COPY factcheck_publisher (id, name, domain, created_at) FROM STDIN") as c:
            for pk in range(1, publishers + 1):
                c.write_row((pk, f"Publisher {pk}", f"p{pk}.example", now))
        with cursor.copy(
            "COPY factcheck_story (id, title, first_day, last_day, created_at, updated_at) "
            "FROM STDIN"
        ) as c:
            for pk in range(1, stories + 1):
                day = (now - dt.timedelta(days=pk % 400)).date()
                c.write_row((pk, f"Story {pk}", day, day, now, now - dt.timedelta(minutes=pk)))
        with cursor.copy(
            "COPY factcheck_article (id, title, url, publisher_id, published_at, story_id, "
            "story_pinned, document_keys, body, body_sha256, status, failure_reason, "
            "processing_attempts, created_at, updated_at) FROM STDIN"
        ) as c:
            for pk in range(1, articles + 1):
                body = " ".join(
                    f"Officials said {pk * per_article + n} people were killed in town {n}."
                    for n in range(per_article)
                )
                moment = now - dt.timedelta(seconds=articles - pk)
                c.write_row(
                    (
                        pk,
                        f"Report {pk}",
                        f"https://p.example/{pk}",
                        pk % publishers + 1,
                        moment,
                        pk % stories + 1,
                        False,
                        "[]",
                        body,
                        sha(body),
                        "checked",
                        "",
                        1,
                        moment,
                        moment,
                    )
                )
        claim_id = 0
        with cursor.copy(
            'COPY factcheck_claim (id, article_id, story_id, text, text_sha256, start, "end", '
            "facts, status, detection_version, created_at, updated_at) FROM STDIN"
        ) as c:
            facts = json.dumps(
                {
                    "figures": [figure],
                    "people": [],
                    "sources": ["ministry"],
                    "places": ["derna"],
                    "dates": [],
                }
            )
            for article in range(1, articles + 1):
                position = 0
                moment = now - dt.timedelta(seconds=articles - article)
                for n in range(per_article):
                    claim_id += 1
                    number = article * per_article + n
                    text = f"Officials said {number} people were killed in town {n}."
                    c.write_row(
                        (
                            claim_id,
                            article,
                            article % stories + 1,
                            text,
                            sha(text),
                            position,
                            position + len(text),
                            facts,
                            STATES[claim_id % len(STATES)],
                            "bench",
                            moment,
                            moment,
                        )
                    )
                    position += len(text) + 1
        claims = claim_id
        # Flags: one per article between its first two claims (open, or decided).
        with cursor.copy(
            "COPY factcheck_contradictionflag (claim_a_id, claim_b_id, kind, score, explanation, "
            "details, status, detector_version, created_at, updated_at) FROM STDIN"
        ) as c:
            for article in range(1, articles + 1):
                first = (article - 1) * per_article + 1
                status = ("open", "open", "confirmed", "dismissed")[article % 4]
                c.write_row(
                    (
                        first,
                        first + 1,
                        "numeric",
                        0.7,
                        "ministry: 10 vs 11 killed",
                        "{}",
                        status,
                        "bench",
                        now,
                        now,
                    )
                )
        assigned_states = {
            "assigned",
            "in_review",
            "submitted",
            "approved",
            "published",
            "changes_requested",
        }
        assignments = verdicts = 0
        with cursor.copy(
            "COPY reviews_assignment (claim_id, assignee_id, assigned_by_id, due_at, note, "
            "created_at) FROM STDIN"
        ) as c:
            for pk in range(1, claims + 1):
                if STATES[pk % len(STATES)] in assigned_states and (pk // 20) % 2 == 0:
                    due = now + dt.timedelta(hours=(pk % 200) - 50)
                    c.write_row(
                        (pk, checker_ids[(pk // 20) % len(checker_ids)], editor_id, due, "", now)
                    )
                    assignments += 1
        with cursor.copy(
            "COPY reviews_verdict (claim_id, version, author_id, rating, rationale, status, "
            "review_comment, retraction_reason, created_at) FROM STDIN"
        ) as c:
            for pk in range(1, claims + 1):
                state = STATES[pk % len(STATES)]
                if state in ("submitted", "approved", "published") and (pk // 20) % 2 == 0:
                    status = {
                        "submitted": "submitted",
                        "approved": "approved",
                        "published": "published",
                    }[state]
                    c.write_row(
                        (
                            pk,
                            1,
                            checker_ids[(pk // 20) % len(checker_ids)],
                            "false",
                            "The report says otherwise.",
                            status,
                            "",
                            "",
                            now,
                        )
                    )
                    verdicts += 1
        with cursor.copy(
            "COPY factcheck_auditevent (actor_id, action, claim_id, from_state, to_state, "
            "comment, details, created_at) FROM STDIN"
        ) as c:
            for pk in range(4, claims + 1, 40):
                c.write_row((editor_id, "claim.assigned", pk, "new", "assigned", "", "{}", now))
        for table in (
            "factcheck_publisher",
            "factcheck_story",
            "factcheck_article",
            "factcheck_claim",
            "factcheck_contradictionflag",
            "reviews_assignment",
            "reviews_verdict",
            "factcheck_auditevent",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    return {
        "articles": articles,
        "claims": claims,
        "stories": stories,
        "assignments": assignments,
        "verdicts": verdicts,
    }


def measure(client, path: str, runs: int = 3) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()

    database_create(DATABASE)
    os.environ.update(
        {
            "DATABASE_URL": database_url(DATABASE),
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
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    try:
        call_command("migrate", verbosity=0)
        users = get_user_model().objects

        def person(name, role):
            user = users.create_user(name, password="bench", is_staff=True)
            user.groups.add(Group.objects.get(name=role))
            return user

        editor = person("editor", "editor")
        person("editor2", "editor")
        checkers = [person(f"checker{n}", "fact-checker") for n in range(5)]
        started = time.perf_counter()
        sizes = fill(args.articles, args.claims_per_article, [c.pk for c in checkers], editor.pk)
        print(
            f"corpus: {sizes['articles']:,} articles, {sizes['claims']:,} claims, "
            f"{sizes['stories']:,} stories, {sizes['assignments']:,} assignments, "
            f"{sizes['verdicts']:,} verdicts in {time.perf_counter() - started:.0f} s"
        )
        from reviews.models import Assignment

        checker = checkers[0]
        mine = Assignment.objects.filter(assignee=checker, ended_at__isnull=True).first()
        submitted = (
            Assignment.objects.filter(claim__status="submitted").values_list("claim_id", flat=True)
        ).first()
        middle_claim = sizes["claims"] // 2
        middle_article = sizes["articles"] // 2
        pages = {
            "editor": [
                ("/admin/", "start page (editor)"),
                ("/admin/factcheck/claim/", "claims"),
                ("/admin/factcheck/claim/?status__exact=new", "claims: state new"),
                ("/admin/factcheck/claim/?status__exact=submitted", "claims: state submitted"),
                ("/admin/factcheck/claim/?story=17", "claims: story"),
                ("/admin/factcheck/claim/?article__publisher__id__exact=3", "claims: publisher"),
                (f"/admin/factcheck/claim/?assignee={checker.pk}", "claims: assignee"),
                ("/admin/factcheck/claim/?open_flags=yes", "claims: has open flags"),
                ("/admin/factcheck/claim/?review=overdue", "claims: overdue"),
                ("/admin/factcheck/claim/?q=town+7", "claims: search"),
                (f"/admin/factcheck/claim/{middle_claim}/change/", "claim page"),
                (f"/admin/factcheck/claim/{submitted}/change/", "claim page (submitted)"),
                (f"/admin/factcheck/claim/{submitted}/review/approve/", "approve form"),
                ("/admin/factcheck/article/", "articles"),
                ("/admin/factcheck/article/?status__exact=checked", "articles: checked"),
                (f"/admin/factcheck/article/{middle_article}/change/", "article page"),
                ("/admin/factcheck/contradictionflag/", "flags"),
                ("/admin/factcheck/contradictionflag/?status__exact=open", "flags: open"),
                ("/admin/factcheck/contradictionflag/1001/change/", "contradiction review"),
                ("/admin/factcheck/story/", "stories"),
                ("/admin/factcheck/story/17/change/", "story page"),
                ("/admin/factcheck/story/17/split/", "story split form"),
                ("/admin/factcheck/publisher/", "publishers"),
                ("/admin/reviews/assignment/", "assignments"),
                ("/admin/reviews/verdict/", "verdicts"),
                ("/admin/factcheck/auditevent/", "audit events"),
            ],
            "checker": [
                ("/admin/", "start page (fact-checker)"),
                ("/admin/factcheck/claim/?review=mine", "claims: mine"),
                (f"/admin/factcheck/claim/{mine.claim_id}/change/", "claim page (assignee)"),
                (f"/admin/factcheck/claim/{mine.claim_id}/review/submit/", "verdict form"),
                ("/admin/factcheck/contradictionflag/?status__exact=open", "flags: open"),
            ],
        }
        slowest = 0.0
        failures = []
        print(f"{'page':<46} {'ms':>8} {'queries':>8}")
        for who, user in (("editor", editor), ("checker", checker)):
            client = Client()
            client.force_login(user)
            for path, label in pages[who]:
                ms, queries, status = measure(client, path)
                slowest = max(slowest, ms)
                flag = "" if status == 200 else f"  (HTTP {status})"
                if status != 200:
                    failures.append(path)
                print(f"{who + ': ' + label:<46} {ms:8.1f} {queries:8d}{flag}")
        verdict = "yes" if slowest < LIMIT_MS and not failures else "NO"
        print(
            f"every page under {LIMIT_MS:.0f} ms: {verdict} (slowest {slowest:.0f} ms; "
            f"{sizes['claims']:,} claims, {sizes['articles']:,} articles)"
        )
    finally:
        if not args.keep:
            database_drop(DATABASE)
        else:
            from django.db import connections

            connections.close_all()


if __name__ == "__main__":
    main()
