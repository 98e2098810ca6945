"""Model permissions of the review workflow's models for the four roles, and the review
settings row. Every workflow write (assigning, verdicts, approval, …) goes through the
services from the admin's actions, so the reviews models are view-only for everybody; editors
and admins change the review settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ("view",)

REVIEWS_PERMISSIONS = {
    "fact-checker": {"assignment": VIEW, "verdict": VIEW, "evidence": VIEW,
                     "reviewsettings": VIEW},
    "editor": {"assignment": VIEW, "verdict": VIEW, "evidence": VIEW,
               "reviewsettings": ("view", "change")},
    "admin": {"assignment": VIEW, "verdict": VIEW, "evidence": VIEW,
              "reviewsettings": ("view", "change")},
    "integration": {},
}


def set_permissions(apps, schema_editor):
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in REVIEWS_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reviews")
        )
        group.permissions.add(
            *[
                Permission.objects.get(
                    content_type__app_label="reviews", codename=f"{action}_{model}"
                )
                for model, actions in models.items()
                for action in actions
            ]
        )
    apps.get_model("reviews", "ReviewSettings").objects.get_or_create(pk=1)


def unset_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=REVIEWS_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="reviews",
                content_type__model__in=["evidence", "reviewsettings"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0002_roles"),
        ("reviews", "0002_review_workflow"),
    ]

    operations = [migrations.RunPython(set_permissions, unset_permissions)]
