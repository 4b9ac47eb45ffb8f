"""The features the engine serves but never imports: the change log, schedules and queues fill in these ports
when Django starts (extras.apps), as the Celery adapter fills in dispatch.py.

So the layers point one way (engine → models and the authoring API; schedules, changes and queues → engine):
- `run_changes(result)`: the runner's collaborator that records a run's changes, stores a dry run's change
  set and, for a commit that must reproduce a reviewed dry run, raises ChangeSetMismatch (extras.changes.runs);
- `schedules()`: how submit_job() reads a request's `schedule` and records a schedule or a request for
  approval (extras.schedules.requests);
- `record_refreshed(job, job_class, created)`: what follows a job record's refresh from its class (its
  declared queues, extras.queues.assignment).
Without a registered feature the engine still runs jobs: no change is recorded, and scheduling is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol


class ChangeSetMismatch(Exception):
    """The commit run's changes differ from the reviewed dry run's; `differences` says how."""

    def __init__(self, reviewed, differences: list[str]):
        super().__init__(f"{len(differences)} difference(s) from the reviewed dry run {reviewed.pk}")
        self.reviewed = reviewed
        self.differences = differences

    def lines(self) -> list[str]:
        """What the run logs: a heading, then one line per difference ("... expected ..., got ...")."""
        heading = (
            f"The changes differ from those of the reviewed dry run {self.reviewed.pk} "
            f"({len(self.differences)} difference(s)); nothing was committed."
        )
        return [heading, *self.differences]


class RunChangeTracker(Protocol):
    count: int

    def recording(self) -> AbstractContextManager: ...
    def store_captured(self) -> None: ...
    def settle(self, *, commit: bool) -> None: ...
    def settle_post_run(self) -> None: ...
    def discard(self) -> None: ...


class NoChangeTracking:
    """The tracker when no change log is installed: records nothing."""

    count = 0

    def __init__(self, result=None):
        self.result = result

    @contextmanager
    def recording(self) -> Iterator[None]:
        yield

    def store_captured(self) -> None:
        pass

    def settle(self, *, commit: bool) -> None:
        pass

    def settle_post_run(self) -> None:
        pass

    def discard(self) -> None:
        pass


class Schedules(Protocol):
    def read(self, raw) -> Any:
        """The request's schedule as a value with `interval` and `immediate`, or None; raises ScheduleError."""

    def immediately(self) -> Any:
        """A run-now request (what a job that requires approval becomes)."""

    def create(
        self, job, request, *, user, data: dict, commit: bool, task_queue: str, reviewed_result
    ) -> Any:
        """Record the schedule (or the request for approval); returns the ScheduledJob."""


_tracker_factory: Callable[[Any], RunChangeTracker] = NoChangeTracking
_schedules: Schedules | None = None
_record_hooks: list[Callable[[Any, type, bool], None]] = []


def register_change_tracking(factory: Callable[[Any], RunChangeTracker]) -> None:
    global _tracker_factory
    _tracker_factory = factory


def run_changes(result) -> RunChangeTracker:
    return _tracker_factory(result)


def register_schedules(schedules: Schedules) -> None:
    global _schedules
    _schedules = schedules


def schedules() -> Schedules:
    if _schedules is None:
        raise RuntimeError(
            "No schedules feature is registered: extras.schedules was not loaded (see extras.apps)."
        )
    return _schedules


def on_record_refreshed(hook: Callable[[Any, type, bool], None]) -> None:
    """Call `hook(job, job_class, created)` after each job record is created or refreshed from its class."""
    if hook not in _record_hooks:
        _record_hooks.append(hook)


def record_refreshed(job, job_class: type, created: bool) -> None:
    for hook in _record_hooks:
        hook(job, job_class, created)
