"""JOBS_ROOT's requirements.txt: installed with pip from the package index into a folder of the local
source, importable by its jobs, never in place of the platform's own packages (issue 22).

xmltodict is not a dependency of the platform (the first test checks it): only the install makes it importable.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from extras.engine.loading import REQUIREMENTS_MODULE, JobLoader, use_package_dir
from extras.engine.requirements import MARKER, pinned_versions, prune_packages, uv_command
from tests.extras.engine.test_loading import write

PARSER_JOB = """
import idna
import xmltodict

from extras.jobs import Job


class Parse(Job):
    def run(self, data, commit):
        parsed = xmltodict.parse("<device><name>sw1</name></device>")
        return f"{parsed['device']['name']} {xmltodict.__version__} {idna.__version__} {idna.__file__}"
"""


@pytest.fixture
def local_source(settings, tmp_path):
    """An empty JOBS_ROOT and JOB_PACKAGES_ROOT; afterwards the local source's packages leave sys.path."""
    settings.JOBS_ROOT = tmp_path / "jobs"
    settings.JOB_PACKAGES_ROOT = tmp_path / "packages"
    settings.JOBS_ROOT.mkdir()
    yield settings.JOBS_ROOT
    use_package_dir("local", None)


def test_the_packages_of_jobs_root_requirements_import_and_the_platforms_own_win(local_source):
    assert importlib.util.find_spec("xmltodict") is None
    write(local_source / "requirements.txt", "xmltodict==0.13.0\nidna==3.6\n")
    write(local_source / "parser.py", PARSER_JOB)

    job_class = JobLoader().get_job_class("local/parser/Parse")

    assert job_class is not None
    name, xmltodict_version, idna_version, idna_file = job_class().run({}, False).split()
    assert (name, xmltodict_version) == ("sw1", "0.13.0")
    # idna 3.6 was installed for the source, but the platform's own idna is the one imported.
    assert idna_version == importlib.metadata.version("idna") != "3.6"
    assert not idna_file.startswith(str(local_source.parent / "packages"))
    [folder] = (local_source.parent / "packages" / "local").iterdir()
    assert sys.path[-1] == str(folder) and sys.modules["xmltodict"].__file__.startswith(str(folder))
    installed = (folder / ".jobsplatform-installed").read_text().split()
    assert installed == ["idna==3.6", "xmltodict==0.13.0"]


def test_a_requirement_that_cannot_be_installed_is_reported_with_pips_message(local_source):
    write(local_source / "requirements.txt", "jobsplatform-no-such-package-7f3a==1.0\n")
    write(local_source / "other.py", 'from extras.jobs import Job\n\n\nclass Other(Job):\n    """ok"""\n')
    loader = JobLoader()

    assert loader.get_job_class("local/other/Other") is not None  # the other modules still import
    [problem] = loader.load(loader.get_source("local")).problems
    assert problem.module == REQUIREMENTS_MODULE
    assert problem.path == str(local_source / "requirements.txt")
    assert "No matching distribution found for jobsplatform-no-such-package-7f3a" in problem.error
    assert not any(path.startswith(str(local_source.parent / "packages")) for path in sys.path)


def test_uv_installs_the_same_way_where_the_environment_has_no_pip(tmp_path):
    uv = Path(sys.executable).parent / "uv"  # `make install` puts uv in .venv
    (tmp_path / "requirements.txt").write_text("xmltodict==0.13.0\n")

    completed = subprocess.run(
        uv_command(str(uv), tmp_path / "target", tmp_path / "requirements.txt"),
        capture_output=True,
        text=True,
    )

    assert completed.returncode == 0, completed.stderr
    assert pinned_versions(tmp_path / "target") == ["xmltodict==0.13.0"]


def test_a_source_keeps_its_current_folder_and_the_newest_before_it(settings, tmp_path):
    settings.JOB_PACKAGES_ROOT = tmp_path
    folders = [tmp_path / "git_1" / name for name in ("oldest", "older", "newer", "current")]
    for age, folder in enumerate(folders):
        folder.mkdir(parents=True)
        (folder / MARKER).write_text("xmltodict==0.13.0\n")
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
    incomplete = tmp_path / "git_1" / ".partial.tmp"
    incomplete.mkdir()

    prune_packages(folders[0].parent / "older")

    assert sorted(path.name for path in (tmp_path / "git_1").iterdir()) == [
        ".partial.tmp",
        "current",
        "older",
    ]


@pytest.mark.django_db
def test_syncjobs_installs_jobs_root_requirements_and_prints_the_versions(local_source):
    write(local_source / "requirements.txt", "xmltodict==0.13.0\n")
    write(local_source / "parser.py", PARSER_JOB)
    output = io.StringIO()

    call_command("syncjobs", stdout=output, stderr=io.StringIO())

    assert f"Packages of local ({local_source / 'requirements.txt'}): xmltodict==0.13.0" in output.getvalue()
    assert "Created  local/parser/Parse" in output.getvalue()
