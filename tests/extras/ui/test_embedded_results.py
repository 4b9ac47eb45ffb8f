"""Issue 20, defect 1 in the UI: a run shown inside another page (a repository's last sync, the search box,
a hook's runs) is shown only to a user who may view it at its own page."""

from __future__ import annotations

import uuid

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.models import GitRepository, Job, JobLogEntry, JobResult
from tests.extras.ui.conftest import make_result
from tests.extras.ui.test_search import sections
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_a_repository_page_does_not_show_a_sync_the_user_may_not_view(client):
    repository = GitRepositoryFactory(name="Repo")
    victim = UserFactory(username="victim")
    sync = JobResult.objects.create(
        name=repository.name,
        git_repository=repository,
        user=victim,
        status=Status.STATUS_FAILED,
        task_id=uuid.uuid4(),
    )
    JobLogEntry.objects.create(
        job_result_id=sync.pk, sequence=1, grouping="sync", log_level="failure", message="token for vault-7e1"
    )
    GitRepository.objects.filter(pk=repository.pk).update(last_sync_result=sync)
    attacker = UserFactory(username="attacker")
    grant(attacker, GitRepository, ["view"])
    grant(attacker, JobResult, ["view"], constraints={"user": "$user"})
    client.force_login(attacker)
    html = client.get(repository.get_absolute_url()).content.decode()
    assert "Repo" in html
    assert "token for vault-7e1" not in html and "victim" not in html and str(sync.pk) not in html


def test_search_does_not_find_runs_of_a_job_the_user_may_not_view(client, fixture_jobs):
    """Runs are visible with their job (JobResult.objects.restrict); search used to skip that rule."""
    job = fixture_jobs["CreateManufacturerJob"]
    result = make_result(job)
    user = UserFactory()
    grant(user, JobResult, ["view"])
    grant(user, Job, ["view"], constraints={"name": "some other job"})
    client.force_login(user)
    assert client.get(result.get_absolute_url()).status_code == 404
    html = client.get("/search/", {"q": "manufacturer"}).content.decode()
    assert str(result) not in html and "Job results" not in sections(html)
