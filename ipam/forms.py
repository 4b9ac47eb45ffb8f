"""What the prefix and address forms add to their declared fields: the network or address typed as text,
checked with a readable message (host bits, a missing mask, a duplicate)."""

from __future__ import annotations

from django import forms

from core.forms import BootstrapModelForm
from dcim.forms import PortChoiceField
from dcim.models import Interface
from ipam.addressing import parse_interface_address, parse_network
from ipam.models import get_default_namespace


def keep_first_error_only(form: forms.ModelForm, field: str, post_clean) -> None:
    """Run model validation, but keep a form field's own error alone.

    When the text of an address field cannot be parsed, the model never receives a value and would
    add "This field is required." beneath the real reason.
    """
    had_error = form.has_error(field)
    post_clean()
    if had_error:
        del form.errors[field][1:]


class AddressTextFormMixin:
    """Shows the model's address property (`prefix`, `address`) as text in an edit form; a namespace left
    empty is the Global one."""

    address_field = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        value = getattr(self.instance, self.address_field)
        if not self.instance._state.adding and value is not None:
            self.initial.setdefault(self.address_field, str(value))
        if "namespace" in self.fields:
            self.fields["namespace"].required = False
            self.fields["namespace"].help_text = "Empty: the Global namespace (or the VRF's)."

    def clean_namespace(self):
        return self.cleaned_data.get("namespace") or get_default_namespace()

    def _post_clean(self) -> None:
        keep_first_error_only(self, self.address_field, super()._post_clean)


class PrefixFormBase(AddressTextFormMixin, BootstrapModelForm):
    address_field = "prefix"
    prefix = forms.CharField(max_length=64, help_text="Network in CIDR notation, e.g. 10.0.0.0/24.")

    def clean_prefix(self) -> str:
        value = self.cleaned_data["prefix"]
        network = parse_network(value)  # raises a ValidationError with a readable message
        # The model's clean() rejects host bits (suggesting the network) and a duplicate in the prefix's table
        # (its namespace and VRF, both fields of this form).
        self.instance.prefix = network
        return value


class IPAddressFormBase(AddressTextFormMixin, BootstrapModelForm):
    address_field = "address"
    address = forms.CharField(max_length=64, help_text="Address with its mask, e.g. 10.0.0.1/24.")
    assigned_interface = PortChoiceField(
        queryset=Interface.objects.select_related("device"), required=False, label="Interface"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A VM's interface, named with its VM as device ports are (virtualization names the model, not ipam).
        field = self.fields.get("assigned_vm_interface")
        if field is not None:
            field.queryset = field.queryset.select_related("virtual_machine")
            field.label_from_instance = lambda interface: interface.display
            field.label = "VM interface"

    def clean_address(self) -> str:
        value = self.cleaned_data["address"]
        self.instance.address = parse_interface_address(value)
        return value
