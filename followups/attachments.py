"""Attachments on a follow-up's sections: the upload (size limit, type read from the file's own bytes, stored
through Django's storage API) and the download (only for those who may read the follow-up).

The type the browser sends is not trusted: the first bytes say what the file
is (``sniff``). PDF, PNG, JPEG and GIF are known by their signature; xlsx and
docx are ZIP archives whose member names say which (``xl/`` or ``word/``, with
``[Content_Types].xml``). Anything else is refused with a sentence that says
what is accepted, and nothing is stored.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from followups.access import get_followup_for_user
from followups.models import Assessment, AssignmentReport, Attachment, FollowUp
from portal.access import request_user
from portal.models import User

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCEPTED = {PDF, XLSX, DOCX, "image/png", "image/jpeg", "image/gif"}
EXTENSIONS = {PDF: ".pdf", XLSX: ".xlsx", DOCX: ".docx", "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}


def sniff(upload: Any) -> str | None:
    """The file's type as its own bytes show it, or None when it is none of the accepted ones."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(name.startswith("xl/") for name in names):
                return XLSX
            if any(name.startswith("word/") for name in names):
                return DOCX
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def section_choices(assessments: list[Assessment], reports: list[AssignmentReport]) -> list[tuple[str, str]]:
    """The sections a file may be attached to, as (key, name): the editor's anchors. No queries (the assessments
    with their goals, the reports with their assignments)."""
    return [
        *((f"assessment-{a.pk}", _("Bedömning: %(goal)s") % {"goal": a.goal.title}) for a in assessments),
        ("financial", _("Ekonomiskt utfall")),
        ("investments", _("Investeringar")),
        ("events", _("Väsentliga händelser")),
        *((f"assignment-{r.pk}", _("Uppdrag: %(title)s") % {"title": r.assignment.title}) for r in reports),
    ]


def sections(followup: FollowUp) -> list[tuple[str, str]]:
    """``section_choices`` of the follow-up, read: two queries."""
    return section_choices(
        list(Assessment.objects.filter(followup=followup).select_related("goal").order_by("goal__sort_order")),
        list(AssignmentReport.objects.filter(followup=followup).select_related("assignment")),
    )


class AttachmentForm(forms.Form):
    section = forms.ChoiceField(label=gettext_lazy("Avsnitt"))
    file = forms.FileField(
        label=gettext_lazy("Fil (PDF, xlsx, docx eller bild)"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.xlsx,.docx,.png,.jpg,.jpeg,.gif"}),
        error_messages={
            "required": gettext_lazy("Välj en fil att bifoga."),
            "empty": gettext_lazy("Filen är tom. Välj en fil med innehåll och ladda upp den igen."),
        },
    )

    def __init__(
        self, *args: Any, followup: FollowUp, choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections(followup) if choices is None else choices  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.ATTACHMENT_MAX_BYTES
        if upload.size is not None and upload.size > limit:  # before anything reads it
            raise forms.ValidationError(
                _("Filen är %(size)s MB, men en bilaga får vara högst %(limit)s MB. Förminska den och försök igen.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            )
        kind = sniff(upload)
        if kind is None:
            raise forms.ValidationError(
                _(
                    "Filen är inte en PDF, en Excel- eller Word-fil (xlsx, docx) eller en bild (PNG, JPEG, GIF). "
                    "Spara den i ett av de formaten och ladda upp den igen."
                )
            )
        upload.content_type = kind
        return upload


def attachment_add(
    *, followup: FollowUp, actor: User, section: str, section_name: str, upload: UploadedFile
) -> Attachment:
    """Stores the file through the storage API and records it; refused unless the actor may edit the draft."""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if not actor.has_perm("followups.edit_followup", locked):
            raise PermissionDenied("missing-permission perm=followups.edit_followup")
        name = (upload.name or "bilaga").replace("/", "_").replace("\\", "_")[:200]
        attachment = Attachment(
            followup=locked,
            section=section,
            section_name=section_name,
            name=name,
            content_type=upload.content_type or "",
            size=upload.size or 0,
            uploaded_by=actor,
        )
        attachment.file.save(name, upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)  # nothing stored when the row is not
            raise
    return attachment


@require_POST
@login_required
def attachment_upload(request: HttpRequest, followup: int) -> HttpResponse:
    """Attaches a file to a section of the draft; the editor shows the refusal when there is one."""
    from followups.views import render_editor  # the editor's page, with the refusal in its attachments section

    obj = get_followup_for_user(request, followup)
    if not request.user.has_perm("followups.edit_followup", obj):
        raise PermissionDenied("missing-permission perm=followups.edit_followup")
    form = AttachmentForm(request.POST, request.FILES, followup=obj)
    if not form.is_valid():
        return render_editor(request, obj, attachment_form=form, status=400)
    section = form.cleaned_data["section"]
    attachment_add(
        followup=obj,
        actor=request_user(request),
        section=section,
        section_name=dict(form.fields["section"].choices)[section],  # type: ignore[attr-defined]
        upload=form.cleaned_data["file"],
    )
    return redirect(reverse("followups:followup_edit", args=[obj.pk]) + "#attachments")


@require_GET
@login_required
def attachment_download(request: HttpRequest, followup: int, attachment: int) -> FileResponse:
    """The file, for whoever may read the follow-up (404 for the rest), as a download with its sniffed type."""
    obj = get_followup_for_user(request, followup)
    item = Attachment.objects.filter(followup=obj, pk=attachment).first()
    if item is None:
        raise Http404
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
