from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from kolada.parsing import MAX_DEPTH
from portal.jsondepth import json_depth

# A saved answer for a few dozen KPIs over some years is well under a megabyte.
MAX_FILE_BYTES = 10 * 1024 * 1024


class ResponseFileForm(forms.Form):
    file = forms.FileField(
        label=_("Sparat svar från Koladas API (.json)"),
        help_text=_(
            "Ett svar från https://api.kolada.se/v3/data/kpi/…, eller en JSON-lista med flera svar "
            "(värden och kommungrupper), sparat på en dator som når Kolada."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        error_messages={
            "required": _("Välj en fil att läsa in: ett sparat svar från Koladas API."),
            "empty": _("Filen är tom. Spara svaret från Kolada på nytt och läs in det igen."),
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Filen är större än %(limit)d MB. Hämta färre nyckeltal eller år åt gången.")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        # Measured before anything is parsed or a run is started: a file nested a thousand levels deep is
        # refused here with a 400, and no fetch run is left behind.
        body = upload.read()
        upload.seek(0)
        if json_depth(body) > MAX_DEPTH:
            raise forms.ValidationError(
                _(
                    "Filen är nästlad i fler än %(limit)d nivåer, vilket inget svar från Koladas API är. Spara "
                    "svaret från Kolada på nytt och läs in det."
                )
                % {"limit": MAX_DEPTH}
            )
        return upload
