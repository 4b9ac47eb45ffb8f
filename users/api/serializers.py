"""Serializers of the users API: user accounts, read-only (they are managed in the admin)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework import serializers

from core.api.links import ObjectUrlField
from core.api.serializers import DisplayField


class NestedGroupSerializer(serializers.ModelSerializer):
    display = DisplayField()

    class Meta:
        model = Group
        fields = ["id", "display", "name"]


class UserSerializer(serializers.HyperlinkedModelSerializer):
    """An account, with its groups (Nautobot 1.x's shape): also what the change log records of a user."""

    id = serializers.UUIDField(read_only=True)
    url = ObjectUrlField(view_name="users-api:user-detail")
    display = DisplayField()
    groups = NestedGroupSerializer(many=True, read_only=True)

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "url",
            "display",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
            "groups",
        ]
        read_only_fields = fields
