"""Paging: whichever next link the answer carries, relative or absolute, on the configured host only, never forever."""

from __future__ import annotations

import pytest

from goals.models import Measurement
from kolada import services
from kolada.client import KoladaClient
from kolada.models import FetchRun, KoladaBinding
from kolada.parsing import KoladaError, next_page
from tests.kolada.fake import (
    BASE,
    DATA_PAGE_2_URL,
    DATA_URL,
    FakeTransport,
    Reply,
    client_for,
    data_reply,
    standard_routes,
)

PATH = "data/kpi/U11901/municipality/1489/year/2024"
FIRST = BASE + PATH + "?per_page=5000"
SECOND = BASE + PATH + "?page=2&per_page=5000"
THIRD = BASE + PATH + "?page=3&per_page=5000"


def page(value: int, **link: str | None) -> Reply:
    return data_reply([("U11901", "1489", 2024, value)], **({"next_page": None} | link))


def values(transport: FakeTransport, client: KoladaClient | None = None) -> list[object]:
    client = client or client_for(transport)
    points = client.data(kpis=["U11901"], municipalities=["1489"], years=[2024])
    return [point.value for point in points]


def test_next_page_or_next_url_whichever_the_answer_carries() -> None:
    assert next_page({"next_page": "https://x/2"}) == "https://x/2"
    assert next_page({"next_page": None, "next_url": "/v3/x?page=2"}) == "/v3/x?page=2"
    assert next_page({"next_page": "", "next_url": ""}) is None
    assert next_page({"values": []}) is None


@pytest.mark.parametrize(
    "link",
    [
        {"next_page": SECOND},  # absolute
        {"next_url": SECOND},
        {"next_page": "/v3/" + PATH + "?page=2&per_page=5000"},  # relative to the host
        {"next_url": "?page=2&per_page=5000"},  # relative to the page
    ],
)
def test_every_page_is_read_whatever_the_link(link: dict[str, str]) -> None:
    transport = FakeTransport(
        {FIRST: page(1, **link), SECOND: page(2, next_url="?page=3&per_page=5000"), THIRD: page(3)}
    )
    assert values(transport) == [1, 2, 3]
    assert transport.calls == [FIRST, SECOND, THIRD]


@pytest.mark.parametrize(
    "elsewhere",
    ["https://evil.example/v3/" + PATH + "?page=2", "http://api.kolada.se/v3/" + PATH + "?page=2", "//evil.example/x"],
)
def test_a_link_off_the_configured_host_is_not_followed(elsewhere: str) -> None:
    transport = FakeTransport({FIRST: page(1, next_page=elsewhere)})
    with pytest.raises(KoladaError, match="annan adress .* följs inte. Inget har sparats; kontrollera KOLADA_BASE_URL"):
        values(transport)
    assert transport.calls == [FIRST]


def test_a_link_back_to_a_page_already_read_ends_the_fetch() -> None:
    transport = FakeTransport({FIRST: page(1, next_page=SECOND), SECOND: page(2, next_url="?per_page=5000")})
    with pytest.raises(KoladaError, match="pekar tillbaka på en sida som redan hämtats .* avbröts"):
        values(transport)
    assert transport.calls == [FIRST, SECOND]


def test_more_pages_than_the_limit_ends_the_fetch() -> None:
    routes: dict[str, Reply | list[Reply]] = {
        BASE + PATH + f"?page={n}&per_page=5000": page(n, next_url=f"?page={n + 1}&per_page=5000") for n in range(2, 9)
    }
    transport = FakeTransport({FIRST: page(1, next_url="?page=2&per_page=5000"), **routes})
    client = KoladaClient(transport=transport, sleep=lambda _: None, clock=lambda: 0.0, max_pages=3)
    with pytest.raises(KoladaError, match="fler än 3 sidor"):
        values(transport, client)
    assert len(transport.calls) == 3


@pytest.mark.usefixtures("on_fetch_day")
def test_a_fetch_whose_pages_loop_fails_and_stores_nothing(preschool: KoladaBinding, school: KoladaBinding) -> None:
    looping = data_reply([("U15900", "1489", 2024, 71)], next_page=DATA_URL)
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    transport = FakeTransport(standard_routes(**{DATA_PAGE_2_URL: looping}))
    run = services.fetch_execute(run=run, source=services.ApiSource(client_for(transport)))
    assert run.state == FetchRun.State.FAILED and "pekar tillbaka på en sida som redan hämtats" in run.error
    assert not Measurement.objects.exists()
