"""Credentials of Git repositories: encrypted at rest, sent only to git, never in logs or `.git/config`."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.encryption import SecretUnreadable
from extras.choices import JobResultStatusChoices as Status
from extras.git.sync import enqueue_sync, run_sync_result
from extras.models import GitRepository, Job, JobLogEntry
from tests.extras.git.helpers import AuthenticatedGitServer, RemoteRepository, log_messages, version_job

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "ghp_S3cretT0kenValue4242"


@pytest.fixture
def git_root(settings, tmp_path):
    settings.GIT_ROOT = tmp_path / "machine"
    return settings.GIT_ROOT


@pytest.fixture
def server(tmp_path):
    remote = RemoteRepository(tmp_path / "served")
    remote.push({"jobs/__init__.py": "", "jobs/private.py": version_job("private")})
    with AuthenticatedGitServer(tmp_path / "served", "deploy", TOKEN) as running:
        yield running


def sync(repository):
    result = enqueue_sync(repository, enqueue=False)
    run_sync_result(result.pk)
    result.refresh_from_db()
    return result


def everything_written(git_root: Path, result) -> str:
    """Log rows, every file of the clone's .git folder that holds text, and the result row."""
    texts = [str(list(JobLogEntry.objects.filter(job_result_id=result.pk).values()))]
    for path in (git_root).rglob("*"):
        if path.is_file() and ".git" in path.parts and path.stat().st_size < 1_000_000:
            texts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(texts)


def test_a_private_repository_syncs_with_its_token_which_is_never_stored_in_clear(git_root, server):
    repository = GitRepository(
        name="Private", slug="private", remote_url=server.url("remote.git"), username="deploy"
    )
    repository.set_token(TOKEN)
    repository.save()
    stored = GitRepository.objects.filter(pk=repository.pk).values_list("token_encrypted", flat=True).get()
    assert TOKEN not in stored and repository.get_token() == TOKEN

    result = sync(repository)
    assert result.status == Status.STATUS_COMPLETED, log_messages(result)
    assert Job.objects.filter(class_path="git.private/private/Version", installed=True).exists()
    assert any(header.startswith("Basic ") for header in server.authorizations)
    config = (git_root / "private" / ".git" / "config").read_text()
    assert TOKEN not in config and "deploy" not in config and server.url("remote.git") in config
    assert TOKEN not in everything_written(git_root, result)
    stored_credentials = Path.home() / ".git-credentials"  # credential helpers are off for our commands
    assert not stored_credentials.exists() or TOKEN not in stored_credentials.read_text(errors="ignore")


def test_a_wrong_token_fails_the_sync_without_showing_either_token(git_root, server):
    wrong = "ghp_Wr0ngT0kenValue9999"
    repository = GitRepository(
        name="Private", slug="private", remote_url=server.url("remote.git"), username="deploy"
    )
    repository.set_token(wrong)
    repository.save()
    result = sync(repository)
    assert result.status == Status.STATUS_ERRORED
    failure = next(message for message in log_messages(result) if message.startswith("Could not refresh"))
    assert "Authentication failed" in failure or "401" in failure
    written = everything_written(git_root, result)
    assert wrong not in written and TOKEN not in written


def test_no_token_fails_without_prompting(git_root, server):
    repository = GitRepository.objects.create(
        name="Private", slug="private", remote_url=server.url("remote.git")
    )
    result = sync(repository)
    assert result.status == Status.STATUS_ERRORED
    assert any("terminal prompts disabled" in message for message in log_messages(result))


def test_a_token_read_from_the_environment(git_root, server, monkeypatch):
    monkeypatch.setenv("GIT_TOKEN_PRIVATE", TOKEN)
    repository = GitRepository.objects.create(
        name="Private",
        slug="private",
        remote_url=server.url("remote.git"),
        username="deploy",
        token_env="GIT_TOKEN_PRIVATE",
    )
    result = sync(repository)
    assert result.status == Status.STATUS_COMPLETED, log_messages(result)
    assert GitRepository.objects.filter(pk=repository.pk, token_encrypted="").exists()


