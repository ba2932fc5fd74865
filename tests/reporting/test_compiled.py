"""The compiled interim report: the Celery job (run eagerly), its PDF with cover and contents, its workbook, the
strategist's publication with a decision, the public page, and who may do what over HTTP."""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from budgets.models import BudgetDocument
from followups.models import FollowUp
from followups.services import period_open
from portal.models import Committee, User
from reporting import services_compiled
from reporting.models import CompiledReport, ReportDate, ReportKind
from reporting.signals import report_published
from tests.factories import OperatingBudgetFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

URL = "/rapportering/2026/delar/sammanstallning/"
PUBLIC = "/offentlig/delar-och-bokslut/2026/delar/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def example() -> ReportDate:
    call_command("load_example", stdout=io.StringIO())
    return ReportDate.objects.get(year=2026, kind=ReportKind.INTERIM)


def compile_over_http(client: Client, django_capture_on_commit_callbacks: Any) -> CompiledReport:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + "starta/")
    assert response.status_code == 302 and response["Location"] == URL
    return CompiledReport.objects.get()


@pytest.fixture
def published_signals() -> Iterator[list[CompiledReport]]:
    received: list[CompiledReport] = []

    def receiver(sender: Any, report: CompiledReport, **kwargs: Any) -> None:
        received.append(report)

    report_published.connect(receiver)
    yield received
    report_published.disconnect(receiver)


