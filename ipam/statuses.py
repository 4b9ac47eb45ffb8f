"""The statuses of IP ranges (NetBox's IPRangeStatusChoices) as Status rows applying to ranges: made by
migration, and again on demand wherever an inventory starts (demo, tests)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from dcim.choices import DEFAULT_STATUSES
from dcim.models import Status
from ipam.choices import IPRangeStatusChoices


def ip_range_statuses() -> dict[str, Status]:
    """Every IP range status by slug, created when absent and made to apply to ranges."""
    content_type = ContentType.objects.get_by_natural_key("ipam", "iprange")
    statuses = {}
    for slug in IPRangeStatusChoices.values():
        name, color, _ = DEFAULT_STATUSES[slug]
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        status.content_types.add(content_type)
        statuses[slug] = status
    return statuses
