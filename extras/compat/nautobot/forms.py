"""`nautobot.utilities.forms` widgets that Nautobot 1.x jobs pass to variables (`StringVar(widget=DatePicker())`)."""

from __future__ import annotations

from django import forms

__all__ = ["DatePicker", "DateTimePicker", "TimePicker"]


class DatePicker(forms.TextInput):
    """A date (YYYY-MM-DD), picked with the browser's own date input."""

    input_type = "date"


class DateTimePicker(forms.TextInput):
    """A date and time, picked with the browser's own input."""

    input_type = "datetime-local"


class TimePicker(forms.TextInput):
    """A time of day (HH:MM), picked with the browser's own input."""

    input_type = "time"
