"""Forms of the jobs UI: the run form's execution options, the job metadata edit form, log filters.

The variables part of a run form is the job's own form (`Job.as_form`); the options the engine reads
(`_commit`, `_task_queue` and the `_schedule_*` fields, named as in the API's multipart body) live in
JobExecutionForm, whose fields the template renders in the "Job Execution" section. The schedule fields
are plain text to the form: extras.schedules.scheduling.parse_schedule() validates them, so the messages are the
API's.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict

from core.forms import BootstrapMixin, BootstrapModelForm, style_form
from extras.choices import JobExecutionTypeChoices as Interval
from extras.choices import LogLevelChoices
from extras.engine.job_records import loaded_class_values
from extras.jobs import JobDataError
from extras.models import OVERRIDABLE_FIELDS, QUEUE_OVERRIDES, Job, JobQueue
from extras.queues.assignment import declared_queue_names, live_worker_counts, queue_label

# Which schedule types use each schedule field (the page shows a field only for those; all without JS).
SCHEDULE_FIELDS_USED_BY = {
    "_schedule_name": (Interval.TYPE_FUTURE, *Interval.RECURRING),
    "_schedule_start_time": (Interval.TYPE_FUTURE, *Interval.RECURRING),
    "_schedule_crontab": (Interval.TYPE_CUSTOM,),
    "_schedule_time_zone": (Interval.TYPE_FUTURE, *Interval.RECURRING),
}


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones() | {settings.TIME_ZONE, "UTC"})]


def runs_with_keywords(job: Job) -> bool:
    """A Nautobot 2.x job (`run(self, *, ...)`): it has no commit box; a DryRunVar asks for dry runs."""
    job_class = job.job_class
    return job_class is not None and job_class.keyword_run()


class JobExecutionForm(BootstrapMixin, forms.Form):
    """How to run: commit or dry run (absent for read-only jobs), the queue if there is a choice, and when.

    Jobs with sensitive variables get no schedule fields: their input is never stored, so they run now.
    Neither do jobs whose code says `scheduling_enabled = False` (NetBox).
    """

    def __init__(self, job: Job, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        if not job.has_sensitive_variables and job.scheduling_enabled:
            self.add_schedule_fields()
        if not job.read_only and not runs_with_keywords(job):
            self.fields["_commit"] = forms.BooleanField(
                required=False,
                initial=job.commit_default,
                label="Commit changes",
                help_text="Unticked, the run is a dry run: its database changes are rolled back at the end.",
            )
        queues = job.allowed_task_queues
        workers = live_worker_counts()
        # Each queue the job may run on with its live workers, the default first (shown on the job's page).
        self.queue_labels = [queue_label(queue, workers.get(queue, 0)) for queue in queues]
        if len(queues) > 1:
            self.fields["_task_queue"] = forms.ChoiceField(
                choices=list(zip(queues, self.queue_labels, strict=True)),
                initial=queues[0],
                label="Job queue",
                help_text="The workers listening on this queue run the job.",
            )
        style_form(self)  # the fields above were added after BootstrapMixin styled the form

    def add_schedule_fields(self) -> None:
        self.fields["_schedule_interval"] = forms.ChoiceField(
            choices=Interval.as_choices(),
            initial=Interval.TYPE_IMMEDIATELY,
            required=False,
            label="Schedule type",
        )
        self.fields["_schedule_name"] = forms.CharField(
            required=False,
            label="Schedule name",
            help_text="Required to schedule (not for a run now).",
            widget=forms.TextInput(attrs={"maxlength": 200}),
        )
        self.fields["_schedule_start_time"] = forms.CharField(
            required=False,
            label="Start time",
            help_text=(
                "Read in the time zone below. At least 15 seconds from now; optional for a custom crontab. "
                "Hourly, daily and weekly schedules repeat at its minute, time and weekday."
            ),
            widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}),
        )
        self.fields["_schedule_crontab"] = forms.CharField(
            required=False,
            label="Crontab",
            help_text="For a custom schedule: minute hour day-of-month month day-of-week, e.g. */15 * * * *.",
            widget=forms.TextInput(attrs={"placeholder": "*/15 * * * *", "spellcheck": "false"}),
        )
        self.fields["_schedule_time_zone"] = forms.ChoiceField(
            choices=time_zone_choices(),
            initial=settings.TIME_ZONE,
            required=False,
            label="Time zone",
            help_text=f"The start time and the schedule's clock are read in this zone (server: {settings.TIME_ZONE}).",
        )

    @property
    def commit(self) -> bool | None:
        """The box's answer; None without the box (the job's default: read-only jobs and 2.x jobs, whose
        DryRunVar says whether the run is a dry run)."""
        if "_commit" not in self.fields:
            return None
        return bool(self.cleaned_data.get("_commit", False))

    @property
    def task_queue(self) -> str | None:
        return self.cleaned_data.get("_task_queue") or None

    @property
    def schedule(self) -> dict | None:
        """The request's schedule for submit_job(), or None for a run now with no schedule given.

        A job without schedule fields still passes on a schedule type someone posted, so that the
        submit service refuses it with its reason instead of the run starting now unasked.
        """
        if "_schedule_interval" not in self.fields:
            posted = self.data.get("_schedule_interval")
            return {"interval": posted} if posted and posted != Interval.TYPE_IMMEDIATELY else None
        interval = self.cleaned_data.get("_schedule_interval") or Interval.TYPE_IMMEDIATELY
        return {
            "interval": interval,
            "name": self.cleaned_data.get("_schedule_name", ""),
            "start_time": self.cleaned_data.get("_schedule_start_time", ""),
            "crontab": self.cleaned_data.get("_schedule_crontab", ""),
            "time_zone": self.cleaned_data.get("_schedule_time_zone") or settings.TIME_ZONE,
        }

    @property
    def chosen_interval(self) -> str:
        """The schedule type shown as chosen (what was posted, else the default)."""
        if "_schedule_interval" not in self.fields:
            return Interval.TYPE_IMMEDIATELY
        value = self["_schedule_interval"].value()
        return value if value in Interval.values() else Interval.TYPE_IMMEDIATELY

    @property
    def submit_label(self) -> str:
        now = self.chosen_interval == Interval.TYPE_IMMEDIATELY
        label = "Run Job Now" if now else "Schedule Job"
        return f"Request to {label}" if self.job.approval_required else label

    def submit_labels(self) -> dict[str, str]:
        prefix = "Request to " if self.job.approval_required else ""
        return {"now": f"{prefix}Run Job Now", "schedule": f"{prefix}Schedule Job"}

    def show_schedule_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the schedule service's per-field errors (interval, name, start_time...) on the fields."""
        for name, messages in errors.items():
            field = f"_schedule_{name}"
            if field in self.fields:
                self.add_error(field, messages)
            else:
                self.add_error(None, messages)

    def schedule_rows(self) -> list[dict]:
        """The schedule fields, each with the schedule types that use it (space-separated; '' for all)."""
        return [
            {"field": self[name], "uses": " ".join(SCHEDULE_FIELDS_USED_BY.get(name, ()))}
            for name in self.fields
            if name.startswith("_schedule_")
        ]

    def schedule_values(self) -> dict:
        """The schedule fields' values as shown (posted, else initial), for the preview of next runs."""
        return {name: self[name].value() for name in self.fields if name.startswith("_schedule_")}

    def option_fields(self) -> list:
        """The other execution options: commit and task queue."""
        return [self[name] for name in self.fields if not name.startswith("_schedule_")]


