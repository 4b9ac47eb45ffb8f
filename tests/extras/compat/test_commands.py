"""`runjob module.Class` and NetBox's `runscript` on the dialect files: output, effects and exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dcim.models import Device, Site
from tests.extras.compat.conftest import branch_input
from tests.factories.users import SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def command(name: str, *args) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_runjob_runs_a_nautobot_job_named_module_dot_class(fixture_jobs, inventory):
    SuperuserFactory(username="admin")
    data = json.dumps(branch_input(inventory))

    output = command(
        "runjob", "--local", "--username", "admin", "--commit", "--data", data, "nautobot_branch.NewBranch"
    )

    assert "[run] success: Branch 9: Created new site" in output
    assert "local/nautobot_branch/NewBranch: COMPLETED" in output
    assert Device.objects.filter(site__slug="branch-9").count() == 2


def test_runscript_runs_a_netbox_script_as_the_first_superuser(fixture_jobs, inventory):
    SuperuserFactory(username="admin")
    data = json.dumps(branch_input(inventory, "Branch 20", 1))

    output = command("runscript", "--commit", "--data", data, "netbox_branch.NewBranchScript")

    assert output.startswith("Running as admin (the first superuser; --user chooses another).")
    assert "[run] success: Created new site: Branch 20" in output
    assert "local/netbox_branch/NewBranchScript: COMPLETED" in output
    assert Site.objects.get(slug="branch-20").status == "planned"


def test_runscript_without_commit_rolls_back(fixture_jobs, inventory):
    SuperuserFactory()
    output = command(
        "runscript", "--data", json.dumps(branch_input(inventory)), "netbox_branch.NewBranchScript"
    )

    assert "Database changes have been reverted automatically." in output
    assert not Site.objects.exists()


def test_runscript_loglevel_hides_lower_levels(fixture_jobs, inventory):
    SuperuserFactory()
    data = json.dumps(branch_input(inventory))

    output = command("runscript", "--loglevel", "warning", "--data", data, "netbox_branch.NewBranchScript")

    assert "success: Created new site" not in output
    assert "run: 3 success" in output  # the summary still counts every line


def test_runscript_exits_one_when_the_report_finds_failures(fixture_jobs, inventory):
    from tests.factories import dcim as f

    f.ConsolePortFactory(device=f.DeviceFactory())
    user = UserFactory(username="auditor")
    from extras.models import Job
    from tests.factories.users import grant

    grant(user, Job, ["view", "run"])

    with pytest.raises(CommandError, match="DeviceConnectionsCheck: FAILED") as error:
        command("runscript", "--user", "auditor", "netbox_reports.DeviceConnectionsCheck")
    assert error.value.returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", '{"switch_count": "many"}', "netbox_branch.NewBranchScript"], "switch_count:"),
        (["--user", "ghost", "netbox_branch.NewBranchScript"], "No such user: ghost"),
        (["netbox_branch.NoSuchScript"], 'Job "netbox_branch.NoSuchScript" not found'),
    ],
)
def test_runscript_usage_and_input_errors_exit_two(fixture_jobs, inventory, args, message):
    SuperuserFactory()
    with pytest.raises(CommandError, match=message) as error:
        command("runscript", *args)
    assert error.value.returncode == 2
