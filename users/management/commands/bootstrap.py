"""`manage.py bootstrap`: first-start set-up of the `admin` superuser and its API token, idempotent."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from users.models import Token

CREDENTIALS_FILENAME = "initial_credentials.txt"


def credentials_path() -> Path:
    return Path(settings.DATA_DIR) / CREDENTIALS_FILENAME


def write_private_file(path: Path, text: str) -> None:
    """Write `text` to `path` readable by the owner only, also when the file already existed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


class Command(BaseCommand):
    help = (
        "Create the superuser (default `admin`) with a random password and an API token if it is missing, "
        "print both once and keep them in DATA_DIR/initial_credentials.txt (mode 0600). Later runs only say "
        "where that file is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Name of the superuser (default: admin).")

    def handle(self, *args, username: str, **options) -> None:
        path = credentials_path()
        if get_user_model().objects.filter(username=username).exists():
            self.report_existing(username, path)
            return
        password, key = self.create_superuser(username, path)
        self.stdout.write(f'Created superuser "{username}" and an API token for it.')
        self.stdout.write(f"Admin password: {password}")
        self.stdout.write(f"API token: {key}")
        self.stdout.write(f"Stored in {path} (mode 0600); they are not printed again.")

    @transaction.atomic
    def create_superuser(self, username: str, path: Path) -> tuple[str, str]:
        """Create user and token and store both; a failed write rolls the user back, so no secret is lost."""
        password = secrets.token_urlsafe(15)
        user = get_user_model().objects.create_superuser(username=username, email="", password=password)
        _token, key = Token.create_for(user, description="Created by manage.py bootstrap")
        write_private_file(path, self.credentials_text(username, password, key))
        return password, key

    def credentials_text(self, username: str, password: str, key: str) -> str:
        return (
            f"# Written by `manage.py bootstrap` at {timezone.now().isoformat(timespec='seconds')}.\n"
            "# Change the password after the first login, then delete this file.\n"
            f"Username: {username}\n"
            f"Admin password: {password}\n"
            f"API token: {key}\n"
        )

    def report_existing(self, username: str, path: Path) -> None:
        if path.exists():
            self.stdout.write(f'Superuser "{username}" exists; its initial credentials are in {path}.')
        else:
            self.stdout.write(f'Superuser "{username}" exists; no initial credentials file at {path}.')
