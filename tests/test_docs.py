"""The documentation site keeps its promises: every code sample runs, every command and path it names exists.

Python samples compile; a job file (a sample an author could save into JOBS_ROOT) is discovered by the real
loader and run through the runner with the input its scenario below gives, and must end as documented.
Shell samples: `manage.py` commands exist and accept the options shown, `make` targets exist, `curl` URLs
resolve to a view that takes the method, and the files and test paths they name exist. The built site loads
nothing from the network.
"""

from __future__ import annotations

import re
import shutil
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import get_commands, load_command_class
from django.urls import resolve
from django.utils import timezone

from dcim.choices import DEFAULT_STATUSES
from dcim.models import Device, Site
from extras.choices import JobResultStatusChoices as Status
from extras.engine.job_records import sync_job_records
from extras.engine.loading import loader
from extras.models import FileProxy, Job, ObjectChange
from tests.docs_site import (
    DOCS,
    PAGES,
    ROOT,
    SHELL_LANGUAGES,
    Sample,
    external_asset_references,
    inline_code,
    is_job_file,
    job_classes,
    samples,
    shell_commands,
)
from tests.extras.compat.conftest import log_lines, run_here
from tests.factories import dcim as f
from tests.factories.users import SuperuserFactory
from tests.test_compose import variables_the_settings_read

PYTHON_SAMPLES = samples("python")
JOB_FILES = [sample for sample in PYTHON_SAMPLES if is_job_file(sample)]
SHELL_SAMPLES = samples(*SHELL_LANGUAGES)
SAMPLE_UUID = str(uuid.UUID(int=1))


def ids(items) -> list[str]:
    return [str(item) for item in items]


# --- Python samples ------------------------------------------------------------------------------------
@pytest.mark.parametrize("sample", PYTHON_SAMPLES, ids=ids(PYTHON_SAMPLES))
def test_every_python_sample_compiles(sample: Sample):
    compile(sample.source, str(sample), "exec")


def test_the_docs_have_job_files_to_run():
    assert {sample.job_module_name for sample in JOB_FILES} >= {"hello", "buttons", "hooks"}


@dataclass
class Scenario:
    """How a documented job is run here: its input (built from the test's objects), commit, what it logs."""

    data: Callable[[dict], dict]
    expected: Callable[[dict], list[str]]
    commit: bool = False
    afterwards: Callable[[dict], bool] = field(default=lambda objects: True)


SCENARIOS: dict[str, Scenario] = {
    # writing-jobs.md: jobs/hello.py, a dry run on a site without devices.
    "Hello": Scenario(
        data=lambda o: {"site": str(o["site"].pk)},
        expected=lambda o: [f"Hello, {o['site']}!", "No devices at this site", "failed=False"],
    ),
    # bringing-your-jobs.md: the Nautobot 1.x job and the NetBox script, committed.
    "NewBranch": Scenario(
        data=lambda o: {"site_name": "Branch 9"},
        expected=lambda o: ["Created new site"],
        commit=True,
        afterwards=lambda o: Site.objects.filter(slug="b9", status__slug="planned").exists(),
    ),
    "NewBranchScript": Scenario(
        data=lambda o: {"site_name": "Branch 9"},
        expected=lambda o: ["Created new site: Branch 9"],
        commit=True,
        afterwards=lambda o: Site.objects.filter(slug="b9", status__slug="planned").exists(),
    ),
    # writing-jobs.md: a report offered for download with create_file(), listing the one device.
    "DeviceReport": Scenario(
        data=lambda o: {},
        expected=lambda o: ["Wrote devices.csv ("],
        afterwards=lambda o: (
            bytes(FileProxy.objects.get(name="devices.csv").content)
            == f"name,site,status\r\nedge-1,{o['device'].site},{o['device'].status}\r\n".encode()
        ),
    ),
    # bringing-your-jobs.md: the Nautobot 2.x job, with dryrun off (its class default is a dry run).
    "RenameDevices": Scenario(
        data=lambda o: {"site": str(o["device"].site.pk), "prefix": "lab-", "dryrun": False},
        expected=lambda o: ["Renamed", f"Looked at every device of {o['device'].site}"],
        commit=True,
        afterwards=lambda o: Device.objects.filter(name="lab-edge-1").exists(),
    ),
    # user-guide/automation.md: a job button's and a job hook's receivers, with the input the platform gives.
    "ShowDevice": Scenario(
        data=lambda o: {"object_pk": str(o["device"].pk), "object_model_name": "dcim.device"},
        expected=lambda o: [f"{o['device'].name} is {o['device'].status}"],
    ),
    "AuditSite": Scenario(
        data=lambda o: {"object_change": str(o["change"].pk)},
        expected=lambda o: [f"{o['admin'].username} did update on {o['site']}"],
    ),
}


