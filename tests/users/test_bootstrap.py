"""`manage.py bootstrap`: the first start creates and shows the admin credentials once; later starts do not."""

from __future__ import annotations

import io
import re
import stat

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from users.models import Token, User


def bootstrap() -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def printed(name: str, output: str) -> str:
    match = re.search(rf"^{name}: (\S+)$", output, re.MULTILINE)
    assert match, f"no '{name}: ...' line in:\n{output}"
    return match.group(1)


@pytest.mark.django_db
def test_first_start_prints_credentials_that_work(data_dir):
    output = bootstrap()

    password, key = printed("Admin password", output), printed("API token", output)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert authenticate(username="admin", password=password) == admin
    assert Token.objects.for_key(key).user == admin


@pytest.mark.django_db
def test_credentials_are_stored_privately_and_the_path_is_printed(data_dir):
    output = bootstrap()

    path = data_dir / "initial_credentials.txt"
    assert str(path) in output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = path.read_text()
    assert f"Admin password: {printed('Admin password', output)}" in stored
    assert f"API token: {printed('API token', output)}" in stored


@pytest.mark.django_db
def test_later_starts_point_to_the_file_and_print_no_secret(data_dir):
    bootstrap()
    stored = (data_dir / "initial_credentials.txt").read_text()

    output = bootstrap()

    assert "Admin password:" not in output and "API token:" not in output
    assert str(data_dir / "initial_credentials.txt") in output
    assert (data_dir / "initial_credentials.txt").read_text() == stored
    assert User.objects.filter(username="admin").count() == 1
    assert Token.objects.count() == 1


@pytest.mark.django_db
def test_an_existing_admin_is_left_alone(data_dir, django_user_model):
    django_user_model.objects.create_superuser(username="admin", password="chosen-by-the-operator")

    output = bootstrap()

    assert "Admin password:" not in output
    assert not (data_dir / "initial_credentials.txt").exists()
    assert Token.objects.count() == 0
    assert authenticate(username="admin", password="chosen-by-the-operator") is not None


@pytest.mark.django_db
def test_a_failed_write_creates_no_admin(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "missing-directory"

    with pytest.raises(FileNotFoundError):
        bootstrap()

    assert not User.objects.filter(username="admin").exists()
