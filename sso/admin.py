from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sso.models import GroupGrant, GroupMapping, Identity


@admin.register(GroupMapping)
class GroupMappingAdmin(admin.ModelAdmin):
    """The administrator's table: which group at the identity provider gives which role."""

    list_display = ["group", "description", "committee", "committee_role", "municipality_role"]
    list_filter = ["committee", "committee_role", "municipality_role"]
    search_fields = ["group", "description", "committee__name"]
    fieldsets = [
        (None, {"fields": ["group", "description"]}),
        (_("Roll i en nämnd"), {"fields": ["committee", "committee_role"]}),
        (_("Eller roll i hela kommunen"), {"fields": ["municipality_role"]}),
    ]


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    """Made at first sign-in; an administrator may tie an existing user to a provider's subject by hand."""

    list_display = ["user", "subject", "issuer", "last_signed_in_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "subject"]
    readonly_fields = ["groups", "created_at", "last_signed_in_at"]
    raw_id_fields = ["user"]


@admin.register(GroupGrant)
class GroupGrantAdmin(admin.ModelAdmin):
    """Written by sign-ins only: which roles came from groups (and go when the group goes)."""

    list_display = ["user", "role", "committee", "granted_at"]
    list_filter = ["role", "committee"]
    search_fields = ["user__username"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
