"""Model fields of IPAM: AddressField, an IP address stored so that it sorts (and compares) as text."""

from __future__ import annotations

import netaddr
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

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
