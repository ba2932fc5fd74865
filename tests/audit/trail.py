"""One committee goal with a full trail: a Kolada-fed indicator and its fetch, a follow-up assessed,
submitted, approved with the committee's decision and accepted, and the year's fulfillment compiled."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from followups import services as followup_services
from followups.models import FollowUp
from fulfillment import services
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import Goal, Indicator
from kolada.models import FetchChange, FetchRun
from portal.models import Committee, User
from tests.factories import CommitteeGoalFactory, KoladaBindingFactory, ReportingPeriodFactory, TargetFactory

DECISION = "BUN 2026-04-22 § 45"


@dataclass
class Trail:
    report: FulfillmentReport
    goal: Goal
    indicator: Indicator
    followup: FollowUp
    row: ReportRow
    approver: User


def make_trail(*, committee: Committee, reporter: User, approver: User, strategist: User) -> Trail:
    goal = CommitteeGoalFactory(committee=committee, title="Fler elever ska klara kunskapskraven")
    binding = KoladaBindingFactory(
        indicator__goal=goal, indicator__name="Elever med godkända betyg", indicator__unit="%"
    )
    indicator = binding.indicator
    TargetFactory(indicator=indicator, value=Decimal(80))
    run = FetchRun.objects.create(
        trigger=FetchRun.Trigger.NIGHTLY,
        state=FetchRun.State.SUCCEEDED,
        finished_at=datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC),
    )
    FetchChange.objects.create(
        run=run,
        indicator=indicator,
        kpi_id="U11901",
        year=2026,
        kind=FetchChange.Kind.CHANGED,
        old_value=Decimal("81.5"),
        new_value=Decimal("83.25"),
    )
    indicator.measurements.create(
        year=2026, value=Decimal("83.25"), source="Kolada U11901, hämtat 2026-11-27", basis="outcome", period="year"
    )
    period = ReportingPeriodFactory()
    followup = followup_services.period_open(period=period, actor=None)[0]
    assessment = followup.assessments.get(goal=goal)
    assessment.status = "fulfilled"
    assessment.analysis = "Resultaten har förbättrats för tredje året."
    assessment.measures = "Fortsatt läsfrämjande i alla skolor."
    assessment.updated_by = reporter
    assessment.save()
    FollowUp.objects.filter(pk=followup.pk).update(state=FollowUp.State.SUBMITTED)
    followup.transitions.create(action="submit", from_state="draft", to_state="submitted", actor=reporter)
    followup.transitions.create(
        action="approve", from_state="submitted", to_state="approved", actor=approver, decision_reference=DECISION
    )
    followup.transitions.create(action="accept", from_state="approved", to_state="accepted", actor=strategist)
    FollowUp.objects.filter(pk=followup.pk).update(state=FollowUp.State.ACCEPTED, decision_reference=DECISION)
    draft = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=draft.pk)
    report = FulfillmentReport.objects.get(pk=draft.pk)
    row = ReportRow.objects.get(report=report, kind="goal", subject_id=goal.pk)
    return Trail(report=report, goal=goal, indicator=indicator, followup=followup, row=row, approver=approver)
