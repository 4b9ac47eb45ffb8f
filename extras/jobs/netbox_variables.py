"""The variable types NetBox scripts have beyond Nautobot's twelve: DecimalVar, DateVar and DateTimeVar."""

from __future__ import annotations

import datetime

from django import forms

from extras.jobs import forms as job_forms
from extras.jobs.variables import JobVariable

__all__ = ["DateTimeVar", "DateVar", "DecimalVar"]


class DecimalVar(JobVariable):
    """A decimal number (NetBox); options min_value, max_value, max_digits, decimal_places; a decimal.Decimal."""

    form_field = job_forms.StrictDecimalField

    def __init__(self, min_value=None, max_value=None, max_digits=None, decimal_places=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_value = min_value
        self.max_value = max_value
        self.max_digits = max_digits
        self.decimal_places = decimal_places

    def field_options(self):
        return {
            **super().field_options(),
            "min_value": self.min_value,
            "max_value": self.max_value,
            "max_digits": self.max_digits,
            "decimal_places": self.decimal_places,
        }

    def serialize(self, value):
        return None if value is None else str(value)

    def describe_options(self):
        return {
            "min_value": None if self.min_value is None else str(self.min_value),
            "max_value": None if self.max_value is None else str(self.max_value),
            "max_digits": self.max_digits,
            "decimal_places": self.decimal_places,
        }


class DateVar(JobVariable):
    """A calendar date (NetBox), entered as YYYY-MM-DD; delivered as datetime.date."""

    form_field = forms.DateField

    def field_options(self):
        widget = self.widget or forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return {**super().field_options(), "widget": widget}

    def serialize(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


class DateTimeVar(JobVariable):
    """A date and time (NetBox), ISO 8601; a time without an offset is read in TIME_ZONE. A datetime.datetime."""

    form_field = forms.DateTimeField

    def field_options(self):
        widget = self.widget or forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"
        )
        return {**super().field_options(), "widget": widget}

    def serialize(self, value):
        return value.isoformat() if isinstance(value, datetime.datetime) else value
