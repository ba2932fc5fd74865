"""The evidence trail of a goal's assessment, on its page and in the report's zip, whose checksums verify."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.evidence import goal_evidence
from audit.models import AuditEvent, FrozenFile
from fulfillment import services
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import Goal
from portal.models import User
from tests.audit.conftest import signed_in
from tests.audit.trail import DECISION, Trail
from tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


def test_the_report_lists_its_goals_with_links_to_their_evidence(trail: Trail, auditor: User) -> None:
    page = signed_in(auditor).get(reverse("audit:report", args=[trail.report.pk])).content.decode()

    assert reverse("audit:row", args=[trail.report.pk, trail.goal.pk]) in page
    assert "Fler elever ska klara kunskapskraven" in page
    assert reverse("audit:evidence_zip", args=[trail.report.pk]) in page


def test_the_evidence_page_shows_values_sources_rule_texts_and_who_did_what(trail: Trail, auditor: User) -> None:
    response = signed_in(auditor).get(reverse("audit:row", args=[trail.report.pk, trail.goal.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Uppfyllt" in page and "Från indikatorerna" in page  # the status and the rule applied
    assert "83,25 %" in page and "Kolada U11901, hämtat 2026-11-27" in page  # the value with its source
    assert "81,5" in page and "Nattlig hämtning" in page  # Kolada's fetch: from what, to what, when
    assert "Resultaten har förbättrats för tredje året." in page  # the follow-up's texts
    assert DECISION in page and "Godkände" in page  # the approval with its decision reference
    assert f"{trail.approver.get_full_name()} (godkannare)" in page  # who approved
    assert "den som räknades" in page  # the follow-up the report counted
    assert "skapad" in page  # the goal's history
    assert 'name="text"' in page  # the auditor's question form


def test_a_goal_not_in_the_report_is_not_found(trail: Trail, auditor: User) -> None:
    response = signed_in(auditor).get(reverse("audit:row", args=[trail.report.pk, 999999]))

    assert response.status_code == 404


def unpack(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_package_holds_the_report_the_evidence_and_checksums_that_verify(trail: Trail, auditor: User) -> None:
    response = signed_in(auditor).get(reverse("audit:evidence_zip", args=[trail.report.pk]), REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="underlag-maluppfyllelse-2026-v1.zip"'
    files = unpack(response.content)
    manifest = json.loads(files.pop("manifest.json"))
    checksums = files.pop("MANIFEST.sha256").decode()
    # Every file is in the manifest, and every checksum in it verifies, in both manifests.
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(files)
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["name"]]).hexdigest() == entry["sha256"]
        assert len(files[entry["name"]]) == entry["size"]
    lines = dict(reversed(line.split("  ", 1)) for line in checksums.splitlines())
    assert lines == {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    assert manifest["report"]["title"] == "Måluppfyllelse 2026, version 1"
    assert manifest["inputs_digest"] == trail.report.inputs_digest
    assert manifest["frozen_copy"] is None  # a draft
    # The PDF, the workbook, and one evidence file per goal, readable as JSON and as HTML.
    assert files["maluppfyllelse-2026-v1.pdf"].startswith(b"%PDF")
    assert "Mål" in load_workbook(io.BytesIO(files["maluppfyllelse-2026-v1.xlsx"])).sheetnames
    (json_name,) = [name for name in files if name.endswith(f"-mal-{trail.goal.pk}.json")]
    evidence = json.loads(files[json_name])
    assert evidence["goal"]["status"] == "Uppfyllt"
    assert evidence["indicators"][0]["source"] == "Kolada U11901, hämtat 2026-11-27"
    assert evidence["indicators"][0]["kolada"]["fetches"][0]["new_value"] == "83.25"
    assert [step["decision_reference"] for step in evidence["followups"][0]["steps"]] == ["", DECISION, ""]
    assert DECISION in files[json_name.replace(".json", ".html")].decode()
    # The download is logged.
    event = AuditEvent.objects.get(kind="evidence_zip")
    assert (event.user, event.address) == (auditor, "198.51.100.4")
    assert "underlag-maluppfyllelse-2026-v1.zip" in event.what


def test_a_published_report_s_package_holds_the_frozen_bytes(
    trail: Trail, strategist: User, auditor: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(strategist).post(
            reverse("fulfillment:report_publish", args=[trail.report.pk]), {"confirm_caveat": "1"}
        )
    frozen = {f.name: f.sha256 for f in FrozenFile.objects.all()}

    files = unpack(signed_in(auditor).get(reverse("audit:evidence_zip", args=[trail.report.pk])).content)

    assert frozen and all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in frozen.items())
    manifest = json.loads(files["manifest.json"])
    assert {f["name"]: f["sha256"] for f in manifest["frozen_copy"]["files"]} == frozen
    assert manifest["frozen_copy"]["adopted_by"] == str(strategist)


def test_a_council_goal_s_evidence_names_the_goals_it_was_judged_from(trail: Trail, auditor: User) -> None:
    council = GoalFactory(status=Goal.Status.ADOPTED, kind=Goal.Kind.OTHER, title="Alla barn ska lyckas i skolan")
    trail.goal.contributes_to.add(council)
    services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=trail.report.pk)
    report = FulfillmentReport.objects.get(pk=trail.report.pk)
    row = ReportRow.objects.get(report=report, generation=report.generation, subject_id=council.pk, kind="goal")

    evidence = goal_evidence(row, report)

    assert evidence["rule"]["key"] == "cascade"
    assert evidence["rule"]["contributions"] == [
        {
            "id": trail.goal.pk,
            "title": "Fler elever ska klara kunskapskraven",
            "committee": trail.goal.committee.name,
            "status": "Uppfyllt",
        }
    ]
    page = signed_in(auditor).get(reverse("audit:row", args=[report.pk, council.pk])).content.decode()
    assert "Bidragande mål" in page and "Fler elever ska klara kunskapskraven" in page
