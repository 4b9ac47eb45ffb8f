"""VLAN groups and VLANs: a VLAN's ID and name are unique within its group, and fall in the group's range.

Names follow NetBox (`group`, `min_vid`/`max_vid`, `get_next_available_vid()`) and Nautobot 2.x (`vlan_group`,
`range`, `available_vids`) alike; both are placed at a site and location kept in step (dcim/locations.py).
"""

from __future__ import annotations

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import (
    AutoSlugMixin,
    BaseModel,
    ChangeLoggedMixin,
    DefaultStatusMixin,
    InventoryMixin,
    RestrictedQuerySet,
    renamed_lookups,
)
from dcim.locations import nearest, site_location
from dcim.models.organization import status_field
from ipam.constants import VLAN_VID_MAX, VLAN_VID_MIN
from tenancy.models import tenant_field

VID_VALIDATORS = [MinValueValidator(VLAN_VID_MIN), MaxValueValidator(VLAN_VID_MAX)]
VLAN_MODEL = {"content_types__app_label": "ipam", "content_types__model": "vlan"}
RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def place_optionally(obj: models.Model) -> dict[str, str]:
    """Make an object's optional site (NetBox) and location (Nautobot 2.x) agree, from whichever the code gave
    or changed, as a cluster's do; the errors of one that cannot be placed, by field."""
    old = None
    if not obj._state.adding:
        old = type(obj)._base_manager.filter(pk=obj.pk).values("site_id", "location_id").first()
    location_changed = old is None or old["location_id"] != obj.location_id
    site_changed = old is None or old["site_id"] != obj.site_id
    if obj.location_id is not None and (location_changed or obj.site_id is None):
        site = nearest(obj.location, "site")
        if site is not None and obj.site_id is not None and site_changed and obj.site_id != site.pk:
            return {"location": f"{obj.location} is not at site {obj.site} (it is at {site})."}
        obj.site = site
    elif obj.site_id is not None and (obj.location_id is None or nearest(obj.location, "site") != obj.site):
        obj.location = site_location(obj.site)
    return {}


class PlacedMixin:
    """Site and location placed together on clean and save (place_optionally)."""

    def clean_fields(self, exclude=None) -> None:
        self._place_errors = place_optionally(self)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if getattr(self, "_place_errors", None):
            raise ValidationError(self._place_errors)

    def save(self, *args, **kwargs) -> None:
        errors = place_optionally(self)
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)


class VLANGroup(PlacedMixin, AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A set of VLANs whose IDs and names are unique among them (a site's access VLANs, a customer's)."""

    # Unique, as Nautobot 2.x has them (NetBox's are unique per scope): a job finds its group by name.
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    # NetBox 3.x scopes a group with scope_type/scope_id; the scopes real jobs use are a site or a location
    # (Nautobot 2.x's only one): `scope` reads and sets either.
    site = models.ForeignKey(
        "dcim.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="vlan_groups"
    )
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="vlan_groups"
    )
    # NetBox 3.x's bounds; Nautobot 2.x's `range` ("100-199") and NetBox 4.x's `vid_ranges` read them.
    min_vid = models.PositiveSmallIntegerField(
        default=VLAN_VID_MIN, validators=VID_VALIDATORS, verbose_name="minimum VLAN ID"
    )
    max_vid = models.PositiveSmallIntegerField(
        default=VLAN_VID_MAX, validators=VID_VALIDATORS, verbose_name="maximum VLAN ID"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "VLAN group"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.min_vid is not None and self.max_vid is not None and self.min_vid > self.max_vid:
            raise ValidationError({"max_vid": "The maximum VLAN ID cannot be below the minimum."})
        if not self._state.adding and self.min_vid is not None and self.max_vid is not None:
            outside = self.vlans.exclude(vid__gte=self.min_vid, vid__lte=self.max_vid).order_by("vid")
            if outside.exists():
                vids = ", ".join(str(vid) for vid in outside.values_list("vid", flat=True)[:10])
                raise ValidationError({"max_vid": f"VLANs of this group fall outside the range: {vids}."})

    @property
    def scope(self):
        """The location or site the group is limited to, or None (global)."""
        return self.location or self.site

    @scope.setter
    def scope(self, value) -> None:
        from dcim.models import Location, Site

        self.site = value if isinstance(value, Site) else None
        self.location = value if isinstance(value, Location) else None

    @property
    def range(self) -> str:
        """Nautobot 2.x's range of VLAN IDs, "100-199"."""
        return f"{self.min_vid}-{self.max_vid}"

    @range.setter
    def range(self, value: str) -> None:
        match = RANGE.match(str(value))
        if match is None:
            raise ValidationError({"range": f'"{value}" is no range of VLAN IDs such as "100-199".'})
        self.min_vid = int(match.group(1))
        self.max_vid = int(match.group(2) or match.group(1))

    @property
    def vid_ranges(self) -> list[tuple[int, int]]:
        """NetBox 4.x's ranges of VLAN IDs, each (first, last)."""
        return [(self.min_vid, self.max_vid)]

    @property
    def expanded_range(self) -> list[int]:
        return list(range(self.min_vid, self.max_vid + 1))

    def get_available_vids(self) -> list[int]:
        """The VLAN IDs of the group's range that no VLAN of it takes, lowest first (NetBox)."""
        used = set(self.vlans.values_list("vid", flat=True))
        return [vid for vid in self.expanded_range if vid not in used]

    @property
    def available_vids(self) -> list[int]:
        """Nautobot 2.x's name of get_available_vids()."""
        return self.get_available_vids()

    def get_next_available_vid(self) -> int | None:
        """The lowest free VLAN ID of the group, or None when the range is full."""
        available = self.get_available_vids()
        return available[0] if available else None


class VLANQuerySet(RestrictedQuerySet):
    """Takes Nautobot 2.x's `vlan_group` in filter(), exclude() and get()."""

    NAMES = {"vlan_group": "group"}

    def filter(self, *args, **kwargs):
        return super().filter(*args, **renamed_lookups(kwargs, self.NAMES))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **renamed_lookups(kwargs, self.NAMES))


