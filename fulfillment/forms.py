"""The strategist's form to start a compilation of goal fulfillment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fulfillment.judging import MajorityCounting
from portal.models import ReportingPeriod


class CompileForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    as_of = forms.ModelChoiceField(
        label=_("Per period"),
        queryset=ReportingPeriod.objects.none(),
        required=False,
        empty_label=_("Hela året"),
        help_text=_("Välj en period för en delårsrapport; annars sammanställs hela året."),
    )
    counting = forms.ChoiceField(
        label=_("Hur majoriteten räknas"), choices=MajorityCounting.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].queryset = ReportingPeriod.objects.order_by("-year", "figures_date", "pk")  # type: ignore[attr-defined]
        self.fields["counting"].initial = settings.FULFILLMENT_MAJORITY_COUNTING

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        as_of, year = cleaned.get("as_of"), cleaned.get("year")
        if as_of is not None and year is not None and as_of.year != year:
            self.add_error(
                "as_of",
                _("Perioden hör till %(year)d. Välj en period i det år som sammanställs.") % {"year": as_of.year},
            )
        return cleaned
