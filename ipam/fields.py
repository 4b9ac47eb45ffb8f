"""Model fields of IPAM: AddressField, an IP address stored so that it sorts (and compares) as text."""

from __future__ import annotations

import netaddr
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from dcim.fields import RoleField, UnknownRole
from ipam.addressing import ENCODED_RE, HEX_WIDTH, decode_address, encode_address


class AddressField(models.CharField):
    """An IPv4 or IPv6 address: `netaddr.IPAddress` in Python, a version digit + 32 hex digits in the database.

    Lookups take addresses in any form netaddr parses (`host="10.0.0.1"`, `network__lte=ip`), and
    range lookups compare numerically, which is what containment queries are built on.
    """

    description = "IP address (sortable)"

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = HEX_WIDTH + 1
        super().__init__(*args, **kwargs)
        # The length limit is the storage form's; the Python value is an IPAddress, which has no len().
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else decode_address(value)

    def to_python(self, value):
        if value is None or isinstance(value, netaddr.IPAddress):
            return value
        if isinstance(value, str) and ENCODED_RE.match(value):
            return decode_address(value)
        try:
            return netaddr.IPAddress(str(value).strip())
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise ValidationError(f"{value!r} is not a valid IP address.", code="invalid") from None

    def get_prep_value(self, value):
        if value is None or value == "":
            return None if value is None else ""
        if isinstance(value, str) and ENCODED_RE.match(value):
            return value
        return encode_address(self.to_python(value))

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)


class AddressRoleField(RoleField):
    """IPAddress.role: a Role (Nautobot 2.x) that also takes NetBox's IPAddressRoleChoices values.

    The Role rows of those values are made by a data migration; one asked for by value and missing (a test's
    flushed database, a deleted row) is made again, so `ip.role = "loopback"` always works as in NetBox.
    """

    def resolve_status(self, value: str):
        try:
            return super().resolve_status(value)
        except UnknownRole:
            from ipam.choices import IPAddressRoleChoices
            from ipam.roles import ip_address_roles

            if value.strip().lower() not in IPAddressRoleChoices.values():
                raise
            return ip_address_roles()[value.strip().lower()]


def role_field(model_label: str, related_name: str, field_class: type[RoleField] = RoleField) -> RoleField:
    """An optional role FK limited to the roles that apply to `model_label` ("ipam.prefix"), which also takes
    a role's slug or name (see dcim.fields.RoleField)."""
    app_label, _, model_name = model_label.partition(".")
    return field_class(
        "dcim.Role",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        limit_choices_to={"content_types__app_label": app_label, "content_types__model": model_name},
        error_messages={"invalid": f"This role does not apply to {model_name} objects."},
    )
