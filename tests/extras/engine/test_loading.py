"""Discovery: class paths, module names, import errors that hide nothing, reload on change."""

from __future__ import annotations

import os
import socket
import textwrap
import threading
import time

import pytest

from extras.engine.loading import loader

JOB_TEMPLATE = """
from extras.jobs import Job

name = "{display}"


class {cls}(Job):
    class Meta:
        name = "{job_name}"

    def run(self, data, commit):
        return "{output}"
"""


def write(path, text: str) -> None:
    path.write_text(textwrap.dedent(text))
    # Make each write visible to the fingerprint even within one mtime tick.
    stamp = time.time() + getattr(write, "bump", 0)
    write.bump = getattr(write, "bump", 0) + 1
    os.utime(path, (stamp, stamp))


@pytest.fixture
def jobs_root(settings, tmp_path):
    (tmp_path / "__init__.py").write_text("")
    settings.JOBS_ROOT = tmp_path
    return tmp_path


def test_every_job_class_in_every_module_is_found_with_its_class_path(jobs_root):
    write(
        jobs_root / "alpha.py",
        JOB_TEMPLATE.format(display="Alpha jobs", cls="First", job_name="First", output="1"),
    )
    write(
        jobs_root / "beta.py",
        JOB_TEMPLATE.format(display="Beta jobs", cls="Second", job_name="Second", output="2"),
    )
    found = {item.class_path: item.module_display_name for item in loader.discover()}
    assert found == {"local/alpha/First": "Alpha jobs", "local/beta/Second": "Beta jobs"}


def test_a_module_that_fails_to_import_is_reported_and_hides_nothing(jobs_root):
    write(
        jobs_root / "good.py", JOB_TEMPLATE.format(display="Good", cls="Good", job_name="Good", output="ok")
    )
    write(jobs_root / "broken.py", "from extras.jobs import Job\n\nclass Broken(Job)\n    pass\n")
    assert [item.class_path for item in loader.discover()] == ["local/good/Good"]
    [problem] = loader.problems()
    assert problem.path.endswith("broken.py")
    assert problem.error.startswith("SyntaxError")


@pytest.mark.parametrize("modules", [[], ["plain"]])
def test_a_jobs_root_without_init_py_is_loaded_too(settings, tmp_path, modules):
    """Defect: a folder without `__init__.py` (an empty one too, on a worker whose jobs all come from Git)
    failed to load at all, and every worker logged the error at its start."""
    settings.JOBS_ROOT = tmp_path
    for module in modules:
        write(
            tmp_path / f"{module}.py", JOB_TEMPLATE.format(display="P", cls="Plain", job_name="P", output="p")
        )
    assert [item.class_path for item in loader.discover()] == [f"local/{module}/Plain" for module in modules]
    assert loader.problems() == []


def test_changed_code_is_picked_up_without_a_restart(jobs_root):
    path = jobs_root / "changing.py"
    write(path, JOB_TEMPLATE.format(display="C", cls="Changing", job_name="Changing", output="old"))
    old_class = loader.get_job_class("local/changing/Changing")
    write(path, JOB_TEMPLATE.format(display="C", cls="Changing", job_name="Changing", output="new"))
    new_class = loader.get_job_class("local/changing/Changing")
    assert new_class().run({}, False) == "new"
    # A class already handed out (a running job) keeps working with its own code.
    assert old_class().run({}, False) == "old"


def test_a_broken_edit_keeps_the_previous_code_until_it_is_fixed(jobs_root):
    path = jobs_root / "edited.py"
    write(path, JOB_TEMPLATE.format(display="E", cls="Edited", job_name="Edited", output="v1"))
    assert loader.get_job_class("local/edited/Edited")().run({}, False) == "v1"
    write(path, "this is not python")
    assert loader.get_job_class("local/edited/Edited")().run({}, False) == "v1"
    assert [problem.module for problem in loader.problems()] == ["edited"]


def test_modules_of_one_source_may_import_each_other(jobs_root):
    write(jobs_root / "helpers.py", "GREETING = 'hello from a helper'\n")
    write(
        jobs_root / "uses_helper.py",
        """
        from extras.jobs import Job
        from .helpers import GREETING


        class UsesHelper(Job):
            def run(self, data, commit):
                return GREETING
        """,
    )
    assert loader.get_job_class("local/uses_helper/UsesHelper")().run({}, False) == "hello from a helper"


