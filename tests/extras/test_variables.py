"""The twelve variable types: input from web forms, API JSON and CLI JSON, conversions, errors, describe()."""

from __future__ import annotations

import uuid

import netaddr
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models import QuerySet
from django.http import QueryDict

from dcim.models import DeviceType, Manufacturer, Prefix
from extras.jobs import (
    BooleanVar,
    ChoiceVar,
    FileVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
    object_fields,
)
from tests.factories.dcim import DeviceTypeFactory, ManufacturerFactory, PrefixFactory
from tests.factories.users import UserFactory

JSON_SOURCES = ["api", "cli"]
ALL_SOURCES = ["form", "api", "cli"]


def named(variable, name="value"):
    variable.name = name
    return variable


def form_data(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def clean(variable, raw, source):
    """Clean `raw` as it arrives from `source`: through the widget for a form post, as JSON otherwise."""
    named(variable)
    if source == "form":
        data = form_data() if raw is None else form_data(value=raw)
        return variable.clean(variable.value_from_data(data, {}, "form"), "form")
    return variable.clean(variable.value_from_data({} if raw is None else {"value": raw}, {}, source), source)


def messages(variable, raw, source="api") -> list[str]:
    with pytest.raises(ValidationError) as raised:
        clean(variable, raw, source)
    return raised.value.messages


# --- StringVar / TextVar ----------------------------------------------------------------------------


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_string_var_returns_the_text(source):
    assert clean(StringVar(), "hello", source) == "hello"


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_string_var_is_required_by_default(source):
    assert messages(StringVar(), None, source) == ["This field is required."]


def test_string_var_enforces_min_and_max_length():
    variable = StringVar(min_length=3, max_length=5)
    assert messages(variable, "ab") == ["Ensure this value has at least 3 characters (it has 2)."]
    assert messages(variable, "abcdef") == ["Ensure this value has at most 5 characters (it has 6)."]
    assert clean(variable, "abcd", "api") == "abcd"


def test_string_var_with_equal_min_and_max_is_fixed_length():
    variable = StringVar(min_length=2, max_length=2)
    assert clean(variable, "ab", "cli") == "ab"
    assert messages(variable, "abc", "cli") == ["Ensure this value has at most 2 characters (it has 3)."]


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_string_var_regex_mismatch_names_the_regex(source):
    assert messages(StringVar(regex=r"^[a-z]+$"), "ABC", source) == [
        "Invalid value. Must match regex: ^[a-z]+$"
    ]


def test_string_var_refuses_json_lists_and_objects():
    assert messages(StringVar(), ["a"]) == ["Enter text, not a list."]
    assert messages(StringVar(), {"a": 1}) == ["Enter text, not an object."]
    assert messages(StringVar(), True) == ["Enter text, not a boolean."]


def test_string_var_takes_a_json_integer_as_its_text():
    assert clean(StringVar(), 42, "api") == "42"


def test_optional_string_var_left_empty_is_an_empty_string():
    assert clean(StringVar(required=False), None, "api") == ""


def test_text_var_renders_a_textarea_and_keeps_newlines():
    variable = named(TextVar())
    assert isinstance(variable.as_field().widget, forms.Textarea)
    assert clean(variable, "line 1\nline 2", "form") == "line 1\nline 2"


# --- IntegerVar -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "raw"), [("form", "7"), ("api", 7), ("api", "7"), ("cli", 7)])
def test_integer_var_returns_an_int(source, raw):
    assert clean(IntegerVar(), raw, source) == 7


@pytest.mark.parametrize("raw", [1.5, "1.5", True, "seven", [1]])
def test_integer_var_refuses_non_integers(raw):
    assert messages(IntegerVar(), raw) == ["Enter a whole number."]


def test_integer_var_honours_a_min_value_of_zero():
    variable = IntegerVar(min_value=0)
    assert clean(variable, 0, "api") == 0
    assert messages(variable, -1) == ["Ensure this value is greater than or equal to 0."]


def test_integer_var_honours_a_max_value_of_zero():
    assert messages(IntegerVar(max_value=0), 1, "form") == ["Ensure this value is less than or equal to 0."]


# --- BooleanVar -------------------------------------------------------------------------------------


def test_boolean_var_is_never_required():
    variable = BooleanVar(required=True)
    assert variable.required is False
    assert clean(variable, None, "api") is False


@pytest.mark.parametrize(("raw", "expected"), [("on", True), ("true", True), ("false", False), (None, False)])
def test_boolean_var_reads_a_checkbox(raw, expected):
    assert clean(BooleanVar(), raw, "form") is expected


@pytest.mark.parametrize(
    ("raw", "expected"), [(True, True), (False, False), ("true", True), ("False", False)]
)
@pytest.mark.parametrize("source", JSON_SOURCES)
def test_boolean_var_reads_json_booleans_and_their_strings(source, raw, expected):
    assert clean(BooleanVar(), raw, source) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, [True]])
