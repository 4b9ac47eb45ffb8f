"""Accounts: users, groups, API tokens and object permissions."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Users and permissions"

    def ready(self) -> None:
        from core.models import set_restriction
        from users.permissions import restrict_queryset

        set_restriction(restrict_queryset)
