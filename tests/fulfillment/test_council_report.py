"""The report fit to hand to the council: every Kolada value names its source (key figure and fetch date) and
its year on the report page, the workbook, the published report and the published goal page; the basis of
each goal is stated in Swedish; a financial goal is judged on the year's outcome when there is one."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from fulfillment import services
from fulfillment.judging import Basis
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import Goal, Indicator
from goals.status import Status
from portal.models import User
from tests.factories import CommitteeGoalFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

KOLADA_SOURCE = "Kolada U15900, hämtat 2026-10-02"


@pytest.fixture
def seed(db: None) -> None:
    call_command("load_example", stdout=io.StringIO())


@pytest.fixture
def index(seed: None) -> Indicator:
    """The compulsory school's efficiency index, published by Kolada for 2025 only."""
    indicator = Indicator.objects.get(external_id="U15900")
    MeasurementFactory(
        indicator=indicator,
        year=2025,
        value=Decimal("50.7012"),
        reference_value=Decimal("51.1688"),
        source=KOLADA_SOURCE,
    )
    return indicator


def compiled() -> FulfillmentReport:
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=report.pk)
    return FulfillmentReport.objects.get(pk=report.pk)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


def test_the_report_page_names_kolada_the_year_and_the_basis_in_swedish(index: Indicator, viewer: User) -> None:
    report = compiled()

    page = plain(signed_in(viewer).get(reverse("fulfillment:report_detail", args=[report.pk])).content.decode())

    assert f"Källa: {KOLADA_SOURCE}" in page
    assert "50,70 (utfall 2025)" in page
    assert (
        "50,70 (utfall) mot målet över referensvärdet 51,17 – ej uppfylld (värdet avser 2025, det senast publicerade)"
        in page
    )
    assert "(outcome)" not in page and "(budget)" in page  # the basis in words, in Swedish
    # A financial goal judged on its budget says so, and that the outcome may change it.
    assert "Bedömt på budget: utfallet för året finns inte ännu" in page


