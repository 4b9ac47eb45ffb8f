"""A sync requested while the task broker is down: a 503 (API) or an error message (UI), and no result left."""

from __future__ import annotations

import html

import pytest
import requests

from extras.git.sync import enqueue_sync
from extras.models import GitRepository, JobResult
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import token_for
from tests.web_server import csrf_token, log_in, web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

BROKER_DOWN = {"CELERY_BROKER_URL": "redis://:s3cret-pw@127.0.0.1:9/0"}  # nothing listens on port 9


def test_a_sync_while_the_broker_is_down_is_refused_at_once_and_leaves_no_result(
    celery_worker, superuser, tmp_path
):
    repository = GitRepositoryFactory(name="Meraki Jobs")
    previous = enqueue_sync(
        repository, require_worker=False, enqueue=False
    )  # an earlier sync stays the latest
    token = token_for(superuser)
    with web_server(tmp_path, BROKER_DOWN) as base_url:
        response = requests.post(
            f"{base_url}/api/extras/git-repositories/{repository.pk}/sync/",
            headers={"Authorization": f"Token {token}"},
            timeout=30,
        )
        session = log_in(base_url, superuser.username)
        detail = f"{base_url}{repository.get_absolute_url()}"
        page = session.get(detail, timeout=30).text
        button = session.post(
            f"{detail}sync/",
            {"csrfmiddlewaretoken": csrf_token(page)},
            headers={"Referer": detail},
            timeout=30,
        )
    assert response.status_code == 503, response.text
    assert "task broker is unreachable (redis://…)" in response.json()["detail"]
    assert "s3cret-pw" not in response.text
    assert button.status_code == 200 and button.url == detail  # redirected back to the repository
    shown = html.unescape(button.text)
    assert "Meraki Jobs was not synced. Could not hand the run to the workers" in shown
    assert "task broker is unreachable (redis://…)" in shown and "s3cret-pw" not in shown
    assert "sync job added to queue" not in shown
    assert list(JobResult.objects.filter(git_repository=repository)) == [previous]
    assert GitRepository.objects.get(pk=repository.pk).last_sync_result_id == previous.pk
