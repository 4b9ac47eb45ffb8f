"""What pressing a job button does: run the job for the object now, or open its form pre-filled.

A job takes an object from a button in one of two ways:
- a JobButtonReceiver gets `object_pk` and `object_model_name` (Nautobot's receivers), and runs at once;
- an ordinary job whose one required ObjectVar accepts the object's model gets the object in that
  variable: it runs at once when it has no other inputs, else its run form opens with the object filled in.
The run goes through submit_job() like any other, as the user who pressed, and remembers the button and the
object (JobResult.job_button, .subject); its first log line names both and links to the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from extras.choices import LogLevelChoices as Level
from extras.engine.services import Origin, RunRequest, Submission, submit_job
from extras.jobs import JobRequest
from extras.jobs.variables import ObjectVar
from extras.models import Job, JobButton


class ButtonRefused(Exception):
    """The button cannot run its job for this object; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def object_variable_for(job_class, model: type[Model]) -> str | None:
    """The one required ObjectVar of `job_class` whose model is `model` (None if there is not exactly one)."""
    names = [
        name
        for name, variable in job_class.variables().items()
        if isinstance(variable, ObjectVar) and variable.required and variable.model is model
    ]
    return names[0] if len(names) == 1 else None


def why_not_accepted(job: Job, model: type[Model]) -> str | None:
    """Why `job` cannot take objects of `model` from a button (None when it can)."""
    if job.is_job_button_receiver:
        return None
    job_class = job.job_class
    if job_class is None:
        return f"The code of {job} is not loaded, so it is not known whether it takes a {model._meta.verbose_name}."
    if object_variable_for(job_class, model) is None:
        return (
            f"{job} is not a job button receiver and has no single required object variable of "
            f"{model._meta.verbose_name} to take the object."
        )
    return None


@dataclass
class ButtonPlan:
    """What a press does: run now with `data`, or open the run form at `form_url`."""

    data: dict | None = None
    form_url: str | None = None


def plan_press(button: JobButton, obj: Model) -> ButtonPlan:
    job = button.job
    meta = obj._meta
    if job.is_job_button_receiver:
        return ButtonPlan(
            data={"object_pk": str(obj.pk), "object_model_name": f"{meta.app_label}.{meta.model_name}"}
        )
    job_class = job.job_class
    variable = object_variable_for(job_class, type(obj)) if job_class is not None else None
    if variable is None:
        raise ButtonRefused(why_not_accepted(job, type(obj)) or f"{job} cannot take this object.")
    if len(job_class.variables()) > 1:
        return ButtonPlan(form_url=f"{job.get_absolute_url()}?{urlencode({variable: str(obj.pk)})}")
    return ButtonPlan(data={variable: str(obj.pk)})


def press_button(
    button: JobButton, obj: Model, *, user, request: JobRequest | None = None
) -> Submission | str:
    """Run the button's job for `obj` (a Submission), or return the URL of its pre-filled run form.

    Raises ButtonRefused, or submit_job()'s errors (SubmissionError, JobDataError).
    """
    if not button.content_types.filter(pk=ContentType.objects.get_for_model(obj).pk).exists():
        raise ButtonRefused(f'The button "{button}" is not offered for {obj._meta.verbose_name_plural}.')
    plan = plan_press(button, obj)
    if plan.form_url is not None:
        return plan.form_url
    note = (Level.LOG_INFO, f'Started with the job button "{button}" on {obj._meta.verbose_name} {obj}.', obj)
    return submit_job(
        RunRequest(
            job=button.job,
            user=user,
            data=plan.data,
            commit=None,  # the job's commit default, as its form would start
            request=request,
            source="api",  # the input is built here, as JSON values, not read from a form
            notes=[note],
            origin=Origin(job_button=button, subject=obj),
        )
    )
