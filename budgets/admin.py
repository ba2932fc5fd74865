from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest

from budgets.models import (
    BudgetDocument,
    BudgetRevision,
    DocumentText,
    InvestmentBudget,
    OperatingBudget,
    StatedTotal,
    StatementAmount,
    StatementLine,
)
from budgets.services_history import FigureSnapshot, document_ids_of
from portal.markdown import MarkdownField

# A budget text is Markdown, shown to everyone who reads the budget: as long as a form lets any Markdown be.
MARKDOWN_TEXT: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.TextField: {"form_class": MarkdownField}
}


class RecordsFigureChanges(admin.ModelAdmin):
    """Keeps what an administrator changes in a document's figures in its history, like an import does.

    The admin saves the object, then its inlines, in one transaction: the figures are read before the first
    and compared after the last (budgets/services_history.py).
    """

    SNAPSHOT = "_budget_figures_before"

    def save_model(self, request: HttpRequest, obj: Any, form: BaseModelForm[Any], change: bool) -> None:
        setattr(request, self.SNAPSHOT, FigureSnapshot(document_ids_of(obj)))
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: BaseModelForm[Any], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        snapshot: FigureSnapshot | None = getattr(request, self.SNAPSHOT, None)
        if snapshot is not None:
            delattr(request, self.SNAPSHOT)
            snapshot.record(
                actor=request.user,  # type: ignore[arg-type]
                source=BudgetRevision.Source.ADMIN,
                also=document_ids_of(form.instance),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        snapshot = FigureSnapshot(document_ids_of(obj))
        super().delete_model(request, obj)
        snapshot.record(actor=request.user, source=BudgetRevision.Source.ADMIN)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        ids: set[int | None] = set()
        for obj in queryset:
            ids |= document_ids_of(obj)
        snapshot = FigureSnapshot(ids)
        super().delete_queryset(request, queryset)
        snapshot.record(actor=request.user, source=BudgetRevision.Source.ADMIN)  # type: ignore[arg-type]


class DocumentTextInline(admin.StackedInline):
    model = DocumentText
    extra = 0
    formfield_overrides = MARKDOWN_TEXT


class StatedTotalInline(admin.TabularInline):
    model = StatedTotal
    extra = 0


@admin.register(BudgetDocument)
class BudgetDocumentAdmin(RecordsFigureChanges):
    list_display = ["title", "year", "plan_years", "status", "decision_reference", "decision_date"]
    list_filter = ["status"]
    inlines = [StatedTotalInline, DocumentTextInline]


class StatementAmountInline(admin.TabularInline):
    model = StatementAmount
    extra = 0


@admin.register(StatementLine)
class StatementLineAdmin(RecordsFigureChanges):
    list_display = ["label", "document", "statement", "role", "is_total", "sort_order"]
    list_filter = ["document", "statement", "is_total"]
    search_fields = ["label"]
    inlines = [StatementAmountInline]


@admin.register(StatementAmount)
class StatementAmountAdmin(RecordsFigureChanges):
    list_display = ["line", "year", "basis", "amount"]
    list_filter = ["line__document", "line__statement", "year", "basis"]
    list_select_related = ["line"]


@admin.register(OperatingBudget)
class OperatingBudgetAdmin(RecordsFigureChanges):
    list_display = ["committee", "document", "year", "basis", "amount"]
    list_filter = ["document", "year", "committee"]
    list_select_related = ["committee", "document"]


@admin.register(InvestmentBudget)
class InvestmentBudgetAdmin(RecordsFigureChanges):
    list_display = ["__str__", "document", "area", "committee", "year", "amount"]
    list_filter = ["document", "area", "year"]
    list_select_related = ["committee", "document"]


@admin.register(DocumentText)
class DocumentTextAdmin(admin.ModelAdmin):
    list_display = ["heading", "document", "sort_order"]
    list_filter = ["document"]
    formfield_overrides = MARKDOWN_TEXT


@admin.register(StatedTotal)
class StatedTotalAdmin(RecordsFigureChanges):
    list_display = ["label", "document", "table", "year", "amount"]
    list_filter = ["document", "table"]
