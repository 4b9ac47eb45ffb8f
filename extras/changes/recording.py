"""Records the changes of change-logged objects during a request or a job run, and writes them in bulk.

While a recording is active (`with recording(context)`), every save, delete and many-to-many change of a
change-logged model (core.models.ChangeLoggedMixin) *touches* its object: the first touch reads the
object's row as the database has it then (the "before"; nothing for an object being created). Nothing
else happens per save, so a job creating many objects pays almost nothing per object.

`collect()` then reads every touched object again, in bulk, and compares: an object that exists now and
did not before was created, one that existed and is gone was deleted, one whose data differs was
updated (keys that change by themselves, such as `last_updated`, do not count). Because the answer comes
from the database, a change rolled back by a savepoint, or undone, leaves no entry, and several saves of
one object in one transaction make one entry. An HTTP request collects when each of its transactions
commits, and once more at its end (extras.changes.middleware); a job run inside its transaction, just
before it commits or rolls back (extras.changes.runs).

`touch(obj)` records an object about to change without a signal (a queryset `update()`), and objects
changed by `bulk_create()`/`update()` without it are not recorded, as in NetBox and Nautobot.

Once the transaction that wrote change log rows commits, the listeners registered with
`on_changes_committed()` get them (the jobs app fires its job hooks there); rows of a transaction
that rolls back are never announced.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from core.models import ChangeLoggedMixin
from extras.changes.serialization import ObjectState, recorder_for, without_ignored_keys
from extras.choices import ObjectChangeActionChoices as Action
from extras.models import ObjectChange

logger = logging.getLogger(__name__)

WRITE_BATCH = 500


@dataclass
class ChangeContext:
    """Who makes the changes of a recording, and under which request id.

    `user` is a User, or a callable returning one: a request's user is known only once the API view
    has authenticated it, after the middleware started the recording.
    """

    request_id: uuid.UUID
    source: str  # extras.choices.ChangeContextChoices
    detail: str = ""
    user: Any = None
    job_result_id: Any = None

    def resolve_user(self):
        user = self.user() if callable(self.user) else self.user
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


@dataclass
class Change:
    """What one object went through during a recording: the stuff ObjectChange and DryRunChange rows hold."""

    model: type[models.Model]
    object_id: Any
    action: str
    object_repr: str
    prechange_data: dict | None
    postchange_data: dict | None
    related: tuple[int, Any] | None
    time: datetime

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def row_fields(self) -> dict:
        related_type, related_id = self.related or (None, None)
        return {
            "action": self.action,
            "changed_object_type": self.content_type,
            "changed_object_id": self.object_id,
            "related_object_type_id": related_type,
            "related_object_id": related_id,
            "object_repr": self.object_repr[:200],
            "prechange_data": self.prechange_data,
            "postchange_data": self.postchange_data,
            "time": self.time,
        }


@dataclass
class _Touch:
    model: type[models.Model]
    pk: Any
    time: datetime
    before: ObjectState | None  # None: the object did not exist (it is being created)


@dataclass
class ChangeRecorder:
    """The objects touched during one recording, in the order they were first touched.

    With `flush_on_commit` (a request's recording) the changes are also written as soon as the
    transaction that made them commits, so an entry's "after" is the object as that transaction left
    it, not as a later request may have changed it meanwhile.
    """

    context: ChangeContext
    flush_on_commit: bool = False
    _touched: dict = field(default_factory=dict)

    def changed(self) -> None:
        """A touched object was written: flush once its transaction commits (at once in autocommit; a
        callback of a savepoint that rolls back is dropped with it, and the final flush covers it)."""
        if self.flush_on_commit:
            transaction.on_commit(self._flush_committed)

    def _flush_committed(self) -> None:
        if not self._touched:
            return
        try:
            self.flush()
        except Exception:  # the change happened: never fail the request over its log
            logger.exception("Could not write the change log of request %s", self.context.request_id)

    def touch(self, instance: models.Model, *, adding: bool = False) -> None:
        model = instance._meta.concrete_model
        key = (model, instance.pk)
        if instance.pk is None or key in self._touched:
            return
        before = None if adding else recorder_for(model).read([instance.pk]).get(instance.pk)
        self._touched[key] = _Touch(model, instance.pk, timezone.now(), before)

    def touch_many(self, model: type[models.Model], pks) -> None:
        model = model._meta.concrete_model
        missing = [pk for pk in pks if (model, pk) not in self._touched]
        if not missing:
            return
        now = timezone.now()
        states = recorder_for(model).read(missing)
        for pk in missing:
            self._touched[(model, pk)] = _Touch(model, pk, now, states.get(pk))

    @property
    def touched(self) -> int:
        return len(self._touched)

    def discard(self) -> None:
        self._touched = {}

    def collect(self) -> list[Change]:
        """The changes of every touched object, from its state now (then forgets them)."""
        touched, self._touched = self._touched, {}
        pks_by_model: dict[type, list] = defaultdict(list)
        for touch in touched.values():
            pks_by_model[touch.model].append(touch.pk)
        now_by_model = {model: recorder_for(model).read(pks) for model, pks in pks_by_model.items()}
        changes = []
        for touch in touched.values():
            change = _change_of(touch, now_by_model[touch.model].get(touch.pk))
            if change is not None:
                changes.append(change)
        return changes

    def flush(self) -> list[Change]:
        """Collect and write the changes to the change log (ObjectChange rows, in bulk)."""
        changes = self.collect()
        write_object_changes(changes, self.context)
        return changes


def _change_of(touch: _Touch, after: ObjectState | None) -> Change | None:
    before = touch.before
    if before is None and after is None:
        return None  # created and deleted again, or a creation rolled back
    if before is None:
        action, state = Action.ACTION_CREATE, after
    elif after is None:
        action, state = Action.ACTION_DELETE, before
    elif without_ignored_keys(before.data) == without_ignored_keys(after.data):
        return None  # saved without a change, or the change was rolled back
    else:
        action, state = Action.ACTION_UPDATE, after
    return Change(
        model=touch.model,
        object_id=touch.pk,
        action=action,
        object_repr=state.text,
        prechange_data=before.data if before else None,
        postchange_data=after.data if after else None,
        related=state.related,
        time=touch.time,
    )


def write_object_changes(changes: list[Change], context: ChangeContext) -> int:
    """ObjectChange rows for `changes`, made by the context's user under its request id."""
    if not changes:
        return 0
    user = context.resolve_user()
    common = {
        "user": user,
        "user_name": user.get_username()[:150] if user is not None else "",
        "request_id": context.request_id,
        "change_context": context.source,
        "change_context_detail": context.detail[:400],
        "job_result_id": context.job_result_id,
    }
    rows = [ObjectChange(**common, **change.row_fields()) for change in changes]
    ObjectChange.objects.bulk_create(rows, batch_size=WRITE_BATCH)
    if _committed_listeners:
        transaction.on_commit(lambda: announce_committed(rows, context))
    return len(rows)


# --- After the commit ------------------------------------------------------------------------------------
CommittedListener = Callable[[list[ObjectChange], ChangeContext], None]
_committed_listeners: list[CommittedListener] = []


def on_changes_committed(listener: CommittedListener) -> None:
    """Call `listener(rows, context)` with the change log rows of each transaction once it has committed."""
    if listener not in _committed_listeners:
        _committed_listeners.append(listener)


def announce_committed(rows: list[ObjectChange], context: ChangeContext) -> None:
    for listener in list(_committed_listeners):
        try:
            listener(rows, context)
        except Exception:  # the changes are committed: a listener's failure must not undo the caller's work
            logger.exception("A listener of committed changes failed (request %s)", context.request_id)


# --- The active recording ------------------------------------------------------------------------------
_current: ContextVar[ChangeRecorder | None] = ContextVar("change_recorder", default=None)


@contextmanager
def recording(context: ChangeContext, *, flush_on_commit: bool = False) -> Iterator[ChangeRecorder]:
    """Record the changes made in this block (in this thread); the caller collects or flushes them
    (and with `flush_on_commit` they are also written as each transaction commits)."""
    recorder = ChangeRecorder(context, flush_on_commit)
    token = _current.set(recorder)
    try:
        yield recorder
    finally:
        _current.reset(token)


def touch(instance: models.Model) -> None:
    """Record `instance` as about to change when it is changed without a signal (a queryset update)."""
    recorder = _current.get()
    if recorder is not None and isinstance(instance, ChangeLoggedMixin):
        recorder.touch(instance)


# --- Signals ---------------------------------------------------------------------------------------------
def _saving(sender, instance, raw: bool = False, **kwargs) -> None:
    recorder = _current.get()
    if recorder is not None and not raw:
        recorder.touch(instance, adding=instance._state.adding)


def _deleting(sender, instance, **kwargs) -> None:
    recorder = _current.get()
    if recorder is not None:
        recorder.touch(instance)


def _written(sender, instance=None, raw: bool = False, action: str = "", **kwargs) -> None:
    """After a save, a delete or a relation change (not its pre_ part)."""
    recorder = _current.get()
    if recorder is not None and not raw and not action.startswith("pre_"):
        recorder.changed()


def _relations_changing(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    recorder = _current.get()
    if recorder is None or action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if isinstance(instance, ChangeLoggedMixin):
        recorder.touch(instance)
    if reverse and issubclass(model, ChangeLoggedMixin):
        if pk_set is None:  # a reverse clear: every object holding this one
            pk_set = _holders(sender, instance, model)
        recorder.touch_many(model, pk_set)


def _holders(through: type[models.Model], instance: models.Model, model: type[models.Model]) -> list:
    """The `model` objects linked to `instance` through the many-to-many table `through`."""
    to_instance = to_model = None
    for relation in through._meta.concrete_fields:
        if relation.many_to_one and relation.related_model is model and to_model is None:
            to_model = relation
        elif relation.many_to_one and isinstance(instance, relation.related_model):
            to_instance = relation
    if to_instance is None or to_model is None:
        return []
    return list(
        through._default_manager.filter(**{to_instance.attname: instance.pk}).values_list(
            to_model.attname, flat=True
        )
    )


def change_logged_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ChangeLoggedMixin) and not model._meta.proxy and not model._meta.abstract
    ]


