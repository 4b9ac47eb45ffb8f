"""Custom field values of inventory objects: defaults filled in, values checked against the fields of the
object's model, and a renamed or deleted field's values moved or removed (NetBox's behaviour).
core.models.InventoryMixin calls the first two (set in extras/apps.py); signals do the others."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from core.models import InventoryMixin
from extras.models.customfields import CustomField

EMPTY = (None, "", [])


def fields_of(obj: models.Model | type[models.Model]) -> list[CustomField]:
    return list(CustomField.objects.get_for_model(obj))


def fill_defaults(obj: InventoryMixin) -> None:
    """A new object takes the default of each field it has no value for."""
    data = obj.custom_field_data
    for field in fields_of(obj):
        if field.name not in data and field.default is not None:
            data[field.name] = field.default


def validate(obj: InventoryMixin) -> None:
    """Each value valid for its field, every required field given, no value for a field the model lacks.

    Raises a ValidationError on `custom_field_data` whose messages name the custom field; values are
    normalised as stored (a date as YYYY-MM-DD).
    """
    data = obj.custom_field_data
    if not isinstance(data, dict):
        raise ValidationError(
            {"custom_field_data": "Custom field data is a mapping of field names to values."}
        )
    fields = {field.name: field for field in fields_of(obj)}
    errors = [f"Unknown field name '{name}' in custom field data." for name in data if name not in fields]
    for name, field in fields.items():
        value = data.get(name)
        if value in EMPTY:
            if field.required:
                errors.append(f"Missing required custom field '{name}'.")
            continue
        try:
            data[name] = field.validate(value)
        except ValidationError as error:
            errors.append(f"Invalid value for custom field '{name}': {' '.join(error.messages)}")
    if errors:
        raise ValidationError({"custom_field_data": errors})


def inventory_models() -> list[type[models.Model]]:
    return [
        model for model in apps.get_models() if issubclass(model, InventoryMixin) and not model._meta.proxy
    ]


class WithoutKey(models.Func):
    """PostgreSQL's `jsonb - key`: the data without one key."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.JSONField()


def remove_field_data(name: str) -> int:
    """Remove the values of the custom field `name` from every object that has one; how many objects."""
    removed = 0
    for model in inventory_models():
        removed += model._base_manager.filter(custom_field_data__has_key=name).update(
            custom_field_data=WithoutKey(
                models.F("custom_field_data"), Cast(models.Value(name), models.TextField())
            )
        )
    return removed


def rename_field_data(old: str, new: str) -> int:
    """Move the values of a renamed custom field to its new name in every object that has one."""
    renamed = 0
    moved = RawSQL(
        "(custom_field_data - %s) || jsonb_build_object(%s::text, custom_field_data -> %s)",
        (old, new, old),
        output_field=models.JSONField(),
    )
    for model in inventory_models():
        renamed += model._base_manager.filter(custom_field_data__has_key=old).update(custom_field_data=moved)
    return renamed


def follow_rename(sender, instance: CustomField, raw: bool = False, **kwargs) -> None:
    """A custom field saved under a new name takes its values along (pre_save of CustomField)."""
    if raw or instance.pk is None:
        return
    instance.fill_name()
    old = CustomField.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    if old and old != instance.name:
        rename_field_data(old, instance.name)


def forget_field_data(sender, instance: CustomField, **kwargs) -> None:
    """A deleted custom field's values go with it (post_delete of CustomField)."""
    remove_field_data(instance.name)
