"""Add/edit forms of the inventory, one ModelForm per model (`<Model>Form`)."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from core.forms import BootstrapModelForm
from dcim.addressing import host_bits_error, parse_interface_address, parse_network
from dcim.choices import STATUS_MODELS
from dcim.models import (
    Cable,
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceRole,
    DeviceType,
    Interface,
    IPAddress,
    Manufacturer,
    Platform,
    PowerOutlet,
    PowerPort,
    Prefix,
    Region,
    Site,
    Status,
)
from dcim.models.cables import PORT_MODEL_NAMES
from users.permissions import restrict_queryset


class ContentTypeChoiceMixin:
    """Content types labelled by their model's verbose name ("interface") rather than "dcim | interface"."""

    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class ContentTypeChoiceField(ContentTypeChoiceMixin, forms.ModelChoiceField):
    pass


class ContentTypeMultipleChoiceField(ContentTypeChoiceMixin, forms.ModelMultipleChoiceField):
    pass


def keep_first_error_only(form: forms.ModelForm, field: str, post_clean) -> None:
    """Run model validation, but keep a form field's own error alone.

    When the text of an address field cannot be parsed, the model never receives a value and would
    add "This field is required." beneath the real reason.
    """
    had_error = form.has_error(field)
    post_clean()
    if had_error:
        del form.errors[field][1:]


class PortChoiceField(forms.ModelChoiceField):
    """Ports named with their device ("edge-1 > eth0" style), which is how people tell them apart."""

    def label_from_instance(self, obj) -> str:
        return obj.display


class SlugFromNameMixin:
    """An empty slug is filled in from `slug_source` (the name), so people need not type it."""

    slug_source = "name"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Leave empty to derive it from the name."

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.data.get(self.add_prefix(self.slug_source), ""))
        if not slug:
            raise ValidationError("Enter a slug (letters, numbers, hyphens).")
        return slug


class RegionForm(SlugFromNameMixin, BootstrapModelForm):
    class Meta:
        model = Region
        fields = ["name", "slug", "parent", "description"]


class SiteForm(SlugFromNameMixin, BootstrapModelForm):
    class Meta:
        model = Site
        fields = ["name", "slug", "status", "region", "facility", "description"]


