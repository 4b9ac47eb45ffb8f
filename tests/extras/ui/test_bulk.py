"""Bulk actions: enable or disable several jobs, delete several results; each asks for confirmation and
acts only on what the user may change or delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extras.models import Job, JobLogEntry, JobResult
from tests.extras.ui.conftest import make_result
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

ENABLE_URL = reverse("extras:job_bulk_enable")
DELETE_URL = reverse("extras:jobresult_bulk_delete")


def enabled(*jobs) -> list[bool]:
    return [Job.objects.get(pk=job.pk).enabled for job in jobs]


def test_jobs_are_disabled_together_after_a_confirmation(admin_client, fixture_jobs):
    passing, failing = fixture_jobs["PassingJob"], fixture_jobs["FailingJob"]
    page = admin_client.get(reverse("extras:job_list")).content.decode()
    assert 'form="bulk-jobs"' in page and f'name="pk" value="{passing.pk}"' in page
    assert 'name="enabled" value="false">Disable</button>' in page

    asked = admin_client.post(ENABLE_URL, {"pk": [passing.pk, failing.pk], "enabled": "false"})
    html = asked.content.decode()
    assert asked.status_code == 200 and "Disable 2 jobs?" in html
    assert enabled(passing, failing) == [True, True]  # nothing happens before the confirmation
    assert 'name="confirm" value="true"' in html and 'name="enabled" value="false"' in html

    done = admin_client.post(
        ENABLE_URL, {"pk": [passing.pk, failing.pk], "enabled": "false", "confirm": "true"}, follow=True
    )
    assert enabled(passing, failing) == [False, False]
    assert "Disabled 2 jobs." in done.content.decode()
    admin_client.post(ENABLE_URL, {"pk": [passing.pk], "enabled": "true", "confirm": "true"})
    assert enabled(passing, failing) == [True, False]


def test_bulk_enable_touches_only_the_jobs_the_user_may_change(client, fixture_jobs):
    passing, failing = fixture_jobs["PassingJob"], fixture_jobs["FailingJob"]
    user = UserFactory()
    grant(user, Job, ["view"])
    grant(user, Job, ["change"], constraints={"job_class_name": "PassingJob"})
    client.force_login(user)
    client.post(ENABLE_URL, {"pk": [passing.pk, failing.pk], "enabled": "false", "confirm": "true"})
    assert enabled(passing, failing) == [False, True]


def test_results_are_deleted_together_with_their_log_lines_after_a_confirmation(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    first, second, kept = (make_result(job, lines=[("run", "info", "x")]) for _ in range(3))
    page = admin_client.get(reverse("extras:jobresult_list")).content.decode()
    assert f'<form method="post" action="{DELETE_URL}" id="bulk-form"' in page
    assert f'name="pk" value="{first.pk}" form="bulk-form"' in page

    asked = admin_client.post(DELETE_URL, {"pk": [first.pk, second.pk]})
    assert "Delete 2 job results?" in asked.content.decode() and JobResult.objects.count() == 3
    admin_client.post(DELETE_URL, {"pk": [first.pk, second.pk], "confirm": "true"})
    assert list(JobResult.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not JobLogEntry.objects.filter(job_result_id__in=[first.pk, second.pk]).exists()
    assert JobLogEntry.objects.filter(job_result_id=kept.pk).count() == 1


def test_a_user_without_the_delete_permission_gets_no_check_boxes_and_deletes_nothing(client, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"])
    user = UserFactory()
    grant(user, JobResult, ["view"])
    client.force_login(user)
    assert 'id="bulk-form"' not in client.get(reverse("extras:jobresult_list")).content.decode()
    assert client.post(DELETE_URL, {"pk": [result.pk], "confirm": "true"}).status_code == 403
    assert JobResult.objects.filter(pk=result.pk).exists()