def test_a_package_of_jobs_root_offers_the_jobs_its_init_registers_from_its_submodules(jobs_root):
    """Nautobot 2.x layout: `my_jobs/math.py` holds AddJob, `my_jobs/__init__.py` registers it, and a
    submodule imports another (absolutely and relatively); the job is `local/my_jobs.math/AddJob`."""
    package = jobs_root / "my_jobs"
    package.mkdir()
    write(package / "numbers.py", "def add(a, b):\n    return a + b\n")
    write(
        package / "math.py",
        """
        from nautobot.apps.jobs import IntegerVar, Job

        from my_jobs.numbers import add as absolute_add

        from .numbers import add


        class AddJob(Job):
            a = IntegerVar()
            b = IntegerVar()

            def run(self, *, a, b):
                return add(a, b) + absolute_add(0, 0)


        class Unregistered(Job):
            def run(self):
                pass
        """,
    )
    write(
        package / "__init__.py",
        """
        from nautobot.apps.jobs import register_jobs

        from .math import AddJob

        register_jobs(AddJob)
        """,
    )

    found = {item.class_path for item in loader.discover()}

    assert found == {"local/my_jobs.math/AddJob"}
    assert [str(problem) for problem in loader.problems()] == []
    job = loader.get_job_class("local/my_jobs.math/AddJob")()
    assert job.invoke_run({"a": 2, "b": 3}, commit=False) == 5


def test_job_modules_cannot_shadow_platform_modules(jobs_root):
    write(
        jobs_root / "dcim.py", JOB_TEMPLATE.format(display="D", cls="Shadow", job_name="Shadow", output="x")
    )
    loader.discover()
    import dcim

    assert hasattr(dcim, "models")
    assert loader.get_job_class("local/dcim/Shadow") is not None


@pytest.mark.parametrize("class_path", ["local/nope/Nope", "nope/x/Y", "not-a-class-path", "local/alpha/os"])
def test_unknown_class_paths_resolve_to_none(jobs_root, class_path):
    write(jobs_root / "alpha.py", JOB_TEMPLATE.format(display="A", cls="First", job_name="First", output="1"))
    assert loader.get_job_class(class_path) is None


class HangingRemote:
    """An HTTP "Git server" that accepts connections and answers nothing until released: a fetch that
    takes as long as the test wants (the real one may take minutes over a slow link)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.connected = threading.Event()
        self.released = threading.Event()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/slow.git"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        with self.listener:
            connection, _ = self.listener.accept()
            self.connected.set()
            self.released.wait()
            connection.close()


def test_a_slow_fetch_of_one_repository_blocks_neither_local_jobs_nor_other_repositories(
    jobs_root, settings, tmp_path
):
    from extras.git.sources import GitJobSource
    from extras.models import GitRepository
    from tests.extras.git.helpers import RemoteRepository, version_job

    settings.GIT_ROOT = tmp_path / "git"
    write(jobs_root / "alpha.py", JOB_TEMPLATE.format(display="A", cls="First", job_name="First", output="1"))
    other = RemoteRepository(tmp_path / "other")
    head = other.push({"jobs/__init__.py": "", "jobs/version.py": version_job("other")})
    fast = GitRepository(name="Fast", slug="fast", remote_url=other.url, current_head=head)
    hanging = HangingRemote()
    slow = GitRepository(name="Slow", slug="slow", remote_url=hanging.url, current_head="a" * 40)

    slow_outcome = []
    slow_lookup = threading.Thread(target=lambda: slow_outcome.append(loader.load(GitJobSource(slow))))
    slow_lookup.start()
    found = {}

    def other_lookups():
        found["local"] = loader.resolve("local/alpha/First").job_class
        found["fast"] = loader.load(GitJobSource(fast)).modules

    try:
        assert hanging.connected.wait(60), "git never reached the slow remote"
        # The slow repository is now fetching inside the loader; the other lookups must not wait for it.
        others = threading.Thread(target=other_lookups)
        others.start()
        others.join(60)  # a safety net so that a regression fails instead of hanging for minutes
        assert not others.is_alive(), "a lookup waited for another repository's fetch"
        assert slow_lookup.is_alive() and not slow_outcome  # the slow fetch was still going on
        assert found["local"] is not None and "version" in found["fast"]
    finally:
        hanging.released.set()
        slow_lookup.join(60)
    [outcome] = slow_outcome
    assert (
        outcome.fingerprint is None and "Could not check out commit aaaaaaaaaaaa" in outcome.problems[0].error
    )
