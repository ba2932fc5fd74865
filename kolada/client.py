"""A small client for Kolada's REST API, version 3 (https://api.kolada.se/v3/).

Polite by construction: at most ``MAX_IDS`` ids of a kind per request, a
minimum interval between requests, a timeout on each, and retries with
exponential backoff on HTTP 429 (honouring ``Retry-After``) and 5xx and on
network errors. Every failure ends as a ``KoladaError`` with a Swedish
message the strategist's page can show.

The transport (one GET, returning status, headers and body) is injected, so
tests replay recorded responses and nothing leaves the machine. The default
transport uses ``urllib.request``; the tests make it refuse.
"""

from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from kolada.parsing import (
    DataPoint,
    Group,
    KoladaError,
    Kpi,
    Municipality,
    load_json,
    next_page,
    parse_data,
    parse_groups,
    parse_kpis,
    parse_municipalities,
)

MAX_IDS = 25  # Kolada asks for at most about 25 ids per request
PER_PAGE = 5000
TIMEOUT_SECONDS = 30.0
MIN_INTERVAL_SECONDS = 0.5
MAX_RETRIES = 4
BACKOFF_SECONDS = 2.0
MAX_WAIT_SECONDS = 120.0  # a Retry-After longer than this is not waited for
# Far more than any fetch needs (all municipalities × 25 KPIs × a few years is a handful of
# pages of 5000), few enough that an answer whose next links never end stops soon.
MAX_PAGES = 100
USER_AGENT = "Styrportal (kommunal mål- och resultatstyrning)"


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


class Transport(Protocol):
    def __call__(self, url: str, *, timeout: float) -> Response: ...


