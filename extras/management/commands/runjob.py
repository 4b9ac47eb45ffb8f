"""`manage.py runjob [--username U] [--commit] [--data JSON] [--local] <class_path|module.Class|UUID|name>`.

Without --local the run goes to the workers and this command follows it, printing log lines as
they arrive; with --local it runs in this process through the same runner. At the end it prints a
summary, with the objects the run changed (or, for a dry run, would have changed). Exit codes: 0 completed,
1 failed/errored/refused, 2 invalid input (each bad variable is named).
"""

from __future__ import annotations

from django.core.management.base import CommandError

from extras.management.run_command import JobRunCommand


class Command(JobRunCommand):
    help = "Run a job by class path (local/module/Class), module.Class, UUID or name, and print its log."

    def add_arguments(self, parser):
        parser.add_argument("job", help="class_path (e.g. local/example/MyJob), module.Class, UUID or name")
        parser.add_argument("-u", "--username", help="User the job runs as (required with --commit).")
        parser.add_argument("-c", "--commit", action="store_true", help="Commit database changes.")
        parser.add_argument("-d", "--data", default="{}", help="Job input as a JSON object.")
        parser.add_argument(
            "-l", "--local", action="store_true", help="Run in this process, not on a worker."
        )
        parser.add_argument("--task-queue", help="Queue to submit to (default: the job's first queue).")

    def handle(self, job, username, commit, data, local, task_queue, **options):
        if commit and not username:
            raise CommandError("--username is mandatory when --commit is used", returncode=2)
        self.run_job(
            job, user=self.get_user(username), data=data, commit=commit, local=local, task_queue=task_queue
        )
