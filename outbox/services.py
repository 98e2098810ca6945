"""Writing, sending and completing outbox rows (see the package's docstring)."""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import OutboxMessage

if TYPE_CHECKING:
    from celery import Task

logger = logging.getLogger(__name__)

# The message header that names the row a task message was sent for.
HEADER = "outbox_id"
# A row sent again because its task never started waits twice as long each time (up to 2**5
# leases), so that a long queue in front of it is not multiplied by resends.
MAX_BACKOFF_DOUBLINGS = 5
# A row sent this many times without its task ever finishing (a task that kills its worker
# each time, say) is no longer sent; it stays in the table for inspection, and the periodic
# sweeps of stalled work remain the last resort.
MAX_SENDS = 10


def _celery_app():
    # The project's app (config/celery.py), current since it was created; taken from Celery
    # rather than imported, since config/celery.py imports this module for its task class.
    return current_app._get_current_object()


def _registered_task(name: str):
    """The task registered under `name`, to run in-process. The tasks modules are imported
    (Celery's autodiscovery) the first time one is needed: a worker does it at start, but a
    web process that runs tasks in-process never imported them (services do not)."""
    app = _celery_app()
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def outbox_enqueue(
    *, task: str | Task, args: Sequence = (), countdown: float | None = None
) -> None:
    """Run `task(*args)` once the caller's transaction commits (at once outside one), or
    `countdown` seconds later. See outbox_enqueue_many."""
    outbox_enqueue_many(task=task, calls=[args], countdown=countdown)


def outbox_enqueue_many(
    *, task: str | Task, calls: Iterable[Sequence], countdown: float | None = None
) -> None:
    """Run `task(*args)` for each `args` of `calls` once the caller's transaction commits.

    `task` is the task's registered (pinned) name, so that a service never imports the tasks
    module that calls it (a task object is accepted too and stands for its name).

    With a broker, one row per call is written in the caller's transaction and sent right
    after the commit (the relay sends it if the broker does not answer, or once a countdown
    is over). Without one (tasks run in-process), the tasks run right after the commit."""
    name = task if isinstance(task, str) else task.name
    calls = [list(args) for args in calls]
    if not calls:
        return
    if _celery_app().conf.task_always_eager:

        def run_in_process() -> None:
            registered = _registered_task(name)
            for args in calls:
                registered.apply_async(args, countdown=countdown)

        transaction.on_commit(run_in_process)
        return
    due_at = timezone.now() + datetime.timedelta(seconds=countdown or 0)
    rows = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=name, args=args, due_at=due_at) for args in calls]
    )
    if not countdown:
        ids = [row.pk for row in rows]
        # robust: a broker that is down must not undo the caller's committed work.
        transaction.on_commit(lambda: outbox_send(ids=ids), robust=True)


@dataclass(frozen=True)
class SendResult:
    sent: int
    broker_failed: bool


def outbox_send(*, ids: Sequence[int] | None = None, limit: int | None = None) -> SendResult:
    """Send the due rows (of `ids` if given), at most `limit`, oldest first, and mark them
    sent. Rows another relay is sending are skipped (`FOR UPDATE SKIP LOCKED`), so several
    relays never send a row twice at once. On a broker error the rows not yet sent stay
    due."""
    limit = limit or settings.OUTBOX_RELAY_BATCH
    with transaction.atomic():
        due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            due_at__lte=timezone.now(), sends__lt=MAX_SENDS
        )
        if ids is not None:
            due = due.filter(pk__in=ids)
        rows = list(due.order_by("due_at", "pk")[:limit])
        if not rows:
            return SendResult(sent=0, broker_failed=False)
        sent, failed = _publish(rows)
        _mark_sent(sent)
    return SendResult(sent=len(sent), broker_failed=failed)


