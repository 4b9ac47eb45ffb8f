"""Admin pages for users, groups, API tokens and object permissions.

Permissions come from ObjectPermission only (see users.backends), so Django's own per-user and
per-group permission pickers are left off the User and Group pages to avoid suggesting otherwise.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from users.models import ObjectPermission, Token, User

# Object types a permission can be about: the project's own apps plus accounts.
PERMISSION_APP_LABELS = ("dcim", "ipam", "extras", "users", "auth")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    filter_horizontal = ("groups",)
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    fields = ("name",)
    filter_horizontal = ()


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    """Tokens by prefix only; a token created here gets a fresh key, shown once in a message."""

    list_display = ("prefix", "user", "description", "created", "expires", "write_enabled", "last_used")
    list_filter = ("write_enabled",)
    search_fields = ("prefix", "description", "user__username")
    list_select_related = ("user",)
    fields = ("user", "description", "expires", "write_enabled", "prefix", "created", "last_used")
    readonly_fields = ("prefix", "created", "last_used")
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        # The owner of an existing token is fixed: moving a key to another user would hand them its access.
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        key = None
        if not change:
            key = obj.set_new_key()
        super().save_model(request, obj, form, change)
        if key is not None:
            messages.warning(
                request, f"New API key for {obj.user}: {key} — copy it now, it will not be shown again."
            )


@admin.register(ObjectPermission)
class ObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ("name", "enabled", "actions", "constraints", "description")
    list_filter = ("enabled", "object_types")
    search_fields = ("name", "description")
    filter_horizontal = ("object_types", "users", "groups")
    fieldsets = (
        (None, {"fields": ("name", "description", "enabled")}),
        ("What", {"fields": ("object_types", "actions", "constraints")}),
        ("Who", {"fields": ("users", "groups")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "object_types":
            kwargs["queryset"] = ContentType.objects.filter(app_label__in=PERMISSION_APP_LABELS).order_by(
                "app_label", "model"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
