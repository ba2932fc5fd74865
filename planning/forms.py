"""Forms of the planning editor: a goal, an indicator, a target, and the decision that adopts them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from goals.models import FocusArea, Goal, Indicator, Measurement
from goals.targets import Comparator
from planning.services import decision_problem
from portal.models import Committee, validate_year
from portal.numbers import DecimalInputField


class GoalForm(forms.ModelForm):
    """A goal of the committee's plan (or the council's, ``committee`` None)."""

    class Meta:
        model = Goal
        fields = ["title", "description", "kind", "first_year", "last_year", "focus_areas", "contributes_to"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "contributes_to": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, committee: Committee | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["first_year"].validators.append(validate_year)
        self.fields["last_year"].validators.append(validate_year)
        self.fields["focus_areas"].queryset = FocusArea.objects.select_related("vision").order_by(  # type: ignore[attr-defined]
            "vision__horizon_year", "sort_order", "name"
        )
        if committee is None:
            del self.fields["contributes_to"]
        else:
            del self.fields["kind"]
            self.fields["contributes_to"].queryset = Goal.objects.council().adopted().order_by("sort_order", "pk")  # type: ignore[attr-defined]
            self.fields["contributes_to"].help_text = _(
                "De antagna mål av kommunfullmäktige som nämndmålet bidrar till."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", _("Sista året kan inte ligga före det första. Rätta året eller lämna tomt."))
        title = cleaned.get("title")
        if title and first is not None:
            same = Goal.objects.filter(title=title, first_year=first, committee=self.committee).exclude(
                pk=self.instance.pk
            )
            if same.exists():
                self.add_error(
                    "title", _("Planen har redan ett mål med den texten från samma år. Ge målet en annan text.")
                )
        return cleaned

    def save(self, commit: bool = True) -> Goal:
        goal: Goal = super().save(commit=False)
        if goal.pk is None:
            goal.committee = self.committee
            goal.level = Goal.Level.COUNCIL if self.committee is None else Goal.Level.COMMITTEE
            goal.status = Goal.Status.DRAFT
        if commit:
            goal.save()
            self.save_m2m()
        return goal


class IndicatorForm(forms.ModelForm):
    """An indicator: what it measures, in which unit and how precisely, which way is better, where values come from."""

    decision_reference = forms.CharField(
        label=_("Beslut"),
        max_length=100,
        required=False,
        help_text=_("Målet är antaget: ange beslutet som lägger till indikatorn, t.ex. BUN 2026-04-22 § 45."),
    )

    class Meta:
        model = Indicator
        fields = ["name", "unit", "decimals", "direction", "source", "ratio_key", "external_id"]
        labels = {"external_id": _("Koladas nyckeltal")}
        help_texts = {"external_id": _("Nyckeltalets id i Kolada, t.ex. N15419. Anges när källan är Kolada.")}

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (Indicator.Source.MANUAL, _("Registreras för hand")),
            (Indicator.Source.EXTERNAL, _("Koladas nyckeltal")),
            (Indicator.Source.BUDGET_RATIO, _("Nyckeltal ur budgeten")),
        ]
        decimals = self.fields["decimals"]
        decimals.validators.append(MaxValueValidator(4))
        decimals.widget.attrs["max"] = 4
        if goal.status != Goal.Status.ADOPTED or self.instance.pk:
            del self.fields["decision_reference"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source = cleaned.get("source")
        if source == Indicator.Source.BUDGET_RATIO and not cleaned.get("ratio_key"):
            self.add_error("ratio_key", _("Välj vilket nyckeltal ur budgeten indikatorn hämtar."))
        if source != Indicator.Source.BUDGET_RATIO and cleaned.get("ratio_key"):
            self.add_error("ratio_key", _("Ett nyckeltal ur budgeten anges bara när källan är budgeten. Töm fältet."))
        if source == Indicator.Source.EXTERNAL and not cleaned.get("external_id", "").strip():
            self.add_error("external_id", _("Ange Koladas id för nyckeltalet, t.ex. N15419."))
        if source != Indicator.Source.EXTERNAL and cleaned.get("external_id"):
            self.add_error("external_id", _("Koladas id anges bara när källan är Kolada. Töm fältet."))
        name = cleaned.get("name")
        if name and Indicator.objects.filter(goal=self.goal, name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("Målet har redan en indikator med det namnet. Ge indikatorn ett annat namn."))
        if "decision_reference" in self.fields:
            problem = decision_problem(self.goal.committee, cleaned.get("decision_reference", ""))
            if problem:
                self.add_error("decision_reference", problem)
        return cleaned


TARGET_PERIODS = [
    (Measurement.Period.YEAR, _("Helåret")),
    *[
        (p, p.label)
        for p in (
            Measurement.Period.Q1,
            Measurement.Period.Q2,
            Measurement.Period.Q3,
        )
    ],
]


class TargetForm(forms.Form):
    """A target for a year or for a quarter of it."""

    year = forms.IntegerField(label=_("År"), validators=[validate_year])
    period = forms.ChoiceField(label=_("Period"), choices=TARGET_PERIODS)
    comparator = forms.ChoiceField(
        label=_("Jämförelse"),
        choices=[(Comparator.AT_LEAST, Comparator.AT_LEAST.label), (Comparator.AT_MOST, Comparator.AT_MOST.label)],
    )
    value = DecimalInputField(
        label=_("Målvärde"),
        max_digits=16,
        decimal_places=4,
        error_messages={"required": _("Ange målvärdet, t.ex. 82,5.")},
    )


class AdoptForm(forms.Form):
    decision_reference = forms.CharField(
        label=_("Beslut"),
        max_length=100,
        help_text=_("Nämnd, datum och paragraf, t.ex. BUN 2026-04-22 § 45."),
        error_messages={"required": _("Ange beslutet, till exempel BUN 2026-04-22 § 45, och anta igen.")},
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal

    def clean_decision_reference(self) -> str:
        reference = " ".join(self.cleaned_data["decision_reference"].split())
        problem = decision_problem(self.goal.committee, reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference
