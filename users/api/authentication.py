"""Token authentication: `Authorization: Token <key>` (or `Bearer <key>`, as NetBox 4.5 clients send it);
unknown, expired or inactive → 403 with a reason."""

from __future__ import annotations

from contextlib import suppress

from django.db import DatabaseError
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.authentication import get_authorization_header

from users.models import Token

LAST_USED_RESOLUTION_SECONDS = 60  # avoid a write on every request


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"
    model = Token

    def authenticate(self, request):
        # An instance serves one request (DRF makes them per request): DRF's own parsing under either keyword.
        words = get_authorization_header(request).split()
        if words and words[0].lower() == b"bearer":
            self.keyword = "Bearer"
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        token = Token.objects.for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token")
        if token.is_expired:
            raise exceptions.AuthenticationFailed("Token expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive")
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            # Best effort: a failed bookkeeping write must not fail the request.
            with suppress(DatabaseError):
                Token.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token
