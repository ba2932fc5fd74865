"""The council's decision not to restore a deficit (synnerliga skäl, KL 11 kap. 13 §) and the law's 2 % threshold
when the equity less the pension commitments outside the balance sheet is negative (KL 11 kap. 14 §)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from budgets.models import LineRole, Statement
from portal.models import User
from reporting.models import DeficitWaiver, LineOutcome, ReportDate
from reporting.requirement import balance_requirement
from tests.reporting.test_balance import annual

pytestmark = pytest.mark.django_db

D = Decimal


def test_a_deficit_the_council_decided_not_to_restore_is_not_restored() -> None:
    """2024: −40 (no tax figures, nothing reserved); the council waives 30 of it: 10 left, by 2027.
    2025: +4 restores 4: 6 left. Without the decision 36 would be left."""
    annual(2024, result="-40", tax="0", grants="0")
    report = annual(2025, result="4", tax="0", grants="0")
    without = balance_requirement(report)[-1]
    assert [(d.year, d.left) for d in without.deficits] == [(2024, D(36))]

    DeficitWaiver.objects.create(
        year=2024, amount=D(30), reason="Nedskrivning av bostadsbolaget", decision_reference="KF 2025-04-23 § 40"
    )
    chain = balance_requirement(report)
    first, last = chain[0], chain[-1]
    assert first.year == 2024 and [(d.amount, d.waived, d.left) for d in first.deficits] == [(D(40), D(30), D(10))]
    assert "KF 2025-04-23 § 40" in first.deficits[0].waiver and "bostadsbolaget" in first.deficits[0].waiver
    assert [(d.year, d.left) for d in last.deficits] == [(2024, D(6))]


def test_a_deficit_waived_in_full_shows_its_year_only() -> None:
    annual(2024, result="-40", tax="0", grants="0")
    report = annual(2025, result="4", tax="0", grants="0")
    DeficitWaiver.objects.create(year=2024, reason="Synnerliga skäl", decision_reference="KF 1")
    chain = balance_requirement(report)
    assert [(d.year, d.left, d.waived) for d in chain[0].deficits] == [(2024, D(0), D(40))]
    assert chain[-1].deficits == [] and chain[-1].restored == 0


def equity(report: ReportDate, amount: str) -> None:
    LineOutcome.objects.create(
        report=report, statement=Statement.BALANCE, label="Eget kapital", role=LineRole.EQUITY, outcome=D(amount)
    )


def test_the_threshold_is_two_per_cent_when_equity_less_pensions_is_negative() -> None:
    """Result 100; tax and grants 3 000. Equity 1 000, pensions 1 200: −200, so 2 % = 60 and 40 is reserved;
    with pensions of 800 the rule's 1 % = 30 applies and 70 is reserved."""
    report = annual(2026, result="100", tax="2400", grants="600")
    equity(report, "1000")
    report.pension_commitments = D(1200)
    report.save()
    current = balance_requirement(report)[-1]
    assert current.reservation == D(40)
    assert "negativt" in current.steps[-3].explanation and "2 %" in current.steps[-3].explanation
    report.pension_commitments = D(800)
    report.save()
    current = balance_requirement(report)[-1]
    assert current.reservation == D(70) and "gränsen på 1 % enligt lagen gäller" in current.steps[-3].explanation


def test_without_the_pension_commitments_the_page_says_the_condition_cannot_be_checked(
    client: Client, strategist: User
) -> None:
    report = annual(2026, result="100", tax="2400", grants="600")
    equity(report, "1000")
    client.force_login(strategist)
    url = "/rapportering/2026/helar/balanskrav/"
    page = client.get(url).content.decode()
    assert "Det går inte att pröva om lagens gräns på 2 % gäller" in page
    refused = client.post(url, {"pension": "1", "pension_commitments": "-5"})
    assert refused.status_code == 200 and "positivt tal" in refused.content.decode()
    report.refresh_from_db()
    assert report.pension_commitments is None
    client.post(url, {"pension": "1", "pension_commitments": "1 200"})
    report.refresh_from_db()
    assert report.pension_commitments == D(1200)
    assert "reservering får göras först över 2 %" in client.get(url).content.decode()


def test_a_strategist_records_and_removes_a_waiver_and_a_viewer_may_not(
    client: Client, strategist: User, viewer: User
) -> None:
    url = "/rapportering/resultatutjamning/"
    data = {
        "waiver": "1",
        "waiver-year": "2024",
        "waiver-amount": "",
        "waiver-reason": "Omstrukturering",
        "waiver-decision_reference": "KF 2025-04-23 § 40",
    }
    client.force_login(viewer)
    assert client.post(url, data).status_code == 403
    client.force_login(strategist)
    refused = client.post(url, data | {"waiver-decision_reference": ""})
    assert "Skriv fullmäktiges beslut" in refused.content.decode() and not DeficitWaiver.objects.exists()
    assert client.post(url, data).status_code == 302
    waiver = DeficitWaiver.objects.get()
    assert waiver.amount is None and "KF 2025-04-23 § 40" in client.get(url).content.decode()
    again = client.post(url, data)
    assert "Det finns redan ett beslut för det året" in again.content.decode()
    client.force_login(viewer)
    assert client.post(f"/rapportering/resultatutjamning/underskott/{waiver.pk}/ta-bort/").status_code == 403
    client.force_login(strategist)
    client.post(f"/rapportering/resultatutjamning/underskott/{waiver.pk}/ta-bort/")
    assert not DeficitWaiver.objects.exists()
