"""Git sources in one process, with real git: sync, jobs from `jobs/`, provenance, broken pushes, clones."""

from __future__ import annotations

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from extras.engine.runner import REVERTED, run_job_result
from extras.engine.services import RunRequest, submit_job
from extras.git.client import current_commit
from extras.git.sync import enqueue_sync, run_sync_result
from extras.models import GitRepository, Job, JobResult
from tests.extras.git.helpers import SEED_DATA, SEED_FILES, RemoteRepository, log_messages, version_job

pytestmark = pytest.mark.django_db(transaction=True)

CLASS_PATH = "git.{slug}/meraki_users/CreateUsers"


@pytest.fixture
def git_root(settings, tmp_path):
    """This test's machine: a GIT_ROOT of its own."""
    settings.GIT_ROOT = tmp_path / "machine-a"
    return settings.GIT_ROOT


@pytest.fixture
def remote(tmp_path):
    return RemoteRepository(tmp_path / "remote")


def make_repository(remote, slug="meraki-users", **fields) -> GitRepository:
    return GitRepository.objects.create(
        name=slug.replace("-", " ").title(), slug=slug, remote_url=remote.url, **fields
    )


def sync(repository) -> JobResult:
    result = enqueue_sync(repository, enqueue=False)
    run_sync_result(result.pk)
    result.refresh_from_db()
    repository.refresh_from_db()
    return result


def run(class_path: str, data=None, commit=False) -> JobResult:
    job = Job.objects.get(class_path=class_path)
    if not job.enabled:
        Job.objects.filter(pk=job.pk).update(enabled=True)
        job.refresh_from_db()
    submission = submit_job(RunRequest(job=job, data=data or {}, commit=commit, source="cli", enqueue=False))
    run_job_result(submission.job_result.pk, data=submission.data)
    submission.job_result.refresh_from_db()
    return submission.job_result


def test_sync_loads_the_jobs_package_and_records_the_commit(git_root, remote):
    commit = remote.push(SEED_FILES)
    repository = make_repository(remote)
    result = sync(repository)
    assert result.status == Status.STATUS_COMPLETED, log_messages(result)
    assert repository.current_head == commit == result.source_commit
    assert repository.last_sync_result == result and repository.sync_status == Status.STATUS_COMPLETED
    assert result.name == repository.name and result.git_repository == repository and result.job_model is None
    job = Job.objects.get(class_path=CLASS_PATH.format(slug="meraki-users"))
    assert (job.source, job.source_name, job.module_name, job.job_class_name) == (
        "git",
        "git.meraki-users",
        "meraki_users",
        "CreateUsers",
    )
    assert job.installed and not job.enabled and job.grouping == "Meraki" and job.name == "Create Meraki User"
    messages = log_messages(result)
    assert "Created Job record" in messages
    assert any(message.startswith("Repository synchronization completed in") for message in messages)
    # `from .common import ACCESS_LEVELS` worked: the module's siblings are importable.
    assert job.job_class.variables()["meraki_access_level"].choices[1] == ("read-only", "Read Only")
    assert current_commit(git_root / "meraki-users") == commit


def test_a_run_records_its_commit_and_reads_data_files_from_the_repository(git_root, remote):
    commit = remote.push(SEED_FILES)
    sync(make_repository(remote))
    result = run(CLASS_PATH.format(slug="meraki-users"), SEED_DATA)
    assert result.status == Status.STATUS_COMPLETED, log_messages(result)
    assert result.source_commit == commit
    assert result.output == "\ncreated by version one"
    assert REVERTED in log_messages(result) and f"Running the code of commit {commit}." in log_messages(
        result
    )


def test_the_seed_regex_rejects_a_bad_email(git_root, remote):
    from extras.jobs import JobDataError

    remote.push(SEED_FILES)
    sync(make_repository(remote))
    job = Job.objects.get(class_path=CLASS_PATH.format(slug="meraki-users"))
    Job.objects.filter(pk=job.pk).update(enabled=True)
    job.refresh_from_db()
    with pytest.raises(JobDataError) as caught:
        submit_job(
            RunRequest(job=job, data={**SEED_DATA, "user_email": "not an email"}, source="cli", enqueue=False)
        )
    assert "user_email" in caught.value.errors


