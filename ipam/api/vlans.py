"""What the VLAN serializer adds to its declared fields."""

from __future__ import annotations

from core.api.serializers import BaseModelSerializer


class VLANSerializerBase(BaseModelSerializer):
    """Uniqueness within a group is the model's to check (a 400 naming `vid` or `name`): DRF's own check of the
    (group, vid) constraint would make `group` required, when a global VLAN has none."""

    class Meta:
        validators: list = []
