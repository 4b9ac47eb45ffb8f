"""The statuses of virtualization's models made to apply to them (for the demo and tests; migration 0002 does
the same for a new database): the rows are dcim's default statuses (dcim.choices.DEFAULT_STATUSES)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from dcim.choices import DEFAULT_STATUSES
from dcim.models import Status
from virtualization.choices import VIRTUALIZATION_STATUSES


def apply_virtualization_statuses() -> dict[str, Status]:
    """Every status a virtualization model takes, created when missing, by slug."""
    statuses: dict[str, Status] = {}
    for label, slugs in VIRTUALIZATION_STATUSES.items():
        content_type = ContentType.objects.get_by_natural_key(*label.split("."))
        for slug in slugs:
            if slug not in statuses:
                name, color, _ = DEFAULT_STATUSES[slug]
                statuses[slug], _ = Status.objects.get_or_create(
                    slug=slug, defaults={"name": name, "color": color}
                )
            statuses[slug].content_types.add(content_type)
    return statuses