def test_a_second_commit_changes_the_job_and_the_next_run_uses_it(git_root, remote):
    first = remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    repository = make_repository(remote, slug="versions")
    sync(repository)
    assert run("git.versions/versions/Version").output == "\none"
    second = remote.push({"jobs/versions.py": version_job("two")})
    result = sync(repository)
    assert f"Changed since {first[:12]}:\n- `M jobs/versions.py`" in log_messages(result)
    assert "Refreshed Job record" in log_messages(result)
    again = run("git.versions/versions/Version")
    assert (again.output, again.source_commit) == ("\ntwo", second)


def test_a_removed_module_marks_its_jobs_not_installed(git_root, remote):
    remote.push(
        {"jobs/__init__.py": "", "jobs/a.py": version_job("a", "A"), "jobs/b.py": version_job("b", "B")}
    )
    repository = make_repository(remote, slug="removal")
    sync(repository)
    remote.push({"jobs/b.py": None})
    result = sync(repository)
    assert result.status == Status.STATUS_COMPLETED
    assert "Marking Job record as no longer installed" in log_messages(result)
    assert not Job.objects.get(class_path="git.removal/b/B").installed
    assert Job.objects.get(class_path="git.removal/a/A").installed


def test_a_broken_module_keeps_the_other_jobs_and_its_previous_code_everywhere(
    git_root, remote, settings, tmp_path
):
    good = remote.push(
        {"jobs/__init__.py": "", "jobs/a.py": version_job("a1", "A"), "jobs/b.py": version_job("b1", "B")}
    )
    repository = make_repository(remote, slug="broken")
    sync(repository)
    broken = remote.push({"jobs/a.py": "def oops(:\n", "jobs/b.py": version_job("b2", "B")})
    result = sync(repository)
    assert result.status == Status.STATUS_FAILED
    messages = log_messages(result)
    assert any(message.startswith("Error in loading Jobs from `a`: `SyntaxError") for message in messages)
    assert (
        f"The jobs of `a` keep running the code of commit {good[:12]} until the module imports again."
        in messages
    )
    assert repository.current_head == broken and repository.job_fallbacks == {"a": good}
    assert Job.objects.get(class_path="git.broken/a/A").installed

    b_run = run("git.broken/b/B")
    assert (b_run.output, b_run.source_commit) == ("\nb2", broken)
    a_run = run("git.broken/a/A")
    assert (a_run.output, a_run.source_commit) == ("\na1", good)

    # Another machine (own GIT_ROOT, nothing imported yet) runs the same code for both jobs.
    settings.GIT_ROOT = tmp_path / "machine-b"
    loader.unregister_source("git.broken")
    assert (run("git.broken/a/A").output, run("git.broken/b/B").output) == ("\na1", "\nb2")

    fixed = remote.push({"jobs/a.py": version_job("a3", "A")})
    assert sync(repository).status == Status.STATUS_COMPLETED
    assert repository.job_fallbacks == {}
    assert (run("git.broken/a/A").output, run("git.broken/a/A").source_commit) == ("\na3", fixed)


def test_a_broken_module_without_previous_code_has_no_jobs_but_the_others_load(git_root, remote):
    remote.push(
        {"jobs/__init__.py": "", "jobs/a.py": "import not_a_module\n", "jobs/b.py": version_job("b", "B")}
    )
    result = sync(make_repository(remote, slug="new-broken"))
    assert result.status == Status.STATUS_FAILED
    assert any("ModuleNotFoundError" in message for message in log_messages(result))
    assert list(Job.objects.filter(source_name="git.new-broken").values_list("module_name", flat=True)) == [
        "b"
    ]


def test_a_jobs_folder_without_init_fails_the_sync_and_keeps_the_previous_commit(git_root, remote):
    good = remote.push({"jobs/__init__.py": "", "jobs/a.py": version_job("a1", "A")})
    repository = make_repository(remote, slug="no-init")
    sync(repository)
    remote.push({"jobs/__init__.py": None, "jobs/a.py": version_job("a2", "A")})
    result = sync(repository)
    assert result.status == Status.STATUS_FAILED
    assert any("`jobs/` has no `__init__.py`" in message for message in log_messages(result))
    assert repository.current_head == good
    a_run = run("git.no-init/a/A")  # the clone is moved back to the recorded commit before the run
    assert (a_run.output, a_run.source_commit) == ("\na1", good)