class VLAN(PlacedMixin, DefaultStatusMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """An 802.1Q VLAN: an ID (1-4094) and a name, in a group and/or at a site (else global)."""

    group = models.ForeignKey(
        VLANGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="vlans"
    )
    site = models.ForeignKey(
        "dcim.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="vlans"
    )
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="vlans"
    )
    vid = models.PositiveSmallIntegerField(validators=VID_VALIDATORS, verbose_name="VLAN ID")
    name = models.CharField(max_length=64)
    # "active" when left out, as NetBox's default gives it.
    status = status_field("ipam.vlan", related_name="vlans", required=False)
    role = models.ForeignKey(
        "dcim.Role",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vlans",
        limit_choices_to=VLAN_MODEL,
        error_messages={
            "invalid": "This role does not apply to VLANs (ipam.vlan is not among its content types)."
        },
    )
    tenant = tenant_field("vlans")
    description = models.CharField(max_length=200, blank=True)

    objects = VLANQuerySet.as_manager()

    class Meta:
        ordering = ["site", "group", "vid"]
        verbose_name = "VLAN"
        constraints = [
            models.UniqueConstraint(fields=["group", "vid"], name="ipam_vlan_unique_group_vid"),
            models.UniqueConstraint(fields=["group", "name"], name="ipam_vlan_unique_group_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vid})" if self.name else str(self.vid)

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("group", "vid"):
            message = f"VLAN ID {self.vid} is already taken in group {self.group}."
            return ValidationError(message, code="unique", params={"field": "vid"})
        if tuple(unique_check) == ("group", "name"):
            message = f'A VLAN named "{self.name}" is already in group {self.group}.'
            return ValidationError(message, code="unique", params={"field": "name"})
        return super().unique_error_message(model_class, unique_check)

    def validate_constraints(self, exclude=None) -> None:
        # A clash within a group is reported under the field that clashes (vid or name), not as a whole.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            for message in errors.pop(NON_FIELD_ERRORS, []):
                field = (getattr(message, "params", None) or {}).get("field", NON_FIELD_ERRORS)
                errors.setdefault(field, []).append(message)
            raise ValidationError(errors) from None

    def clean(self) -> None:
        super().clean()
        group = self.group
        if group is None or self.vid is None:
            return
        if not group.min_vid <= self.vid <= group.max_vid:
            raise ValidationError(
                {
                    "vid": f"VLAN ID {self.vid} is outside group {group}'s range ({group.min_vid}-{group.max_vid})."
                }
            )
        if group.site_id is not None and self.site_id is not None and group.site_id != self.site_id:
            raise ValidationError(
                {"site": f"VLAN group {group} belongs to site {group.site}, not {self.site}."}
            )

    @property
    def vlan_group(self) -> VLANGroup | None:
        """Nautobot 2.x's name of `group`."""
        return self.group

    @vlan_group.setter
    def vlan_group(self, value: VLANGroup | None) -> None:
        self.group = value

    @property
    def available_site(self):
        """The site the VLAN is limited to: its own, else its group's; None for a global VLAN."""
        if self.site_id is not None:
            return self.site
        return self.group.site if self.group_id is not None else None

    def get_interfaces(self):
        """Device interfaces carrying this VLAN, untagged or tagged (NetBox)."""
        from dcim.models import Interface

        return Interface.objects.filter(models.Q(untagged_vlan=self) | models.Q(tagged_vlans=self)).distinct()

    def get_vminterfaces(self):
        """VM interfaces carrying this VLAN, untagged or tagged (NetBox)."""
        # By the app registry: virtualization stands above ipam, which imports none of it.
        vm_interfaces = self._meta.apps.get_model("virtualization", "VMInterface")
        return vm_interfaces.objects.filter(
            models.Q(untagged_vlan=self) | models.Q(tagged_vlans=self)
        ).distinct()