def test_boolean_var_refuses_anything_else(raw):
    assert messages(BooleanVar(), raw) == [f"Enter true or false, not {raw!r}."]


# --- ChoiceVar / MultiChoiceVar ---------------------------------------------------------------------

DIRECTIONS = (("n", "North"), ("s", "South"))
LEVELS = ((1, "One"), (2, "Two"))


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_choice_var_returns_the_selected_value(source):
    assert clean(ChoiceVar(DIRECTIONS), "s", source) == "s"


def test_choice_var_returns_the_choice_value_with_its_own_type():
    assert clean(ChoiceVar(choices=LEVELS), "2", "form") == 2
    assert clean(ChoiceVar(choices=LEVELS), 2, "api") == 2


def test_choice_var_refuses_an_unknown_choice():
    assert messages(ChoiceVar(DIRECTIONS), "x") == [
        "Select a valid choice. x is not one of the available choices."
    ]


def test_optional_choice_var_left_empty_is_none():
    variable = named(ChoiceVar(DIRECTIONS, required=False))
    assert clean(variable, "", "form") is None
    assert variable.as_field().choices[0] == ("", "---------")


@pytest.mark.parametrize(("source", "raw"), [("form", ["n", "s"]), ("api", ["n", "s"]), ("cli", ["s", "n"])])
def test_multi_choice_var_returns_a_list(source, raw):
    assert sorted(clean(MultiChoiceVar(DIRECTIONS), raw, source)) == ["n", "s"]


def test_multi_choice_var_needs_a_list_from_json():
    assert messages(MultiChoiceVar(DIRECTIONS), "n") == ["Enter a list of values."]


def test_multi_choice_var_refuses_an_unknown_choice():
    assert messages(MultiChoiceVar(LEVELS), [1, 3]) == [
        "Select a valid choice. 3 is not one of the available choices."
    ]
    assert clean(MultiChoiceVar(LEVELS), [2, "1"], "api") == [2, 1]


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


# --- FileVar ----------------------------------------------------------------------------------------


def test_file_var_from_a_form_gives_the_uploaded_file():
    variable = named(FileVar())
    upload = SimpleUploadedFile("hosts.txt", b"host-1\nhost-2\n")
    value = variable.clean(variable.value_from_data(form_data(), {"value": upload}, "form"), "form")
    assert isinstance(value, UploadedFile)
    assert value.read() == b"host-1\nhost-2\n"


def test_file_var_accepts_a_multipart_upload_with_api_input():
    variable = named(FileVar())
    upload = SimpleUploadedFile("a.txt", b"x")
    assert variable.clean(variable.value_from_data({}, {"value": upload}, "api"), "api") is upload


def test_file_var_cannot_come_from_json():
    assert messages(FileVar(), "contents", "api") == [
        "File variables need multipart/form-data (upload the file as a form part)."
    ]
    assert messages(FileVar(), "contents", "cli") == ["File variables cannot be given on the command line."]


def test_file_var_is_required_by_default():
    assert messages(FileVar(), None, "form") == ["This field is required."]


def test_file_var_transport_round_trip_keeps_name_type_and_content():
    upload = SimpleUploadedFile("a.bin", b"\x00\x01data", content_type="application/x-thing")
    copy = FileVar.from_transport(FileVar.to_transport(upload))
    assert (copy.name, copy.content_type, copy.read()) == ("a.bin", "application/x-thing", b"\x00\x01data")


# --- IP variables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ALL_SOURCES)
@pytest.mark.parametrize("raw", ["192.0.2.1", "2001:db8::1"])
def test_ip_address_var_returns_a_netaddr_address(source, raw):
    value = clean(IPAddressVar(), raw, source)
    assert isinstance(value, netaddr.IPAddress)
    assert value == netaddr.IPAddress(raw)


def test_ip_address_var_refuses_a_mask():
    assert messages(IPAddressVar(), "192.0.2.1/24") == [
        "IP address must not have a mask: enter 192.0.2.1 instead of 192.0.2.1/24."
    ]


@pytest.mark.parametrize("raw", ["192.0.2.256", "host.example.com", "10.1"])
def test_ip_address_var_refuses_non_addresses(raw):
    assert messages(IPAddressVar(), raw) == [f"{raw} is not a valid IPv4 or IPv6 address."]


