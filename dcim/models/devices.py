"""What devices are: Manufacturer, DeviceType, Role (and DeviceRole, its view for devices), Platform and Device."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction

from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import DeviceFaceChoices, SubdeviceRoleChoices
from dcim.models.organization import ContentTypeRelatedQuerySet, color_validator, status_field
from dcim.models.units import height_change_error, rack_placement_errors
from tenancy.models import tenant_field

DEVICE_MODEL = {"content_types__app_label": "dcim", "content_types__model": "device"}


def _no_placing(device: Device) -> dict[str, str]:
    return {}


# Makes a device's site and location agree and says why it cannot (dcim/locations.py, set in dcim/apps.py).
_placer: Callable[[Device], dict[str, str]] = _no_placing


def set_device_placer(placer: Callable[[Device], dict[str, str]]) -> None:
    global _placer
    _placer = placer


def place(obj) -> dict[str, str]:
    """Make the site and location of a device, rack, rack group or power panel agree (the placer set above);
    the errors of one that cannot be placed, by field."""
    return _placer(obj)


class RelatedAlias:
    """Nautobot 2.x's name of a reverse relation (`device.front_ports`) for NetBox's (`device.frontports`):
    the same related manager, read under either name."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, instance, owner=None):
        return self if instance is None else getattr(instance, self.name)


class Manufacturer(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A vendor of device hardware or software."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceType(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A hardware model of a manufacturer, e.g. "DCS-7150S-24"."""

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="device_types")
    model = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    slug_source = "model"
    part_number = models.CharField(max_length=50, blank=True)
    # Rack units taken, in halves as NetBox counts them (0: not rack-mounted, e.g. a vertical PDU).
    u_height = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(0)],
        verbose_name="height (U)",
    )
    is_full_depth = models.BooleanField(
        default=True,
        verbose_name="is full depth",
        help_text="Device consumes both front and rear rack faces.",
    )
    subdevice_role = models.CharField(
        max_length=50,
        blank=True,
        choices=SubdeviceRoleChoices.as_choices,
        verbose_name="parent/child status",
        help_text="Parent devices house child devices in device bays; a child device type is 0U.",
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["manufacturer__name", "model"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "model"], name="dcim_devicetype_unique_manufacturer_model"
            )
        ]

    def __str__(self) -> str:
        return self.model

    # Nautobot 2.x's names of the templates (NetBox's: `interfacetemplates`...).
    console_port_templates = RelatedAlias("consoleporttemplates")
    console_server_port_templates = RelatedAlias("consoleserverporttemplates")
    power_port_templates = RelatedAlias("powerporttemplates")
    power_outlet_templates = RelatedAlias("poweroutlettemplates")
    interface_templates = RelatedAlias("interfacetemplates")
    rear_port_templates = RelatedAlias("rearporttemplates")
    front_port_templates = RelatedAlias("frontporttemplates")
    device_bay_templates = RelatedAlias("devicebaytemplates")
    module_bay_templates = RelatedAlias("modulebaytemplates")

    @property
    def is_parent_device(self) -> bool:
        return self.subdevice_role == SubdeviceRoleChoices.ROLE_PARENT

    @property
    def is_child_device(self) -> bool:
        return self.subdevice_role == SubdeviceRoleChoices.ROLE_CHILD

    def clean(self) -> None:
        super().clean()
        if self.is_child_device and self.u_height:
            raise ValidationError({"u_height": "Child device types must be 0U."})
        if not self._state.adding:
            error = height_change_error(self)
            if error:
                raise ValidationError({"u_height": error})


class Role(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """The function an object serves (router, access switch, loopbacks…): Nautobot 2.x's one role model,
    given to the models of its `content_types`. DeviceRole is the same rows seen as Nautobot 1.x and NetBox
    see them: the roles that apply to devices."""

    name = models.CharField(max_length=100, unique=True)
    # Nautobot 2.x roles have no slug and its job code gives none: filled from the name when left empty.
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    color = models.CharField(
        max_length=6, default="9e9e9e", validators=[color_validator], verbose_name="colour"
    )
    weight = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Orders roles in lists.")
    description = models.CharField(max_length=200, blank=True)
    content_types = models.ManyToManyField(
        ContentType, related_name="roles", help_text="The models this role may be given to."
    )

    objects = ContentTypeRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other) -> bool:
        # NetBox code compares a choice-valued role with its value: `ip.role == IPAddressRoleChoices.ROLE_VIP`.
        if isinstance(other, str):
            return self.slug == other
        return super().__eq__(other)

    __hash__ = BaseModel.__hash__


class DeviceRoleManager(models.Manager.from_queryset(ContentTypeRelatedQuerySet)):
    def get_queryset(self) -> ContentTypeRelatedQuerySet:
        return super().get_queryset().filter(**DEVICE_MODEL)