def restrict_object_choices(form: forms.Form, user) -> forms.Form:
    """Render only objects the user may view in the object selectors (the API they query does the same).

    This narrows what the page shows; what a run accepts is decided by submit_job().
    """
    from core.permissions import restrict_queryset

    for field in form.fields.values():
        widget = field.widget
        if getattr(widget, "queryset", None) is not None:
            widget.queryset = restrict_queryset(widget.queryset, user, "view")
    return form


def show_job_data_errors(form: forms.Form, error: JobDataError) -> None:
    """Put the submit service's per-variable errors on the (bound) job form, keeping what was typed.

    The form is not validated a second time: its error list starts empty and takes exactly these.
    """
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for name, messages in error.errors.items():
        if name in form.fields:
            form.add_error(name, messages)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, messages)
        else:
            form.add_error(None, [f"{name}: {message}" for message in messages])


# --- Job metadata ------------------------------------------------------------------------------------


def class_defaults(job: Job) -> dict[str, Any] | None:
    """The overridable values as the job's code declares them, or None when the code is not loaded.

    The queues are given as JobQueue records (`job_queues`, `default_job_queue`): those of
    `Meta.task_queues`, or the platform's default queue (created when the job was discovered).
    """
    defaults = loaded_class_values(job)
    if defaults is None:
        return None
    names = declared_queue_names(job.job_class.meta("task_queues"))
    by_name = JobQueue.objects.in_bulk(names, field_name="name")
    defaults["job_queues"] = [by_name[name] for name in names if name in by_name]
    defaults["default_job_queue"] = by_name.get(names[0])
    return defaults


