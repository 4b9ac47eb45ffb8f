"""Bootstrap styling of form widgets, shared by every form the UI renders (inventory, jobs, filters)."""

from __future__ import annotations

from django import forms

# Rendered as lists of their own inputs (or not at all): a class on the outer widget styles nothing.
UNSTYLED_WIDGETS = (
    forms.CheckboxSelectMultiple,
    forms.RadioSelect,
    forms.HiddenInput,
    forms.MultipleHiddenInput,
)


def style_widget(widget: forms.Widget) -> forms.Widget:
    """Add the Bootstrap class that fits the widget, keeping any class the author gave it.

    Idempotent, so the form, the job variable and the template tag may each call it.
    """
    if isinstance(widget, UNSTYLED_WIDGETS):
        return widget
    if isinstance(widget, forms.CheckboxInput):
        css_class = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css_class = "form-select"
    else:
        css_class = "form-control"
    existing = widget.attrs.get("class", "")
    if css_class not in existing.split():
        widget.attrs["class"] = f"{existing} {css_class}".strip()
    return widget
