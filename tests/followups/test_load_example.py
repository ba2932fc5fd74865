"""The demo opens Q1 2026: every committee of the seed's operating budget has a draft; the period is sample data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from followups.models import Assessment, FinancialOutcome, FollowUp
from portal.models import ReportingPeriod, User

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_example", stdout=out)
    return out.getvalue()


def test_the_demo_opens_q1_2026_as_sample_data_with_a_draft_for_every_budgeted_committee() -> None:
    load()
    period = ReportingPeriod.objects.get()
    assert (period.year, period.kind, period.is_open, period.is_sample) == (2026, "Q1", True, True)
    assert (period.figures_date, period.deadline) == (datetime.date(2026, 3, 31), datetime.date(2026, 4, 24))
    followups = FollowUp.objects.filter(period=period).order_by("committee__sort_order")
    # The eight budgeted committees, and AB Alingsåshem: it owns one of the example's assignments.
    assert [f.committee.abbreviation for f in followups] == [
        "VON",
        "SN",
        "KUN",
        "BUN",
        "BMN",
        "TN",
        "KS",
        "ÖFN",
        "Alingsåshem",
    ]
    assert {f.state for f in followups} == {"draft"}
    assert FinancialOutcome.objects.get(followup__committee__abbreviation="BUN").budget == Decimal(1_131_226)
    # The seed has no committee goals; the demo's two sample goals of BUN are to be assessed.
    assessments = Assessment.objects.select_related("followup__committee", "goal")
    assert [(a.followup.committee.abbreviation, a.goal.sample_note != "") for a in assessments] == [
        ("BUN", True),
        ("BUN", True),
    ]


def test_loading_again_changes_nothing_and_keeps_a_closed_period_closed() -> None:
    load()
    ReportingPeriod.objects.update(is_open=False)
    assert "Uppföljningar: 0 created, 0 changed." in load()
    assert not ReportingPeriod.objects.get().is_open
    assert FollowUp.objects.count() == 9


def test_the_demo_reporter_finds_the_draft_on_min_sida_marked_as_sample_data() -> None:
    load()
    client = Client()
    client.force_login(User.objects.get(username="rapportor"))
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Barn- och ungdomsnämnden, Kvartal 1 2026" in page
    assert "Exempeldata" in page
    assert User.objects.get(username="rapportor").email == "rapportor@styrportal.example"
