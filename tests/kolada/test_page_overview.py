"""The Kolada page: per key figure its latest value, comparison, year and target; the latest run; its warnings."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Target
from kolada import services
from kolada.models import FetchRun, KoladaBinding
from kolada.overview import binding_rows, latest_published_year, next_value_text
from portal.models import User
from tests.kolada.fake import DATA_PAGE_2_URL, FakeTransport, Reply, client_for, standard_routes

pytestmark = pytest.mark.usefixtures("on_fetch_day")
INDEX = reverse("kolada:index")
TODAY = datetime.date(2026, 11, 27)


def _fetch(**overrides: Reply) -> FetchRun:
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    transport = FakeTransport(standard_routes(**overrides))
    return services.fetch_execute(run=run, source=services.ApiSource(client_for(transport)))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_kolada_publishes_a_year_by_the_autumn_after() -> None:
    assert latest_published_year(datetime.date(2026, 9, 30)) == 2024
    assert latest_published_year(datetime.date(2026, 10, 1)) == 2025
    assert next_value_text(2025, TODAY) == "Värdet för 2026 väntas från Kolada under hösten 2027."
    assert next_value_text(2024, datetime.date(2026, 3, 2)) == "Värdet för 2025 väntas från Kolada under hösten 2026."
    assert next_value_text(2024, TODAY) == (
        "Värdet för 2025 borde finnas i Kolada. Hämta igen, eller kontrollera nyckeltalet i Kolada."
    )


def test_each_key_figure_shows_its_latest_value_the_comparison_and_the_target(
    preschool: KoladaBinding, school: KoladaBinding
) -> None:
    _fetch()
    preschool_row, school_row = binding_rows(today=TODAY)
    # 2025's value is missing in Kolada, so the latest value is 2024's; both have a target for 2024.
    assert (preschool_row.year, preschool_row.value, preschool_row.reference_value) == (2024, 48, Decimal("55.1"))
    assert (preschool_row.status, preschool_row.status_label) == ("not_fulfilled", "Ej uppfyllt")
    assert preschool_row.sentence == (
        "Effektivitetsindex för förskola: 48 (utfall) mot målet över referensvärdet 55 – ej uppfylld"
    )
    assert (school_row.year, school_row.status) == (2024, "fulfilled")
    assert school_row.next_value.startswith("Värdet för 2025 borde finnas i Kolada.")


def test_no_target_for_the_year_says_so(preschool: KoladaBinding, school: KoladaBinding) -> None:
    Target.objects.filter(indicator=preschool.indicator).update(year=2023)
    _fetch()
    (row,) = [row for row in binding_rows(today=TODAY) if row.binding == preschool]
    assert (row.status, row.sentence) == (None, "Indikatorn har inget målvärde för 2024.")


def test_a_key_figure_without_values_says_so(preschool: KoladaBinding) -> None:
    (row,) = binding_rows(today=TODAY)
    assert (row.year, row.status, row.sentence) == (None, None, "Inget värde från Kolada ännu.")


def test_the_page_shows_the_rows_the_latest_run_and_each_runs_warnings(
    client: Client, strategist: User, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    _fetch()
    client.force_login(strategist)
    page = _text(client.get(INDEX).content.decode())
    assert (
        "Effektivitetsindex för förskola U11901 Genomsnittet för Sveriges kommuner: Alla kommuner (ovägt medel) "
        "2024 48 55 Ej uppfyllt" in page
    )
    assert "Uppfyllt : Effektivitetsindex för kommunal grundskola: 71 (utfall) mot målet över referensvärdet 66" in page
    assert "Kolada U11901, hämtat 2026-11-27" in page
    assert "Hämtningen är klar, men med varningar." in page
    assert "2 varningar" in page  # in the list of runs, the warnings of each


def test_the_latest_run_is_shown_even_when_it_failed_after_a_success(
    client: Client, strategist: User, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    _fetch()
    _fetch(**{DATA_PAGE_2_URL: Reply("malformed.json")})
    client.force_login(strategist)
    section = _text(client.get(INDEX).content.decode()).split("Senaste hämtningen", 1)[1].split("Hämta från Kolada")[0]
    assert section.startswith(" Hämtningen misslyckades. Inga värden ändrades")
    assert "Nytt" not in section  # the earlier success's changes are not shown as the latest
    FetchRun.objects.create(trigger=FetchRun.Trigger.MANUAL)
    section = _text(client.get(INDEX).content.decode()).split("Senaste hämtningen", 1)[1]
    assert section.startswith(" Hämtningen väntar på att starta.")