class StatusForm(SlugFromNameMixin, BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(
        queryset=ContentType.objects.filter(app_label="dcim", model__in=STATUS_MODELS).order_by("model"),
        widget=forms.CheckboxSelectMultiple,
        label="Applies to",
    )

    class Meta:
        model = Status
        fields = ["name", "slug", "color", "content_types", "description"]
        labels = {"color": "Colour"}


class ManufacturerForm(SlugFromNameMixin, BootstrapModelForm):
    class Meta:
        model = Manufacturer
        fields = ["name", "slug", "description"]


class DeviceTypeForm(SlugFromNameMixin, BootstrapModelForm):
    slug_source = "model"

    class Meta:
        model = DeviceType
        fields = ["manufacturer", "model", "slug", "part_number", "description"]


class DeviceRoleForm(SlugFromNameMixin, BootstrapModelForm):
    class Meta:
        model = DeviceRole
        fields = ["name", "slug", "color", "description"]
        labels = {"color": "Colour"}


class PlatformForm(SlugFromNameMixin, BootstrapModelForm):
    class Meta:
        model = Platform
        fields = ["name", "slug", "manufacturer", "description"]


class DeviceForm(BootstrapModelForm):
    class Meta:
        model = Device
        fields = [
            "name",
            "site",
            "device_type",
            "role",
            "platform",
            "status",
            "serial",
            "primary_ip4",
            "primary_ip6",
            "description",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only addresses already on this device's interfaces can be its primary ones.
        for name, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            field = self.fields[name]
            if self.instance._state.adding:
                field.queryset = IPAddress.objects.none()
                field.help_text = "Assign addresses to the device's interfaces first, then choose one here."
            else:
                field.queryset = IPAddress.objects.filter(
                    assigned_interface__device=self.instance, ip_version=version
                )


class PortForm(BootstrapModelForm):
    """Fields every port kind shares."""

    class Meta:
        fields = ["device", "name", "label", "description"]


class InterfaceForm(PortForm):
    class Meta:
        model = Interface
        fields = ["device", "name", "label", "type", "enabled", "mgmt_only", "description"]


class ConsolePortForm(PortForm):
    class Meta(PortForm.Meta):
        model = ConsolePort


class ConsoleServerPortForm(PortForm):
    class Meta(PortForm.Meta):
        model = ConsoleServerPort


class PowerPortForm(PortForm):
    class Meta(PortForm.Meta):
        model = PowerPort


class PowerOutletForm(PortForm):
    class Meta(PortForm.Meta):
        model = PowerOutlet


class CableForm(BootstrapModelForm):
    """Both ends by port kind and id; the ends must be ports the user may view."""

    termination_a_type = ContentTypeChoiceField(
        queryset=ContentType.objects.filter(app_label="dcim", model__in=PORT_MODEL_NAMES).order_by("model"),
        label="Port kind (A end)",
    )
    termination_b_type = ContentTypeChoiceField(
        queryset=ContentType.objects.filter(app_label="dcim", model__in=PORT_MODEL_NAMES).order_by("model"),
        label="Port kind (B end)",
    )

    class Meta:
        model = Cable
        fields = [
            "termination_a_type",
            "termination_a_id",
            "termination_b_type",
            "termination_b_id",
            "status",
            "label",
            "color",
        ]
        labels = {
            "termination_a_id": "Port id (A end)",
            "termination_b_id": "Port id (B end)",
            "color": "Colour",
        }

    user = None

    def limit_to_user(self, user) -> None:
        self.user = user

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.user is None:
            return cleaned
        for end in ("a", "b"):
            content_type = cleaned.get(f"termination_{end}_type")
            port_id = cleaned.get(f"termination_{end}_id")
            if content_type is None or port_id is None:
                continue
            ports = content_type.model_class()._default_manager.filter(pk=port_id)
            if not restrict_queryset(ports, self.user, "view").exists():
                self.add_error(
                    f"termination_{end}_id", "No port of that kind with this id is visible to you."
                )
        return cleaned


class PrefixForm(BootstrapModelForm):
    prefix = forms.CharField(max_length=64, help_text="Network in CIDR notation, e.g. 10.0.0.0/24.")

    class Meta:
        model = Prefix
        fields = ["prefix", "status", "site", "description"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and self.instance.prefix is not None:
            self.initial.setdefault("prefix", str(self.instance.prefix))

    def clean_prefix(self) -> str:
        value = self.cleaned_data["prefix"]
        network = parse_network(value)  # raises a ValidationError with a readable message
        self.instance.prefix = network  # the model's clean() rejects host bits, suggesting the network
        # Uniqueness spans two non-editable columns, which ModelForm validation would skip.
        if (
            not host_bits_error(network)
            and Prefix.objects.filter(prefix=network).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(f"Prefix {network} already exists.")
        return value

    def _post_clean(self) -> None:
        keep_first_error_only(self, "prefix", super()._post_clean)


class IPAddressForm(BootstrapModelForm):
    address = forms.CharField(max_length=64, help_text="Address with its mask, e.g. 10.0.0.1/24.")
    assigned_interface = PortChoiceField(
        queryset=Interface.objects.select_related("device"), required=False, label="Interface"
    )

    class Meta:
        model = IPAddress
        fields = ["address", "status", "dns_name", "assigned_interface", "description"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and self.instance.address is not None:
            self.initial.setdefault("address", str(self.instance.address))

    def clean_address(self) -> str:
        value = self.cleaned_data["address"]
        self.instance.address = parse_interface_address(value)
        return value

    def _post_clean(self) -> None:
        keep_first_error_only(self, "address", super()._post_clean)
