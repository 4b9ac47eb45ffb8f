"""StatusField: the inventory's foreign key to Status, which also takes a status's value (NetBox style)."""

from __future__ import annotations

from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn

from core.uuids import is_uuid


class UnknownStatus(ValueError):
    """A status given by value (slug or name) that is not one of the statuses of the model."""


class UnknownRole(UnknownStatus):
    """A role given by value (slug or name) that is not one of the roles of the model."""


class StatusDescriptor(ForwardManyToOneDescriptor):
    """`obj.status = "planned"` (NetBox style) stores the Status of that slug; a Status instance as before."""

    def __set__(self, instance, value):
        if isinstance(value, str):
            value = self.field.resolve_status(value)
        super().__set__(instance, value)


class StatusField(models.ForeignKey):
    """A foreign key to Status (Nautobot style) that also takes the status's value, as NetBox code gives it.

    `Site(status="planned")`, `device.status = DeviceStatusChoices.STATUS_ACTIVE`,
    `filter(status="active")`, `filter(device__status__in=["active", "staged"])` and `update(status="offline")`
    find the status by slug (or, case-insensitively, by name) among the statuses that apply to the model.
    A Status instance or a primary key works as it always did. A value that names no status of the model
    raises UnknownStatus (a ValueError) listing the values that would work.
    """

    forward_related_accessor_class = StatusDescriptor
    kind = "status"
    unknown_error = UnknownStatus

    def resolve_status(self, value: str):
        """The Status that `value` (slug, name or primary key) names among those that apply to the model."""
        statuses = list(self.remote_field.model._default_manager.get_for_model(self.model))
        text = value.strip()
        for matches in (
            lambda status: status.slug == text,
            lambda status: text.lower() in (status.slug.lower(), status.name.lower()),
            lambda status: str(status.pk) == text.lower(),
        ):
            found = next((status for status in statuses if matches(status)), None)
            if found is not None:
                return found
        allowed = ", ".join(sorted(status.slug for status in statuses)) or "(none is defined)"
        raise self.unknown_error(
            f'"{value}" is not a {self.kind} of {self.model._meta.verbose_name} objects; use one of: {allowed}.'
        )

    def status_pk(self, value):
        """A lookup or update value with a status given by value replaced by that status's key."""
        if isinstance(value, str) and not is_uuid(value):
            return self.resolve_status(value).pk
        return value

    def get_db_prep_save(self, value, connection):
        return super().get_db_prep_save(self.status_pk(value), connection)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            # What a NetBox choice field offers: `get_status_display()` and `get_status_color()`.
            setattr(cls, f"get_{name}_display", lambda obj: getattr(getattr(obj, name, None), "name", ""))
            setattr(cls, f"get_{name}_color", lambda obj: getattr(getattr(obj, name, None), "color", ""))


class RoleDescriptor(StatusDescriptor):
    """As StatusDescriptor; an empty value is no role, as NetBox's blank choice (`ip.role = ""`) means."""

    def __set__(self, instance, value):
        super().__set__(instance, None if value == "" else value)


class RoleField(StatusField):
    """A foreign key to Role (Nautobot 2.x style) that also takes a role's value, as NetBox code gives a choice
    (`ip.role = "loopback"`, `filter(role="vip")`): the same rules as StatusField, among the roles that apply
    to the model; `""` is no role."""

    forward_related_accessor_class = RoleDescriptor
    kind = "role"
    unknown_error = UnknownRole


class StatusExact(RelatedExact):
    def get_prep_lookup(self):
        self.rhs = self.lhs.output_field.status_pk(self.rhs)
        return super().get_prep_lookup()


class StatusIn(RelatedIn):
    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and not isinstance(self.rhs, str):
            self.rhs = [self.lhs.output_field.status_pk(value) for value in self.rhs]
        return super().get_prep_lookup()


StatusField.register_lookup(StatusExact)
StatusField.register_lookup(StatusIn)
