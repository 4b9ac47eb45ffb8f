"""Choice sets of the jobs engine, with the named status groups the rest of the code relies on."""

from __future__ import annotations

from core.choices import ChoiceSet


class JobResultStatusChoices(ChoiceSet):
    STATUS_PENDING = "pending"
    STATUS_RUNNING = "running"
    STATUS_COMPLETED = "completed"
    STATUS_FAILED = "failed"
    STATUS_ERRORED = "errored"
    STATUS_CANCELLED = "cancelled"

    CHOICES = (
        (STATUS_PENDING, "Pending"),
        (STATUS_RUNNING, "Running"),
        (STATUS_COMPLETED, "Completed"),
        (STATUS_FAILED, "Failed"),
        (STATUS_ERRORED, "Errored"),
        (STATUS_CANCELLED, "Cancelled"),
    )

    ACTIVE = (STATUS_PENDING, STATUS_RUNNING)
    TERMINAL = (STATUS_COMPLETED, STATUS_FAILED, STATUS_ERRORED, STATUS_CANCELLED)
    UNSUCCESSFUL = (STATUS_FAILED, STATUS_ERRORED, STATUS_CANCELLED)


class LogLevelChoices(ChoiceSet):
    LOG_DEBUG = "debug"
    LOG_SUCCESS = "success"
    LOG_INFO = "info"
    LOG_WARNING = "warning"
    LOG_FAILURE = "failure"

    CHOICES = (
        (LOG_DEBUG, "Debug"),
        (LOG_SUCCESS, "Success"),
        (LOG_INFO, "Info"),
        (LOG_WARNING, "Warning"),
        (LOG_FAILURE, "Failure"),
    )

    # Levels counted per result (debug lines are logged but, as in the reference, not counted).
    COUNTED = (LOG_SUCCESS, LOG_INFO, LOG_WARNING, LOG_FAILURE)


class JobSourceChoices(ChoiceSet):
    SOURCE_LOCAL = "local"
    SOURCE_GIT = "git"

    CHOICES = ((SOURCE_LOCAL, "Installed in JOBS_ROOT"), (SOURCE_GIT, "Git repository"))


class JobExecutionTypeChoices(ChoiceSet):
    """How a run request is scheduled (the `interval` of a schedule)."""

    TYPE_IMMEDIATELY = "immediately"
    TYPE_FUTURE = "future"
    TYPE_HOURLY = "hourly"
    TYPE_DAILY = "daily"
    TYPE_WEEKLY = "weekly"
    TYPE_CUSTOM = "custom"

    CHOICES = (
        (TYPE_IMMEDIATELY, "Once immediately"),
        (TYPE_FUTURE, "Once in the future"),
        (TYPE_HOURLY, "Recurring hourly"),
        (TYPE_DAILY, "Recurring daily"),
        (TYPE_WEEKLY, "Recurring weekly"),
        (TYPE_CUSTOM, "Recurring custom"),
    )

    ONE_OFF = (TYPE_IMMEDIATELY, TYPE_FUTURE)
    RECURRING = (TYPE_HOURLY, TYPE_DAILY, TYPE_WEEKLY, TYPE_CUSTOM)


class ApprovalDecisionChoices(ChoiceSet):
    DECISION_APPROVED = "approved"
    DECISION_DENIED = "denied"
    DECISION_DRY_RUN = "dry-run"

    CHOICES = ((DECISION_APPROVED, "Approved"), (DECISION_DENIED, "Denied"), (DECISION_DRY_RUN, "Dry run"))


class GitContentChoices(ChoiceSet):
    """What a Git repository provides; only jobs so far (config contexts, templates... may follow)."""

    JOBS = "extras.job"

    CHOICES = ((JOBS, "Jobs"),)


class ObjectChangeActionChoices(ChoiceSet):
    """What a change did to its object (the change log's `action`, Nautobot's values)."""

    ACTION_CREATE = "create"
    ACTION_UPDATE = "update"
    ACTION_DELETE = "delete"

    CHOICES = ((ACTION_CREATE, "Created"), (ACTION_UPDATE, "Updated"), (ACTION_DELETE, "Deleted"))


class ChangeContextChoices(ChoiceSet):
    """Where a recorded change was made (the change log's `change_context`)."""

    CONTEXT_WEB = "web"
    CONTEXT_API = "api"
    CONTEXT_JOB = "job"
    CONTEXT_JOB_HOOK = "job-hook"  # a run started by a job hook: its changes fire no hooks (no loops)

    CHOICES = (
        (CONTEXT_WEB, "Web"),
        (CONTEXT_API, "API"),
        (CONTEXT_JOB, "Job"),
        (CONTEXT_JOB_HOOK, "Job hook"),
    )


class JobQueueTypeChoices(ChoiceSet):
    """What kind of queue a JobQueue is. Nautobot 2.4 also has `kubernetes`, which is not supported here."""

    TYPE_CELERY = "celery"

    CHOICES = ((TYPE_CELERY, "Celery"),)


class ButtonClassChoices(ChoiceSet):
    """The colour of a job button (Bootstrap's button classes, Nautobot's values)."""

    CLASS_DEFAULT = "default"
    CLASS_PRIMARY = "primary"
    CLASS_SUCCESS = "success"
    CLASS_INFO = "info"
    CLASS_WARNING = "warning"
    CLASS_DANGER = "danger"
    CLASS_LINK = "link"

    CHOICES = (
        (CLASS_DEFAULT, "Default"),
        (CLASS_PRIMARY, "Primary (blue)"),
        (CLASS_SUCCESS, "Success (green)"),
        (CLASS_INFO, "Info (aqua)"),
        (CLASS_WARNING, "Warning (orange)"),
        (CLASS_DANGER, "Danger (red)"),
        (CLASS_LINK, "None (link)"),
    )

    # Bootstrap 5 has no `btn-default`: it is drawn as an outlined secondary button.
    BOOTSTRAP = {CLASS_DEFAULT: "outline-secondary"}

    @classmethod
    def css_class(cls, value: str) -> str:
        return f"btn-{cls.BOOTSTRAP.get(value, value)}"


class CustomFieldTypeChoices(ChoiceSet):
    """The types of a custom field, valued as NetBox values them; Nautobot's names for two of them
    ("multi-select", "markdown") are taken too (extras.models.customfields.TYPE_ALIASES)."""

    TYPE_TEXT = "text"
    TYPE_LONGTEXT = "longtext"
    TYPE_INTEGER = "integer"
    TYPE_DECIMAL = "decimal"
    TYPE_BOOLEAN = "boolean"
    TYPE_DATE = "date"
    TYPE_DATETIME = "datetime"
    TYPE_URL = "url"
    TYPE_JSON = "json"
    TYPE_SELECT = "select"
    TYPE_MULTISELECT = "multiselect"
    # Nautobot's spelling: job code compares a field's type with it.
    TYPE_MARKDOWN = "longtext"

    CHOICES = (
        (TYPE_TEXT, "Text"),
        (TYPE_LONGTEXT, "Text (long)"),
        (TYPE_INTEGER, "Integer"),
        (TYPE_DECIMAL, "Decimal"),
        (TYPE_BOOLEAN, "Boolean (true/false)"),
        (TYPE_DATE, "Date"),
        (TYPE_DATETIME, "Date & time"),
        (TYPE_URL, "URL"),
        (TYPE_JSON, "JSON"),
        (TYPE_SELECT, "Selection"),
        (TYPE_MULTISELECT, "Multiple selection"),
    )