def test_the_workbook_names_the_source_and_year_of_each_value(index: Indicator, viewer: User) -> None:
    report = compiled()

    response = signed_in(viewer).get(reverse("fulfillment:report_xlsx", args=[report.pk]))

    sheet = load_workbook(io.BytesIO(response.content))["Indikatorer"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    (row,) = [row for row in rows if row["Indikator"] == index.name]
    assert row["Källa"] == KOLADA_SOURCE
    assert row["Värdet avser år"] == 2025
    assert row["Grund"] == "utfall"
    # Rounded to the indicator's two decimals, written as numbers with a format Excel shows in Swedish.
    assert (row["Värde"], row["Referensvärde"]) == (50.7, 51.17)
    (line,) = [line for line in sheet.iter_rows(min_row=2) if line[1].value == index.name]
    assert {line[header.index(name)].number_format for name in ("Värde", "Referensvärde")} == {"#,##0.00"}


def test_the_published_report_and_goal_page_name_kolada(index: Indicator, strategist: User) -> None:
    report = compiled()
    services.fulfillment_publish(report=report, actor=strategist, confirmed=True)

    public = plain(Client().get(reverse("public:report", args=[report.pk])).content.decode())
    assert f"Källa: {KOLADA_SOURCE}" in public
    assert "50,70 (utfall 2025)" in public
    goal = Client().get(reverse("public:goal", args=[index.goal_id])).content.decode()
    assert f"Källa: {KOLADA_SOURCE}" in goal


def test_a_financial_goal_is_judged_on_the_outcome_when_the_year_has_one(seed: None, viewer: User) -> None:
    ratio = Indicator.objects.get(ratio_key=Indicator.RatioKey.RESULT_RATIO)
    MeasurementFactory(indicator=ratio, year=2026, value=Decimal("3.1"), source="Årsredovisning 2026")

    report = compiled()

    row = ReportRow.objects.get(report=report, kind=ReportRow.Kind.GOAL, subject_id=ratio.goal_id)
    assert (row.status, row.basis) == (Status.NOT_FULFILLED, Basis.OUTCOME)  # the budget's 4,4 % would have met it
    indicator = ReportRow.objects.get(report=report, kind=ReportRow.Kind.INDICATOR, subject_id=ratio.pk)
    assert "3,1 % (utfall) mot målet minst 4,0 %" in plain(indicator.explanation)
    page = plain(signed_in(viewer).get(reverse("fulfillment:report_detail", args=[report.pk])).content.decode())
    assert "Källa: Årsredovisning 2026" in page
    assert Goal.objects.get(pk=ratio.goal_id).kind == Goal.Kind.FINANCIAL


def test_publishing_an_undecided_report_asks_first_and_needs_the_confirmation(seed: None, strategist: User) -> None:
    report = compiled()
    total = ReportRow.objects.filter(report=report, kind=ReportRow.Kind.GOAL).count()
    open_ = ReportRow.objects.filter(report=report, kind=ReportRow.Kind.GOAL, status=Status.NOT_ASSESSED).count()
    assert report.verdict_met is None and 2 * open_ >= total  # the seed alone: undecided, mostly not assessed
    state = f"God ekonomisk hushållning kan inte avgöras och {open_} av {total} mål är ej bedömda."
    client = signed_in(strategist)
    url = reverse("fulfillment:report_detail", args=[report.pk])

    page = client.get(url).content.decode()
    assert f'data-confirm="{state} Publicera ändå?' in page
    assert 'name="confirm_caveat"' in page
    assert f'<p class="message message-warning caveat">{state}</p>' in page  # stated at the top of the report

    refused = client.post(reverse("fulfillment:report_publish", args=[report.pk]), follow=True)
    assert FulfillmentReport.objects.get(pk=report.pk).state == FulfillmentReport.State.DRAFT
    message = f"Sammanställningen publicerades inte. {state} Kryssa i ”Publicera ändå” och försök igen."
    assert message in refused.content.decode()

    client.post(reverse("fulfillment:report_publish", args=[report.pk]), {"confirm_caveat": "1"})
    assert FulfillmentReport.objects.get(pk=report.pk).state == FulfillmentReport.State.PUBLISHED
    assert state in Client().get(reverse("public:report", args=[report.pk])).content.decode()


def test_a_decided_report_is_published_without_the_confirmation(seed: None, strategist: User) -> None:
    for indicator in Indicator.objects.filter(goal__level=Goal.Level.COUNCIL):
        for year in (2025, 2026):
            MeasurementFactory(indicator=indicator, year=year, value=Decimal(90), reference_value=Decimal(50))
    report = compiled()
    assert report.verdict_met is not None and report.caveat() == ""
    client = signed_in(strategist)

    page = client.get(reverse("fulfillment:report_detail", args=[report.pk])).content.decode()
    assert 'data-confirm="Publicera sammanställningen?' in page and "confirm_caveat" not in page

    client.post(reverse("fulfillment:report_publish", args=[report.pk]))
    assert FulfillmentReport.objects.get(pk=report.pk).state == FulfillmentReport.State.PUBLISHED


def pdf_pages(content: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_has_a_cover_contents_page_numbers_sources_and_the_digest_in_an_appendix(
    index: Indicator, viewer: User
) -> None:
    report = compiled()

    response = signed_in(viewer).get(reverse("fulfillment:report_pdf", args=[report.pk]))

    pages = pdf_pages(response.content)
    cover, contents, *body = pages
    assert "Alingsås kommun" in cover and "Måluppfyllelse 2026, version 1" in cover
    assert "Utkast" in cover and "God ekonomisk hushållning kan inte avgöras" in cover  # the state on page one
    assert "Innehåll" in contents and "Bilaga: kontrollsumma för underlaget" in contents
    # The contents give each part's page (target-counter): the appendix is on the last page.
    assert re.search(rf"Bilaga: kontrollsumma för underlaget[ .]*{len(pages)}", contents)
    assert f"3 / {len(pages)}" in body[0]  # page numbers in the footer (none on the cover)
    assert "1 /" not in cover
    text = "\n".join(body)
    assert f"Källa: {KOLADA_SOURCE}" in text.replace("\n", " ")
    assert "(outcome)" not in text
    assert report.inputs_digest not in "\n".join(pages[:-1])  # the digest only in the appendix
    assert report.inputs_digest in pages[-1].replace("\n", "")


def test_the_pdf_lists_each_goal_once(seed: None, viewer: User) -> None:
    """A committee goal serving two council goals is listed in full under the first, referred to under the
    second."""
    first, second = Goal.objects.council()[:2]
    committee_goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, title="Nöjda elever i gymnasieskolan")
    committee_goal.contributes_to.add(first, second)
    report = compiled()

    text = "\n".join(pdf_pages(signed_in(viewer).get(reverse("fulfillment:report_pdf", args=[report.pk])).content))

    heading = f"{committee_goal.committee.name}: Nöjda elever i gymnasieskolan"
    assert text.count(heading) == 2  # under each council goal it serves
    text = re.sub(r"\s+", " ", text)
    assert text.count(f"{heading} Ej bedömt Ej bedömt: målet har inga indikatorer") == 1  # in full once
    assert text.count("Målet redovisas med sitt underlag där det först nämns: Nöjda elever i gymnasieskolan") == 1
    page = signed_in(viewer).get(reverse("fulfillment:report_detail", args=[report.pk]) + f"?mal={first.pk}")
    assert page.content.decode().count('id="goal-') == len(set(re.findall(r'id="(goal-\d+)"', page.content.decode())))


def test_the_goal_page_names_kolada_beside_each_value(index: Indicator, viewer: User) -> None:
    page = plain(signed_in(viewer).get(reverse("goals:goal", args=[index.goal_id])).content.decode())

    assert '<th scope="col">Källa</th>' in page
    assert f"<td>{KOLADA_SOURCE}</td>" in page
    assert "50,70" in page  # with the indicator's two decimals
