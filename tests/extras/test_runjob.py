"""`manage.py runjob`: local and worker modes, printed log lines and summary, and exit codes."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from dcim.models import Manufacturer
from extras.models import JobResult, ObjectChange
from tests.factories.users import UserFactory, grant
from tests.runs import route

pytestmark = pytest.mark.django_db(transaction=True)


def runjob(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("runjob", *args, stdout=out)
    return out.getvalue()


def test_local_run_prints_lines_and_a_summary_and_exits_zero(fixture_jobs):
    output = runjob("--local", "local/passing/PassingJob")
    assert "[run] success: Run finished" in output
    assert "[post_run] info: Cleaning up" in output
    assert "Output:\nNice job!" in output
    assert "local/passing/PassingJob: COMPLETED" in output


def test_failed_run_exits_non_zero(fixture_jobs):
    with pytest.raises(CommandError, match="local/failing/FailingJob: FAILED") as error:
        runjob("--local", "local/failing/FailingJob")
    assert error.value.returncode == 1


def test_invalid_input_names_the_variable_and_exits_two(fixture_jobs):
    with pytest.raises(CommandError) as error:
        runjob("--local", "--data", '{"seconds": "soon"}', "local/slow/SlowJob")
    assert error.value.returncode == 2
    assert "seconds:" in str(error.value)
    assert not JobResult.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--commit", "local/passing/PassingJob"], "--username is mandatory when --commit is used"),
        (["--username", "ghost", "local/passing/PassingJob"], "No such user: ghost"),
        (["--data", "[1]", "local/passing/PassingJob"], "must be a JSON object"),
        (["--data", "{nope", "local/passing/PassingJob"], "Invalid JSON data"),
        (["local/nope/Nope"], 'Job "local/nope/Nope" not found'),
    ],
)
def test_usage_errors_exit_two_with_a_message(fixture_jobs, args, message):
    with pytest.raises(CommandError, match=message) as error:
        runjob("--local", *args)
    assert error.value.returncode == 2


def test_a_user_without_run_permission_is_refused(fixture_jobs):
    UserFactory(username="viewer")
    with pytest.raises(CommandError, match="does not have permission to run this Job"):
        runjob("--local", "--username", "viewer", "local/passing/PassingJob")


def test_commit_with_a_permitted_user_persists_changes(fixture_jobs):
    user = UserFactory(username="operator")
    grant(user, type(fixture_jobs["CreateManufacturerJob"]), ["run"])
    runjob(
        "--local",
        "--commit",
        "--username",
        "operator",
        "--data",
        '{"manufacturer_name": "CLI Co"}',
        "local/writing/CreateManufacturerJob",
    )
    assert Manufacturer.objects.filter(name="CLI Co").exists()
    assert JobResult.objects.get().user == user


def test_a_committed_run_is_in_the_change_log_under_its_user_and_the_summary_lists_it(fixture_jobs):
    user = UserFactory(username="operator")
    grant(user, type(fixture_jobs["CreateManufacturerJob"]), ["run"])
    output = runjob(
        "--local", "--commit", "--username", "operator", "--data", '{"manufacturer_name": "CLI Co"}',
        "local/writing/CreateManufacturerJob",
    )  # fmt: skip
    result = JobResult.objects.get()
    rows = ObjectChange.objects.filter(job_result=result)
    assert {(row.user, row.request_id, row.change_context) for row in rows} == {(user, result.pk, "job")}
    assert "Changes: 2 created, 0 updated, 0 deleted" in output
    assert '  + dcim.manufacturer "CLI Co"' in output and '  + dcim.devicetype "Model 1"' in output


def test_a_dry_run_prints_what_it_would_change_and_logs_nothing(fixture_jobs):
    output = runjob(
        "--local", "--data", '{"manufacturer_name": "Dry Co"}', "local/writing/CreateManufacturerJob"
    )
    assert "Would change: 2 created, 0 updated, 0 deleted (rolled back)" in output
    assert '  + dcim.manufacturer "Dry Co"' in output
    assert not ObjectChange.objects.exists() and not Manufacturer.objects.exists()


def test_job_can_be_named_by_its_name(fixture_jobs):
    assert "COMPLETED" in runjob("--local", "Passing job")


@pytest.mark.celery
def test_worker_mode_follows_the_run_to_its_end(celery_worker, fixture_jobs):
    output = runjob("local/passing/PassingJob")
    assert "queued on default" in output
    assert "[post_run] info: Cleaning up" in output
    assert "local/passing/PassingJob: COMPLETED" in output


def test_worker_mode_without_a_worker_on_the_queue_is_refused(fixture_jobs):
    job = fixture_jobs["PassingJob"]
    route(job, "nobody-listens")
    with pytest.raises(CommandError, match="No celery workers running on queue nobody-listens") as error:
        runjob("local/passing/PassingJob")
    assert error.value.returncode == 1
    assert not JobResult.objects.exists()
