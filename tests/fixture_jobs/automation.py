"""Jobs that job buttons and job hooks start: a button receiver, a hook receiver that changes what it is
given (a loop if hooks fired for its own changes), and ordinary jobs that take one device."""

from dcim.models import Device, Manufacturer
from extras.jobs import Job, JobButtonReceiver, JobHookReceiver, MultiObjectVar, ObjectVar, StringVar


class NoteDeviceButton(JobButtonReceiver):
    class Meta:
        name = "Button: note the device"
        has_sensitive_variables = False

    def receive_job_button(self, obj):
        self.log_success(obj=obj, message=f"Button pressed on {obj._meta.model_name} {obj.name}")
        return obj.name


class DescribeManufacturerHook(JobHookReceiver):
    """Logs what it was given, then changes the manufacturer again (which must fire no hook)."""

    class Meta:
        name = "Hook: describe the manufacturer"
        has_sensitive_variables = False

    def receive_job_hook(self, change, action, changed_object):
        self.log_info(
            message=f"change={change.pk} action={action} object={changed_object} "
            f"type={type(changed_object).__name__}"
        )
        if isinstance(changed_object, Manufacturer):
            changed_object.description = f"seen by hook at change {change.pk}"
            changed_object.save()
        return action


class TouchDeviceJob(Job):
    """An ordinary job whose one input is a device: a button runs it at once."""

    device = ObjectVar(model=Device)

    class Meta:
        name = "Touch a device"
        has_sensitive_variables = False

    def run(self, data, commit):
        self.log_success(obj=data["device"], message=f"Touched {data['device'].name}")
        return data["device"].name


class CommentDeviceJob(Job):
    """A job with a device and another input: a button opens its form with the device filled in."""

    device = ObjectVar(model=Device)
    comment = StringVar()

    class Meta:
        name = "Comment on a device"
        has_sensitive_variables = False

    def run(self, data, commit):
        self.log_info(obj=data["device"], message=data["comment"])


class WaitDeviceButton(JobButtonReceiver):
    """Takes two seconds, so its result page is seen running before it completes."""

    class Meta:
        name = "Button: wait on the device"
        has_sensitive_variables = False

    def receive_job_button(self, obj):
        import time

        self.log_info(obj=obj, message=f"Waiting on {obj.name}")
        time.sleep(2)
        self.log_success(obj=obj, message=f"Done with {obj.name}")


class CheckDevicesJob(Job):
    """Takes a selection of devices: a device list page offers it for the selected rows."""

    devices = MultiObjectVar(model=Device)

    class Meta:
        name = "Check devices"
        has_sensitive_variables = False

    def run(self, data, commit):
        for device in data["devices"]:
            self.log_success(obj=device, message=f"Checked {device.name}")
