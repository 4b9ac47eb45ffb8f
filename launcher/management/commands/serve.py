"""`manage.py serve`: the whole platform in one command (`make run`), supervised until Ctrl-C.

It starts the embedded PostgreSQL (unless DATABASE_URL names a server), prepares the database
(migrations, the admin user, with `--demo` the demo inventory and enabled example jobs), then runs
gunicorn, a Celery worker and Celery beat. A process that dies is restarted (launcher/supervisor.py).
"""

from __future__ import annotations

import os
import signal
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from launcher.embedded_postgres import SERVER_USER
from launcher.generation import AlreadyRunning, PidFile
from launcher.supervisor import Child, Supervisor


def platform_children(host: str, port: int, *, web_workers: int, concurrency: int) -> list[Child]:
    """The three processes of a running platform, with the same commands docker-compose.yml runs."""
    python = [sys.executable, "-m"]
    web = ["gunicorn", "jobsplatform.wsgi:application", "--bind", f"{host}:{port}", "--access-logfile", "-"]
    web += ["--workers", str(web_workers), "--threads", "4", "--graceful-timeout", "10"]
    # A process with all its threads busy leaves new connections to the others (jobsplatform/gunicorn_worker.py).
    web += ["--worker-class", "jobsplatform.gunicorn_worker.ThreadWorker"]
    worker = ["celery", "-A", "jobsplatform", "worker", "-l", "info", "--concurrency", str(concurrency)]
    worker += ["-Q", settings.CELERY_TASK_DEFAULT_QUEUE]
    beat = ["celery", "-A", "jobsplatform", "beat", "-l", "info"]
    return [Child("web", python + web), Child("worker", python + worker), Child("beat", python + beat)]


def database_service(out) -> list[Child]:
    """The embedded PostgreSQL as a supervised service, or nothing when it is not ours to run."""
    server = settings.EMBEDDED_DATABASE
    if server is None:
        return []
    server.prepare()
    pid = server.server_pid()
    if pid is not None:
        out.write(
            f"The embedded PostgreSQL already runs (pid {pid}); it is used as it is and left running.\n"
        )
        return []
    return [
        Child(
            "db",
            server.server_command(),
            stop_signal=signal.SIGINT,  # PostgreSQL's fast shutdown: disconnect clients, then stop cleanly
            death_signal=signal.SIGINT,
            ready=server.accepts_connections,
            user=SERVER_USER if os.geteuid() == 0 else None,
        )
    ]


class Command(BaseCommand):
    help = (
        "Start the embedded PostgreSQL (without DATABASE_URL), migrate, then run the web server (gunicorn), a "
        "Celery worker and Celery beat until Ctrl-C or SIGTERM. A process that dies is restarted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default: 127.0.0.1).")
        default_port = int(os.environ.get("PORT") or 8080)
        parser.add_argument("--port", type=int, default=default_port, help="Port (default: $PORT or 8080).")
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes (default: 2).")
        parser.add_argument(
            "--concurrency", type=int, default=2, help="Celery worker processes (default: 2)."
        )
        parser.add_argument(
            "--stop-timeout", type=float, default=30.0, help="Graceful stop wait (default: 30 s)."
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also load the demo inventory and enable the example jobs the first time they are found.",
        )

    def handle(self, *args, host: str, port: int, **options) -> None:
        self.stdout.write(self.where_data_lives())
        pid_file = PidFile(settings.DATA_DIR / "serve.pid")
        try:
            pid_file.stop_leftovers(lambda line: self.stdout.write(f"launcher | {line}"))
        except AlreadyRunning as error:
            raise CommandError(f"{error}; stop it first (Ctrl-C or SIGTERM).") from None
        supervisor = Supervisor(
            platform_children(
                host, port, web_workers=options["web_workers"], concurrency=options["concurrency"]
            ),
            sys.stdout,
            services=database_service(self.stdout),
            prepare=lambda: self.prepare(demo=options["demo"]),
            stop_timeout=options["stop_timeout"],
            cwd=str(settings.BASE_DIR),
            pid_file=pid_file,
        )
        self.stdout.write(
            f"Serving http://{host}:{port}/ with a Celery worker and beat; Ctrl-C stops them all."
        )
        self.stdout.flush()
        code = supervisor.run()
        if code:
            raise SystemExit(code)

    def where_data_lives(self) -> str:
        server = settings.EMBEDDED_DATABASE
        database = (
            f"embedded PostgreSQL in {server.data_dir} (socket in {server.socket_dir}, log {server.log_path})"
            if server is not None
            else "PostgreSQL at DATABASE_URL"
        )
        broker = settings.CELERY_BROKER_URL.split("://")[0]
        broker += f" in {settings.BROKER_DIR}" if broker == "filesystem" else " at CELERY_BROKER_URL"
        return f"Data in {settings.DATA_DIR}: {database}; task broker: {broker}."

    def prepare(self, *, demo: bool) -> None:
        """Bring the database up to date before the web server and the workers start (all idempotent)."""
        if settings.EMBEDDED_DATABASE is not None:
            settings.EMBEDDED_DATABASE.ensure_database(settings.DATABASES["default"]["NAME"])
        call_command("migrate", interactive=False, verbosity=1)
        call_command("bootstrap")
        if demo:
            call_command("load_demo_data")  # the demo enables the example jobs the first time they are found
        call_command("syncjobs", enable_new=demo)
        connections.close_all()  # the children open their own
        self.stdout.flush()
