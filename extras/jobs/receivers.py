"""Job hook and job button receivers (Nautobot's JobHookReceiver and JobButtonReceiver).

A receiver is a job whose input is given by the platform, not typed into a form: a job hook passes the
committed change (`object_change`), a job button the object it was pressed on (`object_pk`,
`object_model_name` as `dcim.device`). Authors implement `receive_job_hook()` or `receive_job_button()`;
run() turns the input into those arguments.
"""

from __future__ import annotations

from django.apps import apps

from extras.jobs.base import Job
from extras.jobs.variables import ObjectVar, StringVar


class JobHookReceiver(Job):
    """Started by a job hook once for each committed change it matches; changes it makes fire no hooks."""

    object_change = ObjectVar(model="extras.ObjectChange", description="The change that started this run.")

    class Meta:
        abstract = True

    @classmethod
    def is_job_hook_receiver(cls) -> bool:
        return True

    def run(self, data, commit):
        """Receivers generally need not override this: it calls receive_job_hook()."""
        change = data["object_change"]
        return self.receive_job_hook(
            change=change, action=change.action, changed_object=change.changed_object
        )

    def receive_job_hook(self, change, action, changed_object):
        """Handle one change.

        `change` is the ObjectChange (its `prechange_data`/`postchange_data` hold the object before and after),
        `action` is "create", "update" or "delete", and `changed_object` the object as it is now (None once
        deleted).
        """
        raise NotImplementedError(
            "A JobHookReceiver implements receive_job_hook(change, action, changed_object)"
        )


class JobButtonReceiver(Job):
    """Started by a job button on an object's page, for that object."""

    object_pk = StringVar(description="The primary key of the object the button was pressed on.")
    object_model_name = StringVar(description="Its type, as app_label.model (dcim.device).")

    class Meta:
        abstract = True

    @classmethod
    def is_job_button_receiver(cls) -> bool:
        return True

    def run(self, data, commit):
        """Receivers generally need not override this: it loads the object and calls receive_job_button()."""
        model = apps.get_model(data["object_model_name"])
        obj = model._default_manager.get(pk=data["object_pk"])
        return self.receive_job_button(obj=obj)

    def receive_job_button(self, obj):
        """Handle the object the button was pressed on."""
        raise NotImplementedError("A JobButtonReceiver implements receive_job_button(obj)")
