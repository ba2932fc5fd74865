"""The goals app's querysets, kept apart from goals/models.py so that no module passes 600 lines.

Each model's manager is made from its queryset in goals/models.py, which also imports every queryset, so
``from goals.models import GoalQuerySet`` keeps working. A queryset reaches its own model's choices through
``self.model``; the few that need another model import it inside the method (goals.models imports this
module, so a top-level import would be circular).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from goals.targets import Comparator

if TYPE_CHECKING:
    # The querysets' model types, named as strings in the bases (the classes do not exist yet at import).
    from goals.models import EmployerInitiative, Goal, Measurement, Target, Vision  # noqa: F401
    from portal.models import Committee


class VisionQuerySet(models.QuerySet["Vision"]):
    def current(self) -> Vision | None:
        """The vision in force: the one adopted last."""
        return self.order_by(models.F("decision_date").desc(nulls_last=True), "-horizon_year").first()


class GoalQuerySet(models.QuerySet["Goal"]):
    def council(self) -> GoalQuerySet:
        """The council's own goals (kommunfullmäktiges mål)."""
        return self.filter(level=self.model.Level.COUNCIL)

    def adopted(self) -> GoalQuerySet:
        """Goals that have been adopted: the only ones shown outside the portal."""
        return self.filter(status=self.model.Status.ADOPTED)

    def for_committee(self, committee: Committee) -> GoalQuerySet:
        """One committee's goals (nämndmål)."""
        return self.filter(level=self.model.Level.COMMITTEE, committee=committee)

    def for_year(self, year: int) -> GoalQuerySet:
        """Goals in force during the year."""
        return self.filter(first_year__lte=year).filter(
            models.Q(last_year__isnull=True) | models.Q(last_year__gte=year)
        )

    def with_indicators(self) -> GoalQuerySet:
        """Goals with their focus areas, indicators and targets: three queries more, whatever the number of goals."""
        from goals.models import Indicator, Target  # goals.models imports this module

        return self.prefetch_related(
            "focus_areas",
            models.Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    models.Prefetch("targets", queryset=Target.objects.select_related("reference_indicator"))
                ),
            ),
        )


class TargetQuerySet(models.QuerySet["Target"]):
    def for_year(self, year: int) -> TargetQuerySet:
        """Targets set for the year."""
        return self.filter(year=year)

    def ratio_floor(self, ratio_key: str, year: int) -> Decimal | None:
        """The share (0.04 for 4 %) an adopted council goal says a budget ratio should at least reach in
        the year, or None. One query. budgets draws it as a chart's goal line (GoalsConfig.ready)."""
        from goals.models import Goal  # goals.models imports this module

        row = (
            self.filter(
                year=year,
                comparator=Comparator.AT_LEAST,
                value__isnull=False,
                indicator__ratio_key=ratio_key,
                indicator__goal__level=Goal.Level.COUNCIL,
                indicator__goal__status=Goal.Status.ADOPTED,
            )
            .values_list("value", "indicator__unit")
            .first()
        )
        value, unit = row if row is not None else (None, "")
        if value is None:
            return None
        return value / Decimal(100) if unit.strip() == "%" else value


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def for_year(self, year: int) -> MeasurementQuerySet:
        """Measurements of the year, every period and basis."""
        return self.filter(year=year)


class EmployerInitiativeQuerySet(models.QuerySet["EmployerInitiative"]):
    def public(self, now: datetime.datetime | None = None) -> EmployerInitiativeQuerySet:
        """What the public sees: published, or scheduled with its time come; no job has to flip the status."""
        return self.filter(
            status__in=[self.model.Status.PUBLISHED, self.model.Status.SCHEDULED],
            publish_at__lte=now or timezone.now(),
        )

    def drafts(self) -> EmployerInitiativeQuerySet:
        """Not yet public: drafts, and scheduled ones whose time has not come."""
        return self.filter(
            models.Q(status=self.model.Status.DRAFT)
            | models.Q(status=self.model.Status.SCHEDULED, publish_at__gt=timezone.now())
        )

    def next_publication(self) -> datetime.datetime | None:
        """When the next scheduled initiative becomes public (one query), or None."""
        return (
            self.filter(status=self.model.Status.SCHEDULED, publish_at__gt=timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
