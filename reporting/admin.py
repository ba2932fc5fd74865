from __future__ import annotations

from django.contrib import admin

from portal.admin_site import ReadOnly
from reporting.models import (
    BalanceAdjustment,
    CalendarEvent,
    CompiledReport,
    DeficitWaiver,
    EqualisationRule,
    ReportDate,
    TaxBaseGrowth,
)


class BalanceAdjustmentInline(admin.TabularInline):
    model = BalanceAdjustment
    extra = 0


@admin.register(ReportDate)
class ReportDateAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "outcome_imported_at"]
    list_filter = ["kind"]
    inlines = [BalanceAdjustmentInline]


@admin.register(EqualisationRule)
class EqualisationRuleAdmin(admin.ModelAdmin):
    list_display = ["threshold_percent", "reserve_share_percent", "average_years", "opening_year"]


@admin.register(TaxBaseGrowth)
class TaxBaseGrowthAdmin(admin.ModelAdmin):
    list_display = ["year", "percent", "source"]


@admin.register(DeficitWaiver)
class DeficitWaiverAdmin(admin.ModelAdmin):
    list_display = ["year", "amount", "decision_reference", "created_at"]
    search_fields = ["decision_reference", "reason"]


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    """Written by the portal's own steps only: read here, never made, changed or removed by hand."""


@admin.register(CompiledReport)
class CompiledReportAdmin(ReadOnlyAdmin):
    """The compilation task writes it and the strategist publishes it (reporting/services_compiled.py); a
    published report is the record of what the council adopted, and a draft is compiled again in place."""

    list_display = ["__str__", "state", "progress", "compiled_at", "published_at", "decision_reference"]
    list_filter = ["state", "progress"]
    # The rendered page and its summary are long: the report's own page shows them (…/sammanstallning/).
    exclude = ["content_html", "content"]


@admin.register(CalendarEvent)
class CalendarEventAdmin(ReadOnlyAdmin):
    """The calendar task's log (reporting/calendar_tasks.py): removing an event would make the task do it again."""

    list_display = ["key", "done_at", "detail"]
    search_fields = ["key", "detail"]
