"""The prefixes' viewset: CRUD as declared, and NetBox's and Nautobot's `available-ips` and
`available-prefixes` routes, which list what is free (GET) and allocate it race-free (POST).

The views parse the body, check permissions and answer; picking and creating is ipam/allocation.py's,
inside one transaction holding its allocation lock.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import QueryDict
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api.pagination import LimitOffsetPagination
from core.api.views import ModelViewSet
from core.declarations.fields import has_field
from core.declarations.registry import declaration_for, is_declared
from core.permissions import permission_name, user_has_perm
from ipam import allocation
from ipam.models import IPAddress, Prefix

MAX_OBJECTS_PER_REQUEST = LimitOffsetPagination.max_limit


class AvailableIPSerializer(serializers.Serializer):
    """A free address, as NetBox and Nautobot list it."""

    family = serializers.IntegerField(read_only=True)
    address = serializers.CharField(read_only=True)
    vrf = serializers.DictField(read_only=True, allow_null=True, required=False)


class AvailablePrefixSerializer(serializers.Serializer):
    """A free block, as NetBox and Nautobot list it."""

    family = serializers.IntegerField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    vrf = serializers.DictField(read_only=True, allow_null=True, required=False)


class PrefixLengthSerializer(serializers.Serializer):
    """A requested child prefix: its length, between the parent's (excluded) and the family's maximum."""

    prefix_length = serializers.IntegerField()

    def validate_prefix_length(self, value: int) -> int:
        parent: Prefix = self.context["prefix"]
        longest = 32 if parent.ip_version == 4 else 128
        if not parent.prefix_length < value <= longest:
            raise serializers.ValidationError(
                f"Must be between {parent.prefix_length + 1} and {longest} for a child of {parent}."
            )
        return value


class AllocationBodySerializer(serializers.Serializer):
    """Fields of the object(s) to create (status, description, tenant…); a list allocates several."""

    description = serializers.CharField(required=False)


class PrefixViewSet(ModelViewSet):
    """Prefixes, with the free addresses and blocks inside each."""

    # Set per action: the allocation routes ask for view on the prefix (core/api/permissions.py).
    permission_action_override: str | None = None

    @extend_schema(
        methods=["get"], responses={200: AvailableIPSerializer(many=True)}, request=None, filters=False
    )
    @extend_schema(methods=["post"], request=AllocationBodySerializer, responses={201: AvailableIPSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="available-ips",
        permission_action_override="view",  # of the prefix; POST also needs add on IP addresses (below)
        filterset_class=None,
        pagination_class=None,
    )
    def available_ips(self, request, pk=None):
        """GET: the first free addresses (`?limit=`, as NetBox's); POST: create the next free one(s)."""
        prefix = self._parent(pk)
        if request.method == "POST":
            return self._allocate_ips(request, prefix)
        limit = LimitOffsetPagination().get_limit(request)
        available = allocation.iter_available_ips(prefix)
        vrf = self._vrf(prefix, request)
        rows = []
        for address in available:
            if len(rows) == limit:
                break
            rows.append({"family": address.version, "address": str(address), **vrf})
        return Response(rows)

    @extend_schema(
        methods=["get"], responses={200: AvailablePrefixSerializer(many=True)}, request=None, filters=False
    )
    @extend_schema(
        methods=["post"], request=PrefixLengthSerializer, responses={201: AvailablePrefixSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="available-prefixes",
        permission_action_override="view",  # of the prefix; POST also needs add on prefixes (below)
        filterset_class=None,
        pagination_class=None,
    )
    def available_prefixes(self, request, pk=None):
        """GET: every free block; POST `{"prefix_length": 30}` (or a list): create the next free one(s)."""
        prefix = self._parent(pk)
        if request.method == "POST":
            return self._allocate_prefixes(request, prefix)
        vrf = self._vrf(prefix, request)
        blocks = allocation.available_prefixes(prefix).iter_cidrs()
        return Response([{"family": block.version, "prefix": str(block), **vrf} for block in blocks])

    # --- Allocation --------------------------------------------------------------------------------------

    def _allocate_ips(self, request, prefix: Prefix) -> Response:
        self._require_add(IPAddress)
        items, many = requested_objects(request.data)
        with transaction.atomic():
            allocation.lock_allocations()
            addresses = allocation.next_free_ips(prefix, len(items))
            payload = [
                self._with_defaults(prefix, IPAddress, item, address=str(address))
                for item, address in zip(items, addresses, strict=True)
            ]
            return self._create(IPAddress, payload, many)

    def _allocate_prefixes(self, request, prefix: Prefix) -> Response:
        self._require_add(Prefix)
        items, many = requested_objects(request.data)
        lengths = PrefixLengthSerializer(data=items, many=True, context={"prefix": prefix})
        if not lengths.is_valid():
            raise ValidationError(lengths.errors if many else lengths.errors[0])
        with transaction.atomic():
            allocation.lock_allocations()
            wanted = [row["prefix_length"] for row in lengths.validated_data]
            networks = allocation.next_free_prefixes(prefix, wanted)
            payload = [
                self._with_defaults(prefix, Prefix, item, prefix=str(network))
                for item, network in zip(items, networks, strict=True)
            ]
            return self._create(Prefix, payload, many)

    def _create(self, model, payload: list[dict], many: bool) -> Response:
        """Create through the model's own API serializer (so the answer is its shape), constraints re-checked."""
        serializer_class = declaration_for(model).serializer
        context = self.get_serializer_context()
        serializer = serializer_class(data=payload if many else payload[0], many=many, context=context)
        serializer.is_valid(raise_exception=True)
        created = serializer.save()
        for instance in created if many else [created]:
            self._check_constraints(instance, "add")
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def _with_defaults(self, parent: Prefix, model, item: dict, **allocated: str) -> dict:
        data = {"status": {"slug": allocation.DEFAULT_STATUS}, **item, **allocated}
        if has_field(model, "vrf") and has_field(Prefix, "vrf"):
            data["vrf"] = parent.vrf_id  # the parent's VRF, as NetBox and Nautobot copy it
        return data

    # --- Helpers -----------------------------------------------------------------------------------------

    def _parent(self, pk) -> Prefix:
        """The prefix, if the user may view it (as NetBox's routes ask, whatever the method)."""
        try:
            return self.queryset.restrict(self.request.user, "view").get(pk=pk)
        except (Prefix.DoesNotExist, DjangoValidationError, ValueError):
            raise NotFound() from None

    def _require_add(self, model) -> None:
        if not user_has_perm(self.request.user, permission_name(model, "add")):
            raise PermissionDenied(f"You do not have permission to add {model._meta.verbose_name_plural}.")

    def _vrf(self, prefix: Prefix, request) -> dict[str, Any]:
        """`{"vrf": <brief VRF or null>}` where prefixes have VRFs, else nothing."""
        if not has_field(Prefix, "vrf") or not is_declared("ipam.vrf"):
            return {}
        vrf = prefix.vrf
        nested = declaration_for("ipam.vrf").nested_serializer
        return {"vrf": None if vrf is None else nested(vrf, context={"request": request}).data}


def requested_objects(data) -> tuple[list[dict], bool]:
    """The body as a list of objects, and whether it was a list; a 400 naming what is wrong otherwise."""
    many = isinstance(data, list)
    items = data if many else [data]
    if not items:
        raise ValidationError({"non_field_errors": ["Send an object, or a list of at least one object."]})
    if len(items) > MAX_OBJECTS_PER_REQUEST:
        raise ValidationError(
            {"non_field_errors": [f"At most {MAX_OBJECTS_PER_REQUEST} objects per request."]}
        )
    objects = []
    for index, item in enumerate(items):
        if isinstance(item, QueryDict):
            item = item.dict()
        if not isinstance(item, dict):
            where = str(index) if many else "non_field_errors"
            raise ValidationError({where: ["Expected an object of the fields to set."]})
        objects.append(dict(item))
    return objects, many
