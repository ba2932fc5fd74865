"""The Alingsås example: the six operational goals' efficiency indices bound to their Kolada KPIs.

``manage.py load_example`` calls ``load()`` after goals' example has made the
goals and indicators. Each index is compared with the average of Sweden's
municipalities, as the goals say; the seed names no group of similar
municipalities, so none is bound. Nothing here asks Kolada for anything: the
demo fetches only when someone presses "Hämta från Kolada nu" or runs
``manage.py kolada_fetch``. Loading twice changes nothing the second time.
"""

from __future__ import annotations

from django.db import transaction

from goals.example import BUDGET_YEAR, OPERATIONAL_GOALS
from goals.models import Goal, Indicator
from kolada.models import KoladaBinding
from portal.example import LoadReport


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()
    for example in OPERATIONAL_GOALS:
        example_indicator = example.indicators[0]
        indicator = Indicator.objects.filter(
            goal__level=Goal.Level.COUNCIL,
            goal__title=example.title,
            goal__first_year=BUDGET_YEAR,
            name=example_indicator.name,
        ).first()
        if indicator is None:
            continue  # goals' example was not loaded
        values = {"kpi_id": example_indicator.external_id, "comparison": KoladaBinding.Comparison.AVERAGE}
        binding = KoladaBinding.objects.filter(indicator=indicator).first()
        if binding is None:
            KoladaBinding.objects.create(indicator=indicator, **values)
            report.created += 1
        elif binding.kpi_id != values["kpi_id"]:
            # The comparison is the strategist's to change; only the KPI follows the seed.
            binding.kpi_id = values["kpi_id"]
            binding.save(update_fields=["kpi_id"])
            report.changed += 1
    return report
