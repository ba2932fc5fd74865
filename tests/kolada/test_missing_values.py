"""An answer that lacks values never replaces stored ones with nothing: they are kept, counted and warned about."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine

from goals.models import Measurement
from kolada import services
from kolada.models import FetchRun, KoladaBinding
from tests.kolada.fake import ALL_URL, DATA_URL, FakeTransport, Reply, client_for, data_reply, standard_routes

AVERAGE, SIMILAR = "G124001", "G166701"


def fetch(**overrides: Reply) -> FetchRun:
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    source = services.ApiSource(client_for(FakeTransport(standard_routes(**overrides))))
    return services.fetch_execute(run=run, source=source)


def stored(binding: KoladaBinding) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    return {m.year: (m.value, m.reference_value) for m in Measurement.objects.filter(indicator=binding.indicator)}


# Everything for 2023 and 2024, so that only what a test leaves out is missing.
FULL = [
    ("U11901", "1489", 2023, 62),
    ("U11901", AVERAGE, 2023, 57.3),
    ("U11901", "1489", 2024, 48),
    ("U11901", AVERAGE, 2024, 55.1),
    ("U15900", "1489", 2023, 69),
    ("U15900", SIMILAR, 2023, 70.2),
    ("U15900", "1489", 2024, 71),
    ("U15900", SIMILAR, 2024, 66.4),
]


@pytest.fixture
def in_spring() -> Any:
    """March 2026: 2025's values are not expected before the autumn, so their absence is no news."""
    with time_machine.travel("2026-03-02 03:30 +01:00", tick=False):
        yield


@pytest.fixture
def stored_before(in_spring: None, preschool: KoladaBinding, school: KoladaBinding) -> None:
    run = fetch(**{DATA_URL: data_reply(FULL)})
    assert run.state == FetchRun.State.SUCCEEDED, run.warnings


def test_a_complete_answer_for_the_published_years_ends_without_warnings(stored_before: None) -> None:
    run = FetchRun.objects.get()
    assert (run.created_count, run.missing_count, run.reference_missing_count, run.kept_count) == (4, 0, 0, 0)
    assert run.warnings == ""


def test_an_answer_without_the_group_rows_keeps_the_stored_reference_values(
    stored_before: None, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    history_before = Measurement.history.count()
    own_only = [row for row in FULL if not row[1].startswith("G")]
    # Nor the municipalities' values, from which the average could have been computed.
    run = fetch(**{DATA_URL: data_reply(own_only), ALL_URL: data_reply([])})
    assert stored(preschool) == {2023: (Decimal("62"), Decimal("57.3")), 2024: (Decimal("48"), Decimal("55.1"))}
    assert stored(school) == {2023: (Decimal("69"), Decimal("70.2")), 2024: (Decimal("71"), Decimal("66.4"))}
    assert Measurement.history.count() == history_before  # nothing was saved again
    assert run.state == FetchRun.State.WARNINGS
    assert (run.unchanged_count, run.reference_missing_count, run.kept_count, run.missing_count) == (4, 4, 4, 0)
    assert run.warning_lines[0] == (
        "Kolada-svaret saknar jämförelsevärdet (Genomsnittet för Sveriges kommuner: Alla kommuner (ovägt medel)) "
        "för Effektivitetsindex för förskola (U11901) 2023; det sparade referensvärdet 57,3 behålls. Kontrollera "
        "jämförelsen i Kolada om det inte kommer tillbaka vid nästa hämtning."
    )
    assert "5 nya" not in services.describe_counts(run)
    assert "4 jämförelsevärden saknas och 4 sparade värden behölls" in services.describe_counts(run)


@pytest.mark.parametrize("how", ["null", "no row"])
def test_an_answer_without_the_municipalitys_value_keeps_the_stored_value(
    stored_before: None, preschool: KoladaBinding, school: KoladaBinding, how: str
) -> None:
    rows = [row for row in FULL if (row[0], row[1], row[2]) != ("U11901", "1489", 2024)]
    if how == "null":
        rows.append(("U11901", "1489", 2024, None))
    run = fetch(**{DATA_URL: data_reply(rows)})
    assert stored(preschool)[2024] == (Decimal("48"), Decimal("55.1"))
    assert (run.state, run.missing_count, run.kept_count) == (FetchRun.State.WARNINGS, 1, 1)
    assert run.warning_lines == [
        "Kolada-svaret saknar värdet för Effektivitetsindex för förskola (U11901) 2024; det sparade värdet 48 "
        "behålls. Kontrollera värdet i Kolada om det inte kommer tillbaka vid nästa hämtning."
    ]


def test_a_changed_reference_is_stored_while_the_missing_value_is_kept(
    stored_before: None, preschool: KoladaBinding
) -> None:
    rows = [row for row in FULL if (row[0], row[1], row[2]) != ("U11901", "1489", 2024)]
    rows = [(*row[:3], 56.0) if row[:3] == ("U11901", AVERAGE, 2024) else row for row in rows]
    run = fetch(**{DATA_URL: data_reply(rows)})
    assert stored(preschool)[2024] == (Decimal("48"), Decimal("56"))
    change = run.changes.get()
    assert (change.old_value, change.new_value, change.new_reference_value) == (48, 48, 56)


def test_a_year_not_yet_published_is_no_warning_before_the_autumn(
    in_spring: None, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    run = fetch(**{DATA_URL: data_reply(FULL)})  # nothing for 2025 in March 2026
    assert run.state == FetchRun.State.SUCCEEDED and run.missing_count == 0
    assert not Measurement.objects.filter(year=2025).exists()


def test_a_year_still_missing_in_the_autumn_is_counted_and_warned(
    on_fetch_day: None, preschool: KoladaBinding, school: KoladaBinding
) -> None:
    run = fetch(**{DATA_URL: data_reply(FULL)})  # nothing for 2025 in November 2026
    assert (run.state, run.missing_count) == (FetchRun.State.WARNINGS, 2)
    assert "Effektivitetsindex för förskola (U11901) 2025" in run.warnings
    assert not Measurement.objects.filter(year=2025).exists()


def test_a_comparison_missing_from_the_first_answer_is_stored_as_absent_and_warned(
    in_spring: None, school: KoladaBinding
) -> None:
    rows = [row for row in FULL if row[1] != SIMILAR]
    run = fetch(**{DATA_URL: data_reply(rows)})
    assert stored(school) == {2023: (Decimal("69"), None), 2024: (Decimal("71"), None)}
    assert (run.state, run.reference_missing_count, run.kept_count) == (FetchRun.State.WARNINGS, 2, 0)
    assert "så indikatorn kan inte bedömas mot det" in run.warning_lines[-1]