@pytest.fixture
def documented_objects(db) -> dict:
    for slug in DEFAULT_STATUSES:
        f.status(slug)
    admin = SuperuserFactory(username="docs-admin")
    site = f.SiteFactory(name="Berlin")
    change = ObjectChange.objects.create(
        action="update",
        changed_object_type=ContentType.objects.get_for_model(Site),
        changed_object_id=site.pk,
        object_repr=str(site),
        user=admin,
        user_name=admin.username,
        request_id=uuid.uuid4(),
        time=timezone.now(),
    )
    return {"admin": admin, "site": site, "device": f.DeviceFactory(name="edge-1"), "change": change}


@pytest.fixture
def docs_jobs_root(settings, tmp_path) -> Path:
    (tmp_path / "__init__.py").write_text("")
    settings.JOBS_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("sample", JOB_FILES, ids=ids(JOB_FILES))
def test_every_job_file_sample_loads_and_runs_as_documented(sample, docs_jobs_root, documented_objects):
    module = sample.job_module_name
    (docs_jobs_root / f"{module}.py").write_text(sample.source)

    discovered = {item.class_path for item in loader.discover()}
    assert [str(problem) for problem in loader.problems()] == []
    class_names = job_classes(sample)
    assert {f"local/{module}/{name}" for name in class_names} <= discovered

    sync_job_records(enable_new=True)
    for name in class_names:
        assert name in SCENARIOS, f"{sample} documents the job {name}: give it a Scenario in {__file__}"
        scenario = SCENARIOS[name]
        job = Job.objects.get(module_name=module, job_class_name=name)
        result, lines = run_here(job, scenario.data(documented_objects), commit=scenario.commit)
        messages = [message for _grouping, _level, message in lines]
        assert result.status == Status.STATUS_COMPLETED, log_lines(result)
        for expected in scenario.expected(documented_objects):
            assert any(expected in message for message in messages), (expected, messages)
        assert scenario.afterwards(documented_objects), f"{name} did not leave what {sample} says"


# --- Shell samples -------------------------------------------------------------------------------------
def without_assignments(argv: list[str]) -> list[str]:
    """`A=1 B=2 make test` → `make test`; a line that only sets variables (`TOKEN=<key>`) → []."""
    index = 0
    while index < len(argv) and re.match(r"^[A-Z_][A-Z0-9_]*=", argv[index]):
        index += 1
    return argv[index:]


SHELL_COMMANDS = [
    (sample, without_assignments(argv))
    for sample in SHELL_SAMPLES
    for argv in shell_commands(sample)
    if without_assignments(argv)
]


def command_ids() -> list[str]:
    return [f"{sample}:{' '.join(argv)[:60]}" for sample, argv in SHELL_COMMANDS]


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):", text, re.MULTILINE))


def check_manage_py(argv: list[str]) -> None:
    name, *options = argv[argv.index("manage.py") + 1 :]
    commands = get_commands()
    assert name in commands, f"manage.py has no command {name!r}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(options)
    except SystemExit as exit_:
        raise AssertionError(f"manage.py {name} refuses the options {options}") from exit_


def check_make(argv: list[str]) -> None:
    targets = [arg for arg in argv[1:] if not arg.startswith("-") and "=" not in arg]
    assert set(targets) <= makefile_targets(), f"the Makefile has no target {targets}"


def check_curl(argv: list[str]) -> None:
    [url] = [arg for arg in argv if arg.startswith(("http://", "https://"))]
    method = argv[argv.index("-X") + 1] if "-X" in argv else "GET"
    if method == "GET" and any(arg in argv for arg in ("-d", "--data")):
        method = "POST"
    path = re.sub(r"<[^>]+>", SAMPLE_UUID, urlsplit(url).path)
    match = resolve(path)
    view = match.func
    actions = getattr(view, "actions", None)
    if actions is not None:
        allowed = set(actions)
    else:
        view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
        allowed = {name for name in ("get", "post", "put", "patch", "delete") if hasattr(view_class, name)}
    assert method.lower() in allowed, f"{path} answers {sorted(allowed)}, not {method}"


@pytest.mark.parametrize(("sample", "argv"), SHELL_COMMANDS, ids=command_ids())
def test_every_shell_command_names_what_exists(sample, argv):
    program = argv[0]
    if "manage.py" in argv:
        check_manage_py(argv)
    elif program == "make":
        check_make(argv)
    elif program == "curl":
        check_curl(argv)
    elif program.startswith(".venv/bin/"):
        name = program.removeprefix(".venv/bin/")
        assert shutil.which(name, path=str(Path(sys.executable).parent)), f"{name} is not installed"
    elif program.startswith("./") or program.startswith(".ci/"):
        script = ROOT / program
        assert script.is_file(), program
        options = [arg for arg in argv[1:] if arg.startswith("--")]
        assert all(option in script.read_text() for option in options), (program, options)
    for path in (word for arg in argv for word in arg.split() if word.startswith("tests/")):
        assert (ROOT / path.split("::")[0]).exists(), f"{sample} names {path}, which does not exist"


