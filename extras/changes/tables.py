"""Table of change log entries (the global list and each object's Changelog tab)."""

from __future__ import annotations

from core.tables import Column, Table

ACTION = "extras/cells/objectchange_action.html"
OBJECT = "extras/cells/objectchange_object.html"
REQUEST = "extras/cells/objectchange_request.html"


class ObjectChangeTable(Table):
    """The queryset carries user, job result and the changed objects (extras.changes.selectors.object_changes)."""

    default_ordering = "-time"
    columns = (
        Column("time", link=True),
        Column("user_name", label="User"),
        Column("action", template=ACTION),
        Column("changed_object_type", label="Type", template=OBJECT, order_by="changed_object_type__model"),
        Column("object_repr", label="Object", template=OBJECT),
        Column("request_id", label="Request", template=REQUEST, order_by=""),
    )
