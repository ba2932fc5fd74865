"""The strategist's Kolada page: bindings, last fetch, changes, errors, fetch now, upload a file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kolada import services, tasks
from kolada.models import FetchRun, KoladaBinding
from portal.models import User
from tests.factories import KoladaBindingFactory, MeasurementFactory, TargetFactory
from tests.kolada.fake import DATA_PAGE_2_URL, RESPONSES, FakeTransport, Reply, client_for, standard_routes

pytestmark = pytest.mark.usefixtures("on_fetch_day")
INDEX = reverse("kolada:index")


def _fetch(**overrides: Reply) -> FetchRun:
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    transport = FakeTransport(standard_routes(**overrides))
    return services.fetch_execute(run=run, source=services.ApiSource(client_for(transport)))


def test_the_page_shows_bindings_the_last_fetch_and_what_changed(
    client: Client, strategist: User, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    _fetch()
    client.force_login(strategist)
    page = client.get(INDEX).content.decode()
    assert "Effektivitetsindex för förskola" in page and "U11901" in page
    assert "Genomsnittet för Sveriges kommuner: Alla kommuner (ovägt medel)" in page
    assert "Liknande kommuner grundskola, Alingsås, 2024 (ovägt medel)" in page
    assert "5 nya, 0 ändrade, 0 oförändrade; 2 saknas i Kolada" in page
    assert "Klar med varningar" in page and "Kolada har inget värde för Effektivitetsindex för förskola" in page
    # The average of 2023 (57.3) in the table of changes, with the indicator's decimals (none).
    assert '<td class="number">57</td>' in page


def test_a_failed_fetch_shows_its_error_and_says_nothing_changed(
    client: Client, strategist: User, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    _fetch()
    _fetch(**{DATA_PAGE_2_URL: Reply("malformed.json")})
    client.force_login(strategist)
    page = client.get(INDEX).content.decode()
    assert "Misslyckades" in page
    assert "är inte giltig JSON" in page
    assert "Inga värden ändrades: de som fanns innan hämtningen gäller fortfarande." in page


def test_fetch_now_queues_the_task_after_commit(
    client: Client, strategist: User, preschool: KoladaBinding, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(strategist)
    with (
        mock.patch.object(tasks.fetch, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("kolada:fetch"), follow=True)
    run = FetchRun.objects.get()
    delay.assert_called_once_with(run.pk)
    assert (run.state, run.trigger, run.requested_by) == (FetchRun.State.QUEUED, FetchRun.Trigger.MANUAL, strategist)
    assert "Hämtningen från Kolada har startat" in response.content.decode()


def test_fetch_now_twice_queues_once(client: Client, strategist: User, preschool: KoladaBinding) -> None:
    client.force_login(strategist)
    with mock.patch.object(tasks.fetch, "delay"):
        client.post(reverse("kolada:fetch"))
        response = client.post(reverse("kolada:fetch"), follow=True)
    assert FetchRun.objects.count() == 1
    assert "pågår redan" in response.content.decode()


def test_uploading_a_saved_response(client: Client, strategist: User, preschool: KoladaBinding) -> None:
    client.force_login(strategist)
    upload = SimpleUploadedFile("kolada.json", (RESPONSES / "saved_bundle.json").read_bytes())
    response = client.post(reverse("kolada:upload"), {"file": upload}, follow=True)
    run = FetchRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("kolada:run", args=[run.pk])
    page = response.content.decode()
    assert "Filen är inläst" in page and "kolada.json" in page


def test_uploading_a_bad_file_says_what_is_wrong(client: Client, strategist: User, preschool: KoladaBinding) -> None:
    client.force_login(strategist)
    upload = SimpleUploadedFile("trasig.json", (RESPONSES / "malformed.json").read_bytes())
    page = client.post(reverse("kolada:upload"), {"file": upload}, follow=True).content.decode()
    assert "Filen kunde inte läsas in" in page and "inte giltig JSON" in page


def test_uploading_nothing_is_refused(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    response = client.post(reverse("kolada:upload"), {})
    assert response.status_code == 400
    assert "Välj en fil att läsa in" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("strategist", 200),
        ("administrator", 200),
        ("viewer", 403),
        ("manager", 403),
        ("reporter", 403),
        ("approver", 403),
        ("hr_editor", 403),
        ("outsider", 403),
    ],
)
def test_access_per_role(client: Client, request: pytest.FixtureRequest, persona: str, status: int) -> None:
    client.force_login(request.getfixturevalue(persona))
    run = FetchRun.objects.create(trigger=FetchRun.Trigger.NIGHTLY)
    assert client.get(INDEX).status_code == status
    assert client.get(reverse("kolada:run", args=[run.pk])).status_code == status
    with mock.patch.object(tasks.fetch, "delay"):
        assert client.post(reverse("kolada:fetch")).status_code == (302 if status == 200 else 403)


def test_a_run_that_does_not_exist_is_404(client: Client, strategist: User) -> None:
    client.force_login(strategist)
    assert client.get(reverse("kolada:run", args=[999])).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_page_queries_do_not_grow_with_the_data(
    client: Client, strategist: User, size: int, django_assert_num_queries: Any
) -> None:
    for _ in range(size):
        binding = KoladaBindingFactory()
        for year in (2023, 2024):
            MeasurementFactory(indicator=binding.indicator, year=year, value=Decimal(60), reference_value=Decimal(55))
            TargetFactory(indicator=binding.indicator, year=year, comparator="above_reference", value=None)
        FetchRun.objects.create(
            trigger=FetchRun.Trigger.NIGHTLY, state=FetchRun.State.WARNINGS, warnings="En varning.\nEn till."
        )
    client.force_login(strategist)
    client.get(INDEX)  # the session and the user's roles
    # session, user, roles (groups, memberships), runs, the last run's changes, the municipality,
    # bindings, their measurements, their targets
    with django_assert_num_queries(10):
        page = client.get(INDEX)
    assert page.status_code == 200
    assert page.content.decode().count("<strong>Uppfyllt</strong>") == size
