"""What the aggregate, IP range and service forms add to their declared fields: networks and addresses typed
as text with readable messages, and the service's ports as "22, 443"."""

from __future__ import annotations

from django import forms

from core.forms import BootstrapModelForm
from ipam.addressing import parse_interface_address, parse_network
from ipam.forms import AddressTextFormMixin, keep_first_error_only


class AggregateFormBase(AddressTextFormMixin, BootstrapModelForm):
    address_field = "prefix"
    prefix = forms.CharField(max_length=64, help_text="Network in CIDR notation, e.g. 203.0.113.0/24.")

    def clean_prefix(self) -> str:
        value = self.cleaned_data["prefix"]
        self.instance.prefix = parse_network(value)  # the model's clean() judges host bits and overlaps
        return value


class IPRangeFormBase(BootstrapModelForm):
    start_address = forms.CharField(
        max_length=64, help_text="First address with its mask, e.g. 10.0.0.100/24."
    )
    end_address = forms.CharField(max_length=64, help_text="Last address with its mask, e.g. 10.0.0.199/24.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            for name in ("start_address", "end_address"):
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial.setdefault(name, str(value))

    def clean_start_address(self) -> str:
        value = self.cleaned_data["start_address"]
        self.instance.start_address = parse_interface_address(value)
        return value

    def clean_end_address(self) -> str:
        value = self.cleaned_data["end_address"]
        self.instance.end_address = parse_interface_address(value)
        return value

    def _post_clean(self) -> None:
        keep_first_error_only(
            self,
            "start_address",
            lambda: keep_first_error_only(self, "end_address", super(IPRangeFormBase, self)._post_clean),
        )


class ServiceFormBase(BootstrapModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("ports")
        if field is not None:
            field.help_text = "Port numbers separated by commas, e.g. 22, 443."
        addresses = self.fields.get("ipaddresses")
        if addresses is not None:
            addresses.label = "IP addresses"
