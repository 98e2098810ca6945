import datetime
import logging
import os

from celery import Celery, states
from celery.contrib.django.task import DjangoTask
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

logger = logging.getLogger(__name__)

# A lost database connection is the one error a task is retried for by Celery, with backoff;
# any other error is the task's to handle (shared by factcheck's and webhooks' tasks).
TRANSIENT_DB_ERRORS = (DatabaseOperationalError, InterfaceError)
DB_RETRY = {
    "autoretry_for": TRANSIENT_DB_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 8,
}

OUTBOX_HEADER = "outbox_id"  # outbox.services.HEADER (not imported: no Django yet)


class ResilientTask(DjangoTask):
    """Sending a task never fails the caller when the broker is down: tasks are sent from the
    outbox (outbox/), whose relay sends them once the broker is back. So an API
    request that stored an article answers 201 during a broker outage instead of a 500.

    A message sent from the outbox names its row: the run claims the row before it starts
    (and is skipped when the row is done already or held by another live run), keeps its
    lease while it runs, and deletes the row when it ends, so that the relay sends again only
    the work of a run that died."""

    def apply_async(self, *args, **kwargs):
        try:
            return super().apply_async(*args, **kwargs)
        except OperationalError:
            logger.warning("Broker unavailable: %s not queued now", self.name)
            return None

    def _outbox_id(self) -> int | None:
        request = self.request
        if request.called_directly or request.is_eager:
            return None
        value = getattr(request, OUTBOX_HEADER, None)
        if value is None and request.headers:
            value = request.headers.get(OUTBOX_HEADER)
        return value

    def __call__(self, *args, **kwargs):
        message_id = self._outbox_id()
        if message_id is not None:
            from outbox.services import outbox_claim, outbox_lease_kept

            if not outbox_claim(message_id=message_id, holder=self.request.id):
                logger.info("%s: outbox row %s done or held by another run", self.name, message_id)
                return None
            self.request.outbox_claimed = True
            with outbox_lease_kept(message_id=message_id, holder=self.request.id):
                return super().__call__(*args, **kwargs)
        return super().__call__(*args, **kwargs)

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        # Not called for a retry: the row stays claimed for it (see retry).
        if status in (states.SUCCESS, states.FAILURE) and getattr(
            self.request, "outbox_claimed", False
        ):
            from outbox.services import outbox_complete

            outbox_complete(message_id=self._outbox_id())
        super().after_return(status, retval, task_id, args, kwargs, einfo)

    def retry(
        self,
        args=None,
        kwargs=None,
        exc=None,
        throw=True,
        eta=None,
        countdown=None,
        max_retries=None,
        **options,
    ):
        message_id = self._outbox_id()
        if message_id is not None:
            from django.db import DatabaseError
            from django.utils import timezone

            from outbox.services import outbox_release_for_retry

            delay = countdown if countdown is not None else self.default_retry_delay
            at = eta or timezone.now() + datetime.timedelta(seconds=delay or 0)
            try:
                outbox_release_for_retry(message_id=message_id, holder=self.request.id, at=at)
            except DatabaseError:
                # The lease runs out instead, and the relay sends the row again.
                logger.warning(
                    "%s: outbox row %s not released for its retry", self.name, message_id
                )
        return super().retry(
            args=args,
            kwargs=kwargs,
            exc=exc,
            throw=throw,
            eta=eta,
            countdown=countdown,
            max_retries=max_retries,
            **options,
        )


app = Celery("factcheck_review", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
