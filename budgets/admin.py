from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db import models

from budgets.models import (
    BudgetDocument,
    DocumentText,
    InvestmentBudget,
    OperatingBudget,
    StatedTotal,
    StatementAmount,
    StatementLine,
)
from portal.markdown import MarkdownField

# A budget text is Markdown, shown to everyone who reads the budget: as long as a form lets any Markdown be.
MARKDOWN_TEXT: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.TextField: {"form_class": MarkdownField}
}


class DocumentTextInline(admin.StackedInline):
    model = DocumentText
    extra = 0
    formfield_overrides = MARKDOWN_TEXT


class StatedTotalInline(admin.TabularInline):
    model = StatedTotal
    extra = 0


@admin.register(BudgetDocument)
class BudgetDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "plan_years", "status", "decision_reference", "decision_date"]
    list_filter = ["status"]
    inlines = [StatedTotalInline, DocumentTextInline]


class StatementAmountInline(admin.TabularInline):
    model = StatementAmount
    extra = 0


@admin.register(StatementLine)
class StatementLineAdmin(admin.ModelAdmin):
    list_display = ["label", "document", "statement", "role", "is_total", "sort_order"]
    list_filter = ["document", "statement", "is_total"]
    search_fields = ["label"]
    inlines = [StatementAmountInline]


@admin.register(StatementAmount)
class StatementAmountAdmin(admin.ModelAdmin):
    list_display = ["line", "year", "basis", "amount"]
    list_filter = ["line__document", "line__statement", "year", "basis"]
    list_select_related = ["line"]


@admin.register(OperatingBudget)
class OperatingBudgetAdmin(admin.ModelAdmin):
    list_display = ["committee", "document", "year", "basis", "amount"]
    list_filter = ["document", "year", "committee"]
    list_select_related = ["committee", "document"]


@admin.register(InvestmentBudget)
class InvestmentBudgetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "area", "committee", "year", "amount"]
    list_filter = ["document", "area", "year"]
    list_select_related = ["committee", "document"]


@admin.register(DocumentText)
class DocumentTextAdmin(admin.ModelAdmin):
    list_display = ["heading", "document", "sort_order"]
    list_filter = ["document"]
    formfield_overrides = MARKDOWN_TEXT


@admin.register(StatedTotal)
class StatedTotalAdmin(admin.ModelAdmin):
    list_display = ["label", "document", "table", "year", "amount"]
    list_filter = ["document", "table"]
