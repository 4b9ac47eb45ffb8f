"""RIRs and aggregates (issue 24): an aggregate is stored as a prefix is, never overlaps another aggregate
(a field error under `prefix` in the model, the form and the API), and reports its prefixes and utilization."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ipam.models import Aggregate
from tests.api_errors import assert_error_shape
from tests.factories.ipam import AggregateFactory, PrefixFactory, RIRFactory

pytestmark = pytest.mark.django_db


def test_an_aggregate_is_stored_as_a_prefix_is():
    aggregate = Aggregate(prefix="203.0.113.0/24", rir=RIRFactory(name="ARIN"))
    aggregate.validated_save()
    aggregate = Aggregate.objects.get(prefix="203.0.113.0/24")
    assert (str(aggregate), aggregate.family, aggregate.prefix_length, str(aggregate.rir)) == (
        "203.0.113.0/24",
        4,
        24,
        "ARIN",
    )
    assert Aggregate.objects.containing("203.0.113.7").get() == aggregate


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("10.0.0.1/8", "10.0.0.1/8 is not a valid prefix. Did you mean 10.0.0.0/8?"),
        ("10.0.0.0/8", "Aggregates cannot overlap: 10.0.0.0/8 is covered by the aggregate 10.0.0.0/8."),
        ("10.20.0.0/16", "Aggregates cannot overlap: 10.20.0.0/16 is covered by the aggregate 10.0.0.0/8."),
        ("8.0.0.0/6", "Aggregates cannot overlap: 8.0.0.0/6 covers the aggregate 10.0.0.0/8."),
    ],
)
def test_a_bad_or_overlapping_aggregate_is_a_prefix_error(prefix, message):
    AggregateFactory(prefix="10.0.0.0/8")
    with pytest.raises(ValidationError) as raised:
        Aggregate(prefix=prefix, rir=RIRFactory()).full_clean()
    assert raised.value.message_dict["prefix"] == [message]


def test_utilization_is_the_share_its_prefixes_cover():
    aggregate = AggregateFactory(prefix="10.0.0.0/16")
    PrefixFactory(prefix="10.0.0.0/17")
    PrefixFactory(prefix="10.0.0.0/24")  # inside the /17: counted once
    PrefixFactory(prefix="10.0.128.0/18")
    PrefixFactory(prefix="10.1.0.0/24")  # outside
    assert [str(p) for p in aggregate.get_child_prefixes()] == ["10.0.0.0/17", "10.0.0.0/24", "10.0.128.0/18"]
    assert aggregate.get_utilization() == 75


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def test_the_api_refuses_an_overlapping_aggregate_under_prefix(admin):
    rir = RIRFactory(name="RFC 1918", is_private=True)
    url = reverse("ipam-api:aggregate-list")
    created = admin.post(url, {"prefix": "172.16.0.0/12", "rir": {"slug": rir.slug}}, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["prefix"], created.json()["rir"]["name"]) == ("172.16.0.0/12", "RFC 1918")
    response = admin.post(url, {"prefix": "172.20.0.0/16", "rir": str(rir.pk)}, format="json")
    assert_error_shape(response, 400)
    assert response.json()["errors"] == {
        "prefix": ["Aggregates cannot overlap: 172.20.0.0/16 is covered by the aggregate 172.16.0.0/12."]
    }
    assert_error_shape(admin.post(url, {"prefix": "172.16.0.0/12"}, format="json"), 400, ["rir"])
    found = admin.get(url, {"contains": "172.16.5.5", "rir": rir.slug}).json()
    assert [item["prefix"] for item in found["results"]] == ["172.16.0.0/12"]


def test_the_form_and_the_page(admin_client):
    rir = RIRFactory(name="ARIN")
    AggregateFactory(prefix="198.51.100.0/24", rir=rir)
    data = {"prefix": "198.51.100.128/25", "rir": rir.pk}
    overlap = admin_client.post("/ipam/aggregates/add/", data)
    assert "is covered by the aggregate 198.51.100.0/24" in overlap.context["form"].errors["prefix"][0]
    assert admin_client.post("/ipam/aggregates/add/", data | {"prefix": "192.0.2.0/24"}).status_code == 302
    aggregate = Aggregate.objects.get(prefix="192.0.2.0/24")
    PrefixFactory(prefix="192.0.2.0/25")
    response = admin_client.get(aggregate.get_absolute_url())
    related = {item["title"]: item for item in response.context["related_lists"]}
    assert [str(row.record) for row in related["Prefixes"]["table"].rows] == ["192.0.2.0/25"]
    assert b"<td>50</td>" in response.content  # utilization
    rir_page = admin_client.get(rir.get_absolute_url()).context["related_lists"]
    assert [str(row.record) for row in rir_page[0]["table"].rows] == ["192.0.2.0/24", "198.51.100.0/24"]
