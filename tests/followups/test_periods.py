"""The strategist's reporting periods: creating and opening one, the committee-by-status overview with overdue
ones marked, and the Excel export."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue, InvestmentOutcome, KeyEvents
from followups.services import followup_submit, period_open
from portal.models import Committee, ReportingPeriod, User
from tests.factories import (
    CommitteeFactory,
    CommitteeGoalFactory,
    GoalFactory,
    IndicatorFactory,
    InvestmentBudgetFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
)
from tests.followups.helpers import fill_in

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=2))


def test_opening_creates_a_follow_up_for_every_committee_with_goals_or_a_budget(
    client, strategist: User, committee: Committee, other_committee: Committee, period: ReportingPeriod
) -> None:
    goal = CommitteeGoalFactory(committee=committee)
    IndicatorFactory.create_batch(2, goal=goal)
    CommitteeGoalFactory(committee=committee, first_year=2027)  # not in force in 2026
    GoalFactory()  # a council goal: the council does not report on it here
    OperatingBudgetFactory(committee=other_committee, amount=Decimal(85_940))
    InvestmentBudgetFactory(committee=other_committee, amount=Decimal(75_695))
    CommitteeFactory(name="Nämnd utan mål och budget")
    client.force_login(strategist)

    response = client.post(reverse("followups:period_open", args=[period.pk]))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_open
    followups = {f.committee.abbreviation: f for f in FollowUp.objects.filter(period=period)}
    assert sorted(followups) == ["BUN", "TN"]
    bun, tn = followups["BUN"], followups["TN"]
    assert list(Assessment.objects.filter(followup=bun).values_list("goal", flat=True)) == [goal.pk]
    assert IndicatorValue.objects.filter(followup=bun).count() == 2
    assert Assessment.objects.filter(followup=tn).count() == 0
    assert FinancialOutcome.objects.get(followup=tn).budget == Decimal(85_940)
    assert InvestmentOutcome.objects.get(followup=tn).budget == Decimal(75_695)
    assert KeyEvents.objects.filter(followup__in=[bun, tn]).count() == 2

    # Opening again creates only what is missing.
    assert client.post(reverse("followups:period_open", args=[period.pk])).status_code == 302
    assert FollowUp.objects.filter(period=period).count() == 2


def test_the_strategist_creates_a_period_and_bad_input_is_explained(client, strategist: User) -> None:
    client.force_login(strategist)
    url = reverse("followups:period_create")
    data = {
        "year": 2026,
        "kind": "custom",
        "label": "",
        "figures_date": "2026-04-30",
        "deadline": "2026-05-20",
        "deviation_threshold_percent": "1.5",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ange en benämning för en egen period" in response.content.decode()
    response = client.post(url, data | {"deadline": "2026-04-01", "label": "Tertial 1"})
    assert "Sista dag att lämna in kan inte ligga före dagen uppgifterna avser." in response.content.decode()
    response = client.post(url, data | {"label": "Tertial 1"})
    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    assert (str(period), period.is_open, period.deviation_threshold_percent) == (
        "Tertial 1 2026",
        False,
        Decimal("1.5"),
    )
    again = client.post(url, data | {"label": "Tertial 1"})
    assert "Det finns redan en egen period med den benämningen för året." in again.content.decode()


@pytest.mark.parametrize("persona", ["reporter", "approver", "viewer", "manager"])
def test_only_the_strategist_keeps_periods(
    request: pytest.FixtureRequest, client, period: ReportingPeriod, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("followups:period_open", args=[period.pk])).status_code == 403
    assert client.get(reverse("followups:period_create")).status_code == 403
    assert client.get(reverse("followups:period_export", args=[period.pk])).status_code == 403
    period.refresh_from_db()
    assert not period.is_open and not FollowUp.objects.exists()


@pytest.mark.usefixtures("filled_in")  # submitted in the test: filled in first, as a reporter would
@time_machine.travel(datetime.datetime(2026, 4, 27, 9, 0, tzinfo=STOCKHOLM), tick=False)
def test_the_overview_is_a_committee_by_status_grid_with_overdue_marked(
    client, strategist: User, followup: FollowUp, reporter: User, other_committee: Committee
) -> None:
    OperatingBudgetFactory(committee=other_committee)
    (late,) = period_open(period=followup.period, actor=None)
    followup_submit(followup=followup, actor=reporter)
    client.force_login(strategist)
    page = client.get(reverse("followups:period_overview", args=[followup.period.pk])).content.decode()
    assert "Utkast (1)" in page and "Inlämnad (1)" in page
    assert "1 uppföljning är försenad." in page
    assert page.count('class="is-overdue"') == 1
    row = page[page.index(late.committee.name) :]
    assert "Försenad" in row[: row.index("</tr>")]


def grow(committees: int, period: ReportingPeriod) -> None:
    for _ in range(committees):
        committee = CommitteeFactory()
        OperatingBudgetFactory(committee=committee)
    period_open(period=period, actor=None)


def test_the_overview_answers_with_the_same_number_of_queries_for_more_committees(
    client, strategist: User, period: ReportingPeriod, django_assert_num_queries
) -> None:
    client.force_login(strategist)
    url = reverse("followups:period_overview", args=[period.pk])
    for committees in (1, 10):
        grow(committees, period)
        client.get(url)
        # session, user, groups and memberships (roles), the period, its follow-ups with committees, the municipality
        with django_assert_num_queries(7):
            page = client.get(url).content.decode()
        assert page.count("<tr") == FollowUp.objects.count() + 1


def test_the_excel_export_holds_every_follow_up_and_keeps_text_as_text(
    client, strategist: User, followup: FollowUp
) -> None:
    money = followup.financial_outcome
    money.forecast = Decimal(1_140_000)
    money.explanation = '=HYPERLINK("http://example.com")'
    money.save()
    followup.period.is_sample = True
    followup.period.save()
    client.force_login(strategist)
    response = client.get(reverse("followups:period_export", args=[followup.period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Uppföljningar", "Bedömningar", "Indikatorvärden"]
    sheet = workbook["Uppföljningar"]
    assert "Exempeldata" in sheet["A1"].value
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    row = dict(zip(header, rows[3], strict=True))
    assert row["Nämnd"] == "Barn- och ungdomsnämnden"
    assert row["Driftbudget (tkr)"] == 1131226
    assert row["Avvikelse (tkr)"] == -8774
    assert row["Förklaring av avvikelsen"] == '=HYPERLINK("http://example.com")'
    assert sheet.cell(row=4, column=header.index("Förklaring av avvikelsen") + 1).data_type == "s"
    assert len(list(workbook["Bedömningar"].iter_rows())) == 3 + 2


def test_a_sample_period_is_labelled_wherever_it_shows(
    client, strategist: User, reporter: User, followup: FollowUp
) -> None:
    followup.period.is_sample = True
    followup.period.save()
    client.force_login(strategist)
    for url in (
        reverse("followups:period_list"),
        reverse("followups:period_overview", args=[followup.period.pk]),
        reverse("followups:followup_detail", args=[followup.pk]),
    ):
        assert "Exempeldata" in client.get(url).content.decode(), url
    client.force_login(reporter)
    for url in (reverse("followups:followup_edit", args=[followup.pk]), reverse("portal:dashboard")):
        assert "Exempeldata" in client.get(url).content.decode(), url


def test_a_custom_period_keeps_its_values_on_the_follow_up(
    committee: Committee, reporter: User, strategist: User, approver: User
) -> None:
    from followups.services import followup_accept, followup_approve
    from goals.models import Measurement

    period = ReportingPeriodFactory(
        kind="custom", label="Tertial 1", figures_date=datetime.date(2026, 4, 30), deadline=datetime.date(2026, 5, 20)
    )
    IndicatorFactory(goal=CommitteeGoalFactory(committee=committee))
    (followup,) = period_open(period=period, actor=None)
    fill_in(followup)
    IndicatorValue.objects.filter(followup=followup).update(value=Decimal(3))
    followup_submit(followup=followup, actor=reporter)
    followup_approve(followup=followup, actor=approver, decision_reference="BUN 2026-05-20 § 3")
    followup_accept(followup=followup, actor=strategist)
    assert Measurement.objects.count() == 0
