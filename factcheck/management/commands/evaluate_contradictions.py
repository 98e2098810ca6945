import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.celery import app as celery_app
from factcheck.evaluation.figures import TARGETS, below, figures, raised_floor
from factcheck.evaluation.pairs import (
    claims_covering,
    evaluate,
    flag_kinds_by_label,
    load_pairs,
    summary_counts,
)
from factcheck.evaluation.reading import facts_summary, reading_coverage
from factcheck.evaluation.stories import story_bcubed
from factcheck.ingestion import article_files, ingest_file, load_catalog
from factcheck.models import Article, ContradictionFlag, Story
from factcheck.services.common import sha256_hex
from factcheck.services.stories import article_move_to_story


class Command(BaseCommand):
    help = (
        "Run the service's pipeline (ingestion, extraction, story grouping, detection) on "
        "folders of articles in a fresh, throw-away database, and score it in three stages "
        "against labelled pairs (the format of shared/eval/seed_pairs.json): reading, "
        "stories (against each article's `event` in catalog.json; articles without one are "
        "taken as one event per folder) and detection."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=Path,
            nargs="+",
            required=True,
            help="Folders of articles as for ingest_articles (catalog.json optional), all "
            "ingested into one database.",
        )
        parser.add_argument(
            "--pairs", type=Path, nargs="+", required=True, help="Labelled pairs (JSON files)."
        )
        parser.add_argument(
            "--stories-from-events",
            action="store_true",
            help="After ingestion, file every article under one story per catalog event (as "
            "an editor would) and detect again: scores the engine apart from story grouping.",
        )
        parser.add_argument(
            "--check-targets",
            action="store_true",
            help="Exit 1 unless the issue's targets are met (recall >= 0.9 of required "
            "contradictions, false alarms <= 5%% of flags, >= 80%% of flags labelled, no flag "
            "across two events, stories B-cubed >= 0.95).",
        )
        parser.add_argument(
            "--floor",
            type=Path,
            help="JSON file of the best figures reached so far: exit 1 when a figure is worse.",
        )
        parser.add_argument(
            "--raise-floor",
            action="store_true",
            help="With --floor: write back every figure that improved on it (never lowers).",
        )

    def handle(self, *args, articles, pairs, stories_from_events, **options):
        for folder in articles:
            if not folder.is_dir():
                raise CommandError(f"{folder} is not a folder.")
        try:
            labelled = load_pairs(pairs)
        except ValueError as error:
            raise CommandError(str(error)) from error
        floor = self._read_floor(options["floor"]) if options["floor"] else None

        database = settings.DATABASES["default"]
        database.setdefault("TEST", {})
        if connection.vendor != "sqlite":
            database["TEST"]["NAME"] = f"{database['NAME']}_evaluation"
        creation = connection.creation
        old_name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            measured = self._run(articles, labelled, stories_from_events=stories_from_events)
        finally:
            creation.destroy_test_db(old_name, verbosity=0)

        failures = []
        if options["check_targets"]:
            failures += [f"target: {line}" for line in below(measured, TARGETS)]
        if floor is not None:
            failures += [f"floor: {line}" for line in below(measured, floor)]
            if options["raise_floor"]:
                raised = raised_floor(floor, measured)
                options["floor"].write_text(json.dumps(raised, indent=2, sort_keys=True) + "\n")
        for line in failures:
            self.stderr.write(line)
        if failures:
            raise CommandError("Below the targets or the floor: see above.")

    @staticmethod
    def _read_floor(path: Path) -> dict[str, float]:
        try:
            floor = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the floor {path}: {error}") from error
        if not isinstance(floor, dict) or not all(
            isinstance(v, int | float) for v in floor.values()
        ):
            raise CommandError(f"{path}: expected an object of figures")
        return floor

    def _ingest(self, folders: list[Path]):
        articles_by_doc, events_by_doc = {}, {}
        for folder in folders:
            catalog = load_catalog(folder)
            for path in article_files([folder]):
                report = ingest_file(path)
                for reason in report.rejected:
                    self.stdout.write(f"rejected {reason}")
                if path.suffix.lower() != ".txt":
                    continue
                try:
                    digest = sha256_hex(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue
                article = Article.objects.filter(body_sha256=digest).first()
                if article is None:
                    continue
                if path.name in articles_by_doc:
                    raise CommandError(f"Two article files are named {path.name}.")
                articles_by_doc[path.name] = article
                event = catalog.get(path.name, {}).get("event")
                events_by_doc[path.name] = event or f"folder:{folder.resolve()}"
        return articles_by_doc, events_by_doc

    def _file_by_event(self, articles_by_doc, events_by_doc) -> None:
        story_of_event: dict[str, int] = {}
        for doc, article in sorted(articles_by_doc.items()):
            event = events_by_doc[doc]
            moved = article_move_to_story(article_id=article.pk, story_id=story_of_event.get(event))
            story_of_event.setdefault(event, moved.story_id)

    def _run(self, folders: list[Path], labelled, *, stories_from_events: bool) -> dict[str, float]:
        # The same tasks as the service, run in this process as each transaction commits.
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True

        articles_by_doc, events_by_doc = self._ingest(folders)
        story_score = story_bcubed(
            {
                doc: Article.objects.filter(pk=article.pk).values_list("story_id", flat=True)[0]
                for doc, article in articles_by_doc.items()
            },
            events_by_doc,
        )
        if stories_from_events:
            self._file_by_event(articles_by_doc, events_by_doc)
        for article in Article.objects.exclude(status=Article.Status.CHECKED):
            self.stdout.write(f"not checked: {article} ({article.status}) {article.failure_reason}")

        write = self.stdout.write
        reading = reading_coverage(labelled, articles_by_doc)
        write("== reading")
        for quote in reading.uncovered:
            write(f"NOT READ {quote}")
        write(
            f"reading: {reading.covered}/{reading.total} labelled quotes held by a claim's "
            f"facts ({reading.share:.0%})"
        )

        write("== stories")
        write(
            f"stories: {story_score.stories} stories for {story_score.events} events, "
            f"B-cubed precision {story_score.precision:.3f}, recall {story_score.recall:.3f}"
            + (" (then filed by event for detection)" if stories_from_events else "")
        )

        write("== detection")
        result = evaluate(labelled, articles_by_doc, events_by_doc)
        self._write_detection(result, articles_by_doc)
        measured = figures(result, reading, story_score)
        write(
            f"articles {len(articles_by_doc)}, stories {Story.objects.count()}, "
            f"flags {ContradictionFlag.objects.count()}"
        )
        write("figures: " + ", ".join(f"{name} {value}" for name, value in measured.items()))
        found = sum(result.found(pair) for pair in result.required)
        stretch = [pair for pair in result.contradictions if pair.stretch]
        write(
            f"recall {found}/{len(result.required)} "
            f"(stretch {sum(map(result.found, stretch))}/{len(stretch)}), "
            f"false alarms {len(result.false_alarms)}/{len(result.compatibles)}, "
            f"unlabelled {len(result.unlabelled)}"
        )
        return measured

    def _write_detection(self, result, articles_by_doc) -> None:
        write = self.stdout.write
        for (label, kind), (found, total) in summary_counts(result).items():
            write(f"{label:<24} {kind:<8} flagged {found}/{total}")
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
                covering = claims_covering(articles_by_doc.get(side.doc), side.quote)
                for claim in covering:
                    write(f"    engine read in {side.doc}: {facts_summary(claim)}")
                if not covering:
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
        for flag in result.cross_event_flags:
            write(f"CROSS-EVENT {flag.kind}: {flag.explanation}")
        for flag in result.cross_story_flags:
            write(f"CROSS-STORY {flag.kind}: {flag.explanation}")
        flags = len(result.flags)
        found_all = sum(result.found(pair) for pair in result.contradictions)
        write(
            f"flags {flags}: {len(result.flags_matching({'contradiction'}))} match a "
            f"contradiction, {len(result.flags_matching({'ambiguous'}))} an ambiguous pair, "
            f"{len(result.flags_matching({'compatible'}))} a compatible pair (labelled false "
            f"alarms), {len(result.unlabelled)} no labelled pair; "
            f"{flags / found_all if found_all else 0:.2f} flags per found contradiction"
        )
