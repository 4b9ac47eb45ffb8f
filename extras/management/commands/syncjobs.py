"""`manage.py syncjobs`: discover job classes and bring Job records in line; report import errors."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from extras.engine.job_records import sync_job_records
from extras.engine.loading import loader


class Command(BaseCommand):
    help = (
        "Discover jobs in JOBS_ROOT (installing its requirements.txt), create/refresh their records, "
        "report import errors (Git: syncrepo)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enable-new",
            action="store_true",
            help="Enable jobs discovered for the first time (demo set-ups).",
        )

    def handle(self, enable_new: bool, **options):
        report = sync_job_records(enable_new=True if enable_new else None)
        for job in report.created:
            self.stdout.write(f"Created  {job.class_path}{'' if job.enabled else ' (disabled)'}")
        for job in report.uninstalled:
            self.stdout.write(f"Removed  {job.class_path} (marked not installed)")
        for source in loader.sources():  # JOBS_ROOT's requirements.txt, installed while its jobs were loaded
            requirements = source.requirements()
            if requirements is not None and requirements.installed:
                pinned = ", ".join(requirements.pinned()) or "none"
                self.stdout.write(f"Packages of {source.name} ({requirements.file}): {pinned}")
        for problem in report.problems:
            self.stderr.write(f"Import error in {problem.path}: {problem.error}")
        self.stdout.write(
            f"Jobs: {len(report.created)} created, {len(report.refreshed)} refreshed, "
            f"{len(report.uninstalled)} uninstalled, {len(report.problems)} module(s) failed to import."
        )