class SecondsInput(forms.NumberInput):
    """A number of seconds shown as typed (`300`, `2.5`), not as Python prints a float (`300.0`)."""

    def format_value(self, value):
        if isinstance(value, float | int):
            return f"{value:g}"
        return super().format_value(value)


TIME_LIMIT_DEFAULTS = {
    "soft_time_limit": ("CELERY_TASK_SOFT_TIME_LIMIT", "the job is stopped cleanly and rolled back"),
    "time_limit": ("CELERY_TASK_TIME_LIMIT", "its worker process is ended"),
}


def time_limit_text(attribute: str, value) -> str:
    """`0 (server default: 300 s)` or `120 s`: a time limit as the job's page reads it."""
    setting, _ = TIME_LIMIT_DEFAULTS[attribute]
    if not value:
        return f"0 (server default: {getattr(settings, setting):g} s)"
    return f"{value:g} s"


class JobEditForm(BootstrapModelForm):
    """Enable a job and override what its code declares; a field whose override is off follows the code."""

    class Meta:
        model = Job
        fields = ["enabled"] + [
            name
            for attribute in (*OVERRIDABLE_FIELDS, *QUEUE_OVERRIDES)
            for name in (attribute, f"{attribute}_override")
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"job_queues": "Job queues", "default_job_queue": "Default job queue"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.defaults = class_defaults(self.instance) if self.instance.pk else None
        # Before any bound field is built: a bound field keeps the help text it was built with.
        for attribute, (setting, effect) in TIME_LIMIT_DEFAULTS.items():
            field = self.fields[attribute]
            field.min_value = 0
            field.widget = SecondsInput(attrs={"min": 0, "step": "any", "class": "form-control"})
            field.help_text = (
                f"Seconds after which {effect}. 0 means the server default, "
                f"now {getattr(settings, setting):g} s ({setting})."
            )
        self.fields[
            "job_queues"
        ].help_text = "The queues a run may be sent to (the default queue is always one)."
        self.fields["default_job_queue"].help_text = "Where a run goes unless it names another of its queues."
        self.fields[
            "default_job_queue"
        ].empty_label = f"The platform's default ({settings.CELERY_TASK_DEFAULT_QUEUE})"
        for attribute in (*OVERRIDABLE_FIELDS, *QUEUE_OVERRIDES):
            override = self.fields[f"{attribute}_override"]
            override.label = "Override"
            override.help_text = ""
            # Every box reads "Override"; the accessible name says which attribute it keeps.
            override.widget.attrs["aria-label"] = f"Override {self[attribute].label.lower()}"
            override.widget.attrs["data-override-for"] = self[attribute].auto_id
            self.fields[attribute].required = attribute in ("grouping", "name")

    def rows(self) -> list[dict]:
        """One row per overridable attribute: its value field, its override box and the code's value."""
        rows = []
        for attribute in (*OVERRIDABLE_FIELDS, *QUEUE_OVERRIDES):
            default = None if self.defaults is None else self.defaults.get(attribute)
            if self.defaults is not None and attribute in TIME_LIMIT_DEFAULTS:
                default = time_limit_text(attribute, default)
            rows.append(
                {"field": self[attribute], "override": self[f"{attribute}_override"], "default": default}
            )
        return rows

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.defaults is not None:
            for attribute in (*OVERRIDABLE_FIELDS, *QUEUE_OVERRIDES):
                if not cleaned.get(f"{attribute}_override"):
                    cleaned[attribute] = self.defaults[attribute]
                    self.errors.pop(attribute, None)
        default = cleaned.get("default_job_queue")
        queues = list(cleaned.get("job_queues") or [])
        if default is not None and default not in queues:
            cleaned["job_queues"] = [*queues, default]  # the default queue is always one of the job's queues
        for attribute in ("soft_time_limit", "time_limit"):
            if cleaned.get(attribute) is not None and cleaned[attribute] < 0:
                self.add_error(attribute, "Must be 0 or more.")
        return cleaned


# --- Log table ---------------------------------------------------------------------------------------


class LogFilterForm(BootstrapMixin, forms.Form):
    """The log table's filters; `groupings` are the methods that wrote lines in this run."""

    level = forms.ChoiceField(required=False, label="Level")
    grouping = forms.ChoiceField(required=False, label="Method")
    q = forms.CharField(required=False, label="Search", max_length=200, widget=forms.TextInput())

    def __init__(self, *args, groupings: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "All levels"), *LogLevelChoices.as_choices()]
        self.fields["grouping"].choices = [("", "All methods"), *((name, name) for name in groupings)]
        self.fields["q"].widget.input_type = "search"
