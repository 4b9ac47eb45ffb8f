"""Power distribution as NetBox and Nautobot model it: PowerPanel (at a site or location, optionally serving a
rack group) and PowerFeed (a circuit from a panel, optionally to a rack). Cabling a feed to a power port comes
with the cables work; a feed has no cable yet."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import (
    PowerFeedPhaseChoices,
    PowerFeedStatusChoices,
    PowerFeedSupplyChoices,
    PowerFeedTypeChoices,
)
from dcim.models.cable_ends import CableEnd
from dcim.models.devices import RelatedAlias
from dcim.models.organization import status_field
from dcim.models.racks import PlacedMixin, Rack, RackGroup
from tenancy.models import tenant_field

POWERFEED_VOLTAGE_DEFAULT = 120
POWERFEED_AMPERAGE_DEFAULT = 20
POWERFEED_MAX_UTILIZATION_DEFAULT = 80


class PowerPanel(PlacedMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """An electrical panel at a site (NetBox) or location (Nautobot 2.x) feeding racks; names are unique per
    site."""

    site = models.ForeignKey("dcim.Site", on_delete=models.PROTECT, blank=True, related_name="powerpanels")
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="powerpanels"
    )
    rack_group = models.ForeignKey(
        RackGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="powerpanels"
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="dcim_powerpanel_unique_site_name")
        ]

    def __str__(self) -> str:
        return self.name

    power_feeds = RelatedAlias("powerfeeds")  # Nautobot's name

    def clean(self) -> None:
        super().clean()
        group = self.rack_group
        if group is not None and group.site_id != self.site_id:
            raise ValidationError(
                {"rack_group": f"Rack group {group} is at {group.site}, not at {self.site}."}
            )


class PowerFeed(CableEnd, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A circuit from a power panel, optionally to a rack: its supply, phase, voltage and amperage give the
    power it can deliver (`available_power`, in VA, within `max_utilization`)."""

    power_panel = models.ForeignKey(PowerPanel, on_delete=models.PROTECT, related_name="powerfeeds")
    rack = models.ForeignKey(Rack, on_delete=models.PROTECT, null=True, blank=True, related_name="powerfeeds")
    name = models.CharField(max_length=100)
    # Without one, a feed is active, as NetBox's default has it.
    status = status_field("dcim.powerfeed", related_name="powerfeeds")
    type = models.CharField(
        max_length=50, choices=PowerFeedTypeChoices.as_choices, default=PowerFeedTypeChoices.TYPE_PRIMARY
    )
    supply = models.CharField(
        max_length=50, choices=PowerFeedSupplyChoices.as_choices, default=PowerFeedSupplyChoices.SUPPLY_AC
    )
    phase = models.CharField(
        max_length=50, choices=PowerFeedPhaseChoices.as_choices, default=PowerFeedPhaseChoices.PHASE_SINGLE
    )
    voltage = models.SmallIntegerField(default=POWERFEED_VOLTAGE_DEFAULT)
    amperage = models.PositiveSmallIntegerField(
        default=POWERFEED_AMPERAGE_DEFAULT, validators=[MinValueValidator(1)]
    )
    max_utilization = models.PositiveSmallIntegerField(
        default=POWERFEED_MAX_UTILIZATION_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Maximum permissible draw (percentage)",
    )
    mark_connected = models.BooleanField(default=False, help_text="Treat as if a cable is connected")
    tenant = tenant_field("powerfeeds")
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["power_panel__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["power_panel", "name"], name="dcim_powerfeed_unique_panel_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        """The feed named together with its panel, as a cable's end shows it."""
        return f"{self.power_panel} \u203a {self.name}"

    @property
    def available_power(self) -> int:
        """The power the feed may deliver, in VA: |voltage| * amperage * max utilisation (* sqrt(3) on three
        phases), as NetBox computes it."""
        power = abs(self.voltage or 0) * (self.amperage or 0) * (self.max_utilization or 0) / 100
        if self.phase == PowerFeedPhaseChoices.PHASE_3PHASE:
            power *= math.sqrt(3)
        return round(power)

    def _fill_status(self) -> None:
        if self.status_id is None:
            self.status = PowerFeedStatusChoices.STATUS_ACTIVE

    def clean_fields(self, exclude=None) -> None:
        self._fill_status()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs) -> None:
        self._fill_status()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.voltage == 0:
            errors["voltage"] = "Voltage cannot be zero."
        elif (
            self.voltage is not None and self.voltage < 0 and self.supply == PowerFeedSupplyChoices.SUPPLY_AC
        ):
            errors["voltage"] = "Voltage cannot be negative for AC supply."
        rack, panel = self.rack, self.power_panel if self.power_panel_id else None
        if rack is not None and panel is not None and rack.site_id != panel.site_id:
            errors["rack"] = (
                f"Rack {rack} ({rack.site}) and power panel {panel} ({panel.site}) are at different sites."
            )
        if errors:
            raise ValidationError(errors)
