import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

logger = logging.getLogger(__name__)


class ResilientTask(DjangoTask):
    """Sending a task never fails the caller when the broker is down: the work is recorded in
    the database first (an article still `received`, a claim not yet compared, a pending
    webhook delivery), and periodic sweeps queue it again once the broker is back. So an API
    request that stored an article answers 201 during a broker outage instead of a 500."""

    def apply_async(self, *args, **kwargs):
        try:
            return super().apply_async(*args, **kwargs)
        except OperationalError:
            logger.warning(
                "Broker unavailable: %s not queued now; a sweep will queue it", self.name
            )
            return None


app = Celery("factcheck_review", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
