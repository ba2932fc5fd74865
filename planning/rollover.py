"""Year rollover: the year's plan becomes the start of next year's, and the old year is left as it was.

Every row the old year has stays untouched: the rollover only inserts.

- A goal that ends with the year (``last_year`` = the year) is copied as a
  **draft** for the next year (in force that year only), with its focus areas,
  the council goals it contributes to (the new copies, where the council's
  goals were copied in the same rollover), its indicators and the year's
  targets (yearly and per quarter) as next year's. The copy is adopted like
  any draft.
- A goal that goes on into the next year keeps its indicators; each gets the
  year's targets as next year's where it has none for next year yet.

Running it again adds nothing: a copy that exists (same plan, title and first
year) and a target that exists are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from goals.models import Goal, Indicator, Target
from planning.models import PeriodTarget
from portal.models import User

INDICATOR_FIELDS = ("name", "unit", "direction", "decimals", "plausible_factor", "source", "ratio_key", "external_id")


@dataclass
class Rollover:
    goals: int = 0
    indicators: int = 0
    targets: int = 0


def _copy_targets(source: Indicator, target: Indicator, year: int, report: Rollover) -> None:
    next_year = year + 1
    for item in Target.objects.filter(indicator=source, year=year):
        reference: int | None = item.reference_indicator_id  # another indicator: kept as it is
        if reference == source.pk:
            reference = target.pk  # the indicator itself: the copy
        _, created = Target.objects.get_or_create(
            indicator=target,
            year=next_year,
            defaults={
                "comparator": item.comparator,
                "value": item.value,
                "reference_indicator_id": reference,
                "reference_description": item.reference_description,
                "tolerance": item.tolerance,
            },
        )
        report.targets += created
    for period_target in PeriodTarget.objects.filter(indicator=source, year=year):
        _, created = PeriodTarget.objects.get_or_create(
            indicator=target,
            year=next_year,
            period=period_target.period,
            defaults={"comparator": period_target.comparator, "value": period_target.value},
        )
        report.targets += created


def year_rollover(*, year: int, actor: User) -> Rollover:
    """Copies the year's plans (the council's first, then the committees') to the next year; see the module."""
    report = Rollover()
    next_year = year + 1
    with transaction.atomic():
        goals = list(
            Goal.objects.for_year(year)
            .select_related("committee")
            .prefetch_related("focus_areas", "contributes_to", "indicators")
            .order_by("level", "committee__sort_order", "sort_order", "pk")  # "committee" < "council": sorted below
        )
        goals.sort(key=lambda g: g.level != Goal.Level.COUNCIL)
        copies: dict[int, Goal] = {}
        for goal in goals:
            if goal.last_year is None or goal.last_year > year:
                for indicator in goal.indicators.all():
                    _copy_targets(indicator, indicator, year, report)
                continue
            copy = Goal.objects.filter(
                level=goal.level, committee=goal.committee, title=goal.title, first_year=next_year
            ).first()
            if copy is None:
                copy = Goal.objects.create(
                    level=goal.level,
                    kind=goal.kind,
                    status=Goal.Status.DRAFT,
                    committee=goal.committee,
                    title=goal.title,
                    description=goal.description,
                    first_year=next_year,
                    last_year=next_year,
                    fulfillment_rule=goal.fulfillment_rule,
                    sort_order=goal.sort_order,
                )
                copy.focus_areas.set(goal.focus_areas.all())
                copy.contributes_to.set([copies.get(c.pk, c) for c in goal.contributes_to.all()])
                report.goals += 1
            copies[goal.pk] = copy
            for indicator in goal.indicators.all():
                new, created = Indicator.objects.get_or_create(
                    goal=copy,
                    name=indicator.name,
                    defaults={name: getattr(indicator, name) for name in INDICATOR_FIELDS if name != "name"}
                    | {"sort_order": indicator.sort_order},
                )
                report.indicators += created
                _copy_targets(indicator, new, year, report)
    return report
