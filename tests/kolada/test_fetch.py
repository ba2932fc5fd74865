"""Fetching and storing: measurements with reference values, revisions in the history, bad answers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from fulfillment.judging import Evidence, IndicatorInput, assess_indicator
from goals.models import Measurement, Target
from goals.status import Status
from kolada import services
from kolada.models import FetchChange, FetchRun, GenderSplit, KoladaBinding
from tests.factories import MeasurementFactory
from tests.kolada.fake import (
    ALL_URL,
    DATA_PAGE_2_URL,
    DATA_U11901_URL,
    DATA_URL,
    GROUPS_URL,
    KPI_U11901_URL,
    KPI_URL,
    FakeTransport,
    Reply,
    all_municipalities_rows,
    client_for,
    data_reply,
    standard_routes,
)

pytestmark = pytest.mark.usefixtures("on_fetch_day")


def fetch(transport: FakeTransport, **kwargs: Any) -> FetchRun:
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    return services.fetch_execute(run=run, source=services.ApiSource(client_for(transport)), **kwargs)


def values(binding: KoladaBinding) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    return {m.year: (m.value, m.reference_value) for m in Measurement.objects.filter(indicator=binding.indicator)}


def test_values_are_stored_as_measurements_with_their_reference(
    preschool: KoladaBinding, school: KoladaBinding
) -> None:
    run = fetch(FakeTransport(standard_routes()))
    # 2025 should be out by November 2026, so what is missing of it is said, not passed over.
    assert run.state == FetchRun.State.WARNINGS, run.error
    assert run.warning_lines == [
        "Kolada har inget värde för Effektivitetsindex för förskola (U11901) 2025. Hämta igen när Kolada har "
        "publicerat det, eller för in värdet för hand.",
        "Kolada har inget värde för Effektivitetsindex för kommunal grundskola (U15900) 2025. Hämta igen när "
        "Kolada har publicerat det, eller för in värdet för hand.",
    ]
    assert run.years == [2023, 2024, 2025]
    # Against the average of all municipalities (the group's own value).
    assert values(preschool) == {
        2023: (Decimal("62"), Decimal("57.3")),
        2024: (Decimal("48"), Decimal("55.1")),
        2025: (None, Decimal("54")),  # "Missing" is absent, never zero
    }
    # Against the group of similar municipalities; 2025 is not published, so nothing is stored for it.
    assert values(school) == {2023: (Decimal("69"), Decimal("70.2")), 2024: (Decimal("71"), Decimal("66.4"))}
    measurement = Measurement.objects.get(indicator=preschool.indicator, year=2024)
    assert (measurement.period, measurement.basis) == (Measurement.Period.YEAR, Measurement.Basis.OUTCOME)
    assert measurement.source == "Kolada U11901, hämtat 2026-11-27"
    assert (run.created_count, run.changed_count, run.unchanged_count, run.missing_count) == (5, 0, 0, 2)
    assert (run.reference_missing_count, run.kept_count) == (0, 0)
    assert run.changes.count() == 5


def test_gender_split_values_are_kept_where_published(preschool: KoladaBinding, school: KoladaBinding) -> None:
    fetch(FakeTransport(standard_routes()))
    split = GenderSplit.objects.get(indicator=school.indicator, year=2024)
    assert split.values == {"T": "71", "K": "74", "M": None}
    assert split.reference_values == {"T": "66.4"}


def test_a_revised_value_keeps_the_old_one_in_the_history(preschool: KoladaBinding, school: KoladaBinding) -> None:
    fetch(FakeTransport(standard_routes()))
    revised = fetch(FakeTransport(standard_routes(**{DATA_URL: Reply("data_revised.json")})))
    assert (revised.created_count, revised.changed_count, revised.unchanged_count) == (0, 2, 3)
    measurement = Measurement.objects.get(indicator=preschool.indicator, year=2023)
    assert measurement.value == Decimal("60")
    assert [h.value for h in measurement.history.order_by("history_date")] == [Decimal("62"), Decimal("60")]
    assert measurement.history.latest().history_change_reason == f"Hämtning från Kolada nr {revised.pk}"
    change = revised.changes.get(year=2023)
    assert (change.kind, change.old_value, change.new_value) == (FetchChange.Kind.CHANGED, Decimal("62"), Decimal("60"))
    # 2025 was missing and is now published.
    assert revised.changes.get(year=2025).old_value is None
    # Unchanged values get no new history row.
    assert Measurement.objects.get(indicator=preschool.indicator, year=2024).history.count() == 1


def test_a_value_entered_by_hand_is_replaced_but_kept_in_the_history(preschool: KoladaBinding) -> None:
    MeasurementFactory(indicator=preschool.indicator, year=2024, value=Decimal("50"), source="Inmatat")
    fetch(
        FakeTransport(
            {
                KPI_U11901_URL: Reply("kpi_one_unknown.json"),
                GROUPS_URL: Reply("municipality_groups.json"),
                DATA_U11901_URL: Reply("data_only_u11901.json"),
                ALL_URL: data_reply(all_municipalities_rows()),
            }
        )
    )
    measurement = Measurement.objects.get(indicator=preschool.indicator, year=2024)
    assert measurement.value == Decimal("48")
    assert [h.value for h in measurement.history.order_by("history_date")] == [Decimal("50"), Decimal("48")]


def test_an_unknown_kpi_is_a_warning_and_the_others_are_fetched(
    preschool: KoladaBinding, school: KoladaBinding
) -> None:
    transport = FakeTransport(
        {
            KPI_URL: Reply("kpi_one_unknown.json"),
            GROUPS_URL: Reply("municipality_groups.json"),
            DATA_U11901_URL: Reply("data_only_u11901.json"),
            ALL_URL: data_reply(all_municipalities_rows()),
        }
    )
    run = fetch(transport)
    assert run.state == FetchRun.State.WARNINGS
    assert run.warning_lines[0] == (
        "Nyckeltalet U15900 (Effektivitetsindex för kommunal grundskola) finns inte i Kolada; dess värden har inte "
        "hämtats."
    )
    assert values(preschool) == {2024: (Decimal("48"), Decimal("55.1"))}
    assert values(school) == {}


def test_a_group_that_is_not_found_is_a_warning(preschool: KoladaBinding, school: KoladaBinding) -> None:
    school.group_title = "Liknande kommuner grundskola, Alingsås, 2019 (ovägt medel)"
    school.save()
    run = fetch(FakeTransport(standard_routes(**{DATA_U11901_URL: Reply("data_only_u11901.json")})))
    assert "Kommungruppen ”Liknande kommuner grundskola, Alingsås, 2019 (ovägt medel)” finns inte" in run.warnings
    assert values(school) == {}


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply("malformed.json"), "inte giltig JSON"),
        (Reply(raises=TimeoutError("timed out")), "svarade inte inom 30 sekunder"),
        (Reply(status=500), "HTTP 500"),
    ],
)
def test_a_bad_answer_leaves_existing_data_untouched(
    preschool: KoladaBinding, school: KoladaBinding, reply: Reply, message: str
) -> None:
    fetch(FakeTransport(standard_routes()))
    before = {m.pk: (m.value, m.reference_value, m.source) for m in Measurement.objects.all()}
    history_before = Measurement.history.count()
    # The first page is good and revised; the second is bad: nothing of the first may be written either.
    run = fetch(
        FakeTransport(
            standard_routes(
                **{
                    DATA_URL: Reply("data_page1.json"),
                    DATA_PAGE_2_URL: reply,
                }
            )
        )
    )
    assert run.state == FetchRun.State.FAILED
    assert message in run.error and "Inget har sparats" in run.error
    assert {m.pk: (m.value, m.reference_value, m.source) for m in Measurement.objects.all()} == before
    assert Measurement.history.count() == history_before
    assert run.changes.count() == 0


def test_without_the_municipality_id_nothing_is_asked(settings: Any, preschool: KoladaBinding) -> None:
    settings.KOLADA_MUNICIPALITY_ID = ""
    transport = FakeTransport({})
    run = fetch(transport)
    assert run.state == FetchRun.State.FAILED
    assert "KOLADA_MUNICIPALITY_ID" in run.error
    assert transport.calls == []


def test_inactive_bindings_are_not_fetched(preschool: KoladaBinding) -> None:
    preschool.active = False
    preschool.save()
    transport = FakeTransport({})
    run = fetch(transport)
    assert run.state == FetchRun.State.SUCCEEDED and transport.calls == []


def _status(binding: KoladaBinding, year: int) -> str:
    measurement = Measurement.objects.get(indicator=binding.indicator, year=year)
    target = binding.indicator.targets.get()
    result = assess_indicator(
        IndicatorInput(binding.indicator.name, target.comparator, unit="", decimals=0),
        Evidence(year=year, value=measurement.value, basis="outcome", reference_value=measurement.reference_value),
    )
    return result.status


def test_the_goal_status_follows_from_the_comparison(preschool: KoladaBinding, school: KoladaBinding) -> None:
    fetch(FakeTransport(standard_routes()))
    assert preschool.indicator.targets.get().comparator == Target.Comparator.ABOVE_REFERENCE
    assert _status(preschool, 2023) == Status.FULFILLED  # 62 above the average 57.3
    assert _status(preschool, 2024) == Status.NOT_FULFILLED  # 48 below the average 55.1
    assert _status(preschool, 2025) == Status.NOT_ASSESSED  # missing in Kolada
    assert _status(school, 2024) == Status.FULFILLED  # 71 above similar municipalities' 66.4
    assert _status(school, 2023) == Status.NOT_FULFILLED  # 69 below similar municipalities' 70.2


def test_changed_years_go_to_the_draft_recompilation_hook_after_commit(
    preschool: KoladaBinding, school: KoladaBinding, django_capture_on_commit_callbacks: Any
) -> None:
    fetch(FakeTransport(standard_routes()))
    with (
        mock.patch.object(services, "recompile_draft_fulfillment") as hook,
        django_capture_on_commit_callbacks(execute=True),
    ):
        fetch(FakeTransport(standard_routes(**{DATA_URL: Reply("data_revised.json")})))
    hook.assert_called_once_with(years=[2023, 2025])


def test_a_saved_response_file_is_read_with_the_same_parser(preschool: KoladaBinding, school: KoladaBinding) -> None:
    from tests.kolada.fake import RESPONSES

    run = services.import_file(body=(RESPONSES / "saved_bundle.json").read_bytes(), file_name="kolada.json", actor=None)
    assert run.state == FetchRun.State.WARNINGS, run.error  # U15900 2025 is not in the file
    assert (run.trigger, run.years) == (FetchRun.Trigger.FILE, [2023, 2024, 2025])
    assert values(preschool)[2023] == (Decimal("60"), Decimal("57.3"))
    assert values(school)[2024] == (Decimal("71"), Decimal("66.4"))


def test_a_bad_file_is_a_failed_run(preschool: KoladaBinding) -> None:
    from tests.kolada.fake import RESPONSES

    run = services.import_file(body=(RESPONSES / "malformed.json").read_bytes(), file_name="x.json", actor=None)
    assert run.state == FetchRun.State.FAILED and "inte giltig JSON" in run.error
    assert not Measurement.objects.exists()


def test_fetch_years_are_the_years_before_this_one() -> None:
    import datetime

    assert services.fetch_years(today=datetime.date(2026, 11, 27), count=3) == [2023, 2024, 2025]


def test_the_hook_recompiles_the_drafts_of_the_changed_years(db: None) -> None:
    from fulfillment.models import FulfillmentReport

    draft = FulfillmentReport.objects.create(year=2023)
    FulfillmentReport.objects.create(year=2022)
    FulfillmentReport.objects.create(
        year=2023,
        version=0,
        state=FulfillmentReport.State.PUBLISHED,
        progress=FulfillmentReport.Progress.DONE,
        published_at=timezone.now(),
    )
    with mock.patch("fulfillment.services.fulfillment_compile_start") as start:
        assert services.recompile_draft_fulfillment(years=[2023, 2025]) == 1
    start.assert_called_once_with(year=2023, as_of=draft.as_of, actor=None)
