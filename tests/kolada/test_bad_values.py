"""Deleted values, values that are no number, and answers nested too deep: none of them used, none blocks a fetch."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from goals.models import Measurement
from kolada import services
from kolada.models import FetchChange, FetchRun, GenderSplit, KoladaBinding
from kolada.parsing import MAX_DEPTH, KoladaFormatError, load_json, parse_data
from portal.models import User
from tests.kolada.fake import (
    ALL_URL,
    DATA_URL,
    FakeTransport,
    Reply,
    all_municipalities_rows,
    client_for,
    data_payload,
    standard_routes,
)

pytestmark = pytest.mark.usefixtures("on_fetch_day")

FULL = [
    ("U11901", "1489", 2023, 62),
    ("U11901", "G124001", 2023, 57.3),
    ("U11901", "1489", 2024, 48),
    ("U11901", "G124001", 2024, 55.1),
    ("U15900", "1489", 2024, 71),
    ("U15900", "G166701", 2024, 66.4),
]


def answer(rows: list[Any], *, mark: dict[tuple[str, str, int], dict[str, Any]] | None = None) -> Reply:
    """A data answer; ``mark`` puts extra keys on a row's total (e.g. isdeleted, or a value that is no number)."""
    payload = data_payload(rows)
    for row in payload["values"]:
        row["values"][0].update((mark or {}).get((row["kpi"], row["municipality"], row["period"]), {}))
    return Reply(body=json.dumps(payload).encode())


def fetch(**overrides: Reply) -> FetchRun:
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    assert run is not None
    return services.fetch_execute(
        run=run, source=services.ApiSource(client_for(FakeTransport(standard_routes(**overrides))))
    )


def stored(binding: KoladaBinding) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    return {m.year: (m.value, m.reference_value) for m in Measurement.objects.filter(indicator=binding.indicator)}


# --- Reading -------------------------------------------------------------------------------


def test_deleted_values_and_values_that_are_no_number_are_read_as_such() -> None:
    payload = data_payload([("U11901", "1489", 2023, 62), ("U11901", "1489", 2024, 48), ("U11901", "0114", 2024, 1)])
    payload["values"][0]["isdeleted"] = True  # on the row
    payload["values"][1]["values"][0]["value"] = "n/a"
    payload["values"][2]["values"][0]["isdeleted"] = 1  # on the gender's value
    points = parse_data(payload)
    assert [(p.year, p.municipality, p.value, p.deleted, p.invalid) for p in points] == [
        (2023, "1489", Decimal("62"), True, ""),
        (2024, "1489", None, False, "n/a"),
        (2024, "0114", Decimal("1"), True, ""),
    ]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_json_nested_too_deep_is_refused_in_swedish(depth: int) -> None:
    with pytest.raises(KoladaFormatError, match=f"nästlat i fler än {MAX_DEPTH} nivåer"):
        load_json(b"[" * depth + b"]" * depth, what="filen")
    assert load_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, what="filen") is not None


# --- Deleted values -------------------------------------------------------------------------


def test_a_value_kolada_deleted_is_removed_and_kept_in_the_history(
    preschool: KoladaBinding, school: KoladaBinding
) -> None:
    fetch(**{DATA_URL: answer(FULL)})
    run = fetch(**{DATA_URL: answer(FULL, mark={("U11901", "1489", 2024): {"isdeleted": True}})})
    assert stored(preschool) == {2023: (Decimal("62"), Decimal("57.3"))}
    assert not GenderSplit.objects.filter(indicator=preschool.indicator, year=2024).exists()
    gone = Measurement.history.filter(indicator_id=preschool.indicator_id, year=2024).latest()
    assert (gone.history_type, gone.value) == ("-", Decimal("48"))
    assert gone.history_change_reason == f"Borttaget i Kolada (hämtning nr {run.pk})"
    change = run.changes.get()
    assert (change.kind, change.year, change.old_value, change.new_value) == (
        FetchChange.Kind.DELETED,
        2024,
        Decimal("48"),
        None,
    )
    assert (run.state, run.deleted_count) == (FetchRun.State.WARNINGS, 1)
    assert (
        "Kolada har tagit bort värdet för Effektivitetsindex för förskola (U11901) 2024. Det sparade värdet 48 "
        "används inte längre; det finns kvar i historiken. Kontrollera nyckeltalet i Kolada." in run.warning_lines
    )


def test_a_deleted_value_never_stored_is_not_written(preschool: KoladaBinding, school: KoladaBinding) -> None:
    run = fetch(**{DATA_URL: answer(FULL, mark={("U11901", "1489", 2024): {"isdeleted": True}})})
    assert 2024 not in stored(preschool) and run.deleted_count == 0


def test_a_deleted_comparison_is_not_used_nor_kept(preschool: KoladaBinding, school: KoladaBinding) -> None:
    fetch(**{DATA_URL: answer(FULL)})
    marks = {("U15900", "G166701", 2024): {"isdeleted": True}, ("U11901", "G124001", 2024): {"isdeleted": True}}
    run = fetch(**{DATA_URL: answer(FULL, mark=marks)})
    # The similar municipalities' value goes; the average is computed from the municipalities instead.
    assert stored(school)[2024] == (Decimal("71"), None)
    assert stored(preschool)[2024] == (Decimal("48"), Decimal("55.1"))
    assert Measurement.objects.get(indicator=preschool.indicator, year=2024).source.endswith("från 150 kommuner")
    assert any(line.startswith("Kolada har tagit bort jämförelsevärdet") for line in run.warning_lines)


