"""Racks as NetBox and Nautobot have them: RackGroup (a tree of groups at a site, or at a location in Nautobot
2.x), RackRole (the roles that apply to racks), Rack (its units and the devices mounted in them) and
RackReservation (units set aside). A rack's `site` and `location` agree as a device's do (dcim/locations.py).

Units are counted in halves, as NetBox 3.x+ counts them: a 42U rack has positions 1, 1.5, … 42.5, and a
device of height h at position p takes p, p + 0.5, … p + h - 0.5.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from core.trees import NestedGroup, ancestors_of
from dcim.choices import (
    DeviceFaceChoices,
    RackDimensionUnitChoices,
    RackStatusChoices,
    RackTypeChoices,
    RackWidthChoices,
)
from dcim.models.devices import RelatedAlias, Role, place
from dcim.models.organization import ContentTypeRelatedQuerySet, status_field
from dcim.models.units import HALF, drange
from tenancy.models import tenant_field

RACK_U_HEIGHT_DEFAULT = 42
RACK_U_HEIGHT_MAX = 100
RACK_MODEL = {"content_types__app_label": "dcim", "content_types__model": "rack"}


class Utilization(float):
    """A rack's utilisation as both anchors return it: NetBox's percentage (a float: `> 80`, `f"{u:.0f}%"`)
    that is also Nautobot 2.x's UtilizationData (`.numerator` occupied units, `.denominator` the height,
    `used, total = rack.get_utilization()`)."""

    numerator: Decimal
    denominator: int

    def __new__(cls, numerator, denominator) -> Utilization:
        percentage = float(numerator) / float(denominator) * 100 if denominator else 0.0
        value = super().__new__(cls, percentage)
        value.numerator, value.denominator = numerator, denominator
        return value

    def __iter__(self):
        return iter((self.numerator, self.denominator))


class PlacedMixin:
    """A model with NetBox's `site` and Nautobot 2.x's `location`, kept in agreement as a device's are: given
    one, the other follows; given both, the location must be at the site (dcim/locations.py)."""

    def clean_fields(self, exclude=None) -> None:
        self._place_errors = place(self)
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        errors = place(self)
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = getattr(self, "_place_errors", None)
        if errors:
            raise ValidationError(errors)

    def location_and_above(self) -> set:
        """The ids of this object's location and of the locations above it."""
        if self.location_id is None:
            return set()
        return {self.location_id, *(node.pk for node in ancestors_of(self.location))}


