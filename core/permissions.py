"""The one answer to "which objects of this type may this user do this action on", for UI, API and CLI.

The grants themselves are the users app's (its ObjectPermission rows); it hands them over through
`set_grant_source()` when Django starts (users/apps.py), as core sits below the apps built on it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, Q, QuerySet

_CACHE_ATTRIBUTE = "_object_permission_cache"
UNCONSTRAINED = None  # marker in the cache: at least one permission grants the action without constraints

Grants = dict[str, list[dict] | None]  # permission name → constraint dicts (ORed), or UNCONSTRAINED
_grant_source: Callable[[object], Grants] | None = None


def set_grant_source(source: Callable[[object], Grants]) -> None:
    """The function that reads a user's grants (users.grants.grants_of)."""
    global _grant_source
    _grant_source = source


def permission_name(model: type[Model] | Model, action: str) -> str:
    """`<app_label>.<action>_<model_name>`, e.g. `dcim.view_site` or `extras.run_job`."""
    meta = model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def split_permission_name(name: str) -> tuple[str, str, str]:
    """`dcim.view_site` → (`dcim`, `view`, `site`)."""
    app_label, codename = name.split(".", 1)
    action, model_name = codename.split("_", 1)
    return app_label, action, model_name


def object_permissions_for(user) -> Grants:
    """Map permission name → list of constraint dicts (ORed), or UNCONSTRAINED; cached on the user object."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if _grant_source is None:
        raise RuntimeError("No permission grants source is registered: the users app was not loaded.")
    result = _grant_source(user)
    setattr(user, _CACHE_ATTRIBUTE, result)
    return result


def clear_permission_cache(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _substitute(value, user):
    if value == "$user":
        return user.pk
    if isinstance(value, list):
        return [_substitute(item, user) for item in value]
    return value


def constraints_q(constraints: list[dict], user) -> Q:
    """OR of the constraint dicts, each an AND of its lookups; `$user` stands for the requesting user."""
    query = Q()
    for constraint in constraints:
        query |= Q(**{key: _substitute(value, user) for key, value in constraint.items()})
    return query


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# NetBox's names for the permissions on scripts and reports, which are jobs here.
PERMISSION_ALIASES = {
    "extras.run_script": "extras.run_job",
    "extras.view_script": "extras.view_job",
    "extras.run_report": "extras.run_job",
    "extras.view_report": "extras.view_job",
}


def canonical_permission(name: str) -> str:
    """The permission `name` stands for: `extras.run_script` (NetBox) is `extras.run_job`."""
    return PERMISSION_ALIASES.get(name, name)


def user_has_perm(user, name: str) -> bool:
    """Does any permission grant this action on this type (ignoring constraints)?"""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return canonical_permission(name) in object_permissions_for(user)


def restrict_queryset(queryset: QuerySet, user, action: str = "view") -> QuerySet:
    """Narrow `queryset` to the objects `user` may perform `action` on. Superusers see everything."""
    if not _active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    name = permission_name(queryset.model, action)
    grants = object_permissions_for(user)
    if name not in grants:
        return queryset.none()
    constraints = grants[name]
    if constraints is UNCONSTRAINED:
        return queryset
    # A subquery rather than .distinct(): constraints may traverse to-many relations without duplicating rows.
    allowed = queryset.model._base_manager.filter(constraints_q(constraints, user)).values("pk")
    return queryset.filter(pk__in=allowed)


def restrict_as_own_endpoint(queryset: QuerySet, user, action: str = "view") -> QuerySet:
    """`queryset` narrowed as its own endpoint narrows it: a model whose queryset has its own `restrict()`
    (job results: also by their job's visibility) uses it, any other gets restrict_queryset()."""
    restrict = getattr(queryset, "restrict", None)
    if restrict is not None:
        return restrict(user, action)
    return restrict_queryset(queryset, user, action)


def sees_all(user, model: type[Model], action: str = "view") -> bool:
    """Whether `user` may perform `action` on every object of `model` (superuser, or an unconstrained grant)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    grants = object_permissions_for(user)
    name = permission_name(model, action)
    return name in grants and grants[name] is UNCONSTRAINED


def user_can(user, action: str, obj: Model) -> bool:
    """May `user` perform `action` on this particular object?"""
    queryset = type(obj)._default_manager.filter(pk=obj.pk)
    return restrict_queryset(queryset, user, action).exists()
