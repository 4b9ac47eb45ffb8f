"""Who may have a job run: the one rule for runs nobody starts from the job's own form.

A job button or job hook runs its job later, for other people's presses and changes, so whoever creates or
edits one must be allowed to run that job themselves (run_refusal). Each run then acts for the user who
pressed the button or made the change and needs that user's own run permission (hook_run_refusal): nobody
gets a run they may not start, and no run acts as someone other than the user who caused it.
"""

from __future__ import annotations

from core.permissions import user_can
from extras.models import Job


def may_run(user, job: Job) -> bool:
    """Does `user` (an active, authenticated user) hold `extras.run_job` on this job, constraints included?"""
    return user is not None and user.is_authenticated and user_can(user, "run", job)


def run_refusal(user, job: Job | None) -> str | None:
    """Why `user` may not make a job button or job hook run `job` (None when they may)."""
    if job is None or may_run(user, job):
        return None
    return f'You may not run the job "{job}", so you may not have a job button or job hook run it.'


def hook_run_refusal(user, job: Job) -> str | None:
    """Why a change by `user` may not start a run of `job` (None when it may): the run acts for `user`."""
    if user is None or not user.is_authenticated:
        return (
            f"the change was made by no user, and a job hook runs its job only for the user who made the "
            f'change, who needs run permission on "{job}".'
        )
    if not may_run(user, job):
        return f'the user "{user}" who made the change may not run the job "{job}" (no run permission on it).'
    return None
