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
# Every municipality's values of the key figures compared with the average (U11901), for the computed mean.
ALL_URL = BASE + "data/kpi/U11901/year/2023,2024,2025?per_page=5000"
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
        ALL_URL: data_reply(all_municipalities_rows()),
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


# 149 invented municipality ids besides Alingsås (1489): 0110–0149, 0210–0249, ...
OTHER_MUNICIPALITIES = [f"{1 + n // 40:02d}{10 + n % 40:02d}" for n in range(149)]


def all_municipalities_rows(kpi: str = "U11901") -> list[Row]:
    """Every municipality's U11901 as the recorded answers have it: the unweighted means are exactly the
    group's published 57.3 (2023), 55.1 (2024) and 54.0 (2025, Alingsås missing).

    Riket (0000), a region (0001) and the group itself are in the answer too, and are no municipalities.
    """
    rows: list[Row] = [(kpi, "1489", 2023, 62), (kpi, "1489", 2024, 48), (kpi, "1489", 2025, None)]
    for n, unit in enumerate(OTHER_MUNICIPALITIES):
        rows.append((kpi, unit, 2023, 58 if n < 40 else 57))  # (62 + 40 × 58 + 109 × 57) / 150 = 57.3
        rows.append((kpi, unit, 2024, 56 if n < 22 else 55))  # (48 + 22 × 56 + 127 × 55) / 150 = 55.1
        rows.append((kpi, unit, 2025, 54))
    for unit in ("0000", "0001", "G124001"):
        rows.extend((kpi, unit, year, 99) for year in (2023, 2024, 2025))
    return rows
