"""The budget document page: the five tables, key ratios, consistency findings and charts; and its history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from budgets.models import BudgetDocument
from budgets.services import document_charts, document_overview
from budgets.services_history import document_history as document_history_rows


def _render_document(request: HttpRequest, document: BudgetDocument | None) -> HttpResponse:
    context: dict[str, object] = {
        "document": document,
        "documents": BudgetDocument.objects.only("year", "title", "status"),
    }
    if document is not None:
        overview = document_overview(document)
        context |= {"overview": overview, "charts": document_charts(overview)}
    return render(request, "budgets/document.html", context)


@require_GET
@login_required
@permission_required("budgets.view_budget", raise_exception=True)
def document(request: HttpRequest) -> HttpResponse:
    """The latest adopted document; a page saying there is none yet otherwise."""
    return _render_document(request, BudgetDocument.objects.adopted().first())


@require_GET
@login_required
@permission_required("budgets.view_budget", raise_exception=True)
def document_year(request: HttpRequest, year: int) -> HttpResponse:
    return _render_document(request, get_object_or_404(BudgetDocument, year=year))


@require_GET
@login_required
@permission_required("budgets.view_budget", raise_exception=True)
def document_history(request: HttpRequest, year: int) -> HttpResponse:
    """Every change of the document's figures, newest first: who, when, through what, old and new value."""
    document = get_object_or_404(BudgetDocument, year=year)
    return render(request, "budgets/history.html", {"document": document, "revisions": document_history_rows(document)})
