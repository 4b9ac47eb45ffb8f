"""What `runjob` and `runscript` share: find the job, submit it, follow its log lines, summarise (with the files
the run created), exit.

Exit codes: 0 completed, 1 failed/errored/refused, 2 invalid input (each bad variable is named) or a usage
error. A run goes through submit_job() and the runner like every other: on a worker, printing its lines as
they arrive, or in this process (`local`).
"""

from __future__ import annotations

import json
import threading
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.urls import reverse

from core.permissions import restrict_queryset
from extras.changes.selectors import change_summary
from extras.choices import JobResultStatusChoices as Status
from extras.choices import LogLevelChoices
from extras.engine.job_records import sync_job_records
from extras.engine.runner import run_job_result
from extras.engine.services import RunRequest, SubmissionError, submit_job
from extras.liveness.reaper import reap_lost_runs
from extras.models import Job, JobLogEntry, JobResult
from extras.result_files.selectors import files_of

POLL_INTERVAL = 0.2
REAP_INTERVAL = 10.0


class JobRunCommand(BaseCommand):
    """Base of the commands that run one job; subclasses parse their own options and call run_job()."""

    def run_job(
        self,
        identifier: str,
        *,
        user,
        data: str,
        commit: bool,
        local: bool,
        task_queue: str | None = None,
        levels: frozenset[str] | None = None,
    ) -> None:
        """Submit the job, print its log lines (those of `levels`, default all) and summary; raise on failure."""
        if commit and user is None:
            raise CommandError("--username is mandatory when --commit is used", returncode=2)
        payload = self.parse_data(data)
        record = self.get_job(identifier, user)
        try:
            submission = submit_job(
                RunRequest(
                    job=record,
                    user=user,
                    data=payload,
                    commit=commit,
                    task_queue=task_queue,
                    source="cli",
                    enqueue=not local,
                )
            )
        except SubmissionError as error:
            raise CommandError(error.message, returncode=1) from None
        except Exception as error:
            errors = getattr(error, "errors", None)
            if errors is None:
                raise
            lines = [f"  {name}: {' '.join(messages)}" for name, messages in errors.items()]
            raise CommandError("Invalid job input:\n" + "\n".join(lines), returncode=2) from None
        result = submission.job_result
        self.stdout.write(
            f"Job result {result.pk} ({'local' if local else 'queued on ' + result.task_queue})"
        )
        follower = LogFollower(result, self.stdout, levels)
        if local:
            thread = threading.Thread(target=follower.follow_in_thread, daemon=True)
            thread.start()
            run_job_result(result.pk, data=submission.data)
            follower.stop_when_done()
            thread.join()
        else:
            follower.follow()
        result.refresh_from_db()
        self.print_summary(result)
        if result.status != Status.STATUS_COMPLETED:
            raise CommandError(f"{result.name}: {result.status.upper()}", returncode=1)

    def get_user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No such user: {username}", returncode=2) from None

    def parse_data(self, data: str) -> dict:
        try:
            payload = json.loads(data)
        except json.JSONDecodeError as error:
            raise CommandError(f"Invalid JSON data: {error}", returncode=2) from None
        if not isinstance(payload, dict):
            raise CommandError("Invalid JSON data: --data must be a JSON object", returncode=2)
        return payload

    def get_job(self, identifier: str, user) -> Job:
        sync_job_records()
        try:
            record = Job.objects.lookup(identifier)
        except (Job.DoesNotExist, Job.MultipleObjectsReturned) as error:
            raise CommandError(f'Job "{identifier}" not found: {error}', returncode=2) from None
        if user is not None and not restrict_queryset(Job.objects.filter(pk=record.pk), user, "run").exists():
            raise CommandError(f"User {user} does not have permission to run this Job", returncode=1)
        return record

    def print_summary(self, result: JobResult) -> None:
        groups: dict[str, dict[str, int]] = {}
        for grouping, level in JobLogEntry.objects.filter(job_result_id=result.pk).values_list(
            "grouping", "log_level"
        ):
            groups.setdefault(grouping, dict.fromkeys(LogLevelChoices.COUNTED, 0))
            if level in LogLevelChoices.COUNTED:
                groups[grouping][level] += 1
        for grouping, counts in groups.items():
            self.stdout.write(f"{grouping}: " + ", ".join(f"{n} {level}" for level, n in counts.items()))
        if result.output:
            self.stdout.write(f"Output:{result.output}")
        for line in change_summary(result):
            self.stdout.write(line)
        for stored in files_of(result):
            path = reverse("extras-api:fileproxy-download", kwargs={"pk": stored.pk})
            self.stdout.write(f"File: {stored.name} ({stored.size} bytes) {path}")
        duration = result.duration.total_seconds() if result.duration else 0
        self.stdout.write(f"{result.name}: {result.status.upper()} in {duration:.3f} s")


class LogFollower:
    """Prints a result's log lines (of `levels`, default all) as they are written, until it is terminal."""

    def __init__(self, result: JobResult, stdout, levels: frozenset[str] | None = None):
        self.result = result
        self.stdout = stdout
        self.levels = levels
        self.last_sequence = 0
        self._done = threading.Event()

    def stop_when_done(self) -> None:
        self._done.set()

    def print_new_lines(self) -> None:
        entries = JobLogEntry.objects.filter(job_result_id=self.result.pk, sequence__gt=self.last_sequence)
        for entry in entries.order_by("sequence"):
            self.last_sequence = entry.sequence
            if self.levels is not None and entry.log_level not in self.levels:
                continue
            prefix = f"{entry.log_object}: " if entry.log_object else ""
            self.stdout.write(f"[{entry.grouping}] {entry.log_level}: {prefix}{entry.message}")

    def follow_in_thread(self) -> None:
        """follow() in a thread of its own, whose database connections are closed when it ends."""
        try:
            self.follow()
        finally:
            connections.close_all()  # this thread's connections only

    def follow(self) -> None:
        last_reap = time.monotonic()
        while True:
            finished = self._done.is_set() or (
                JobResult.objects.filter(pk=self.result.pk, status__in=Status.TERMINAL).exists()
            )
            self.print_new_lines()
            if finished:
                return
            if time.monotonic() - last_reap >= REAP_INTERVAL:
                # Waiting is also watching: if every worker died, nobody else may end a lost run.
                reap_lost_runs()
                last_reap = time.monotonic()
            time.sleep(POLL_INTERVAL)
