"""A read-only job: it tries to write anyway, and the engine must roll the write back."""

from django.utils.text import slugify

from dcim.models import Manufacturer
from extras.jobs import Job


class ReadOnlyJob(Job):
    class Meta:
        name = "Read-only job"
        read_only = True

    def run(self, data, commit):
        self.log_info(f"Counted {Manufacturer.objects.count()} manufacturers")
        Manufacturer(name="Read-only leak", slug=slugify("Read-only leak")).validated_save()
        return "counted"
