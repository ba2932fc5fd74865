"""The evidence package of a fulfillment report: one zip with the report's PDF and workbook, the evidence
trail of every goal (JSON, and HTML to read), and a manifest with the SHA-256 of every file in it."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from audit.evidence import goal_evidence
from audit.models import FrozenCopy
from audit.services import sha256
from fulfillment import files as fulfillment_files
from fulfillment.models import FulfillmentReport, ReportRow

MANIFEST = "manifest.json"
CHECKSUMS = "MANIFEST.sha256"


def goal_rows(report: FulfillmentReport) -> list[ReportRow]:
    """The goals of the report's current generation, in the report's order."""
    rows = ReportRow.objects.filter(report=report, generation=report.generation, kind=ReportRow.Kind.GOAL)
    return list(rows.order_by("position"))


def report_files(report: FulfillmentReport) -> dict[str, bytes]:
    """The report's PDF and workbook: the frozen copy's bytes once it is frozen, else made now."""
    copy = FrozenCopy.objects.of(FrozenCopy.Kind.FULFILLMENT_REPORT, report.pk).first()
    if copy is not None:
        result = {}
        for frozen in copy.files.all():
            with frozen.file.open("rb") as handle:
                result[frozen.name] = handle.read()
        return result
    return {
        fulfillment_files.report_filename(report, "pdf"): fulfillment_files.report_pdf_bytes(report),
        fulfillment_files.report_filename(report, "xlsx"): fulfillment_files.report_xlsx_bytes(report),
    }


def evidence_files(report: FulfillmentReport) -> dict[str, bytes]:
    """``evidence/<nn>-mal-<id>.json`` and ``.html`` for every goal. A dozen queries per goal."""
    result = {}
    for number, row in enumerate(goal_rows(report), start=1):
        evidence = goal_evidence(row, report)
        stem = f"evidence/{number:03d}-mal-{row.subject_id}"
        result[f"{stem}.json"] = json.dumps(evidence, ensure_ascii=False, indent=2).encode()
        result[f"{stem}.html"] = render_to_string("audit/evidence_file.html", {"evidence": evidence}).encode()
    return result


def manifest(report: FulfillmentReport, files: dict[str, bytes]) -> dict[str, Any]:
    """What the package holds: the report, its frozen copy (the checksums kept when it was adopted, which the
    package's copies of the PDF and workbook must match), and every file with its SHA-256."""
    copy = FrozenCopy.objects.of(FrozenCopy.Kind.FULFILLMENT_REPORT, report.pk).select_related("frozen_by").first()
    frozen = None
    if copy is not None:
        frozen = {
            "frozen_at": copy.frozen_at.isoformat(),
            "adopted_by": str(copy.frozen_by or ""),
            "files": [{"name": f.name, "sha256": f.sha256} for f in copy.files.all()],
        }
    return {
        "report": {
            "id": report.pk,
            "title": str(report),
            "year": report.year,
            "version": report.version,
            "state": report.state,
            "published_at": report.published_at.isoformat() if report.published_at else None,
        },
        "frozen_copy": frozen,
        "inputs_digest": report.inputs_digest,
        "created_at": timezone.now().isoformat(),
        "algorithm": "sha256",
        "files": [{"name": name, "size": len(content), "sha256": sha256(content)} for name, content in files.items()],
    }


def evidence_package(report: FulfillmentReport) -> bytes:
    """The zip: the report's files, the evidence of every goal, ``manifest.json`` and ``MANIFEST.sha256``
    (``sha256sum -c MANIFEST.sha256`` checks it). Renders the PDF unless the report is frozen."""
    files = report_files(report) | evidence_files(report)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(MANIFEST, json.dumps(manifest(report, files), ensure_ascii=False, indent=2))
        archive.writestr(CHECKSUMS, "".join(f"{sha256(content)}  {name}\n" for name, content in files.items()))
    return buffer.getvalue()
