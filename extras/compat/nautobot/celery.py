"""`nautobot.core.celery` as Nautobot 2.0 job files import it: `from nautobot.core.celery import register_jobs`.

Only register_jobs: the Celery application itself is the platform's and is not job code's to use.
"""

from __future__ import annotations

from extras.jobs.registry import register_jobs

__all__ = ["register_jobs"]
