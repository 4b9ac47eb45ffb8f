"""Template helpers for the UI: table cells, form fields and small formatting filters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.core.paginator import Page
from django.db.models import QuerySet
from django.forms import BoundField, CheckboxInput
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime

from core.page_extensions import detail_actions
from core.routing import object_tabs
from core.tables import Cell
from core.widgets import style_widget

register = template.Library()
NONE_HTML = mark_safe('<span class="text-body-secondary" aria-label="none">—</span>')


def format_value(value: Any, url: str | None = None) -> SafeString:
    """Plain HTML for a value: a dash for nothing, a Yes/No badge for booleans, local time for datetimes."""
    if value is None or value == "":
        return NONE_HTML
    if isinstance(value, bool):
        colour, text = ("success", "Yes") if value else ("secondary", "No")
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)
    if isinstance(value, QuerySet | list | tuple | set):
        return format_html_join(", ", "{}", ((str(item),) for item in value)) or format_value(None)
    if isinstance(value, datetime):
        # To the second: runs started in the same minute must not look alike.
        text = date_format(localtime(value) if is_aware(value) else value, "Y-m-d H:i:s")
    else:
        text = str(value)
    if url:
        return format_html('<a href="{}">{}</a>', url, text)
    return conditional_escape(text)


@register.simple_tag
def render_cell(cell: Cell) -> SafeString:
    if cell.column.template:
        context = {"value": cell.value, "url": cell.url, "record": cell.record, "column": cell.column}
        return SafeString(render_to_string(cell.column.template, context))
    return format_value(cell.value, cell.url)


@register.filter
def display(value: Any) -> SafeString:
    """`{{ object.created|display }}`: the same formatting table cells use."""
    return format_value(value)


@register.inclusion_tag("inc/form_field.html")
def render_field(field: BoundField) -> dict:
    """A labelled field with its help text and errors tied to the input for screen readers."""
    style_widget(field.field.widget)
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] = f"{field.field.widget.attrs.get('class', '')} is-invalid".strip()
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs),
        "is_checkbox": isinstance(field.field.widget, CheckboxInput),
    }


@register.simple_tag
def page_links(page: Page) -> list:
    """Page numbers around the current one, with `…` standing for the elided runs."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def contrast_color(hex_color: str) -> str:
    """Black or white, whichever reads better on a background of `hex_color` (six hex digits)."""
    try:
        red, green, blue = (int(str(hex_color)[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "#000"
    return "#000" if (red * 299 + green * 587 + blue * 114) / 1000 > 140 else "#fff"


@register.inclusion_tag("inc/object_tabs.html")
def object_tab_bar(obj, active: str = "") -> dict:
    """The tabs of an object page: its details and each tab an app registered that this model has."""
    meta = obj._meta
    tabs = [{"label": "Details", "url": obj.get_absolute_url(), "active": not active}]
    for tab in object_tabs():
        try:
            url = reverse(f"{meta.app_label}:{meta.model_name}_{tab.name}", kwargs={"pk": obj.pk})
        except NoReverseMatch:
            continue
        tabs.append({"label": tab.label, "url": url, "active": tab.name == active})
    return {"tabs": tabs if len(tabs) > 1 else []}


@register.simple_tag(takes_context=True)
def object_page_actions(context, obj) -> SafeString:
    """The actions other apps add to an object's page (its job buttons, say), for this request's user."""
    request = context.get("request")
    return detail_actions(request, obj) if request is not None else SafeString("")


@register.filter
def startswith(text: str, prefix: str) -> bool:
    return str(text).startswith(str(prefix))