def _publish(rows: Sequence[OutboxMessage]) -> tuple[list[OutboxMessage], bool]:
    app = _celery_app()
    sent: list[OutboxMessage] = []
    try:
        with app.producer_or_acquire() as producer:
            for row in rows:
                _publish_one(app, producer, row)
                sent.append(row)
    except Exception as error:  # the broker is down or went away: the rest stays due
        logger.warning(
            "Broker unavailable (%r): %s of %s outbox rows sent, the rest later",
            error,
            len(sent),
            len(rows),
        )
        return sent, True
    return sent, False


def _publish_one(app, producer, row: OutboxMessage) -> None:
    app.send_task(row.task, args=row.args, headers={HEADER: row.pk}, producer=producer)


def _mark_sent(rows: Sequence[OutboxMessage]) -> None:
    """The sent rows are due again after a lease (longer for a row sent often already): by
    then their task should have started and claimed them; if it has not, its message was lost
    (a broker restarted without its data, a worker that died holding it)."""
    now = timezone.now()
    by_doublings: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_doublings[min(row.sends, MAX_BACKOFF_DOUBLINGS)].append(row.pk)
        if row.sends + 1 == MAX_SENDS:
            logger.error("Outbox row %s (%s) sent %s times: not sent again", row.pk, row, MAX_SENDS)
    for doublings, pks in by_doublings.items():
        OutboxMessage.objects.filter(pk__in=pks).update(
            sent_at=now,
            sends=F("sends") + 1,
            started_at=None,
            holder="",
            due_at=now + _lease() * 2**doublings,
        )


def outbox_claim(*, message_id: int, holder: str) -> bool:
    """A task run takes the lease on its row before it starts. False when the row is done
    already (deleted) or another live run holds it (a duplicate message): the run is skipped.
    The same message delivered again (a retry, a redelivery) keeps its claim."""
    now = timezone.now()
    return (
        OutboxMessage.objects.filter(pk=message_id)
        .filter(Q(started_at__isnull=True) | Q(holder=holder) | Q(due_at__lte=now))
        .update(started_at=now, holder=holder, due_at=now + _lease())
        == 1
    )


@contextlib.contextmanager
def outbox_lease_kept(*, message_id: int, holder: str) -> Iterator[None]:
    """While a claimed run goes on, a thread renews its lease every third of a lease, so that
    a long task is not sent again while it runs, and the row of a run that died comes due a
    lease after its last renewal. (The thread opens a database connection only if the run
    lasts that long.)"""
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(settings.OUTBOX_LEASE_SECONDS / 3):
                try:
                    # Never shortens a later due time (a retry's, see outbox_release_for_retry).
                    OutboxMessage.objects.filter(pk=message_id, holder=holder).update(
                        due_at=Greatest(F("due_at"), timezone.now() + _lease())
                    )
                except DatabaseError:
                    logger.warning("Outbox row %s: lease not renewed", message_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections

    thread = threading.Thread(target=renew, name=f"outbox-lease-{message_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def outbox_release_for_retry(*, message_id: int, holder: str, at: datetime.datetime) -> None:
    """A run that retries at `at` keeps its row until then, plus a lease for the retry to
    start: if the worker holding the retry dies, the relay sends the row again."""
    OutboxMessage.objects.filter(pk=message_id, holder=holder).update(due_at=at + _lease())


def outbox_complete(*, message_id: int) -> None:
    """The task has run (or failed for good): its row is pruned."""
    OutboxMessage.objects.filter(pk=message_id).delete()


def outbox_resend_unstarted() -> int:
    """After a broker outage: rows sent but not started may have been lost with the broker's
    data; they are due again now (a copy that survived is skipped by its row's claim)."""
    return OutboxMessage.objects.filter(
        sent_at__isnull=False, started_at__isnull=True, due_at__gt=timezone.now()
    ).update(due_at=timezone.now())


def broker_answers() -> bool:
    """Whether the broker accepts a new connection now (for Redis, the channel pings it)."""
    try:
        with _celery_app().connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
            connection.default_channel  # noqa: B018 (opens the channel, which pings Redis)
    except Exception:
        return False
    return True
