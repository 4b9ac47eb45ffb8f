"""The navigation menu as data: sections hold groups, groups hold items, each item names the view permission
it needs. Declared models add their items (`menu=` in core/declarations); the jobs section is fixed here,
after them. Core names the jobs app's pages by URL name only, so it never imports that app.
"""

from __future__ import annotations

from dataclasses import dataclass

INVENTORY = "Inventory"


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


def model_item(label: str, app_label: str, model_name: str, **options) -> MenuItem:
    """The item of a model's list page, shown to those who may view the model."""
    return MenuItem(label, f"{app_label}:{model_name}_list", f"{app_label}.view_{model_name}", **options)


# section label → group label → items, in the order they were registered (the inventory's section first).
_registered: dict[str, dict[str, list[MenuItem]]] = {INVENTORY: {}}


def register_menu_item(group: str, item: MenuItem, section: str = INVENTORY) -> None:
    """Add an item to a group of a section (both made on first use); an item registered twice is kept once."""
    items = _registered.setdefault(section, {}).setdefault(group, [])
    if item not in items:
        items.append(item)


JOBS_SECTION = MenuSection(
    "Jobs",
    (
        MenuGroup(
            "Jobs",
            (
                model_item("Jobs", "extras", "job"),
                model_item("Job results", "extras", "jobresult"),
                model_item("Scheduled jobs", "extras", "scheduledjob"),
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
                model_item("Job buttons", "extras", "jobbutton"),
                model_item("Job hooks", "extras", "jobhook"),
                model_item("Job queues", "extras", "jobqueue"),
            ),
        ),
        MenuGroup("Sources", (model_item("Git repositories", "extras", "gitrepository"),)),
        MenuGroup("History", (model_item("Change log", "extras", "objectchange", counted=False),)),
    ),
)


def menu() -> tuple[MenuSection, ...]:
    """The registered sections (the inventory's), then the jobs section."""
    registered = tuple(
        MenuSection(section, tuple(MenuGroup(group, tuple(items)) for group, items in groups.items()))
        for section, groups in _registered.items()
    )
    return (*registered, JOBS_SECTION)
