"""Tag and CustomField, each declared once (core/declarations): their pages, REST API under /api/extras/,
filters, menu items, admin and change log, as every inventory model has them."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers

from core.declarations import declare
from core.forms import BootstrapModelForm
from core.tables import Column
from dcim.filters import ContentTypesFilterSetBase
from dcim.forms import ContentTypeMultipleChoiceField
from extras.inventory.customfields import inventory_models
from extras.models import CustomField, Tag

CUSTOMIZATION = "Customization"  # a menu section of its own, after the inventory's
CONTENT_TYPES = Column("content_types.all", label="Applies to")


def inventory_content_types():
    """What tags and custom fields may apply to: the inventory models."""
    return ContentType.objects.filter(
        pk__in=[ct.pk for ct in ContentType.objects.get_for_models(*inventory_models()).values()]
    ).order_by("app_label", "model")


class ContentTypesFormBase(BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(
        queryset=ContentType.objects.none(), widget=forms.CheckboxSelectMultiple, label="Applies to"
    )
    content_types_required = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["content_types"]
        field.queryset = inventory_content_types()
        field.required = self.content_types_required


class TagFormBase(ContentTypesFormBase):
    content_types_required = False


TAG_FIELDS = ("name", "slug", "color", "description", "content_types")
declare(
    Tag,
    api_queryset=Tag.objects.prefetch_related("content_types"),
    menu=CUSTOMIZATION,
    menu_section=CUSTOMIZATION,
    columns=("name", "slug", "color", "description"),
    detail=("name", "slug", "color", "description", CONTENT_TYPES),
    filters=("name", "slug", "color"),
    search_fields=("name", "slug", "description"),
    filterset_base=ContentTypesFilterSetBase,
    form_fields=TAG_FIELDS,
    form_base=TagFormBase,
    api_fields=TAG_FIELDS,
    brief_fields=("name", "slug", "color"),
)

CUSTOM_FIELD_FIELDS = (
    "name",
    "label",
    "type",
    "description",
    "content_types",
    "required",
    "default",
    "weight",
    "validation_minimum",
    "validation_maximum",
    "validation_regex",
    "choices",
)
declare(
    CustomField,
    path="custom-fields",
    api_queryset=CustomField.objects.prefetch_related("content_types"),
    menu=CUSTOMIZATION,
    menu_section=CUSTOMIZATION,
    columns=("name", "label", "type", "required", "weight", "description"),
    detail=(*CUSTOM_FIELD_FIELDS, CONTENT_TYPES),
    filters=("name", "label", "type", "required", "weight"),
    search_fields=("name", "label", "description"),
    filterset_base=ContentTypesFilterSetBase,
    form_fields=CUSTOM_FIELD_FIELDS,
    form_base=ContentTypesFormBase,
    # Nautobot 2.x reads a field's name as `key`.
    api_fields=("key", *CUSTOM_FIELD_FIELDS),
    api_extra={"key": serializers.CharField(source="name", read_only=True)},
    brief_fields=("name", "label"),
    searchable=False,  # configuration, not inventory: found from its list
)
