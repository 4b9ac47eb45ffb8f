"""Read-side queries of the change log: its lists with their relations loaded, an object's changes, a run's."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet, UUIDField
from django.urls import NoReverseMatch, reverse

from extras.changes.recording import change_logged_models
from extras.changes.serialization import IGNORED_KEYS
from extras.choices import ObjectChangeActionChoices as Action
from extras.models import DryRunChange, JobResult, ObjectChange
from users.permissions import (
    constraints_q,
    object_permissions_for,
    permission_name,
    restrict_as_own_endpoint,
    restrict_queryset,
    sees_all,
    user_has_perm,
)

VIEW_CHANGELOG = "extras.view_objectchange"
# What a change log constraint may name and still mean the same on a dry run's change set.
SHARED_CHANGE_FIELDS = frozenset(
    {
        "action",
        "changed_object_type",
        "changed_object_id",
        "related_object_type",
        "related_object_id",
        "object_repr",
        "prechange_data",
        "postchange_data",
        "time",
    }
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def object_changes(queryset: QuerySet) -> QuerySet:
    """Change log rows with what their lists show: user, job result and the changed object (one query per
    type of object), so a page costs the same for 5 rows or 500."""
    return queryset.select_related("user", "changed_object_type", "job_result__user").prefetch_related(
        "changed_object"
    )


def change_logged_content_types() -> QuerySet:
    """The content types of the change-logged models (what job hooks and job buttons may be for)."""
    ids = [ContentType.objects.get_for_model(model).pk for model in change_logged_models()]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def changes_of_object(obj: Model, user) -> QuerySet:
    """The change log of `obj` as `user` may see it: its own changes and those of objects that belong to it."""
    content_type = ContentType.objects.get_for_model(obj)
    mine = Q(changed_object_type=content_type, changed_object_id=obj.pk)
    belonging = Q(related_object_type=content_type, related_object_id=obj.pk)
    queryset = restrict_queryset(ObjectChange.objects.filter(mine | belonging), user, "view")
    return object_changes(of_viewable_objects(queryset, user)).order_by("-time", "pk")


def run_changes(result: JobResult) -> QuerySet:
    """A run's change set: what it committed (its change log rows), or what its dry run would have changed."""
    if result.commit:
        return ObjectChange.objects.filter(job_result=result).select_related("user").order_by("time", "pk")
    return DryRunChange.objects.filter(job_result=result).order_by("sequence")


def visible_run_changes(result: JobResult, user) -> QuerySet:
    """A run's change set as `user` may see it (the API's `changes/` and the Changes tab alike).

    Nothing without `extras.view_objectchange`: a change set is change-log content. A committed run's
    entries pass that permission's constraints; a dry run's "would change" entries pass them too where the
    constraints name fields a change set has (action, object type and id, object_repr, time; one naming
    the user or the request hides the set). Each change is then shown only if the user may view the changed
    object's model, and, where the object still exists, that object (its constraints apply).
    """
    changes = run_changes(result)
    if not user_has_perm(user, VIEW_CHANGELOG):
        return changes.none()
    if user.is_superuser:
        return changes
    changes = (
        restrict_queryset(changes, user, "view")
        if result.commit
        else _under_changelog_constraints(changes, user)
    )
    return of_viewable_objects(changes, user)


def _under_changelog_constraints(changes: QuerySet, user) -> QuerySet:
    constraints = object_permissions_for(user).get(VIEW_CHANGELOG)
    if not constraints:  # unconstrained
        return changes
    named = {lookup.split("__")[0] for constraint in constraints for lookup in constraint}
    if not named <= SHARED_CHANGE_FIELDS:
        return changes.none()
    return changes.filter(constraints_q(constraints, user))


