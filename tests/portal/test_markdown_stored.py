"""Markdown is rendered once, when a row is written, and pages show the stored HTML: no view runs the parser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from budgets.models import DocumentText
from followups.models import Assessment, FinancialOutcome, FollowUp, InvestmentOutcome, KeyEvents
from goals.models import EmployerInitiative, Goal
from portal import example as portal_example
from portal.markdown import LINK_SCAN_BUDGET, markdown_html_fields, render_markdown, render_stored
from portal.models import Committee, User
from tests.budgets.exchange_helpers import make_document
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeGoalFactory,
    DocumentTextFactory,
    EmployerInitiativeFactory,
    GoalFactory,
    IndicatorFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "Ett *viktigt* stycke.\n\n- punkt ett\n- punkt två\n\n<script>alert(1)</script>"
HOSTILE = "[" * 8_000 + "\n\n" + "* " * 3_000

# Every model with Markdown text, with the fields that hold it.
SOURCES = {
    DocumentText: {"body"},
    Goal: {"description"},
    EmployerInitiative: {"body"},
    Assessment: {"analysis", "measures"},
    FinancialOutcome: {"explanation"},
    InvestmentOutcome: {"comment"},
    KeyEvents: {"text"},
}


def test_every_markdown_text_has_its_stored_html() -> None:
    found = {model: set(markdown_html_fields(model)) for model in apps.get_models() if markdown_html_fields(model)}
    assert found == SOURCES
    assert markdown_html_fields(Assessment) == {"analysis": "analysis_html", "measures": "measures_html"}


@pytest.fixture
def followup(committee: Committee) -> FollowUp:
    from followups.services import period_open

    BudgetDocumentFactory()
    IndicatorFactory(goal=CommitteeGoalFactory(committee=committee, title="Nämndmål"), name="Ind")
    (created,) = period_open(period=ReportingPeriodFactory(), actor=None)
    return created


def _write_texts(followup: FollowUp, text: str) -> None:
    for assessment in followup.assessments.all():
        assessment.analysis = assessment.measures = text
        assessment.save()
    for section, field in (
        (followup.financial_outcome, "explanation"),
        (followup.investment_outcome, "comment"),
        (followup.key_events, "text"),
    ):
        setattr(section, field, text)
        section.save()


def test_a_save_stores_the_rendering(followup: FollowUp) -> None:
    _write_texts(followup, TEXT)
    for model, fields in SOURCES.items():
        if model in (DocumentText, Goal, EmployerInitiative):
            continue
        for row in model.objects.filter(followup=followup):  # type: ignore[attr-defined]
            for field in fields:
                stored = getattr(row, f"{field}_html")
                assert stored == render_markdown(TEXT)
                assert "<em>viktigt</em>" in stored and "<li>punkt två</li>" in stored and "<script>" not in stored


def test_a_save_naming_only_the_source_writes_the_html_too() -> None:
    goal = GoalFactory(description="gammal")
    goal.description = "**ny**"
    goal.save(update_fields=["description"])
    assert Goal.objects.get(pk=goal.pk).description_html == "<p><strong>ny</strong></p>"


def test_bulk_create_and_the_example_loader_store_the_rendering() -> None:
    document = BudgetDocumentFactory()
    (text,) = DocumentText.objects.bulk_create([DocumentText(document=document, heading="R", body="*bulk*")])
    assert DocumentText.objects.get(pk=text.pk).body_html == "<p><em>bulk</em></p>"
    report = portal_example.LoadReport()
    values = {"description": "*ett*", "first_year": 2026, "level": Goal.Level.COUNCIL}
    goal = portal_example.upsert(Goal, {"title": "Exempelmål"}, values, report)
    portal_example.upsert(Goal, {"title": "Exempelmål"}, {"description": "*två*"}, report)  # save(update_fields)
    assert Goal.objects.get(pk=goal.pk).description_html == "<p><em>två</em></p>"


def test_the_migrations_fill_rows_written_before() -> None:
    goal = GoalFactory(description="*förr*")
    Goal.objects.filter(pk=goal.pk).update(description_html="")  # as a row written before the column existed
    render_stored(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")), ("goals.Goal",))
    assert Goal.objects.get(pk=goal.pk).description_html == "<p><em>förr</em></p>"


def test_pages_show_the_stored_html_without_parsing(
    client: Client, followup: FollowUp, reporter: User, viewer: User, committee: Committee, other_committee: Committee
) -> None:
    hostile_then_text = HOSTILE + "\n\n" + TEXT
    _write_texts(followup, hostile_then_text)
    initiative = EmployerInitiativeFactory(published=True, body=hostile_then_text)
    goal = GoalFactory(description=hostile_then_text, status=Goal.Status.ADOPTED)
    document = make_document(committee, other_committee)
    DocumentTextFactory(document=document, heading="Fientlig", body=hostile_then_text)
    expected = str(render_markdown(hostile_then_text))
    assert "<em>viktigt</em>" in expected and "&lt;script&gt;" not in expected
    assert len(expected) < 10 * len(hostile_then_text) + LINK_SCAN_BUDGET

    pages = []
    with no_parsing_context():
        pages.append(client.get(reverse("public:initiative", args=[initiative.slug])))
        pages.append(client.get(reverse("public:goal", args=[goal.pk])))
        client.force_login(reporter)
        pages.append(client.get(reverse("followups:followup_detail", args=[followup.pk])))
        client.force_login(viewer)
        pages.append(client.get(reverse("budgets:document_year", args=[document.year])))
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert expected in response.content.decode(), response.request["PATH_INFO"]
    # the follow-up shows it once per assessment field and once for each other section
    assert pages[2].content.decode().count(expected) == 5


def no_parsing_context() -> Any:
    """Any rendering inside fails the test (render_markdown catches what the parser raises, so both fail)."""
    failing = mock.Mock(side_effect=AssertionError("Markdown parsed while answering a request"))
    return mock.patch.multiple("portal.markdown", render_markdown=failing, _parser=failing)
