"""Forms of the follow-up editor (one per section), of the workflow steps and of a reporting period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from followups.computations import explanation_required, implausible
from followups.models import (
    Assessment,
    AssignmentReport,
    FinancialOutcome,
    FollowUp,
    IndicatorValue,
    InvestmentOutcome,
    KeyEvents,
)
from goals.status import Status
from portal.formatting import format_number
from portal.markdown import MarkdownField
from portal.models import ReportingPeriod
from portal.numbers import DecimalInputField, significant_decimals

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class SectionForm(forms.ModelForm):
    """A section with the version it was edited from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def content(self) -> dict[str, Any]:
        """The cleaned values of the section's content fields."""
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class AssessmentForm(SectionForm):
    class Meta:
        model = Assessment
        fields = ["status", "forecast_status", "analysis", "measures"]
        field_classes = {"analysis": MarkdownField, "measures": MarkdownField}
        widgets = {"analysis": TEXTAREA, "measures": TEXTAREA}

    def __init__(self, *args: Any, has_forecast: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forecast_status"].choices = [("", _("– välj –")), *Status.choices]  # type: ignore[attr-defined]
        if not has_forecast:
            del self.fields["forecast_status"]


CONFIRMED = "confirmed"  # the reporter's word that an unusual value is right


class IndicatorValueForm(SectionForm):
    class Meta:
        model = IndicatorValue
        fields = ["value", "reference_value", "comment"]
        field_classes = {"value": DecimalInputField, "reference_value": DecimalInputField}

    def __init__(self, *args: Any, compare_with: tuple[Decimal, str] | None = None, **kwargs: Any) -> None:
        """``compare_with``: the value a new one is checked against (the last outcome, else the target) and
        what it is, e.g. "utfallet Helår 2025"."""
        super().__init__(*args, **kwargs)
        self.compare_with = compare_with
        if self.instance.indicator_id:  # the value is shown with the indicator's own decimals
            for name in ("value", "reference_value"):
                self.fields[name].display_decimals = self.instance.indicator.decimals  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get("value")
        if value is None or self.compare_with is None or self.data.get(self.add_prefix(CONFIRMED)):
            return cleaned
        reference, what = self.compare_with
        indicator = self.instance.indicator
        if implausible(value, reference, indicator.plausible_factor):
            decimals = indicator.decimals
            self.add_error(
                "value",
                _(
                    "%(value)s är mer än %(factor)s gånger så stort eller litet som %(what)s (%(reference)s). "
                    "Kontrollera siffrorna och decimaltecknet. Stämmer värdet, kryssa i ”Värdet stämmer” och "
                    "spara igen."
                )
                % {
                    "value": format_number(value, max(decimals, significant_decimals(value))),
                    "factor": format_number(
                        indicator.plausible_factor, significant_decimals(indicator.plausible_factor)
                    ),
                    "what": what,
                    "reference": format_number(reference, max(decimals, significant_decimals(reference))),
                },
            )
            # Offered only now: a value that looks right needs no box to tick.
            self.fields[CONFIRMED] = forms.BooleanField(label=_("Värdet stämmer"), required=False)
        return cleaned

    def content(self) -> dict[str, Any]:
        return {name: value for name, value in super().content().items() if name != CONFIRMED}


class FinancialOutcomeForm(SectionForm):
    class Meta:
        model = FinancialOutcome
        fields = ["net_cost_to_date", "forecast", "explanation"]
        field_classes = {
            "net_cost_to_date": DecimalInputField,
            "forecast": DecimalInputField,
            "explanation": MarkdownField,
        }
        widgets = {"explanation": TEXTAREA}

    def __init__(self, *args: Any, threshold_percent: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threshold_percent = threshold_percent

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            explanation_required(
                budget=self.instance.budget, forecast=cleaned.get("forecast"), threshold_percent=self.threshold_percent
            )
            and not (cleaned.get("explanation") or "").strip()
        ):
            threshold = f"{self.threshold_percent.normalize():f}".replace(".", ",")
            self.add_error(
                "explanation",
                _(
                    "Prognosen avviker från driftbudgeten med mer än %(threshold)s %%. Skriv en förklaring av "
                    "avvikelsen och spara igen."
                )
                % {"threshold": threshold},
            )
        return cleaned


class InvestmentOutcomeForm(SectionForm):
    class Meta:
        model = InvestmentOutcome
        fields = ["outcome_to_date", "forecast", "comment"]
        field_classes = {
            "outcome_to_date": DecimalInputField,
            "forecast": DecimalInputField,
            "comment": MarkdownField,
        }
        widgets = {"comment": TEXTAREA}


class KeyEventsForm(SectionForm):
    class Meta:
        model = KeyEvents
        fields = ["text"]
        field_classes = {"text": MarkdownField}
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class AssignmentReportForm(SectionForm):
    class Meta:
        model = AssignmentReport
        fields = ["status", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class StepForm(forms.Form):
    """A workflow step, with the follow-up's version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.followup = followup


class ApproveForm(StepForm):
    decision_reference = forms.CharField(
        label=_("Nämndens beslut"),
        max_length=100,
        help_text=_("Nämnd, datum och paragraf, t.ex. BUN 2026-04-22 § 45."),
        error_messages={"required": _("Ange nämndens beslut, till exempel BUN 2026-04-22 § 45.")},
    )

    def clean_decision_reference(self) -> str:
        reference = " ".join(self.cleaned_data["decision_reference"].split())
        problem = self.followup.committee.decision_reference_problem(reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference


class ReturnForm(StepForm):
    comment = forms.CharField(
        label=_("Vad behöver ändras?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv vad som behöver ändras innan du skickar tillbaka uppföljningen.")},
    )


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["year", "kind", "label", "figures_date", "deadline", "deviation_threshold_percent"]
        field_classes = {"deviation_threshold_percent": DecimalInputField}
        widgets = {
            "figures_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
