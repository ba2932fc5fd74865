"""The example municipality with its 2026 fulfillment compiled, for the audit tests."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from fulfillment import services
from fulfillment.models import FulfillmentReport
from portal.models import Committee, User
from tests.audit.trail import Trail, make_trail


@pytest.fixture
def seed(db: None, settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # frozen copies go through the storage API into a directory of the test's own
    call_command("load_example", stdout=io.StringIO())


@pytest.fixture
def report(seed: None) -> FulfillmentReport:
    """The example's 2026 fulfillment, compiled, still a draft."""
    draft = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=draft.pk)
    return FulfillmentReport.objects.get(pk=draft.pk)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trail(
    committee: Committee,
    reporter: User,
    approver: User,
    strategist: User,
    settings: pytest.FixtureRequest,
    tmp_path: Path,
) -> Trail:
    settings.MEDIA_ROOT = str(tmp_path)
    return make_trail(committee=committee, reporter=reporter, approver=approver, strategist=strategist)
