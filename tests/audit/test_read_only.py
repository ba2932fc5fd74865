"""The auditor reads everything and changes nothing: every URL that changes something, in every app,
answers the auditor's POST with 403 (or, for what the auditor may not even see, 404; the admin sends them
to its sign-in) and the database is the same afterwards, row for row."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from api.models import ApiToken
from followups.models import FollowUp
from goals.models import Goal
from planning.models import Activity
from portal.models import Committee, User
from reporting.models import BalanceAdjustment, ReportDate, ReportKind
from tests.audit.conftest import signed_in
from tests.audit.trail import Trail
from tests.factories import AssignmentFactory, EmployerInitiativeFactory, IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db

# Rows that a request may write whatever it does: sessions, and django-axes' sign-in records.
NOT_COMPARED = {Session, AccessAttempt, AccessLog, AccessFailureLog}


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model, in order: the database as a comparable value."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model not in NOT_COMPARED
    }


def change_requests(trail: Trail, committee: Committee, strategist: User) -> list[tuple[str, dict[str, Any]]]:
    """(URL, data) of every page that changes something, with data that would change it for someone who may."""
    followup = trail.followup
    assessment = followup.assessments.get(goal=trail.goal)
    draft_goal = Goal.objects.create(
        level=Goal.Level.COMMITTEE, committee=committee, title="Ett utkast", first_year=2026, sort_order=99
    )
    council_draft = Goal.objects.create(level=Goal.Level.COUNCIL, title="Fullmäktiges utkast", first_year=2026)
    draft_indicator = IndicatorFactory(goal=council_draft)
    TargetFactory(indicator=draft_indicator)
    activity = Activity.objects.create(goal=trail.goal, title="Läsfrämjande", owner="Skolförvaltningen")
    assignment = AssignmentFactory(owner=committee)
    initiative = EmployerInitiativeFactory()
    token, _raw = ApiToken.issue(name="Integration", committee=None, created_by=strategist)
    report_date = ReportDate.objects.create(year=2026, kind=ReportKind.INTERIM)
    adjustment = BalanceAdjustment.objects.create(
        report=report_date, kind="realisation_gains", amount=1, comment="Försäljning"
    )
    period = followup.period
    report_args = [report_date.year, report_date.slug]
    xlsx = SimpleUploadedFile("budget.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
    steps = {
        "submit": {},
        "approve": {"decision_reference": "BUN 2026-05-01 § 1"},
        "return": {"comment": "Gör om"},
        "accept": {},
        "publish": {},
    }
    requests: list[tuple[str, dict[str, Any]]] = [
        # follow-ups and periods
        (
            reverse("followups:followup_save_assessment", args=[followup.pk, assessment.pk]),
            {"status": "not_fulfilled", "analysis": "Ändrat", "version": assessment.version},
        ),
        (reverse("followups:followup_save_assignment", args=[followup.pk, 1]), {"status": "done"}),
        (reverse("followups:followup_save_indicators", args=[followup.pk]), {}),
        *[
            (reverse(f"followups:followup_save_{section}", args=[followup.pk]), {"text": "Ändrat"})
            for section in ("financial", "investments", "events")
        ],
        *[(reverse(f"followups:followup_{step}", args=[followup.pk]), data) for step, data in steps.items()],
        (reverse("followups:comment_add", args=[followup.pk]), {"value": "1", "text": "En kommentar"}),
        (
            reverse("followups:attachment_upload", args=[followup.pk]),
            {"section": "financial", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")},
        ),
        (reverse("followups:period_create"), {"year": "2026", "kind": "q3"}),
        (reverse("followups:period_edit", args=[period.pk]), {"year": "2026", "kind": "q1"}),
        (reverse("followups:period_open", args=[period.pk]), {}),
        (reverse("followups:period_close", args=[period.pk]), {}),
        # fulfillment
        (reverse("fulfillment:report_start"), {"year": "2026", "counting": "per_group"}),
        (reverse("fulfillment:report_publish", args=[trail.report.pk]), {"confirm_caveat": "1"}),
        # planning
        (reverse("planning:council_goal_create"), {"title": "Nytt mål", "first_year": "2026"}),
        (reverse("planning:committee_goal_create", args=[committee.slug]), {"title": "Nytt mål"}),
        (reverse("planning:goal_adopt", args=[draft_goal.pk]), {"decision_reference": "BUN 2026-05-01 § 2"}),
        (reverse("planning:goal_adopt", args=[council_draft.pk]), {"decision_reference": "KF 2026-05-01 § 2"}),
        (reverse("planning:indicator_create", args=[trail.goal.pk]), {"name": "Ny indikator"}),
        (reverse("planning:target_set", args=[trail.indicator.pk]), {"year": "2026", "comparator": "at_least"}),
        (reverse("planning:activity_create", args=[trail.goal.pk]), {"title": "Ny aktivitet"}),
        (reverse("planning:activity", args=[activity.pk]), {"title": "Ändrad", "owner": "X"}),
        (reverse("planning:assignment_create"), {"title": "Nytt uppdrag"}),
        (reverse("planning:assignment", args=[assignment.pk]), {"title": "Ändrat uppdrag"}),
        (reverse("planning:rollover"), {"from_year": "2026"}),
        # budgets
        (reverse("budgets:import_upload"), {"file": xlsx}),
        (reverse("budgets:import_confirm"), {}),
        # reporting
        (reverse("reporting:import_upload", args=report_args), {}),
        (reverse("reporting:import_confirm", args=report_args), {}),
        (reverse("reporting:submitted", args=report_args), {"submitted_on": "2026-08-31"}),
        (reverse("reporting:balance", args=report_args), {"kind": "realisation_gains", "amount": "5"}),
        (reverse("reporting:adjustment_delete", args=[*report_args, adjustment.pk]), {}),
        (reverse("reporting:equalisation"), {"percent": "1"}),
        # kolada
        (reverse("kolada:fetch"), {}),
        (reverse("kolada:upload"), {}),
        # api keys and the write API
        (reverse("api:tokens"), {"name": "Ny nyckel"}),
        (reverse("api:token_revoke", args=[token.pk]), {}),
        # employer initiatives
        (reverse("goals:initiative_create"), {"title": "Ny satsning"}),
        (reverse("goals:initiative_edit", args=[initiative.pk]), {"title": "Ändrad"}),
        *[
            (reverse(f"goals:initiative_{step}", args=[initiative.pk]), {})
            for step in ("publish", "schedule", "unpublish", "archive")
        ],
    ]
    return requests


def test_every_change_is_refused_to_the_auditor_and_nothing_changes(
    trail: Trail, committee: Committee, strategist: User, auditor: User
) -> None:
    requests = change_requests(trail, committee, strategist)
    FollowUp.objects.filter(pk=trail.followup.pk).update(state=FollowUp.State.APPROVED)  # a step waits
    client = signed_in(auditor)
    before = everything()

    answers = {url: client.post(url, data).status_code for url, data in requests}

    refused = {url: status for url, status in answers.items() if status != 403}
    # What the auditor may not even see is not found: the drafts of a committee's and the council's plans.
    assert refused == {
        reverse("planning:goal_adopt", args=[Goal.objects.get(title="Ett utkast").pk]): 404,
        reverse("planning:goal_adopt", args=[Goal.objects.get(title="Fullmäktiges utkast").pk]): 404,
    }
    assert everything() == before


def test_the_write_api_and_the_admin_refuse_the_auditor(trail: Trail, committee: Committee, auditor: User) -> None:
    client = signed_in(auditor)
    before = everything()

    measurement = client.post(reverse("api:measurements"), {"indicator": trail.indicator.pk, "value": "1"})
    admin = client.post(reverse("admin:portal_committee_change", args=[committee.pk]), {"name": "Ändrad"})

    assert measurement.status_code in (401, 403)
    assert admin.status_code == 302 and admin["Location"].startswith(reverse("admin:login"))
    assert everything() == before


def test_the_auditor_reads_every_committee_and_follow_up(
    trail: Trail, other_committee: Committee, auditor: User
) -> None:
    client = signed_in(auditor)

    assert client.get(reverse("followups:followup_detail", args=[trail.followup.pk])).status_code == 200
    assert client.get(reverse("fulfillment:cascade_committee", args=[other_committee.slug])).status_code == 200
    assert client.get(reverse("fulfillment:report_detail", args=[trail.report.pk])).status_code == 200  # a draft
    assert client.get(reverse("followups:period_list")).status_code == 200
    # The follow-up's page offers no comment form and no step.
    page = client.get(reverse("followups:followup_detail", args=[trail.followup.pk])).content.decode()
    assert reverse("followups:comment_add", args=[trail.followup.pk]) not in page


def test_the_comparison_sees_a_change_by_someone_who_may(trail: Trail, committee: Committee, strategist: User) -> None:
    requests = dict(change_requests(trail, committee, strategist))
    client = signed_in(strategist)
    before = everything()

    client.post(reverse("api:tokens"), requests[reverse("api:tokens")])

    assert everything() != before
