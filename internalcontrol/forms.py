"""Forms of internal control: a risk, a control, a control's result, the summary and the adopting decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from internalcontrol.matrix import CONSEQUENCE_WORDS, PROBABILITY_WORDS
from internalcontrol.models import Control, ControlResult, Risk
from portal.models import Committee


def _scale(words: dict[int, Any]) -> list[tuple[int, str]]:
    return [(number, f"{number} – {word}") for number, word in words.items()]


class RiskForm(forms.ModelForm):
    consequence = forms.TypedChoiceField(
        label=_("Konsekvens"),
        coerce=int,
        choices=[("", _("Välj")), *_scale(CONSEQUENCE_WORDS)],
        help_text=_("Hur allvarligt det blir om risken inträffar, från 1 (försumbar) till 4 (allvarlig)."),
        error_messages={
            "required": _("Välj konsekvensen, från 1 till 4."),
            "invalid_choice": _("Konsekvensen är ett tal från 1 till 4. Välj ett av dem."),
        },
    )
    probability = forms.TypedChoiceField(
        label=_("Sannolikhet"),
        coerce=int,
        choices=[("", _("Välj")), *_scale(PROBABILITY_WORDS)],
        help_text=_("Hur troligt det är att risken inträffar, från 1 (osannolik) till 4 (mycket sannolik)."),
        error_messages={
            "required": _("Välj sannolikheten, från 1 till 4."),
            "invalid_choice": _("Sannolikheten är ett tal från 1 till 4. Välj ett av dem."),
        },
    )

    class Meta:
        model = Risk
        fields = ["title", "description", "consequence", "probability"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": _("Skriv vad risken är, t.ex. ”Fel vid utbetalning av bidrag”.")},
            "description": {"required": _("Beskriv risken: vad kan gå fel, och varför?")},
        }


class ControlForm(forms.ModelForm):
    class Meta:
        model = Control
        fields = ["risk", "title", "method", "owner", "frequency"]
        widgets = {"method": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "title": _("Vad som kontrolleras, t.ex. ”Attest av leverantörsfakturor”."),
            "method": _("Hur kontrollen görs, t.ex. stickprov på tio fakturor."),
            "owner": _("Vem som gör kontrollen, t.ex. ekonomichefen."),
        }
        error_messages = {
            "risk": {
                "required": _("Välj risken som kontrollmomentet hör till."),
                "invalid_choice": _("Välj en av nämndens risker för året."),
            },
            "title": {"required": _("Skriv vad som kontrolleras.")},
            "method": {"required": _("Skriv hur kontrollen görs.")},
            "owner": {"required": _("Skriv vem som gör kontrollen.")},
            "frequency": {
                "required": _("Välj hur ofta kontrollen görs."),
                "invalid_choice": _("Välj hur ofta kontrollen görs bland alternativen."),
            },
        }

    def __init__(self, *args: Any, risks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["risk"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = risks
        field.empty_label = str(_("Välj en risk"))


YES_NO = [("", _("Välj")), ("1", _("Ja")), ("0", _("Nej"))]


def _yes_no(label: Any, required: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "1",
        error_messages={"required": required, "invalid_choice": required},
    )


class ResultForm(forms.ModelForm):
    performed = _yes_no(_("Utförd"), _("Ange om kontrollen är utförd."))
    deviations = _yes_no(_("Avvikelser hittades"), _("Ange om kontrollen hittade avvikelser."))

    class Meta:
        model = ControlResult
        fields = ["performed", "deviations", "description", "actions"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "actions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "description": _("Vad kontrollen visade, eller varför den inte är utförd."),
            "actions": _("Vad som görs åt avvikelserna."),
        }
        error_messages = {"description": {"required": _("Beskriv resultatet, eller varför kontrollen inte är gjord.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["performed"] = "1" if self.instance.performed else "0"
            self.initial["deviations"] = "1" if self.instance.deviations else "0"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("deviations") and not (cleaned.get("actions") or "").strip():
            self.add_error("actions", _("Avvikelser hittades: skriv vilka åtgärder som vidtas."))
        if cleaned.get("deviations") and cleaned.get("performed") is False:
            self.add_error("deviations", _("En kontroll som inte är utförd kan inte ha hittat avvikelser."))
        return cleaned


class AdoptForm(forms.Form):
    decision_reference = forms.CharField(
        label=_("Beslut"),
        max_length=100,
        error_messages={"required": _("Ange beslutet, till exempel BUN 2026-04-22 § 45, och anta igen.")},
    )

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        example = committee.decision_reference_example or f"{committee.abbreviation} 2026-04-22 § 45"
        self.fields["decision_reference"].help_text = _("Beslutet som protokollet anger det, t.ex. %(example)s.") % {
            "example": example
        }

    def clean_decision_reference(self) -> str:
        reference = " ".join(self.cleaned_data["decision_reference"].split())
        problem = self.committee.decision_reference_problem(reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Sammanfattning och bedömning"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Kommunstyrelsens bedömning av årets interna kontroll i nämnderna och vad som ska förbättras."),
        error_messages={"required": _("Skriv sammanfattningen innan du sparar.")},
    )
