"""Receivers: a job button on devices and a job hook on manufacturers."""

from nautobot.apps.jobs import JobButtonReceiver, JobHookReceiver


class NoteDeviceButton(JobButtonReceiver):
    class Meta:
        name = "Note device"

    def receive_job_button(self, obj):
        self.logger.info("Button pressed on %s", obj.name, extra={"object": obj})


class WatchManufacturers(JobHookReceiver):
    class Meta:
        name = "Watch manufacturers"

    def receive_job_hook(self, change, action, changed_object):
        self.logger.info("%s was %sd", change.object_repr, action, extra={"object": changed_object})
