"""The statutory calendar: the law's dates and the checks of a budget's and a report's dates."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import translation

from portal.models import User
from reporting.deadlines import budget_findings, interim_deadline, is_election_year, report_findings, year_deadlines
from reporting.models import ReportDate, ReportKind
from tests.factories import BudgetDocumentFactory

D = datetime.date


def test_the_law_s_dates() -> None:
    assert [is_election_year(year) for year in (2022, 2025, 2026, 2030)] == [True, False, True, True]
    assert interim_deadline(D(2026, 8, 31)) == D(2026, 10, 31)  # two months after 31 August
    assert interim_deadline(D(2026, 6, 30)) == D(2026, 8, 31)
    dates = [deadline.date for deadline in year_deadlines(2026)]
    assert dates == [D(2026, 4, 15), D(2026, 10, 31), D(2026, 11, 30)]


def test_a_budget_adopted_in_june_of_an_election_year_must_be_adopted_again_by_the_new_council() -> None:
    """Budget 2027: 2026 is an election year; adopted 2026-06-15 by the old council: flagged."""
    (in_time, election) = budget_findings(2027, D(2026, 6, 15))
    assert in_time.ok and not election.ok and "nyvalda fullmäktige" in election.message
    assert [finding.ok for finding in budget_findings(2027, D(2026, 11, 25))] == [True]
    (late,) = budget_findings(2026, D(2025, 12, 10))
    assert not late.ok and "efter november månads utgång" in late.message
    (missing,) = budget_findings(2026, None)
    assert not missing.ok and "Beslutsdatum saknas" in missing.message


def test_the_interim_report_s_period_and_delivery() -> None:
    august = report_findings(annual=False, period_end=D(2026, 8, 31), submitted_on=D(2026, 11, 3), today=D(2026, 12, 1))
    assert [finding.ok for finding in august] == [True, False]
    assert "8 av 12 månader" in august[0].message and "3 dagar efter" in august[1].message
    april = report_findings(annual=False, period_end=D(2026, 4, 30), submitted_on=None, today=D(2026, 5, 1))
    assert len(april) == 1 and not april[0].ok and "4 av 12 månader" in april[0].message
    annual = report_findings(annual=True, period_end=D(2025, 12, 31), submitted_on=None, today=D(2026, 4, 16))
    assert [finding.ok for finding in annual] == [False] and "15 april 2026" in annual[0].message


def test_one_day_late_reads_in_the_singular() -> None:
    """The count of days takes its plural form from ngettext: "1 dag", not "1 dagar"."""
    with translation.override("sv"):
        (_period, one) = report_findings(
            annual=False, period_end=D(2026, 8, 31), submitted_on=D(2026, 11, 1), today=D(2026, 12, 1)
        )
        (_period, two) = report_findings(
            annual=False, period_end=D(2026, 8, 31), submitted_on=D(2026, 11, 2), today=D(2026, 12, 1)
        )
    assert "1 dag efter sista dagen" in one.message and "dagar" not in one.message
    assert "2 dagar efter sista dagen" in two.message


@pytest.mark.django_db
def test_the_delivery_date_is_checked_and_shown(client: Client, strategist: User) -> None:
    ReportDate.objects.create(year=2026, kind=ReportKind.INTERIM)
    client.force_login(strategist)
    client.post("/rapportering/2026/delar/lamnad/", {"submitted_on": "2026-08-15"})
    assert ReportDate.objects.get().submitted_on is None  # before the period's end: refused
    client.post("/rapportering/2026/delar/lamnad/", {"submitted_on": "2026-10-20"})
    assert ReportDate.objects.get().submitted_on == D(2026, 10, 20)
    page = client.get("/rapportering/2026/delar/").content.decode()
    assert "lämnades 20 oktober 2026, i tid" in page


@pytest.mark.django_db
def test_the_calendar_page_checks_next_year_s_budget(client: Client, viewer: User) -> None:
    BudgetDocumentFactory(year=2027, decision_date=D(2026, 6, 15))
    client.force_login(viewer)
    page = client.get("/rapportering/kalender/?ar=2026").content.decode()
    assert "30 november 2026" in page and "de nyvalda fullmäktige" in page and "15 juni 2026" in page


@pytest.mark.django_db
def test_min_sida_shows_the_strategist_the_next_dates_and_what_is_late(
    client: Client, strategist: User, viewer: User
) -> None:
    """On 2026-11-10: the budget 2027 by 30 November 2026, the årsredovisning 2026 by 15 April 2027, the
    delårsrapport 2027 by 31 October 2027; the interim report 2026, not handed in by 31 October, is late."""
    import time_machine

    ReportDate.objects.create(year=2026, kind=ReportKind.INTERIM)
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(strategist)
        page = client.get("/min-sida/").content.decode()
        assert "Lagens tidsplan" in page
        order = [page.index(date) for date in ("30 november 2026", "15 april 2027", "31 oktober 2027")]
        assert order == sorted(order)
        assert "skulle ha lämnats till fullmäktige och revisorerna senast 31 oktober 2026" in page
        client.force_login(viewer)
        assert "Lagens tidsplan" not in client.get("/min-sida/").content.decode()
