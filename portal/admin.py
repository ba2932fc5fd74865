from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import Committee, Membership, Municipality, User

admin.site.site_header = _("Styrportal – administration")
admin.site.site_title = _("Styrportal")
admin.site.index_title = _("Användare, nämnder och grunddata")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user", "committee"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users and their roles. Django's staff, superuser and permission fields are left out:
    access is decided by roles (groups and memberships) in portal/rules.py alone."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "groups"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personuppgifter"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Roller"), {"fields": ["is_active", "groups"]}),
        (_("Viktiga datum"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_number", "separation_of_duties"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["role", "committee"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "committee__name"]
    autocomplete_fields = ["user", "committee"]
