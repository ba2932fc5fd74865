"""The strategist's form for an assignment (uppdrag)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.models import Assignment
from portal.models import Committee, validate_year


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["issuer", "owner", "title", "text", "decision_reference", "source", "year", "due_date", "status"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Committee.objects.active().exclude(kind=Committee.Kind.COUNCIL)  # type: ignore[attr-defined]
        self.fields["year"].validators.append(validate_year)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("decision_reference", "").strip() and not cleaned.get("source", "").strip():
            self.add_error(
                "decision_reference",
                _("Ange beslutet som gav uppdraget, t.ex. KF 2025-11-26 § 150, eller var texten kommer ifrån."),
            )
        title, owner, year = cleaned.get("title"), cleaned.get("owner"), cleaned.get("year")
        if title and owner and year:
            same = Assignment.objects.filter(title=title, owner=owner, year=year).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("title", _("Nämnden har redan ett uppdrag med den rubriken det året. Välj en annan."))
        return cleaned
