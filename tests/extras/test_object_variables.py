"""ObjectVar and MultiObjectVar: pks, lookups, querysets, null options and the errors that name them."""

from __future__ import annotations

import uuid

import pytest
from django.db.models import QuerySet

from dcim.models import DeviceType, Manufacturer
from extras.jobs import (
    MultiObjectVar,
    ObjectVar,
    object_fields,
)
from ipam.models import Prefix
from tests.extras.variable_helpers import ALL_SOURCES, clean, messages, named
from tests.factories.dcim import DeviceTypeFactory, ManufacturerFactory
from tests.factories.ipam import PrefixFactory
from tests.factories.users import UserFactory

# --- ObjectVar --------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestObjectVar:
    @pytest.mark.parametrize("source", ALL_SOURCES)
    def test_a_pk_gives_the_instance(self, source):
        manufacturer = ManufacturerFactory()
        assert clean(ObjectVar(model=Manufacturer), str(manufacturer.pk), source) == manufacturer

    def test_api_accepts_a_uuid_an_id_dict_and_field_lookups(self):
        manufacturer = ManufacturerFactory(name="Acme")
        for raw in (
            manufacturer.pk,
            {"id": str(manufacturer.pk)},
            {"name": "Acme"},
            {"name__iexact": "acme"},
        ):
            assert clean(ObjectVar(model=Manufacturer), raw, "api") == manufacturer

    def test_lookups_may_follow_relations(self):
        device_type = DeviceTypeFactory(model="DCS-1", manufacturer=ManufacturerFactory(name="Arista"))
        DeviceTypeFactory(model="DCS-1", slug="other-dcs-1", manufacturer=ManufacturerFactory(name="Other"))
        lookup = {"model": "DCS-1", "manufacturer__name": "Arista"}
        assert clean(ObjectVar(model=DeviceType), lookup, "cli") == device_type

    def test_a_missing_pk_is_a_validation_error_naming_the_model(self):
        missing = uuid.uuid4()
        assert messages(ObjectVar(model=DeviceType), str(missing)) == [
            f"Device type with id {missing} does not exist."
        ]

    def test_a_malformed_pk_is_a_validation_error(self):
        (message,) = messages(ObjectVar(model=Manufacturer), "not-a-uuid")
        assert message.startswith("'not-a-uuid' is not a valid manufacturer id")

    def test_lookups_matching_nothing_or_several_objects_are_errors(self):
        ManufacturerFactory(name="Acme 1", description="same")
        ManufacturerFactory(name="Acme 2", description="same")
        assert messages(ObjectVar(model=Manufacturer), {"name": "Nope"}) == [
            'No manufacturer matches {"name": "Nope"}.'
        ]
        (message,) = messages(ObjectVar(model=Manufacturer), {"description": "same"})
        assert message.startswith('Several manufacturers match {"description": "same"}')

    @pytest.mark.parametrize(
        ("lookup", "reason"),
        [
            ({"colour": "red"}, "manufacturer has no field 'colour'"),
            ({"name__startswith": "A"}, "only __exact and __iexact may follow the field 'name'"),
            ({"device_types__manufacturer__nope": 1}, "manufacturer has no field 'nope'"),
            ({"": "x"}, "Lookup keys must be non-empty strings"),
            ({"name": ["a", "b"]}, "Lookup 'name' needs a string, number, boolean or null, not a list."),
            ({"name": "a\x00b"}, "Lookup 'name' contains a NUL character."),
        ],
    )
    def test_bad_lookups_are_validation_errors_not_server_errors(self, lookup, reason):
        ManufacturerFactory()
        (message,) = messages(ObjectVar(model=Manufacturer), lookup)
        assert reason in message

    def test_lookups_cannot_reach_password_hashes(self):
        from users.models import User

        user = UserFactory()
        lookup = {"username": user.username, "password": user.password}
        (message,) = messages(ObjectVar(model=User), lookup)
        assert "'password' cannot be used to look objects up" in message

    def test_models_may_declare_extra_lookup_keys(self, monkeypatch):
        prefix = PrefixFactory(prefix="10.9.0.0/24")
        monkeypatch.setattr(Prefix, "job_lookup_aliases", ("prefix",), raising=False)
        assert clean(ObjectVar(model=Prefix), {"prefix": "10.9.0.0/24"}, "api") == prefix

    def test_null_option_lets_an_optional_var_be_null(self):
        variable = ObjectVar(model=Manufacturer, null_option="None", required=False)
        assert clean(variable, "null", "form") is None
        assert clean(variable, None, "api") is None

    def test_a_required_var_refuses_null(self):
        assert messages(ObjectVar(model=Manufacturer, null_option="None"), None) == [
            "This field is required."
        ]

    def test_the_model_may_be_named_by_a_string(self):
        manufacturer = ManufacturerFactory()
        assert clean(ObjectVar(model="dcim.Manufacturer"), str(manufacturer.pk), "api") == manufacturer

    def test_a_legacy_queryset_limits_the_choices(self):
        kept, other = ManufacturerFactory(name="Kept"), ManufacturerFactory(name="Other")
        variable = ObjectVar(queryset=Manufacturer.objects.filter(name="Kept"))
        assert clean(variable, str(kept.pk), "api") == kept
        assert messages(variable, str(other.pk)) == [f"Manufacturer with id {other.pk} does not exist."]

    def test_the_widget_carries_what_the_browser_selector_needs(self):
        variable = named(
            ObjectVar(
                model=DeviceType,
                display_field="model",
                query_params={"manufacturer_id": "$maker"},
                null_option="-",
            )
        )
        attrs = variable.as_field().widget.attrs
        assert attrs["data-url"] == "/api/dcim/device-types/"
        assert attrs["data-model"] == "dcim.devicetype"
        assert attrs["data-display-field"] == "model"
        assert attrs["data-query-params"] == '{"manufacturer_id": "$maker"}'
        assert attrs["data-null-option"] == "-"
        assert attrs["class"] == "form-select"

    def test_a_model_can_provide_its_own_api_url(self, monkeypatch):
        monkeypatch.setattr(Manufacturer, "api_list_url", classmethod(lambda cls: "/custom/"), raising=False)
        assert named(ObjectVar(model=Manufacturer)).as_field().widget.attrs["data-url"] == "/custom/"

    def test_small_tables_render_every_option_large_ones_only_the_selection(self, monkeypatch):
        first, second = ManufacturerFactory(name="First"), ManufacturerFactory(name="Second")
        field = named(ObjectVar(model=Manufacturer)).as_field()
        assert "Second" in field.widget.render("value", str(first.pk))
        monkeypatch.setattr(object_fields, "STATIC_OPTIONS_LIMIT", 1)
        html = field.widget.render("value", str(first.pk))
        assert "First" in html and "Second" not in html
        assert second.name not in field.widget.render("value", "not-a-uuid")

    def test_needs_a_model(self):
        with pytest.raises(TypeError):
            ObjectVar()


