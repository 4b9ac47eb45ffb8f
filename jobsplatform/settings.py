"""All settings of jobsplatform, read from the environment in this one place.

Defaults give the embedded set-up: a PostgreSQL server from a pip package and a filesystem Celery
broker, both inside DATA_DIR, so one machine with Python runs everything. Production points
DATABASE_URL at its PostgreSQL and CELERY_BROKER_URL at Redis.
"""

from __future__ import annotations

import os
from pathlib import Path

from jobsplatform.env import (
    api_version_setting,
    database_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    secret_key,
)
from launcher.embedded_postgres import EmbeddedPostgres

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Paths -----------------------------------------------------------------------------------------
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
JOBS_ROOT = Path(env_str("JOBS_ROOT", str(BASE_DIR / "jobs"))).resolve()
GIT_ROOT = Path(env_str("GIT_ROOT", str(DATA_DIR / "git"))).resolve()
# Each job source's requirements.txt is installed here, one folder per source and content (extras.engine.requirements).
JOB_PACKAGES_ROOT = Path(env_str("JOB_PACKAGES_ROOT", str(DATA_DIR / "job-packages"))).resolve()

# --- Core ------------------------------------------------------------------------------------------
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_TZ = True
LANGUAGE_CODE = "en-us"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "jobsplatform.urls"
WSGI_APPLICATION = "jobsplatform.wsgi.application"
AUTH_USER_MODEL = "users.User"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "taggit",
    "core",
    "users",
    "launcher",
    "dcim",
    "ipam",
    "tenancy",
    "circuits",
    "virtualization",
    "extras",
]

