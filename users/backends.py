"""Authentication backend whose has_perm() answers from object permissions (constraints included)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.backends import ModelBackend

from core.permissions import (
    canonical_permission,
    object_permissions_for,
    restrict_queryset,
    split_permission_name,
    user_has_perm,
)


class ObjectPermissionBackend(ModelBackend):
    """Passwords as Django's ModelBackend; permissions from ObjectPermission only."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(object_permissions_for(user_obj))

    def has_perm(self, user_obj, perm, obj=None):
        perm = canonical_permission(perm)
        if not user_has_perm(user_obj, perm):
            return False
        if obj is None or user_obj.is_superuser:
            return True
        app_label, action, model_name = split_permission_name(perm)
        model = apps.get_model(app_label, model_name)
        if not isinstance(obj, model):
            return False
        return restrict_queryset(model._default_manager.filter(pk=obj.pk), user_obj, action).exists()

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and user_obj.is_superuser:
            return True
        return any(name.startswith(f"{app_label}.") for name in self.get_all_permissions(user_obj))
