"""Validation rules of prefixes and IP addresses: host bits, uniqueness, masks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ipam.models import IPAddress, Prefix
from tests.factories.dcim import status
from tests.factories.ipam import IPAddressFactory

pytestmark = pytest.mark.django_db


def test_prefix_with_host_bits_is_rejected_with_a_suggestion():
    with pytest.raises(ValidationError) as excinfo:
        Prefix(prefix="10.0.0.1/24", status=status()).full_clean()
    assert excinfo.value.message_dict == {
        "prefix": ["10.0.0.1/24 is not a valid prefix. Did you mean 10.0.0.0/24?"]
    }


def test_prefix_is_unique():
    Prefix(prefix="10.0.0.0/24", status=status()).validated_save()
    with pytest.raises(ValidationError) as excinfo:
        Prefix(prefix="10.0.0.0/24", status=status()).validated_save()
    assert excinfo.value.message_dict == {"prefix": ["Prefix 10.0.0.0/24 already exists."]}


def test_same_network_with_another_length_is_a_different_prefix():
    Prefix(prefix="10.0.0.0/24", status=status()).validated_save()
    Prefix(prefix="10.0.0.0/25", status=status()).validated_save()
    assert Prefix.objects.count() == 2


def test_prefix_is_required():
    with pytest.raises(ValidationError) as excinfo:
        Prefix(status=status()).full_clean()
    assert excinfo.value.message_dict == {"prefix": ["This field is required."]}


def test_ip_address_needs_a_mask():
    with pytest.raises(ValidationError, match="CIDR mask"):
        IPAddress(address="10.0.0.1", status=status())


def test_ip_address_keeps_host_bits_and_mask():
    address = IPAddressFactory(address="10.1.2.3/16")
    address.refresh_from_db()
    assert str(address.address) == "10.1.2.3/16"
    assert str(address.host) == "10.1.2.3"
    assert address.ip_version == 4
