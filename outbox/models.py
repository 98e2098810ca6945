from django.db import models


class OutboxMessage(models.Model):
    """One task to run, written in the transaction of the data it concerns. The relay sends it
    when `due_at` has passed; it stays until the task has run (the task deletes it), so a
    message lost by the broker or by a worker that died is sent again (see services)."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the relay sends it (again): at once or after a countdown while unsent; once sent,
    # when the task should have started or (once started) finished, the lease.
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    # The Celery task id of the run that holds the lease ("" while none does).
    holder = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["due_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