def of_viewable_objects(changes: QuerySet, user) -> QuerySet:
    """Drop the changes of models the user may not view, and of existing objects outside their constraints.

    The change log's lists and pages, an object's Changelog tab and a run's change set all pass through
    it: a change shows an object's fields, so it is shown only to who may view that object. One query
    for the types in `changes`, then a subquery per type only for users whose permission on it is
    constrained; none of it for superusers.
    """
    if user.is_superuser:
        return changes
    type_ids = changes.order_by().values_list("changed_object_type_id", flat=True).distinct()
    hidden = Q()
    for type_id in type_ids:
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not user_has_perm(user, permission_name(model, "view")):
            hidden |= Q(changed_object_type_id=type_id)
            continue
        if sees_all(user, model):
            continue
        ids = changes.filter(changed_object_type_id=type_id).values("changed_object_id")
        hidden |= Q(changed_object_type_id=type_id, changed_object_id__in=_hidden_objects(model, ids, user))
    return changes.exclude(hidden) if hidden else changes


def _hidden_objects(model: type[Model], ids: QuerySet, user):
    """The ids among `ids` (changed_object_id values) of existing objects outside the user's constraints."""
    visible = restrict_as_own_endpoint(model._default_manager.all(), user).values("pk")
    if isinstance(model._meta.pk, UUIDField):  # the usual case: one query, whatever the number of changes
        return model._default_manager.filter(pk__in=ids).exclude(pk__in=visible).values("pk")
    # An integer key is stored as the UUID holding that integer (uuid.UUID(int=pk)).
    by_key = {stored.int: stored for stored in ids.values_list("changed_object_id", flat=True)}
    existing = model._default_manager.filter(pk__in=list(by_key)).exclude(pk__in=visible)
    return [by_key[pk] for pk in existing.values_list("pk", flat=True)]


def rolled_back_links(result: JobResult, urls) -> dict[str, str]:
    """For a dry run: the page of each object it created (gone with the rollback, so a 404 now) among
    `urls`, mapped to that object's entry on the run's "Would change" tab. One query for a page of lines."""
    if result.commit or not result.change_count:
        return {}
    ids = {found for url in urls if url for found in UUID.findall(url)}
    if not ids:
        return {}
    rows = DryRunChange.objects.filter(
        job_result=result, action=Action.ACTION_CREATE, changed_object_id__in=ids
    ).values_list("changed_object_type_id", "changed_object_id", "sequence")
    changes_url = reverse("extras:jobresult_changes", kwargs={"pk": result.pk})
    links = {}
    for type_id, object_id, sequence in rows:
        model = ContentType.objects.get_for_id(type_id).model_class()
        try:
            page_url = model(pk=object_id).get_absolute_url()
        except (AttributeError, NoReverseMatch, TypeError):
            continue
        page = (sequence - 1) // settings.PAGINATE_COUNT + 1
        links[page_url] = f"{changes_url}?page={page}#change-{object_id}"
    return links


SUMMARY_MARKS = {Action.ACTION_CREATE: "+", Action.ACTION_UPDATE: "~", Action.ACTION_DELETE: "-"}


def change_summary(result: JobResult, *, limit: int = 50) -> list[str]:
    """A run's change set as text (what `runjob` prints): counts, then one line per object, `limit` at most."""
    if result.change_count is None and not result.commit:
        return ["Would change: no change set was kept (the run did not finish its work)."]
    changes = list(run_changes(result)[: limit + 1])
    counts = {action: 0 for action in SUMMARY_MARKS}
    for action in run_changes(result).values_list("action", flat=True):
        counts[action] += 1
    heading = "Changes" if result.commit else "Would change"
    lines = [
        f"{heading}: {counts['create']} created, {counts['update']} updated, {counts['delete']} deleted"
        + ("" if result.commit else " (rolled back)")
    ]
    for change in changes[:limit]:
        line = f'  {SUMMARY_MARKS[change.action]} {change.object_type_label} "{change.object_repr}"'
        if change.action == Action.ACTION_UPDATE:
            fields = [
                name
                for name, value in (change.postchange_data or {}).items()
                if name not in IGNORED_KEYS and (change.prechange_data or {}).get(name) != value
            ]
            line += f": {', '.join(fields)}"
        lines.append(line)
    total = sum(counts.values())
    if total > limit:
        lines.append(f"  … and {total - limit} more")
    return lines