def test_a_repository_without_jobs_folder_warns(git_root, remote):
    remote.push({"README.md": "nothing here\n"})
    result = sync(make_repository(remote, slug="empty"))
    assert result.status == Status.STATUS_COMPLETED
    assert "No `jobs` subdirectory found in Git repository." in log_messages(result)


def test_an_unreachable_remote_ends_the_sync_errored_with_the_reason(git_root, tmp_path):
    repository = GitRepository.objects.create(
        name="Gone", slug="gone", remote_url=str(tmp_path / "missing.git")
    )
    result = sync(repository)
    assert result.status == Status.STATUS_ERRORED
    assert any(
        message.startswith("Could not refresh the repository: git clone failed")
        for message in log_messages(result)
    )
    assert repository.current_head == ""


def test_a_missing_branch_is_named(git_root, remote):
    remote.push(SEED_FILES)
    result = sync(make_repository(remote, slug="branchless", branch="release"))
    assert result.status == Status.STATUS_ERRORED
    assert any("refs/heads/release" in message for message in log_messages(result))


def test_a_stale_clone_catches_up_before_a_run(git_root, remote, settings, tmp_path):
    remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    repository = make_repository(remote, slug="stale")
    sync(repository)
    settings.GIT_ROOT = tmp_path / "machine-b"
    assert run("git.stale/versions/Version").output == "\none"  # machine B clones on first use

    settings.GIT_ROOT = git_root  # machine A syncs the next commit; B's clone is now behind
    second = remote.push({"jobs/versions.py": version_job("two")})
    sync(repository)
    settings.GIT_ROOT = tmp_path / "machine-b"
    assert current_commit(settings.GIT_ROOT / "stale") != second
    result = run("git.stale/versions/Version")
    assert (result.output, result.source_commit) == ("\ntwo", second)
    assert current_commit(settings.GIT_ROOT / "stale") == second


def test_deleting_a_repository_uninstalls_its_jobs_and_removes_the_clone(git_root, remote):
    remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    repository = make_repository(remote, slug="doomed")
    result = sync(repository)
    assert (git_root / "doomed").is_dir()
    repository.delete()
    assert not Job.objects.get(class_path="git.doomed/versions/Version").installed
    assert not (git_root / "doomed").exists()
    result.refresh_from_db()
    assert result.git_repository is None and loader.get_source("git.doomed") is None


def test_slug_cannot_change_and_urls_with_passwords_are_refused(db):
    from django.core.exceptions import ValidationError

    repository = GitRepository.objects.create(
        name="Fixed", slug="fixed", remote_url="https://example.com/r.git"
    )
    repository.slug = "renamed"
    with pytest.raises(ValidationError) as caught:
        repository.full_clean()
    assert "slug" in caught.value.message_dict
    for url in ("https://user:secret@example.com/r.git", "ext::sh -c touch% /tmp/pwned", "--upload-pack=x"):
        with pytest.raises(ValidationError):
            GitRepository(name="x", slug="x", remote_url=url).full_clean()
    for url in (
        "git@github.com:org/repo.git",
        "ssh://git@host/repo.git",
        "file:///srv/git/r.git",
        "/srv/git/r.git",
    ):
        GitRepository(name="x", slug="x", remote_url=url).full_clean()


def test_syncrepo_syncs_here_with_local_and_exits_non_zero_when_the_sync_fails(
    git_root, remote, tmp_path, settings
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    commit = remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    make_repository(remote, slug="cli")
    output = StringIO()
    call_command("syncrepo", "cli", "--local", stdout=output)
    assert "Created Job record" in output.getvalue()
    assert output.getvalue().rstrip().endswith(f"Cli: COMPLETED at commit {commit}")
    GitRepository.objects.create(name="Missing", slug="missing", remote_url=str(tmp_path / "nowhere.git"))
    with pytest.raises(CommandError) as failed:
        call_command("syncrepo", "missing", "--local", stdout=StringIO())
    assert failed.value.returncode == 1
    with pytest.raises(CommandError) as unknown:
        call_command("syncrepo", "nope", stdout=StringIO())
    assert unknown.value.returncode == 2
    settings.CELERY_TASK_DEFAULT_QUEUE = "nobody-listens"  # a session worker may be up on "default"
    with pytest.raises(
        CommandError, match=r"No celery workers running on queue nobody-listens\. Use --local"
    ):
        call_command("syncrepo", "cli", stdout=StringIO())
