"""`manage.py outbox_relay`: sends outbox rows to the broker (runs beside the workers).

Each round (every OUTBOX_RELAY_INTERVAL seconds): if the broker answers, send every due row
in batches; when the broker comes back after an outage, first make due again the rows sent
before it went away (their messages may be lost with it). Several relays may run at once."""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from outbox.services import broker_answers, outbox_resend_unstarted, outbox_send

logger = logging.getLogger("factcheck.outbox.relay")


class Command(BaseCommand):
    help = "Send the tasks stored in the outbox to the broker, as soon as it answers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="one round, then exit (for cron or a check)"
        )

    def handle(self, *args, once: bool = False, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        interval = settings.OUTBOX_RELAY_INTERVAL
        broker_down = False
        logger.info("Outbox relay started (every %s s)", interval)
        while not stopping:
            try:
                broker_down = relay_round(broker_down=broker_down, stopping=stopping)
            except Exception:  # the database went away, say: try again next round
                logger.exception("Outbox relay round failed")
                close_old_connections()
            if once:
                break
            time.sleep(interval)
        logger.info("Outbox relay stopped")


def relay_round(*, broker_down: bool, stopping: list) -> bool:
    """One round; returns whether the broker is down now."""
    if not broker_answers():
        if not broker_down:
            logger.warning("Broker unavailable: outbox rows wait until it answers")
        return True
    if broker_down:
        resent = outbox_resend_unstarted()
        logger.warning("Broker back: sending the outbox (%s rows sent before again)", resent)
    while not stopping:
        result = outbox_send()
        if result.sent:
            logger.info("Outbox relay sent %s tasks", result.sent)
        if result.broker_failed:
            return True
        if result.sent < settings.OUTBOX_RELAY_BATCH:
            return False
    return False
