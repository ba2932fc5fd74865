"""The internal control in the admin, to read: risk analyses with their risks, control plans and the year's
summaries. A plan's controls and their results are read on the plan's own page and the summary
(/internkontroll/...): the model permission "internalcontrol.view_control" is the portal's committee-level
rule. All of them are written only through the committee's own steps (drafted by the reporter, adopted with a
decision, reopened as a new draft: internalcontrol/services.py), never by hand here."""

from __future__ import annotations

from django.contrib import admin

from internalcontrol.models import ControlPlan, Risk, RiskAnalysis, YearSummary
from portal.admin_site import ReadOnly


class RiskInline(ReadOnly, admin.TabularInline):
    model = Risk
    fields = ["title", "consequence", "probability"]
    extra = 0


DECIDED = ("__str__", "state", "decision_reference", "adopted_at", "adopted_by")


@admin.register(RiskAnalysis)
class RiskAnalysisAdmin(ReadOnly, admin.ModelAdmin):
    list_display = DECIDED
    list_filter = ["year", "state"]
    inlines = [RiskInline]


@admin.register(ControlPlan)
class ControlPlanAdmin(ReadOnly, admin.ModelAdmin):
    list_display = DECIDED
    list_filter = ["year", "state"]


@admin.register(YearSummary)
class YearSummaryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = DECIDED
    list_filter = ["state"]
