"""The Alingsås example's follow-up period: Q1 2026, opened.

``manage.py load_example`` calls ``load()`` after the goals' example. The
period's dates and deviation threshold are not in the seed: the period is
marked as sample data (``is_sample``), and every page that shows it says so.
The seed has no committee goals, so the follow-ups come from the rule that a
committee with an operating budget for the year reports too: each of the
eight committees of the seed's operating budget gets a draft with its budget
from the seed and no goal assessments. The owners of the example's
assignments (planning/example.py, loaded before this) report on them in their
follow-ups, AB Alingsåshem among them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from followups.models import FollowUp
from followups.services import period_open
from goals.example import BUDGET_YEAR
from portal.example import LoadReport, upsert
from portal.models import ReportingPeriod

# Sample data, not from the seed: the first follow-up period of the budget year.
SAMPLE_PERIOD = {
    "figures_date": datetime.date(BUDGET_YEAR, 3, 31),
    "deadline": datetime.date(BUDGET_YEAR, 4, 24),
    "deviation_threshold_percent": Decimal(2),
    "is_sample": True,
}


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()
    period = upsert(
        ReportingPeriod, {"year": BUDGET_YEAR, "kind": ReportingPeriod.Kind.Q1, "label": ""}, SAMPLE_PERIOD, report
    )
    # Opened once; a period the demo's strategist has since closed stays closed.
    if not FollowUp.objects.filter(period=period).exists():
        report.created += len(period_open(period=period, actor=None))
    return report