MIDDLEWARE = [
    "core.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "extras.changes.middleware.ChangeLoggingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.APIVersionMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
# Without DATABASE_URL the platform runs its own PostgreSQL in DATA_DIR/postgres (launcher/embedded_postgres.py),
# started by `manage.py serve` (make run), `manage.py database start` and the test suite.
EMBEDDED_DATABASE = None if DATABASE_URL else EmbeddedPostgres(DATA_DIR / "postgres")
if EMBEDDED_DATABASE is None:
    DATABASES = {"default": database_from_url(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
else:
    DATABASES = {"default": EMBEDDED_DATABASE.database_settings(conn_max_age=CONN_MAX_AGE)}
# Log lines and heartbeats are written on a second connection to the same database (the `job_logs`
# alias), so they commit outside a job's transaction: visible while it runs, kept after a rollback.
DATABASES["job_logs"] = dict(DATABASES["default"])
DATABASE_ROUTERS = ["extras.routers.JobLogsRouter"]

# --- Authentication --------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["users.backends.ObjectPermissionBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Paths under these prefixes answer for themselves (the API returns 403 JSON, not a login redirect).
LOGIN_EXEMPT_PREFIXES = ["/login/", "/static/", "/api/", "/healthz/", "/favicon.ico"]

# --- Static files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from STATICFILES_DIRS when collectstatic was not run.

# --- Documentation ---------------------------------------------------------------------------------
# The MkDocs site built by `make docs` (and `make run`, `make test`, the Docker image), served at /docs/.
DOCS_SITE_DIR = BASE_DIR / "var" / "docs-site"

# --- REST API --------------------------------------------------------------------------------------
API_VERSION = "1.3"
# Nautobot 1.x's versions, then the 2.x/3.x versions answered in Nautobot 2.x's shapes (extras/api/v2/).
API_VERSIONS_ALLOWED = ["1.2", "1.3", "2.0", "2.1", "2.2", "2.3", "2.4", "3.0", "3.1"]
# The version of a request that names none: 1.2 as Nautobot 1.x (pynautobot 1.x relies on it); "2.4" makes
# the 2.x dialect the default (pynautobot 2.x/3.x scripts that do not pass api_version).
API_VERSION_DEFAULT = api_version_setting("JOBS_API_DEFAULT_VERSION", "1.2", API_VERSIONS_ALLOWED)
PAGINATE_COUNT = env_int("PAGINATE_COUNT", 50)
# An unknown filter parameter on a list is a 400 naming it (core/api/filter_backend.py); false ignores it.
STRICT_FILTERING = env_bool("STRICT_FILTERING", True)
# NetBox's setting: refuse a duplicate IP address in the global table (a VRF decides by its enforce_unique).
ENFORCE_GLOBAL_UNIQUE = env_bool("ENFORCE_GLOBAL_UNIQUE", True)
MAX_PAGE_SIZE = env_int("MAX_PAGE_SIZE", 1000)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "users.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.TokenPermissions"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": PAGINATE_COUNT,
    "DEFAULT_FILTER_BACKENDS": ["core.api.filter_backend.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_VERSIONING_CLASS": "core.api.versioning.APIVersioning",
    "DEFAULT_VERSION": API_VERSION_DEFAULT,
    "ALLOWED_VERSIONS": API_VERSIONS_ALLOWED,
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    # Decimals (a device's rack position, a device type's height) read as JSON numbers, as in NetBox.
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jobsplatform API",
    "DESCRIPTION": "Jobs, results, schedules and the inventory they work on.",
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from the app's own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "JobResultStatusEnum": "extras.choices.JobResultStatusChoices.CHOICES",
        "CableStatusEnum": "dcim.choices.CableStatusChoices.CHOICES",
        "InterfaceTypeEnum": "dcim.choices.InterfaceTypeChoices.CHOICES",
        "PortTypeEnum": "dcim.choices.PortTypeChoices.CHOICES",
    },
}

# --- Celery ----------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = DATA_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        # The transport's default of 1 s would add a second to every run; 10 ms costs <1 % of a core.
        "polling_interval": env_float("CELERY_BROKER_POLLING_INTERVAL", 0.01),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        # Publishing a run retries a broker that is down twice within half a second, then gives up, so
        # the submitter gets an answer at once (kombu's default keeps a request waiting for seconds).
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        # A broker that vanishes without closing the connection (its host cut off, a failover) fails a
        # publish within seconds instead of keeping the request waiting forever for a reply.
        "socket_timeout": 3.0,
        "socket_connect_timeout": 3.0,
    }
CELERY_RESULT_BACKEND = None  # JobResult rows are the record of every run.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
# One task at a time per worker process, acknowledged when it starts: a queued run is never held
# hostage in a busy worker's prefetch buffer.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long the pool waits for a result from a process that died before reporting it lost (default 10 s):
# we store no Celery results, so a dead pool process is reported (and its run ended) after a second.
CELERY_WORKER_LOST_WAIT = 1.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# django-celery-beat, plus the dispatch of due job schedules on every tick (extras/schedules/scheduling.py).
CELERY_BEAT_SCHEDULER = "extras.tasks:JobScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fixup otherwise closes every database connection before and after each task, so
# each run would pay a new PostgreSQL connection and authentication. extras.tasks.run_job calls
# close_old_connections() itself, which honours CONN_MAX_AGE and the health checks.
CELERY_DB_REUSE_MAX = 1000

# --- Jobs ------------------------------------------------------------------------------------------
JOBS_ENABLED_BY_DEFAULT = env_bool("JOBS_ENABLED_BY_DEFAULT", False)
# A queued run that no live worker could take for this long is ended with an explanation.
JOBS_PENDING_NO_WORKER_TIMEOUT = env_int("JOBS_PENDING_NO_WORKER_TIMEOUT", 120)
# MiB of memory a run may allocate in its worker process unless its job sets Meta.memory_limit (0: no limit).
JOBS_MEMORY_LIMIT = env_int("JOBS_MEMORY_LIMIT", 0)
# Bytes a file created by a job (`self.create_file()`) may hold; a larger one fails the run (Nautobot: 10 MB).
JOBS_CREATE_FILE_MAX_SIZE = env_int("JOBS_CREATE_FILE_MAX_SIZE", 10 * 1024 * 1024)
# Longest `?wait=` a run request may ask for; each waiting request holds a web server thread.
JOBS_API_MAX_WAIT = env_int("JOBS_API_MAX_WAIT", 60)
# How many `?wait=` requests one web process lets wait at once (the others answer at once).
JOBS_API_MAX_CONCURRENT_WAITS = env_int("JOBS_API_MAX_CONCURRENT_WAITS", 1)
# Days the change log keeps its entries (0: forever); beat prunes older ones every hour.
CHANGELOG_RETENTION_DAYS = env_int("CHANGELOG_RETENTION_DAYS", 90)
CELERY_BEAT_SCHEDULE = {
    "reap-lost-runs": {"task": "extras.reap_lost_runs", "schedule": 15.0},
    "prune-changelog": {"task": "extras.prune_changelog", "schedule": 3600.0},
}

# --- Logging ---------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

for _path in (GIT_ROOT, STATIC_ROOT):
    os.makedirs(_path, exist_ok=True)
