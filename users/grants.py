"""A user's object permissions as core.permissions reads them (registered in users/apps.py)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from django.apps import apps
from django.db.models import Q

from core.permissions import UNCONSTRAINED, Grants, split_permission_name
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
    return with_proxy_grants(dict(grants))


@cache
def proxy_names() -> dict[str, list[str]]:
    """`dcim.role` → [`dcim.devicerole`]: each concrete model's proxy models (see with_proxy_grants)."""
    found = defaultdict(list)
    for model in apps.get_models():
        if model._meta.proxy:
            found[model._meta.concrete_model._meta.label_lower].append(model._meta.label_lower)
    return dict(found)


def with_proxy_grants(grants: Grants) -> Grants:
    """A grant on a model also covers its proxy models: a permission on roles covers device roles (the roles
    that apply to devices), as ContentType.get_for_model() names the concrete model for both."""
    for name, constraints in list(grants.items()):
        app_label, action, model_name = split_permission_name(name)
        for proxy in proxy_names().get(f"{app_label}.{model_name}", ()):
            proxy_name = f"{proxy.split('.')[0]}.{action}_{proxy.split('.')[1]}"
            existing = grants.get(proxy_name, [])
            if constraints is UNCONSTRAINED or existing is UNCONSTRAINED:
                grants[proxy_name] = UNCONSTRAINED
            else:
                grants[proxy_name] = [*existing, *constraints]
    return grants
