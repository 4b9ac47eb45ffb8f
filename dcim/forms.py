"""What the inventory's forms add to their declared fields (dcim/declarations/): the models a status applies
to, the models a role applies to, a device's primary addresses among its own, a cable's ends by port kind and id."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core.forms import BootstrapModelForm
from core.permissions import restrict_queryset
from dcim.fields import StatusField
from dcim.models.cables import port_types


class ContentTypeChoiceMixin:
    """Content types labelled by their model's verbose name ("interface") rather than "dcim | interface"."""

    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class ContentTypeChoiceField(ContentTypeChoiceMixin, forms.ModelChoiceField):
    pass


class ContentTypeMultipleChoiceField(ContentTypeChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class PortChoiceField(forms.ModelChoiceField):
    """Ports named with their device ("edge-1 > eth0" style), which is how people tell them apart."""

    def label_from_instance(self, obj) -> str:
        return obj.display


def status_content_types():
    """The content types of every model with a status field (the models a status can apply to)."""
    query = Q(pk__in=[])
    for model in apps.get_models():
        if any(isinstance(field, StatusField) for field in model._meta.fields):
            query |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(query).order_by("model")


def content_types_with_relation(target_label: str):
    """The content types of every model with a foreign key to `target_label` ("dcim.role"): what a role can
    apply to."""
    query = Q(pk__in=[])
    for model in apps.get_models():
        if (
            any(
                field.is_relation
                and field.many_to_one
                and field.related_model._meta.label_lower == target_label
                for field in model._meta.fields
            )
            and model._meta.label_lower != target_label
        ):
            query |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(query).order_by("model")


class SiteFormBase(BootstrapModelForm):
    """A site's status is optional to job code (Nautobot 1.x jobs create sites without one) but, as in
    Nautobot, a person adding or editing a site picks one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].required = True


class StatusFormBase(BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(
        queryset=ContentType.objects.none(), widget=forms.CheckboxSelectMultiple, label="Applies to"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_types"].queryset = status_content_types()


class RoleFormBase(BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(
        queryset=ContentType.objects.none(), widget=forms.CheckboxSelectMultiple, label="Applies to"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_types"].queryset = content_types_with_relation("dcim.role")


class LocationTypeFormBase(BootstrapModelForm):
    content_types = ContentTypeMultipleChoiceField(
        queryset=ContentType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Holds",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_types"].queryset = content_types_with_relation("dcim.location")


class DeviceFormBase(BootstrapModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only addresses already on this device's interfaces can be its primary ones.
        for name, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            field = self.fields[name]
            if self.instance._state.adding:
                field.queryset = field.queryset.none()
                field.help_text = "Assign addresses to the device's interfaces first, then choose one here."
            else:
                field.queryset = field.queryset.filter(
                    assigned_interface__device=self.instance, ip_version=version
                )


def _port_types():
    return ContentType.objects.filter(port_types()).order_by("model")


class CableFormBase(BootstrapModelForm):
    """Both ends by port kind and id; the ends must be ports the user may view."""

    termination_a_type = ContentTypeChoiceField(queryset=_port_types(), label="Port kind (A end)")
    termination_b_type = ContentTypeChoiceField(queryset=_port_types(), label="Port kind (B end)")

    class Meta:
        labels = {"termination_a_id": "Port id (A end)", "termination_b_id": "Port id (B end)"}

    user = None

    def limit_to_user(self, user) -> None:
        self.user = user

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.user is None:
            return cleaned
        for end in ("a", "b"):
            content_type = cleaned.get(f"termination_{end}_type")
            port_id = cleaned.get(f"termination_{end}_id")
            if content_type is None or port_id is None:
                continue
            ports = content_type.model_class()._default_manager.filter(pk=port_id)
            if not restrict_queryset(ports, self.user, "view").exists():
                self.add_error(
                    f"termination_{end}_id", "No port of that kind with this id is visible to you."
                )
        return cleaned
