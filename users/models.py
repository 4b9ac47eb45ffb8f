"""User, API token and object-permission models."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import BaseModel, ChangeLoggedMixin

TOKEN_KEY_BYTES = 20  # 40 hex characters, as the Nautobot-style clients expect.


class User(ChangeLoggedMixin, AbstractUser):
    """A person or service account. UUID keyed like every other object."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["username"]

    def get_absolute_url(self) -> str:
        return reverse("users:profile")


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenQuerySet(models.QuerySet):
    def for_key(self, key: str) -> Token | None:
        return self.select_related("user").filter(key_hash=hash_token_key(key)).first()


class Token(ChangeLoggedMixin, BaseModel):
    """An API key. Only its SHA-256 digest is stored; the key itself is shown once, at creation."""

    changelog_exclude = ("key_hash", "last_used")  # the digest stays out of the change log

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=8, editable=False, help_text="First characters of the key, to recognise it."
    )
    description = models.CharField(max_length=200, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    write_enabled = models.BooleanField(default=True, help_text="Allow POST, PUT, PATCH and DELETE.")
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def get_absolute_url(self) -> str:
        return reverse("users:token_list")

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    def set_new_key(self) -> str:
        """Give this token a fresh random key; returns the key, which is never stored."""
        key = secrets.token_hex(TOKEN_KEY_BYTES)
        self.key_hash = hash_token_key(key)
        self.prefix = key[:8]
        return key

    @classmethod
    def create_for(
        cls,
        user,
        *,
        expires_in_days: int | None = None,
        write_enabled: bool = True,
        description: str = "",
    ) -> tuple[Token, str]:
        """Create a token and return it with its plain key (the only time the key exists)."""
        expires = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        token = cls(user=user, expires=expires, write_enabled=write_enabled, description=description)
        key = token.set_new_key()
        token.save()
        return token, key


def validate_constraints(value) -> None:
    """Constraints are a dict of lookups (ANDed) or a list of such dicts (ORed)."""
    if value in (None, {}, []):
        return
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(key, str) for key in item):
            raise ValidationError("Constraints must be a JSON object of lookups, or a list of such objects.")


def validate_actions(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(a, str) and a.isidentifier() for a in value)
    ):
        raise ValidationError('Actions must be a non-empty list of names, e.g. ["view", "run"].')


class ObjectPermission(ChangeLoggedMixin, BaseModel):
    """Grants actions on object types to users and groups, optionally limited by a JSON filter."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    object_types = models.ManyToManyField(ContentType, related_name="object_permissions")
    actions = models.JSONField(
        validators=[validate_actions],
        help_text='Actions granted, e.g. ["view", "add", "change", "delete"] or custom ones such as "run".',
    )
    constraints = models.JSONField(
        null=True,
        blank=True,
        validators=[validate_constraints],
        help_text='Optional filter of objects covered, e.g. {"status__slug": "active"}; a list means any of them.',
    )
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="object_permissions")
    groups = models.ManyToManyField(Group, blank=True, related_name="object_permissions")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:users_objectpermission_change", args=[self.pk])

    def constraint_list(self) -> list[dict]:
        if not self.constraints:
            return []
        return self.constraints if isinstance(self.constraints, list) else [self.constraints]
