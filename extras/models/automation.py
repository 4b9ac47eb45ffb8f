"""Job buttons and job hooks (Nautobot's JobButton and JobHook): a job started from an object's page, or
when objects of some types are created, updated or deleted."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.models import BaseModel, ChangeLoggedMixin
from extras.choices import ButtonClassChoices


class JobButton(ChangeLoggedMixin, BaseModel):
    """A button on the page of every object of `content_types` that runs `job` for that object.

    `text` is a template with the object as `obj` (`Reboot {{ obj.name }}`); a button whose text renders
    empty is not shown. Buttons sharing a `group_name` are one dropdown; `weight` orders them.
    """

    changelog_serializer = "extras.buttons.serializers.JobButtonSerializer"

    name = models.CharField(max_length=100, unique=True)
    content_types = models.ManyToManyField(
        ContentType,
        related_name="job_buttons",
        verbose_name="Object types",
        help_text="The types of object whose pages show this button.",
    )
    text = models.CharField(
        max_length=500,
        help_text="Template of the button's text, with the object as <code>obj</code>: "
        "<code>Reboot {{ obj.name }}</code>. A button whose text is empty is not shown.",
    )
    job = models.ForeignKey(
        "extras.Job",
        on_delete=models.CASCADE,
        related_name="job_buttons",
        help_text="A job button receiver, or a job with one required object variable of the object's type.",
    )
    weight = models.PositiveSmallIntegerField(default=100)
    group_name = models.CharField(
        max_length=100, blank=True, help_text="Buttons with the same group appear as one dropdown menu."
    )
    button_class = models.CharField(
        max_length=30, choices=ButtonClassChoices.as_choices(), default=ButtonClassChoices.CLASS_DEFAULT
    )
    confirmation = models.BooleanField(
        default=True,
        help_text="Ask for confirmation before running. Unticked, one click runs the job (and commits its changes).",
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["group_name", "weight", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("extras:jobbutton", kwargs={"pk": self.pk})


class JobHook(ChangeLoggedMixin, BaseModel):
    """Runs `job` (a job hook receiver) once for each committed change of an object of `content_types`.

    `fields` (beyond Nautobot) narrows updates: when it names fields, an update fires the hook only if
    one of them changed. Changes made by a run that a hook started fire no hooks.
    """

    changelog_serializer = "extras.hooks.serializers.JobHookSerializer"

    name = models.CharField(max_length=100, unique=True)
    content_types = models.ManyToManyField(
        ContentType,
        related_name="job_hooks",
        verbose_name="Object types",
        help_text="The types of object whose changes start the job.",
    )
    job = models.ForeignKey(
        "extras.Job",
        on_delete=models.CASCADE,
        related_name="job_hooks",
        help_text="The job hook receiver this hook runs.",
    )
    enabled = models.BooleanField(default=True)
    type_create = models.BooleanField(default=False, help_text="Run when a matching object is created.")
    type_update = models.BooleanField(default=False, help_text="Run when a matching object is updated.")
    type_delete = models.BooleanField(default=False, help_text="Run when a matching object is deleted.")
    fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fire on an update only when one of these fields changed (empty: any change).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("extras:jobhook", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if not (self.type_create or self.type_update or self.type_delete):
            raise ValidationError("You must select at least one type: create, update, and/or delete.")
        if not isinstance(self.fields, list) or not all(isinstance(name, str) for name in self.fields):
            raise ValidationError({"fields": "Give a list of field names."})
        if self.job_id is not None and not self.job.is_job_hook_receiver:
            raise ValidationError({"job": "The job of a job hook must be a job hook receiver."})
