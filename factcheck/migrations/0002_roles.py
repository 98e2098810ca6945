"""The four role groups and their model permissions. The rules of who may do what live in
factcheck/roles.py; these permissions decide what each role sees in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ("view",)
EDIT = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")

ROLE_PERMISSIONS = {
    "fact-checker": {
        "factcheck": {"publisher": VIEW, "article": VIEW, "claim": VIEW,
                      "contradictionflag": VIEW, "auditevent": VIEW},
        "reviews": {"assignment": VIEW, "verdict": ("view", "add")},
    },
    "editor": {
        "factcheck": {"publisher": EDIT, "article": EDIT, "claim": EDIT,
                      "contradictionflag": ("view", "change"), "auditevent": VIEW},
        "reviews": {"assignment": EDIT, "verdict": VIEW},
    },
    "admin": {
        "factcheck": {"publisher": ALL, "article": ALL, "claim": ALL,
                      "contradictionflag": ("view", "change"), "auditevent": VIEW,
                      "apiclient": ALL, "apitoken": ("view", "change")},
        "reviews": {"assignment": EDIT, "verdict": VIEW},
        "auth": {"user": ALL, "group": VIEW},
    },
    "integration": {},
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now. The stub
    # app configs of the migration state need `models_module` set for that.
    for app_label in ("auth", "factcheck", "reviews"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in by_app.items()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("factcheck", "0001_initial"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
