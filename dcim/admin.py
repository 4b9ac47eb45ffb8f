"""Django admin registrations for every inventory model (a fallback editor; the UI is the main one)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from dcim import models


class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Status)
class StatusAdmin(NamedAdmin):
    list_display = ["name", "slug", "color", "description"]
    filter_horizontal = ["content_types"]


@admin.register(models.Region)
class RegionAdmin(NamedAdmin):
    list_display = ["name", "slug", "parent", "description"]
    list_select_related = ["parent"]


@admin.register(models.Site)
class SiteAdmin(NamedAdmin):
    list_display = ["name", "slug", "status", "region", "facility"]
    list_filter = ["status", "region"]
    list_select_related = ["status", "region"]
    search_fields = ["name", "slug", "facility", "description"]


@admin.register(models.Manufacturer)
class ManufacturerAdmin(NamedAdmin):
    pass


@admin.register(models.DeviceType)
class DeviceTypeAdmin(admin.ModelAdmin):
    list_display = ["model", "manufacturer", "slug", "part_number"]
    list_filter = ["manufacturer"]
    list_select_related = ["manufacturer"]
    search_fields = ["model", "slug", "part_number"]
    prepopulated_fields = {"slug": ["model"]}


@admin.register(models.DeviceRole)
class DeviceRoleAdmin(NamedAdmin):
    list_display = ["name", "slug", "color", "description"]


@admin.register(models.Platform)
class PlatformAdmin(NamedAdmin):
    list_display = ["name", "slug", "manufacturer", "description"]
    list_select_related = ["manufacturer"]


@admin.register(models.Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "role", "device_type", "platform", "status", "serial"]
    list_filter = ["status", "role", "site", "device_type__manufacturer"]
    list_select_related = ["site", "role", "device_type", "platform", "status"]
    search_fields = ["name", "serial", "description"]
    raw_id_fields = ["primary_ip4", "primary_ip6"]


class PortAdmin(admin.ModelAdmin):
    list_display = ["name", "device", "label", "cable"]
    list_select_related = ["device", "cable"]
    search_fields = ["name", "label", "device__name"]
    raw_id_fields = ["device"]
    readonly_fields = ["cable"]


@admin.register(models.Interface)
class InterfaceAdmin(PortAdmin):
    list_display = ["name", "device", "type", "enabled", "mgmt_only", "cable"]
    list_filter = ["type", "enabled", "mgmt_only"]


for port_model in (models.ConsolePort, models.ConsoleServerPort, models.PowerPort, models.PowerOutlet):
    admin.site.register(port_model, PortAdmin)


@admin.register(models.Cable)
class CableAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "label", "termination_a_type", "termination_b_type"]
    list_filter = ["status", "termination_a_type"]
    search_fields = ["label"]


class AddressAdminForm(forms.ModelForm):
    """Edits the address property (`prefix` or `address`) as text; the model derives its stored fields."""

    address_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = getattr(self.instance, self.address_field)
        if value is not None:
            self.initial[self.address_field] = str(value)

    def _clean_address(self):
        value = self.cleaned_data[self.address_field]
        try:
            setattr(self.instance, self.address_field, value)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return value


class PrefixAdminForm(AddressAdminForm):
    address_field = "prefix"
    prefix = forms.CharField(help_text="e.g. 10.0.0.0/24")

    class Meta:
        model = models.Prefix
        fields = ["prefix", "status", "site", "description"]

    def clean_prefix(self):
        return self._clean_address()


class IPAddressAdminForm(AddressAdminForm):
    address_field = "address"
    address = forms.CharField(help_text="With its mask, e.g. 10.0.0.1/24")

    class Meta:
        model = models.IPAddress
        fields = ["address", "status", "dns_name", "assigned_interface", "description"]

    def clean_address(self):
        return self._clean_address()


@admin.register(models.Prefix)
class PrefixAdmin(admin.ModelAdmin):
    form = PrefixAdminForm
    list_display = ["__str__", "status", "site", "description"]
    list_filter = ["status", "ip_version"]
    list_select_related = ["status", "site"]
    search_fields = ["description"]


@admin.register(models.IPAddress)
class IPAddressAdmin(admin.ModelAdmin):
    form = IPAddressAdminForm
    list_display = ["__str__", "status", "dns_name", "assigned_interface"]
    list_filter = ["status", "ip_version"]
    list_select_related = ["status", "assigned_interface__device"]
    search_fields = ["dns_name", "description"]
    raw_id_fields = ["assigned_interface"]
