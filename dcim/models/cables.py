"""Cable: joins two compatible ports (interface↔interface, console↔console server, power port↔outlet)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import CableStatusChoices, LinkStatusChoices
from dcim.models.organization import color_validator
from dcim.models.ports import PortBase

PORT_MODEL_NAMES = ("interface", "consoleport", "consoleserverport", "powerport", "poweroutlet")
PORT_TYPES = models.Q(app_label="dcim", model__in=PORT_MODEL_NAMES)


class Cable(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A physical connection between two ports.

    The ends are generic (content type + id), and each port mirrors its cable in `port.cable`, which
    Cable.save() keeps in step; that FK is what makes "one cable per port" cheap to check and lets
    `port.connected_endpoint` be answered from the port.
    """

    termination_a_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", limit_choices_to=PORT_TYPES
    )
    termination_a_id = models.UUIDField()
    termination_a = GenericForeignKey("termination_a_type", "termination_a_id")
    termination_b_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", limit_choices_to=PORT_TYPES
    )
    termination_b_id = models.UUIDField()
    termination_b = GenericForeignKey("termination_b_type", "termination_b_id")
    status = models.CharField(
        max_length=20, choices=LinkStatusChoices.as_choices, default=LinkStatusChoices.CONNECTED
    )
    label = models.CharField(max_length=100, blank=True)
    color = models.CharField(max_length=6, blank=True, validators=[color_validator], verbose_name="colour")

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["termination_a_type", "termination_a_id"], name="dcim_cable_unique_termination_a"
            ),
            models.UniqueConstraint(
                fields=["termination_b_type", "termination_b_id"], name="dcim_cable_unique_termination_b"
            ),
        ]

    def __str__(self) -> str:
        if self.label:
            return self.label
        a, b = self._safe_end("termination_a"), self._safe_end("termination_b")
        if a is None or b is None:
            return f"Cable {str(self.pk)[:8]}"
        return f"{a.display} ↔ {b.display}"

    def _safe_end(self, name: str):
        try:
            return getattr(self, name)
        except ContentType.DoesNotExist:
            return None

    @property
    def connected(self) -> bool:
        return self.status == CableStatusChoices.CONNECTED

    def far_end(self, port):
        """The end of this cable that is not `port`."""
        is_a = (
            self.termination_a_type_id == ContentType.objects.get_for_model(port).pk
            and self.termination_a_id == port.pk
        )
        return self.termination_b if is_a else self.termination_a

    def clean(self) -> None:
        super().clean()
        ends = {
            "termination_a": self._safe_end("termination_a"),
            "termination_b": self._safe_end("termination_b"),
        }
        missing = {
            f"{name}_id": "No port of that type has this id."
            for name, end in ends.items()
            if end is None and getattr(self, f"{name}_type_id") and getattr(self, f"{name}_id")
        }
        if missing:
            raise ValidationError(missing)
        a, b = ends.values()
        # Anything but two ports has already been reported by field validation (type limited to ports).
        if isinstance(a, PortBase) and isinstance(b, PortBase):
            self._validate_ports(a, b)

    def _validate_ports(self, a: PortBase, b: PortBase) -> None:
        if type(a) is type(b) and a.pk == b.pk:
            raise ValidationError("A cable cannot connect a port to itself.")
        if b._meta.model_name != a.peer_model_name:
            peer = apps.get_model("dcim", a.peer_model_name)
            raise ValidationError(
                {
                    "termination_b_type": f"{a._meta.verbose_name_plural.capitalize()} connect to "
                    f"{peer._meta.verbose_name_plural}, not to {b._meta.verbose_name_plural}."
                }
            )
        errors = {}
        for field, end in (("termination_a_id", a), ("termination_b_id", b)):
            if not end.can_be_cabled:
                errors[field] = f"{end.display} is not a physical port and cannot take a cable."
            elif _stored_cable_id(end) not in (None, self.pk):
                errors[field] = f"{end.display} already has a cable."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Save and point both ports' `cable` at this cable (un-pointing any port that is no longer an end)."""
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not adding:  # the ends may have changed: release whatever pointed here before
                for model_name in PORT_MODEL_NAMES:
                    apps.get_model("dcim", model_name).objects.filter(cable=self).update(cable=None)
            for end in (self.termination_a, self.termination_b):
                if end is None:
                    continue
                type(end).objects.filter(pk=end.pk).update(cable=self)
                end.cable = self


def _stored_cable_id(port) -> object:
    """The port's cable as the database has it (the instance in hand may be stale)."""
    if port.pk is None:
        return None
    return type(port).objects.filter(pk=port.pk).values_list("cable_id", flat=True).first()
