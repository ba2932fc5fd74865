"""The budget document page: the five tables, key ratios, consistency findings and charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from budgets.models import BudgetDocument
from budgets.services import document_charts, document_overview


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
