from django.core.management.base import BaseCommand, CommandError

from factcheck import engine
from factcheck.models import Article, Claim
from factcheck.services.processing import InvalidTransition, article_reprocess


class Command(BaseCommand):
    help = (
        "Send articles through extraction and detection again, e.g. after an engine upgrade: "
        "claims take the facts the current engine reads, flags are re-derived, open flags it "
        "no longer finds are withdrawn, and flags a person decided on keep their status. Claims "
        "the engine no longer reads in their article are retired: deleted when nobody worked "
        "on them, else kept (with the facts their reviewer saw) but no longer compared."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids.")
        parser.add_argument(
            "--stale",
            action="store_true",
            help=f"Articles with claims compared by an engine other than {engine.ENGINE_VERSION}.",
        )
        parser.add_argument("--failed", action="store_true", help="Articles that failed.")

    def handle(self, *args, ids, stale, failed, **options):
        if not (ids or stale or failed):
            raise CommandError("Name article ids, or use --stale and/or --failed.")
        selected = set(ids)
        if stale:
            selected |= set(
                Claim.objects.exclude(article=None)
                .exclude(detection_version__in=[engine.ENGINE_VERSION, Claim.DETECTION_RETIRED])
                .values_list("article_id", flat=True)
                .distinct()
            )
        if failed:
            selected |= set(
                Article.objects.filter(status=Article.Status.FAILED).values_list("pk", flat=True)
            )
        queued = skipped = 0
        for article_id in sorted(selected):
            try:
                article_reprocess(article_id=article_id)
                queued += 1
            except (InvalidTransition, Article.DoesNotExist) as error:
                skipped += 1
                self.stdout.write(f"article {article_id}: skipped ({error})")
        self.stdout.write(f"queued {queued}, skipped {skipped}")