def connect_change_logging() -> None:
    """Listen to the change-logged models only: a delete listener on every model would stop Django's
    fast deletes (of log lines, say)."""
    for model in change_logged_models():
        uid = f"changelog.{model._meta.label_lower}"
        pre_save.connect(_saving, sender=model, dispatch_uid=f"{uid}.save")
        post_save.connect(_written, sender=model, dispatch_uid=f"{uid}.saved")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"{uid}.delete")
        post_delete.connect(_written, sender=model, dispatch_uid=f"{uid}.deleted")
        for relation in model._meta.many_to_many:
            through = relation.remote_field.through
            m2m_changed.connect(
                _relations_changing, sender=through, dispatch_uid=f"{uid}.{relation.name}.m2m"
            )
            m2m_changed.connect(_written, sender=through, dispatch_uid=f"{uid}.{relation.name}.m2m_done")
    # Django sends a proxy's saves and deletes as the proxy's (a DeviceRole is a Role seen for devices); they
    # are recorded as the concrete model's, like any other. Its relations' signals are the concrete model's.
    for model in apps.get_models():
        if model._meta.proxy and issubclass(model, ChangeLoggedMixin):
            uid = f"changelog.{model._meta.label_lower}"
            pre_save.connect(_saving, sender=model, dispatch_uid=f"{uid}.save")
            post_save.connect(_written, sender=model, dispatch_uid=f"{uid}.saved")
            pre_delete.connect(_deleting, sender=model, dispatch_uid=f"{uid}.delete")
            post_delete.connect(_written, sender=model, dispatch_uid=f"{uid}.deleted")
