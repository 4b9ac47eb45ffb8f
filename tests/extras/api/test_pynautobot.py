"""The real Nautobot 1.x client, pynautobot 1.5, against the app on a live port with a real worker.

Nothing is adapted for the client: it is constructed, lists jobs (the legacy 1.2 array), runs a job
with data by id (API 1.3) and by class path (1.2), reads the result and filters the job logs.
"""

from __future__ import annotations

import pynautobot
import pytest

from extras.choices import JobResultStatusChoices as Status
from tests.factories.users import token_for
from tests.runs import wait_for
from tests.web_server import web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

CLASS_PATH = "local/all_variables/EveryVariableJob"


@pytest.fixture
def live_api(celery_worker, fixture_jobs, superuser, tmp_path):
    with web_server(tmp_path) as base_url:
        yield base_url, token_for(superuser)


def wait_until_terminal(nb, result_id: str, timeout: float = 60):
    def ended():
        result = nb.extras.job_results.get(result_id)
        return result if result.status.value in Status.TERMINAL else None

    return wait_for(ended, timeout, interval=0.2, message=f"result {result_id} to end")


def test_pynautobot_lists_jobs_runs_one_by_id_and_reads_its_result_and_logs(live_api, every_variable_input):
    base_url, token = live_api
    nb = pynautobot.api(base_url, token=token)
    assert nb.version == "1.2"
    jobs = {job.id: job for job in nb.extras.jobs.all()}
    assert CLASS_PATH in jobs and str(jobs[CLASS_PATH]) == "Every variable"

    nb13 = pynautobot.api(base_url, token=token, api_version="1.3")
    answer = nb13.extras.jobs.run(job_id=jobs[CLASS_PATH].pk, data=every_variable_input, commit=False)
    assert answer.schedule is None
    result = wait_until_terminal(nb13, answer.job_result.id)
    assert result.status.value == Status.STATUS_COMPLETED, result.status
    assert str(result.job_model) == "Every variable"

    logs = nb13.extras.job_logs.filter(job_result=result.id)
    messages = [line.message for line in logs]
    assert "string_var: str 'branch-1'" in messages
    assert "Database changes have been reverted automatically." in messages
    infos = nb13.extras.job_logs.filter(job_result=result.id, log_level="info")
    assert {line.log_level.value for line in infos} == {"info"}


def test_pynautobot_runs_a_job_by_class_path_with_the_default_version(live_api, every_variable_input):
    base_url, token = live_api
    nb = pynautobot.api(base_url, token=token)
    job = nb.extras.jobs.get(name="Every variable")
    answer = job.run(data=every_variable_input, commit=False)
    assert answer.id == CLASS_PATH
    result = wait_until_terminal(nb, answer.result.id)
    assert result.status.value == Status.STATUS_COMPLETED
    assert result.data["run"]["info"] >= len(every_variable_input)
