from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kolada.models import FetchChange, FetchRun, GenderSplit, KoladaBinding


@admin.register(KoladaBinding)
class KoladaBindingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "kpi_id", "comparison", "group_title", "comparison_municipality_id", "active"]
    list_filter = ["comparison", "active"]
    search_fields = ["kpi_id", "indicator__name", "group_title"]
    autocomplete_fields = ["indicator"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the fetch only: read here, never made or changed by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FetchChangeInline(admin.TabularInline):
    model = FetchChange
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "indicator",
        "kpi_id",
        "year",
        "kind",
        "old_value",
        "new_value",
        "old_reference_value",
        "new_reference_value",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FetchRun)
class FetchRunAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "state",
        "created_count",
        "changed_count",
        "unchanged_count",
        "missing_count",
        "reference_missing_count",
        "kept_count",
        "deleted_count",
    ]
    list_filter = ["state", "trigger"]
    inlines = [FetchChangeInline]


@admin.register(FetchChange)
class FetchChangeAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "kind", "old_value", "new_value", "run"]
    list_filter = ["kind", "year"]


@admin.register(GenderSplit)
class GenderSplitAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "values", "reference_values"]
