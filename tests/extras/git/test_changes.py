"""What an edit does to a Git repository's credentials (a moved remote drops them) and whether it syncs."""

from __future__ import annotations

import base64

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.git.changes import plan_change, remote_origin
from extras.git.serializers import GitRepositorySerializer
from extras.git.sync import enqueue_sync, run_sync_result
from extras.models import GitRepository
from tests.extras.git.helpers import AuthenticatedGitServer, RemoteRepository, log_messages, version_job
from tests.factories.git import GitRepositoryFactory

TOKEN = "ghp_FollowsTheRemote0000"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://git.example.com/a.git", "https://GIT.example.com:443/b.git", True),
        ("https://git.example.com/a.git", "https://deploy@git.example.com/other/b.git", True),
        ("git@git.example.com:org/a.git", "ssh://git.example.com/org/b.git", True),
        ("https://git.example.com/a.git", "https://evil.example.net/a.git", False),
        ("https://git.example.com/a.git", "http://git.example.com/a.git", False),
        ("https://git.example.com/a.git", "https://git.example.com:8443/a.git", False),
        ("https://git.example.com/a.git", "git@git.example.com:org/a.git", False),
        ("https://git.example.com/a.git", "/srv/git/a.git", False),
        ("/srv/git/a.git", "file:///srv/git/b.git", True),  # both on this machine, no host
    ],
)
def test_the_origin_is_scheme_host_and_port(first, second, same):
    assert (remote_origin(first) == remote_origin(second)) is same


@pytest.fixture
def stored(db) -> GitRepository:
    repository = GitRepositoryFactory(remote_url="https://git.example.com/org/jobs.git", username="deploy")
    repository.set_token(TOKEN)
    repository.save()
    return repository


def test_a_move_to_another_host_drops_the_token_and_username(stored):
    change = plan_change(stored, {"remote_url": "https://evil.example.net/jobs.git"})
    assert change.values == {"token_encrypted": "", "token_env": "", "username": ""}
    assert change.dropped == ("token", "username") and change.needs_sync
    assert "git.example.com → https://evil.example.net" in change.message
    assert "token and username were removed" in change.message


def test_a_new_token_in_the_same_edit_is_kept_with_the_username(stored):
    change = plan_change(stored, {"remote_url": "https://new.example.net/jobs.git"}, token="ghp_New")
    assert change.dropped == () and set(change.values) == {"token_encrypted", "token_env"}
    assert change.values["token_encrypted"] and "ghp_New" not in change.values["token_encrypted"]


def test_a_move_on_the_same_host_or_another_field_keeps_everything(stored):
    assert plan_change(stored, {"remote_url": "https://git.example.com/other/jobs.git"}).values == {}
    assert plan_change(stored, {"branch": "release"}).needs_sync
    unchanged = plan_change(stored, {"branch": stored.branch, "remote_url": stored.remote_url})
    assert unchanged.values == {} and not unchanged.needs_sync


def test_a_token_variable_is_dropped_too_unless_named_again(db):
    repository = GitRepositoryFactory(
        slug="env-repo", remote_url="https://git.example.com/a.git", token_env="GIT_TOKEN_ENV_REPO"
    )
    moved = {"remote_url": "https://evil.example.net/a.git"}
    assert plan_change(repository, moved).values["token_env"] == ""
    dropped = plan_change(repository, moved)
    assert (
        dropped.dropped == ("token variable",)
        and "token variable was removed: enter it again" in dropped.message
    )
    again = plan_change(repository, moved | {"token_env": "GIT_TOKEN_ENV_REPO"})
    assert "token_env" not in again.values and again.dropped == ()


def test_adding_always_syncs_and_encrypts_the_token(db):
    change = plan_change(None, {"name": "x", "remote_url": "https://h/x.git"}, token=TOKEN)
    assert change.needs_sync and TOKEN not in change.values["token_encrypted"]


@pytest.mark.django_db(transaction=True)
def test_a_remote_moved_to_someone_elses_server_never_receives_the_token(settings, tmp_path):
    """The review's attack: change only `remote_url` of a repository whose token you cannot read."""
    settings.GIT_ROOT = tmp_path / "machine"
    served, theirs = tmp_path / "served", tmp_path / "theirs"
    RemoteRepository(served).push({"jobs/__init__.py": "", "jobs/private.py": version_job("private")})
    RemoteRepository(theirs).push({"jobs/__init__.py": "", "jobs/private.py": version_job("theirs")})
    with (
        AuthenticatedGitServer(served, "deploy", TOKEN) as server,
        AuthenticatedGitServer(theirs, "attacker", "anything") as attacker,
    ):
        repository = GitRepository(
            name="Private", slug="private", remote_url=server.url("remote.git"), username="deploy"
        )
        repository.set_token(TOKEN)
        repository.save()
        first = enqueue_sync(repository, enqueue=False)
        run_sync_result(first.pk)
        assert GitRepository.objects.get(pk=repository.pk).current_head, log_messages(first)

        serializer = GitRepositorySerializer(
            repository, data={"remote_url": attacker.url("remote.git")}, partial=True
        )
        assert serializer.is_valid(), serializer.errors
        serializer.save()
        repository.refresh_from_db()
        assert not repository.has_token and repository.username == ""
        assert serializer.change.needs_sync and serializer.change.dropped == ("token", "username")

        second = enqueue_sync(repository, enqueue=False)
        run_sync_result(second.pk)
        second.refresh_from_db()
    assert second.status == Status.STATUS_ERRORED  # the attacker's server wants credentials it never got
    sent = base64.b64encode(f"deploy:{TOKEN}".encode()).decode()
    assert attacker.authorizations and not any(sent in header for header in attacker.authorizations)
    assert not any(TOKEN in header for header in attacker.authorizations)
