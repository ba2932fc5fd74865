"""The average of all municipalities computed from their values: filling in a missing one, checking a published one."""

from __future__ import annotations

from decimal import Decimal

from goals.models import Measurement
from kolada import services
from kolada.average import MIN_MUNICIPALITIES, Mean, agrees, is_municipality, rounding_tolerance, unweighted_mean
from kolada.models import FetchRun, KoladaBinding
from tests.kolada.fake import (
    ALL_URL,
    DATA_U11901_URL,
    DATA_URL,
    KPI_U11901_URL,
    FakeTransport,
    Reply,
    all_municipalities_rows,
    client_for,
    data_reply,
    standard_routes,
)

D = Decimal


OWN = [("U11901", "1489", 2023, 62), ("U11901", "1489", 2024, 48), ("U11901", "1489", 2025, None)]
GROUP = [("U11901", "G124001", 2023, 57.3), ("U11901", "G124001", 2024, 55.1), ("U11901", "G124001", 2025, 54.0)]
# Alingsås's U11901 without the group's rows, so the average must come from the municipalities' values.
WITHOUT_GROUP = data_reply(OWN)


def fetch(**overrides: Reply) -> FetchRun:
    """A fetch of U11901 alone (the ``preschool`` binding), compared with the average."""
    routes = standard_routes(
        **{
            KPI_U11901_URL: Reply("kpi_one_unknown.json"),
            DATA_U11901_URL: data_reply(OWN + GROUP),
        }
    )
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    source = services.ApiSource(client_for(FakeTransport(routes | overrides)))
    return services.fetch_execute(run=run, source=source)


def test_municipalities_are_four_digits_and_not_riket_or_a_region() -> None:
    assert is_municipality("1489") and is_municipality("0114")
    assert not any(is_municipality(unit) for unit in ["0000", "0001", "0025", "G124001", "148", "14890"])


def test_the_mean_is_over_the_values_that_exist_and_needs_enough_of_them() -> None:
    values: list[Decimal | None] = [D(1)] * (MIN_MUNICIPALITIES - 1) + [D(3), None, None]
    assert unweighted_mean(values) == Mean(D("1.02"), MIN_MUNICIPALITIES)
    assert unweighted_mean([D(1)] * (MIN_MUNICIPALITIES - 1) + [None]) is None


def test_the_cross_check_allows_rounding_and_no_more() -> None:
    integers = [D(57), D(58)]
    # Published with one decimal, from integer values: 0.05 + 0.5.
    assert rounding_tolerance(D("57.3"), integers) == D("0.55")
    assert agrees(D("57.3"), D("57.31"), integers)
    assert agrees(D("57.3"), D("57.85"), integers)
    assert not agrees(D("57.3"), D("57.86"), integers)
    # Everything with one decimal: 0.05 + 0.05.
    assert not agrees(D("57.3"), D("57.45"), [D("57.1"), D("57.5")])


def test_a_missing_group_value_is_the_mean_of_all_municipalities(on_fetch_day: None, preschool: KoladaBinding) -> None:
    run = fetch(**{DATA_U11901_URL: WITHOUT_GROUP})
    stored = {m.year: m for m in Measurement.objects.filter(indicator=preschool.indicator)}
    assert {year: m.reference_value for year, m in stored.items()} == {2023: D("57.3"), 2024: D("55.1"), 2025: D(54)}
    # 150 municipalities had a value in 2023; in 2025 Alingsås's is missing, so 149. Riket, the region
    # and the group in the answer are not counted.
    assert (
        stored[2023].source == "Kolada U11901, hämtat 2026-11-27; medelvärdet beräknat av Styrportal från 150 kommuner"
    )
    assert stored[2025].source.endswith("från 149 kommuner")
    assert run.state == FetchRun.State.WARNINGS and run.reference_missing_count == 0
    assert (
        "Kolada har inget genomsnitt för alla kommuner för Effektivitetsindex för förskola (U11901) 2023; "
        "referensvärdet 57,3 är medelvärdet av 150 kommuners värden, beräknat av Styrportal. Jämför med Kolada när "
        "genomsnittet har publicerats." in run.warning_lines
    )


def test_when_kolada_publishes_the_average_later_the_source_says_so(
    on_fetch_day: None, preschool: KoladaBinding
) -> None:
    fetch(**{DATA_U11901_URL: WITHOUT_GROUP})
    fetch()  # the recorded answers, with the group's 57.3, equal to the computed mean
    measurement = Measurement.objects.get(indicator=preschool.indicator, year=2023)
    assert (measurement.reference_value, measurement.source) == (D("57.3"), "Kolada U11901, hämtat 2026-11-27")


def test_a_published_average_that_differs_beyond_rounding_is_warned_and_kolada_is_used(
    on_fetch_day: None, preschool: KoladaBinding
) -> None:
    rows = [row for row in all_municipalities_rows() if not (row[2] == 2024 and row[1] not in ("1489", "0000"))]
    rows += [("U11901", unit, 2024, 60) for unit in [f"{1 + n // 40:02d}{10 + n % 40:02d}" for n in range(149)]]
    run = fetch(**{ALL_URL: data_reply(rows)})
    assert Measurement.objects.get(indicator=preschool.indicator, year=2024).reference_value == D("55.1")
    # (48 + 149 × 60) / 150 = 59.92
    assert (
        "Koladas genomsnitt 55,1 för Effektivitetsindex för förskola (U11901) 2024 skiljer sig mer än avrundningen "
        "från medelvärdet av 150 kommuners värden (59,92). Koladas värde används; kontrollera nyckeltalet i "
        "Kolada." in run.warning_lines
    )
    assert not any("2023 skiljer sig" in line for line in run.warning_lines)  # 2023 agrees


def test_too_few_municipalities_give_no_mean(on_fetch_day: None, preschool: KoladaBinding) -> None:
    few = [row for row in all_municipalities_rows() if row[1] in ("1489", "0110", "0111")]
    run = fetch(**{DATA_U11901_URL: WITHOUT_GROUP, ALL_URL: data_reply(few)})
    assert Measurement.objects.get(indicator=preschool.indicator, year=2023).reference_value is None
    assert run.reference_missing_count == 3


def test_the_average_group_not_found_is_computed_instead(on_fetch_day: None, preschool: KoladaBinding) -> None:
    preschool.group_title = "Alla kommuner (vägt medel)"
    preschool.save()
    run = fetch(**{DATA_U11901_URL.replace("1489,G124001", "1489"): WITHOUT_GROUP})
    assert Measurement.objects.get(indicator=preschool.indicator, year=2024).reference_value == D("55.1")
    assert run.warning_lines[0].startswith("Kommungruppen ”Alla kommuner (vägt medel)” finns inte i Kolada; referens")


def test_a_comparison_with_similar_municipalities_is_never_computed(on_fetch_day: None, school: KoladaBinding) -> None:
    routes = standard_routes(**{DATA_URL: data_reply([("U15900", "1489", 2024, 71), ("U11901", "1489", 2024, 48)])})
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    services.fetch_execute(run=run, source=services.ApiSource(client_for(FakeTransport(routes))))
    assert Measurement.objects.get(indicator=school.indicator, year=2024).reference_value is None
