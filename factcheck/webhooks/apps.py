from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "factcheck.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks: subscriptions and deliveries to newsroom tools"
