"""The admin role reads the webhook subscriptions, events and delivery log in the admin and may
replay deliveries (see factcheck/migrations/0002_roles.py for the other roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_CODENAMES = [
    "view_webhooksubscription",
    "view_webhookevent",
    "view_webhookdelivery",
    "replay_webhookdelivery",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="admin")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="webhooks", codename__in=ADMIN_CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="admin"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="webhooks", codename__in=ADMIN_CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("factcheck", "0002_roles"),
        ("webhooks", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
