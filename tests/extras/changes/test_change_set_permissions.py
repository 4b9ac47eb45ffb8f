"""Issue 20, defect 3: a run's change set ("would change" for a dry run) is shown only to users who may view
the change log, and each change only if they may view the changed object's model, and the object itself
where it still exists. The API (`/api/extras/job-results/<id>/changes/`, a schedule's `changes/`) and the
run's Changes tab agree."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from dcim.models import Manufacturer, Site
from extras.models import Job, JobResult, ObjectChange, ScheduledJob
from tests.api_base import assert_status
from tests.extras.changes.helpers import dry_run_result, record
from tests.extras.schedules.helpers import schedule_of
from tests.factories.dcim import ManufacturerFactory, SiteFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

HIDDEN_SITE, SHOWN_SITE, NEW_SITE, NEW_VENDOR = "Hidden HQ 41", "Shown HQ 17", "New site 93", "New vendor 65"


@pytest.fixture
def dry_run(fixture_jobs) -> JobResult:
    """Would update two existing sites and create a site and a manufacturer (rolled back: gone)."""
    hidden, shown = SiteFactory(name=HIDDEN_SITE), SiteFactory(name=SHOWN_SITE)
    return dry_run_result(
        fixture_jobs["ReshapeInventoryJob"],
        changes=[
            (
                Site,
                hidden.pk,
                "update",
                {"display": HIDDEN_SITE},
                {"display": HIDDEN_SITE, "description": "x"},
            ),
            (Site, shown.pk, "update", {"display": SHOWN_SITE}, {"display": SHOWN_SITE, "description": "y"}),
            (Site, uuid.uuid4(), "create", None, {"display": NEW_SITE}),
            (Manufacturer, uuid.uuid4(), "create", None, {"display": NEW_VENDOR}),
        ],
    )


@pytest.fixture
def reader():
    """May view results and jobs, nothing else yet."""
    user = UserFactory()
    grant(user, JobResult, ["view"])
    grant(user, Job, ["view"])
    return user


def api_reprs(client, url: str) -> list[str]:
    response = client.get(url)
    assert_status(response, 200)
    return [item["object_repr"] for item in response.json()["results"]]


def tab_html(client, result: JobResult) -> str:
    response = client.get(reverse("extras:jobresult_changes", kwargs={"pk": result.pk}))
    assert response.status_code == 200
    return response.content.decode()


ALL = {HIDDEN_SITE, SHOWN_SITE, NEW_SITE, NEW_VENDOR}


def test_without_the_change_log_permission_a_dry_runs_changes_are_not_shown(
    reader, dry_run, token_client, client
):
    url = f"/api/extras/job-results/{dry_run.pk}/changes/"
    assert api_reprs(token_client(reader), url) == []
    client.force_login(reader)
    html = tab_html(client, dry_run)
    assert not any(name in html for name in ALL)
    assert "You may not view the change log" in html


def test_each_change_needs_the_objects_model_and_the_object_where_it_still_exists(
    reader, dry_run, token_client, client
):
    grant(reader, ObjectChange, ["view"])
    grant(reader, Site, ["view"], constraints={"name": SHOWN_SITE})
    url = f"/api/extras/job-results/{dry_run.pk}/changes/"
    # The hidden site exists and is outside the constraint; the new site is gone (the constraint cannot
    # apply) and its model may be viewed; manufacturers may not be viewed at all.
    expected = [SHOWN_SITE, NEW_SITE]
    assert api_reprs(token_client(reader), url) == expected
    client.force_login(reader)
    html = tab_html(client, dry_run)
    assert all(name in html for name in expected)
    assert HIDDEN_SITE not in html and NEW_VENDOR not in html
    assert "2 changes of objects you may not view are not shown" in html


def test_a_committed_runs_changes_need_the_changed_objects_model_too(
    reader, fixture_jobs, token_client, client
):
    job = fixture_jobs["ReshapeInventoryJob"]
    committed = JobResult.objects.create(
        job_model=job, name=job.class_path, commit=True, task_id=uuid.uuid4(), status="completed"
    )
    with record(UserFactory(), job_result=committed, source="job"):
        SiteFactory(name=SHOWN_SITE)
        ManufacturerFactory(name=NEW_VENDOR)
    grant(reader, ObjectChange, ["view"])
    grant(reader, Site, ["view"])
    url = f"/api/extras/job-results/{committed.pk}/changes/"
    assert api_reprs(token_client(reader), url) == [SHOWN_SITE]
    client.force_login(reader)
    html = tab_html(client, committed)
    assert SHOWN_SITE in html and NEW_VENDOR not in html


def test_a_schedules_changes_follow_the_same_rule(reader, dry_run, token_client):
    schedule = schedule_of(dry_run.job_model, name="Nightly")
    ScheduledJob.objects.filter(pk=schedule.pk).update(reviewed_result=dry_run)
    grant(reader, ScheduledJob, ["view"])
    client = token_client(reader)
    url = f"/api/extras/scheduled-jobs/{schedule.pk}/changes/"
    assert api_reprs(client, url) == []
    grant(reader, ObjectChange, ["view"])
    grant(reader, Site, ["view"], constraints={"name": SHOWN_SITE})
    assert api_reprs(client, url) == [SHOWN_SITE, NEW_SITE]


def test_the_change_log_shows_a_change_only_to_who_may_view_its_object(reader, token_client, client):
    """The same rule on the change log itself: its API list and detail, its page, its CSV export."""
    author = UserFactory()
    with record(author):
        SiteFactory(name=SHOWN_SITE)
        SiteFactory(name=HIDDEN_SITE)
        ManufacturerFactory(name=NEW_VENDOR)
    grant(reader, ObjectChange, ["view"])
    grant(reader, Site, ["view"], constraints={"name": SHOWN_SITE})
    api = token_client(reader)
    assert api_reprs(api, "/api/extras/object-changes/") == [SHOWN_SITE]
    hidden = ObjectChange.objects.get(object_repr=HIDDEN_SITE)
    assert api.get(f"/api/extras/object-changes/{hidden.pk}/").status_code == 404
    client.force_login(reader)
    for url in (reverse("extras:objectchange_list"), reverse("extras:objectchange_list") + "?export=csv"):
        text = b"".join(client.get(url)).decode()
        assert SHOWN_SITE in text and HIDDEN_SITE not in text and NEW_VENDOR not in text, url
    assert client.get(hidden.get_absolute_url()).status_code == 404
