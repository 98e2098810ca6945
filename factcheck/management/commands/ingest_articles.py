from pathlib import Path

from django.core.management.base import BaseCommand

from factcheck.ingestion import article_files, ingest_file


class Command(BaseCommand):
    help = (
        "Load articles from files: .txt (body only; metadata from a sidecar catalog.json with "
        "file, url, publisher, published), .json and .jsonl (objects with body, title, url, "
        "publisher, published_at). Directories are read one level deep. Reports, per file, "
        "what was created, what was a duplicate and what was rejected, and goes on past bad "
        "files."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--fail-on-reject",
            action="store_true",
            help="Exit with status 1 when any record was rejected.",
        )

    def handle(self, *args, paths, fail_on_reject, **options):
        totals = {"created": 0, "duplicate": 0, "rejected": 0}
        for path in article_files(paths):
            report = ingest_file(path)
            totals["created"] += len(report.created)
            totals["duplicate"] += len(report.duplicates)
            totals["rejected"] += len(report.rejected)
            style = self.style.WARNING if report.rejected else self.style.SUCCESS
            self.stdout.write(style(report.summary()))
            for reason in report.rejected:
                self.stdout.write(f"  rejected {reason}")
        self.stdout.write(
            f"total: created {totals['created']}, duplicate {totals['duplicate']}, "
            f"rejected {totals['rejected']}"
        )
        if fail_on_reject and totals["rejected"]:
            raise SystemExit(1)
