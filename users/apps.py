"""Accounts: users, groups, API tokens and object permissions."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Users and permissions"

    def ready(self) -> None:
        from core.models import set_restriction
        from core.permissions import restrict_queryset, set_grant_source
        from users.grants import grants_of

        set_grant_source(grants_of)
        set_restriction(restrict_queryset)
