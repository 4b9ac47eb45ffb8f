"""Template context shared by every page: the navigation menu, cut down to what the user may view.

The menu is data: sections hold groups, groups hold items, and each item names the view
permission it needs. An item whose route does not exist (yet) is left out, so a section can be
declared before the app serving it is wired.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from jobsplatform.version import version
from users.permissions import restrict_queryset, split_permission_name, user_has_perm


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str  # e.g. "dcim.view_site": the item shows only to users holding it
    counted: bool = True  # whether the home page shows how many objects lie behind the item


@dataclass(frozen=True)
class MenuGroup:
    label: str
    items: tuple[MenuItem, ...]


@dataclass(frozen=True)
class MenuSection:
    label: str
    groups: tuple[MenuGroup, ...]


def _item(label: str, app_label: str, model_name: str, **options) -> MenuItem:
    return MenuItem(label, f"{app_label}:{model_name}_list", f"{app_label}.view_{model_name}", **options)


MENU: tuple[MenuSection, ...] = (
    MenuSection(
        "Inventory",
        (
            MenuGroup(
                "Organization",
                (
                    _item("Regions", "dcim", "region"),
                    _item("Sites", "dcim", "site"),
                    _item("Statuses", "dcim", "status"),
                ),
            ),
            MenuGroup(
                "Devices",
                (
                    _item("Devices", "dcim", "device"),
                    _item("Device types", "dcim", "devicetype"),
                    _item("Device roles", "dcim", "devicerole"),
                    _item("Manufacturers", "dcim", "manufacturer"),
                    _item("Platforms", "dcim", "platform"),
                ),
            ),
            MenuGroup(
                "Connections",
                (
                    _item("Interfaces", "dcim", "interface"),
                    _item("Console ports", "dcim", "consoleport"),
                    _item("Console server ports", "dcim", "consoleserverport"),
                    _item("Power ports", "dcim", "powerport"),
                    _item("Power outlets", "dcim", "poweroutlet"),
                    _item("Cables", "dcim", "cable"),
                ),
            ),
            MenuGroup(
                "IPAM", (_item("Prefixes", "dcim", "prefix"), _item("IP addresses", "dcim", "ipaddress"))
            ),
        ),
    ),
    MenuSection(
        "Jobs",
        (
            MenuGroup(
                "Jobs",
                (
                    _item("Jobs", "extras", "job"),
                    _item("Job results", "extras", "jobresult"),
                    _item("Scheduled jobs", "extras", "scheduledjob"),
                    MenuItem(
                        "Approval queue",
                        "extras:scheduledjob_approval_queue",
                        "extras.view_scheduledjob",
                        counted=False,
                    ),
                ),
            ),
            MenuGroup(
                "Automation",
                (
                    _item("Job buttons", "extras", "jobbutton"),
                    _item("Job hooks", "extras", "jobhook"),
                    _item("Job queues", "extras", "jobqueue"),
                ),
            ),
            MenuGroup("Sources", (_item("Git repositories", "extras", "gitrepository"),)),
            MenuGroup("History", (_item("Change log", "extras", "objectchange", counted=False),)),
        ),
    ),
)


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
    for section in MENU:
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