class DeviceRole(Role):
    """A role that applies to devices (Nautobot 1.x's and NetBox's DeviceRole): a Role whose content types
    include dcim.device. Saving one adds dcim.device to its content types, so 1.x code creating a device role
    makes a role devices may take."""

    objects = DeviceRoleManager()

    class Meta:
        proxy = True
        ordering = ["name"]

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.content_types.add(ContentType.objects.get_for_model(Device))


class Platform(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """The software a device runs (e.g. "Cisco IOS-XE"), optionally tied to its vendor."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, null=True, blank=True, related_name="platforms"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Device(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A piece of equipment at a site; its ports and addresses hang off it."""

    name = models.CharField(max_length=64)
    # Optional to forms and the API only: a device given a location gets its site from it (dcim/locations.py).
    site = models.ForeignKey("dcim.Site", on_delete=models.PROTECT, blank=True, related_name="devices")
    # Nautobot 2.x's place of a device; kept in step with `site` (dcim/locations.py).
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="devices")
    role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        related_name="devices",
        limit_choices_to=DEVICE_MODEL,
        error_messages={
            "invalid": "This role does not apply to devices (dcim.device is not among its content types)."
        },
    )
    tenant = tenant_field("devices")
    # Where in a rack (dcim/models/racks.py): the lowest unit it takes, in halves, and the face it is mounted on.
    rack = models.ForeignKey(
        "dcim.Rack", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    position = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(Decimal("100.5"))],
        verbose_name="position (U)",
        help_text="The lowest-numbered unit occupied by the device",
    )
    face = models.CharField(
        max_length=50, blank=True, choices=DeviceFaceChoices.as_choices, verbose_name="rack face"
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    status = status_field("dcim.device", related_name="devices")
    serial = models.CharField(max_length=50, blank=True, verbose_name="serial number")
    # The virtualization cluster this device hosts VMs for (NetBox and Nautobot): the cluster's `devices`.
    cluster = models.ForeignKey(
        "virtualization.Cluster", on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    primary_ip4 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="primary IPv4",
    )
    primary_ip6 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="primary IPv6",
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="dcim_device_unique_site_name")]

    def __str__(self) -> str:
        return self.name

    # Nautobot 2.x's names of the components (NetBox's: `consoleports`, `frontports`...).
    console_ports = RelatedAlias("consoleports")
    console_server_ports = RelatedAlias("consoleserverports")
    power_ports = RelatedAlias("powerports")
    power_outlets = RelatedAlias("poweroutlets")
    front_ports = RelatedAlias("frontports")
    rear_ports = RelatedAlias("rearports")
    device_bays = RelatedAlias("devicebays")
    module_bays = RelatedAlias("modulebays")
    inventory_items = RelatedAlias("inventoryitems")

    @property
    def parent_device(self) -> Device | None:
        """The device whose bay this (child) device is installed in, if any."""
        try:
            return self.parent_bay.device
        except ObjectDoesNotExist:
            return None

    # Nautobot 1.x calls the role `device_role`; accepting it keeps jobs written for it working unchanged.
    @property
    def device_role(self) -> Role:
        return self.role

    @device_role.setter
    def device_role(self, value: Role) -> None:
        self.role = value

    @property
    def primary_ip(self):
        """The primary address, IPv6 preferred when both are set."""
        return self.primary_ip6 or self.primary_ip4

    def clean_fields(self, exclude=None) -> None:
        # Site and location first agree (one filled from the other), then the fields are checked.
        self._place_errors = _placer(self)
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        """Save; a new device also gets the components its type's templates promise, in the same transaction."""
        errors = _placer(self)
        if errors:
            raise ValidationError(errors)
        if not self._state.adding:
            super().save(*args, **kwargs)
            return
        from dcim.components import instantiate_components  # it builds on every component model

        with transaction.atomic():
            super().save(*args, **kwargs)
            instantiate_components(self)

    def clean(self) -> None:
        super().clean()
        errors = dict(getattr(self, "_place_errors", None) or {})
        if not errors:
            errors.update(rack_placement_errors(self))
        if not errors and self.location_id is not None and not self.location.location_type.allows(Device):
            errors["location"] = (
                f"Devices may not be placed in {self.location}: locations of type "
                f"{self.location.location_type} do not hold devices (dcim.device is not among its content types)."
            )
        for field_name, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            address = getattr(self, field_name)
            if address is None:
                continue
            if address.ip_version != version:
                errors[field_name] = f"{address} is not an IPv{version} address."
            elif address.assigned_interface is None or address.assigned_interface.device_id != self.pk:
                errors[field_name] = f"{address} is not assigned to an interface of this device."
        if errors:
            raise ValidationError(errors)
