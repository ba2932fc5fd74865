"""KOLADA_BASE_URL: read from the environment, refused when it is no web address, and used by the whole fetch.

The fetch here goes over HTTP to a server on 127.0.0.1 that answers like Kolada v3, through
the client's real transport (urllib): only the address and the waits differ from production.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest

from goals.models import Measurement
from kolada import collecting, services
from kolada.client import KoladaClient
from kolada.models import FetchRun, KoladaBinding
from tests.kolada.fake import RESPONSES, all_municipalities_rows, data_payload
from tests.portal.test_settings import PRODUCTION, manage

REAL_URLOPEN = urllib.request.urlopen  # taken before tests/kolada/conftest.py makes it refuse

YEARS = "2023,2024,2025"
PAGE_1 = [("U11901", "1489", 2023, 62), ("U11901", "G124001", 2023, 57.3)]
PAGE_2 = [("U11901", "1489", 2024, 48), ("U11901", "G124001", 2024, 55.1)]


def routes() -> dict[str, bytes]:
    """What the local server answers, by path and query, as Kolada v3 would."""
    data = f"/v3/data/kpi/U11901/municipality/1489,G124001/year/{YEARS}"
    return {
        "/v3/kpi?id=U11901&per_page=5000": (RESPONSES / "kpi_one_unknown.json").read_bytes(),
        "/v3/municipality_groups?per_page=5000": (RESPONSES / "municipality_groups.json").read_bytes(),
        # The first page links on with a relative next_url, as some answers do.
        f"{data}?per_page=5000": json.dumps(data_payload(PAGE_1, next_url="?page=2&per_page=5000")).encode(),
        f"{data}?page=2&per_page=5000": json.dumps(data_payload(PAGE_2)).encode(),
        f"/v3/data/kpi/U11901/year/{YEARS}?per_page=5000": json.dumps(data_payload(all_municipalities_rows())).encode(),
    }


@pytest.fixture
def kolada_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """A Kolada-like server on 127.0.0.1; yields its base URL and the paths asked for."""
    answers, asked = routes(), []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = answers.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b'{"error": "not found"}')

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def local_only(request: urllib.request.Request, **kwargs: Any) -> Any:
        assert urlsplit(request.full_url).hostname == "127.0.0.1", request.full_url
        return REAL_URLOPEN(request, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", local_only)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v3/", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.usefixtures("on_fetch_day")
def test_a_fetch_goes_to_the_configured_address(
    settings: Any, kolada_server: tuple[str, list[str]], preschool: KoladaBinding
) -> None:
    base_url, asked = kolada_server
    settings.KOLADA_BASE_URL = base_url
    waits: list[float] = []
    # The client as the task makes it, but with its waits recorded instead of slept.
    with mock.patch.object(collecting, "KoladaClient", lambda: KoladaClient(sleep=waits.append, clock=lambda: 0.0)):
        run = services.fetch_execute(run=FetchRun.objects.create(trigger=FetchRun.Trigger.NIGHTLY))
    assert run.state == FetchRun.State.WARNINGS, run.error  # 2025 is not in the answer
    assert {m.year: (m.value, m.reference_value) for m in Measurement.objects.all()} == {
        2023: (Decimal("62"), Decimal("57.3")),
        2024: (Decimal("48"), Decimal("55.1")),
    }
    assert asked[-2] == f"/v3/data/kpi/U11901/municipality/1489,G124001/year/{YEARS}?page=2&per_page=5000"
    assert len(asked) == 5 and len(waits) == 4


def test_the_default_is_koladas_api(settings: Any) -> None:
    settings.KOLADA_BASE_URL = "https://api.kolada.se/v3"
    assert KoladaClient().url("municipality") == "https://api.kolada.se/v3/municipality?per_page=5000"


@pytest.mark.parametrize("value", ["api.kolada.se/v3/", "ftp://api.kolada.se/v3/", "https://"])
def test_an_address_that_is_no_web_address_stops_start_up(value: str) -> None:
    result = manage("check", KOLADA_BASE_URL=value)
    assert result.returncode != 0
    assert f"KOLADA_BASE_URL={value!r} is not the address of Kolada's API. Set it as" in result.stderr


def test_the_setting_is_read_from_the_environment() -> None:
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.KOLADA_BASE_URL)",
        KOLADA_BASE_URL="https://kolada.spegel.example/v3/",
    )
    assert result.stdout.strip().splitlines()[-1] == "https://kolada.spegel.example/v3/", result.stderr


def test_production_refuses_an_unencrypted_address() -> None:
    result = manage("check", **(PRODUCTION | {"KOLADA_BASE_URL": "http://api.kolada.se/v3/"}))
    assert result.returncode != 0
    assert "KOLADA_BASE_URL='http://api.kolada.se/v3/' is not https." in result.stderr
