"""API permission class: model-level object permissions per HTTP method, write-enabled tokens for writes."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.permissions import permission_name, user_has_perm

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class TokenPermissions(BasePermission):
    """Authenticated users only; unsafe methods need a write-enabled token (when a token is used).

    Object-level narrowing is done by the viewset's queryset (`restrict`), so a user with a
    constrained permission sees only matching objects and gets 404 for the others.
    """

    message = "You do not have permission to perform this action."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        token = request.auth
        if (
            request.method not in SAFE_METHODS
            and token is not None
            and not getattr(token, "write_enabled", True)
        ):
            self.message = "This token does not have write permission."
            return False
        action = getattr(view, "permission_action_override", None) or METHOD_ACTIONS.get(request.method)
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None or action is None:
            return True
        return user_has_perm(user, permission_name(model, action))
