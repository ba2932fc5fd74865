"""The HR editor's form for an employer initiative, and the schedule form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import EmployerInitiative, FocusArea, Goal
from portal.markdown import MarkdownField

SEPARATOR = "|"


def key_figures_text(figures: list[dict[str, str]]) -> str:
    """The key figures as the form shows them: one a line, "label | value | previous"."""
    lines = []
    for figure in figures:
        parts = [figure.get("label", ""), figure.get("value", "")]
        if figure.get("previous"):
            parts.append(figure["previous"])
        lines.append(f" {SEPARATOR} ".join(parts))
    return "\n".join(lines)


class InitiativeForm(forms.ModelForm):
    key_figures_text = forms.CharField(
        label=_("Nyckeltal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ett nyckeltal per rad: benämning | värde | tidigare värde (kan utelämnas). "
            "Till exempel: Friskvårdsbidrag | 2 200 kr | 1 500 kr"
        ),
    )

    class Meta:
        model = EmployerInitiative
        fields = ["title", "slug", "category", "summary", "body", "contact", "focus_areas", "goals", "sort_order"]
        field_classes = {"body": MarkdownField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = FocusArea.objects.order_by("vision", "sort_order")  # type: ignore[attr-defined]
        self.fields["goals"].queryset = Goal.objects.council().adopted().order_by("sort_order", "pk")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["key_figures_text"].initial = key_figures_text(self.instance.key_figures)

    def clean_key_figures_text(self) -> list[dict[str, str]]:
        figures = []
        for number, line in enumerate(self.cleaned_data["key_figures_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(SEPARATOR)]
            if len(parts) not in (2, 3) or not all(parts[:2]):
                raise forms.ValidationError(
                    _("Rad %(line)d: skriv benämning | värde, och eventuellt | tidigare värde.") % {"line": number}
                )
            figures.append({"label": parts[0], "value": parts[1], "previous": parts[2] if len(parts) == 3 else ""})
        return figures

    def values(self) -> dict[str, Any]:
        """What initiative_save writes."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["key_figures"] = self.cleaned_data["key_figures_text"]
        return values


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publiceras"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Satsningen blir synlig på den offentliga webbplatsen vid den här tiden."),
    )
