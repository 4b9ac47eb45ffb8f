"""Template helpers of the change pages: where a changed object lives now, and a change's difference."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch

from extras.changes.diff import field_differences

register = template.Library()


@register.filter
def changed_object_url(change) -> str | None:
    """The changed object's page while it exists (the change's `changed_object` is prefetched by the lists)."""
    obj = change.changed_object
    get_url = getattr(obj, "get_absolute_url", None)
    if obj is None or not callable(get_url):
        return None
    try:
        return get_url()
    except NoReverseMatch:
        return None


@register.inclusion_tag("extras/inc/change_diff.html")
def change_diff(change, unchanged: bool = False, caption: str = "") -> dict:
    """The fields a change added, removed or changed (and, with `unchanged`, the others), side by side."""
    return {
        "differences": field_differences(change.prechange_data, change.postchange_data, unchanged=unchanged),
        "change": change,
        "caption": caption,
    }
