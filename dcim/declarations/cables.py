"""Cables, declared once: both ends, what they join, and NetBox's cable attributes."""

from __future__ import annotations

from core.declarations import declare
from core.tables import Column
from dcim.api.serializers import CableSerializerBase
from dcim.declarations.common import (
    cable_end_prefetch,
)
from dcim.filters import (
    CableFilterSetBase,
)
from dcim.forms import (
    CableFormBase,
)
from dcim.models import (
    Cable,
)

declare(
    Cable,
    queryset=Cable.objects.select_related("tenant").prefetch_related(
        cable_end_prefetch("termination_a"), cable_end_prefetch("termination_b")
    ),
    api_queryset=Cable.objects.select_related(
        "termination_a_type", "termination_b_type", "tenant"
    ).prefetch_related(cable_end_prefetch("termination_a"), cable_end_prefetch("termination_b")),
    menu="Connections",
    columns=(
        Column("__str__", label="Cable", link=True, order_by="label"),
        Column("termination_a.device", label="Device A", link=True, order_by=""),
        Column("termination_a", label="Port A", link=True, order_by=""),
        Column("termination_b.device", label="Device B", link=True, order_by=""),
        Column("termination_b", label="Port B", link=True, order_by=""),
        "status",
        "type",
        "tenant",
        "color",
    ),
    detail=(
        Column("termination_a.device", label="Device A", link=True),
        Column("termination_a", label="Port A", link=True),
        Column("termination_b.device", label="Device B", link=True),
        Column("termination_b", label="Port B", link=True),
        "status",
        "type",
        "tenant",
        "color",
        "label",
        "length",
        "length_unit",
        "description",
    ),
    filters=("label", "status", "type", "color", "tenant", "length", "length_unit"),
    list_filters=("status", "type", "tenant"),
    search_fields=("label", "description"),
    filterset_base=CableFilterSetBase,
    form_fields=(
        "termination_a_type",
        "termination_a_id",
        "termination_b_type",
        "termination_b_id",
        "status",
        "type",
        "tenant",
        "label",
        "color",
        "length",
        "length_unit",
        "description",
    ),
    form_base=CableFormBase,
    api_fields=(
        "termination_a_type",
        "termination_a_id",
        "termination_a",
        "termination_b_type",
        "termination_b_id",
        "termination_b",
        "status",
        "type",
        "tenant",
        "label",
        "color",
        "length",
        "length_unit",
        "description",
    ),
    serializer_base=CableSerializerBase,
    brief_fields=("label",),
)