def test_the_job_compiles_every_section_into_page_pdf_and_workbook(
    client: Client, strategist: User, example: ReportDate, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(strategist)
    compiled = compile_over_http(client, django_capture_on_commit_callbacks)
    assert (compiled.state, compiled.progress, compiled.error) == ("compiled", "idle", "")
    assert compiled.is_example and compiled.compiled_by == strategist
    html = compiled.content_html
    for heading in (
        "Lagens krav",
        "Resultaträkning",
        "Balansräkning",
        "Kassaflödesanalys",
        "Driftredovisning",
        "Investeringsredovisning",
        "Balanskravsutredning",
        "Måluppfyllelse och god ekonomisk hushållning",
        "Nämndernas redovisning",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "Exempeldata" in html and "God ekonomisk hushållning" in html
    assert compiled.content["fulfillment"]["verdict_text"].startswith("God ekonomisk hushållning")
    assert [s["anchor"] for s in compiled.content["sections"]][-1] == "namndernas-redovisning"
    # The files are stored under their digests, and the digests are the files'.
    pdf = default_storage.open(compiled.pdf.name).read()
    xlsx = default_storage.open(compiled.xlsx.name).read()
    assert hashlib.sha256(pdf).hexdigest() == compiled.pdf_sha256 and compiled.pdf_sha256[:16] in compiled.pdf.name
    assert hashlib.sha256(xlsx).hexdigest() == compiled.xlsx_sha256
    page = client.get(URL).content.decode()
    assert "Nämndernas redovisning" in page and compiled.pdf_sha256 in page
    download = client.get(URL + "rapport.pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf  # type: ignore[attr-defined]


def test_the_pdf_has_a_cover_contents_with_pages_and_page_numbers(
    client: Client, strategist: User, example: ReportDate, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(strategist)
    compiled = compile_over_http(client, django_capture_on_commit_callbacks)
    reader = PdfReader(default_storage.open(compiled.pdf.name))
    cover = reader.pages[0].extract_text()
    assert "Alingsås" in cover and "Delårsrapport per 31 augusti 2026" in cover and "Exempeldata" in cover
    contents = reader.pages[1].extract_text()
    assert "Innehåll" in contents and "Balanskravsutredning" in contents and "Nämndernas redovisning" in contents
    # Each entry ends with the page its section starts on; the contents are page 2, so the first is 3 or later.
    line = next(line for line in contents.splitlines() if "Balanskravsutredning" in line)
    page_of_balance = int(line.rstrip(".").split(".")[-1].strip().split()[-1])
    assert 3 <= page_of_balance <= len(reader.pages)
    assert "Balanskravsutredning" in reader.pages[page_of_balance - 1].extract_text()
    # Page numbers on every page but the cover: "2 / N".
    assert f"2 / {len(reader.pages)}" in contents and f"/ {len(reader.pages)}" not in cover


def test_the_workbook_holds_the_tables_the_balance_requirement_and_the_fulfillment(
    client: Client, strategist: User, example: ReportDate, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(strategist)
    compiled = compile_over_http(client, django_capture_on_commit_callbacks)
    workbook = load_workbook(default_storage.open(compiled.xlsx.name))
    assert workbook.sheetnames[0] == "Om rapporten"
    for name in ("Resultaträkning", "Driftredovisning", "Balanskravsutredning", "Måluppfyllelse"):
        assert name in workbook.sheetnames, name
    about = [row[0] for row in workbook["Om rapporten"].iter_rows(values_only=True)]
    assert any(str(value).startswith("Exempeldata") for value in about)
    income = list(workbook["Resultaträkning"].iter_rows(values_only=True))
    assert all(isinstance(value, (int, float)) or value is None for value in income[1][1:4])
    assert str(workbook["Måluppfyllelse"]["B1"].value).startswith("God ekonomisk hushållning")


def test_publishing_needs_a_decision_and_shows_the_report_on_the_public_site(
    client: Client,
    strategist: User,
    example: ReportDate,
    django_capture_on_commit_callbacks: Any,
    published_signals: list[CompiledReport],
) -> None:
    anonymous = Client()
    assert anonymous.get(PUBLIC).status_code == 404
    assert "Ingen delårsrapport" in anonymous.get("/offentlig/delar-och-bokslut/").content.decode()  # now cached
    client.force_login(strategist)
    compiled = compile_over_http(client, django_capture_on_commit_callbacks)
    assert anonymous.get(PUBLIC).status_code == 404  # compiled is not published
    assert anonymous.get(PUBLIC + "rapport.pdf").status_code == 404
    page = client.get(URL).content.decode()
    assert "data-confirm=" in page and "offentliga webbplatsen" in page
    refused = client.post(URL + "publicera/", {"decision_reference": " "}, follow=True)
    assert "Skriv fullmäktiges beslut" in refused.content.decode()
    compiled.refresh_from_db()
    assert compiled.state == "compiled" and not published_signals
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL + "publicera/", {"decision_reference": "KF 2026-10-28 § 120"})
    compiled.refresh_from_db()
    assert compiled.state == "published" and compiled.published_by == strategist
    assert compiled.decision_reference == "KF 2026-10-28 § 120"
    assert published_signals == [compiled]
    # The public list (cached before) and the page show it now, to anyone.
    listing = anonymous.get("/offentlig/delar-och-bokslut/").content.decode()
    assert PUBLIC in listing and "KF 2026-10-28 § 120" in listing
    public = anonymous.get(PUBLIC)
    assert public.status_code == 200
    body = public.content.decode()
    assert "Exempeldata" in body and "Balanskravsutredning" in body and "Nämndernas redovisning" in body
    pdf = anonymous.get(PUBLIC + "rapport.pdf")
    assert pdf.status_code == 200 and pdf["X-Content-SHA256"] == compiled.pdf_sha256
    assert anonymous.get(PUBLIC + "rapport.xlsx").status_code == 200
    # Published is final: neither compiled again nor published twice.
    again = client.post(URL + "starta/", follow=True)
    assert "publicerad och sammanställs inte igen" in again.content.decode()
    with pytest.raises(services_compiled.Refused):
        services_compiled.compiled_report_publish(compiled=compiled, actor=strategist, decision_reference="KF")


def test_a_second_run_of_the_task_does_nothing(example: ReportDate) -> None:
    compiled = services_compiled.compiled_report_start(report=example, actor=None, queue=False)
    assert services_compiled.compiled_report_compile(compiled_id=compiled.pk) is True
    first = CompiledReport.objects.get().pdf.name
    assert services_compiled.compiled_report_compile(compiled_id=compiled.pk) is False  # not queued any more
    assert CompiledReport.objects.get().pdf.name == first


def test_a_failing_compilation_is_recorded_and_keeps_the_last_one(
    example: ReportDate, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = services_compiled.compiled_report_start(report=example, actor=None, queue=False)
    services_compiled.compiled_report_compile(compiled_id=compiled.pk)
    before = CompiledReport.objects.get()

    def broken(report: ReportDate) -> None:
        raise RuntimeError("redovisningen svarar inte")

    monkeypatch.setattr(services_compiled, "gather", broken)
    services_compiled.compiled_report_start(report=example, actor=None, queue=False)
    assert services_compiled.compiled_report_compile(compiled_id=compiled.pk) is False
    after = CompiledReport.objects.get()
    assert after.progress == "failed" and "redovisningen svarar inte" in after.error
    assert (after.content_html, after.pdf.name, after.state) == (before.content_html, before.pdf.name, "compiled")


@pytest.mark.parametrize(
    ("persona", "start", "publish"),
    [
        ("strategist", 302, 302),
        ("administrator", 302, 403),
        ("viewer", 403, 403),
        ("manager", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_who_compiles_and_who_publishes(
    request: pytest.FixtureRequest, client: Client, example: ReportDate, persona: str, start: int, publish: int
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.post(URL + "starta/").status_code == start
    assert client.post(URL + "publicera/", {"decision_reference": "KF 1"}).status_code == publish
    assert not CompiledReport.objects.filter(state="published").exists()


def test_the_committees_decided_texts_are_compiled_and_a_drafts_are_not(
    interim: ReportDate, committee: Committee, other_committee: Committee
) -> None:
    """Two committees report for the period per 31 August: BUN's follow-up is approved, TN's still a draft."""
    OperatingBudgetFactory(document=BudgetDocument.objects.get(year=2026), committee=other_committee, year=2026)
    period = ReportingPeriodFactory(
        year=2026, kind="Q2", figures_date=datetime.date(2026, 8, 31), deadline=datetime.date(2026, 9, 20)
    )
    followups = {f.committee_id: f for f in period_open(period=period, actor=None)}
    for pk, text in ((committee.pk, "Ny **förskola** i Nolby öppnade."), (other_committee.pk, "Utkast om gator.")):
        key_events = followups[pk].key_events
        key_events.text = text
        key_events.save()
    FollowUp.objects.filter(pk=followups[committee.pk].pk).update(state="approved", decision_reference="BUN § 12")
    compiled = services_compiled.compiled_report_start(report=interim, actor=None, queue=False)
    assert services_compiled.compiled_report_compile(compiled_id=compiled.pk) is True
    compiled.refresh_from_db()
    html = compiled.content_html
    assert "<strong>förskola</strong>" in html and "BUN § 12" in html and committee.name in html
    assert "Utkast om gator" not in html
    assert compiled.content["committees"] == [committee.name]


def test_the_page_says_when_the_outcome_was_read_in_after_compiling(
    client: Client, strategist: User, example: ReportDate
) -> None:
    compiled = services_compiled.compiled_report_start(report=example, actor=None, queue=False)
    services_compiled.compiled_report_compile(compiled_id=compiled.pk)
    client.force_login(strategist)
    assert "Sammanställ rapporten igen" not in client.get(URL).content.decode()
    compiled.refresh_from_db()
    ReportDate.objects.filter(pk=example.pk).update(outcome_imported_at=compiled.compiled_at + datetime.timedelta(1))
    assert "Sammanställ rapporten igen innan den publiceras" in client.get(URL).content.decode()


def test_the_page_polls_while_the_job_runs_and_reloads_when_it_is_over(
    client: Client, strategist: User, example: ReportDate
) -> None:
    client.force_login(strategist)
    compiled = services_compiled.compiled_report_start(report=example, actor=strategist, queue=False)
    assert compiled.is_busy
    page = client.get(URL).content.decode()
    assert 'id="compiled-status"' in page and 'hx-trigger="every 2s"' in page
    polled = client.get(URL, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "HX-Refresh" not in polled  # still running: the status again
    CompiledReport.objects.filter(pk=compiled.pk).update(progress=CompiledReport.Progress.FAILED, error="Fel")
    over = client.get(URL, headers={"HX-Request": "true"})
    assert over["HX-Refresh"] == "true"  # over: the whole page shows the result
    assert 'hx-trigger="every 2s"' not in client.get(URL).content.decode()