def test_the_commands_checked_cover_every_kind_the_docs_use():
    programs = {argv[0] for _sample, argv in SHELL_COMMANDS}
    assert {"make", "curl", ".venv/bin/python", ".ci/run"} <= programs


# --- Prose ---------------------------------------------------------------------------------------------
REPOSITORY_PATH = re.compile(
    r"^(?:jobsplatform|core|users|dcim|ipam|extras|jobs|tests|bench|templates|static)/"
)
SAMPLE_FILES = {f"jobs/{sample.job_module_name}.py" for sample in JOB_FILES}


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(DOCS)) for page in PAGES])
def test_the_files_commands_and_targets_a_page_names_exist(page):
    targets, commands = makefile_targets(), get_commands()
    for code in inline_code(page):
        if REPOSITORY_PATH.match(code) and not re.search(r"[<*{ …]", code) and code not in SAMPLE_FILES:
            assert (ROOT / code).exists(), f"{page.name} names {code}, which does not exist"
        for target in re.findall(r"^make ([a-z][\w-]*)", code):
            assert target in targets, f"{page.name} names `make {target}`; the Makefile has no such target"
        for command in re.findall(r"manage\.py (\w+)", code):
            assert command in commands, f"{page.name} names `manage.py {command}`, which does not exist"


def test_every_setting_variable_is_documented():
    operations = (DOCS / "operations.md").read_text()
    undocumented = {name for name in variables_the_settings_read() if f"`{name}`" not in operations}

    assert not undocumented, f"add {sorted(undocumented)} to the Configuration table of docs/operations.md"


# --- The built site ------------------------------------------------------------------------------------
def test_the_site_builds_strictly_with_every_page(docs_site):
    built = {path.relative_to(docs_site) for path in docs_site.rglob("index.html")}
    expected = {page.relative_to(DOCS).with_suffix("") / "index.html" for page in PAGES}
    expected = {Path("index.html") if path.parent.name == "index" else path for path in expected}
    assert expected <= built


def test_the_built_site_loads_nothing_from_another_host(docs_site):
    assert external_asset_references(docs_site) == []


def test_the_scan_finds_assets_from_other_hosts(tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/a.css"><link rel="canonical" href="https://x.example/">'
        '<script src="//cdn.example/b.js"></script><img srcset="/local.png 1x, https://cdn.example/c.png 2x">'
        '<a href="https://example.com/">a link is not a load</a><script>load("https://cdn.example/d.js")</script>'
    )
    (tmp_path / "site.css").write_text(
        "@import 'https://fonts.example/e.css'; p { background: url(data:image/png;base64,xyz) }"
    )
    (tmp_path / "site.js").write_text(
        '// see https://example.com/docs\nthrow Error("needs Popper (https://popper.example)");'
        'fetch("https://api.example/f.json")'
    )

    assert sorted(external_asset_references(tmp_path)) == [
        "index.html: //cdn.example/b.js",
        "index.html: https://cdn.example/a.css",
        "index.html: https://cdn.example/c.png",
        "index.html: https://cdn.example/d.js",
        "site.css: https://fonts.example/e.css",
        "site.js: https://api.example/f.json",
    ]


def test_the_model_list_names_every_declared_model_with_its_import_path_module_and_endpoint():
    """docs/models.md's table: one row per declared model, its import path, its module file and its REST list."""
    from django.urls import reverse

    from core.declarations import declarations

    reverse("dcim-api:device-list")  # loads every app's routes, and so their declarations
    rows = [line for line in (DOCS / "models.md").read_text().splitlines() if line.startswith("| `")]
    checked = {declaration.model.__name__ for declaration in declarations()}
    assert {"Device", "Prefix", "VLAN", "VRF", "Circuit", "VirtualMachine", "Tenant"} <= checked
    missing = []
    for declaration in declarations():
        meta = declaration.model._meta
        endpoint = reverse(f"{meta.app_label}-api:{meta.model_name}-list")
        module = declaration.model.__module__.replace(".", "/") + ".py"
        wanted = (
            f"| `{declaration.model.__name__}`",
            f"`{meta.app_label}.models`",
            f"`{module}`",
            f"`{endpoint}`",
        )
        if not any(line.startswith(wanted[0]) and all(part in line for part in wanted[1:]) for line in rows):
            missing.append(" ".join(wanted))
    assert not missing, "docs/models.md has no row for:\n" + "\n".join(missing)
