"""The budget document page: the seed's five tables in Swedish number format, key ratios, checks, charts, access."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from budgets import example as budgets_example
from budgets.models import BudgetDocument, InvestmentArea, LineRole, Statement
from goals import example as goals_example
from goals.models import Target
from portal import example as portal_example
from portal.models import User
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeFactory,
    DocumentTextFactory,
    InvestmentBudgetFactory,
    OperatingBudgetFactory,
    StatedTotalFactory,
    StatementAmountFactory,
    StatementLineFactory,
)

NBSP = "\u00a0"
MINUS = "\u2212"


def plain(text: str) -> str:
    """As the seed prints it: ordinary spaces and hyphen-minus."""
    return text.replace(NBSP, " ").replace(MINUS, "-")


@pytest.fixture
def seed(db: None) -> BudgetDocument:
    portal_example.load()
    budgets_example.load()
    goals_example.load()  # the council's target for the result ratio: the chart's goal line
    return BudgetDocument.objects.get(year=2026)


@pytest.fixture
def page(client: Client, seed: BudgetDocument, viewer: User) -> str:
    client.force_login(viewer)
    response = client.get(reverse("budgets:document"))
    assert response.status_code == 200
    return plain(response.content.decode())


def table(page: str, caption: str) -> str:
    """The HTML of the table with this caption."""
    match = re.search(r"<table[^>]*>\s*<caption>" + re.escape(caption) + r".*?</table>", page, re.S)
    assert match, f"no table {caption!r}"
    return match.group(0)


def row(table_html: str, label: str) -> list[str]:
    """The cells of the row headed ``label``."""
    match = re.search(r'<th scope="row">' + re.escape(label) + r"</th>(.*?)</tr>", table_html, re.S)
    assert match, f"no row {label!r}"
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


# The seed's tables as printed (mnkr for the statements, tkr for the operating and investment budgets).
SEED_TABLES = {
    "Resultatbudget": {
        "Verksamhetens nettokostnader": ["-3 055", "-3 163", "-3 262"],
        "Avskrivningar": ["-148", "-161", "-174"],
        "Skatteintäkter": ["2 571", "2 687", "2 805"],
        "Generella statsbidrag och utjämning": ["785", "780", "784"],
        "Finansiella intäkter": ["130", "144", "157"],
        "Finansiella kostnader": ["-136", "-163", "-196"],
        "Årets resultat": ["146", "125", "113"],
        "Årets resultat i förhållande till skatteintäkter och generella statsbidrag (%)": ["4,4 %", "3,6 %", "3,1 %"],
    },
    "Balansbudget": {
        "Anläggningstillgångar": ["3 147", "3 706", "4 289"],
        "Omsättningstillgångar": ["5 136", "5 358", "5 555"],
        "Summa tillgångar": ["8 283", "9 063", "9 845"],
        "Eget kapital": ["2 116", "2 241", "2 354"],
        "Avsättningar": ["1 128", "1 118", "1 119"],
        "Långfristiga skulder": ["3 692", "4 355", "5 019"],
        "Kortfristiga skulder": ["1 347", "1 350", "1 352"],
        "Summa eget kapital, avsättningar och skulder": ["8 283", "9 063", "9 845"],
    },
    "Kassaflödesbudget": {
        "Kassaflöde från den löpande verksamheten": ["110", "141", "153"],
        "Kassaflöde från investeringsverksamheten": ["-586", "-719", "-755"],
        "Kassaflöde från finansieringsverksamheten": ["425", "625", "625"],
        "Årets kassaflöde": ["-51", "47", "23"],
    },
    "Driftbudget": {
        "Vård- och omsorgsnämnden": ["1 017 829", "1 058 308", "1 101 731"],
        "Socialnämnden": ["265 836", "275 214", "285 152"],
        "Kultur- och utbildningsnämnden": ["393 467", "414 175", "431 922"],
        "Barn- och ungdomsnämnden": ["1 131 226", "1 164 800", "1 197 078"],
        "Bygg- och miljönämnden": ["17 841", "18 394", "18 982"],
        "Tekniska nämnden": ["85 940", "88 604", "91 439"],
        "Kommunstyrelsen": ["153 695", "162 429", "166 595"],
        "Överförmyndarnämnden": ["5 045", "5 202", "5 368"],
        "Summa kommunbidrag": ["3 070 880", "3 187 126", "3 298 267"],
    },
    "Investeringsbudget": {
        "Vård- och omsorgsnämnden": ["5 800", "5 800", "5 800", "5 850", "5 850"],
        "Socialnämnden": ["800", "800", "800", "800", "800"],
        "Kultur- och utbildningsnämnden": ["12 340", "9 000", "8 400", "8 600", "8 700"],
        "Barn- och ungdomsnämnden": ["18 590", "22 290", "18 990", "17 990", "17 990"],
        "Tekniska nämnden": ["75 695", "75 829", "74 522", "74 519", "73 702"],
        "Kommunstyrelsen": ["140 750", "79 975", "74 323", "121 915", "146 100"],
        "Finansiell leasing": ["25 000", "26 000", "27 000", "28 000", "29 000"],
        "VA": ["308 024", "502 140", "561 084", "449 975", "495 847"],
        "Avfall": ["24 000", "23 650", "11 350", "6 950", "12 850"],
        "Summa investeringar": ["610 999", "745 484", "782 269", "714 599", "790 839"],
    },
}


@pytest.mark.parametrize("caption", list(SEED_TABLES))
def test_every_figure_of_the_seeds_tables(page: str, caption: str) -> None:
    html = table(page, caption)
    for label, cells in SEED_TABLES[caption].items():
        assert row(html, label) == cells, label
    # Nothing more than the seed prints.
    assert len(re.findall(r'<th scope="row">', html)) == len(SEED_TABLES[caption])


def test_columns_as_printed(page: str) -> None:
    assert re.findall(r'<th scope="col" class="number">(.*?)</th>', table(page, "Resultatbudget")) == [
        "Budget 2026",
        "Plan 2027",
        "Plan 2028",
    ]
    assert re.findall(r'<th scope="col" class="number">(.*?)</th>', table(page, "Investeringsbudget")) == [
        "2026",
        "2027",
        "2028",
        "2029",
        "2030",
    ]


def test_the_minus_sign_and_spaces_are_typographic(client: Client, seed: BudgetDocument, viewer: User) -> None:
    client.force_login(viewer)
    raw = client.get(reverse("budgets:document")).content.decode()
    assert f"{MINUS}3{NBSP}055" in raw
    assert f"3{NBSP}070{NBSP}880" in raw


def test_key_ratios(page: str) -> None:
    result = table(page, "Årets resultat i förhållande till skatteintäkter och generella statsbidrag")
    assert [row(result, year)[0] for year in ("2026", "2027", "2028")] == ["4,4 %", "3,6 %", "3,1 %"]
    ratios = re.search(r'<section aria-labelledby="ratios">.*?</section>', page, re.S).group(0)  # type: ignore[union-attr]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", ratios))
    for expected in ("4,4 %", "3,6 %", "3,1 %", "25,5 %", "24,7 %", "23,9 %"):
        assert expected in text
    assert "Formel: Eget kapital / summa tillgångar" in text
    assert "Eget kapital: 2 116 mnkr" in text and "Summa tillgångar: 8 283 mnkr" in text
    assert "Skattefinansierade nettoinvesteringar (utan VA och avfall): 278 975 tkr" in text
    assert "105,4 %" in text
    assert "ej bedömt: utfall 2025 saknas" in text
    assert "ej beräknat: poster av tillfällig karaktär för 2026 anges inte" in text


def test_rounding_differences_are_notes_not_errors(page: str) -> None:
    checks = re.search(r'<section aria-labelledby="checks">.*?</section>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "findings-error" not in checks
    notes = re.findall(r"<li><strong>Anmärkning:</strong> (.*?)</li>", checks, re.S)
    assert (
        "Resultatbudget 2026: raderna ovanför summerar till 147 mnkr men Årets resultat anges till 146 mnkr "
        "(skillnad 1 mnkr, inom avrundning)."
    ) in notes
    assert (
        "Driftbudget 2026: raderna summerar till 3 070 879 tkr men Summa kommunbidrag anges till 3 070 880 tkr "
        "(skillnad -1 tkr, inom avrundning)."
    ) in notes
    assert len(notes) == 13


def test_an_error_is_shown_as_an_error(client: Client, seed: BudgetDocument, viewer: User) -> None:
    seed.stated_totals.filter(table="operating", year=2027).update(amount=Decimal(3000000))
    client.force_login(viewer)
    page = plain(client.get(reverse("budgets:document")).content.decode())
    errors = re.findall(r"<li><strong>Fel:</strong> (.*?)</li>", page, re.S)
    assert errors == [
        "Driftbudget 2027: raderna summerar till 3 187 126 tkr men Summa kommunbidrag anges till 3 000 000 tkr "
        "(skillnad 187 126 tkr, mer än avrundning)."
    ]


def test_the_political_priorities(page: str) -> None:
    assert '<h2 id="text-1">En attraktiv arbetsgivare för dagens och framtidens välfärd</h2>' in page
    assert '<h2 id="text-2">En attraktiv kommun för dagens och framtidens invånare och företag</h2>' in page
    assert "<p>Vi vill satsa på våra barn och unga." in page


def test_decision_not_in_the_seed_is_missing(page: str) -> None:
    assert re.search(r"<dt>Beslut</dt>\s*<dd>\s*saknas", page)


def test_charts_are_images_with_text_and_data(page: str) -> None:
    charts = re.findall(r"<svg [^>]*>", page)
    assert len(charts) == 3
    assert all('role="img"' in svg and "aria-labelledby=" in svg for svg in charts)
    assert page.count("<desc id=") == 3
    assert page.count("Diagrammets data som tabell") == 3
    # The goal line of the result ratio chart, and every committee's bar.
    assert "Mål: minst 4,0 %" in page
    assert "Vård- och omsorgsnämnden: 1 017 829 tkr." in page
    investments = table(page, "Investeringar per år och område (tkr)")
    assert row(investments, "2026") == ["253 975", "25 000", "308 024", "24 000", "610 999"]
    assert row(investments, "2030") == ["253 142", "29 000", "495 847", "12 850", "790 839"]


def test_the_goal_line_is_the_council_target_for_the_year(client: Client, seed: BudgetDocument, viewer: User) -> None:
    client.force_login(viewer)
    Target.objects.filter(indicator__ratio_key="result_ratio", year=2026).update(value=3)
    assert "Mål: minst 3,0 %" in plain(client.get(reverse("budgets:document")).content.decode())
    Target.objects.filter(indicator__ratio_key="result_ratio").delete()
    page = plain(client.get(reverse("budgets:document")).content.decode())
    assert "Mål: minst" not in page
    assert "Målet är" not in page
    assert page.count("<svg ") == 3  # the chart stays, without a goal line


def test_the_page_obeys_the_content_security_policy(page: str) -> None:
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page


def test_missing_figures_read_saknas(client: Client, viewer: User) -> None:
    document = BudgetDocumentFactory(year=2030)
    line = StatementLineFactory(document=document, label="Årets resultat", role=LineRole.RESULT, is_total=True)
    StatementAmountFactory(line=line, year=2030, amount=Decimal(50))
    client.force_login(viewer)
    page = plain(client.get(reverse("budgets:document_year", args=[2030])).content.decode())
    assert row(table(page, "Resultatbudget"), "Årets resultat") == ["50", "saknas", "saknas"]
    assert "ej beräknat: Skatteintäkter, Generella statsbidrag och utjämning 2030 saknas" in page


def test_by_year_shows_a_proposal_and_the_latest_skips_it(client: Client, seed: BudgetDocument, viewer: User) -> None:
    BudgetDocumentFactory(year=2027, title="Mål och budget 2027 (förslag)", status=BudgetDocument.Status.PROPOSAL)
    client.force_login(viewer)
    latest = client.get(reverse("budgets:document")).content.decode()
    assert "<h1>Mål och budget 2026, plan 2027–2028</h1>" in latest
    assert "(Förslag)" in latest  # listed among the years
    proposal = client.get(reverse("budgets:document_year", args=[2027])).content.decode()
    assert "<h1>Mål och budget 2027 (förslag)</h1>" in proposal


def test_a_missing_year_is_not_found(client: Client, seed: BudgetDocument, viewer: User) -> None:
    client.force_login(viewer)
    assert client.get(reverse("budgets:document_year", args=[2019])).status_code == 404


def test_without_any_document(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get(reverse("budgets:document"))
    assert response.status_code == 200
    assert "Det finns inget antaget budgetdokument ännu." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("reporter", 200),
        ("approver", 200),
        ("strategist", 200),
        ("hr_editor", 200),
        ("viewer", 200),
        ("manager", 200),
        ("administrator", 200),
        ("outsider", 403),  # signed in, but no role
    ],
)
def test_access_per_role(request: pytest.FixtureRequest, client: Client, db: None, persona: str, status: int) -> None:
    BudgetDocumentFactory(year=2026)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("budgets:document")).status_code == status
    assert client.get(reverse("budgets:document_year", args=[2026])).status_code == status


def test_anonymous_is_sent_to_sign_in(client: Client, seed: BudgetDocument) -> None:
    response = client.get(reverse("budgets:document_year", args=[2026]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def make_document(size: int) -> BudgetDocument:
    """A document with ``size`` committees, lines, texts and investment areas' worth of figures."""
    document = BudgetDocumentFactory(year=2026)
    for _ in range(size):
        committee = CommitteeFactory()
        for year in document.years:
            OperatingBudgetFactory(document=document, committee=committee, year=year)
            InvestmentBudgetFactory(document=document, committee=committee, year=year)
        for statement in Statement:
            line = StatementLineFactory(document=document, statement=statement)
            for year in document.years:
                StatementAmountFactory(line=line, year=year)
        DocumentTextFactory(document=document)
    for year in document.years:
        InvestmentBudgetFactory(document=document, area=InvestmentArea.WATER, committee=None, year=year)
        StatedTotalFactory(document=document, year=year)
    return document


@pytest.mark.parametrize("size", [1, 8])
def test_query_count_does_not_grow_with_the_document(
    client: Client, viewer: User, django_assert_num_queries: Any, size: int
) -> None:
    make_document(size)
    client.force_login(viewer)
    client.get(reverse("budgets:document"))  # the first request stamps the session's last activity (a write)
    # session, user, groups and memberships (roles), the latest adopted document, statement lines,
    # their amounts, operating budgets with committees, investment budgets with committees, stated
    # totals, texts, the result ratio's target (goals), municipality (header), the documents for the
    # list of years
    with django_assert_num_queries(14):
        response = client.get(reverse("budgets:document"))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">Rad ') == 3 * size
