from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "factcheck.outbox"
    label = "outbox"
    verbose_name = "Outbox: tasks waiting to be sent to the broker"
