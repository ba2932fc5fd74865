"""Import and export of budget documents: downloads, upload, preview, confirmation.

An upload is parsed once. If it passes every check, what was read is kept
as JSON under ``BUDGET_IMPORT_DIR`` with a random name, which only the
uploader's session knows; the preview and the confirmation work on that, so
what is written is exactly what was previewed, checked again against the
database as it is at the moment of writing.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets import exchange
from budgets.forms_exchange import BudgetUploadForm
from budgets.models import BudgetDocument
from budgets.services_exchange import (
    ImportRefused,
    Preview,
    budget_document_import,
    budget_import_read,
    budget_import_review,
    replacement_confirmation,
)
from portal.access import require_perm

SESSION_KEY = "budget_import"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
KEEP_UPLOADS = datetime.timedelta(days=1)


def _download(data: bytes, filename: str) -> FileResponse:
    content_type = exchange.XLSX_CONTENT_TYPE if filename.endswith(".xlsx") else exchange.CSV_CONTENT_TYPE
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type)


def _write(data: exchange.BudgetExchange, filename: str, file_format: str) -> FileResponse:
    if file_format == "xlsx":
        return _download(exchange.to_xlsx(data), f"{filename}.xlsx")
    return _download(exchange.to_csv(data), f"{filename}.csv")


@require_GET
@login_required
@never_cache
def exchange_index(request: HttpRequest) -> HttpResponse:
    """The documents to download, the template, and (for strategists) the way to import."""
    require_perm(request, "budgets.export_budget")
    return render(
        request,
        "budgets/exchange_index.html",
        {"documents": BudgetDocument.objects.only("year", "title", "status")},
    )


def _template_year() -> int:
    return timezone.localdate().year + 1


@require_GET
@login_required
def exchange_template(request: HttpRequest, file_format: str) -> FileResponse:
    require_perm(request, "budgets.export_budget")
    year = _template_year()
    return _write(exchange.template_exchange(year=year), f"mall-mal-och-budget-{year}", file_format)


@require_GET
@login_required
@never_cache
def exchange_export(request: HttpRequest, year: int, file_format: str) -> FileResponse:
    require_perm(request, "budgets.export_budget")
    document = get_object_or_404(BudgetDocument, year=year)
    return _write(exchange.exchange_from_document(document), f"mal-och-budget-{year}", file_format)


# --- Upload, preview, confirmation ----------------------------------------------


def _upload_dir() -> Path:
    directory = Path(settings.BUDGET_IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _store(preview: Preview, name: str) -> str:
    """Keeps what an upload held for its preview; removes the uploads nobody confirmed within a day."""
    assert preview.exchange is not None
    directory = _upload_dir()
    cutoff = time.time() - KEEP_UPLOADS.total_seconds()
    for old in [*directory.glob("*.json"), *directory.glob("*.upload")]:  # .upload: kept before issue 22
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(32)
    content = {
        "name": name,
        "format": preview.file_format,
        "notes": preview.notes,
        "exchange": exchange.exchange_to_data(preview.exchange),
    }
    (directory / f"{token}.json").write_text(json.dumps(content), encoding="utf-8")
    return token


def _pending(request: HttpRequest) -> tuple[str, str, Preview] | None:
    """The session's upload waiting for confirmation: its token, original name and what was read from it."""
    pending = request.session.get(SESSION_KEY) or {}
    token = pending.get("token", "")
    if not _TOKEN.fullmatch(token):
        return None
    path = _upload_dir() / f"{token}.json"
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        stored = exchange.exchange_from_data(content["exchange"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, ArithmeticError):  # written by another version: upload again
        return None
    return token, str(content["name"]), Preview(content["format"], stored, [], list(content["notes"]))


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    if _TOKEN.fullmatch(pending.get("token", "")):
        (_upload_dir() / f"{pending['token']}.json").unlink(missing_ok=True)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def import_upload(request: HttpRequest) -> HttpResponse:
    require_perm(request, "budgets.import_budget")
    preview = None
    if request.method == "POST":
        form = BudgetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            preview = budget_import_read(data=upload.read())
            if preview.ok:
                _forget(request)
                request.session[SESSION_KEY] = {"token": _store(preview, upload.name)}
                return redirect("budgets:import_preview")
    else:
        form = BudgetUploadForm()
    return render(request, "budgets/import_upload.html", {"form": form, "preview": preview})


@require_GET
@login_required
@never_cache
def import_preview(request: HttpRequest) -> HttpResponse:
    """What the confirmed import would write; writes nothing."""
    require_perm(request, "budgets.import_budget")
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Ingen uppladdad fil väntar på att importeras. Ladda upp filen."))
        return redirect("budgets:import_upload")
    token, name, stored = pending
    preview = budget_import_review(preview=stored)
    return render(
        request,
        "budgets/import_preview.html",
        {
            "preview": preview,
            "token": token,
            "name": name,
            "tables": exchange.display_tables(preview.exchange) if preview.exchange else [],
            "document": preview.exchange.document if preview.exchange else None,
            "confirmation": replacement_confirmation(preview.replaces) if preview.replaces else "",
        },
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    require_perm(request, "budgets.import_budget")
    pending = _pending(request)
    if pending is None or not secrets.compare_digest(request.POST.get("token", ""), pending[0]):
        messages.error(
            request,
            _("Importen gick inte att bekräfta: den granskade filen finns inte längre. Ladda upp filen igen."),
        )
        return redirect("budgets:import_upload")
    name, stored = pending[1], pending[2].exchange
    assert stored is not None
    replaced = BudgetDocument.objects.filter(year=stored.document.year).first()
    if (
        replaced is not None
        and replaced.status == BudgetDocument.Status.ADOPTED
        and request.POST.get("replace_adopted") != replacement_confirmation(replaced)
    ):
        messages.error(
            request,
            _(
                "Budgetdokumentet för %(year)d är antaget och ersätts bara om du bekräftar det: kryssa i rutan "
                "som nämner beslutet och spara igen."
            )
            % {"year": replaced.year},
        )
        return redirect("budgets:import_preview")
    try:
        document = budget_document_import(
            exchange=stored,
            actor=request.user,  # type: ignore[arg-type]
            file_name=name,
        )
    except ImportRefused:
        return redirect("budgets:import_preview")
    _forget(request)
    messages.success(
        request,
        _("Budgetdokumentet för %(year)d är importerat: %(title)s.") % {"year": document.year, "title": document.title},
    )
    return redirect(reverse("budgets:document_year", kwargs={"year": document.year}))
