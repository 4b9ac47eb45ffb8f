"""Issue 20: a job with sensitive variables never persists, exports, logs or serves its inputs.

Runs such a job on a real worker through every way of asking (the API in its three dialects, the run
form with the value also in its query string, an idempotent request, a refused schedule), then looks for
the secret everywhere it could be: every API answer and page about results, jobs, scripts, logs and the
change log, every export, every row of every table, and the worker's own log.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.urls import reverse

from core.search import search
from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult
from tests.api_base import assert_status
from tests.runs import wait_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

SECRET = "s3cr3t-pa55w0rd-4c0ffee"
INPUT = {"username": "ops", "password": SECRET}
LEGACY = {"HTTP_ACCEPT": "application/json; version=1.2"}


def submit_every_way(job, api, web) -> list[JobResult]:
    """Four runs: API (idempotent, waiting), API 1.2 class path, NetBox scripts API, the run form."""
    before = set(JobResult.objects.values_list("pk", flat=True))
    response = api.post(
        f"/api/extras/jobs/{job.pk}/run/?wait=30",
        {"data": INPUT, "commit": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="sensitive-1",
    )
    assert_status(response, 201)
    assert_status(
        api.post(f"/api/extras/jobs/{job.class_path}/run/", {"data": INPUT}, format="json", **LEGACY), 200
    )
    assert_status(
        api.post(f"/api/extras/scripts/{job.pk}/", {"data": INPUT, "commit": True}, format="json"), 200
    )
    prefilled = f"{job.get_absolute_url()}?password={SECRET}"
    form = web.post(prefilled, {**INPUT, "_commit": "on"}, HTTP_REFERER=f"http://testserver{prefilled}")
    assert form.status_code == 302, form.content.decode()[:2000]
    schedule = {"interval": "daily", "name": "nightly", "start_time": "2099-01-01T00:00:00Z"}
    refused = api.post(
        f"/api/extras/jobs/{job.pk}/run/", {"data": INPUT, "schedule": schedule}, format="json"
    )
    assert_status(refused, 400)
    assert SECRET not in refused.content.decode()
    runs = [wait_terminal(result) for result in JobResult.objects.exclude(pk__in=before)]
    assert len(runs) == 4 and {run.status for run in runs} == {Status.STATUS_COMPLETED}, runs
    return runs


def api_urls(job, runs) -> list[tuple[str, dict]]:
    urls = [
        ("/api/extras/job-results/", {}),
        ("/api/extras/job-logs/?limit=0", {}),
        ("/api/extras/jobs/", {}),
        ("/api/extras/jobs/", LEGACY),
        (f"/api/extras/jobs/{job.pk}/", {}),
        (f"/api/extras/jobs/{job.class_path}/", LEGACY),
        ("/api/extras/scripts/", {}),
        (f"/api/extras/scripts/{job.pk}/", {}),
        ("/api/extras/object-changes/", {}),
        ("/api/extras/scheduled-jobs/", {}),
    ]
    for run in runs:
        base = f"/api/extras/job-results/{run.pk}/"
        urls += [(base, {}), (f"{base}logs/", {}), (f"{base}changes/", {})]
    return urls


def page_urls(job, runs) -> list[str]:
    urls = [
        reverse("extras:jobresult_list"),
        reverse("extras:jobresult_list") + "?export=csv",
        reverse("extras:job_list"),
        reverse("extras:job_list") + "?export=csv",
        job.get_absolute_url(),
        reverse("extras:objectchange_list"),
        reverse("extras:objectchange_list") + "?export=csv",
    ]
    for run in runs:
        urls += [
            run.get_absolute_url(),
            reverse("extras:jobresult_changes", kwargs={"pk": run.pk}),
            reverse("extras:jobresult_log_csv", kwargs={"pk": run.pk}),
            reverse("extras:jobresult_log_txt", kwargs={"pk": run.pk}),
            f"{job.get_absolute_url()}?kwargs_from_job_result={run.pk}",
        ]
    return urls


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def rows_holding(text: str) -> list[str]:
    """Every row of every table that holds `text`, as `<model>: <row>`."""
    found = []
    for model in apps.get_models():
        for row in model._default_manager.values():
            dumped = json.dumps(row, default=str)
            if text in dumped:
                found.append(f"{model._meta.label}: {dumped[:1000]}")
    return found


def test_sensitive_inputs_are_never_persisted_exported_logged_or_served(
    celery_worker, fixture_jobs, admin_client, superuser, token_client
):
    job = fixture_jobs["SensitiveLoginJob"]
    assert job.has_sensitive_variables
    api = token_client(superuser)
    runs = submit_every_way(job, api, admin_client)
    assert all(run.job_kwargs is None for run in runs)
    assert [run.output.strip() for run in runs] == ["Logged in as ops"] * 4  # the input did reach the job

    for url, headers in api_urls(job, runs):
        response = api.get(url, **headers)
        assert_status(response, 200)
        assert SECRET not in text_of(response), f"{url} serves the secret"
    for url in page_urls(job, runs):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in text_of(response), f"{url} shows the secret"
    assert search(superuser, SECRET) == []  # (the search page shows the query itself)
    assert rows_holding(SECRET) == []
    assert SECRET not in celery_worker.log()
