"""The engine's one way to hand work to the workers: a port that the Celery adapter fills in.

The engine never imports Celery. It calls `send_run()` / `send_sync()`; extras.tasks registers the
functions that publish the Celery messages when Django starts (see extras.apps), as Django's
`send_mail` hands mail to whichever backend is configured. A test may register its own.
"""

from __future__ import annotations

from typing import Protocol


class Dispatcher(Protocol):
    def send_run(self, result, *, data: dict, files: dict | None, time_limit: float) -> None:
        """Publish one run (a pending JobResult) at once, without retrying: raise when the broker refuses it."""

    def send_sync(self, result) -> None:
        """Publish one Git repository sync (its pending JobResult) the same way."""


_dispatcher: Dispatcher | None = None


def register(dispatcher: Dispatcher | None) -> Dispatcher | None:
    """Make `dispatcher` the one the engine uses; returns the previous one (so a test can put it back)."""
    global _dispatcher
    previous, _dispatcher = _dispatcher, dispatcher
    return previous


def dispatcher() -> Dispatcher:
    if _dispatcher is None:
        raise RuntimeError(
            "No dispatcher is registered: the jobs app's Celery adapter (extras.tasks) was not loaded."
        )
    return _dispatcher


def send_run(result, *, data: dict, files: dict | None = None, time_limit: float) -> None:
    dispatcher().send_run(result, data=data, files=files, time_limit=time_limit)


def send_sync(result) -> None:
    dispatcher().send_sync(result)
