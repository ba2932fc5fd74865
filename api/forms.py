from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Committee


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. ”Kolada-import, BUN”.")
    )
    committee = forms.ModelChoiceField(
        label=_("Får skriva för"),
        queryset=Committee.objects.active().order_by("sort_order", "name"),
        required=False,
        empty_label=_("Alla nämnder (strateg)"),
        help_text=_("En nyckel för en nämnd får bara skriva värden för indikatorer till den nämndens mål."),
    )
