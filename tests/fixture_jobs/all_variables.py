"""A job with one variable of each of the twelve types; run() reports what it received."""

from dcim.models import DeviceType, Manufacturer
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

DIRECTIONS = (("n", "North"), ("s", "South"), ("e", "East"), ("w", "West"))


class EveryVariableJob(Job):
    string_var = StringVar(min_length=2, max_length=20, regex=r"^[a-z0-9-]+$", description="A slug-like name")
    text_var = TextVar(required=False, label="Notes")
    integer_var = IntegerVar(min_value=0, max_value=10, default=3)
    boolean_var = BooleanVar()
    choice_var = ChoiceVar(choices=DIRECTIONS)
    multichoice_var = MultiChoiceVar(choices=DIRECTIONS, required=False)
    object_var = ObjectVar(model=Manufacturer, display_field="name")
    multiobject_var = MultiObjectVar(
        model=DeviceType, query_params={"manufacturer_id": "$object_var"}, required=False
    )
    file_var = FileVar(required=False)
    ipaddress_var = IPAddressVar()
    ipaddress_with_mask_var = IPAddressWithMaskVar()
    ipnetwork_var = IPNetworkVar(min_prefix_length=8, max_prefix_length=30)

    class Meta:
        name = "Every variable"
        has_sensitive_variables = False

    def run(self, data, commit):
        for key, value in data.items():
            self.log_info(f"{key}: {type(value).__name__} {value!r}")
        if data["file_var"] is not None:
            self.log_info(f"file_var holds {len(data['file_var'].read())} bytes")
        return ", ".join(sorted(data))