def test_ip_variables_need_strings_from_json():
    assert messages(IPAddressVar(), 3232235777) == ["Enter an IP address as text, not int."]
    assert messages(IPNetworkVar(), ["10.0.0.0/8"]) == ["Enter an address as text, not a list."]


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_ip_address_with_mask_var_keeps_the_host_bits(source):
    value = clean(IPAddressWithMaskVar(), "192.0.2.7/24", source)
    assert isinstance(value, netaddr.IPNetwork)
    assert (str(value.ip), value.prefixlen) == ("192.0.2.7", 24)


def test_ip_address_with_mask_var_requires_a_mask():
    assert messages(IPAddressWithMaskVar(), "192.0.2.7") == ["CIDR mask (e.g. /24) is required."]


@pytest.mark.parametrize(
    ("raw", "reason"), [("192.0.2.7/33", "/33"), ("2001:db8::1/129", "/129"), ("1.2.3.4/x", "/x")]
)
def test_ip_address_with_mask_var_refuses_a_bad_mask(raw, reason):
    (message,) = messages(IPAddressWithMaskVar(), raw)
    assert message.startswith(f"Invalid mask length {reason}")


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_ip_network_var_returns_a_netaddr_network(source):
    assert clean(IPNetworkVar(), "10.0.0.0/24", source) == netaddr.IPNetwork("10.0.0.0/24")


def test_ip_network_var_refuses_host_bits_and_suggests_the_network():
    assert messages(IPNetworkVar(), "10.0.0.1/24") == [
        "10.0.0.1/24 is not a valid prefix. Did you mean 10.0.0.0/24?"
    ]


def test_ip_network_var_enforces_prefix_length_bounds():
    variable = IPNetworkVar(min_prefix_length=16, max_prefix_length=24)
    assert messages(variable, "10.0.0.0/8") == ["Prefix length must be at least /16; got /8."]
    assert messages(variable, "10.0.0.0/28") == ["Prefix length must be at most /24; got /28."]
    assert clean(variable, "10.0.0.0/16", "api").prefixlen == 16


# --- describe() and widgets -------------------------------------------------------------------------


def test_describe_lists_only_the_keys_that_apply():
    variable = named(StringVar(min_length=2, description="A name", default="ab"), "site_name")
    assert variable.describe() == {
        "name": "site_name",
        "type": "StringVar",
        "label": "Site name",
        "required": True,
        "help_text": "A name",
        "default": "ab",
        "min_length": 2,
    }


def test_describe_includes_zero_bounds_and_choices():
    assert named(IntegerVar(min_value=0, max_value=5)).describe()["min_value"] == 0
    assert named(ChoiceVar(LEVELS, label="Level")).describe() == {
        "name": "value",
        "type": "ChoiceVar",
        "label": "Level",
        "required": True,
        "choices": [[1, "One"], [2, "Two"]],
    }


def test_describe_an_object_var():
    variable = named(
        MultiObjectVar(model=DeviceType, query_params={"site": "$site"}, required=False), "types"
    )
    assert variable.describe() == {
        "name": "types",
        "type": "MultiObjectVar",
        "label": "Types",
        "required": False,
        "model": "dcim.devicetype",
        "display_field": "display",
        "query_params": {"site": "$site"},
    }


def test_describe_an_ip_network_var():
    description = named(IPNetworkVar(min_prefix_length=8, max_prefix_length=30)).describe()
    assert (description["min_prefix_length"], description["max_prefix_length"]) == (8, 30)


@pytest.mark.parametrize(
    ("variable", "widget", "css_class"),
    [
        (StringVar(), forms.TextInput, "form-control"),
        (IntegerVar(), forms.NumberInput, "form-control"),
        (BooleanVar(), forms.CheckboxInput, "form-check-input"),
        (ChoiceVar(DIRECTIONS), forms.Select, "form-select"),
        (MultiChoiceVar(DIRECTIONS), forms.SelectMultiple, "form-select"),
        (FileVar(), forms.FileInput, "form-control"),
        (IPNetworkVar(), forms.TextInput, "form-control"),
    ],
)
def test_each_type_gets_its_widget_and_bootstrap_class(variable, widget, css_class):
    field_widget = named(variable).as_field().widget
    assert isinstance(field_widget, widget)
    assert field_widget.attrs["class"] == css_class


def test_an_authors_widget_replaces_the_default():
    field = named(StringVar(widget=forms.PasswordInput)).as_field()
    assert isinstance(field.widget, forms.PasswordInput)
