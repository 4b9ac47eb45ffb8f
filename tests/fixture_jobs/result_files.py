"""Nautobot 2.x jobs that offer result files with `self.create_file()`: a CSV report, one over the size
limit, one naming two files alike and one with a name that tries to leave its folder."""

import csv
import io

from django.conf import settings
from django.utils.text import slugify
from nautobot.apps.jobs import DryRunVar, IntegerVar, Job, register_jobs
from nautobot.dcim.models import Manufacturer

name = "Result files (Nautobot 2.x)"


def report_rows(count):
    """The rows of the CSV report: a header, then `count` numbered rows (one non-ASCII name)."""
    return [["name", "number"], *[[f"Müller {number}", number] for number in range(1, count + 1)]]


def csv_text(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


class CsvReport(Job):
    """Write a CSV report of numbered rows, and a manufacturer (which a dry run rolls back)."""

    dryrun = DryRunVar()
    rows = IntegerVar(default=3, min_value=0)

    class Meta:
        name = "CSV report"
        has_sensitive_variables = False

    def run(self, *, dryrun, rows):
        Manufacturer.objects.create(name="Reported Inc", slug=slugify("Reported Inc"))
        stored = self.create_file("report.csv", csv_text(report_rows(rows)))
        self.logger.info("Wrote %s (%s bytes)", stored.name, stored.size)


class OversizedFile(Job):
    """Write a small file, then one a byte over JOBS_CREATE_FILE_MAX_SIZE."""

    class Meta:
        name = "Oversized file"
        has_sensitive_variables = False

    def run(self):
        self.create_file("small.txt", "fits")
        self.create_file("huge.bin", b"x" * (settings.JOBS_CREATE_FILE_MAX_SIZE + 1))
        self.logger.info("Not reached")


class SameNameTwice(Job):
    """Write two files of the same name."""

    class Meta:
        name = "Same name twice"
        has_sensitive_variables = False

    def run(self):
        self.create_file("twice.txt", "first")
        self.create_file("twice.txt", "second")
        self.logger.info("Not reached")


class EscapingName(Job):
    """Write files whose names hold path separators, and one whose content is HTML."""

    class Meta:
        name = "Escaping name"
        has_sensitive_variables = False

    def run(self):
        self.create_file("../../etc/passwd", "root:x:0:0")
        self.create_file("page.html", "<script>alert(1)</script>")


register_jobs(CsvReport, OversizedFile, SameNameTwice, EscapingName)
