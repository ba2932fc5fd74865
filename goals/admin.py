from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern
from simple_history.admin import SimpleHistoryAdmin  # type: ignore[import-untyped]

from goals.models import FocusArea, Goal, Indicator, Measurement, Target, Vision


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Vision)
class VisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "horizon_year", "decision_reference", "decision_date"]
    inlines = [FocusAreaInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "direction", "decimals", "source", "ratio_key", "external_id", "year_rule", "sort_order"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "kind", "committee", "first_year", "last_year", "sort_order"]
    list_filter = ["level", "kind", "committee"]
    search_fields = ["title", "description"]
    filter_horizontal = ["focus_areas", "contributes_to"]
    inlines = [IndicatorInline]


class TargetInline(admin.TabularInline):
    model = Target
    fk_name = "indicator"
    extra = 0
    autocomplete_fields = ["reference_indicator"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "goal", "unit", "source", "ratio_key", "external_id"]
    list_filter = ["source", "goal__level", "goal__kind"]
    search_fields = ["name", "external_id", "goal__title"]
    autocomplete_fields = ["goal"]
    inlines = [TargetInline]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    """Measurements with their revisions: the history page lists every earlier value and who changed it.

    Looking at (and reverting to) a single earlier version is left out: a value is
    corrected by entering it again, which keeps the wrong one in the history too.
    """

    list_display = ["indicator", "year", "period", "basis", "value", "reference_value", "recorded_at"]
    list_filter = ["year", "period", "basis", "indicator__source"]
    search_fields = ["indicator__name", "indicator__external_id", "source"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["recorded_by"]
    object_history_list_template = "goals/admin/measurement_history_list.html"

    def get_urls(self) -> list[URLPattern]:
        return admin.ModelAdmin.get_urls(self)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def save_model(self, request: HttpRequest, obj: Measurement, form: Any, change: bool) -> None:
        obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
