"""The example's internal control: Barn- och ungdomsnämnden's risk analysis (adopted, so that every reader sees
the matrix) and its draft control plan, both labelled as made up; loading twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from internalcontrol import example
from internalcontrol.models import Control, ControlPlan, Risk, RiskAnalysis, State
from portal.models import User

pytestmark = pytest.mark.django_db


def test_the_example_has_a_labelled_risk_analysis_and_control_plan_for_bun() -> None:
    call_command("load_example", stdout=StringIO())
    analysis = RiskAnalysis.objects.get()
    plan = ControlPlan.objects.get()
    assert analysis.committee.abbreviation == plan.committee.abbreviation == "BUN"
    assert (analysis.state, plan.state) == (State.ADOPTED, State.DRAFT)
    assert analysis.committee.decision_reference_problem(analysis.decision_reference) is None
    assert "Påhittad för demonstration" in analysis.sample_note and plan.sample_note == analysis.sample_note
    assert Risk.objects.count() == len(example.RISKS) and Control.objects.count() == len(example.CONTROLS)
    assert all(control.risk.analysis == analysis for control in Control.objects.select_related("risk__analysis"))

    client = Client()
    client.force_login(User.objects.get(username="ledamot"))  # a viewer: reads what is adopted
    page = client.get(reverse("internalcontrol:risks", args=["barn-och-ungdomsnamnden", 2026])).content.decode()
    assert "Exempeldata" in page and "Brist på behöriga lärare" in page and "Mycket hög (12)" in page

    again = example.load()
    assert (again.created, again.changed) == (0, 0)
