"""CustomField: a field an administrator adds to some inventory models, its values kept per object in
`custom_field_data` (core.models.InventoryMixin) and checked against the field here.

Named as both anchors name it: NetBox's `name`, Nautobot 2.x's `key` (the same column; `filter(key=...)`
works too) with `label` for display; a field created with a label alone takes its key from the label.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.text import slugify

from core.models import BaseModel, ChangeLoggedMixin, RestrictedQuerySet
from extras.choices import CustomFieldTypeChoices as Types

# Nautobot's values for types NetBox names otherwise.
TYPE_ALIASES = {"multi-select": Types.TYPE_MULTISELECT, "markdown": Types.TYPE_LONGTEXT}
NUMERIC = (Types.TYPE_INTEGER, Types.TYPE_DECIMAL)
CHOOSING = (Types.TYPE_SELECT, Types.TYPE_MULTISELECT)

name_validator = RegexValidator(
    r"^[a-z0-9_]+$",
    "Only lower-case letters, digits and underscores: the name is a key of every object's data.",
)


class CustomFieldQuerySet(RestrictedQuerySet):
    def get_for_model(self, model: type[models.Model] | models.Model) -> CustomFieldQuerySet:
        """The custom fields of `model` (a class or an instance)."""
        return self.filter(content_types=ContentType.objects.get_for_model(model))

    def _filter_or_exclude(self, negate, args, kwargs):
        # Nautobot 2.x code looks fields up by `key`: the same column as NetBox's `name`.
        kwargs = {
            ("name" + name[3:] if name == "key" or name.startswith("key__") else name): value
            for name, value in kwargs.items()
        }
        return super()._filter_or_exclude(negate, args, kwargs)


class CustomField(ChangeLoggedMixin, BaseModel):
    """One custom field: its type, the models it applies to, whether it is required, its default and checks."""

    name = models.CharField(
        max_length=50,
        unique=True,
        blank=True,
        validators=[name_validator],
        help_text="The key of the value in each object's data (Nautobot 2.x: key); from the label when empty.",
    )
    label = models.CharField(
        max_length=50, blank=True, help_text="Shown in forms and pages; the name when empty."
    )
    type = models.CharField(max_length=50, choices=Types.as_choices(), default=Types.TYPE_TEXT)
    description = models.CharField(max_length=200, blank=True)
    content_types = models.ManyToManyField(
        ContentType, related_name="custom_fields", help_text="The models this field applies to."
    )
    required = models.BooleanField(default=False, help_text="Every object of the models must have a value.")
    default = models.JSONField(
        null=True, blank=True, encoder=DjangoJSONEncoder, help_text="The value new objects take (JSON)."
    )
    weight = models.PositiveSmallIntegerField(default=100, help_text="Fields are shown lightest first.")
    validation_minimum = models.BigIntegerField(null=True, blank=True, verbose_name="minimum value")
    validation_maximum = models.BigIntegerField(null=True, blank=True, verbose_name="maximum value")
    validation_regex = models.CharField(
        max_length=500, blank=True, verbose_name="validation regex", help_text="Text values must match it."
    )
    choices = models.JSONField(
        default=list, blank=True, help_text="The values a selection field may take (a JSON list of text)."
    )

    objects = CustomFieldQuerySet.as_manager()

    class Meta:
        ordering = ["weight", "name"]

    def __init__(self, *args, **kwargs) -> None:
        # Nautobot's spelling of the name (a keyword the model has no field for).
        if "key" in kwargs:
            kwargs["name"] = kwargs.pop("key")
        super().__init__(*args, **kwargs)

    def __str__(self) -> str:
        return self.label or self.name

    @property
    def key(self) -> str:
        return self.name

    @key.setter
    def key(self, value: str) -> None:
        self.name = value

    @property
    def object_types(self):
        """NetBox 4's name for the models the field applies to."""
        return self.content_types

    def fill_name(self) -> None:
        self.type = TYPE_ALIASES.get(self.type, self.type)
        if not self.name and self.label:
            self.name = slugify(self.label).replace("-", "_")[:50]

    def clean(self) -> None:
        super().clean()
        self.fill_name()
        errors: dict[str, str] = {}
        if self.type in CHOOSING:
            if not isinstance(self.choices, list) or not self.choices:
                errors["choices"] = "A selection field needs a list of choices."
            elif not all(isinstance(choice, str) for choice in self.choices):
                errors["choices"] = "Choices are text."
        if self.validation_regex:
            try:
                re.compile(self.validation_regex)
            except re.error as error:
                errors["validation_regex"] = f"Not a regular expression: {error}."
        if (
            self.validation_minimum is not None
            and self.validation_maximum is not None
            and self.validation_minimum > self.validation_maximum
        ):
            errors["validation_maximum"] = "The maximum is below the minimum."
        if self.default not in (None, "") and not errors:
            try:
                self.default = self.validate(self.default)
            except ValidationError as error:
                errors["default"] = f"Not a valid value of this field: {' '.join(error.messages)}"
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, **kwargs) -> None:
        self.fill_name()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs) -> None:
        self.fill_name()
        super().save(*args, **kwargs)

    def validate(self, value: Any) -> Any:
        """`value` as stored, or a ValidationError saying what is wrong with it (for a value given)."""
        checker = getattr(self, f"_validate_{self.type}", None)
        value = checker(value) if checker else value
        if self.type in NUMERIC:
            if self.validation_minimum is not None and value < self.validation_minimum:
                raise ValidationError(f"The minimum is {self.validation_minimum}.")
            if self.validation_maximum is not None and value > self.validation_maximum:
                raise ValidationError(f"The maximum is {self.validation_maximum}.")
        if self.validation_regex and isinstance(value, str) and not re.search(self.validation_regex, value):
            raise ValidationError(f"Values must match this regex: {self.validation_regex}")
        return value

    @staticmethod
    def _text(value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError("Enter text.")
        return value

    _validate_text = _validate_longtext = _text

    def _validate_integer(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError("Enter a whole number.")
        try:
            return int(value)
        except ValueError:
            raise ValidationError("Enter a whole number.") from None

    def _validate_decimal(self, value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise ValidationError("Enter a number.")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError("Enter a number.") from None
        return value if isinstance(value, int) else float(number)

    def _validate_boolean(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError("Enter true or false.")
        return value

    def _validate_date(self, value: Any) -> str:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(self._text(value)).isoformat()
        except ValueError:
            raise ValidationError("Enter a date as YYYY-MM-DD.") from None

    def _validate_datetime(self, value: Any) -> str:
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        try:
            return datetime.datetime.fromisoformat(self._text(value)).isoformat()
        except ValueError:
            raise ValidationError("Enter a date and time as YYYY-MM-DDTHH:MM:SS.") from None

    def _validate_url(self, value: Any) -> str:
        URLValidator(message="Enter a URL.")(self._text(value))
        return value

    def _validate_select(self, value: Any) -> str:
        if value not in self.choices:
            raise ValidationError(f"{value!r} is not one of the choices: {', '.join(self.choices)}.")
        return value

    def _validate_multiselect(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValidationError("Enter a list of choices.")
        for item in value:
            self._validate_select(item)
        return value
