"""The client: paging, chunks of 25 ids, rate limiting, retries on 429 and 5xx, timeouts, bad answers."""

from __future__ import annotations

import urllib.error
from decimal import Decimal

import pytest

from kolada.client import KoladaClient, chunks, retry_after_seconds, urllib_transport
from kolada.parsing import KoladaError, KoladaFormatError
from tests.kolada.fake import (
    DATA_PAGE_2_URL,
    DATA_URL,
    GROUPS_URL,
    KPI_URL,
    FakeTransport,
    Reply,
    client_for,
    standard_routes,
)

YEARS = [2023, 2024, 2025]
UNITS = ["1489", "G124001", "G166701"]
KPIS = ["U11901", "U15900"]


def test_data_follows_next_page_until_the_last() -> None:
    transport = FakeTransport(standard_routes())
    points = client_for(transport).data(kpis=KPIS, municipalities=UNITS, years=YEARS)
    assert transport.calls == [DATA_URL, DATA_PAGE_2_URL]
    assert len({(p.kpi, p.municipality, p.year) for p in points}) == 10
    assert {p.kpi for p in points} == {"U11901", "U15900"}


def test_a_missing_value_is_none_never_zero() -> None:
    points = client_for(FakeTransport(standard_routes())).data(kpis=KPIS, municipalities=UNITS, years=YEARS)
    missing = [p for p in points if p.kpi == "U11901" and p.municipality == "1489" and p.year == 2025]
    assert [(p.gender, p.value, p.status) for p in missing] == [("T", None, "Missing")]


def test_groups_and_kpis_are_read() -> None:
    client = client_for(FakeTransport(standard_routes()))
    groups = client.groups()
    assert [g.id for g in groups] == ["G124001", "G166701", "G33001"]
    # Members are read whether they come as {"id", "title"} or {"member_id", "member_title"}.
    assert groups[0].member_ids == ("0114", "1489", "1490") and groups[1].member_ids == ("1384", "1480")
    assert [k.id for k in client.kpis(["U11901", "U15900"])] == ["U11901", "U15900"]


def test_an_unknown_kpi_is_simply_not_in_the_answer() -> None:
    client = client_for(FakeTransport({KPI_URL: Reply("kpi_one_unknown.json")}))
    assert [k.id for k in client.kpis(["U11901", "U15900"])] == ["U11901"]


def test_at_most_25_ids_of_a_kind_per_request() -> None:
    kpis = [f"N{n:05d}" for n in range(30)]
    empty = Reply("kpi_one_unknown.json")
    first = "https://api.kolada.se/v3/kpi?id=" + "%2C".join(kpis[:25]) + "&per_page=5000"
    second = "https://api.kolada.se/v3/kpi?id=" + "%2C".join(kpis[25:]) + "&per_page=5000"
    transport = FakeTransport({first: empty, second: empty})
    client_for(transport).kpis(kpis)
    assert transport.calls == [first, second]
    assert [len(part) for part in chunks(kpis + kpis[:3])] == [25, 5]  # duplicates asked once


def test_requests_keep_the_minimum_interval() -> None:
    sleeps: list[float] = []
    client = client_for(FakeTransport(standard_routes()), sleeps)
    client.data(kpis=KPIS, municipalities=UNITS, years=YEARS)
    client.groups()
    # The clock stands still in the test, so each request after the first waits the whole interval.
    assert sleeps == [0.5, 0.5]


def test_http_429_waits_as_retry_after_says_then_succeeds() -> None:
    sleeps: list[float] = []
    transport = FakeTransport(
        {GROUPS_URL: [Reply(status=429, headers={"Retry-After": "7"}), Reply("municipality_groups.json")]}
    )
    groups = client_for(transport, sleeps).groups()
    assert len(groups) == 3
    assert transport.calls == [GROUPS_URL, GROUPS_URL]
    assert 7.0 in sleeps


def test_5xx_is_retried_with_exponential_backoff_then_reported() -> None:
    sleeps: list[float] = []
    transport = FakeTransport({GROUPS_URL: Reply(status=503)})
    client = KoladaClient(transport=transport, sleep=sleeps.append, clock=lambda: 0.0, min_interval=0, backoff=1.0)
    with pytest.raises(KoladaError, match=r"HTTP 503 .*municipality_groups.*5 försök"):
        client.groups()
    assert sleeps == [1.0, 2.0, 4.0, 8.0]
    assert len(transport.calls) == 5


def test_a_retry_after_too_long_is_not_waited_for() -> None:
    transport = FakeTransport({GROUPS_URL: Reply(status=429, headers={"Retry-After": "3600"})})
    with pytest.raises(KoladaError, match="vänta 3600 sekunder"):
        client_for(transport).groups()


def test_a_timeout_becomes_a_clear_swedish_error() -> None:
    transport = FakeTransport({GROUPS_URL: Reply(raises=TimeoutError("timed out"))})
    with pytest.raises(KoladaError, match=r"Kolada svarade inte inom 30 sekunder .*även efter 5 försök"):
        client_for(transport).groups()


def test_unreachable_says_so() -> None:
    transport = FakeTransport({GROUPS_URL: Reply(raises=urllib.error.URLError("Name or service not known"))})
    with pytest.raises(KoladaError, match="Kolada gick inte att nå"):
        client_for(transport).groups()


def test_malformed_json_is_refused() -> None:
    transport = FakeTransport({DATA_URL: Reply("malformed.json")})
    with pytest.raises(KoladaFormatError, match="inte giltig JSON"):
        client_for(transport).data(kpis=KPIS, municipalities=UNITS, years=YEARS)


def test_client_error_is_not_retried() -> None:
    transport = FakeTransport({GROUPS_URL: Reply(status=404)})
    with pytest.raises(KoladaError, match="HTTP 404"):
        client_for(transport).groups()
    assert len(transport.calls) == 1


def test_retry_after_as_http_date() -> None:
    assert retry_after_seconds("Fri, 27 Nov 2026 03:30:10 GMT", now=1795750200.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("²") is None  # a digit to str.isdigit, not to float()
    assert retry_after_seconds(None) is None


def test_the_default_transport_refuses_in_tests() -> None:
    with pytest.raises(AssertionError, match="network"):
        urllib_transport("https://api.kolada.se/v3/municipality_groups", timeout=1)


def test_values_are_decimals() -> None:
    points = client_for(FakeTransport(standard_routes())).data(kpis=KPIS, municipalities=UNITS, years=YEARS)
    average_2023 = next(p for p in points if p.municipality == "G124001" and p.year == 2023)
    assert average_2023.value == Decimal("57.3")
