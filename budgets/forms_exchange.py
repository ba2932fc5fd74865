from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


class BudgetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med budgetdokumentet (.xlsx eller .csv)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
        error_messages={
            "required": _("Välj en fil att ladda upp: mallen ifylld, som .xlsx eller .csv."),
            "empty": _(
                "Filen är tom. Fyll i mallen och spara den, eller exportera ett budgetdokument, och ladda upp igen."
            ),
            "invalid": _("Det gick inte att ta emot filen. Välj filen på nytt och ladda upp den igen."),
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.BUDGET_IMPORT_MAX_BYTES
        # Checked on the size the upload reports, before anything reads the file.
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _(
                    "Filen är %(size)s MB, men högst %(limit)s MB tas emot. Ta bort blad, bilder och formatering "
                    "som inte hör till budgetdokumentet, eller spara den som CSV, och ladda upp den igen."
                )
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            )
        return upload
