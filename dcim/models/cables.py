"""Cable: joins two compatible ports (interface↔interface, console↔console server, power port↔outlet)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import CableLengthUnitChoices, CableStatusChoices, CableTypeChoices, LinkStatusChoices
from dcim.constants import COMPATIBLE_TERMINATION_TYPES
from dcim.models.cable_ends import CableEnd
from dcim.models.organization import color_validator
from tenancy.models import tenant_field

# What each kind of cable end may be cabled to (dcim.constants, NetBox's table). Front and rear ports pass a
# connection through a patch panel; dcim/paths.py traces an end's connection across them, and through a circuit
# from one of its terminations (circuits app) to the other.
COMPATIBLE_ENDS: dict[str, tuple[str, ...]] = {
    kind: tuple(peers) for kind, peers in COMPATIBLE_TERMINATION_TYPES.items()
}
PORT_MODEL_NAMES = tuple(COMPATIBLE_ENDS)
# The app of each kind of cable end not in dcim (NetBox's table names the kinds by model name alone).
END_APP_LABELS = {"circuittermination": "circuits"}


def end_model(model_name: str) -> type[models.Model]:
    """The model of a kind of cable end, by its model name ("interface", "circuittermination")."""
    return apps.get_model(END_APP_LABELS.get(model_name, "dcim"), model_name)


def port_types() -> models.Q:
    """The content types a cable end may have (a callable, so a new kind of port needs no migration)."""
    query = models.Q(
        app_label="dcim", model__in=[name for name in PORT_MODEL_NAMES if name not in END_APP_LABELS]
    )
    for model_name, app_label in END_APP_LABELS.items():
        query |= models.Q(app_label=app_label, model=model_name)
    return query


PORT_TYPES = port_types()


class Cable(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A physical connection between two ports.

    The ends are generic (content type + id), and each port mirrors its cable in `port.cable`, which
    Cable.save() keeps in step; that FK is what makes "one cable per port" cheap to check and lets
    `port.connected_endpoint` be answered from the port.
    """

    termination_a_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", limit_choices_to=port_types
    )
    termination_a_id = models.UUIDField()
    termination_a = GenericForeignKey("termination_a_type", "termination_a_id")
    termination_b_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", limit_choices_to=port_types
    )
    termination_b_id = models.UUIDField()
    termination_b = GenericForeignKey("termination_b_type", "termination_b_id")
    status = models.CharField(
        max_length=20, choices=LinkStatusChoices.as_choices, default=LinkStatusChoices.CONNECTED
    )
    type = models.CharField(max_length=50, blank=True, choices=CableTypeChoices.as_choices)
    tenant = tenant_field("cables")
    label = models.CharField(max_length=100, blank=True)
    color = models.CharField(max_length=6, blank=True, validators=[color_validator], verbose_name="colour")
    length = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    length_unit = models.CharField(max_length=50, blank=True, choices=CableLengthUnitChoices.as_choices)
    description = models.CharField(max_length=200, blank=True)

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

    # --- NetBox 3.3+: each end as a list of terminations (here exactly one per end) -------------------
    @property
    def a_terminations(self) -> list:
        return self._terminations("a")

    @a_terminations.setter
    def a_terminations(self, terminations) -> None:
        self._set_terminations("a", terminations)

    @property
    def b_terminations(self) -> list:
        return self._terminations("b")

    @b_terminations.setter
    def b_terminations(self, terminations) -> None:
        self._set_terminations("b", terminations)

    def _terminations(self, end: str) -> list:
        port = self._safe_end(f"termination_{end}") if getattr(self, f"termination_{end}_id") else None
        return [] if port is None else [port]

    def _set_terminations(self, end: str, terminations) -> None:
        """Set one end from a list; a count other than one is kept as an error for clean() to report."""
        ports = list(terminations or ())
        problems = self.__dict__.setdefault("_termination_problems", {})
        problems.pop(f"{end}_terminations", None)
        if not ports:
            problems[f"{end}_terminations"] = "A cable end needs a termination."
        elif len(ports) > 1:
            problems[f"{end}_terminations"] = (
                f"A cable end takes one termination here, not {len(ports)}: use one cable per port."
            )
        if ports:
            setattr(self, f"termination_{end}", ports[0])

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
        if self.__dict__.get("_termination_problems"):
            raise ValidationError(dict(self._termination_problems))
        if self.length is not None and not self.length_unit:
            raise ValidationError({"length_unit": "A length needs its unit."})
        if self.length is None and self.length_unit:
            self.length_unit = ""  # a unit without a length says nothing (NetBox drops it too)
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
        if isinstance(a, CableEnd) and isinstance(b, CableEnd):
            self._validate_ports(a, b)

    def _validate_ports(self, a: CableEnd, b: CableEnd) -> None:
        if type(a) is type(b) and a.pk == b.pk:
            raise ValidationError("A cable cannot connect a port to itself.")
        peers = COMPATIBLE_ENDS.get(a._meta.model_name, ())
        if b._meta.model_name not in peers:
            kinds = [str(end_model(name)._meta.verbose_name_plural) for name in peers]
            listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
            raise ValidationError(
                {
                    "termination_b_type": f"{a._meta.verbose_name_plural.capitalize()} connect to "
                    f"{listed}, not to {b._meta.verbose_name_plural}."
                }
            )
        errors = {}
        for field, end in (("termination_a_id", a), ("termination_b_id", b)):
            if not end.can_be_cabled:
                reason = getattr(end, "no_cable_reason", "virtual and wireless interfaces have none")
                errors[field] = f"{end.display} takes no cable: {reason}."
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
                    end_model(model_name).objects.filter(cable=self).update(cable=None)
            for end in (self.termination_a, self.termination_b):
                if end is None:
                    continue
                type(end).objects.filter(pk=end.pk).update(cable=self)
                end.cable = self


class CableTermination(models.Model):
    """One end of a cable, as NetBox 3.3+ code queries them (`CableTermination.objects.filter(...)`).

    Read from the cables themselves (a database view over `dcim_cable`, two rows per cable), so there is
    nothing to keep in step and nothing to write: a cable's ends are changed on the cable.
    """

    id = models.UUIDField(primary_key=True)
    cable = models.ForeignKey(Cable, on_delete=models.DO_NOTHING, related_name="terminations")
    cable_end = models.CharField(max_length=1, choices=(("A", "A"), ("B", "B")))
    termination_type = models.ForeignKey(ContentType, on_delete=models.DO_NOTHING, related_name="+")
    termination_id = models.UUIDField()
    termination = GenericForeignKey("termination_type", "termination_id")

    class Meta:
        managed = False
        db_table = "dcim_cabletermination"
        ordering = ["cable", "cable_end"]

    def __str__(self) -> str:
        return f"{self.cable} end {self.cable_end}"

    def save(self, *args, **kwargs) -> None:
        raise TypeError("Cable terminations are read-only: set the cable's a_terminations / b_terminations.")

    def delete(self, *args, **kwargs):
        raise TypeError("Cable terminations are read-only: delete the cable or set its a_terminations.")


def _stored_cable_id(port) -> object:
    """The port's cable as the database has it (the instance in hand may be stale)."""
    if port.pk is None:
        return None
    return type(port).objects.filter(pk=port.pk).values_list("cable_id", flat=True).first()
