"""Template context shared by every page: the navigation menu (core/menu.py), cut down to what the user may
view. An item whose route does not exist (yet) is left out, so a section can be declared before the app
serving it is wired.
"""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from core.menu import menu
from core.permissions import restrict_queryset, split_permission_name, user_has_perm
from jobsplatform.version import version


def _count(user, permission: str) -> int | None:
    app_label, _action, model_name = split_permission_name(permission)
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    return restrict_queryset(model._default_manager.all(), user, "view").count()


def visible_menu(user, *, with_counts: bool = False) -> list[dict]:
    """The menu as plain dicts, holding only items the user may view and whose routes exist."""
    sections = []
    for section in menu():
        groups = []
        for group in section.groups:
            items = []
            for item in group.items:
                if not user_has_perm(user, item.permission):
                    continue
                try:
                    url = reverse(item.url_name)
                except NoReverseMatch:
                    continue
                count = _count(user, item.permission) if with_counts and item.counted else None
                items.append({"label": item.label, "url": url, "count": count})
            if items:
                groups.append({"label": group.label, "items": items})
        if groups:
            sections.append({"label": section.label, "groups": groups})
    return sections


def navigation(request) -> dict:
    """`nav_menu`, computed only if a template renders it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    return {"nav_menu": SimpleLazyObject(lambda: visible_menu(user))}


def site(request) -> dict:
    """`app_version` for the footer of every page."""
    return {"app_version": version()}
