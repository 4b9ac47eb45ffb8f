"""The twelve job variable types: each maps to one form field, one JSON (de)serializer and one description.

NetBox's three others (DecimalVar, DateVar, DateTimeVar) are in extras.jobs.netbox_variables.

A variable is declared as a class attribute of a Job. `clean(value, source)` turns web-form, API or CLI
input into the value run() receives; `serialize(value)` turns that value back into JSON which
`clean(..., source="api")` accepts again.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping
from typing import Any, ClassVar

import netaddr
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.validators import RegexValidator
from django.db import models
from django.forms.utils import pretty_name

from core.widgets import style_widget
from extras.jobs import forms as job_forms
from extras.jobs import object_fields

__all__ = [
    "BooleanVar",
    "ChoiceVar",
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "JobVariable",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "StringVar",
    "TextVar",
]

SOURCES = ("form", "api", "cli")
MISSING = object()  # a key absent from API/CLI data, as opposed to an explicit null


class JobVariable:
    """Base of all variables. Options shared by every type: label, description, default, required, widget."""

    form_field: ClassVar[type[forms.Field]] = job_forms.StrictCharField
    widget_class: ClassVar[type[forms.Widget] | None] = None

    def __init__(self, label=None, description="", default=None, required=True, widget=None):
        self.name: str | None = None
        self.label = label
        self.description = description or ""
        self.default = default
        self.required = required
        self.widget = widget

    def __set_name__(self, owner, name):
        if self.name is None:
            self.name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # --- form ---------------------------------------------------------------------------------------

    def field_options(self) -> dict[str, Any]:
        """Keyword arguments for the form field; subclasses add their own options."""
        options = {"required": self.required, "label": self.label, "help_text": self.description}
        widget = self.widget or self.widget_class
        if widget is not None:
            options["widget"] = widget
        return options

    def as_field(self) -> forms.Field:
        field = self.form_field(**self.field_options())
        style_widget(field.widget)
        return field

    # --- input --------------------------------------------------------------------------------------

    def value_from_data(self, data: Mapping, files: Mapping, source: str) -> Any:
        """Pick this variable's raw value: through the widget for a web form, by key for JSON input.

        A key absent from API/CLI JSON takes the variable's default (a web form submits its defaults).
        """
        if source == "form":
            return self.as_field().widget.value_from_datadict(data, files, self.name)
        if self.name in files:
            return files[self.name]
        value = data.get(self.name, MISSING)
        return self.default if value is MISSING else value

    def clean(self, value: Any, source: str = "api") -> Any:
        """Validate raw input from `source` ("form", "api", "cli"); raise ValidationError with the reason."""
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        return self.as_field().clean(value)

    # --- output -------------------------------------------------------------------------------------

    def serialize(self, value: Any) -> Any:
        """JSON-safe form of a cleaned value, accepted again by clean(..., source="api")."""
        return value

    def describe(self) -> dict[str, Any]:
        """The variable as the API's /variables/ endpoint lists it: only the keys that apply."""
        info: dict[str, Any] = {
            "name": self.name,
            "type": type(self).__name__,
            "label": self.label or pretty_name(self.name or ""),
            "required": self.required,
        }
        if self.description:
            info["help_text"] = self.description
        if self.default is not None:
            info["default"] = self.serialize(self.default)
        info.update({key: value for key, value in self.describe_options().items() if value is not None})
        return info

    def describe_options(self) -> dict[str, Any]:
        return {}


