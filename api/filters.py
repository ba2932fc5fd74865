"""Query parameters of the lists: year and committee, and a few more."""

from __future__ import annotations

import django_filters  # type: ignore[import-untyped]  # django-filter ships no types
from django.core.validators import validate_slug
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError

from budgets.models import BudgetDocument, BudgetDocumentQuerySet
from goals.models import Goal, GoalQuerySet
from portal.models import Committee

YEAR = {"min_value": 1900, "max_value": 2200}


class YearFilter(django_filters.NumberFilter):
    field_class = django_filters.fields.forms.IntegerField


class StrictFilterSet(django_filters.FilterSet):
    """A parameter given with no value is refused, not ignored: ``?level=`` is a mistake worth saying."""

    def is_valid(self) -> bool:
        valid = bool(super().is_valid())
        empty = [name for name in self.filters if name in self.data and self.data.get(name) == ""]
        for name in empty:
            self.form.add_error(name, _("Ange ett värde, eller utelämna parametern."))
        return valid and not empty


class GoalFilter(StrictFilterSet):
    year = YearFilter(method="in_force", help_text=gettext_lazy("Mål som gäller under året."), **YEAR)
    committee = django_filters.CharFilter(
        method="of_committee",
        validators=[validate_slug],
        max_length=60,
        help_text=gettext_lazy("Nämndens adressnamn (slug), se /api/v1/committees/. Ger nämndens mål."),
    )
    level = django_filters.ChoiceFilter(choices=Goal.Level.choices)
    kind = django_filters.ChoiceFilter(choices=Goal.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=Goal.Status.choices, help_text=gettext_lazy("Utan inloggning visas bara antagna mål.")
    )

    class Meta:
        model = Goal
        fields = ["year", "committee", "level", "kind", "status"]

    def in_force(self, queryset: GoalQuerySet, name: str, value: int) -> GoalQuerySet:
        return queryset.for_year(value)

    def of_committee(self, queryset: GoalQuerySet, name: str, value: str) -> GoalQuerySet:
        committee = Committee.objects.filter(slug=value).first()
        if committee is None:
            raise ValidationError({"committee": [_("Nämnden ”%(slug)s” finns inte.") % {"slug": value}]})
        return queryset.for_committee(committee)


class BudgetDocumentFilter(StrictFilterSet):
    year = YearFilter(field_name="year", **YEAR)
    status = django_filters.ChoiceFilter(
        choices=BudgetDocument.Status.choices, help_text=gettext_lazy("Utan inloggning visas bara antagna budgetar.")
    )

    class Meta:
        model = BudgetDocument
        fields = ["year", "status"]

    # Typed for mypy: django-filter hands the queryset through unchanged.
    queryset: BudgetDocumentQuerySet
