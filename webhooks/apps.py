from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    label = "webhooks"
    verbose_name = "Webhooks: subscriptions and deliveries to newsroom tools"

    def ready(self) -> None:
        # Imported here, not at the top: models may be imported only once the app registry
        # is ready (Django's app-loading order).
        from factcheck.events import event_recorder_register

        from .services.deliveries import webhook_events_record_many

        event_recorder_register(webhook_events_record_many)
