"""`manage.py create_token <username> [--expires DAYS] [--read-only]`: print a new API key as the last word."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from users.models import Token


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--expires", type=int, metavar="DAYS", help="Expire after this many days.")
        parser.add_argument("--read-only", action="store_true", help="Token may only read (no writes).")
        parser.add_argument("--description", default="", help="What the token is for.")

    def handle(self, username, expires, read_only, description, **options):
        if expires is not None and expires <= 0:
            raise CommandError("--expires must be a positive number of days")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No such user: {username}") from None
        token, key = Token.create_for(
            user, expires_in_days=expires, write_enabled=not read_only, description=description
        )
        expiry = f", expires {token.expires:%Y-%m-%d %H:%M %Z}" if token.expires else ""
        mode = "read-only" if read_only else "write-enabled"
        self.stdout.write(f"Created {mode} token for {username}{expiry}: {key}")
