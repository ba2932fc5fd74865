"""Attachments on a follow-up's sections: stored through the storage API, typed by their own bytes, limited
in size, and read only by those who may read the follow-up."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from followups.attachments import XLSX
from followups.models import Attachment, FollowUp
from followups.services import period_open
from portal.models import Committee, User
from tests.factories import MembershipFactory, OperatingBudgetFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def followup(committee: Committee) -> FollowUp:
    OperatingBudgetFactory(committee=committee)
    return period_open(period=ReportingPeriodFactory(), actor=None)[0]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, followup: FollowUp, name: str, content: bytes, content_type: str = "application/pdf"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("followups:attachment_upload", args=[followup.pk]),
        {"section": "financial", "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def test_the_reporter_attaches_a_pdf_and_readers_download_it(
    media: Path, followup: FollowUp, reporter: User, viewer: User, hr_editor: User, other_committee: Committee
) -> None:
    response = upload(client_for(reporter), followup, "underlag.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.content_type, attachment.size) == ("underlag.pdf", "application/pdf", len(PDF))
    assert (attachment.section, attachment.section_name) == ("financial", "Ekonomiskt utfall")
    assert len(stored(media)) == 1 and "underlag" not in str(stored(media)[0])  # a random name in the storage
    url = reverse("followups:attachment_download", args=[followup.pk, attachment.pk])
    download = client_for(viewer).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        "underlag.pdf"
        in client_for(viewer).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    )
    # Whoever may not read the follow-up learns nothing.
    assert client_for(hr_editor).get(url).status_code == 404
    other = MembershipFactory(committee=other_committee, role="reporter").user
    assert client_for(other).get(url).status_code == 404


def test_an_xlsx_is_known_by_its_contents(media: Path, followup: FollowUp, reporter: User) -> None:
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client_for(reporter), followup, "prognos.xlsx", buffer.getvalue(), "application/octet-stream")
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == XLSX


def test_a_file_over_the_limit_is_refused_and_nothing_stored(
    media: Path, followup: FollowUp, reporter: User, settings: pytest.FixtureRequest
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024  # type: ignore[attr-defined]
    response = upload(client_for(reporter), followup, "stor.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "men en bilaga får vara högst 0,0 MB" in response.content.decode()
    assert "Filen bifogades inte" in response.content.decode()
    assert not Attachment.objects.exists() and not stored(media)


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_stored(
    media: Path, followup: FollowUp, reporter: User
) -> None:
    response = upload(client_for(reporter), followup, "rapport.pdf", b"MZ\x90\x00 not a pdf at all")
    assert response.status_code == 400
    assert "Filen är inte en PDF, en Excel- eller Word-fil" in response.content.decode()
    assert not Attachment.objects.exists() and not stored(media)


def test_only_the_reporter_attaches(media: Path, followup: FollowUp, viewer: User, approver: User) -> None:
    for user in (viewer, approver):
        assert upload(client_for(user), followup, "underlag.pdf", PDF).status_code == 403
    assert not Attachment.objects.exists() and not stored(media)
