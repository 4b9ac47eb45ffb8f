"""The rules that turn declared names into columns, filters, form and serializer fields, and the registry
that holds the declarations (tested on the inventory's models, whose declarations use them)."""

from __future__ import annotations

import pytest
from django.apps import apps
from rest_framework import serializers

from core.declarations import declaration_for, declarations, is_declared
from core.declarations.columns import BADGE, SWATCH, column_for
from core.declarations.declaration import declare, default_path
from core.declarations.filtersets import build_filterset
from core.declarations.forms import bulk_edit_field_names, slug_source
from core.declarations.serializers import NestedRef, read_only_copy
from core.filters import (
    MultiValueCharFilter,
    RelatedIdFilter,
    RelatedSlugFilter,
    TreeIdFilter,
    TreeSlugFilter,
)
from core.menu import menu
from dcim.models import Cable, Device, DeviceType, Interface, Region, Site, Status
from ipam.models import IPAddress, Prefix

# --- columns -------------------------------------------------------------------------------------------


def test_a_relation_column_links_sorts_by_the_related_name_and_badges_coloured_models():
    status = column_for(Device, "status")
    assert (status.header, status.link, status.sort_key, status.template) == (
        "Status",
        True,
        "status__name",
        BADGE,
    )
    site = column_for(Device, "site")
    assert (site.sort_key, site.template) == ("site__name", None)
    assert (
        column_for(Device, "device_type").sort_key == "device_type__model"
    )  # DeviceType's first plain field
    assert column_for(Device, "device_type.manufacturer").sort_key == "device_type__manufacturer__name"


def test_a_field_column_takes_the_verbose_name_and_a_property_is_not_sortable():
    assert column_for(Device, "serial").header == "Serial number"
    assert column_for(IPAddress, "dns_name").header == "DNS name"
    assert column_for(Status, "color").template == SWATCH and column_for(Status, "color").header == "Colour"
    assert column_for(Device, "primary_ip").sort_key == ""
    assert column_for(Device, "name", link=True).link


# --- filters -------------------------------------------------------------------------------------------


def test_filters_follow_the_field_kind():
    filterset = build_filterset(
        Interface, ["name", "device", "site=device__site", "type", "enabled", "cable"]
    )
    filters = filterset.base_filters
    assert isinstance(filters["name"], MultiValueCharFilter)
    assert isinstance(filters["device_id"], RelatedIdFilter)
    assert filters["device"].field_name == "device__name"  # devices have no slug: by name
    assert (
        isinstance(filters["site"], RelatedSlugFilter) and filters["site"].field_name == "device__site__slug"
    )
    assert {value for value, _ in filters["type"].extra["choices"]} >= {"virtual", "1000base-t"}
    assert filters["enabled"].__class__.__name__ == "BooleanFilter"
    assert "cable_id" in filters and "cable" not in filters  # a cable has neither slug nor name
    assert {"id", "q", "created__gte", "last_updated__lte"} <= set(filters)


def test_a_relation_to_a_tree_includes_the_nodes_below_except_for_its_own_parent():
    site_filters = build_filterset(Site, ["region"]).base_filters
    assert isinstance(site_filters["region_id"], TreeIdFilter) and isinstance(
        site_filters["region"], TreeSlugFilter
    )
    region_filters = build_filterset(Region, ["parent"]).base_filters
    assert not isinstance(region_filters["parent_id"], TreeIdFilter)


def test_a_name_no_rule_knows_is_refused_at_declaration_time():
    with pytest.raises(ValueError, match="no field 'nonsense'"):
        build_filterset(Site, ["nonsense"])


# --- forms ---------------------------------------------------------------------------------------------


def test_a_slug_is_derived_from_the_first_text_field():
    assert slug_source(DeviceType, ["manufacturer", "model", "slug"]) == "model"
    assert slug_source(Site, ["name", "slug", "status"]) == "name"


def test_bulk_edit_leaves_out_unique_fields_and_those_of_unique_constraints():
    assert bulk_edit_field_names(Site, ["name", "slug", "status", "region", "facility"]) == [
        "status",
        "region",
        "facility",
    ]
    assert bulk_edit_field_names(Interface, ["device", "name", "label", "type"]) == ["label", "type"]
    assert "termination_a_type" not in bulk_edit_field_names(Cable, declaration_for(Cable).form_fields)


# --- serializers ---------------------------------------------------------------------------------------


def test_relations_nest_the_related_brief_form_required_as_the_relation_is():
    fields = declaration_for(Device).serializer().fields
    assert (
        type(fields["device_type"]).__name__ == "NestedDeviceTypeSerializer"
        and fields["device_type"].required
    )
    # A device's site may be left out when its location is given (dcim/locations.py), so it is not required.
    assert type(fields["site"]).__name__ == "NestedSiteSerializer" and not fields["site"].required
    assert not fields["platform"].required and fields["platform"].allow_null
    assert fields["primary_ip"].read_only
    assert list(declaration_for(DeviceType).nested_serializer().fields) == [
        "id",
        "url",
        "display",
        "manufacturer",
        "model",
        "slug",
    ]


def test_a_brief_form_copies_declared_fields_read_only():
    field = serializers.CharField(required=True, help_text="text")
    copy = read_only_copy(field)
    assert copy.read_only and copy.help_text == "text"
    nested = read_only_copy(NestedRef("ipam.prefix", required=False, allow_null=True))
    assert nested.read_only and nested.allow_null
    assert declaration_for(Prefix).nested_serializer().fields["prefix"].read_only


# --- registry, paths and menu --------------------------------------------------------------------------


def test_every_model_of_the_inventory_and_ipam_is_declared_once():
    labels = [declaration.label for declaration in declarations()]
    assert len(labels) == len(set(labels))
    for app_label in ("dcim", "ipam"):
        models = apps.get_app_config(app_label).get_models()
        # Views over other models' tables (CableTermination) are read through them, not edited.
        assert all(is_declared(model) for model in models if model._meta.managed)
    with pytest.raises(ValueError, match="declared twice"):
        declare(Site)
    with pytest.raises(LookupError, match=r"auth\.group has no declaration"):
        declaration_for("auth.group")


def test_the_default_path_is_the_hyphenated_plural():
    assert default_path(DeviceType) == "device-types"
    assert default_path(IPAddress) == "ip-addresses"
    assert declaration_for(Prefix).path == "prefixes"


def test_declared_models_fill_the_inventory_menu_in_declaration_order():
    inventory = menu()[0]
    assert inventory.label == "Inventory"
    assert [group.label for group in inventory.groups] == [
        "Organization",
        "Devices",
        "Device components",
        "Connections",
        "IPAM",
        "Tenancy",
        "Circuits",
        "Virtualization",
    ]
    assert [item.label for item in inventory.groups[4].items] == [
        "Namespaces",
        "VRFs",
        "Route targets",
        "Prefixes",
        "IP addresses",
        "RIRs",
        "Aggregates",
        "IP ranges",
        "IPAM roles",
        "Services",
        "VLAN groups",
        "VLANs",
    ]
    assert menu()[-1].label == "Jobs"


def test_another_app_adds_its_lists_to_a_declared_models_page():
    titles = [related.title for related in declaration_for(Device).related]
    assert titles[0] == "Interfaces" and titles[-2:] == [
        "IP addresses",
        "Services",
    ]  # the last two added by ipam