def test_only_prefixed_variables_may_be_named(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        GitRepository(name="x", slug="x", remote_url="https://h/r.git", token_env="DATABASE_URL").full_clean()
    assert "token_env" in caught.value.message_dict


def test_a_token_saved_under_another_secret_key_is_reported_not_leaked(git_root, server, settings):
    repository = GitRepository(
        name="Private", slug="private", remote_url=server.url("remote.git"), username="deploy"
    )
    repository.set_token(TOKEN)
    repository.save()
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789"
    with pytest.raises(SecretUnreadable):
        repository.get_token()
    result = sync(repository)
    assert result.status == Status.STATUS_ERRORED
    assert any("cannot be decrypted" in message for message in log_messages(result))


def test_without_its_token_variable_a_process_runs_the_commit_its_clone_has_and_never_fetches_blind(
    git_root, tmp_path, monkeypatch, caplog
):
    """Web and beat resolve Git jobs too; one started without the variable must not fetch without it."""
    from extras.engine.loading import loader

    remote = RemoteRepository(tmp_path / "served-env")
    first = remote.push({"jobs/__init__.py": "", "jobs/private.py": version_job("first")})
    variable = "GIT_TOKEN_ENV_ONLY"
    class_path = "git.env-only/private/Version"
    with AuthenticatedGitServer(tmp_path / "served-env", "deploy", TOKEN) as running:
        monkeypatch.setenv(variable, TOKEN)
        repository = GitRepository.objects.create(
            name="Env only",
            slug="env-only",
            remote_url=running.url("remote.git"),
            username="deploy",
            token_env=variable,
        )
        assert sync(repository).status == Status.STATUS_COMPLETED
        monkeypatch.delenv(variable)
        caplog.set_level("ERROR", logger="extras.git.sources")

        # The clone already has the recorded commit: it keeps resolving, and says once what is missing.
        for _ in range(2):
            resolved = loader.resolve(class_path)
            assert resolved.job_class is not None and resolved.revision == first
        reports = [record.getMessage() for record in caplog.records if variable in record.getMessage()]
        assert len(reports) == 1 and "web, worker, beat" in reports[0]

        # A newer commit recorded elsewhere cannot be fetched here: a clear error, and no request is made.
        second = remote.push({"jobs/private.py": version_job("second")})
        GitRepository.objects.filter(pk=repository.pk).update(current_head=second)
        requests_before = len(running.server.requests)
        resolved = loader.resolve(class_path)
        assert resolved.job_class is None
        assert f"environment variable {variable}" in resolved.error and "cannot be fetched" in resolved.error
        assert len(running.server.requests) == requests_before

        # A sync without it fails naming the variable.
        failed = sync(repository)
        assert failed.status == Status.STATUS_ERRORED
        assert any(variable in message and "not set" in message for message in log_messages(failed))

        # Once fetched (the variable back), a commit the clone has resolves again without it.
        monkeypatch.setenv(variable, TOKEN)
        assert loader.resolve(class_path).revision == second
        monkeypatch.delenv(variable)
        GitRepository.objects.filter(pk=repository.pk).update(current_head=first)
        requests_before = len(running.server.requests)
        assert loader.resolve(class_path).revision == first
        assert len(running.server.requests) == requests_before
    written = everything_written(git_root, failed) + "\n".join(
        record.getMessage() for record in caplog.records
    )
    assert TOKEN not in written


def test_a_token_variable_of_another_repository_is_never_read(git_root, monkeypatch):
    monkeypatch.setenv("GIT_TOKEN_OTHER", TOKEN)
    repository = GitRepository.objects.create(
        name="Legacy", slug="legacy", remote_url="https://git.example.com/x.git"
    )
    GitRepository.objects.filter(pk=repository.pk).update(
        token_env="GIT_TOKEN_OTHER"
    )  # saved before the rule
    repository.refresh_from_db()
    with pytest.raises(SecretUnreadable) as caught:
        repository.get_token()
    assert "GIT_TOKEN_LEGACY" in str(caught.value) and TOKEN not in str(caught.value)
