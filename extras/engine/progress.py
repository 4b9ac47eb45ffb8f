"""Progress of a run and how long a job usually takes: what a job reports with `self.progress(done, total)`,
turned into a percentage and an estimated time left; and the median / 95th percentile duration of a job's
last successful runs, shown on its run form before a run starts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobResult

MAX_MESSAGE_LENGTH = 200
TYPICAL_DURATION_RUNS = 20  # the last successful runs a job's typical duration is computed from


@dataclass(frozen=True)
class Progress:
    """A run's last reported progress; `eta` is the time left at the rate so far (None if unknown)."""

    done: int
    total: int | None
    message: str
    updated: datetime | None
    elapsed: timedelta | None
    eta: timedelta | None

    @property
    def percent(self) -> float | None:
        if not self.total:
            return None
        return min(100.0, 100.0 * self.done / self.total)

    def as_dict(self) -> dict:
        return {
            "done": self.done,
            "total": self.total,
            "percent": None if self.percent is None else round(self.percent, 1),
            "message": self.message,
            "updated": self.updated.isoformat() if self.updated else None,
            "eta_seconds": None if self.eta is None else round(self.eta.total_seconds(), 1),
        }


def clean_progress(done, total, message=None) -> tuple[int, int | None, str]:
    """What `self.progress()` stores: whole non-negative counts (done ≤ total) and a short message."""
    done = max(int(done), 0)
    total = None if total is None else max(int(total), 0)
    if total is not None:
        done = min(done, total)
    text = "" if message is None else str(message)[:MAX_MESSAGE_LENGTH]
    return done, total, text


def progress_of(result: JobResult, now: datetime | None = None) -> Progress | None:
    """The run's progress, or None when its job never reported any.

    The ETA assumes the remaining items go at the average rate so far (from `started` to the last report);
    it is None before the first item is done, once the run ended, or without a total.
    """
    if result.progress_done is None:
        return None
    now = now or timezone.now()
    begin = result.started or result.created
    end = result.completed or now
    elapsed = end - begin if begin else None
    eta = None
    done, total = result.progress_done, result.progress_total
    if not result.is_terminal and total and 0 < done < total and begin and result.progress_updated:
        spent = (result.progress_updated - begin).total_seconds()
        if spent > 0:
            left = spent / done * (total - done) - (now - result.progress_updated).total_seconds()
            eta = timedelta(seconds=max(left, 0.0))
    return Progress(done, total, result.progress_message, result.progress_updated, elapsed, eta)


@dataclass(frozen=True)
class TypicalDuration:
    """How long a job's last successful runs took: median and 95th percentile, from `runs` runs."""

    median: timedelta
    p95: timedelta
    runs: int


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of values sorted ascending."""
    rank = max(math.ceil(fraction * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def typical_duration(job: Job, runs: int = TYPICAL_DURATION_RUNS) -> TypicalDuration | None:
    """Median and p95 duration of the job's last `runs` completed runs (one query); None if it has none."""
    rows = (
        JobResult.objects.filter(job_model=job, status=Status.STATUS_COMPLETED, completed__isnull=False)
        .exclude(started__isnull=True)
        .order_by("-completed")
        .annotate(took=F("completed") - F("started"))
        .values_list("took", flat=True)[:runs]
    )
    seconds = sorted(took.total_seconds() for took in rows if took is not None)
    if not seconds:
        return None
    median = (
        seconds[len(seconds) // 2]
        if len(seconds) % 2
        else (seconds[len(seconds) // 2 - 1] + seconds[len(seconds) // 2]) / 2
    )
    return TypicalDuration(
        timedelta(seconds=median), timedelta(seconds=percentile(seconds, 0.95)), len(seconds)
    )
