"""Issue 18's journey in a real browser: a strategist (the economist: docs/roles.md) reads the outcome file into
the example's interim report through the upload page, enters a balanskrav item, compiles the report, publishes
it with the council's decision (the confirm dialog accepted), and an anonymous visitor finds and reads it on the
public site. Every page passes axe-core (WCAG 2.1 A and AA) with no broken id references.

The compilation runs eagerly here (in the live server's request, after its transaction commits): the browser
test is about the pages and a worker would make it slow and flaky; the task through a real worker is
tests/integration/test_reporting_worker.py. Opening a report date is tested over HTTP in
tests/reporting/test_pages.py."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from budgets.example import STATEMENTS, YEAR
from budgets.exchange.layout import AREA_WORDS, INVESTMENT, OPERATING, STATEMENT_SECTIONS
from budgets.models import InvestmentArea
from portal.celery import app as celery_app
from portal.models import Role
from reporting import example as sample  # the example module; `example` is the fixture
from reporting.models import CompiledReport, LineOutcome, ReportDate
from tests.e2e.conftest import BrowserConsole, axe_violations, broken_references, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

# The municipality's own figures: the example's, but 10 mnkr more tax income, so the result is 146, not 136.
CHANGED = {"Skatteintäkter": (1714, 2600), "Årets resultat": (128, 146)}


def problems(page: Page) -> list[str]:
    return axe_violations(page) + broken_references(page)


def outcome_csv() -> bytes:
    """The outcome file as the strategist fills it in: every sheet, each row with its sheet's name first."""
    columns = f"Utfall {YEAR};Prognos {YEAR}"
    rows = []
    for statement, lines in STATEMENTS.items():
        section = STATEMENT_SECTIONS[statement]
        rows.append(f"{section};Rad;Betydelse;Summarad;{columns}")
        for label, role, is_total, _figures in lines:
            if label in sample.LINES:
                outcome, forecast = CHANGED.get(label, sample.LINES[label])
                rows.append(f"{section};{label};{role};{'ja' if is_total else 'nej'};{outcome};{forecast}")
    rows.append(f"{OPERATING};Nämnd;{columns}")
    rows += [f"{OPERATING};{name};{outcome};{forecast}" for name, outcome, forecast in sample.COMMITTEES]
    rows.append(f"{INVESTMENT};Nämnd/område;{columns}")
    for name, outcome, forecast in sample.INVESTMENTS:
        text = AREA_WORDS[name] if isinstance(name, InvestmentArea) else name
        rows.append(f"{INVESTMENT};{text};{outcome};{forecast}")
    return ("\r\n".join(rows) + "\r\n").encode()


@pytest.fixture
def eager_celery(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved


def test_a_strategist_imports_compiles_and_publishes_and_a_visitor_reads_the_report(
    page: Page,
    console: BrowserConsole,
    browser: Browser,
    live_server: LiveServer,
    example: None,
    eager_celery: None,
) -> None:
    found = {}
    sign_in(page, UserFactory(username="strateg-e2e", roles=[Role.STRATEGIST]))  # the example's own has its password
    page.get_by_role("link", name="Delår och bokslut").click()
    found["report list"] = problems(page)
    page.goto(f"/rapportering/{YEAR}/delar/")
    found["report, example"] = problems(page)

    page.get_by_role("link", name="Läs in utfall och prognos").click()
    found["upload"] = problems(page)
    page.get_by_label("Fil med utfall och prognos").set_input_files(
        {"name": "utfall.csv", "mimeType": "text/csv", "buffer": outcome_csv()}
    )
    page.get_by_role("button", name="Ladda upp och granska").click()
    page.wait_for_url("**/importera/granska/")
    found["preview"] = problems(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Spara utfall och prognos").click()
    page.wait_for_url(f"**/rapportering/{YEAR}/delar/")
    found["report with outcome"] = problems(page)
    assert LineOutcome.objects.get(label="Årets resultat").forecast == Decimal(146)
    assert not ReportDate.objects.get(year=YEAR).is_example  # the municipality's own figures now

    page.get_by_role("link", name="Balanskravsutredning").click()
    page.get_by_label("Post").select_option("realisation_gains")
    page.get_by_label("Belopp (mnkr)").fill("7,5")
    page.get_by_label("Kommentar").fill("Försäljning av tomt i Nolby")
    page.get_by_role("button", name="Lägg till").click()
    page.get_by_text("Försäljning av tomt i Nolby").first.wait_for()
    found["balanskravsutredning"] = problems(page)
    assert "138,50" in page.locator("main").inner_text()  # 146 − 7,5

    page.goto(f"/rapportering/{YEAR}/delar/")
    page.get_by_role("link", name="Sammanställd rapport").click()
    page.wait_for_url("**/sammanstallning/")
    found["compiled, empty"] = problems(page)
    page.get_by_role("button", name="Sammanställ rapporten").click()
    page.get_by_role("link", name="Ladda ner som PDF").wait_for()
    found["compiled"] = problems(page)
    assert "Försäljning av tomt i Nolby" in page.locator("main").inner_text()
    page.get_by_label("Fullmäktiges beslut").fill("KF 2026-10-28 § 120")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publicera som antagen").click()
    page.get_by_role("link", name="Rapporten på den offentliga webbplatsen").wait_for()
    found["published"] = problems(page)
    assert CompiledReport.objects.get().state == "published"

    page.goto(f"/rapportering/kalender/?ar={YEAR}")
    found["calendar"] = problems(page)
    page.goto("/rapportering/resultatutjamning/")
    found["RUR rule"] = problems(page)

    context = browser.new_context(base_url=live_server.url, locale="sv-SE")  # signed out: a visitor
    try:
        visitor = context.new_page()
        visitor.on("console", console.record)
        visitor.goto("/offentlig/")
        visitor.get_by_role("link", name="Delårsrapport och årsredovisning").click()
        found["public list"] = problems(visitor)
        visitor.get_by_role("link", name=f"Delårsrapport per 31 augusti {YEAR}", exact=True).click()
        visitor.wait_for_url(f"**/offentlig/delar-och-bokslut/{YEAR}/delar/")
        found["public report"] = problems(visitor)
        text = visitor.locator("main").inner_text()
        assert "KF 2026-10-28 § 120" in text and "Balanskravsutredning" in text
        assert "Försäljning av tomt i Nolby" in text and "Exempeldata" not in text
    finally:
        context.close()

    found = {where: violations for where, violations in found.items() if violations}
    report = "\n\n".join(f"{where}:\n" + "\n".join(violations) for where, violations in found.items())
    assert not found, f"WCAG 2.1 A/AA violations (axe-core) and broken id references:\n{report}"
    assert not console.csp_violations, "\n".join(console.csp_violations)
