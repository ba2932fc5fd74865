"""Assignments (uppdrag): given by the strategist, reported by the owner in its follow-up, shown in the cascade."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from followups.models import AssignmentReport, FollowUp
from followups.services import period_open
from planning.models import Assignment, Progress
from portal.models import Committee, User
from tests.factories import AssignmentFactory, MembershipFactory, OperatingBudgetFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_strategist_gives_an_assignment_others_cannot(strategist: User, reporter: User, committee: Committee) -> None:
    data = {
        "issuer": "executive_board",
        "owner": committee.pk,
        "title": "Yteffektiva lokaler",
        "text": "Se över hur lokalerna kan bli ändamålsenliga och yteffektiva.",
        "decision_reference": "KS 2025-10-01 § 99",
        "source": "",
        "year": "2026",
        "due_date": "2026-12-31",
        "status": "not_started",
    }
    assert client_for(reporter).post(reverse("planning:assignment_create"), data).status_code == 403
    refused = client_for(strategist).post(reverse("planning:assignment_create"), data | {"decision_reference": ""})
    assert refused.status_code == 400 and "Ange beslutet som gav uppdraget" in refused.content.decode()
    assert not Assignment.objects.exists()
    assert client_for(strategist).post(reverse("planning:assignment_create"), data).status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.owner, assignment.issuer, assignment.status) == (committee, "executive_board", "not_started")
    assert assignment.history.count() == 1


def test_the_owner_reports_it_in_the_followup_and_the_cascade_shows_it(
    committee: Committee, reporter: User, viewer: User
) -> None:
    assignment = AssignmentFactory(owner=committee, title="Fler lärare")
    followup = period_open(period=ReportingPeriodFactory(), actor=None)[0]  # the owner reports: a follow-up
    report = AssignmentReport.objects.get(followup=followup, assignment=assignment)
    client = client_for(reporter)
    editor = client.get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert "Fler lärare" in editor
    url = reverse("followups:followup_save_assignment", args=[followup.pk, report.pk])
    response = client.post(
        url,
        {
            f"ar{report.pk}-version": "1",
            f"ar{report.pk}-status": "ongoing",
            f"ar{report.pk}-comment": "Tio lärare anställda.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assignment.refresh_from_db()
    assert (report.status, report.version) == (Progress.ONGOING, 2)
    assert (assignment.status, assignment.comment) == (Progress.ONGOING, "Tio lärare anställda.")
    assert assignment.history.count() == 2  # the change is in the assignment's history, with who made it
    assert assignment.history.first().history_user == reporter
    cascade = client_for(viewer).get(reverse("fulfillment:cascade_committee", args=[committee.slug]) + "?ar=2026")
    page = cascade.content.decode()
    assert "Fler lärare" in page and "Pågår" in page


def test_a_viewer_cannot_report_and_an_outsider_does_not_see_it(
    committee: Committee, viewer: User, other_committee: Committee
) -> None:
    assignment = AssignmentFactory(owner=committee, title="Hemligt för andra nämnder")
    followup = period_open(period=ReportingPeriodFactory(), actor=None)[0]
    report = AssignmentReport.objects.get(followup=followup)
    url = reverse("followups:followup_save_assignment", args=[followup.pk, report.pk])
    data = {f"ar{report.pk}-version": "1", f"ar{report.pk}-status": "done", f"ar{report.pk}-comment": ""}
    assert client_for(viewer).post(url, data).status_code == 403
    assignment.refresh_from_db()
    assert assignment.status == Progress.NOT_STARTED
    other = MembershipFactory(committee=other_committee, role="reporter").user
    assert client_for(other).get(reverse("planning:assignment", args=[assignment.pk])).status_code == 404
    assert assignment.title not in client_for(other).get(reverse("planning:assignment_list")).content.decode()


def test_an_assignment_given_while_a_period_is_open_joins_its_followup(committee: Committee, strategist: User) -> None:
    OperatingBudgetFactory(committee=committee)
    followup = period_open(period=ReportingPeriodFactory(), actor=None)[0]
    client_for(strategist).post(
        reverse("planning:assignment_create"),
        {
            "issuer": "council",
            "owner": committee.pk,
            "title": "Nytt",
            "text": "Gör det.",
            "decision_reference": "KF 2026-02-01 § 3",
            "year": "2026",
            "status": "not_started",
        },
    )
    assert AssignmentReport.objects.filter(followup=followup, assignment__title="Nytt").count() == 1
    assert FollowUp.objects.count() == 1
