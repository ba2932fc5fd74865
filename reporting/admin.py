from __future__ import annotations

from django.contrib import admin

from reporting.models import BalanceAdjustment, EqualisationRule, ReportDate, TaxBaseGrowth


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
