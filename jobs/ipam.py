"""Example: reserve a run of child prefixes (and, optionally, their first addresses) inside a parent."""

from dcim.models import Status
from extras.jobs import BooleanVar, IntegerVar, Job, ObjectVar
from ipam.models import IPAddress, Prefix

name = "IP address management"


class ReservePrefixes(Job):
    class Meta:
        name = "Reserve prefixes"
        description = (
            "Carve the next free child prefixes of a given length out of a parent prefix, as *planned*."
        )
        has_sensitive_variables = False
        commit_default = False

    parent = ObjectVar(model=Prefix, description="Prefix to carve from", display_field="prefix")
    prefix_length = IntegerVar(min_value=1, max_value=128, description="Length of each child prefix")
    count = IntegerVar(min_value=1, max_value=256, default=1, description="How many child prefixes")
    reserve_gateway = BooleanVar(default=False, description="Also reserve the first address of each child")

    def run(self, data, commit):
        parent = data["parent"]
        if (
            data["prefix_length"] <= parent.prefix_length
            or data["prefix_length"] > parent.prefix.prefixlen + 64
        ):
            self.log_failure(obj=parent, message=f"/{data['prefix_length']} does not fit inside {parent}")
            return ""
        planned = Status.objects.get(slug="planned")
        created = []
        for _ in range(data["count"]):
            candidate = parent.get_first_available_prefix(data["prefix_length"])
            if candidate is None:
                self.log_failure(obj=parent, message=f"No free /{data['prefix_length']} left")
                break
            child = Prefix(prefix=str(candidate), status=planned, site=parent.site, description="Reserved")
            child.validated_save()
            created.append(str(child.prefix))
            self.log_success(obj=child, message="Reserved prefix")
            if data["reserve_gateway"]:
                gateway = IPAddress(
                    address=f"{candidate[1]}/{candidate.prefixlen}", status=planned, description="Gateway"
                )
                gateway.validated_save()
                self.log_success(obj=gateway, message="Reserved gateway address")
        return "\n".join(created)
