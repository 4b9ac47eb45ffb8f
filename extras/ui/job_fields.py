"""The `job` of a job button or job hook in its add/edit form: only a job the user may run
(extras/engine/run_permission.py), on create and on every edit, refused as an error on `job`."""

from __future__ import annotations

from extras.engine.run_permission import run_refusal


class RunnableJobFormMixin:
    """Mix into a ModelForm with a `job` field; core.forms.restrict_form_querysets hands it the user."""

    user = None

    def limit_to_user(self, user) -> None:
        self.user = user

    def refuse_unrunnable_job(self, job) -> None:
        # A form built without a user (never by the edit pages) cannot tell who would run the job: refuse.
        refusal = run_refusal(self.user, job)
        if refusal is not None:
            self.add_error("job", refusal)
