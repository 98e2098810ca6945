import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from factcheck.evaluation import (
    LabelledPair,
    claims_covering,
    evaluate,
    facts_summary,
    flag_kinds_by_label,
    summary_counts,
)


class Command(BaseCommand):
    help = (
        "Run the service's pipeline (ingestion, extraction, story grouping, detection) on a "
        "folder of articles in a fresh, throw-away database, and score the flags against "
        "labelled pairs (the format of shared/eval/seed_pairs.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=Path,
            required=True,
            help="Folder of articles as for ingest_articles (catalog.json optional).",
        )
        parser.add_argument("--pairs", type=Path, required=True, help="Labelled pairs (JSON).")
        parser.add_argument(
            "--check-targets",
            action="store_true",
            help="Exit 1 unless every required contradiction is found, no compatible pair is "
            "flagged and no flag pairs two stories.",
        )

    def handle(self, *args, articles, pairs, check_targets, **options):
        if not articles.is_dir():
            raise CommandError(f"{articles} is not a folder.")
        try:
            raw = json.loads(pairs.read_text(encoding="utf-8"))
            labelled = [LabelledPair.from_dict(item) for item in raw["pairs"]]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read labelled pairs from {pairs}: {error}") from error

        database = settings.DATABASES["default"]
        database.setdefault("TEST", {})
        if connection.vendor != "sqlite":
            database["TEST"]["NAME"] = f"{database['NAME']}_evaluation"
        creation = connection.creation
        old_name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            ok = self._run(articles, labelled)
        finally:
            creation.destroy_test_db(old_name, verbosity=0)
        if check_targets and not ok:
            raise CommandError("Below the targets: see the misses and false alarms above.")

    def _run(self, folder: Path, labelled: list[LabelledPair]) -> bool:
        from config.celery import app as celery_app
        from factcheck.ingestion import article_files, ingest_file
        from factcheck.models import Article, ContradictionFlag, Story
        from factcheck.services import sha256_hex

        # The same tasks as the service, run in this process as each transaction commits.
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True

        articles_by_doc: dict[str, Article] = {}
        for path in article_files([folder]):
            report = ingest_file(path)
            for reason in report.rejected:
                self.stdout.write(f"rejected {reason}")
            if path.suffix.lower() == ".txt":
                try:
                    digest = sha256_hex(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue
                article = Article.objects.filter(body_sha256=digest).first()
                if article is not None:
                    articles_by_doc[path.name] = article
        failed = Article.objects.exclude(status=Article.Status.CHECKED)
        for article in failed:
            self.stdout.write(f"not checked: {article} ({article.status}) {article.failure_reason}")

        result = evaluate(labelled, articles_by_doc)
        write = self.stdout.write
        write(
            f"articles {len(articles_by_doc)}, stories {Story.objects.count()}, "
            f"flags {ContradictionFlag.objects.count()}"
        )
        for (label, kind), (found, total) in summary_counts(result).items():
            write(f"{label:<14} {kind:<8} flagged {found}/{total}")
        for label, kinds in flag_kinds_by_label(result).items():
            write(
                f"flag kinds on {label} pairs: "
                + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
            )
        for quote in result.unknown_quotes:
            write(f"quote not found in its article: {quote}")

        for pair in result.contradictions:
            if result.found(pair):
                continue
            tag = " (stretch: not required)" if pair.stretch else ""
            write(
                f"MISSED {pair.id}{tag}: {pair.a.doc} {pair.a.quote!r} vs {pair.b.doc} "
                f"{pair.b.quote!r}"
            )
            for side in (pair.a, pair.b):
                for claim in claims_covering(articles_by_doc.get(side.doc), side.quote):
                    write(f"    engine read in {side.doc}: {facts_summary(claim)}")
                if not claims_covering(articles_by_doc.get(side.doc), side.quote):
                    write(f"    no claim extracted around {side.quote!r} in {side.doc}")
        for pair in result.false_alarms:
            write(
                f"FALSE ALARM {pair.id}: {pair.a.doc} {pair.a.quote!r} vs {pair.b.doc} "
                f"{pair.b.quote!r}"
            )
            for flag in result.flags_by_pair[pair.id]:
                write(f"    {flag.kind}: {flag.explanation}")
        for flag in result.unlabelled:
            write(f"UNLABELLED {flag.kind} {flag.score:.2f}: {flag.explanation}")
        for flag in result.cross_story_flags:
            write(f"CROSS-STORY {flag.kind}: {flag.explanation}")

        found = sum(result.found(pair) for pair in result.contradictions)
        write(
            f"recall {found}/{len(result.contradictions)}, "
            f"false alarms {len(result.false_alarms)}/{len(result.compatibles)}, "
            f"unlabelled {len(result.unlabelled)}"
        )
        return result.meets_targets()
