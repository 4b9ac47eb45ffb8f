"""The jobs list: grouped by source and module, newest run per job, hidden jobs, import errors, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from extras.engine.job_records import sync_job_records
from extras.models import Job
from tests.extras.ui.conftest import make_result
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

URL = reverse("extras:job_list")


def rows_by_module(response) -> dict[str, list[str]]:
    return {
        module.heading: [row.job.name for row in module.rows]
        for source in response.context["sources"]
        for module in source.modules
    }


def test_jobs_are_grouped_by_source_and_module_with_the_first_line_of_their_description(
    admin_client, fixture_jobs
):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert [source.label for source in response.context["sources"]] == ["Local jobs"]
    modules = rows_by_module(response)
    assert modules["Provisioning"] == ["Provision a site"]  # the module's `name` is the heading
    assert modules["Slow"] == ["Slow job", "Who am I"]  # without a `name`: the file name, made readable
    html = response.content.decode()
    assert "Creates a <strong>site</strong> for a new branch." in html
    assert "A dry run (the default) changes nothing." not in html  # only the first line


def test_hidden_and_uninstalled_jobs_are_listed_only_on_request(admin_client, fixture_jobs):
    Job.objects.filter(pk=fixture_jobs["PassingJob"].pk).update(installed=False)
    names = lambda response: [name for names in rows_by_module(response).values() for name in names]  # noqa: E731
    listed = names(admin_client.get(URL))
    assert "Full meta job" not in listed  # its Meta says hidden
    assert "Passing job" not in listed
    assert "Full meta job" in names(admin_client.get(URL, {"hidden": "1"}))
    assert "Passing job" in names(admin_client.get(URL, {"uninstalled": "1"}))
    assert names(admin_client.get(URL, {"q": "slow j"})) == ["Slow job"]


def test_each_job_shows_its_newest_run_with_status_time_and_user(admin_client, superuser, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    make_result(job, status=Status.STATUS_FAILED)
    newest = make_result(job, user=superuser, status=Status.STATUS_RUNNING)
    response = admin_client.get(URL)
    row = next(
        row
        for source in response.context["sources"]
        for module in source.modules
        for row in module.rows
        if row.job == job
    )
    assert row.latest_result == newest
    html = response.content.decode()
    assert newest.get_absolute_url() in html and f"by {superuser.username}" in html
    assert 'data-status="running"' in html
    assert "Never" in html  # jobs without runs


def test_the_list_costs_the_same_queries_for_few_or_many_jobs_and_runs(
    admin_client, fixture_jobs, django_assert_max_num_queries
):
    for job in list(fixture_jobs.values())[:2]:
        make_result(job)
    with django_assert_max_num_queries(10) as few:
        admin_client.get(URL)
    for job in fixture_jobs.values():
        for _ in range(3):
            make_result(job)
        Job.objects.create(
            **{field: getattr(job, field) for field in ("source", "source_name", "module_name", "grouping")},
            job_class_name=f"{job.job_class_name}Copy",
            class_path=f"{job.class_path}Copy",
            slug=f"{job.slug}-copy",
            name=f"{job.name} copy",
        )
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = admin_client.get(URL)
    assert sum(len(module.rows) for source in response.context["sources"] for module in source.modules) > 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_constrained_user_sees_only_permitted_jobs_and_run_buttons_follow_the_run_permission(
    client, fixture_jobs
):
    user = UserFactory()
    grant(user, Job, ["view"], constraints={"module_name": "slow"})
    grant(user, Job, ["run"], constraints={"job_class_name": "SlowJob"})
    client.force_login(user)
    response = client.get(URL)
    assert rows_by_module(response) == {"Slow": ["Slow job", "Who am I"]}
    html = response.content.decode()
    assert '<span class="visually-hidden"> Slow job</span>' in html
    assert '<span class="visually-hidden"> Who am I</span>' not in html
    assert "Edit<span" not in html  # no change permission


def test_the_list_needs_the_view_permission(user_client):
    assert user_client.get(URL).status_code == 403


def test_import_errors_are_shown_to_job_managers_only(client, settings, tmp_path):
    (tmp_path / "good.py").write_text(
        "from extras.jobs import Job\n\nclass Good(Job):\n    def run(self, data, commit):\n        return 1\n"
    )
    (tmp_path / "broken.py").write_text("import not_a_module_anywhere\n")
    (tmp_path / "__init__.py").write_text("")
    settings.JOBS_ROOT = tmp_path
    sync_job_records(enable_new=True)
    viewer, manager = UserFactory(), UserFactory()
    grant(viewer, Job, ["view"])
    grant(manager, Job, ["view", "change"])

    client.force_login(viewer)
    html = client.get(URL).content.decode()
    assert "Good" in html and "could not be imported" not in html

    client.force_login(manager)
    html = client.get(URL).content.decode()
    assert "1 job module could not be imported" in html
    assert "broken.py" in html and "ModuleNotFoundError" in html