def urllib_transport(url: str, *, timeout: float) -> Response:
    """One GET over the network. Raises OSError (URLError, TimeoutError) when nothing answers."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (KOLADA_BASE_URL's host only)
            return Response(answer.status, answer.read(), dict(answer.headers.items()))
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.read() or b"", dict(exc.headers.items()) if exc.headers else {})


def chunks(ids: Sequence[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    """The ids in lists of at most ``size``, in order, without duplicates."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is True, and float("²") fails
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class KoladaClient:
    def __init__(
        self,
        *,
        transport: Transport | None = None,
        base_url: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
        min_interval: float = MIN_INTERVAL_SECONDS,
        max_retries: int = MAX_RETRIES,
        backoff: float = BACKOFF_SECONDS,
        max_pages: int = MAX_PAGES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport: Transport = transport or urllib_transport
        base_url = base_url or settings.KOLADA_BASE_URL
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_pages = max_pages
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self._last_request: float | None = None

    # --- the API -----------------------------------------------------------------

    def kpis(self, ids: Sequence[str]) -> list[Kpi]:
        """Metadata of the KPIs; an id Kolada does not know is simply not in the answer."""
        found: list[Kpi] = []
        for part in chunks(ids):
            for payload in self._pages(self.url("kpi", id=",".join(part))):
                found.extend(parse_kpis(payload))
        return found

    def municipalities(self) -> list[Municipality]:
        found: list[Municipality] = []
        for payload in self._pages(self.url("municipality")):
            found.extend(parse_municipalities(payload))
        return found

    def groups(self) -> list[Group]:
        """Every municipality group, with its members."""
        found: list[Group] = []
        for payload in self._pages(self.url("municipality_groups")):
            found.extend(parse_groups(payload))
        return found

    def data(self, *, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        """Values by KPI, municipality (or group) and year: one request per 25 KPIs × 25 municipalities, paged."""
        points: list[DataPoint] = []
        year_part = ",".join(str(year) for year in sorted(set(years)))
        for kpi_part in chunks(kpis):
            for municipality_part in chunks(municipalities):
                path = (
                    f"data/kpi/{quote(','.join(kpi_part), safe=',')}"
                    f"/municipality/{quote(','.join(municipality_part), safe=',')}/year/{year_part}"
                )
                for payload in self._pages(self.url(path)):
                    points.extend(parse_data(payload))
        return points

    def data_all_municipalities(self, *, kpis: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        """Every unit's values by KPI and year (all municipalities, and whatever else Kolada adds): paged."""
        points: list[DataPoint] = []
        year_part = ",".join(str(year) for year in sorted(set(years)))
        for kpi_part in chunks(kpis):
            for payload in self._pages(self.url(f"data/kpi/{quote(','.join(kpi_part), safe=',')}/year/{year_part}")):
                points.extend(parse_data(payload))
        return points

    # --- requests ------------------------------------------------------------------

    def url(self, path: str, **params: str) -> str:
        query = urlencode({**params, "per_page": str(PER_PAGE)})
        return f"{self.base_url}{path}?{query}"

    def _pages(self, url: str) -> Iterator[Any]:
        """Each page of a paged answer, following its next link (``next_page`` or ``next_url``) until there is none.

        A relative link is read against the page it came from. A link to another
        host than the configured one is not followed, and a link back to a page
        already fetched, or more than ``max_pages`` pages, ends the fetch: an
        answer that does that would otherwise never end.
        """
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen:
                raise KoladaError(
                    _(
                        "Kolada pekar tillbaka på en sida som redan hämtats (%(url)s), så hämtningen avbröts. "
                        "Inget har sparats; försök igen senare."
                    )
                    % {"url": next_url}
                )
            if len(seen) >= self.max_pages:
                raise KoladaError(
                    _(
                        "Kolada-svaret för %(what)s har fler än %(pages)d sidor, så hämtningen avbröts. Inget har "
                        "sparats; koppla färre nyckeltal eller minska KOLADA_YEARS och försök igen."
                    )
                    % {"what": self._describe(url), "pages": self.max_pages}
                )
            seen.add(next_url)
            payload = self.get_json(next_url)
            yield payload
            link = next_page(payload)
            next_url = self._follow(next_url, link) if link else None

    def _follow(self, current: str, link: str) -> str:
        """The next page's address, on the configured host only."""
        address = urljoin(current, link)
        here, there = urlsplit(self.base_url), urlsplit(address)
        if (there.scheme, there.netloc) != (here.scheme, here.netloc):
            raise KoladaError(
                _(
                    "Kolada-svaret pekar ut nästa sida på en annan adress (%(url)s) än den inställda "
                    "(%(base)s), och den följs inte. Inget har sparats; kontrollera KOLADA_BASE_URL."
                )
                % {"url": address, "base": self.base_url}
            )
        return address

    def get_json(self, url: str) -> Any:
        response = self._get(url)
        return load_json(response.body, what=self._describe(url))

    def _wait_turn(self) -> None:
        if self._last_request is not None:
            wait = self.min_interval - (self.clock() - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()

    def _get(self, url: str) -> Response:
        what = self._describe(url)
        attempt = 0
        while True:
            self._wait_turn()
            self.requests += 1
            try:
                response = self.transport(url, timeout=self.timeout)
            except (TimeoutError, OSError) as exc:
                problem = (
                    _("svarade inte inom %(seconds)d sekunder") % {"seconds": self.timeout}
                    if isinstance(exc, TimeoutError) or "timed out" in str(exc)
                    else _("gick inte att nå (%(reason)s)") % {"reason": getattr(exc, "reason", exc)}
                )
                if attempt < self.max_retries:
                    self.sleep(self.backoff * 2**attempt)
                    attempt += 1
                    continue
                raise KoladaError(
                    _("Kolada %(problem)s vid hämtning av %(what)s, även efter %(tries)d försök. Inget har sparats.")
                    % {"problem": problem, "what": what, "tries": attempt + 1}
                ) from None
            if response.status == 200:
                return response
            retryable = response.status == 429 or 500 <= response.status < 600
            if retryable and attempt < self.max_retries:
                wait = self.backoff * 2**attempt
                if response.status == 429:
                    asked = retry_after_seconds(
                        response.headers.get("Retry-After") or response.headers.get("retry-after")
                    )
                    if asked is not None:
                        wait = asked
                if wait > MAX_WAIT_SECONDS:
                    raise KoladaError(
                        _("Kolada ber Styrportal vänta %(seconds)d sekunder innan nästa fråga. Försök igen senare.")
                        % {"seconds": wait}
                    )
                self.sleep(wait)
                attempt += 1
                continue
            raise KoladaError(
                _("Kolada svarade med HTTP %(status)d vid hämtning av %(what)s%(tries)s. Inget har sparats.")
                % {
                    "status": response.status,
                    "what": what,
                    "tries": _(", även efter %(tries)d försök") % {"tries": attempt + 1} if retryable else "",
                }
            )

    def _describe(self, url: str) -> str:
        return url.removeprefix(self.base_url).split("?", 1)[0]
