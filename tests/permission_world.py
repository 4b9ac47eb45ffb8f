"""The data of the generated permission test (tests/test_route_permissions.py): for each model a visible and a
hidden object (the hidden one carries MARK in its text fields), the records about hidden objects, and what a
hidden object makes hidden too."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone

from dcim.models import Device
from extras.models import (
    FileProxy,
    Job,
    JobButton,
    JobHook,
    JobLogEntry,
    JobQueue,
    JobQueueAssignment,
    JobResult,
    ObjectChange,
    ScheduledJob,
)
from tests.factories import factory_for
from tests.factories.users import UserFactory
from users.models import User

MARK = "zqhidden"
NEEDLE = f"{MARK}-"


def marked_fields(model: type[Model]) -> dict:
    """Text fields of `model` that identify or describe an object, filled with the marker."""
    values = {}
    for name in ("name", "label", "description", "comments"):
        try:
            field_ = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field_.get_internal_type() in ("CharField", "TextField") and field_.editable:
            values[name] = f"{NEEDLE}{model._meta.app_label}-{model._meta.model_name}-{name}"[
                : field_.max_length or 200
            ]
    return values


def make_result(job: Job, user, **fields) -> JobResult:
    import uuid

    return JobResult.objects.create(
        job_model=job, name=job.class_path, user=user, task_id=uuid.uuid4(), **fields
    )


def make_change(obj: Model, user, repr_: str) -> ObjectChange:
    """A change of `obj`; a component's names its device, as the recorder does (the device's change log
    tab lists it)."""
    import uuid

    parent = getattr(obj, "device", None)
    return ObjectChange.objects.create(
        related_object_type=ContentType.objects.get_for_model(parent) if parent is not None else None,
        related_object_id=parent.pk if parent is not None else None,
        time=timezone.now(),
        user=user,
        user_name=user.username,
        request_id=uuid.uuid4(),
        change_context="web",
        action="update",
        changed_object_type=ContentType.objects.get_for_model(obj),
        changed_object_id=obj.pk,
        object_repr=repr_,
        postchange_data={"name": repr_},
    )


def make_pair(model: type[Model], jobs: dict[str, Job], admin, visible: dict) -> tuple[Model, Model]:
    """(visible, hidden) objects of `model`; the hidden one carries the marker in its text fields."""
    mark = marked_fields(model)
    visible_job, other_job = jobs["PassingJob"], jobs["FailingJob"]
    if model is Job:
        Job.objects.filter(pk=other_job.pk).update(description=mark.get("description", f"{NEEDLE}job"))
        return visible_job, Job.objects.get(pk=other_job.pk)
    if model is JobResult:  # the hidden run is about a visible device: its Job runs tab must not list it
        device = visible.get(Device) or factory_for(Device)()
        about = {"subject_type": ContentType.objects.get_for_model(Device), "subject_id": device.pk}
        return make_result(visible_job, admin, **about), make_result(visible_job, admin, **about)
    if model is JobLogEntry:  # a line is as visible as its result (extras/api/result_views.py): see world()
        visible = JobLogEntry.objects.create(
            job_result=make_result(visible_job, admin), sequence=1, message="seen"
        )
        hidden = JobLogEntry.objects.create(
            job_result=make_result(visible_job, admin), sequence=1, message=f"{NEEDLE}log line"
        )
        return visible, hidden
    if model is FileProxy:  # a file is as visible as its run (extras/result_files/selectors.py): see world()
        return (
            FileProxy.objects.store(make_result(visible_job, admin).pk, "seen.csv", "a,b"),
            FileProxy.objects.store(make_result(visible_job, admin).pk, f"{NEEDLE}file.csv", "a,b"),
        )
    if model is ScheduledJob:
        common = {
            "job_model": visible_job,
            "job_class": visible_job.class_path,
            "user": admin,
            "interval": "daily",
        }
        return (
            ScheduledJob.objects.create(name="Visible schedule", **common),
            ScheduledJob.objects.create(**mark, **common),
        )
    if model is ObjectChange:
        target = jobs["PassingJob"]
        return make_change(target, admin, "visible change"), make_change(target, admin, f"{NEEDLE}change")
    if model in (JobButton, JobHook):
        job = jobs["NoteDeviceButton"] if model is JobButton else jobs["DescribeManufacturerHook"]
        extra = {"text": "Go"} if model is JobButton else {"type_create": True}
        return model.objects.create(name="Visible", job=job, **extra), model.objects.create(
            **mark, job=job, **extra
        )
    return make_other_pair(model, mark, visible_job, visible)


def make_other_pair(model: type[Model], mark: dict, visible_job: Job, visible: dict) -> tuple[Model, Model]:
    """make_pair() for queues, users and the inventory (by their factories)."""
    if model is JobQueue:
        return JobQueue.objects.create(name="visible-queue"), JobQueue.objects.create(**mark)
    if model is JobQueueAssignment:
        return (
            JobQueueAssignment.objects.create(job=visible_job, job_queue=JobQueue.objects.create(name="a-1")),
            JobQueueAssignment.objects.create(job=visible_job, job_queue=JobQueue.objects.create(name="a-2")),
        )
    if model is User:
        return UserFactory(), UserFactory(username=f"{NEEDLE}user")
    made = factory_for(model)
    if Device in visible and any(field_.name == "device" for field_ in model._meta.get_fields()):
        mark["device"] = visible[Device]  # a hidden component of a visible device: its pages must not list it
    return made(), made(**mark)


def hidden_closure(hidden: dict[type[Model], set]) -> dict[type[Model], set]:
    """The hidden objects and every object that points at one (whose page would name it by design)."""
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label in ("dcim", "ipam", "extras", "users")]
    changed = True
    while changed:
        changed = False
        for model in models:
            for field_ in model._meta.get_fields():
                target = getattr(field_, "related_model", None)
                if (
                    not (field_.concrete and (field_.many_to_one or field_.one_to_one))
                    or target not in hidden
                ):
                    continue
                pks = set(
                    model._base_manager.filter(**{f"{field_.name}__in": hidden[target]}).values_list(
                        "pk", flat=True
                    )
                )
                if not pks <= hidden.get(model, set()):
                    hidden.setdefault(model, set()).update(pks)
                    changed = True
    return hidden


@dataclass
class World:
    visible: dict[type[Model], Model]
    hidden: dict[type[Model], Model]
    hidden_pks: dict[type[Model], set]
    jobs: dict[str, Job]
    nobody: User
    constrained: User
    about_hidden: dict[type[Model], Model]  # records about a hidden object (its change): as hidden as it is
    # More visible objects whose pages offer choices of others: jobs whose run forms pick devices, sites…
    offering: dict[type[Model], list[Model]] = field(default_factory=dict)

    def needles(self) -> dict[str, str]:
        """Text that must never be served → what it is (for the failure message)."""
        found = {
            str(pk): f"{model._meta.label_lower} {pk}" for model, pks in self.hidden_pks.items() for pk in pks
        }
        return found | {NEEDLE: f"marked text ({NEEDLE}…)"}
