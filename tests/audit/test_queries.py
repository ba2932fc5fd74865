"""The audit pages' queries do not grow with what they list (two sizes each)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, Question
from audit.services import freeze
from portal.models import User
from tests.audit.conftest import signed_in
from tests.audit.trail import Trail

pytestmark = pytest.mark.django_db

# Every page begins with the session, the user, the user's groups and memberships (roles_for), and ends
# with the municipality (the layout's header).
SIGNED_IN = 4 + 1


def client_for(user: User) -> Client:
    """Signed in and past the first request, whose idle-timeout session save (three queries) is not counted."""
    client = signed_in(user)
    client.get(reverse("portal:health"))
    return client


@pytest.fixture(params=[1, 6])
def listed(request: pytest.FixtureRequest, trail: Trail, auditor: User, strategist: User) -> int:
    """``size`` frozen copies, questions and log events, and the trail's report frozen."""
    freeze("fulfillment_report", "Måluppfyllelse", 2026, trail.report.pk, {"a.pdf": b"%PDF"}, by=strategist)
    for n in range(request.param):
        freeze("interim_report", f"Delårsrapport {n}", 2026, 100 + n, {"a.pdf": b"x", "b.xlsx": b"y"}, by=strategist)
        question = Question.objects.create(
            report=trail.report, subject_id=trail.goal.pk, title="Mål", text=f"Fråga {n}", asked_by=auditor
        )
        question.answers.create(text="Svar", answered_by=strategist)
        AuditEvent.objects.create(user=auditor, kind=AuditEvent.Kind.FROZEN_FILE, what=f"fil {n}")
    return int(request.param)


def test_the_index_queries(listed: int, trail: Trail, strategist: User, django_assert_num_queries) -> None:
    client = client_for(strategist)
    # the copies, their files, the reports, the unanswered questions
    with django_assert_num_queries(SIGNED_IN + 4):
        assert client.get(reverse("audit:index")).status_code == 200


def test_the_report_s_evidence_list_queries(
    listed: int, trail: Trail, auditor: User, django_assert_num_queries
) -> None:
    client = client_for(auditor)
    # the report, its goal rows, the questions per goal, its frozen copy and that copy's files
    with django_assert_num_queries(SIGNED_IN + 5):
        assert client.get(reverse("audit:report", args=[trail.report.pk])).status_code == 200


def test_the_evidence_page_queries(listed: int, trail: Trail, auditor: User, django_assert_num_queries) -> None:
    client = client_for(auditor)
    # the report, the goal's row; the questions and their answers; the evidence (goal_evidence): the
    # indicators' ids, the adoptions, the indicator rows, the Kolada bindings, fetches and measurements, the
    # assessments, the steps, and the history of the assessments, the goal, the indicators and the targets
    with django_assert_num_queries(SIGNED_IN + 2 + 2 + 12):
        assert client.get(reverse("audit:row", args=[trail.report.pk, trail.goal.pk])).status_code == 200


def test_the_questions_and_the_log_queries(
    listed: int, strategist: User, auditor: User, django_assert_num_queries
) -> None:
    client = client_for(strategist)
    with django_assert_num_queries(SIGNED_IN + 1):  # the questions with their reports, askers and answer counts
        page = client.get(reverse("audit:questions"))
    assert len(page.context["questions"]) == listed
    with django_assert_num_queries(SIGNED_IN + 1):  # the events with their users
        log = client.get(reverse("audit:log"))
    assert len(log.context["events"]) == listed
