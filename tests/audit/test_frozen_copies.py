"""A published fulfillment report is frozen: its PDF and workbook kept with their SHA-256, who adopted it
and when; auditors list and download the copy, and each download is logged."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit import services
from audit.models import AuditEvent, FrozenCopy, FrozenFile
from fulfillment.models import FulfillmentReport
from portal.models import User
from tests.audit.conftest import signed_in

pytestmark = pytest.mark.django_db


def publish(report: FulfillmentReport, strategist: User, capture) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = signed_in(strategist).post(
            reverse("fulfillment:report_publish", args=[report.pk]), {"confirm_caveat": "1"}
        )
    assert response.status_code == 302


def test_publishing_freezes_the_pdf_and_the_workbook(
    report: FulfillmentReport, strategist: User, django_capture_on_commit_callbacks
) -> None:
    assert not FrozenCopy.objects.exists()  # a draft is not frozen

    publish(report, strategist, django_capture_on_commit_callbacks)

    copy = FrozenCopy.objects.get()
    assert (copy.kind, copy.year, copy.source_id, copy.frozen_by) == ("fulfillment_report", 2026, report.pk, strategist)
    assert copy.title == "Måluppfyllelse 2026, version 1"
    files = {f.name: f for f in copy.files.all()}
    assert set(files) == {"maluppfyllelse-2026-v1.pdf", "maluppfyllelse-2026-v1.xlsx"}
    for frozen in files.values():
        content = frozen.file.read()
        assert content and hashlib.sha256(content).hexdigest() == frozen.sha256 and len(content) == frozen.size
    assert files["maluppfyllelse-2026-v1.pdf"].file.open("rb").read().startswith(b"%PDF")
    assert files["maluppfyllelse-2026-v1.xlsx"].content_type.endswith("spreadsheetml.sheet")


def test_a_report_is_frozen_once(report: FulfillmentReport, strategist: User) -> None:
    first = services.freeze("fulfillment_report", "A", 2026, report.pk, {"a.pdf": b"one"}, by=strategist)
    second = services.freeze("fulfillment_report", "B", 2026, report.pk, {"a.pdf": b"two"}, by=None)

    assert first.pk == second.pk and FrozenFile.objects.get().sha256 == hashlib.sha256(b"one").hexdigest()


def test_the_command_freezes_what_was_published_before(report: FulfillmentReport) -> None:
    FulfillmentReport.objects.filter(pk=report.pk).update(state="published", published_at=report.created_at)

    call_command("freeze_reports", "--dry-run", stdout=io.StringIO())
    assert not FrozenCopy.objects.exists()
    call_command("freeze_reports", stdout=io.StringIO())
    assert FrozenCopy.objects.get().source_id == report.pk


def test_the_auditor_lists_and_downloads_a_copy_and_the_download_is_logged(
    report: FulfillmentReport, strategist: User, auditor: User, django_capture_on_commit_callbacks
) -> None:
    publish(report, strategist, django_capture_on_commit_callbacks)
    frozen = FrozenFile.objects.get(name__endswith=".pdf")
    client = signed_in(auditor)

    page = client.get(reverse("audit:index"), REMOTE_ADDR="192.0.2.7").content.decode()
    assert "Måluppfyllelse 2026, version 1" in page and frozen.sha256 in page

    response = client.get(reverse("audit:frozen_file", args=[frozen.pk]), REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == frozen.sha256
    assert response["Content-Disposition"] == 'attachment; filename="maluppfyllelse-2026-v1.pdf"'
    event = AuditEvent.objects.get(kind="frozen_file")
    assert (event.user, event.kind, event.address) == (auditor, "frozen_file", "192.0.2.7")
    assert "maluppfyllelse-2026-v1.pdf" in event.what


@pytest.mark.parametrize("persona", ["reporter", "approver", "hr_editor", "viewer", "manager", "outsider"])
def test_other_roles_get_no_copies(request: pytest.FixtureRequest, settings, tmp_path, persona: str) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    frozen = services.freeze("fulfillment_report", "A", 2026, 1, {"a.pdf": b"%PDF"}, by=None).files.get()
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("audit:index")).status_code == 403
    assert client.get(reverse("audit:frozen_file", args=[frozen.pk])).status_code == 403
    assert not AuditEvent.objects.exists()
