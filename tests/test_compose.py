"""docker-compose.yml matches the code: variables the settings read, commands that exist, paths on volumes.

No Docker engine runs here, so these checks are what keeps the file honest; `docker-compose config` (Compose
v1, which validates offline) runs too when it is installed, as it is in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from importlib import import_module
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from django.conf import settings
from django.urls import resolve

from jobsplatform.env import database_from_url

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, service in SERVICES.items() if "build" in service]
REQUIRED = {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DATA_DIR", "JOBS_ROOT", "GIT_ROOT"}
READ_CALL = re.compile(r"""(?:env_\w+\(|os\.environ\.get\(|os\.environ\[)\s*["']([A-Z][A-Z0-9_]*)["']""")


def variables_the_settings_read() -> set[str]:
    sources = [ROOT / "jobsplatform" / "settings.py", ROOT / "jobsplatform" / "env.py"]
    return {name for source in sources for name in READ_CALL.findall(source.read_text())}


def interpolate(value: str) -> str:
    """Resolve `${VAR:-default}` to its default and `${VAR:?message}` / `${VAR}` to a stand-in value."""
    value = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))
    return re.sub(r"\$\{\w+(:\?[^}]*)?\}", "set-by-operator", value)


def environment(service: str) -> dict[str, str]:
    return {name: interpolate(value) for name, value in SERVICES[service].get("environment", {}).items()}


def command(service: str) -> list[str]:
    value = SERVICES[service]["command"]
    return value.split() if isinstance(value, str) else value


def test_the_app_runs_as_web_worker_beat_and_a_migrate_step():
    assert set(APP_SERVICES) == {"migrate", "web", "worker", "worker-priority", "beat"}
    assert {"postgres", "redis"} <= set(SERVICES)


def test_app_services_set_only_variables_the_settings_read():
    read = variables_the_settings_read()
    assert read >= REQUIRED, "the scan of settings.py missed variables it is known to read"
    for service in APP_SERVICES:
        unknown = set(environment(service)) - read
        assert not unknown, f"{service} sets {sorted(unknown)}, which settings.py never reads"


@pytest.mark.parametrize("service", ["migrate", "web", "worker", "worker-priority", "beat"])
def test_every_required_variable_is_set(service):
    assert set(environment(service)) >= REQUIRED


def test_database_and_broker_point_at_the_compose_services():
    env = environment("web")
    database = database_from_url(env["DATABASE_URL"])
    broker = urlparse(env["CELERY_BROKER_URL"])

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "postgres"
    assert database["NAME"] == SERVICES["postgres"]["environment"]["POSTGRES_DB"]
    assert database["USER"] == SERVICES["postgres"]["environment"]["POSTGRES_USER"]
    assert (broker.scheme, broker.hostname) == ("redis", "redis")


def test_every_data_path_is_on_a_named_volume():
    env = environment("worker")
    for service in APP_SERVICES:
        mounts = {mount.split(":")[1]: mount.split(":")[0] for mount in SERVICES[service]["volumes"]}
        for variable in ("DATA_DIR", "JOBS_ROOT", "GIT_ROOT"):
            assert mounts.get(env[variable]) in COMPOSE["volumes"], (
                f"{service}: {variable} is not on a volume"
            )


def test_web_serves_the_wsgi_application_and_checks_the_health_url():
    module, attribute = next(arg for arg in command("web") if ":application" in arg).split(":")
    healthcheck = " ".join(SERVICES["web"]["healthcheck"]["test"])
    health_path = urlparse(re.search(r"http://[^'\"]+", healthcheck).group(0)).path

    assert command("web")[0] == "gunicorn"
    assert callable(getattr(import_module(module), attribute))
    assert resolve(health_path).url_name == "healthz"


@pytest.mark.parametrize(
    "service, subcommand", [("worker", "worker"), ("worker-priority", "worker"), ("beat", "beat")]
)
def test_celery_services_run_the_project_app(service, subcommand):
    args = command(service)
    app_module = args[args.index("-A") + 1]

    assert args[0] == "celery" and subcommand in args
    assert import_module(f"{app_module}.celery").app.main == app_module


def test_the_worker_consumes_the_queue_tasks_are_sent_to():
    args = command("worker")

    assert args[args.index("-Q") + 1] == settings.CELERY_TASK_DEFAULT_QUEUE


def test_a_second_worker_consumes_a_named_job_queue_under_its_own_node_name():
    args = command("worker-priority")
    queue = args[args.index("-Q") + 1]
    node = args[args.index("-n") + 1]

    assert queue != settings.CELERY_TASK_DEFAULT_QUEUE and queue.isidentifier()
    assert node.startswith(f"{queue}@")  # two workers on one host need distinct node names
    assert f"-d {queue}@$$HOSTNAME" in " ".join(SERVICES["worker-priority"]["healthcheck"]["test"])


def test_migrate_step_migrates_before_the_others_start():
    assert "manage.py migrate" in " ".join(command("migrate"))
    for service in ("web", "worker", "worker-priority", "beat"):
        assert SERVICES[service]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_compose_v1_accepts_the_file():
    binary = shutil.which("docker-compose")
    if binary is None:
        # CI installs it (.ci/run), so there a missing binary is a failure; on a laptop it is only a skip.
        assert not os.environ.get("CI"), "docker-compose must be installed in CI (.ci/run installs it)"
        pytest.skip("docker-compose (Compose v1) is not installed; .ci/run installs it to validate the file")
    done = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        env={**os.environ, "SECRET_KEY": "validation-only"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_the_image_defaults_match_the_compose_paths():
    dockerfile = (ROOT / "Dockerfile").read_text()
    env = environment("web")
    for variable in ("DATA_DIR", "JOBS_ROOT", "GIT_ROOT"):
        assert re.search(rf"\b{variable}={re.escape(env[variable])}\b", dockerfile), variable
    assert "EXPOSE 8080" in dockerfile and "jobsplatform.wsgi:application" in dockerfile


def test_the_image_builds_the_docs_site_where_the_app_serves_it():
    """The image's docs stage runs what `make docs` runs, from the `docs` extra, into settings.DOCS_SITE_DIR."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    served_at = Path("/app") / Path(settings.DOCS_SITE_DIR).relative_to(settings.BASE_DIR)

    assert "docs" in extras and any(requirement.startswith("mkdocs") for requirement in extras["docs"])
    assert "['optional-dependencies']['docs']" in dockerfile
    assert "COPY pyproject.toml mkdocs.yml ./" in dockerfile and "COPY docs ./docs" in dockerfile
    assert re.search(r"mkdocs build --strict --site-dir /site\b", dockerfile)
    assert f"COPY --from=docs /site {served_at}" in dockerfile
    assert "WORKDIR /app" in dockerfile
