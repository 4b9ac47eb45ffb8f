"""Forms of the jobs UI: the run form's execution options, the job metadata edit form, log filters.

The variables part of a run form is the job's own form (`Job.as_form`); the options the engine reads
(`_commit`, `_task_queue`, later the `_schedule_*` fields) live in JobExecutionForm, whose fields the
template renders in the "Job Execution" section, so new options need no template change.
"""

from __future__ import annotations

import inspect
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict

from core.forms import BootstrapMixin, BootstrapModelForm, style_form
from extras.choices import LogLevelChoices
from extras.jobs import JobDataError
from extras.jobs.base import get_module_display_name
from extras.models import OVERRIDABLE_FIELDS, Job


def queue_label(queue: str, workers: int) -> str:
    return f"{queue} ({workers} worker{'' if workers == 1 else 's'})"


class JobExecutionForm(BootstrapMixin, forms.Form):
    """How to run: commit or dry run (absent for read-only jobs), and the queue if there is a choice."""

    def __init__(self, job: Job, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        if not job.read_only:
            self.fields["_commit"] = forms.BooleanField(
                required=False,
                initial=job.commit_default,
                label="Commit changes",
                help_text="Unticked, the run is a dry run: its database changes are rolled back at the end.",
            )
        queues = job.allowed_task_queues
        if len(queues) > 1:
            from extras.reaper import workers_on_queue

            self.fields["_task_queue"] = forms.ChoiceField(
                choices=[(queue, queue_label(queue, workers_on_queue(queue))) for queue in queues],
                initial=queues[0],
                label="Task queue",
                help_text="The workers listening on this queue run the job.",
            )
        style_form(self)  # the fields above were added after BootstrapMixin styled the form

    @property
    def commit(self) -> bool:
        return bool(self.cleaned_data.get("_commit", False))

    @property
    def task_queue(self) -> str | None:
        return self.cleaned_data.get("_task_queue") or None


def restrict_object_choices(form: forms.Form, user) -> forms.Form:
    """Render only objects the user may view in the object selectors (the API they query does the same).

    This narrows what the page shows; what a run accepts is decided by submit_job().
    """
    from users.permissions import restrict_queryset

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


class TaskQueuesField(forms.CharField):
    """A list of queue names, typed comma-separated."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        text = super().to_python(value)
        return [part.strip() for part in text.split(",") if part.strip()]


def class_defaults(job: Job) -> dict[str, Any] | None:
    """The overridable values as the job's code declares them, or None when the code is not loaded."""
    job_class = job.job_class
    if job_class is None:
        return None
    properties = job_class.properties()
    module = inspect.getmodule(job_class)
    defaults = {name: properties[name] for name in OVERRIDABLE_FIELDS if name in properties}
    defaults["grouping"] = get_module_display_name(module, job.module_name) if module else job.grouping
    defaults["name"] = (properties["name"] or job_class.__name__)[:100]
    defaults["task_queues"] = list(defaults.get("task_queues") or [])
    return defaults


class JobEditForm(BootstrapModelForm):
    """Enable a job and override what its code declares; a field whose override is off follows the code."""

    task_queues = TaskQueuesField(
        required=False, help_text="Queue names separated by commas; the first is the default."
    )

    class Meta:
        model = Job
        fields = ["enabled"] + [
            name for attribute in OVERRIDABLE_FIELDS for name in (attribute, f"{attribute}_override")
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.defaults = class_defaults(self.instance) if self.instance.pk else None
        for attribute in OVERRIDABLE_FIELDS:
            override = self.fields[f"{attribute}_override"]
            override.label = "Override"
            override.help_text = ""
            # Every box reads "Override"; the accessible name says which attribute it keeps.
            override.widget.attrs["aria-label"] = f"Override {self[attribute].label.lower()}"
            override.widget.attrs["data-override-for"] = self[attribute].auto_id
            self.fields[attribute].required = attribute in ("grouping", "name")
        for attribute in ("soft_time_limit", "time_limit"):
            self.fields[attribute].min_value = 0
            self.fields[attribute].widget.attrs["min"] = 0
            self.fields[attribute].help_text = "Seconds; 0 uses the server default."

    def rows(self) -> list[dict]:
        """One row per overridable attribute: its value field, its override box and the code's value."""
        return [
            {
                "field": self[attribute],
                "override": self[f"{attribute}_override"],
                "default": None if self.defaults is None else self.defaults.get(attribute),
            }
            for attribute in OVERRIDABLE_FIELDS
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.defaults is not None:
            for attribute in OVERRIDABLE_FIELDS:
                if not cleaned.get(f"{attribute}_override"):
                    cleaned[attribute] = self.defaults[attribute]
                    self.errors.pop(attribute, None)
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
