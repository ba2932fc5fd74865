"""The interim report in a real browser: a strategist opens it, reads in the outcome, enters a balanskrav item;
every page passes axe-core (WCAG 2.1 A and AA) with no broken id references."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page

from budgets.example import STATEMENTS
from budgets.models import Basis
from portal.models import Committee, User
from reporting.models import LineOutcome
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in
from tests.factories import BudgetDocumentFactory, OperatingBudgetFactory, StatementAmountFactory, StatementLineFactory

pytestmark = pytest.mark.e2e


def problems(page: Page) -> list[str]:
    return axe_violations(page) + broken_references(page)


def outcome_csv(committee: Committee) -> bytes:
    """The forecast adds up: −3 040 − 148 + 2 580 + 790 + 130 − 136 = 176."""
    rows = [
        "Resultatbudget;Rad;Betydelse;Summarad;Utfall 2026;Prognos 2026",
        "Resultatbudget;Verksamhetens nettokostnader;net_cost;nej;-2010;-3040",
        "Resultatbudget;Avskrivningar;depreciation;nej;-98;-148",
        "Resultatbudget;Skatteintäkter;tax_income;nej;1720;2580",
        "Resultatbudget;Generella statsbidrag och utjämning;general_grants;nej;520;790",
        "Resultatbudget;Finansiella intäkter;financial_income;nej;90;130",
        "Resultatbudget;Finansiella kostnader;financial_costs;nej;-90;-136",
        "Resultatbudget;Årets resultat;result;ja;132;176",
        "Driftbudget;Nämnd;Utfall 2026;Prognos 2026",
        f"Driftbudget;{committee.name};64000;98500",
    ]
    return ("\r\n".join(rows) + "\r\n").encode()


def test_a_strategist_reads_in_the_interim_outcome_and_the_pages_pass_axe(
    page: Page, console: BrowserConsole, strategist: User, committee: Committee
) -> None:
    document = BudgetDocumentFactory(year=2026)
    for statement, lines in STATEMENTS.items():
        for order, (label, role, is_total, figures) in enumerate(lines, start=1):
            line = StatementLineFactory(
                document=document, statement=statement, label=label, role=role, is_total=is_total, sort_order=order
            )
            if figures:
                StatementAmountFactory(line=line, year=2026, basis=Basis.BUDGET, amount=Decimal(figures[0]))
    OperatingBudgetFactory(document=document, committee=committee, year=2026, amount=Decimal(100_000))
    found = {}
    sign_in(page, strategist)
    page.get_by_role("link", name="Delår och bokslut").click()
    found["report list"] = problems(page)
    page.get_by_label("År").fill("2026")
    page.get_by_label("Rapporttillfälle").select_option("interim")
    page.get_by_role("button", name="Skapa rapporttillfället").click()
    page.wait_for_url("**/rapportering/2026/delar/")
    found["report, empty"] = problems(page)

    page.get_by_role("link", name="Läs in utfall och prognos").click()
    found["upload"] = problems(page)
    page.get_by_label("Fil med utfall och prognos").set_input_files(
        {"name": "utfall.csv", "mimeType": "text/csv", "buffer": outcome_csv(committee)}
    )
    page.get_by_role("button", name="Ladda upp och granska").click()
    page.wait_for_url("**/importera/granska/")
    found["preview"] = problems(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Spara utfall och prognos").click()
    page.wait_for_url("**/rapportering/2026/delar/")
    found["report with outcome"] = problems(page)
    assert LineOutcome.objects.get(label="Årets resultat").forecast == Decimal(176)
    assert "20,5\u00a0%" in page.locator("main").inner_text()  # forecast 176 against budget 146

    page.get_by_role("link", name="Balanskravsutredning").click()
    page.get_by_label("Post").select_option("realisation_gains")
    page.get_by_label("Belopp (mnkr)").fill("7,5")
    page.get_by_label("Kommentar").fill("Försäljning av tomt i Nolby")
    page.get_by_role("button", name="Lägg till").click()
    page.get_by_text("Försäljning av tomt i Nolby").first.wait_for()
    found["balanskravsutredning"] = problems(page)
    assert "168,50" in page.locator("main").inner_text()  # 176 − 7,5

    page.goto("/rapportering/kalender/?ar=2026")
    found["calendar"] = problems(page)
    page.goto("/rapportering/resultatutjamning/")
    found["RUR rule"] = problems(page)

    found = {where: violations for where, violations in found.items() if violations}
    report = "\n\n".join(f"{where}:\n" + "\n".join(violations) for where, violations in found.items())
    assert not found, f"WCAG 2.1 A/AA violations (axe-core) and broken id references:\n{report}"
    assert not console.csp_violations, "\n".join(console.csp_violations)
