"""Factories for users, groups, tokens and object permissions."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from users.models import ObjectPermission, Token, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("password")


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_superuser = True
    is_staff = True


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"group{n}")


class ObjectPermissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectPermission

    name = factory.Sequence(lambda n: f"permission {n}")
    actions = ["view"]


def grant(user, model, actions, constraints=None, *, group=None) -> ObjectPermission:
    """Give `user` (or `group`) the `actions` on `model`, optionally limited by `constraints`."""
    permission = ObjectPermissionFactory(actions=list(actions), constraints=constraints)
    permission.object_types.add(ContentType.objects.get_for_model(model))
    if group is not None:
        permission.groups.add(group)
    else:
        permission.users.add(user)
    from core.permissions import clear_permission_cache

    clear_permission_cache(user)
    return permission


def token_for(user, **kwargs) -> str:
    """Create a token for `user` and return its plain key."""
    return Token.create_for(user, **kwargs)[1]
