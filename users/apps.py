"""Accounts: users, groups, API tokens and object permissions."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Users and permissions"