class StringVar(JobVariable):
    """A line of text; options min_length, max_length, and regex with the message shown when the value does
    not match it (`regex_message`; by default a sentence, the pattern itself being in the help text)."""

    DEFAULT_REGEX_MESSAGE = "Invalid value: it does not have the format this field expects."

    def __init__(self, min_length=None, max_length=None, regex=None, *args, regex_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_length = min_length
        self.max_length = max_length
        self.regex = regex
        self.regex_message = regex_message

    def field_options(self):
        options = {**super().field_options(), "min_length": self.min_length, "max_length": self.max_length}
        if self.regex:
            message = self.regex_message or self.DEFAULT_REGEX_MESSAGE
            options["validators"] = [RegexValidator(regex=self.regex, message=message)]
            if not self.description and not self.regex_message:
                # Nothing else tells the user what is expected: name the pattern, outside the error.
                options["help_text"] = f"Format: matches the regular expression {self.regex}"
        return options

    def describe_options(self):
        return {
            "min_length": self.min_length,
            "max_length": self.max_length,
            "regex": self.regex,
            "regex_message": self.regex_message,
        }


class TextVar(JobVariable):
    """Text of any length, entered in a multi-line box."""

    widget_class = forms.Textarea


class IntegerVar(JobVariable):
    """A whole number; min_value/max_value bounds are honoured even when 0."""

    form_field = forms.IntegerField

    def __init__(self, min_value=None, max_value=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def field_options(self):
        return {**super().field_options(), "min_value": self.min_value, "max_value": self.max_value}

    def describe_options(self):
        return {"min_value": self.min_value, "max_value": self.max_value}


class BooleanVar(JobVariable):
    """A true/false flag; never required (unchecked is a valid answer)."""

    form_field = job_forms.StrictBooleanField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = False


class ChoiceVar(JobVariable):
    """One value out of `choices`, an iterable of (value, label) pairs."""

    form_field = job_forms.OriginalValueChoiceField

    def __init__(self, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = list(choices)

    def field_options(self):
        return {**super().field_options(), "choices": self.blank_choice() + self.choices}

    def blank_choice(self) -> list:
        return [] if self.required else [("", "---------")]

    def describe_options(self):
        return {"choices": [list(choice) for choice in self.choices]}


class MultiChoiceVar(ChoiceVar):
    """Several values out of `choices`; delivered as a list."""

    form_field = job_forms.OriginalValueMultipleChoiceField

    def blank_choice(self) -> list:
        return []


class ObjectVar(JobVariable):
    """One object of `model`, picked in the UI through the REST API; delivered as the model instance.

    API/CLI input: a pk, `{"id": pk}` or a dict of field lookups (`{"name": "x", "site__name": "y"}`)
    matching exactly one object. `query_params` (with `$variable` references) and `display_field` only
    steer the browser's selector; `null_option` labels an explicit "none" choice.
    """

    form_field = object_fields.ObjectChoiceField

    def __init__(
        self,
        model=None,
        display_field="display",
        query_params=None,
        null_option=None,
        *args,
        queryset=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if model is None and queryset is None:
            raise TypeError(f"{type(self).__name__} needs a model")
        self._model = model
        self._queryset = queryset
        self.display_field = display_field
        self.query_params = dict(query_params or {})
        self.null_option = null_option

    @property
    def model(self) -> type[models.Model]:
        """The model class; a "app_label.ModelName" string is resolved on first use."""
        if self._queryset is not None:
            return self._queryset.model
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    @property
    def queryset(self) -> models.QuerySet:
        return self._queryset.all() if self._queryset is not None else self.model._default_manager.all()

    def field_options(self):
        options = {**super().field_options(), "queryset": self.queryset, "null_option": self.null_option}
        widget = options.get("widget", self.form_field.widget)
        widget = widget() if isinstance(widget, type) else copy.deepcopy(widget)
        widget.attrs.update(
            object_fields.selector_attrs(self.model, self.display_field, self.query_params, self.null_option)
        )
        options["widget"] = widget
        return options

    def serialize(self, value):
        if isinstance(value, models.Model):
            return str(value.pk)
        return value if value is None or isinstance(value, Mapping) else str(value)

    def describe_options(self):
        meta = self.model._meta
        return {
            "model": f"{meta.app_label}.{meta.model_name}",
            "display_field": self.display_field,
            "query_params": self.query_params or None,
            "null_option": self.null_option,
        }


class MultiObjectVar(ObjectVar):
    """Several objects of `model`, given as a list of pks; delivered as a QuerySet in the model's order."""

    form_field = object_fields.MultiObjectChoiceField

    def serialize(self, value):
        if value is None:
            return []
        return [str(item.pk) if isinstance(item, models.Model) else str(item) for item in value]


class FileVar(JobVariable):
    """An uploaded file, held in memory for the run only; it needs a web form or multipart/form-data."""

    form_field = forms.FileField

    def clean(self, value, source="api"):
        if source != "form" and value is not None and not isinstance(value, UploadedFile):
            if source == "cli":
                raise ValidationError("File variables cannot be given on the command line.")
            raise ValidationError("File variables need multipart/form-data (upload the file as a form part).")
        return super().clean(value, source)

    def serialize(self, value):
        raise TypeError("files are not serialized with the other inputs; see Job.serialize_files()")

    @staticmethod
    def to_transport(upload: UploadedFile) -> dict[str, str]:
        """Base64 JSON form of an upload, for handing it to a worker (never for storing it)."""
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        return {
            "name": upload.name,
            "content_type": upload.content_type or "application/octet-stream",
            "content": base64.b64encode(content).decode(),
        }

    @staticmethod
    def from_transport(payload: Mapping[str, str]) -> UploadedFile:
        return SimpleUploadedFile(
            payload["name"], base64.b64decode(payload["content"]), content_type=payload.get("content_type")
        )


class IPAddressVar(JobVariable):
    """An IPv4/IPv6 address without a mask; delivered as netaddr.IPAddress."""

    form_field = job_forms.IPAddressField
    placeholder = "192.0.2.1"

    def field_options(self):
        widget = self.widget or forms.TextInput(attrs={"placeholder": self.placeholder})
        return {**super().field_options(), "widget": widget}

    def serialize(self, value):
        return None if value is None else str(value)


class IPAddressWithMaskVar(IPAddressVar):
    """An address with its CIDR mask, host bits kept; delivered as netaddr.IPNetwork."""

    form_field = job_forms.IPAddressWithMaskField
    placeholder = "192.0.2.1/24"


class IPNetworkVar(IPAddressWithMaskVar):
    """A network (no host bits); options min/max_prefix_length; delivered as netaddr.IPNetwork."""

    form_field = job_forms.IPNetworkField
    placeholder = "192.0.2.0/24"

    def __init__(self, min_prefix_length=None, max_prefix_length=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_prefix_length = min_prefix_length
        self.max_prefix_length = max_prefix_length

    def field_options(self):
        return {
            **super().field_options(),
            "min_prefix_length": self.min_prefix_length,
            "max_prefix_length": self.max_prefix_length,
        }

    def describe_options(self):
        return {"min_prefix_length": self.min_prefix_length, "max_prefix_length": self.max_prefix_length}


# The netaddr types a job may receive, for isinstance checks in the engine.
NETADDR_TYPES = (netaddr.IPAddress, netaddr.IPNetwork)
