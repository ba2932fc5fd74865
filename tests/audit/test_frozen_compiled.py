"""A published interim report (reporting.CompiledReport) is frozen like a fulfillment report: its PDF and workbook
exactly as compiled, the checksums those files had then, who adopted it; a file changed since is not vouched for."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from audit import services
from audit.models import FrozenCopy
from portal.models import User
from reporting import services_compiled
from reporting.models import CompiledReport, ReportDate, ReportKind
from tests.audit.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiled(seed: None, settings: pytest.FixtureRequest, django_capture_on_commit_callbacks) -> CompiledReport:  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_ALWAYS_EAGER = True  # type: ignore[attr-defined]
    report = ReportDate.objects.get(year=2026, kind=ReportKind.INTERIM)
    with django_capture_on_commit_callbacks(execute=True):
        services_compiled.compiled_report_start(report=report, actor=None)
    return CompiledReport.objects.get(report=report)


def test_publishing_an_interim_report_freezes_its_files_as_compiled(
    compiled: CompiledReport, strategist: User, auditor: User, django_capture_on_commit_callbacks
) -> None:
    assert compiled.state == "compiled" and not FrozenCopy.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services_compiled.compiled_report_publish(
            compiled=compiled, actor=strategist, decision_reference="KF 2026-10-28 § 120"
        )
    copy = FrozenCopy.objects.get()
    assert (copy.kind, copy.year, copy.source_id, copy.frozen_by) == ("interim_report", 2026, compiled.pk, strategist)
    sums = {frozen.name[-4:]: frozen.sha256 for frozen in copy.files.all()}
    assert sums == {".pdf": compiled.pdf_sha256, "xlsx": compiled.xlsx_sha256}
    assert "Delårsrapport per 31 augusti 2026" in signed_in(auditor).get(reverse("audit:index")).content.decode()


def test_a_file_changed_since_compiling_is_not_frozen(compiled: CompiledReport, strategist: User) -> None:
    compiled.pdf.save("delarsrapport.pdf", ContentFile(b"%PDF- not the compiled one"), save=True)
    CompiledReport.objects.filter(pk=compiled.pk).update(state="published", published_by=strategist)
    with pytest.raises(ValueError, match="SHA-256"):
        services.freeze_compiled_report(compiled_id=compiled.pk)
    assert not FrozenCopy.objects.exists()


def test_the_command_freezes_a_published_interim_report_without_a_copy(
    compiled: CompiledReport, strategist: User
) -> None:
    CompiledReport.objects.filter(pk=compiled.pk).update(state="published", published_by=strategist)
    call_command("freeze_reports", stdout=io.StringIO())
    assert FrozenCopy.objects.get(kind="interim_report").source_id == compiled.pk
