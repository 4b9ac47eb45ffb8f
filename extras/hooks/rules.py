"""What makes a job hook valid beyond the model's own clean() (its job is a job hook receiver, at least one
of create, update, delete), for its form and its API alike:

- no other hook runs the same job for the same object type on the same action (Nautobot's conflict rule);
- each of `fields` is a field of every object type the hook is for.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from extras.models import Job, JobHook

ACTIONS = ("create", "update", "delete")


def field_names(content_type: ContentType) -> set[str]:
    model = content_type.model_class()
    if model is None:
        return set()
    return {field.name for field in model._meta.get_fields() if field.concrete or field.many_to_many}


def hook_errors(
    *,
    job: Job | None,
    content_types: Iterable[ContentType],
    actions: dict[str, bool],
    fields: list[str],
    instance: JobHook | None = None,
) -> dict[str, list[str]]:
    """Field → messages (empty when the hook is valid)."""
    errors: dict[str, list[str]] = {}
    content_types = list(content_types)
    for content_type in content_types:
        missing = [name for name in fields if name not in field_names(content_type)]
        if missing:
            errors.setdefault("fields", []).append(
                f"{content_type.app_label}.{content_type.model} has no field {', '.join(missing)}."
            )
        if job is None:
            continue
        others = JobHook.objects.filter(content_types=content_type, job=job)
        if instance is not None and instance.pk:
            others = others.exclude(pk=instance.pk)
        for action in ACTIONS:
            if actions.get(action) and others.filter(**{f"type_{action}": True}).exists():
                errors.setdefault(f"type_{action}", []).append(
                    f"A job hook already exists for {action} on {content_type.app_label}.{content_type.model} "
                    f"to job {job}."
                )
    return errors