def test_a_deleted_municipality_is_left_out_of_the_mean(preschool: KoladaBinding, school: KoladaBinding) -> None:
    payload = data_payload(all_municipalities_rows())
    for row in payload["values"]:
        if row["period"] == 2024 and row["municipality"] == "0110":  # one of the 58s... 56 in 2024
            row["isdeleted"] = True
    without_group = answer([row for row in FULL if not row[1].startswith("G")])
    fetch(**{DATA_URL: without_group, ALL_URL: Reply(body=json.dumps(payload).encode())})
    # (8265 - 56) / 149 = 55.0940
    assert stored(preschool)[2024] == (Decimal("48"), Decimal("55.0940"))


# --- A value that is no number ---------------------------------------------------------------


def test_one_value_that_is_no_number_is_skipped_and_named_while_the_rest_is_stored(
    preschool: KoladaBinding, school: KoladaBinding
) -> None:
    fetch(**{DATA_URL: answer(FULL)})
    revised = [(*row[:3], 70) if row[:3] == ("U15900", "1489", 2024) else row for row in FULL]
    run = fetch(**{DATA_URL: answer(revised, mark={("U11901", "1489", 2024): {"value": "n/a"}})})
    assert stored(preschool)[2024] == (Decimal("48"), Decimal("55.1"))  # kept
    assert stored(school)[2024] == (Decimal("70"), Decimal("66.4"))  # the rest is stored
    assert run.state == FetchRun.State.WARNINGS
    # Named once (not again as "missing"); the other lines are U15900 2023 and both 2025s, which the
    # answer lacks altogether.
    assert [line for line in run.warning_lines if "2025" not in line and "2023" not in line] == [
        "Värdet ”n/a” för U11901, kommun 1489, 2024 är inget tal och hoppades över; övriga värden sparades. "
        "Kontrollera värdet i Kolada."
    ]
    assert (run.missing_count - 3, run.kept_count, run.changed_count) == (1, 1, 1)


def test_a_municipality_whose_value_is_no_number_is_named_and_left_out_of_the_mean(
    preschool: KoladaBinding, school: KoladaBinding
) -> None:
    payload = data_payload(all_municipalities_rows())
    for row in payload["values"]:
        if row["period"] == 2023 and row["municipality"] in ("0110", "0000"):
            row["values"][0]["value"] = "–"
    run = fetch(**{ALL_URL: Reply(body=json.dumps(payload).encode())})
    named = [line for line in run.warning_lines if "inget tal" in line]
    assert named == [
        "Värdet ”–” för U11901, kommun 0110, 2023 är inget tal och hoppades över; övriga värden sparades. "
        "Kontrollera värdet i Kolada."
    ]  # Riket (0000) is never used, so it is not named


# --- Runs that cannot go on never stay "running" ------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_an_upload_nested_too_deep_is_refused_and_does_not_block_fetches(
    client: Client, strategist: User, preschool: KoladaBinding, depth: int
) -> None:
    """Measured before parsing (portal/jsondepth.py), so no run is even started: 400, and a fetch can start."""
    client.force_login(strategist)
    upload = SimpleUploadedFile("djup.json", b"[" * depth + b"]" * depth)
    started = time.monotonic()
    response = client.post(reverse("kolada:upload"), {"file": upload})
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert "Filen är nästlad i fler än 20 nivåer, vilket inget svar från Koladas API är." in response.content.decode()
    assert not FetchRun.objects.exists()
    with mock.patch("kolada.tasks.fetch.delay"):
        assert services.fetch_request(actor=strategist) is not None


def test_a_deep_file_read_another_way_fails_its_run_and_blocks_nothing(
    strategist: User, preschool: KoladaBinding
) -> None:
    """``import_file`` (the command's way in) refuses before parsing too, and never leaves its run running."""
    run = services.import_file(body=b"{" * 1_000 + b"}" * 1_000, file_name="djup.json", actor=strategist)
    assert run.state == FetchRun.State.FAILED and run.finished_at is not None
    assert "nästlat i fler än 20 nivåer" in run.error
    assert not FetchRun.objects.in_progress().exists()
    with mock.patch("kolada.tasks.fetch.delay"):
        assert services.fetch_request(actor=strategist) is not None


def test_an_unexpected_error_fails_the_run_instead_of_leaving_it_running(preschool: KoladaBinding) -> None:
    with mock.patch.object(services, "collect", side_effect=ValueError("boom")):
        run = fetch()
    run.refresh_from_db()
    assert run.state == FetchRun.State.FAILED
    assert run.error.startswith("Hämtningen avbröts av ett oväntat fel (ValueError). Inga värden ändrades.")
    assert not FetchRun.objects.in_progress().exists()


def test_an_unexpected_error_reading_a_file_fails_the_run(preschool: KoladaBinding) -> None:
    with mock.patch.object(services, "FileSource", side_effect=MemoryError):
        run = services.import_file(body=b"{}", file_name="x.json", actor=None)
    assert run.state == FetchRun.State.FAILED and "MemoryError" in run.error
