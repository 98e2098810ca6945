from django.core.management.base import BaseCommand, CommandError

from factcheck.services.api_clients import api_client_issue_key


class Command(BaseCommand):
    help = (
        "Create an API client for a newsroom tool, or rotate the key of an existing one, and "
        "print the new key as the last line. The key is shown only now: only its digest is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="Issue an additional key without revoking the client's current keys.",
        )

    def handle(self, *args, name, keep_existing, **options):
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("The client name must be 1 to 100 characters.")
        issued = api_client_issue_key(name=name, revoke_existing=not keep_existing)
        self.stdout.write(f"API client '{issued.client.name}' (user {issued.client.user.username})")
        if not keep_existing:
            self.stdout.write("Earlier keys of this client are revoked.")
        self.stdout.write("Send it as: Authorization: Bearer <key>")
        self.stdout.write(issued.key)
