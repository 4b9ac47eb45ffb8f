"""NetBox's variable types (DecimalVar, DateVar, DateTimeVar) and IP addresses in CIDR notation with a host mask."""

from __future__ import annotations

import datetime
import decimal

import netaddr
import pytest

from extras.jobs import DateTimeVar, DateVar, DecimalVar, IPAddressVar, Job
from tests.extras.variable_helpers import ALL_SOURCES, clean, messages


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_decimal_var_returns_a_decimal(source):
    assert clean(DecimalVar(), "12.50", source) == decimal.Decimal("12.50")


def test_decimal_var_takes_json_numbers_as_written():
    assert clean(DecimalVar(), 0.1, "api") == decimal.Decimal("0.1")
    assert clean(DecimalVar(), 3, "api") == decimal.Decimal(3)


def test_decimal_var_enforces_its_bounds_and_digits():
    variable = DecimalVar(min_value=decimal.Decimal("0.5"), max_value=10, max_digits=4, decimal_places=2)
    assert messages(variable, "0.25") == ["Ensure this value is greater than or equal to 0.5."]
    assert messages(variable, "10.5") == ["Ensure this value is less than or equal to 10."]
    assert messages(variable, "1.234") == ["Ensure that there are no more than 2 decimal places."]
    assert messages(variable, True) == ["Enter a number, not a boolean."]
    assert messages(variable, "many") == ["Enter a number."]


def test_decimal_var_serializes_to_text_that_cleans_back():
    variable = DecimalVar()
    value = clean(variable, "7.125", "api")
    assert variable.serialize(value) == "7.125"
    assert clean(DecimalVar(), variable.serialize(value), "api") == value


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_date_var_returns_a_date(source):
    assert clean(DateVar(), "2031-03-04", source) == datetime.date(2031, 3, 4)


def test_date_var_refuses_a_non_date_and_serializes_as_iso():
    assert messages(DateVar(), "4th of March") == ["Enter a valid date."]
    assert DateVar().serialize(datetime.date(2031, 3, 4)) == "2031-03-04"
    assert 'type="date"' in str(DateVar().as_field().widget.render("d", None))


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_datetime_var_returns_an_aware_datetime(source):
    value = clean(DateTimeVar(), "2031-03-04T05:06:07+02:00", source)
    assert value == datetime.datetime(2031, 3, 4, 3, 6, 7, tzinfo=datetime.UTC)


def test_datetime_var_round_trips_through_its_serialized_form():
    variable = DateTimeVar()
    value = clean(variable, "2031-03-04T05:06:07", "api")  # no offset: TIME_ZONE
    assert value.tzinfo is not None
    assert clean(DateTimeVar(), variable.serialize(value), "api") == value


@pytest.mark.parametrize(
    ("raw", "address"), [("192.0.2.1/32", "192.0.2.1"), ("2001:db8::1/128", "2001:db8::1")]
)
def test_ip_address_var_takes_cidr_notation_with_a_host_mask(raw, address):
    assert clean(IPAddressVar(), raw, "api") == netaddr.IPAddress(address)


def test_ip_address_var_refuses_a_network_mask_and_says_which_mask_works():
    assert messages(IPAddressVar(), "2001:db8::1/64") == [
        "IP address must not have a mask other than /128: enter 2001:db8::1 instead of 2001:db8::1/64."
    ]


def test_netbox_variables_are_described_for_the_api():
    class Pricing(Job):
        price = DecimalVar(min_value=decimal.Decimal("0.01"), max_digits=6, decimal_places=2, default="9.99")
        start = DateVar(required=False)

    described = {item["name"]: item for item in (v.describe() for v in Pricing.variables().values())}
    assert described["price"] == {
        "name": "price",
        "type": "DecimalVar",
        "label": "Price",
        "required": True,
        "default": "9.99",
        "min_value": "0.01",
        "max_digits": 6,
        "decimal_places": 2,
    }
    assert described["start"]["type"] == "DateVar" and described["start"]["required"] is False
