"""`manage.py database start|stop|status`: the embedded PostgreSQL outside `make run`.

`make run` starts and stops the embedded server itself; this command is for using `manage.py` (shell,
runjob --local, dbshell, a backup with pg_dump) while the platform is not running.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Start, stop or show the embedded PostgreSQL server in DATA_DIR/postgres (not with DATABASE_URL)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args, action: str, **options) -> None:
        server = settings.EMBEDDED_DATABASE
        if server is None:
            raise CommandError(
                "DATABASE_URL is set: the database is an external server, not the embedded one."
            )
        if action == "start":
            started = server.start()
            verb = "Started" if started else "Already running:"
            self.stdout.write(
                f"{verb} the embedded PostgreSQL in {server.data_dir} (socket in {server.socket_dir})."
            )
        elif action == "stop":
            stopped = server.stop()
            self.stdout.write("Stopped." if stopped else "It was not running.")
        else:
            pid = server.server_pid()
            if pid is None:
                self.stdout.write(f"Not running (data in {server.data_dir}).")
                raise SystemExit(3)  # like pg_ctl status
            self.stdout.write(
                f"Running (pid {pid}); data in {server.data_dir}, socket in {server.socket_dir}."
            )
