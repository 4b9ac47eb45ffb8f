"""The twelve variable types: input from web forms, API JSON and CLI JSON, conversions, errors, describe()."""

from __future__ import annotations

import netaddr
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from dcim.models import DeviceType
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
    StringVar,
    TextVar,
)
from tests.extras.variable_helpers import ALL_SOURCES, JSON_SOURCES, clean, form_data, messages, named

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
def test_string_var_regex_mismatch_is_a_sentence_not_the_pattern(source):
    assert messages(StringVar(regex=r"^[a-z]+$"), "ABC", source) == [
        "Invalid value: it does not have the format this field expects."
    ]


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_string_var_regex_mismatch_says_the_authors_message(source):
    variable = StringVar(regex=r"^[a-z]+$", regex_message="Use lowercase letters only.")
    assert messages(variable, "ABC", source) == ["Use lowercase letters only."]
    assert variable.describe()["regex_message"] == "Use lowercase letters only."


def test_string_var_regex_is_named_in_the_help_text_only_when_nothing_else_explains_it():
    assert (
        StringVar(regex=r"^[a-z]+$").as_field().help_text == "Format: matches the regular expression ^[a-z]+$"
    )
    assert StringVar(regex=r"^[a-z]+$", description="A slug").as_field().help_text == "A slug"
    assert StringVar(regex=r"^[a-z]+$", regex_message="Lowercase").as_field().help_text == ""


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
        "IP address must not have a mask other than /32: enter 192.0.2.1 instead of 192.0.2.1/24."
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
