"""Job records: created disabled, refreshed from code, overrides kept, vanished jobs uninstalled."""

from __future__ import annotations

import pytest

from extras.engine.job_records import sync_job_records
from extras.models import Job
from tests.extras.engine.test_loading import JOB_TEMPLATE, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs_root(settings, tmp_path):
    (tmp_path / "__init__.py").write_text("")
    settings.JOBS_ROOT = tmp_path
    return tmp_path


def test_new_jobs_are_created_disabled_with_their_metadata(jobs_root):
    write(
        jobs_root / "alpha.py",
        JOB_TEMPLATE.format(display="Alpha jobs", cls="First", job_name="First job", output=""),
    )
    report = sync_job_records()
    job = Job.objects.get(class_path="local/alpha/First")
    assert report.created == [job]
    assert (job.enabled, job.installed, job.grouping, job.name) == (False, True, "Alpha jobs", "First job")
    assert (job.source, job.source_name, job.module_name, job.job_class_name) == (
        "local",
        "local",
        "alpha",
        "First",
    )
    assert job.has_sensitive_variables is True and job.commit_default is True


def test_enable_new_enables_only_newly_found_jobs(jobs_root):
    write(jobs_root / "alpha.py", JOB_TEMPLATE.format(display="A", cls="First", job_name="First", output=""))
    sync_job_records()
    write(jobs_root / "beta.py", JOB_TEMPLATE.format(display="B", cls="Second", job_name="Second", output=""))
    sync_job_records(enable_new=True)
    assert dict(Job.objects.values_list("job_class_name", "enabled")) == {"First": False, "Second": True}


def test_refresh_follows_the_code_except_for_overridden_fields(jobs_root):
    path = jobs_root / "alpha.py"
    write(path, JOB_TEMPLATE.format(display="A", cls="First", job_name="Old name", output=""))
    sync_job_records()
    Job.objects.filter(class_path="local/alpha/First").update(grouping="Pinned", grouping_override=True)
    write(path, JOB_TEMPLATE.format(display="Renamed module", cls="First", job_name="New name", output=""))
    sync_job_records()
    job = Job.objects.get(class_path="local/alpha/First")
    assert (job.name, job.grouping) == ("New name", "Pinned")


def test_vanished_jobs_are_marked_not_installed_never_deleted(jobs_root):
    path = jobs_root / "alpha.py"
    write(path, JOB_TEMPLATE.format(display="A", cls="First", job_name="First", output=""))
    sync_job_records()
    path.unlink()
    report = sync_job_records()
    job = Job.objects.get(class_path="local/alpha/First")
    assert report.uninstalled == [job]
    assert job.installed is False
    assert job.job_class is None


def test_jobs_of_a_module_that_stopped_importing_stay_installed(jobs_root):
    path = jobs_root / "alpha.py"
    write(path, JOB_TEMPLATE.format(display="A", cls="First", job_name="First", output=""))
    sync_job_records()
    write(path, "syntax error here")
    report = sync_job_records()
    assert [problem.module for problem in report.problems] == ["alpha"]
    assert Job.objects.get(class_path="local/alpha/First").installed is True


def test_lookup_by_uuid_class_path_and_name(jobs_root):
    write(
        jobs_root / "alpha.py",
        JOB_TEMPLATE.format(display="A", cls="First", job_name="Unique name", output=""),
    )
    sync_job_records()
    job = Job.objects.get()
    assert Job.objects.lookup(str(job.pk)) == job
    assert Job.objects.lookup("local/alpha/First") == job
    assert Job.objects.lookup("Unique name") == job
    with pytest.raises(Job.DoesNotExist):
        Job.objects.lookup("local/alpha/Missing")


def git_job(slug: str, module: str, cls: str) -> Job:
    return Job.objects.create(
        source="git",
        source_name=f"git.{slug}",
        module_name=module,
        job_class_name=cls,
        class_path=f"git.{slug}/{module}/{cls}",
        slug=f"{slug}-{module}-{cls}".replace(".", "-").lower(),
        grouping=slug,
        name=f"{slug} {module} {cls}",
    )


def test_lookup_by_the_nautobot_2_class_path_of_a_git_job(db):
    """Nautobot 2.x names a Git job `<repository slug>.jobs[.<module>].<Class>`."""
    in_package = git_job("net_jobs", "__init__", "Backup")
    in_module = git_job("net_jobs", "audits.vlans", "AuditVlans")
    other_repository = git_job("other", "audits.vlans", "AuditVlans")

    assert Job.objects.lookup("net_jobs.jobs.Backup") == in_package
    assert Job.objects.lookup("net_jobs.jobs.audits.vlans.AuditVlans") == in_module
    assert Job.objects.lookup("other.jobs.audits.vlans.AuditVlans") == other_repository
    with pytest.raises(Job.DoesNotExist):
        Job.objects.lookup("missing.jobs.Backup")
