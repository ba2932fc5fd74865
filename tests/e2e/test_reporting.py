"""The interim report in a real browser: a strategist opens it, reads in the outcome, enters a balanskrav item;
then the example's interim report is compiled, published with the council's decision and read by a visitor on
the public site. Every page passes axe-core (WCAG 2.1 A and AA) with no broken id references.

The compilation runs eagerly here (in the live server's request, after its transaction commits): the task
through a real worker is tests/integration/test_reporting_worker.py."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from budgets.example import STATEMENTS
from budgets.models import Basis
from portal.celery import app as celery_app
from portal.models import Committee, Role, User
from reporting.models import CompiledReport, LineOutcome
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in
from tests.factories import (
    BudgetDocumentFactory,
    OperatingBudgetFactory,
    StatementAmountFactory,
    StatementLineFactory,
    UserFactory,
)

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


@pytest.fixture
def eager_celery(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved


def test_the_compiled_report_is_published_and_a_visitor_reads_it(
    page: Page,
    console: BrowserConsole,
    browser: Browser,
    live_server: LiveServer,
    example: None,
    eager_celery: None,
) -> None:
    found = {}
    sign_in(page, UserFactory(username="strateg-e2e", roles=[Role.STRATEGIST]))  # the example's own has its password
    page.goto("/rapportering/2026/delar/")
    page.get_by_role("link", name="Sammanställd rapport").click()
    page.wait_for_url("**/sammanstallning/")
    found["compiled, empty"] = problems(page)
    page.get_by_role("button", name="Sammanställ rapporten").click()
    page.get_by_role("link", name="Ladda ner som PDF").wait_for()
    found["compiled"] = problems(page)
    assert "Exempeldata" in page.locator("main").inner_text()
    page.get_by_label("Fullmäktiges beslut").fill("KF 2026-10-28 § 120")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publicera som antagen").click()
    page.get_by_role("link", name="Rapporten på den offentliga webbplatsen").wait_for()
    found["published"] = problems(page)
    assert CompiledReport.objects.get().state == "published"

    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        visitor = context.new_page()
        visitor.on("console", console.record)
        visitor.goto("/offentlig/")
        visitor.get_by_role("link", name="Delårsrapport och årsredovisning").click()
        found["public list"] = problems(visitor)
        visitor.get_by_role("link", name="Delårsrapport per 31 augusti 2026 (exempeldata)", exact=True).click()
        visitor.wait_for_url("**/offentlig/delar-och-bokslut/2026/delar/")
        found["public report"] = problems(visitor)
        text = visitor.locator("main").inner_text()
        assert "Exempeldata" in text and "KF 2026-10-28 § 120" in text and "Balanskravsutredning" in text
    finally:
        context.close()

    found = {where: violations for where, violations in found.items() if violations}
    report = "\n\n".join(f"{where}:\n" + "\n".join(violations) for where, violations in found.items())
    assert not found, f"WCAG 2.1 A/AA violations (axe-core) and broken id references:\n{report}"
    assert not console.csp_violations, "\n".join(console.csp_violations)
