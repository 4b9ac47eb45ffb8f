"""restrict_queryset / user_has_perm / the auth backend answer from object permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core.permissions import permission_name, restrict_queryset, user_can, user_has_perm
from tests.factories.users import GroupFactory, SuperuserFactory, UserFactory, grant
from users.models import ObjectPermission, Token

pytestmark = pytest.mark.django_db


def test_permission_name_uses_app_label_action_and_model():
    assert permission_name(Token, "view") == "users.view_token"
    assert permission_name(Group, "run") == "auth.run_group"


def test_user_without_permission_sees_nothing():
    user = UserFactory()
    GroupFactory.create_batch(2)
    assert restrict_queryset(Group.objects.all(), user, "view").count() == 0
    assert not user_has_perm(user, "auth.view_group")


def test_superuser_sees_everything():
    GroupFactory.create_batch(3)
    assert restrict_queryset(Group.objects.all(), SuperuserFactory(), "delete").count() == 3


def test_unconstrained_permission_grants_all_objects_for_its_actions_only():
    user = UserFactory()
    GroupFactory.create_batch(2)
    grant(user, Group, ["view"])
    assert restrict_queryset(Group.objects.all(), user, "view").count() == 2
    assert restrict_queryset(Group.objects.all(), user, "change").count() == 0


def test_constraints_limit_objects_and_a_list_means_any_of_them():
    user = UserFactory()
    alpha, beta, _gamma = (GroupFactory(name=name) for name in ("alpha", "beta", "gamma"))
    grant(user, Group, ["view"], constraints=[{"name": "alpha"}, {"name__startswith": "be"}])
    visible = set(restrict_queryset(Group.objects.all(), user, "view"))
    assert visible == {alpha, beta}


def test_unconstrained_grant_wins_over_a_constrained_one():
    user = UserFactory()
    GroupFactory.create_batch(3)
    grant(user, Group, ["view"], constraints={"name": "nothing-matches"})
    grant(user, Group, ["view"])
    assert restrict_queryset(Group.objects.all(), user, "view").count() == 3


def test_permission_given_through_a_group_applies_to_members():
    user = UserFactory()
    team = GroupFactory(name="team")
    user.groups.add(team)
    GroupFactory(name="other")
    grant(user, Group, ["view"], constraints={"name": "team"}, group=team)
    assert list(restrict_queryset(Group.objects.all(), user, "view")) == [team]


def test_disabled_permission_grants_nothing():
    user = UserFactory()
    GroupFactory()
    permission = grant(user, Group, ["view"])
    ObjectPermission.objects.filter(pk=permission.pk).update(enabled=False)
    fresh = type(user).objects.get(pk=user.pk)
    assert restrict_queryset(Group.objects.all(), fresh, "view").count() == 0


def test_user_placeholder_in_constraints_means_the_requesting_user():
    owner, other = UserFactory(), UserFactory()
    Token.create_for(owner)
    Token.create_for(other)
    grant(owner, Token, ["view"], constraints={"user": "$user"})
    assert [token.user for token in restrict_queryset(Token.objects.all(), owner, "view")] == [owner]


def test_inactive_user_has_no_permissions():
    user = UserFactory(is_active=False)
    grant(user, Group, ["view"])
    GroupFactory()
    assert not user_has_perm(user, "auth.view_group")
    assert restrict_queryset(Group.objects.all(), user, "view").count() == 0


def test_backend_has_perm_checks_constraints_against_the_object():
    user = UserFactory()
    mine, theirs = GroupFactory(name="mine"), GroupFactory(name="theirs")
    grant(user, Group, ["change"], constraints={"name": "mine"})
    assert user.has_perm("auth.change_group")
    assert user.has_perm("auth.change_group", mine)
    assert not user.has_perm("auth.change_group", theirs)
    assert user_can(user, "change", mine) and not user_can(user, "change", theirs)


def test_custom_actions_such_as_run_are_permissions_too():
    user = UserFactory()
    grant(user, Group, ["run"])
    assert user.has_perm("auth.run_group")
    assert not user.has_perm("auth.view_group")


def test_sees_all_only_with_an_unconstrained_grant(db):
    from core.permissions import sees_all
    from dcim.models import Site
    from tests.factories.users import SuperuserFactory, UserFactory, grant

    constrained, unconstrained = UserFactory(), UserFactory()
    grant(constrained, Site, ["view"], constraints={"slug": "a"})
    grant(unconstrained, Site, ["view"])
    assert not sees_all(constrained, Site)
    assert sees_all(unconstrained, Site)
    assert not sees_all(unconstrained, Site, "change")
    assert sees_all(SuperuserFactory(), Site, "delete")
