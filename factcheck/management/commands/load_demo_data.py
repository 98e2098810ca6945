from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from factcheck.demo_data import DEMO_ARTICLES, DEMO_USERS
from factcheck.serializers import ArticleCreateSerializer
from factcheck.services.api_clients import api_client_issue_key
from factcheck.services.articles import article_create


class Command(BaseCommand):
    help = (
        "Create demo logins (editors and a fact-checker with known passwords), a demo API "
        "client, and demo articles. Safe to run again. Refused when DEBUG is off, because the "
        "demo passwords are public."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo logins have public passwords: refusing with DEBUG off.")
        user_model = get_user_model()
        for username, password, role, description in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"login {description}: {username} / {password}")
        admin, _ = user_model.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password("demo-admin-pass")
        admin.save()
        admin.groups.set([Group.objects.get(name="admin")])
        self.stdout.write("login admin: admin / demo-admin-pass")

        # The demo newsroom tool sends the demo articles, so its key sees them and their flags.
        issued = api_client_issue_key(name="demo-newsroom")
        created = 0
        for record in DEMO_ARTICLES:
            serializer = ArticleCreateSerializer(data=record)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            result = article_create(
                body=data["body"],
                title=data["title"],
                url=data["url"],
                publisher_name=data["publisher"],
                published_at=data["published_at"],
                submitted_by=issued.client.user,
            )
            created += result.created
        self.stdout.write(
            f"demo articles: {created} created, {len(DEMO_ARTICLES) - created} already there"
        )
        self.stdout.write(f"API key of the demo client 'demo-newsroom': {issued.key}")
