"""The add/edit form of job hooks: only job hook receivers, and `fields` typed as a comma-separated list."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType

from core.forms import BootstrapModelForm, ContentTypeMultipleChoiceField
from extras.changes.selectors import change_logged_content_types
from extras.hooks.rules import ACTIONS, hook_errors
from extras.models import Job, JobHook
from extras.ui.job_fields import RunnableJobFormMixin


class FieldNamesField(forms.CharField):
    """Field names separated by commas."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return [part.strip() for part in (super().to_python(value) or "").split(",") if part.strip()]


class JobHookForm(RunnableJobFormMixin, BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(queryset=ContentType.objects.none(), label="Object types")
    fields = FieldNamesField(
        required=False,
        label="Fields",
        help_text="Optional, separated by commas: fire on an update only when one of these fields changed.",
    )

    class Meta:
        model = JobHook
        fields = [
            "name",
            "content_types",
            "job",
            "enabled",
            "type_create",
            "type_update",
            "type_delete",
            "fields",
        ]
        labels = {"type_create": "Create", "type_update": "Update", "type_delete": "Delete"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_types"].queryset = change_logged_content_types()
        self.fields["content_types"].widget.attrs["size"] = 10
        self.fields["job"].queryset = Job.objects.filter(is_job_hook_receiver=True)

    def clean(self) -> dict:
        cleaned = super().clean()
        self.refuse_unrunnable_job(cleaned.get("job"))
        errors = hook_errors(
            job=cleaned.get("job"),
            content_types=cleaned.get("content_types") or [],
            actions={action: bool(cleaned.get(f"type_{action}")) for action in ACTIONS},
            fields=cleaned.get("fields") or [],
            instance=self.instance,
        )
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)
        return cleaned
