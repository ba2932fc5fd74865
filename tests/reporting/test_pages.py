"""The report pages: report dates, the balanskravsutredning with its sources, and who may change what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from budgets.models import LineRole, Statement
from portal.models import User
from reporting.models import BalanceAdjustment, LineOutcome, ReportDate, ReportKind

pytestmark = pytest.mark.django_db


def test_a_strategist_opens_a_report_date_once(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    response = client.post("/rapportering/", {"year": "2026", "kind": "interim"})
    assert response.status_code == 302 and response["Location"] == "/rapportering/2026/delar/"
    again = client.post("/rapportering/", {"year": "2026", "kind": "interim"})
    assert again.status_code == 200 and "finns redan" in again.content.decode()
    assert ReportDate.objects.count() == 1


def test_a_viewer_may_not_open_a_report_date_or_enter_items(client: Client, viewer: User) -> None:
    report = ReportDate.objects.create(year=2026, kind=ReportKind.ANNUAL)
    client.force_login(viewer)
    assert client.post("/rapportering/", {"year": "2027", "kind": "interim"}).status_code == 403
    balance = "/rapportering/2026/helar/balanskrav/"
    assert client.get(balance).status_code == 200
    assert client.post(balance, {"kind": "realisation_gains", "amount": "5", "comment": "x"}).status_code == 403
    assert not BalanceAdjustment.objects.exists() and ReportDate.objects.get() == report


def test_the_balance_requirement_page_shows_every_figure_with_its_source(client: Client, strategist: User) -> None:
    """Result 60,4 − realisation gain 7 = 53,4 after adjustments; no tax figures, so no reservation: 53,4."""
    report = ReportDate.objects.create(year=2026, kind=ReportKind.ANNUAL)
    LineOutcome.objects.create(
        report=report,
        statement=Statement.INCOME,
        label="Årets resultat",
        role=LineRole.RESULT,
        is_total=True,
        outcome=Decimal("60.4"),
    )
    client.force_login(strategist)
    url = "/rapportering/2026/helar/balanskrav/"
    refused = client.post(url, {"kind": "realisation_gains", "amount": "-7", "comment": "Tomt"})
    assert "positivt tal" in refused.content.decode() and not BalanceAdjustment.objects.exists()
    client.post(url, {"kind": "realisation_gains", "amount": "7", "comment": "Försäljning av tomt i Nolby"})
    page = client.get(url).content.decode()
    assert "53,40" in page and "\u22127,00" in page and "Försäljning av tomt i Nolby" in page
    # The result links to its line on the outcome page, whose row carries that id.
    link = page.split('href="/rapportering/2026/helar/#', 1)[1].split('"', 1)[0]
    assert f'id="{link}"' in client.get("/rapportering/2026/helar/").content.decode()
    item = BalanceAdjustment.objects.get()
    client.post(f"/rapportering/2026/helar/balanskrav/{item.pk}/ta-bort/")
    assert not BalanceAdjustment.objects.exists()


def test_a_strategist_keeps_the_rule_and_the_growth_figures_and_a_viewer_reads_them(
    client: Client, strategist: User, viewer: User
) -> None:
    from reporting.models import EqualisationRule, TaxBaseGrowth

    client.force_login(strategist)
    url = "/rapportering/resultatutjamning/"
    rule = {
        "rule": "1",
        "threshold_percent": "2",
        "reserve_share_percent": "50",
        "restore_deficits_first": "on",
        "average_years": "10",
        "opening_year": "2024",
        "opening_balance": "40",
        "decision_reference": "KF 2013-12-18 § 150",
    }
    below = client.post(url, rule | {"threshold_percent": "0,5"})
    assert "minst 1" in below.content.decode() and not EqualisationRule.objects.exists()
    assert client.post(url, rule).status_code == 302
    assert EqualisationRule.objects.get().threshold_percent == Decimal(2)
    client.post(url, {"growth": "1", "year": "2026", "percent": "3,5", "source": "SKR 26:1"})
    client.post(url, {"growth": "1", "year": "2026", "percent": "3,1", "source": "SKR 26:9"})  # replaces 2026
    assert list(TaxBaseGrowth.objects.values_list("year", "percent")) == [(2026, Decimal("3.10"))]
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "3,10\u00a0%" in page and "SKR 26:9" in page and "Spara riktlinjen" not in page
    assert client.post(url, rule | {"threshold_percent": "5"}).status_code == 403
    assert EqualisationRule.objects.get().threshold_percent == Decimal(2)
