"""Reading what the bound indicators need, from Kolada's API or a saved response file: writes nothing.

``collect()`` is the first half of a fetch (kolada/services.py has the
second, ``store()``): it reads everything first, so a bad or unreachable
answer leaves every stored value as it was, and no transaction is open while
Kolada is asked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from goals.targets import significant_decimals
from kolada.average import Mean, agrees, is_municipality, unweighted_mean
from kolada.client import KoladaClient
from kolada.models import KoladaBinding
from kolada.parsing import (
    DataPoint,
    Group,
    KoladaError,
    Kpi,
    find_group,
    load_json,
    parse_data,
    parse_groups,
    parse_kpis,
    response_kind,
)
from portal.formatting import format_number

TOTAL = "T"


# --- Where the values come from ------------------------------------------------


class Source(Protocol):
    def kpis(self, ids: Sequence[str]) -> list[Kpi] | None:
        """The KPIs that exist among ``ids``; None when the source cannot tell."""

    def groups(self) -> list[Group]: ...

    def data(self, *, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> list[DataPoint]: ...

    def all_municipalities(self, *, kpis: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        """Every municipality's values, for computing their average; only what the source has."""


class ApiSource:
    """Kolada's API, through the client."""

    def __init__(self, client: KoladaClient | None = None) -> None:
        self.client = client or KoladaClient()

    def kpis(self, ids: Sequence[str]) -> list[Kpi] | None:
        return self.client.kpis(ids)

    def groups(self) -> list[Group]:
        return self.client.groups()

    def data(self, *, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        return self.client.data(kpis=kpis, municipalities=municipalities, years=years)

    def all_municipalities(self, *, kpis: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        return self.client.data_all_municipalities(kpis=kpis, years=years)


class FileSource:
    """Saved API responses: one v3 response, or a JSON list of them (data, municipality groups, KPI metadata).

    Read with the same parser as the API's answers.
    """

    def __init__(self, body: bytes) -> None:
        payload = load_json(body, what=_("filen"))
        payloads = payload if isinstance(payload, list) else [payload]
        self.points: list[DataPoint] = []
        self._groups: list[Group] = []
        self._kpis: list[Kpi] | None = None
        for part in payloads:
            kind = response_kind(part)
            if kind == "data":
                self.points.extend(parse_data(part, what=_("filen")))
            elif kind == "groups":
                self._groups.extend(parse_groups(part, what=_("filen")))
            elif kind == "kpi":
                self._kpis = [*(self._kpis or []), *parse_kpis(part, what=_("filen"))]
        if not self.points:
            raise KoladaError(
                _("Filen innehåller inga värden från Kolada. Spara svaret från adressen /v3/data/kpi/… och läs in det.")
            )

    def kpis(self, ids: Sequence[str]) -> list[Kpi] | None:
        return self._kpis

    def groups(self) -> list[Group]:
        return self._groups

    def data(self, *, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        wanted_kpis, wanted_units, wanted_years = set(kpis), set(municipalities), set(years)
        return [
            point
            for point in self.points
            if point.kpi in wanted_kpis and point.municipality in wanted_units and point.year in wanted_years
        ]

    def all_municipalities(self, *, kpis: Sequence[str], years: Sequence[int]) -> list[DataPoint]:
        """The municipalities' values the file holds (from a saved /v3/data/kpi/…/year/… answer, if any)."""
        wanted_kpis, wanted_years = set(kpis), set(years)
        return [
            point
            for point in self.points
            if point.kpi in wanted_kpis and point.year in wanted_years and is_municipality(point.municipality)
        ]

    @property
    def years(self) -> list[int]:
        return sorted({point.year for point in self.points})


# --- Collecting: reads only ----------------------------------------------------------


@dataclass(frozen=True)
class FetchedValue:
    """What the answer said for one bound indicator and year.

    ``published`` is False when the answer has no row at all for the
    municipality; ``expected`` says whether Kolada should have published the
    year by now (see ``expected_published``), so that a year not yet out is
    not a warning.
    """

    indicator_id: int
    indicator_name: str
    kpi_id: str
    year: int
    value: Decimal | None
    reference_value: Decimal | None
    genders: dict[str, str | None]
    reference_genders: dict[str, str | None]
    comparison: str = ""
    published: bool = True
    expected: bool = True
    reference_computed_from: int | None = None  # the reference is the mean Styrportal computed from so many
    deleted: bool = False  # Kolada marks the municipality's value deleted: it must go, not stay current
    value_skipped: bool = False  # the value was no number (named in a warning already)
    reference_deleted: bool = False  # Kolada marks the comparison's value deleted: it must not be used


@dataclass
class Collected:
    values: list[FetchedValue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def fetch_years(*, today: datetime.date, count: int) -> list[int]:
    """The ``count`` years before ``today``'s: Kolada publishes a year's figures in the year after."""
    return list(range(today.year - count, today.year))


# Kolada publishes a year's values about nine months after the year ends; by October
# of the next year a value that is still not there is worth a warning.
PUBLISHED_BY = (10, 1)


def expected_published(year: int, *, today: datetime.date) -> bool:
    """Whether Kolada should have published ``year``'s values by ``today``."""
    return today >= datetime.date(year + 1, *PUBLISHED_BY)


def _genders(points: dict[str, DataPoint]) -> dict[str, str | None]:
    """The published values per gender as strings; a deleted one is not published."""
    return {
        gender: None if point.value is None else format(point.value.normalize(), "f")
        for gender, point in points.items()
        if not point.deleted
    }


def _usable(point: DataPoint | None) -> Decimal | None:
    """The value, unless there is none or Kolada has deleted it."""
    return None if point is None or point.deleted else point.value


def _name_invalid(points: Iterable[DataPoint], warnings: list[str]) -> None:
    """A warning for each value that is no number, naming key figure, municipality (or group) and year."""
    named: set[tuple[str, str, int, str]] = set()
    for point in points:
        key = (point.kpi, point.municipality, point.year, point.gender)
        if not point.invalid or key in named:
            continue
        if point.municipality.isdigit() and not is_municipality(point.municipality):
            continue  # Riket or a region in the all-municipality answer: never used, so nothing to say
        named.add(key)
        unit = (_("kommungrupp %(id)s") if point.municipality.startswith("G") else _("kommun %(id)s")) % {
            "id": point.municipality
        }
        if point.gender != TOTAL:
            unit = f"{unit} ({point.gender})"
        warnings.append(
            _(
                "Värdet ”%(value)s” för %(kpi)s, %(unit)s, %(year)d är inget tal och hoppades över; övriga värden "
                "sparades. Kontrollera värdet i Kolada."
            )
            % {"value": point.invalid, "kpi": point.kpi, "unit": unit, "year": point.year}
        )


def collect(
    *,
    bindings: Iterable[KoladaBinding],
    source: Source,
    municipality_id: str,
    years: Sequence[int],
    today: datetime.date | None = None,
) -> Collected:
    """Everything the bindings need from the source, as plain values; writes nothing.

    Raises ``KoladaError`` when the source cannot be read. A binding that
    cannot be served (an unknown KPI, a group not found) is skipped with a
    warning, and its stored values are left as they are.
    """
    if not municipality_id:
        raise KoladaError(
            _("Kommunens id i Kolada är inte inställt. Sätt KOLADA_MUNICIPALITY_ID (t.ex. 1489 för Alingsås).")
        )
    bindings = list(bindings)
    collected = Collected(years=sorted(years))
    if not bindings:
        return collected

    known = source.kpis([binding.kpi_id for binding in bindings])
    if known is not None:
        known_ids = {kpi.id for kpi in known}
        for binding in bindings:
            if binding.kpi_id not in known_ids:
                collected.warnings.append(
                    _("Nyckeltalet %(kpi)s (%(indicator)s) finns inte i Kolada; dess värden har inte hämtats.")
                    % {"kpi": binding.kpi_id, "indicator": binding.indicator}
                )
        bindings = [binding for binding in bindings if binding.kpi_id in known_ids]

    groups = source.groups() if any(binding.comparison_group_title for binding in bindings) else []
    comparison_of: dict[int, str] = {}
    for binding in bindings:
        if binding.comparison == KoladaBinding.Comparison.MUNICIPALITY:
            comparison_of[binding.pk] = binding.comparison_municipality_id
            continue
        group = find_group(groups, binding.comparison_group_title)
        if group is None and binding.comparison == KoladaBinding.Comparison.AVERAGE:
            collected.warnings.append(
                _(
                    "Kommungruppen ”%(title)s” finns inte i Kolada; referensvärdet för %(indicator)s räknas i "
                    "stället fram ur alla kommuners värden. Kontrollera gruppens namn i kopplingen."
                )
                % {"title": binding.comparison_group_title, "indicator": binding.indicator}
            )
            comparison_of[binding.pk] = ""  # no group: the computed mean is the reference
            continue
        if group is None:
            collected.warnings.append(
                _(
                    "Kommungruppen ”%(title)s” finns inte i Kolada; värdena för %(indicator)s har inte "
                    "hämtats. Kontrollera gruppens namn i kopplingen."
                )
                % {"title": binding.comparison_group_title, "indicator": binding.indicator}
            )
            continue
        comparison_of[binding.pk] = group.id
    bindings = [binding for binding in bindings if binding.pk in comparison_of]
    if not bindings:
        return collected

    points = source.data(
        kpis=[binding.kpi_id for binding in bindings],
        municipalities=[municipality_id, *(unit for unit in comparison_of.values() if unit)],
        years=years,
    )
    index: dict[tuple[str, str, int], dict[str, DataPoint]] = {}
    for point in points:
        index.setdefault((point.kpi, point.municipality, point.year), {})[point.gender] = point

    averaged = [binding.kpi_id for binding in bindings if binding.comparison == KoladaBinding.Comparison.AVERAGE]
    all_points = source.all_municipalities(kpis=averaged, years=years) if averaged else []
    _name_invalid([*points, *all_points], collected.warnings)
    means = _means(all_points)

    today = today or timezone.localdate()
    for binding in bindings:
        for year in sorted(years):
            # No row for the municipality is passed on too: store() keeps what is stored then.
            own = index.get((binding.kpi_id, municipality_id, year))
            reference = index.get((binding.kpi_id, comparison_of[binding.pk], year), {})
            own_total, reference_total = (own or {}).get(TOTAL), reference.get(TOTAL)
            fetched = FetchedValue(
                indicator_id=binding.indicator_id,
                indicator_name=binding.indicator.name,
                kpi_id=binding.kpi_id,
                year=year,
                value=_usable(own_total),
                reference_value=_usable(reference_total),
                genders=_genders(own or {}),
                reference_genders=_genders(reference),
                comparison=binding.comparison_label,
                published=own is not None,
                expected=expected_published(year, today=today),
                deleted=own_total is not None and own_total.deleted,
                value_skipped=own_total is not None and bool(own_total.invalid),
                reference_deleted=reference_total is not None and reference_total.deleted,
            )
            if own is not None and not fetched.deleted and binding.comparison == KoladaBinding.Comparison.AVERAGE:
                fetched = _with_mean(fetched, means.get((binding.kpi_id, year)), collected.warnings)
            collected.values.append(fetched)
    return collected


def shown(value: Decimal) -> str:
    """A value as Kolada published it, in Swedish: 57,3."""
    return format_number(value, significant_decimals(value))


def _means(points: Iterable[DataPoint]) -> dict[tuple[str, int], tuple[Mean | None, list[Decimal]]]:
    """The unweighted mean of the municipalities' totals per KPI and year, with the values it is made of."""
    members: dict[tuple[str, int], list[Decimal | None]] = {}
    for point in points:
        if point.gender == TOTAL and is_municipality(point.municipality):
            members.setdefault((point.kpi, point.year), []).append(_usable(point))
    return {
        key: (unweighted_mean(values), [value for value in values if value is not None])
        for key, values in members.items()
    }


def _with_mean(
    fetched: FetchedValue, mean: tuple[Mean | None, list[Decimal]] | None, warnings: list[str]
) -> FetchedValue:
    """Fills a missing average with the computed mean, or checks Kolada's average against it."""
    computed, members = mean or (None, [])
    if computed is None:
        return fetched  # too few municipalities to say: Kolada's value, or store()'s rule for a missing one
    what = {"indicator": fetched.indicator_name, "kpi": fetched.kpi_id, "year": fetched.year}
    if fetched.reference_value is None:
        warnings.append(
            _(
                "Kolada har inget genomsnitt för alla kommuner för %(indicator)s (%(kpi)s) %(year)d; "
                "referensvärdet %(value)s är medelvärdet av %(count)d kommuners värden, beräknat av Styrportal. "
                "Jämför med Kolada när genomsnittet har publicerats."
            )
            % {**what, "value": shown(computed.value), "count": computed.count}
        )
        return replace(fetched, reference_value=computed.value, reference_computed_from=computed.count)
    if not agrees(fetched.reference_value, computed.value, members):
        warnings.append(
            _(
                "Koladas genomsnitt %(published)s för %(indicator)s (%(kpi)s) %(year)d skiljer sig mer än "
                "avrundningen från medelvärdet av %(count)d kommuners värden (%(computed)s). Koladas värde "
                "används; kontrollera nyckeltalet i Kolada."
            )
            % {
                **what,
                "published": shown(fetched.reference_value),
                "computed": shown(computed.value),
                "count": computed.count,
            }
        )
    return fetched
