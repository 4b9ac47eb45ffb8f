"""A job that creates, updates and deletes, for the change log and reviewed-commit tests."""

from django.utils.text import slugify

from dcim.models import DeviceType, Manufacturer, Site, Status
from extras.jobs import Job, ObjectVar, StringVar

name = "Changes"


class ReshapeInventoryJob(Job):
    """Updates a site's description, adds a manufacturer with a device type, removes a manufacturer."""

    site = ObjectVar(model=Site)
    description = StringVar()
    new_manufacturer = StringVar()
    retire = StringVar(required=False, description="Slug of a manufacturer to delete")
    post_run_note = StringVar(required=False, description="post_run() sets the site's facility to this")

    class Meta:
        name = "Reshape inventory"
        commit_default = False
        has_sensitive_variables = False

    def run(self, data, commit):
        site = data["site"]
        site.snapshot()  # as NetBox scripts do; the change log does not need it
        site.description = data["description"]
        site.validated_save()
        self.log_success(obj=site, message="Described the site")
        manufacturer = Manufacturer(name=data["new_manufacturer"], slug=slugify(data["new_manufacturer"]))
        manufacturer.validated_save()
        self.log_success(obj=manufacturer, message="Created the manufacturer")
        device_type = DeviceType(manufacturer=manufacturer, model=f"{manufacturer.name} 1000", slug="m-1000")
        device_type.validated_save()
        self.log_success(obj=device_type, message="Created its first device type")
        if data["retire"]:
            Manufacturer.objects.filter(slug=data["retire"]).delete()
            self.log_info(f"Retired {data['retire']}")
        self.site = site
        self.post_run_note = data["post_run_note"]
        return "reshaped"

    def post_run(self):
        if getattr(self, "post_run_note", None) and not self.failed:
            site = Site.objects.get(pk=self.site.pk)
            site.facility = self.post_run_note
            site.save()


class ApprovedSiteJob(Job):
    """Creates a site, once another user approved it."""

    site_name = StringVar()

    class Meta:
        name = "Create a site with approval"
        approval_required = True
        has_sensitive_variables = False

    def run(self, data, commit):
        site = Site(
            name=data["site_name"], slug=slugify(data["site_name"]), status=Status.objects.get(slug="active")
        )
        site.validated_save()
        self.log_success(obj=site, message="Created the site")