class RackGroup(PlacedMixin, NestedGroup):
    """A group of racks at a site (NetBox ≤ 2.11) or a location (Nautobot 2.x): a row, a cage, a room; groups
    nest. Names and slugs are unique per site."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    site = models.ForeignKey("dcim.Site", on_delete=models.CASCADE, blank=True, related_name="rack_groups")
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="rack_groups"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="dcim_rackgroup_unique_site_name"),
            models.UniqueConstraint(fields=["site", "slug"], name="dcim_rackgroup_unique_site_slug"),
        ]

    def clean(self) -> None:
        super().clean()
        parent = self.parent
        if parent is not None and parent.location_id not in self.location_and_above():
            raise ValidationError(
                {
                    "parent": f"The parent group {parent} is at {parent.location}, which does not hold {self.location}."
                }
            )


class RackRoleManager(models.Manager.from_queryset(ContentTypeRelatedQuerySet)):
    def get_queryset(self) -> ContentTypeRelatedQuerySet:
        return super().get_queryset().filter(**RACK_MODEL)


class RackRole(Role):
    """A role that applies to racks (NetBox's RackRole): a Role whose content types include dcim.rack, as
    Nautobot 2.x has it. Saving one adds dcim.rack to its content types."""

    objects = RackRoleManager()

    class Meta:
        proxy = True
        ordering = ["name"]

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.content_types.add(ContentType.objects.get_for_model(Rack))


class Rack(PlacedMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A rack at a site (NetBox) or location (Nautobot 2.x): numbered units, a front and a rear face."""

    name = models.CharField(max_length=100)
    facility_id = models.CharField(
        max_length=50,
        null=True,
        blank=True,
        verbose_name="facility ID",
        help_text="Locally-assigned identifier.",
    )
    # Optional to forms and the API only: a rack given a location gets its site from it (dcim/locations.py).
    site = models.ForeignKey("dcim.Site", on_delete=models.PROTECT, blank=True, related_name="racks")
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="racks"
    )
    # NetBox's name; Nautobot 2.x's is `rack_group` (a property below).
    group = models.ForeignKey(
        RackGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="racks",
        verbose_name="rack group",
    )
    tenant = tenant_field("racks")
    # Without one, a rack is active, as NetBox's default has it.
    status = status_field("dcim.rack", related_name="racks")
    role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="racks",
        limit_choices_to=RACK_MODEL,
        error_messages={
            "invalid": "This role does not apply to racks (dcim.rack is not among its content types)."
        },
    )
    serial = models.CharField(max_length=50, blank=True, verbose_name="serial number")
    asset_tag = models.CharField(max_length=50, null=True, blank=True, unique=True)
    type = models.CharField(max_length=50, blank=True, choices=RackTypeChoices.as_choices)
    width = models.PositiveSmallIntegerField(
        choices=RackWidthChoices.as_choices,
        default=RackWidthChoices.WIDTH_19IN,
        help_text="Rail-to-rail width",
    )
    u_height = models.PositiveSmallIntegerField(
        default=RACK_U_HEIGHT_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(RACK_U_HEIGHT_MAX)],
        verbose_name="height (U)",
    )
    desc_units = models.BooleanField(
        default=False, verbose_name="descending units", help_text="Units are numbered top-to-bottom"
    )
    outer_width = models.PositiveSmallIntegerField(null=True, blank=True)
    outer_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    outer_unit = models.CharField(max_length=50, blank=True, choices=RackDimensionUnitChoices.as_choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [
            # NetBox: unique within a location; Nautobot 2.x: within a rack group.
            models.UniqueConstraint(fields=["location", "name"], name="dcim_rack_unique_location_name"),
            models.UniqueConstraint(fields=["group", "name"], name="dcim_rack_unique_group_name"),
            models.UniqueConstraint(
                fields=["location", "facility_id"], name="dcim_rack_unique_location_facility_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.facility_id})" if self.facility_id else self.name

    # --- Nautobot 2.x and NetBox 4.1+ names for the same fields ---
    @property
    def rack_group(self) -> RackGroup | None:
        return self.group

    @rack_group.setter
    def rack_group(self, value: RackGroup | None) -> None:
        self.group = value

    @property
    def form_factor(self) -> str:
        return self.type

    @form_factor.setter
    def form_factor(self, value: str) -> None:
        self.type = value or ""

    rack_reservations = RelatedAlias("reservations")
    power_feeds = RelatedAlias("powerfeeds")

    # --- Validation ---
    def _fill_status(self) -> None:
        if self.status_id is None:
            self.status = RackStatusChoices.STATUS_ACTIVE

    def clean_fields(self, exclude=None) -> None:
        self._fill_status()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        self._fill_status()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.group_id is not None and self.group.location_id not in self.location_and_above():
            errors["group"] = (
                f"The rack group {self.group} is at {self.group.location}, which does not hold {self.location}."
            )
        if (self.outer_width is not None or self.outer_depth is not None) and not self.outer_unit:
            errors["outer_unit"] = "Must specify a unit when setting an outer dimension."
        if not self._state.adding and self.u_height:
            tops = [
                device.position + device.device_type.u_height - 1
                for device in self.devices.filter(position__isnull=False).select_related("device_type")
            ]
            if tops and max(tops) > self.u_height:
                errors["u_height"] = (
                    f"Rack must be at least {max(tops)}U tall to house currently installed devices."
                )
        if errors:
            raise ValidationError(errors)

    # --- Units ---
    @property
    def units(self) -> list[Decimal]:
        """The rack's unit positions (halves included), top to bottom (bottom to top if `desc_units`)."""
        if self.desc_units:
            return drange(1, self.u_height + 1)
        return drange(self.u_height + HALF, HALF, -HALF)

    def get_available_units(
        self,
        u_height=1,
        rack_face: str | None = None,
        exclude=None,
        ignore_excluded_devices: bool = False,
        *,
        face: str | None = None,
    ) -> list[Decimal]:
        """The positions, lowest first, where a device `u_height` units tall fits: on `rack_face` (`face`), or on
        both faces when none is given (a full-depth device). `exclude`: devices (or their ids) to ignore, such
        as the one being moved."""
        rack_face = rack_face or face
        units = set(self.units)
        for device in self.mounted_devices(exclude):
            if rack_face is None or device.face == rack_face or device.device_type.is_full_depth:
                units -= set(drange(device.position, device.position + device.device_type.u_height))
        height = Decimal(str(u_height))
        return sorted(unit for unit in units if set(drange(unit, unit + height)) <= units)

    def mounted_devices(self, exclude=None) -> models.QuerySet:
        """The devices that take units of this rack (a position, a height above zero)."""
        if self._state.adding:
            return self.devices.none()
        devices = self.devices.select_related("device_type").filter(
            position__gte=1, device_type__u_height__gt=0
        )
        ids = [getattr(item, "pk", item) for item in _as_list(exclude)]
        return devices.exclude(pk__in=ids) if ids else devices

    def get_reserved_units(self) -> dict[int, RackReservation]:
        """Reserved unit → its reservation."""
        if self._state.adding:
            return {}
        return {unit: reservation for reservation in self.reservations.all() for unit in reservation.units}

    def get_rack_units(
        self, user=None, face: str = DeviceFaceChoices.FACE_FRONT, exclude=None, expand_devices=True
    ):
        """The units seen from `face`, top to bottom, as dicts: id, name ("U12"), face, device, occupied."""
        elevation = {
            unit: {
                "id": unit,
                "name": f"U{unit.normalize():f}",
                "face": face,
                "device": None,
                "occupied": False,
            }
            for unit in self.units
        }
        devices = self.mounted_devices([exclude] if exclude else None)
        if user is not None:
            devices = devices.restrict(user, "view")
        for device in devices:
            if device.face != face and not device.device_type.is_full_depth:
                continue
            taken = drange(device.position, device.position + device.device_type.u_height)
            for unit in taken if expand_devices else taken[:1]:
                if unit in elevation:
                    elevation[unit].update(device=device, occupied=True)
        return list(elevation.values())

    def get_0u_devices(self) -> models.QuerySet:
        return self.devices.filter(models.Q(position__isnull=True) | models.Q(device_type__u_height=0))

    def get_utilization(self) -> Utilization:
        """The share of the rack's units taken by devices (on either face) or reservations."""
        units = set(self.units)
        free = set(self.get_available_units(u_height=HALF))
        for unit in self.get_reserved_units():
            free -= {Decimal(unit), Decimal(unit) + HALF}
        occupied = Decimal(len(units) - len(free)) / 2
        return Utilization(int(occupied) if occupied % 1 == 0 else occupied, self.u_height)


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return list(value)
    return [value]


class RackReservation(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """Units of a rack set aside for someone (a tenant, a project), unit numbers listed in `units`."""

    rack = models.ForeignKey(Rack, on_delete=models.CASCADE, related_name="reservations")
    units = ArrayField(base_field=models.PositiveSmallIntegerField())
    tenant = tenant_field("rackreservations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rack_reservations"
    )
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"Reservation for rack {self.rack}" if self.rack_id else "Rack reservation"

    @property
    def unit_list(self) -> str:
        """The units as ranges: "1-3, 7"."""
        ranges, units = [], sorted(set(self.units or ()))
        for unit in units:
            if ranges and unit == ranges[-1][1] + 1:
                ranges[-1][1] = unit
            else:
                ranges.append([unit, unit])
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)

    def clean(self) -> None:
        super().clean()
        if self.rack_id is None or not self.units:
            return
        whole = set(range(1, self.rack.u_height + 1))
        invalid = sorted(unit for unit in set(self.units) if unit not in whole)
        if invalid:
            raise ValidationError(
                {
                    "units": f"Invalid unit(s) for a {self.rack.u_height}U rack: {', '.join(map(str, invalid))}."
                }
            )
        taken = {unit for other in self.rack.reservations.exclude(pk=self.pk) for unit in other.units}
        conflicting = sorted(set(self.units) & taken)
        if conflicting:
            raise ValidationError(
                {"units": f"These units are already reserved: {', '.join(map(str, conflicting))}."}
            )
