"""REST views under /api/users/: user accounts, readable by those with `users.view_user`."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.permissions import restrict_queryset
from users.api.serializers import UserSerializer


class UserFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter()

    class Meta:
        model = get_user_model()
        fields = ["username", "is_active", "is_staff", "is_superuser"]


class UserViewSet(ReadOnlyModelViewSet):
    """Nested `user` objects elsewhere link here, so clients that follow `url`s (pynautobot) can."""

    queryset = get_user_model().objects.prefetch_related("groups")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet

    def get_queryset(self):
        return restrict_queryset(super().get_queryset(), self.request.user, "view")
