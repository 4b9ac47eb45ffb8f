"""Example: every variable type, echoed back so you can see what run() receives."""

from dcim.models import DeviceType, Manufacturer, Site
from extras.jobs import (
    BooleanVar,
    ChoiceVar,
    FileVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    Job,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
)

name = "Showcase"

DIRECTIONS = (("n", "North"), ("s", "South"), ("e", "East"), ("w", "West"))


class VariablesShowcase(Job):
    class Meta:
        name = "Variables showcase"
        description = "Takes one variable of every type and logs what `run()` received.\n\nChanges nothing."
        read_only = True
        has_sensitive_variables = False

    text = StringVar(label="A string", min_length=2, max_length=20, regex=r"^[a-z0-9-]+$", default="hello")
    notes = TextVar(required=False, description="Several lines of text")
    count = IntegerVar(min_value=0, max_value=10, default=3)
    flag = BooleanVar(description="A checkbox")
    direction = ChoiceVar(choices=DIRECTIONS, default="n")
    directions = MultiChoiceVar(choices=DIRECTIONS, required=False)
    manufacturer = ObjectVar(model=Manufacturer, required=False, null_option="Any")
    device_type = ObjectVar(
        model=DeviceType, required=False, query_params={"manufacturer_id": "$manufacturer"}
    )
    sites = MultiObjectVar(model=Site, required=False)
    upload = FileVar(required=False, description="Any small file")
    address = IPAddressVar(required=False)
    interface_address = IPAddressWithMaskVar(required=False)
    network = IPNetworkVar(required=False, min_prefix_length=8, max_prefix_length=30)

    def run(self, data, commit):
        for key, value in data.items():
            if key == "upload" and value is not None:
                value = f"{value.name} ({value.size} bytes)"
            elif key == "sites" and value is not None:
                value = ", ".join(str(site) for site in value) or "none"
            self.log_info(message=f"**{key}** = `{value}` ({type(data[key]).__name__})")
        return f"Received {len(data)} values"
