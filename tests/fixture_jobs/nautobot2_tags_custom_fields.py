"""A lifecycle job written for Nautobot 2.x/3.x, kept exactly as it would run there: custom fields by `key`,
values read and written through `device.cf`, tags given to devices and devices found by their tags."""

from django.contrib.contenttypes.models import ContentType
from nautobot.apps.jobs import Job, MultiObjectVar, StringVar, register_jobs
from nautobot.dcim.models import Device
from nautobot.extras.choices import CustomFieldTypeChoices
from nautobot.extras.models import CustomField, Tag

name = "Lifecycle (Nautobot 2.x)"


class MarkEndOfLife(Job):
    """Sets the end-of-life date of devices and tags them "eol"; reports the owners affected."""

    devices = MultiObjectVar(model=Device)
    eol_date = StringVar(description="End of life, YYYY-MM-DD")

    class Meta:
        name = "Mark end of life"
        has_sensitive_variables = False

    def run(self, *, devices, eol_date):
        field, created = CustomField.objects.get_or_create(
            key="eol_date", defaults={"label": "End of life", "type": CustomFieldTypeChoices.TYPE_DATE}
        )
        if created:
            field.content_types.add(ContentType.objects.get_for_model(Device))
        tag, _ = Tag.objects.get_or_create(name="eol", defaults={"color": "9e9e9e"})
        tag.content_types.add(ContentType.objects.get_for_model(Device))
        for device in devices:
            device.cf["eol_date"] = eol_date
            device.validated_save()
            device.tags.add(tag)
            owner = device.cf.get("owner") or "nobody"
            self.logger.info("%s ends %s (owner %s)", device.name, eol_date, owner, extra={"object": device})
        tagged = Device.objects.filter(tags__name__in=["eol"]).count()
        self.logger.success("%d device(s) tagged eol", tagged)
        return tagged


register_jobs(MarkEndOfLife)
