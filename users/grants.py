"""A user's object permissions as core.permissions reads them (registered in users/apps.py)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from core.permissions import UNCONSTRAINED, Grants
from users.models import ObjectPermission


def grants_of(user) -> Grants:
    """Permission name → the constraint dicts of every enabled permission of the user or their groups (ORed),
    or UNCONSTRAINED when one grants the action without constraints."""
    grants: Grants = defaultdict(list)
    permissions = (
        ObjectPermission.objects.filter(enabled=True)
        .filter(Q(users=user) | Q(groups__user=user))
        .distinct()
        .prefetch_related("object_types")
    )
    for permission in permissions:
        constraints = permission.constraint_list()
        for content_type in permission.object_types.all():
            for action in permission.actions:
                name = f"{content_type.app_label}.{action}_{content_type.model}"
                if grants[name] is UNCONSTRAINED:
                    continue
                if constraints:
                    grants[name].extend(constraints)
                else:
                    grants[name] = UNCONSTRAINED
    return dict(grants)
