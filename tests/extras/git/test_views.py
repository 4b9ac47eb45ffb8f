"""Git repository pages: list, detail with the latest sync log, add/edit (write-only token), delete, Sync."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from extras.git.sync import enqueue_sync
from extras.models import GitRepository, JobLogEntry, JobResult
from extras.routers import LIVE_ALIAS
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import grant

pytestmark = pytest.mark.django_db

TOKEN = "ghp_PageMustNeverShowThis77"


def form_data(**overrides) -> dict:
    return {
        "name": "Meraki Users",
        "slug": "",
        "remote_url": "https://git.example.com/meraki.git",
        "branch": "main",
        "username": "deploy",
        "token": "",
        "token_env": "",
        "provided_contents": ["extras.job"],
    } | overrides


def test_url_names_resolve_under_extras():
    assert reverse("extras:gitrepository_list") == "/extras/git-repositories/"
    assert reverse("extras:gitrepository_add") == "/extras/git-repositories/add/"
    for name in ("gitrepository", "gitrepository_edit", "gitrepository_delete", "gitrepository_sync"):
        reverse(f"extras:{name}", kwargs={"pk": "00000000-0000-0000-0000-000000000001"})


def test_adding_derives_the_slug_encrypts_the_token_and_queues_a_sync(admin_client, worker_heartbeat):
    response = admin_client.post(reverse("extras:gitrepository_add"), form_data(token=TOKEN), follow=True)
    repository = GitRepository.objects.get()
    assert response.redirect_chain[-1][0] == repository.get_absolute_url()
    assert repository.slug == "meraki-users" and repository.get_token() == TOKEN
    assert TOKEN not in repository.token_encrypted and TOKEN not in response.content.decode()
    result = JobResult.objects.get(git_repository=repository)
    assert result.status == Status.STATUS_PENDING and repository.last_sync_result == result
    assert "Repository Meraki Users sync job added to queue." in response.content.decode()


def test_adding_without_a_worker_saves_and_says_it_was_not_synced(admin_client):
    response = admin_client.post(reverse("extras:gitrepository_add"), form_data(), follow=True)
    assert GitRepository.objects.filter(slug="meraki-users").exists()
    assert not JobResult.objects.exists()
    assert "No celery workers running on queue default" in response.content.decode()


def test_bad_input_re_renders_with_field_errors_and_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("extras:gitrepository_add"),
        form_data(
            remote_url="https://u:pw@example.com/r.git", token_env="DATABASE_URL", branch="a..b", token=TOKEN
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"remote_url", "token_env", "branch"} <= set(form.errors)
    assert not GitRepository.objects.exists()
    assert TOKEN not in response.content.decode()  # the password box is not filled back in
    assert 'value="https://u:pw@example.com/r.git"' in response.content.decode()


def test_editing_keeps_a_blank_token_and_can_remove_it(admin_client, worker_heartbeat):
    repository = GitRepositoryFactory(username="deploy")
    repository.set_token(TOKEN)
    repository.save()
    url = reverse("extras:gitrepository_edit", kwargs={"pk": repository.pk})
    page = admin_client.get(url).content.decode()
    assert TOKEN not in page and "leave empty to keep it" in page
    data = form_data(name=repository.name, remote_url=repository.remote_url, username="deploy")
    admin_client.post(url, data | {"name": "Renamed"})
    repository.refresh_from_db()
    assert repository.name == "Renamed" and repository.get_token() == TOKEN
    assert not JobResult.objects.filter(git_repository=repository).exists()  # a rename needs no sync
    admin_client.post(url, data | {"name": "Renamed", "clear_token": "on"})
    repository.refresh_from_db()
    assert not repository.has_token
    assert JobResult.objects.filter(git_repository=repository).count() == 1


def test_the_slug_cannot_be_changed_by_editing(admin_client):
    repository = GitRepositoryFactory(slug="fixed")
    url = reverse("extras:gitrepository_edit", kwargs={"pk": repository.pk})
    admin_client.post(url, form_data(name=repository.name, slug="changed", remote_url=repository.remote_url))
    repository.refresh_from_db()
    assert repository.slug == "fixed"


def test_detail_shows_commit_status_and_the_latest_sync_log_but_never_the_token(admin_client):
    repository = GitRepositoryFactory(current_head="a" * 40)
    repository.set_token(TOKEN)
    repository.save()
    result = enqueue_sync(repository, require_worker=False, enqueue=False)
    JobLogEntry.objects.using(LIVE_ALIAS).create(
        job_result_id=result.pk,
        sequence=1,
        log_level="failure",
        grouping="jobs",
        message="Error in loading <b>",
    )
    page = admin_client.get(repository.get_absolute_url()).content.decode()
    assert "aaaaaaaaaaaa" in page and "Pending" in page
    assert "Error in loading &lt;b&gt;" in page  # escaped
    assert reverse("extras:gitrepository_sync", kwargs={"pk": repository.pk}) in page
    assert TOKEN not in page and repository.token_encrypted not in page
    result.mark_running("w")
    result.mark_finished(Status.STATUS_COMPLETED)
    page = admin_client.get(repository.get_absolute_url()).content.decode()
    assert page.count('text-bg-success">Completed</span>') == 3  # the field, the latest sync, the syncs table
    assert "Provides</th><td>Jobs" in page


def test_sync_button_posts_and_needs_change_permission(user_client, user, worker_heartbeat):
    repository = GitRepositoryFactory()
    url = reverse("extras:gitrepository_sync", kwargs={"pk": repository.pk})
    grant(user, GitRepository, ["view"])
    page = user_client.get(repository.get_absolute_url()).content.decode()
    assert url not in page
    assert user_client.post(url).status_code == 403
    assert user_client.get(url).status_code == 405
    grant(user, GitRepository, ["change"])
    response = user_client.post(url)
    assert response.status_code == 302 and response["Location"] == repository.get_absolute_url()
    assert JobResult.objects.filter(git_repository=repository, user=user).count() == 1


def test_pages_need_view_permission_and_respect_constraints(user_client, user):
    visible, hidden = GitRepositoryFactory(), GitRepositoryFactory()
    assert user_client.get(reverse("extras:gitrepository_list")).status_code == 403
    grant(user, GitRepository, ["view"], {"slug": visible.slug})
    page = user_client.get(reverse("extras:gitrepository_list")).content.decode()
    assert visible.name in page and hidden.name not in page
    assert user_client.get(hidden.get_absolute_url()).status_code == 404


def test_delete_confirms_then_deletes(admin_client):
    repository = GitRepositoryFactory()
    url = reverse("extras:gitrepository_delete", kwargs={"pk": repository.pk})
    assert "Are you sure" in admin_client.get(url).content.decode()
    admin_client.post(url)
    assert not GitRepository.objects.filter(pk=repository.pk).exists()


def test_the_list_costs_the_same_queries_for_3_or_30_repositories(
    admin_client, django_assert_max_num_queries
):
    def populate(count):
        for repository in GitRepositoryFactory.create_batch(count):
            enqueue_sync(repository, require_worker=False, enqueue=False)

    populate(3)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(reverse("extras:gitrepository_list")).status_code == 200
    populate(27)
    with django_assert_max_num_queries(len(few)):
        page = admin_client.get(reverse("extras:gitrepository_list")).content.decode()
    assert page.count("Pending") >= 30


def test_editing_the_remote_to_another_host_removes_the_token_with_a_message(admin_client, worker_heartbeat):
    repository = GitRepositoryFactory(username="deploy", remote_url="https://git.example.com/org/jobs.git")
    repository.set_token(TOKEN)
    repository.save()
    url = reverse("extras:gitrepository_edit", kwargs={"pk": repository.pk})
    data = form_data(
        name=repository.name, remote_url="https://attacker.example.net/jobs.git", username="deploy"
    )
    response = admin_client.post(url, data, follow=True)
    repository.refresh_from_db()
    assert repository.remote_url == "https://attacker.example.net/jobs.git"
    assert repository.token_encrypted == "" and repository.username == "" and not repository.has_token
    page = response.content.decode()
    assert "The remote moved to another host" in page and "token and username were removed" in page
    assert JobResult.objects.filter(git_repository=repository).count() == 1


def test_editing_the_remote_with_a_new_token_keeps_it_and_says_nothing(admin_client, worker_heartbeat):
    repository = GitRepositoryFactory(username="deploy", remote_url="https://git.example.com/org/jobs.git")
    repository.set_token(TOKEN)
    repository.save()
    url = reverse("extras:gitrepository_edit", kwargs={"pk": repository.pk})
    data = form_data(
        name=repository.name,
        remote_url="https://gitlab.example.net/jobs.git",
        username="deploy",
        token="new-1",
    )
    response = admin_client.post(url, data, follow=True)
    repository.refresh_from_db()
    assert repository.get_token() == "new-1" and repository.username == "deploy"
    assert "The remote moved" not in response.content.decode()


def test_the_token_variable_must_be_named_after_the_slug(admin_client):
    GitRepositoryFactory(name="Other", slug="other")
    response = admin_client.post(reverse("extras:gitrepository_add"), form_data(token_env="GIT_TOKEN_OTHER"))
    assert response.status_code == 200
    assert "must be named GIT_TOKEN_MERAKI_USERS" in response.context["form"].errors["token_env"][0]
    assert not GitRepository.objects.filter(slug="meraki-users").exists()
    response = admin_client.post(
        reverse("extras:gitrepository_add"), form_data(token_env="GIT_TOKEN_MERAKI_USERS")
    )
    assert response.status_code == 302
    assert GitRepository.objects.get(slug="meraki-users").token_env == "GIT_TOKEN_MERAKI_USERS"
