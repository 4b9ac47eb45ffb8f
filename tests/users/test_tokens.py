"""API tokens: stored hashed, shown once, with expiry and a write-enabled flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories.users import UserFactory
from users.models import Token, hash_token_key

pytestmark = pytest.mark.django_db


def test_token_key_is_stored_only_as_its_hash():
    token, key = Token.create_for(UserFactory())
    assert len(key) == 40
    assert token.key_hash == hash_token_key(key)
    stored_values = [str(value) for value in Token.objects.values_list(flat=False).get(pk=token.pk)]
    assert key not in stored_values
    assert token.prefix == key[:8]


def test_for_key_finds_the_token_and_rejects_unknown_keys():
    token, key = Token.create_for(UserFactory())
    assert Token.objects.for_key(key) == token
    assert Token.objects.for_key("0" * 40) is None


def test_expiry_is_computed_from_days():
    token, _ = Token.create_for(UserFactory(), expires_in_days=3)
    assert not token.is_expired
    token.expires = timezone.now() - timedelta(seconds=1)
    assert token.is_expired


def test_create_token_command_prints_the_key_as_last_word(capsys):
    user = UserFactory(username="ops")
    call_command("create_token", "ops", "--expires", "7", "--read-only")
    key = capsys.readouterr().out.split()[-1]
    token = Token.objects.for_key(key)
    assert token.user == user
    assert token.write_enabled is False
    assert token.expires is not None


def test_create_token_command_refuses_unknown_user():
    with pytest.raises(CommandError, match="No such user: ghost"):
        call_command("create_token", "ghost")


def test_create_token_command_refuses_non_positive_expiry():
    UserFactory(username="ops")
    with pytest.raises(CommandError, match="positive"):
        call_command("create_token", "ops", "--expires", "0")
