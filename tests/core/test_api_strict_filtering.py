"""An unknown filter parameter on a list is a 400 naming it, not the whole table (issue 25, STRICT_FILTERING)."""

from __future__ import annotations

import pytest

from tests.api_base import assert_status, client_for
from tests.api_errors import assert_error_shape
from tests.factories.dcim import DeviceFactory
from tests.factories.users import SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return client_for(SuperuserFactory())


@pytest.mark.parametrize("parameter", ["name__nope", "device_rol", "no_such_filter"])
def test_an_unknown_filter_is_refused_by_name(admin, parameter):
    DeviceFactory.create_batch(2)
    response = admin.get("/api/dcim/devices/", {parameter: "x"})
    assert_error_shape(response, 400, [parameter])


def test_the_parameters_of_paging_shape_and_version_are_known(admin):
    DeviceFactory.create_batch(2)
    known = {"limit": 1, "offset": 0, "brief": 1, "ordering": "name", "exclude": "config_context"}
    response = admin.get("/api/dcim/devices/", {**known, "exclude_m2m": "false", "api_version": "1.3"})
    assert_status(response, 200)
    assert len(response.json()["results"]) == 1


def test_a_declared_filter_still_narrows_the_list(admin):
    wanted, _ = DeviceFactory.create_batch(2)
    response = admin.get("/api/dcim/devices/", {"name": wanted.name})
    assert [item["id"] for item in response.json()["results"]] == [str(wanted.pk)]


def test_the_setting_relaxes_it(admin, settings):
    settings.STRICT_FILTERING = False
    DeviceFactory.create_batch(2)
    response = admin.get("/api/dcim/devices/", {"no_such_filter": "x"})
    assert_status(response, 200)
    assert response.json()["count"] == 2


def test_a_detail_route_is_not_a_list_and_ignores_query_parameters(admin):
    device = DeviceFactory()
    assert_status(admin.get(f"/api/dcim/devices/{device.pk}/", {"anything": "x"}), 200)


def test_a_custom_field_filter_is_known_only_for_a_custom_field_of_the_model(admin):
    from dcim.models import Device
    from tests.factories.tags import CustomFieldFactory

    CustomFieldFactory(name="units", type="integer", models=[Device])
    assert_status(admin.get("/api/dcim/devices/", {"cf_units": "4"}), 200)
    assert_error_shape(admin.get("/api/dcim/devices/", {"cf_nope": "4"}), 400, ["cf_nope"])
