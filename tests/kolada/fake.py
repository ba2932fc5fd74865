"""A transport that answers from recorded responses (tests/kolada/responses/), so nothing leaves the machine."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kolada.client import KoladaClient, Response

RESPONSES = Path(__file__).parent / "responses"
BASE = "https://api.kolada.se/v3/"

# The URLs the client asks for with the two bindings of the tests (U11901 against the average,
# U15900 against a group of similar municipalities) and years 2023–2025.
KPI_URL = BASE + "kpi?id=U11901%2CU15900&per_page=5000"
GROUPS_URL = BASE + "municipality_groups?per_page=5000"
DATA_URL = BASE + "data/kpi/U11901,U15900/municipality/1489,G124001,G166701/year/2023,2024,2025?per_page=5000"
DATA_PAGE_2_URL = (
    BASE + "data/kpi/U11901,U15900/municipality/1489,G124001,G166701/year/2023,2024,2025?page=2&per_page=5000"
)
# The same with only U11901 against the average (when U15900 is unknown or its group is not found).
KPI_U11901_URL = BASE + "kpi?id=U11901&per_page=5000"
DATA_U11901_URL = BASE + "data/kpi/U11901/municipality/1489,G124001/year/2023,2024,2025?per_page=5000"


@dataclass
class Reply:
    file: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raises: BaseException | None = None
    body: bytes = b""  # an answer made in the test, instead of a recorded file


class FakeTransport:
    """Answers each URL with its recorded replies in turn (the last one again when they run out)."""

    def __init__(self, routes: dict[str, Reply | list[Reply]]) -> None:
        self.routes = {
            url: list(replies) if isinstance(replies, list) else [replies] for url, replies in routes.items()
        }
        self.calls: list[str] = []

    def __call__(self, url: str, *, timeout: float) -> Response:
        self.calls.append(url)
        assert url in self.routes, f"no recorded response for {url}"
        replies = self.routes[url]
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if reply.raises is not None:
            raise reply.raises
        body = (RESPONSES / reply.file).read_bytes() if reply.file else reply.body
        return Response(reply.status, body, reply.headers)


def standard_routes(**overrides: Reply | list[Reply]) -> dict[str, Reply | list[Reply]]:
    """The recorded answers for the tests' two bindings: metadata, groups, and data on two pages."""
    routes: dict[str, Reply | list[Reply]] = {
        KPI_URL: Reply("kpi_efficiency.json"),
        GROUPS_URL: Reply("municipality_groups.json"),
        DATA_URL: Reply("data_page1.json"),
        DATA_PAGE_2_URL: Reply("data_page2.json"),
    }
    return routes | overrides


def client_for(transport: FakeTransport, sleeps: list[float] | None = None) -> KoladaClient:
    """A client over the fake transport that records its waits instead of sleeping."""
    waits = sleeps if sleeps is not None else []
    return KoladaClient(transport=transport, sleep=waits.append, clock=lambda: 0.0)


Row = tuple[str, str, int, Any]  # kpi, municipality (or group), year, the total's value


def data_payload(rows: list[Row], *, next_page: str | None = None, **extra: Any) -> dict[str, Any]:
    """A v3 data answer with one total (gender T) per row; a value of None is published as "Missing"."""
    return {
        "count": len(rows),
        "next_page": next_page,
        "previous_page": None,
        **extra,
        "values": [
            {
                "kpi": kpi,
                "municipality": unit,
                "period": year,
                "values": [
                    {
                        "gender": "T",
                        "status": "Missing" if value is None else "",
                        "count": 1,
                        "value": value,
                    }
                ],
            }
            for kpi, unit, year, value in rows
        ],
    }


def data_reply(rows: list[Row], **extra: Any) -> Reply:
    return Reply(body=json.dumps(data_payload(rows, **extra)).encode())
