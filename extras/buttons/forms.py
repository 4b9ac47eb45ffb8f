"""The add/edit form of job buttons: its job must be able to take objects of each type it is offered for."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from core.forms import BootstrapModelForm, ContentTypeMultipleChoiceField
from extras.buttons.launching import why_not_accepted
from extras.changes.selectors import change_logged_content_types
from extras.models import JobButton
from extras.ui.job_fields import RunnableJobFormMixin


class JobButtonForm(RunnableJobFormMixin, BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(queryset=ContentType.objects.none(), label="Object types")

    class Meta:
        model = JobButton
        fields = [
            "name",
            "content_types",
            "text",
            "job",
            "weight",
            "group_name",
            "button_class",
            "confirmation",
            "enabled",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_types"].queryset = change_logged_content_types()
        self.fields["content_types"].widget.attrs["size"] = 10

    def clean(self) -> dict:
        cleaned = super().clean()
        job, content_types = cleaned.get("job"), cleaned.get("content_types")
        self.refuse_unrunnable_job(job)
        if job is not None and content_types:
            problems = [why_not_accepted(job, content_type.model_class()) for content_type in content_types]
            problems = [problem for problem in problems if problem]
            if problems:
                self.add_error("job", problems)
        return cleaned
