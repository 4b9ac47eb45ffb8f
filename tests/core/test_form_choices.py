"""Related choices in forms offer only what the user may view: users too, as the users API shows them."""

from __future__ import annotations

import pytest

from core.declarations import declaration_for
from core.forms import restrict_form_querysets
from dcim.models import RackReservation
from tests.factories.users import SuperuserFactory, UserFactory, grant
from users.models import User

pytestmark = pytest.mark.django_db


def user_choices(user) -> set[str]:
    form = restrict_form_querysets(declaration_for(RackReservation).form(), user)
    return set(form.fields["user"].queryset.values_list("username", flat=True))


def test_a_user_who_may_not_view_users_is_offered_only_themself():
    planner, other = UserFactory(username="planner"), UserFactory(username="someone-else")
    grant(planner, RackReservation, ["add"])
    assert user_choices(planner) == {"planner"}
    assert other.username not in user_choices(planner)


def test_users_a_user_may_view_are_offered_with_themself():
    planner = UserFactory(username="planner")
    UserFactory(username="ops-alice")
    UserFactory(username="hidden-bob")
    grant(planner, User, ["view"], constraints={"username__startswith": "ops-"})
    assert user_choices(planner) == {"planner", "ops-alice"}
    assert {"planner", "ops-alice", "hidden-bob"} <= user_choices(SuperuserFactory())
