"""Serializers of the users API: user accounts, read-only (they are managed in the admin)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.api.serializers import DisplayField


class UserSerializer(serializers.HyperlinkedModelSerializer):
    id = serializers.UUIDField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="users-api:user-detail")
    display = DisplayField()

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
        ]
        read_only_fields = fields
