"""REST API of Git repositories: CRUD (write-only token), contract fields, and `POST …/sync/` codes."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from extras.models import GitRepository, JobResult
from tests.api_base import APITestBase, assert_status, client_for
from tests.api_errors import assert_error_shape
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

TOKEN = "glpat-NeverShowThis-123"


class TestGitRepositoryAPI(APITestBase):
    model = GitRepository
    factory = GitRepositoryFactory

    def create_payloads(self):
        return [
            {"name": "Meraki Jobs", "remote_url": "https://git.example.com/meraki.git", "branch": "main"},
            {
                "name": "Private",
                "slug": "private",
                "remote_url": "git@git.example.com:ops/private.git",
                "username": "deploy",
                "token": TOKEN,
                "provided_contents": ["extras.job"],
            },
        ]

    def update_payload(self):
        return {"branch": "release", "username": "ci"}


@pytest.fixture
def repository(db):
    return GitRepositoryFactory(name="Meraki Jobs", slug="meraki-jobs")


def detail(repository) -> str:
    return reverse("extras-api:gitrepository-detail", kwargs={"pk": repository.pk})


def test_fields_follow_the_contract(admin_api, repository):
    body = admin_api.get(detail(repository)).json()
    for field in ("name", "slug", "remote_url", "branch", "provided_contents", "current_head", "sync_status"):
        assert field in body
    assert body["provided_contents"] == ["extras.job"]
    assert body["current_head"] == "" and body["sync_status"] is None and body["last_synced"] is None
    assert "token" not in body and body["has_token"] is False


def test_the_slug_defaults_from_the_name_and_a_sync_is_recorded_on_create(admin_api):
    response = admin_api.post(
        "/api/extras/git-repositories/",
        {"name": "Meraki Users", "remote_url": "https://git.example.com/m.git"},
        format="json",
    )
    assert_status(response, 201)
    body = response.json()
    assert body["slug"] == "meraki-users"
    result = JobResult.objects.get(git_repository_id=body["id"])
    assert (result.status, result.name, result.job_model) == (Status.STATUS_PENDING, "Meraki Users", None)
    assert body["last_sync_result"]["id"] == str(result.pk)
    assert body["sync_status"] == {"value": "pending", "label": "Pending"}


def test_the_token_is_write_only_encrypted_and_never_returned(admin_api):
    response = admin_api.post(
        "/api/extras/git-repositories/",
        {"name": "Private", "remote_url": "https://git.example.com/p.git", "username": "u", "token": TOKEN},
        format="json",
    )
    assert_status(response, 201)
    repository = GitRepository.objects.get(pk=response.json()["id"])
    assert repository.get_token() == TOKEN and TOKEN not in repository.token_encrypted
    responses = [
        response,
        admin_api.get(detail(repository)),
        admin_api.get("/api/extras/git-repositories/"),
        admin_api.patch(detail(repository), {"branch": "dev"}, format="json"),
    ]
    for each in responses:
        assert TOKEN not in each.content.decode()
    assert responses[1].json()["has_token"] is True
    assert GitRepository.objects.get(pk=repository.pk).get_token() == TOKEN  # a PATCH without token keeps it
    assert_status(admin_api.patch(detail(repository), {"token": ""}, format="json"), 200)
    assert not GitRepository.objects.get(pk=repository.pk).has_token


def test_bad_input_is_a_400_naming_each_field(admin_api, repository):
    response = admin_api.post(
        "/api/extras/git-repositories/",
        {
            "name": "Meraki Jobs",
            "remote_url": "https://u:pw@example.com/r.git",
            "branch": "-x",
            "provided_contents": ["extras.nothing"],
        },
        format="json",
    )
    errors = assert_error_shape(response, 400)["errors"]
    assert {"name", "remote_url", "branch", "provided_contents.0"} <= set(errors)
    both = admin_api.patch(detail(repository), {"token": TOKEN, "token_env": "GIT_TOKEN_X"}, format="json")
    assert "token_env" in assert_error_shape(both, 400)["errors"] and TOKEN not in both.content.decode()
    renamed = admin_api.patch(detail(repository), {"slug": "other"}, format="json")
    assert "slug" in assert_error_shape(renamed, 400)["errors"]
    assert GitRepository.objects.get(pk=repository.pk).slug == "meraki-jobs"


def test_sync_needs_change_permission(repository, worker_heartbeat):
    user = UserFactory()
    grant(user, GitRepository, ["view"])
    client = client_for(user)
    response = client.post(detail(repository) + "sync/")
    assert_status(response, 403)
    assert not JobResult.objects.filter(git_repository=repository).exists()
    grant(user, GitRepository, ["change"], {"slug": "someone-else"})
    assert_status(client_for(user).post(detail(repository) + "sync/"), 404)


def test_sync_without_a_worker_is_a_503(admin_api, repository):
    response = admin_api.post(detail(repository) + "sync/")
    assert_status(response, 503)
    assert (
        response.json()["detail"] == "Unable to process request: No celery workers running on queue default."
    )
    assert not JobResult.objects.filter(git_repository=repository).exists()


def test_sync_answers_with_the_message_and_the_pending_result(admin_api, repository, worker_heartbeat):
    response = admin_api.post(detail(repository) + "sync/")
    assert_status(response, 200)
    body = response.json()
    assert body["message"] == "Repository Meraki Jobs sync job added to queue."
    result = JobResult.objects.get(pk=body["job_result"]["id"])
    assert result.git_repository == repository and result.status == Status.STATUS_PENDING
    repository.refresh_from_db()
    assert repository.last_sync_result == result


def test_sync_results_are_visible_to_who_may_view_the_repository(repository, worker_heartbeat, admin_api):
    result_id = admin_api.post(detail(repository) + "sync/").json()["job_result"]["id"]
    viewer, stranger = UserFactory(), UserFactory()
    for user in (viewer, stranger):
        grant(user, JobResult, ["view"])
    grant(viewer, GitRepository, ["view"])
    url = reverse("extras-api:jobresult-detail", kwargs={"pk": result_id})
    assert_status(client_for(viewer).get(url), 200)
    assert_status(client_for(stranger).get(url), 404)


def test_the_list_costs_the_same_queries_for_many_repositories(admin_api, django_assert_max_num_queries):
    from extras.git.sync import enqueue_sync

    for repository in GitRepositoryFactory.create_batch(20):
        enqueue_sync(repository, user=UserFactory(), require_worker=False, enqueue=False)
    with django_assert_max_num_queries(6):
        response = admin_api.get("/api/extras/git-repositories/", {"limit": 50})
    assert_status(response, 200)
    body = json.loads(response.content)
    assert body["count"] == 20 and all(item["last_sync_result"]["user"] for item in body["results"])


def with_token(repository, username="deploy"):
    repository.username = username
    repository.set_token(TOKEN)
    repository.save()
    return repository


def test_moving_the_remote_to_another_host_removes_the_token_and_says_so(admin_api, repository):
    with_token(repository)
    response = admin_api.patch(
        detail(repository), {"remote_url": "https://attacker.example.net/meraki.git"}, format="json"
    )
    assert_status(response, 200)
    body = response.json()
    assert body["has_token"] is False and body["username"] == "" and body["token_env"] == ""
    repository.refresh_from_db()
    assert repository.token_encrypted == "" and repository.username == "" and not repository.has_token
    assert JobResult.objects.filter(git_repository=repository).count() == 1  # the new remote syncs


def test_a_new_token_given_with_the_move_is_kept(admin_api, repository):
    with_token(repository)
    response = admin_api.patch(
        detail(repository),
        {"remote_url": "https://gitlab.example.net/meraki.git", "token": "glpat-ForTheNewHost"},
        format="json",
    )
    assert_status(response, 200)
    assert response.json()["has_token"] is True and response.json()["username"] == "deploy"
    repository.refresh_from_db()
    assert repository.get_token() == "glpat-ForTheNewHost"


def test_a_move_on_the_same_host_keeps_the_token_and_an_unchanged_patch_does_not_sync(admin_api, repository):
    with_token(repository)
    moved = admin_api.patch(
        detail(repository), {"remote_url": "https://git.example.com/other/meraki.git"}, format="json"
    )
    assert_status(moved, 200)
    assert moved.json()["has_token"] is True
    assert GitRepository.objects.get(pk=repository.pk).get_token() == TOKEN
    assert JobResult.objects.filter(git_repository=repository).count() == 1
    same = admin_api.patch(detail(repository), {"branch": repository.branch}, format="json")
    assert_status(same, 200)
    assert JobResult.objects.filter(git_repository=repository).count() == 1


def test_the_token_variable_must_be_the_repositorys_own(admin_api, repository):
    GitRepositoryFactory(name="Other", slug="other")
    foreign = admin_api.patch(detail(repository), {"token_env": "GIT_TOKEN_OTHER"}, format="json")
    assert "GIT_TOKEN_MERAKI_JOBS" in assert_error_shape(foreign, 400)["errors"]["token_env"][0]
    assert GitRepository.objects.get(pk=repository.pk).token_env == ""
    own = admin_api.patch(detail(repository), {"token_env": "GIT_TOKEN_MERAKI_JOBS"}, format="json")
    assert_status(own, 200)
    assert own.json()["has_token"] is True
    # `meraki_jobs` would name the same variable: it may not use it while `meraki-jobs` exists.
    response = admin_api.post(
        "/api/extras/git-repositories/",
        {
            "name": "Lookalike",
            "slug": "meraki_jobs",
            "remote_url": "https://evil.example.net/x.git",
            "token_env": "GIT_TOKEN_MERAKI_JOBS",
        },
        format="json",
    )
    assert "Meraki Jobs" in assert_error_shape(response, 400)["errors"]["token_env"][0]
    assert not GitRepository.objects.filter(slug="meraki_jobs").exists()
