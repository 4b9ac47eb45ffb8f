"""A job with sensitive variables (the default): it takes a password, uses it, and never says it."""

from django.utils.text import slugify

from dcim.models import Manufacturer
from extras.jobs import Job, StringVar


class SensitiveLoginJob(Job):
    username = StringVar()
    password = StringVar(description="Never stored, exported or logged")

    class Meta:
        name = "Log in with a password"  # has_sensitive_variables is left at its default: True

    def run(self, data, commit):
        name = f"Reached as {data['username']} {self.job_result.pk}"
        manufacturer = Manufacturer(name=name, slug=slugify(name))
        manufacturer.validated_save()
        self.log_success(obj=manufacturer, message=f"{len(data['password'])} characters long, not shown")
        return f"Logged in as {data['username']}"
