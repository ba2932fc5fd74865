from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.forms_exchange import BudgetUploadForm
from portal.numbers import DecimalInputField
from reporting.models import BalanceAdjustment, DeficitWaiver, EqualisationRule, ReportDate, TaxBaseGrowth


class ReportDateForm(forms.ModelForm):
    class Meta:
        model = ReportDate
        fields = ["year", "kind"]
        error_messages = {
            "year": {
                "min_value": _("Året ska vara ett årtal mellan 2000 och 2100, t.ex. 2026."),
                "max_value": _("Året ska vara ett årtal mellan 2000 och 2100, t.ex. 2026."),
            }
        }

    def validate_unique(self) -> None:
        try:
            self.instance.validate_unique()
        except forms.ValidationError:
            self.add_error(None, _("Rapporttillfället finns redan för det året. Öppna det i listan i stället."))


class SubmittedForm(forms.ModelForm):
    class Meta:
        model = ReportDate
        fields = ["submitted_on"]
        widgets = {"submitted_on": forms.DateInput(attrs={"type": "date"})}
        error_messages = {"submitted_on": {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-10-20.")}}


class EqualisationRuleForm(forms.ModelForm):
    class Meta:
        model = EqualisationRule
        fields = [
            "threshold_percent",
            "reserve_share_percent",
            "restore_deficits_first",
            "average_years",
            "opening_year",
            "opening_balance",
            "decision_reference",
        ]
        field_classes = {
            "threshold_percent": DecimalInputField,
            "reserve_share_percent": DecimalInputField,
            "opening_balance": DecimalInputField,
        }

    def clean_threshold_percent(self) -> Decimal:
        value: Decimal = self.cleaned_data["threshold_percent"]
        if value < 1:
            raise forms.ValidationError(
                _(
                    "Lagen tillåter reservering bara av den del av resultatet som överstiger minst 1 % av "
                    "skatteintäkter och generella statsbidrag (2 % om det egna kapitalet inklusive "
                    "pensionsåtagandena är negativt). Skriv 1 eller mer."
                )
            )
        return value


class TaxBaseGrowthForm(forms.ModelForm):
    """A year's growth figure; a year already entered is replaced."""

    class Meta:
        model = TaxBaseGrowth
        fields = ["year", "percent", "source"]
        field_classes = {"percent": DecimalInputField}

    def validate_unique(self) -> None:
        pass  # the view replaces the year's figure


class OutcomeUploadForm(BudgetUploadForm):
    """The budget upload's field and limits, with its own label."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = _("Fil med utfall och prognos (.xlsx eller .csv)")


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = BalanceAdjustment
        fields = ["kind", "amount", "comment"]
        field_classes = {"amount": DecimalInputField}
        error_messages = {
            "amount": {
                "min_value": _("Skriv beloppet som ett positivt tal; posten anger om det läggs till eller dras av.")
            },
            "comment": {"required": _("Skriv vad posten avser och var den finns i redovisningen.")},
        }


class PublishForm(forms.Form):
    """The council's decision on a compiled report, asked for when it is published."""

    decision_reference = forms.CharField(
        label=_("Fullmäktiges beslut"),
        max_length=100,
        help_text=_("Beslutet som antog rapporten, t.ex. KF 2026-10-28 § 120."),
        error_messages={
            "required": _("Skriv fullmäktiges beslut om rapporten, t.ex. KF 2026-10-28 § 120."),
            "max_length": _("Beslutet får vara högst 100 tecken. Skriv det kortare, t.ex. KF 2026-10-28 § 120."),
        },
    )


class PensionCommitmentsForm(forms.ModelForm):
    """The pension commitments outside the balance sheet at the report's date: whether the 2 % threshold applies."""

    class Meta:
        model = ReportDate
        fields = ["pension_commitments"]
        field_classes = {"pension_commitments": DecimalInputField}
        error_messages = {
            "pension_commitments": {
                "min_value": _("Skriv pensionsförpliktelserna som ett positivt tal i mnkr, t.ex. 1 250."),
            }
        }


class DeficitWaiverForm(forms.ModelForm):
    """The council's decision not to restore a year's deficit (synnerliga skäl)."""

    class Meta:
        model = DeficitWaiver
        fields = ["year", "amount", "reason", "decision_reference"]
        field_classes = {"amount": DecimalInputField}
        error_messages = {
            "year": {"unique": _("Det finns redan ett beslut för det året. Ta bort det först om det ska ersättas.")},
            "amount": {
                "min_value": _("Skriv beloppet som ett positivt tal, eller lämna det tomt för hela underskottet.")
            },
            "reason": {"required": _("Skriv de synnerliga skäl som fullmäktige angav.")},
            "decision_reference": {"required": _("Skriv fullmäktiges beslut, t.ex. KF 2026-04-22 § 45.")},
        }
