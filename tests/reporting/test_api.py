"""POST /api/v1/report-outcomes/: a strategist's key replaces a report date's outcome, all or nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from portal.models import Committee
from reporting.models import CommitteeOutcome, LineOutcome, ReportDate
from tests.api.conftest import bearer
from tests.factories import api_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/report-outcomes/"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def body(committee: Committee, *, result: str = "176") -> dict[str, Any]:
    """The forecast's lines: −3 040 − 148 + 2 580 + 790 + 130 − 136 = 176."""
    lines = [
        ("Verksamhetens nettokostnader", "-3040"),
        ("Avskrivningar", "-148"),
        ("Skatteintäkter", "2580"),
        ("Generella statsbidrag och utjämning", "790"),
        ("Finansiella intäkter", "130"),
        ("Finansiella kostnader", "-136"),
        ("Årets resultat", result),
    ]
    return {
        "year": 2026,
        "kind": "delar",
        "lines": [{"statement": "income", "label": label, "forecast": value} for label, value in lines],
        "committees": [{"committee": committee.abbreviation, "outcome": "64000", "forecast": "98500"}],
        "investments": [{"area": "water", "outcome": "150000"}],
    }


def post(client: Client, raw: str, data: Any):
    return client.post(URL, data=json.dumps(data), content_type="application/json", **bearer(raw))


def test_a_strategist_key_stores_the_outcome(client: Client, committee: Committee, interim: ReportDate) -> None:
    _token, raw = api_token()
    response = post(client, raw, body(committee))
    assert response.status_code == 201, response.content
    assert response.json()["figures"] == 10
    # The lines take their meaning from the budget document's line of the same label.
    assert LineOutcome.objects.get(label="Årets resultat").role == "result"
    assert CommitteeOutcome.objects.get().forecast == Decimal(98500)


def test_lines_that_do_not_add_up_store_nothing_and_name_the_line(
    client: Client, committee: Committee, interim: ReportDate
) -> None:
    _token, raw = api_token()
    response = post(client, raw, body(committee, result="150"))
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["index"], error["field"]) == (6, "lines") and "”Årets resultat”" in error["message"]
    assert not LineOutcome.objects.exists()


def test_a_committee_key_may_not_write_the_outcome(client: Client, committee: Committee, interim: ReportDate) -> None:
    _token, raw = api_token(committee=committee)
    assert post(client, raw, body(committee)).status_code == 403
    assert not LineOutcome.objects.exists()


def test_an_unknown_report_date_is_404_and_an_unknown_committee_400(
    client: Client, committee: Committee, document
) -> None:
    _token, raw = api_token()
    assert post(client, raw, body(committee)).status_code == 404
    ReportDate.objects.create(year=2026, kind="interim")
    data = body(committee) | {"committees": [{"committee": "Finns inte", "outcome": "1"}]}
    response = post(client, raw, data)
    assert response.status_code == 400 and "”Finns inte” finns inte" in response.json()["errors"][0]["message"]
