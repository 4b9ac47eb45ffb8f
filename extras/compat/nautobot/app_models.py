"""`nautobot.apps.models`: the model base classes and fields Nautobot 2.x code names, mapped to this project's."""

from __future__ import annotations

from core.models import BaseModel, ChangeLoggedMixin, RestrictedQuerySet
from dcim.fields import StatusField

__all__ = [
    "BaseModel",
    "ChangeLoggedModel",
    "OrganizationalModel",
    "PrimaryModel",
    "RestrictedQuerySet",
    "StatusField",
]

ChangeLoggedModel = ChangeLoggedMixin
PrimaryModel = BaseModel
OrganizationalModel = BaseModel
