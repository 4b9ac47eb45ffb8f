"""The circuit statuses as Status rows: made (or given to circuits) wherever an inventory starts, so that
`Circuit(status="active")` resolves as NetBox code expects."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from circuits.choices import CIRCUIT_STATUSES
from dcim.models import Status


def circuit_statuses() -> dict[str, Status]:
    """Every circuit status by slug, created when absent and made to apply to circuits."""
    from circuits.models import Circuit

    content_type = ContentType.objects.get_for_model(Circuit)
    statuses = {}
    for slug, (name, color) in CIRCUIT_STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        status.content_types.add(content_type)
        statuses[slug] = status
    return statuses
