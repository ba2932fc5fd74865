"""The compiled interim report through a real Celery worker on Redis and the test database: the task, queued by
name as the portal queues it, compiles the example's report and stores its PDF and workbook where the web
process reads them."""

from __future__ import annotations

import hashlib
import io
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command

from portal.models import Role
from reporting import services_compiled
from reporting.models import CompiledReport, ReportDate, ReportKind
from tests.integration.conftest import start_worker

pytestmark = pytest.mark.integration


def test_the_report_is_compiled_by_a_worker(
    workers: list[subprocess.Popen[bytes]], redis_url: str, tmp_path: Path, settings: Any
) -> None:
    for role in Role.values:
        Group.objects.get_or_create(name=role)
    call_command("load_example", stdout=io.StringIO())
    report = ReportDate.objects.get(year=2026, kind=ReportKind.INTERIM)
    compiled = services_compiled.compiled_report_start(report=report, actor=None, queue=False)
    # The worker and this process share the storage: VAR_DIR's media folder.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    queue = f"test-{uuid.uuid4().hex}"
    workers.append(start_worker(queue, redis_url, VAR_DIR=str(tmp_path)))
    client = Celery("integration-test", broker=redis_url, backend=redis_url)
    try:
        result = client.send_task("reporting.compile_report", args=[compiled.pk], queue=queue)
        assert result.get(timeout=180) is True
    finally:
        client.close()
    compiled.refresh_from_db()
    assert (compiled.state, compiled.progress, compiled.is_example) == ("compiled", "idle", True)
    assert "Balanskravsutredning" in compiled.content_html
    pdf = default_storage.open(compiled.pdf.name).read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == compiled.pdf_sha256
    assert CompiledReport.objects.count() == 1
