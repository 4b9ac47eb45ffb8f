"""The change log (ObjectChange) and the change set a dry run captured before its rollback (DryRunChange)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse

from core.models import RestrictedQuerySet
from extras.choices import ChangeContextChoices, ObjectChangeActionChoices


class ChangeRecord(models.Model):
    """What one change did to one object: its action, the object, and its data before and after.

    The data is the object as the REST API shows it (see extras/changes/serialization.py);
    `prechange_data` is empty for a creation, `postchange_data` for a deletion.
    """

    action = models.CharField(max_length=16, choices=ObjectChangeActionChoices.as_choices())
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    changed_object_id = models.UUIDField()
    changed_object = GenericForeignKey("changed_object_type", "changed_object_id")
    related_object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_object_id = models.UUIDField(null=True, blank=True)
    related_object = GenericForeignKey("related_object_type", "related_object_id")
    object_repr = models.CharField(max_length=200, editable=False)
    prechange_data = models.JSONField(encoder=DjangoJSONEncoder, null=True, blank=True, editable=False)
    postchange_data = models.JSONField(encoder=DjangoJSONEncoder, null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display().lower()}"

    @property
    def object_data(self) -> dict | None:
        """Nautobot's `object_data`: the object after the change, or before it for a deletion."""
        if self.action == ObjectChangeActionChoices.ACTION_DELETE:
            return self.prechange_data
        return self.postchange_data

    @property
    def object_type_label(self) -> str:
        """`dcim.site`, from the content type cache (no query once the type is known)."""
        content_type = ContentType.objects.get_for_id(self.changed_object_type_id)
        return f"{content_type.app_label}.{content_type.model}"

    @property
    def anchor(self) -> str:
        """The id of this change's entry on a run's Changes page."""
        return f"change-{self.changed_object_id}"


class ObjectChange(ChangeRecord):
    """One recorded create, update or delete of a change-logged object: who, when, from which request.

    All the changes of one HTTP request, or of one job run, share its `request_id` (for a run, the
    JobResult's id). `user_name` keeps the name when the user is deleted. Rows are written in bulk when
    the request or the run's transaction ends, and never changed afterwards.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    time = models.DateTimeField(db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    user_name = models.CharField(max_length=150, editable=False)
    request_id = models.UUIDField(db_index=True, editable=False)
    change_context = models.CharField(
        max_length=16, choices=ChangeContextChoices.as_choices(), editable=False
    )
    change_context_detail = models.CharField(max_length=400, blank=True, editable=False)
    job_result = models.ForeignKey(
        "extras.JobResult", on_delete=models.SET_NULL, null=True, blank=True, related_name="object_changes"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-time"]
        indexes = [
            models.Index(
                fields=["changed_object_type", "changed_object_id", "-time"], name="objectchange_object"
            ),
            models.Index(
                fields=["related_object_type", "related_object_id", "-time"], name="objectchange_related"
            ),
            models.Index(fields=["job_result", "time"], name="objectchange_job_result"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("extras:objectchange", kwargs={"pk": self.pk})


class DryRunChange(ChangeRecord):
    """A change a dry run made and rolled back: the run's "Would change" set, kept with its result.

    It is not in the change log (nothing changed). A run that commits "exactly these changes" must
    reproduce this set (see extras/changes/comparison.py).
    """

    job_result = models.ForeignKey(
        "extras.JobResult", on_delete=models.CASCADE, related_name="dry_run_changes"
    )
    sequence = models.PositiveIntegerField()
    time = models.DateTimeField()

    class Meta:
        ordering = ["job_result", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["job_result", "sequence"], name="dryrunchange_unique_sequence")
        ]
        indexes = [
            models.Index(fields=["changed_object_type", "changed_object_id"], name="dryrunchange_object")
        ]
