"""Nautobot 1.x and NetBox import paths resolve for job code, and never shadow a real installation."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

import dcim.choices
import dcim.models
import extras.choices
import extras.jobs
import extras.models
import ipam.models


def test_nautobot_job_paths_resolve_to_this_projects_classes():
    from nautobot.extras import jobs as nautobot_jobs
    from nautobot.extras.models import (
        GitRepository,
        JobButton,
        JobHook,
        JobResult,
        ObjectChange,
        Role,
        Status,
    )

    assert (JobButton, JobHook, ObjectChange, Role) == (
        extras.models.JobButton,
        extras.models.JobHook,
        extras.models.ObjectChange,
        dcim.models.Role,
    )
    assert nautobot_jobs.Job is extras.jobs.Job
    assert nautobot_jobs.ObjectVar is extras.jobs.ObjectVar
    assert (Status, JobResult, GitRepository) == (
        dcim.models.Status,
        extras.models.JobResult,
        extras.models.GitRepository,
    )
    assert importlib.import_module("nautobot.dcim.models").Device is dcim.models.Device
    assert importlib.import_module("nautobot.ipam.models").Prefix is ipam.models.Prefix
    assert (
        importlib.import_module("nautobot.dcim.choices").InterfaceTypeChoices
        is dcim.choices.InterfaceTypeChoices
    )
    assert importlib.import_module("nautobot.extras.choices").JobResultStatusChoices is (
        extras.choices.JobResultStatusChoices
    )
    assert importlib.import_module("nautobot.utilities.choices").ChoiceSet.__name__ == "ChoiceSet"
    assert importlib.import_module("nautobot.utilities.forms").DatePicker.input_type == "date"


def test_the_star_import_of_nautobot_jobs_gives_job_and_the_twelve_variables():
    namespace: dict = {}
    exec("from nautobot.extras.jobs import *", namespace)

    names = {name for name in namespace if not name.startswith("__")}
    assert names == {
        "Job",
        "StringVar",
        "TextVar",
        "IntegerVar",
        "BooleanVar",
        "ChoiceVar",
        "MultiChoiceVar",
        "ObjectVar",
        "MultiObjectVar",
        "FileVar",
        "IPAddressVar",
        "IPAddressWithMaskVar",
        "IPNetworkVar",
    }


def test_the_receivers_of_job_hooks_and_buttons_are_importable_by_name_but_not_by_star():
    names: dict = {}
    exec("from nautobot.extras.jobs import JobButtonReceiver, JobHookReceiver", names)
    star: dict = {}
    exec("from nautobot.extras.jobs import *", star)

    assert names["JobHookReceiver"] is extras.jobs.JobHookReceiver
    assert names["JobButtonReceiver"] is extras.jobs.JobButtonReceiver
    assert "JobHookReceiver" not in star and "JobButtonReceiver" not in star


def test_netbox_paths_resolve():
    from utilities.exceptions import AbortScript

    from extras.reports import Report
    from extras.scripts import Script
    from ipam.choices import IPAddressStatusChoices, PrefixStatusChoices
    from ipam.models import IPAddress, Prefix

    assert (IPAddress, Prefix) == (ipam.models.IPAddress, ipam.models.Prefix)
    assert PrefixStatusChoices.STATUS_CONTAINER == "container"
    assert IPAddressStatusChoices.STATUS_SLAAC == "slaac"
    assert issubclass(AbortScript, extras.jobs.AbortJob)
    assert issubclass(Script, extras.jobs.Job) and issubclass(Report, extras.jobs.Job)


def test_the_star_import_of_extras_scripts_gives_script_and_every_variable():
    namespace: dict = {}
    exec("from extras.scripts import *", namespace)

    for name in ("Script", "StringVar", "DecimalVar", "DateVar", "DateTimeVar", "ObjectVar", "IPNetworkVar"):
        assert name in namespace


def test_an_alias_is_a_module_of_its_own_name_and_leaves_the_real_module_alone():
    alias = importlib.import_module("nautobot.dcim.models")

    assert alias.__name__ == "nautobot.dcim.models"
    assert dcim.models.__name__ == "dcim.models"
    assert dcim.models.__spec__.name == "dcim.models"


def test_unknown_paths_under_the_served_packages_are_not_found():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("nautobot.dcim.tables")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("ipam.tables")
    with pytest.raises(ModuleNotFoundError):  # dcim.models is a package; its alias is not one
        importlib.import_module("nautobot.dcim.models.devices")


def run_python(code: str, tmp_path: Path, pythonpath: list[Path] = ()) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() in a fresh interpreter (a process of its own, as a worker is)."""
    script = tmp_path / "probe.py"
    script.write_text("import django\ndjango.setup()\n" + textwrap.dedent(code))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": os.pathsep.join([*map(str, pythonpath), str(settings.BASE_DIR)]),
    }
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_process_that_starts_django_can_import_the_paths(tmp_path):
    completed = run_python(
        """
        from nautobot.extras.jobs import Job
        from utilities.exceptions import AbortScript
        print(Job.__module__, AbortScript.__module__)
        """,
        tmp_path,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["extras.jobs.base", "extras.compat.netbox.exceptions"]


def test_a_real_nautobot_installation_is_never_shadowed(tmp_path):
    """A `nautobot` package on sys.path wins, and its missing submodules are not filled in from here."""
    real = tmp_path / "site" / "nautobot" / "extras"
    real.mkdir(parents=True)
    (real.parent / "__init__.py").write_text("REAL = True\n")
    (real / "__init__.py").write_text("")
    (real / "jobs.py").write_text("Job = 'the real one'\n")

    completed = run_python(
        """
        import nautobot
        from nautobot.extras.jobs import Job
        print(nautobot.REAL, Job)
        try:
            import nautobot.dcim.models
        except ModuleNotFoundError as error:
            print("missing", error.name)
        """,
        tmp_path,
        [tmp_path / "site"],
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == ["True the real one", "missing nautobot.dcim"]
