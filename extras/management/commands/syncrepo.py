"""`manage.py syncrepo <slug>`: sync a Git repository on a worker (or here, with --local) and print its log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from extras.choices import JobResultStatusChoices as Status
from extras.engine.services import NoWorkerAvailable
from extras.git.sync import enqueue_sync, run_sync_result
from extras.management.run_command import LogFollower
from extras.models import GitRepository


class Command(BaseCommand):
    help = (
        "Fetch a Git repository's branch, check out its head, and refresh the jobs it provides. "
        "Exits 0 when the sync completed, 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The repository's slug.")
        parser.add_argument(
            "--local", action="store_true", help="Sync in this process instead of on a worker."
        )
        parser.add_argument("--username", help="Record the sync as requested by this user.")

    def handle(self, slug: str, local: bool, username: str | None, **options):
        try:
            repository = GitRepository.objects.get(slug=slug)
        except GitRepository.DoesNotExist:
            raise CommandError(f'No Git repository with slug "{slug}"', returncode=2) from None
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No such user: {username}", returncode=2)
        try:
            with transaction.atomic():
                result = enqueue_sync(repository, user=user, enqueue=not local)
        except NoWorkerAvailable as error:
            raise CommandError(f"{error.message} Use --local to sync here.", returncode=1) from None
        self.stdout.write(f"Sync {result.pk} of {repository} ({'local' if local else 'queued'})")
        follower = LogFollower(result, self.stdout)
        if local:
            run_sync_result(result.pk)
        follower.follow()
        result.refresh_from_db()
        repository.refresh_from_db()
        self.stdout.write(
            f"{repository}: {result.status.upper()} at commit {repository.current_head or '(none)'}"
        )
        if result.status != Status.STATUS_COMPLETED:
            raise CommandError(f"Sync of {repository} {result.status}", returncode=1)
