"""Factories for the inventory: organisation, devices, ports and cables (prefixes and addresses: ipam.py)."""

from __future__ import annotations

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from dcim.choices import (
    DEFAULT_STATUSES,
    CableStatusChoices,
    InterfaceTypeChoices,
    PortTypeChoices,
    SubdeviceRoleChoices,
)
from dcim.models import (
    Cable,
    ConsolePort,
    ConsolePortTemplate,
    ConsoleServerPort,
    ConsoleServerPortTemplate,
    Device,
    DeviceBay,
    DeviceBayTemplate,
    DeviceRole,
    DeviceType,
    FrontPort,
    FrontPortTemplate,
    Interface,
    InterfaceTemplate,
    InventoryItem,
    Location,
    LocationType,
    Manufacturer,
    Module,
    ModuleBay,
    ModuleBayTemplate,
    ModuleType,
    Platform,
    PowerFeed,
    PowerOutlet,
    PowerOutletTemplate,
    PowerPanel,
    PowerPort,
    PowerPortTemplate,
    Rack,
    RackGroup,
    RackReservation,
    RackRole,
    RearPort,
    RearPortTemplate,
    Region,
    Role,
    Site,
    SiteGroup,
    Status,
)


def status(slug: str = "active") -> Status:
    """A default status by slug, created with its content types when absent.

    The data migration creates these, but a transactional test's flush removes them, so factories
    never rely on the migration's rows being there.
    """
    name, color, labels = DEFAULT_STATUSES[slug]
    instance, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
    for label in labels:
        instance.content_types.add(ContentType.objects.get_by_natural_key(*label.split(".")))
    return instance


