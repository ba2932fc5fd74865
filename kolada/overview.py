"""What the Kolada page shows per bound key figure: its latest value, the comparison, and whether the target is met.

Three queries whatever the number of bindings (bindings, their measurements,
their targets); the judging is fulfillment's plain function, so the page says
"met" exactly as the annual compilation will.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from fulfillment.judging import Evidence, IndicatorInput, assess_indicator
from goals.models import Measurement, Target
from goals.status import Status
from kolada.collecting import expected_published
from kolada.models import KoladaBinding


@dataclass(frozen=True)
class BindingRow:
    binding: KoladaBinding
    year: int | None  # the latest year with a value; None when there is none yet
    value: Decimal | None
    reference_value: Decimal | None
    source: str
    status: str | None  # a goals.status.Status, or None when the indicator has no target for the year
    status_label: str
    sentence: str  # why the status is what it is, or that there is no target
    next_value: str  # when the next year's value is due from Kolada


def latest_published_year(today: datetime.date) -> int:
    """The newest year Kolada should have published by ``today`` (about nine months after it ends)."""
    return today.year - 1 if expected_published(today.year - 1, today=today) else today.year - 2


def next_value_text(latest_year: int | None, today: datetime.date) -> str:
    """When the next value is due, or that one is overdue: Kolada's timing in words."""
    due = latest_published_year(today)
    if latest_year is not None and latest_year >= due:
        return _("Värdet för %(year)d väntas från Kolada under hösten %(autumn)d.") % {
            "year": latest_year + 1,
            "autumn": latest_year + 2,
        }
    return _("Värdet för %(year)d borde finnas i Kolada. Hämta igen, eller kontrollera nyckeltalet i Kolada.") % {
        "year": due
    }


def binding_rows(*, today: datetime.date) -> list[BindingRow]:
    """Every binding with its indicator's latest outcome and its status against that year's target. Three queries."""
    bindings = list(KoladaBinding.objects.select_related("indicator__goal"))
    indicator_ids = [binding.indicator_id for binding in bindings]
    measurements: dict[int, dict[int, Measurement]] = {}
    for measurement in Measurement.objects.filter(
        indicator_id__in=indicator_ids, period=Measurement.Period.YEAR, basis=Measurement.Basis.OUTCOME
    ):
        measurements.setdefault(measurement.indicator_id, {})[measurement.year] = measurement
    targets = {(t.indicator_id, t.year): t for t in Target.objects.filter(indicator_id__in=indicator_ids)}
    return [_row(binding, measurements.get(binding.indicator_id, {}), targets, today) for binding in bindings]


def _row(
    binding: KoladaBinding,
    by_year: dict[int, Measurement],
    targets: dict[tuple[int, int], Target],
    today: datetime.date,
) -> BindingRow:
    indicator = binding.indicator
    latest = max((m for m in by_year.values() if m.value is not None), key=lambda m: m.year, default=None)
    next_value = next_value_text(latest.year if latest else None, today)
    if latest is None:
        return BindingRow(binding, None, None, None, "", None, "", _("Inget värde från Kolada ännu."), next_value)
    target = targets.get((indicator.pk, latest.year))
    status, label = None, ""
    if target is None:
        sentence = _("Indikatorn har inget målvärde för %(year)d.") % {"year": latest.year}
    else:
        previous = by_year.get(latest.year - 1)
        result = assess_indicator(
            IndicatorInput(
                indicator.name,
                target.comparator,
                target=target.value,
                tolerance=target.tolerance,
                unit=indicator.unit,
                decimals=indicator.decimals,
            ),
            Evidence(
                year=latest.year,
                value=latest.value,
                basis=Measurement.Basis.OUTCOME,
                reference_value=latest.reference_value,
                previous=previous.value if previous else None,
            ),
        )
        status, label, sentence = result.status, str(Status(result.status).label), result.sentence
    return BindingRow(
        binding,
        latest.year,
        latest.value,
        latest.reference_value,
        latest.source,
        status,
        label,
        sentence,
        next_value,
    )
