"""Form fields behind the plain job variables (text, numbers, choices, IP addresses) and the job form.

Each field cleans web-form strings and API/CLI JSON alike, so the web form, the REST API and the CLI
share one set of rules and one set of messages. Model-object fields live in `object_fields`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import netaddr
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

MULTIPLE_HELP = "Hold Ctrl (⌘ on a Mac) and click to pick several; Shift-click picks a range."


def explain_multiple(field: forms.Field) -> forms.Field:
    """A list box choosing several options says how: a plain click would replace the choice."""
    widget = field.widget
    if isinstance(widget, forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple | forms.MultipleHiddenInput
    ):
        field.help_text = f"{field.help_text} {MULTIPLE_HELP}".strip() if field.help_text else MULTIPLE_HELP
    return field


def describe_type(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean"}.get(type(value), type(value).__name__)


# --- Text, numbers, booleans, choices ---------------------------------------------------------------


class StrictCharField(forms.CharField):
    """CharField that refuses JSON lists/objects/booleans instead of turning them into their repr."""

    def to_python(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value not in self.empty_values and not isinstance(value, str):
            raise ValidationError(f"Enter text, not {describe_type(value)}.", code="invalid")
        return super().to_python(value)


class StrictDecimalField(forms.DecimalField):
    """DecimalField that takes JSON numbers too, but not booleans (which Python would count as 0 and 1)."""

    def to_python(self, value):
        if isinstance(value, bool | list | dict):
            raise ValidationError(f"Enter a number, not {describe_type(value)}.", code="invalid")
        if isinstance(value, float):
            value = repr(value)  # 0.1 stays 0.1 instead of 0.1000000000000000055511151231257827
        return super().to_python(value)


class StrictBooleanField(forms.BooleanField):
    """True/false from a checkbox, JSON booleans or the strings true/false, yes/no, on/off, 1/0."""

    TRUE = frozenset({"true", "yes", "on", "1"})
    FALSE = frozenset({"false", "no", "off", "0", ""})

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in self.TRUE | self.FALSE:
            return value.strip().lower() in self.TRUE
        raise ValidationError(f"Enter true or false, not {value!r}.", code="invalid")


class OriginalValueChoiceField(forms.ChoiceField):
    """ChoiceField that hands back the choice's own value (e.g. an int), not its string form."""

    def clean(self, value):
        cleaned = super().clean(value)
        return None if cleaned in self.empty_values else original_choice_values(self.choices)[cleaned]


class OriginalValueMultipleChoiceField(forms.MultipleChoiceField):
    def clean(self, value):
        values = original_choice_values(self.choices)
        return [values[item] for item in super().clean(value)]


def original_choice_values(choices: Iterable) -> dict[str, Any]:
    """Map the string form of every choice value (optgroups included) to the value itself."""
    mapping = {}
    for key, label in choices:
        if isinstance(label, list | tuple):
            mapping.update(original_choice_values(label))
        else:
            mapping[str(key)] = key
    return mapping


# --- IP addresses and networks ----------------------------------------------------------------------


def validate_mask_length(address: str, mask: str) -> None:
    family_bits = 128 if ":" in address else 32
    if not mask.isdigit() or int(mask) > family_bits:
        raise ValidationError(f"Invalid mask length /{mask}: use a number from 0 to {family_bits}.")


def strip_host_mask(value: str) -> str:
    """`192.0.2.1/32` or `2001:db8::1/128` (CIDR notation of one address) as the bare address.

    Any other mask is refused: an address variable holds one address, not a network.
    """
    address, _, mask = value.partition("/")
    host_mask = "128" if ":" in address else "32"
    if mask != host_mask:
        raise ValidationError(
            f"IP address must not have a mask other than /{host_mask}: enter {address} instead of {value}.",
            code="invalid",
        )
    return address


class IPAddressField(forms.CharField):
    """An IPv4/IPv6 address without a mask, or with the host mask (/32, /128) → netaddr.IPAddress."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, netaddr.IPAddress):
            return value
        if not isinstance(value, str):
            raise ValidationError(f"Enter an IP address as text, not {describe_type(value)}.", code="invalid")
        value = value.strip()
        if "/" in value:
            value = strip_host_mask(value)
        try:
            validate_ipv46_address(value)
        except ValidationError:
            raise ValidationError(f"{value} is not a valid IPv4 or IPv6 address.", code="invalid") from None
        return netaddr.IPAddress(value)


class IPAddressWithMaskField(forms.CharField):
    """An address with a CIDR mask (host bits allowed) → netaddr.IPNetwork."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, netaddr.IPNetwork):
            return value
        if not isinstance(value, str):
            raise ValidationError(f"Enter an address as text, not {describe_type(value)}.", code="invalid")
        value = value.strip()
        if value.count("/") != 1:
            raise ValidationError("CIDR mask (e.g. /24) is required.", code="invalid")
        address, mask = value.split("/")
        try:
            validate_ipv46_address(address)
        except ValidationError:
            raise ValidationError(f"{address} is not a valid IPv4 or IPv6 address.", code="invalid") from None
        validate_mask_length(address, mask)
        return netaddr.IPNetwork(value)


class IPNetworkField(IPAddressWithMaskField):
    """A network (no host bits) with optional bounds on the prefix length → netaddr.IPNetwork."""

    def __init__(self, *, min_prefix_length=None, max_prefix_length=None, **kwargs):
        self.min_prefix_length = min_prefix_length
        self.max_prefix_length = max_prefix_length
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value.ip != value.network:
            raise ValidationError(
                f"{value} is not a valid prefix. Did you mean {value.cidr}?", code="invalid"
            )
        if self.min_prefix_length is not None and value.prefixlen < self.min_prefix_length:
            raise ValidationError(
                f"Prefix length must be at least /{self.min_prefix_length}; got /{value.prefixlen}.",
                code="min_prefix_length",
            )
        if self.max_prefix_length is not None and value.prefixlen > self.max_prefix_length:
            raise ValidationError(
                f"Prefix length must be at most /{self.max_prefix_length}; got /{value.prefixlen}.",
                code="max_prefix_length",
            )


# --- The form ---------------------------------------------------------------------------------------


class JobForm(forms.Form):
    """Input form of one job: one field per variable. The engine adds commit/schedule fields itself."""

    fieldsets: list[tuple[str, list[str]]] | None = None

    def groups(self) -> list[tuple[str | None, list[forms.BoundField]]]:
        """The visible fields in their groups: Meta.fieldsets' groups, or one group without a label."""
        if self.fieldsets is None:
            return [(None, self.visible_fields())]
        return [
            (label, [self[name] for name in names if name in self.fields]) for label, names in self.fieldsets
        ]


def build_job_form(
    variables: Mapping,
    data=None,
    files=None,
    initial: Mapping | None = None,
    fieldsets: list[tuple[str, list[str]]] | None = None,
) -> JobForm:
    """Build the form for ordered `variables` (name → JobVariable); defaults become initial values.

    With `fieldsets`, a variable in no group is a hidden input holding its default (NetBox shows only the
    fields its fieldsets list).
    """
    defaults = {name: var.default for name, var in variables.items() if var.default is not None}
    form = JobForm(data=data, files=files, initial={**defaults, **(initial or {})})
    form.fieldsets = fieldsets
    shown = None if fieldsets is None else {name for _, names in fieldsets for name in names}
    for name, variable in variables.items():
        field = variable.as_field()
        if shown is not None and name not in shown:
            many = isinstance(field.widget, forms.SelectMultiple)
            field.widget = forms.MultipleHiddenInput() if many else forms.HiddenInput()
        form.fields[name] = explain_multiple(field)
    return form