class StatusFactory(factory.django.DjangoModelFactory):
    """A custom status; pass `applies_to=[Device, Site]` to choose the models it applies to."""

    class Meta:
        model = Status
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Status {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    @factory.post_generation
    def applies_to(self, create, models, **kwargs):
        for model in models or ():
            self.content_types.add(ContentType.objects.get_for_model(model))


class NamedFactory(factory.django.DjangoModelFactory):
    """name + slug, the shape of every named lookup model."""

    class Meta:
        abstract = True

    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class RegionFactory(NamedFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")


class SiteFactory(NamedFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    status = factory.LazyFunction(status)


class ManufacturerFactory(NamedFactory):
    class Meta:
        model = Manufacturer

    name = factory.Sequence(lambda n: f"Manufacturer {n}")


class DeviceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeviceType

    manufacturer = factory.SubFactory(ManufacturerFactory)
    model = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.model))


class DeviceRoleFactory(NamedFactory):
    class Meta:
        model = DeviceRole

    name = factory.Sequence(lambda n: f"Role {n}")


class PlatformFactory(NamedFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"Platform {n}")


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    name = factory.Sequence(lambda n: f"device-{n}")
    location = None
    # A device given a location gets its site from it (dcim/locations.py); otherwise a new site.
    site = factory.Maybe("location", yes_declaration=None, no_declaration=factory.SubFactory(SiteFactory))
    device_type = factory.SubFactory(DeviceTypeFactory)
    role = factory.SubFactory(DeviceRoleFactory)
    status = factory.LazyFunction(status)


class PortFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    device = factory.SubFactory(DeviceFactory)


class InterfaceFactory(PortFactory):
    class Meta:
        model = Interface

    name = factory.Sequence(lambda n: f"eth{n}")
    type = InterfaceTypeChoices.BASE_T_1G


class ConsolePortFactory(PortFactory):
    class Meta:
        model = ConsolePort

    name = factory.Sequence(lambda n: f"Console {n}")


class ConsoleServerPortFactory(PortFactory):
    class Meta:
        model = ConsoleServerPort

    name = factory.Sequence(lambda n: f"Port {n}")


class PowerPortFactory(PortFactory):
    class Meta:
        model = PowerPort

    name = factory.Sequence(lambda n: f"PSU{n}")


class PowerOutletFactory(PortFactory):
    class Meta:
        model = PowerOutlet

    name = factory.Sequence(lambda n: f"Outlet {n}")


class RearPortFactory(PortFactory):
    class Meta:
        model = RearPort

    name = factory.Sequence(lambda n: f"Rear {n}")
    type = PortTypeChoices.TYPE_LC


class FrontPortFactory(PortFactory):
    """A front port on its rear port's device, at position 1 of a new rear port unless given one."""

    class Meta:
        model = FrontPort

    name = factory.Sequence(lambda n: f"Front {n}")
    type = PortTypeChoices.TYPE_LC
    rear_port = factory.SubFactory(RearPortFactory)
    device = factory.LazyAttribute(lambda o: o.rear_port.device)
    rear_port_position = 1


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    device_type = factory.SubFactory(DeviceTypeFactory)


class ConsolePortTemplateFactory(TemplateFactory):
    class Meta:
        model = ConsolePortTemplate

    name = factory.Sequence(lambda n: f"Console {n}")


class ConsoleServerPortTemplateFactory(TemplateFactory):
    class Meta:
        model = ConsoleServerPortTemplate

    name = factory.Sequence(lambda n: f"Port {n}")


class PowerPortTemplateFactory(TemplateFactory):
    class Meta:
        model = PowerPortTemplate

    name = factory.Sequence(lambda n: f"PSU{n}")


class PowerOutletTemplateFactory(TemplateFactory):
    class Meta:
        model = PowerOutletTemplate

    name = factory.Sequence(lambda n: f"Outlet {n}")


class InterfaceTemplateFactory(TemplateFactory):
    class Meta:
        model = InterfaceTemplate

    name = factory.Sequence(lambda n: f"eth{n}")
    type = InterfaceTypeChoices.BASE_T_1G


class RearPortTemplateFactory(TemplateFactory):
    class Meta:
        model = RearPortTemplate

    name = factory.Sequence(lambda n: f"Rear {n}")
    type = PortTypeChoices.TYPE_LC


class FrontPortTemplateFactory(TemplateFactory):
    class Meta:
        model = FrontPortTemplate

    name = factory.Sequence(lambda n: f"Front {n}")
    type = PortTypeChoices.TYPE_LC
    rear_port = factory.SubFactory(RearPortTemplateFactory)
    device_type = factory.LazyAttribute(lambda o: o.rear_port.device_type)
    rear_port_position = 1


class DeviceBayTemplateFactory(TemplateFactory):
    """A bay of a parent device type (only those have bays)."""

    class Meta:
        model = DeviceBayTemplate

    device_type = factory.LazyFunction(lambda: parent_device_type())
    name = factory.Sequence(lambda n: f"Bay {n}")


class ModuleBayTemplateFactory(TemplateFactory):
    class Meta:
        model = ModuleBayTemplate

    name = factory.Sequence(lambda n: f"Slot {n}")
    position = factory.Sequence(str)


def parent_device_type(**kwargs) -> DeviceType:
    """A device type whose devices hold child devices in bays."""
    return DeviceTypeFactory(subdevice_role=SubdeviceRoleChoices.ROLE_PARENT, **kwargs)


def child_device_type(**kwargs) -> DeviceType:
    """A device type whose devices sit in another device's bay (0U, as child types are)."""
    return DeviceTypeFactory(subdevice_role=SubdeviceRoleChoices.ROLE_CHILD, u_height=0, **kwargs)


class DeviceBayFactory(factory.django.DjangoModelFactory):
    """An empty bay of a device of a parent type."""

    class Meta:
        model = DeviceBay

    device = factory.SubFactory(DeviceFactory, device_type=factory.LazyFunction(parent_device_type))
    name = factory.Sequence(lambda n: f"Bay {n}")


class ModuleBayFactory(PortFactory):
    class Meta:
        model = ModuleBay

    name = factory.Sequence(lambda n: f"Slot {n}")
    position = factory.Sequence(str)


class ModuleTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModuleType

    manufacturer = factory.SubFactory(ManufacturerFactory)
    model = factory.Sequence(lambda n: f"Line card {n}")


class ModuleFactory(factory.django.DjangoModelFactory):
    """A module in a new bay of its device."""

    class Meta:
        model = Module

    module_bay = factory.SubFactory(ModuleBayFactory)
    device = factory.LazyAttribute(lambda o: o.module_bay.device)
    module_type = factory.SubFactory(ModuleTypeFactory)
    status = factory.LazyFunction(status)
    serial = factory.Sequence(lambda n: f"SN{n:06d}")


class InventoryItemFactory(PortFactory):
    class Meta:
        model = InventoryItem

    name = factory.Sequence(lambda n: f"Part {n}")
    part_id = factory.Sequence(lambda n: f"PART-{n}")


class CableFactory(factory.django.DjangoModelFactory):
    """An interface-to-interface cable unless both ends are given."""

    class Meta:
        model = Cable

    termination_a = factory.SubFactory(InterfaceFactory)
    termination_b = factory.SubFactory(InterfaceFactory)
    status = CableStatusChoices.CONNECTED


class RoleFactory(NamedFactory):
    """A Nautobot 2.x role; pass `applies_to=[Device, Prefix]` (by default it applies to devices)."""

    class Meta:
        model = Role
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Generic role {n}")

    @factory.post_generation
    def applies_to(self, create, models, **kwargs):
        for model in (Device,) if models is None else models:
            self.content_types.add(ContentType.objects.get_for_model(model))


class LocationTypeFactory(factory.django.DjangoModelFactory):
    """A top-level location type that holds devices unless `holds=[...]` says otherwise."""

    class Meta:
        model = LocationType
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Location type {n}")

    @factory.post_generation
    def holds(self, create, models, **kwargs):
        for model in (Device,) if models is None else models:
            self.content_types.add(ContentType.objects.get_for_model(model))


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Location {n}")
    location_type = factory.SubFactory(LocationTypeFactory)
    status = factory.LazyFunction(status)


class SiteGroupFactory(NamedFactory):
    class Meta:
        model = SiteGroup

    name = factory.Sequence(lambda n: f"Site group {n}")


class RackGroupFactory(NamedFactory):
    class Meta:
        model = RackGroup

    name = factory.Sequence(lambda n: f"Rack group {n}")
    site = factory.SubFactory(SiteFactory)


class RackRoleFactory(NamedFactory):
    class Meta:
        model = RackRole

    name = factory.Sequence(lambda n: f"Rack role {n}")


class RackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rack

    name = factory.Sequence(lambda n: f"Rack {n}")
    location = None
    # A rack given a location gets its site from it (dcim/locations.py); otherwise a new site.
    site = factory.Maybe("location", yes_declaration=None, no_declaration=factory.SubFactory(SiteFactory))
    status = factory.LazyFunction(status)


class RackReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RackReservation

    rack = factory.SubFactory(RackFactory)
    units = factory.Sequence(lambda n: [n % 40 + 1])
    user = factory.SubFactory("tests.factories.users.UserFactory")
    description = factory.Sequence(lambda n: f"Reserved for project {n}")


class PowerPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PowerPanel

    name = factory.Sequence(lambda n: f"Panel {n}")
    site = factory.SubFactory(SiteFactory)


class PowerFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PowerFeed

    power_panel = factory.SubFactory(PowerPanelFactory)
    name = factory.Sequence(lambda n: f"Feed {n}")
    status = factory.LazyFunction(status)
