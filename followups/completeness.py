"""What a follow-up still lacks before it is handed in: each goal without an assessment, each indicator
without a value, the economy without its figures.

A gap may be explained instead of filled (an indicator's comment, an assessment's analysis, the economy's
explanation): "the value comes from Kolada in September" is an answer the approver can judge, an empty
field is not. The reporter's editor lists the gaps above "Lämna in", submitting is refused while any is
unexplained, and the approver's read view lists the same gaps with their explanations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from followups import sections
from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue
from goals.status import Status


@dataclass(frozen=True)
class Gap:
    anchor: str  # the editor's section: "assessment-12", "indicators", "financial"
    text: str
    explanation: str = ""
    goal_id: int | None = None  # the goal whose page of the editor holds it; None for the economy

    @property
    def is_explained(self) -> bool:
        return bool(self.explanation.strip())


def gaps_in(
    assessments: Iterable[Assessment], missing_values: Iterable[IndicatorValue], financial: FinancialOutcome | None
) -> list[Gap]:
    """The gaps among what a page has read already (assessments with goals, the indicator values without
    a value with indicators and goals, the economy); no queries."""
    found = [
        Gap(
            f"assessment-{assessment.pk}",
            _("Målet ”%(goal)s” har ingen bedömning.") % {"goal": assessment.goal.title},
            assessment.analysis,
            goal_id=assessment.goal_id,
        )
        for assessment in assessments
        if assessment.status == Status.NOT_ASSESSED
    ]
    found += [
        Gap(
            "indicators",
            _("Indikatorn ”%(indicator)s” (%(goal)s) har inget utfall.")
            % {"indicator": value.indicator.name, "goal": value.indicator.goal.title},
            value.comment,
            goal_id=value.indicator.goal_id,
        )
        for value in missing_values
        if value.value is None
    ]
    if financial is not None:
        labels = {"net_cost_to_date": _("nettokostnad hittills"), "forecast": _("prognos för helåret")}
        missing = [label for name, label in labels.items() if getattr(financial, name) is None]
        if missing:
            found.append(
                Gap(
                    "financial",
                    _("Ekonomiskt utfall saknar %(fields)s.") % {"fields": _(" och ").join(missing)},
                    financial.explanation,
                )
            )
    return found


def missing_values(followup: FollowUp) -> list[IndicatorValue]:
    """The follow-up's indicator values without a value, in the editor's order (one query)."""
    return list(
        IndicatorValue.objects.filter(followup=followup, value=None)
        .select_related("indicator__goal")
        .order_by("indicator__goal__sort_order", "indicator__goal__pk", "indicator__sort_order", "indicator__pk")
    )


def gaps(followup: FollowUp) -> list[Gap]:
    """Every gap, in the editor's order. Three queries (assessments, indicator values, the economy), and those
    of the sections registered from above (followups/sections.py)."""
    assessments = Assessment.objects.filter(followup=followup).select_related("goal").order_by("goal__sort_order", "pk")
    found = gaps_in(assessments, missing_values(followup), FinancialOutcome.objects.filter(followup=followup).first())
    return found + sections.gaps(followup)


def unexplained(found: list[Gap]) -> list[Gap]:
    return [gap for gap in found if not gap.is_explained]


def refusal(found: list[Gap]) -> str:
    """The sentence that refuses a submit with these unexplained gaps."""
    return _(
        "Uppföljningen kan inte lämnas in ännu. Fyll i det som saknas, eller skriv i kommentaren, analysen eller "
        "förklaringen varför det saknas, och spara: %(gaps)s"
    ) % {"gaps": " ".join(gap.text for gap in found)}