# --- MultiObjectVar ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestMultiObjectVar:
    @pytest.mark.parametrize("source", ALL_SOURCES)
    def test_a_list_of_pks_gives_a_queryset_in_model_order(self, source):
        zulu, alpha = ManufacturerFactory(name="Zulu"), ManufacturerFactory(name="Alpha")
        ManufacturerFactory(name="Unselected")
        value = clean(MultiObjectVar(model=Manufacturer), [str(zulu.pk), str(alpha.pk)], source)
        assert isinstance(value, QuerySet)
        assert list(value) == [alpha, zulu]

    def test_id_dicts_are_accepted_from_json(self):
        manufacturer = ManufacturerFactory()
        assert list(clean(MultiObjectVar(model=Manufacturer), [{"id": str(manufacturer.pk)}], "api")) == [
            manufacturer
        ]

    def test_the_error_lists_every_missing_pk(self):
        found, first, second = ManufacturerFactory(), uuid.uuid4(), uuid.uuid4()
        raw = [str(found.pk), str(first), str(second)]
        assert messages(MultiObjectVar(model=Manufacturer), raw) == [
            f"Manufacturers with these ids do not exist: {first}, {second}."
        ]

    def test_json_input_must_be_a_list(self):
        manufacturer = ManufacturerFactory()
        assert messages(MultiObjectVar(model=Manufacturer), str(manufacturer.pk)) == [
            "Enter a list of ids, not str."
        ]

    def test_malformed_pks_are_errors(self):
        (message,) = messages(MultiObjectVar(model=Manufacturer), ["nope"])
        assert message.startswith("'nope' is not a valid manufacturer id")

    def test_empty_is_an_empty_queryset_when_optional_and_an_error_when_required(self):
        assert list(clean(MultiObjectVar(model=Manufacturer, required=False), [], "api")) == []
        assert messages(MultiObjectVar(model=Manufacturer), []) == ["This field is required."]
