"""The public report PDF is made once per report version and language, and each client may fetch it only so often."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fulfillment.models import FulfillmentReport

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 test"


def published(version: int = 1, digest: str = "a" * 64) -> FulfillmentReport:
    return FulfillmentReport.objects.create(
        year=2026,
        version=version,
        state=FulfillmentReport.State.PUBLISHED,
        progress=FulfillmentReport.Progress.DONE,
        inputs_digest=digest,
        published_at=timezone.now(),
    )


@pytest.fixture
def rate(settings: Any) -> int:
    """Three PDFs a minute per address."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] | {"public_pdf": "3/min"}
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}
    return 3


def test_the_pdf_is_made_once_per_report_version(client: Client) -> None:
    first, second = published(), published(version=2, digest="b" * 64)
    with mock.patch("public.views.html_to_pdf", return_value=FAKE_PDF) as made:
        for report in (first, first, second, first, second):
            response = client.get(reverse("public:report_pdf", args=[report.pk]))
            assert response.status_code == 200
            assert response.content == FAKE_PDF
            assert response["Content-Type"] == "application/pdf"
        assert made.call_count == 2
        # a report whose rows were written again (a new generation or digest) is a new PDF
        FulfillmentReport.objects.filter(pk=first.pk).update(generation=1)
        client.get(reverse("public:report_pdf", args=[first.pk]))
        assert made.call_count == 3
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's cookie: the PDF is made in English
        client.get(reverse("public:report_pdf", args=[first.pk]))
        assert made.call_count == 4


def test_a_real_pdf_is_kept(client: Client) -> None:
    report = published()
    url = reverse("public:report_pdf", args=[report.pk])
    made = client.get(url).content
    assert made.startswith(b"%PDF-")
    with mock.patch("public.views.html_to_pdf", side_effect=AssertionError("made again")):
        assert client.get(url).content == made


def test_a_client_past_the_rate_gets_429_in_swedish_with_retry_after(client: Client, rate: int) -> None:
    report = published()
    url = reverse("public:report_pdf", args=[report.pk])
    with mock.patch("public.views.html_to_pdf", return_value=FAKE_PDF) as made:
        for _ in range(rate):
            assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
        refused = client.get(url, REMOTE_ADDR="203.0.113.7")
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 60
        page = refused.content.decode()
        assert "Du har hämtat många PDF-filer på kort tid. Vänta en stund och hämta filen igen." in page
        assert f"Försök igen om {refused['Retry-After']} sekund" in page
        # another address is not held back, and an unknown report still costs a request
        assert client.get(url, REMOTE_ADDR="198.51.100.2").status_code == 200
        assert made.call_count == 1
    missing = reverse("public:report_pdf", args=[report.pk + 1])
    assert client.get(missing, REMOTE_ADDR="192.0.2.1").status_code == 404
