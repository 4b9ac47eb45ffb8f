"""`manage.py runscript [--commit] [--loglevel LEVEL] [--user U] [--data JSON] <module>.<Script>` (NetBox).

The same command as runjob under NetBox's options: it runs the script in this process (as NetBox does),
prints its log lines from `--loglevel` up and a summary, and exits as runjob does (0 completed,
1 failed/errored/refused, 2 invalid input). Without `--user` the script runs as the first superuser, as
in NetBox; an unknown user is an error here rather than a silent fallback.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from extras.management.run_command import JobRunCommand

# NetBox's --loglevel → the log levels printed (ours: debug < info, success < warning < failure).
LEVELS_FROM = {
    "debug": frozenset({"debug", "info", "success", "warning", "failure"}),
    "info": frozenset({"info", "success", "warning", "failure"}),
    "warning": frozenset({"warning", "failure"}),
    "error": frozenset({"failure"}),
    "critical": frozenset({"failure"}),
}


class Command(JobRunCommand):
    help = "Run a script (module.Class; also a class path, UUID or name) in this process and print its log."

    def add_arguments(self, parser):
        parser.add_argument("script", help="<module>.<Script>, e.g. branch.NewBranchScript")
        parser.add_argument("--commit", action="store_true", help="Commit database changes.")
        parser.add_argument(
            "--loglevel",
            choices=sorted(LEVELS_FROM),
            default="info",
            help="Lowest level of log lines printed.",
        )
        parser.add_argument("--user", help="User the script runs as (default: the first superuser).")
        parser.add_argument("--data", default="{}", help="Script input as a JSON object.")

    def handle(self, script, commit, loglevel, user, data, **options):
        self.run_job(
            script,
            user=self.resolve_user(user),
            data=data,
            commit=commit,
            local=True,
            levels=LEVELS_FROM[loglevel],
        )

    def resolve_user(self, username):
        if username:
            return self.get_user(username)
        superuser = (
            get_user_model()
            .objects.filter(is_superuser=True, is_active=True)
            .order_by("date_joined", "pk")
            .first()
        )
        if superuser is None:
            raise CommandError("No --user given and no superuser to run as: give --user.", returncode=2)
        self.stdout.write(
            f"Running as {superuser.get_username()} (the first superuser; --user chooses another)."
        )
        return superuser
