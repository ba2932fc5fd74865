"""Every URL of the project, as every role and as anonymous, against one table.

The walk finds every URL pattern the project has. Each must match exactly one
row of ACCESS below, so a new URL without a row fails this test: add its row
when you add the URL. A row says, for each persona, what a GET must answer:

- a status code (200, 204, 403, 404, 405),
- LOGIN: a redirect to the portal's sign-in page,
- ADMIN_LOGIN: a redirect to the admin's sign-in page,
- REDIRECT: a redirect somewhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEvent, Question
from audit.services import freeze
from followups.attachments import attachment_add
from followups.services import period_open
from fulfillment.models import ReportRow
from fulfillment.services import fulfillment_compile, fulfillment_compile_start
from internalcontrol.models import YearSummary
from kolada.models import FetchChange, FetchRun, GenderSplit
from planning.models import Activity
from portal.models import Committee, Membership, Role, User
from reporting.models import (
    BalanceAdjustment,
    CalendarEvent,
    CompiledReport,
    DeficitWaiver,
    EqualisationRule,
    LineOutcome,
    ReportDate,
    ReportKind,
    TaxBaseGrowth,
)
from sso.models import GroupGrant, GroupMapping, Identity
from tests.conftest import PERSONAS
from tests.factories import (
    AssignmentFactory,
    CommitteeGoalFactory,
    ControlFactory,
    DocumentTextFactory,
    EmployerInitiativeFactory,
    FocusAreaFactory,
    IndicatorFactory,
    InvestmentBudgetFactory,
    KoladaBindingFactory,
    MeasurementFactory,
    MunicipalityFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
    StatedTotalFactory,
    StatementAmountFactory,
    TargetFactory,
)
from tests.sso.oidc import Provider, sign_in

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
REDIRECT = "redirect"
ANONYMOUS = "anonymous"
EVERYONE = [ANONYMOUS, *PERSONAS]
SIGNED_IN = PERSONAS


def same(answer: int | str, *, but: dict[str, int | str] | None = None) -> dict[str, int | str]:
    """The same answer for everyone, with exceptions."""
    return dict.fromkeys(EVERYONE, answer) | (but or {})


def signed_in(answer: int | str, *, anonymous: int | str = LOGIN) -> dict[str, int | str]:
    return {ANONYMOUS: anonymous} | dict.fromkeys(SIGNED_IN, answer)


def administrators_only(answer: int | str) -> dict[str, int | str]:
    """Django admin: only the administrator role opens it; everyone else is sent to its sign-in."""
    return same(ADMIN_LOGIN, but={"administrator": answer})


# (URL name or route as a regular expression, expected answer per persona)
ACCESS: list[tuple[str, dict[str, int | str]]] = [
    (r"portal:home", same(200, but={ANONYMOUS: REDIRECT})),  # anonymous visitors get the public start page
    (r"portal:login", same(REDIRECT, but={ANONYMOUS: 200})),
    (r"portal:logout", same(405)),  # sign-out is POST only
    (r"portal:dashboard", signed_in(200)),
    (r"portal:health", same(200)),
    # A local account's password (LOCAL_PASSWORDS on, as by default): change signed in, reset by anyone.
    (r"portal:password_change(_done)?", signed_in(200)),
    (r"portal:password_reset(_done|_confirm|_complete)?", same(200)),  # the confirm's sample link is invalid
    (r"set_language", same(REDIRECT)),  # GET only redirects back; POST sets the language
    # --- sign-in through the identity provider (sso/urls.py); the test configures the test provider ---
    (r"sso:start", same(REDIRECT)),  # anonymous to the provider, signed-in users to Min sida
    (r"sso:callback", same(400)),  # refused without a sign-in started here (docs/sso.md)
    # --- reporting (reporting/urls.py): read as the budget document is; the strategists keep it ---
    (r"reporting:(list|calendar|equalisation|report|pdf|xlsx|template|balance)", signed_in(200) | {"outsider": 403}),
    (r"reporting:import_upload", signed_in(403) | {"strategist": 200, "administrator": 200}),
    (r"reporting:import_preview", signed_in(403) | {"strategist": REDIRECT, "administrator": REDIRECT}),
    (
        r"reporting:(import_confirm|submitted|adjustment_delete|compiled_start|compiled_publish|waiver_delete)",
        same(405),
    ),  # POST only
    # The compiled report's page for every role; its files only once compiled (the sample report is not).
    (r"reporting:compiled", signed_in(200) | {"outsider": 403}),
    (r"reporting:compiled_(pdf|xlsx)", signed_in(404) | {"outsider": 403}),
    # --- budgets (budgets/urls_document.py, budgets/urls_exchange.py) ---
    (r"budgets:document", signed_in(200) | {"outsider": 403}),  # any role reads the budget document
    (r"budgets:document_year", signed_in(200) | {"outsider": 403}),
    (r"budgets:document_history", signed_in(200) | {"outsider": 403}),  # the figures' history, as the document
    # Import and export: any role downloads; strategists and administrators import.
    (r"budgets:exchange", signed_in(200) | {"outsider": 403}),
    (r"budgets:exchange_(template|export)_(xlsx|csv)", signed_in(200) | {"outsider": 403}),
    (r"budgets:import_upload", signed_in(403) | {"strategist": 200, "administrator": 200}),
    # Without an upload waiting, the preview sends back to the upload form.
    (r"budgets:import_preview", signed_in(403) | {"strategist": REDIRECT, "administrator": REDIRECT}),
    (r"budgets:import_confirm", same(405)),  # POST only
    # --- follow-ups (reporting periods, follow-ups, Mina uppföljningar) ---
    # A follow-up is read by internal readers and its committee's members; the rest are told nothing (404).
    (r"followups:followup_(detail|pdf)", signed_in(200) | {"hr_editor": 404, "outsider": 404}),
    (r"followups:attachment_download", signed_in(200) | {"hr_editor": 404, "outsider": 404}),  # as the follow-up
    (r"followups:(attachment_upload|comment_add)", same(405)),  # POST only
    # Only the committee's reporter edits, and only a draft; other readers are refused (403).
    (r"followups:followup_edit", signed_in(403) | {"reporter": 200, "hr_editor": 404, "outsider": 404}),
    (
        r"followups:followup_save_(assessment|assignment|indicators|financial|investments|events)",
        same(405),
    ),  # POST only
    (r"followups:followup_(submit|approve|return|accept|publish)", same(405)),  # workflow steps are POST only
    # Reporting periods: internal readers see them; the strategist keeps them and exports them.
    (
        r"followups:period_(list|overview|goals)",
        signed_in(403) | dict.fromkeys(["strategist", "viewer", "manager", "administrator", "auditor"], 200),
    ),
    (r"followups:period_(create|edit|export)", signed_in(403) | {"strategist": 200}),
    (r"followups:period_(open|close)", same(405)),  # POST only
    # --- internal control (internalcontrol/urls.py): the sample analysis and plan are the committee's drafts ---
    (r"internalcontrol:index", signed_in(200) | {"outsider": 403}),
    # Read by internal readers and the committee's members; drafts only by members, strategists, administrators.
    (r"internalcontrol:(risks|plan)", signed_in(200) | {"hr_editor": 404, "outsider": 404}),
    # Only the committee's reporter drafts; readers are refused, and a draft is not there for those who see none.
    (
        r"internalcontrol:(risk|control)_create",
        signed_in(403) | {"reporter": 200, "hr_editor": 404, "outsider": 404},
    ),
    (
        r"internalcontrol:(risk|control)_edit",
        signed_in(403)
        | {"reporter": 200, "viewer": 404, "manager": 404, "auditor": 404, "hr_editor": 404, "outsider": 404},
    ),
    (
        r"internalcontrol:(risk_delete|control_delete|analysis_(adopt|reopen)|plan_(adopt|reopen)|result_save"
        r"|summary_adopt)",
        same(405),
    ),  # POST only
    # The executive board's summary: internal readers and the board's members (none of the personas is one).
    (
        r"internalcontrol:summary",
        signed_in(403) | dict.fromkeys(["strategist", "viewer", "manager", "administrator", "auditor"], 200),
    ),
    # --- api (api/urls.py: /api/v1/, schema, docs, downloads, tokens) ---
    # The read API, its schema, documentation and downloads are open to all; published data only without a role.
    (
        r"api:(root|vision|committees|goals|goals_(csv|json)|budget_documents|budget_document|"
        r"budget_tables_(csv|json)|schema|docs)",
        same(200),
    ),
    (r"api:goal", same(200, but={ANONYMOUS: 404, "outsider": 404})),  # the sample goal is a draft
    (r"api:(measurements|report_outcomes)", same(405)),  # POST only, with a key
    (r"api:not_found", same(404)),  # any other address under /api/v1/
    (r"api:tokens", signed_in(403) | {"strategist": 200, "administrator": 200}),
    (r"api:token_revoke", same(405)),  # POST only
    # --- fulfillment (fulfillment/urls.py, report_*): the sample report is a compiled draft ---
    # Any role sees the list (published reports); drafts are for internal readers, the rest are told nothing.
    (r"fulfillment:report_list", signed_in(200) | {"outsider": 403}),
    (
        r"fulfillment:report_(detail|progress|xlsx|pdf)",
        signed_in(200) | {"reporter": 404, "approver": 404, "hr_editor": 404, "outsider": 403},
    ),
    (r"fulfillment:report_(start|publish)", same(405)),  # POST only, for the strategist
    # --- goals (goals/urls.py) ---
    (r"goals:overview", signed_in(200) | {"outsider": 403}),  # any role reads the goals
    # The sample goal is a draft of the council's plan: strategists and administrators read it, the rest learn nothing.
    (r"goals:goal", signed_in(404) | {"strategist": 200, "administrator": 200, "outsider": 403}),
    # --- planning (planning/urls.py): the plans; drafts for the plan's own roles, strategists and administrators ---
    (r"planning:(index|council)", signed_in(200) | {"outsider": 403}),
    (r"planning:(council_goal_create|rollover)", signed_in(403) | {"strategist": 200}),
    (r"planning:committee", signed_in(200) | {"hr_editor": 404, "outsider": 404}),
    (
        r"planning:committee_goal_create",
        signed_in(403) | {"reporter": 200, "approver": 200, "hr_editor": 404, "outsider": 404},
    ),
    (r"planning:(goal|indicator)", signed_in(404) | {"strategist": 200, "administrator": 200, "outsider": 403}),
    # Only those who draft the council's plan add to its draft; the administrator reads it but is refused.
    (r"planning:indicator_create", signed_in(404) | {"strategist": 200, "administrator": 403, "outsider": 403}),
    (r"planning:(goal_adopt|target_set)", same(405)),  # POST only
    # Assignments: read by whoever may see the owner (the sample's owner is the committee); strategists write them.
    # Activities: the sample activity is under the committee's adopted goal; the council's draft has none to add.
    (r"planning:activity", signed_in(200) | {"hr_editor": 404, "outsider": 403}),
    (
        r"planning:activity_create",
        signed_in(404) | {"strategist": 403, "administrator": 403, "outsider": 403},
    ),
    (r"planning:assignment_list", signed_in(200) | {"outsider": 403}),
    (r"planning:assignment_create", signed_in(403) | {"strategist": 200}),
    (r"planning:assignment", signed_in(200) | {"hr_editor": 404, "outsider": 403}),
    # --- cascade (fulfillment/urls.py, cascade*): every role reads goals; a committee's page is for its members ---
    (r"fulfillment:cascade(|_gaps|_map)", signed_in(200) | {"outsider": 403}),
    (
        r"fulfillment:cascade_(focus_area|goal)",
        signed_in(REDIRECT) | {"outsider": 403},
    ),  # htmx only: a GET goes to the page
    # Internal readers and the committee's own members; the rest are told nothing.
    (r"fulfillment:cascade_committee", signed_in(200) | {"hr_editor": 404, "outsider": 404}),
    (r"fulfillment:committee_list", signed_in(200) | {"outsider": 403}),  # each sees the committees they may open
    # --- kolada (kolada/urls.py): the strategist and the administrator only ---
    (r"kolada:(index|run)", signed_in(403) | {"strategist": 200, "administrator": 200}),
    (r"kolada:(fetch|upload)", same(405)),  # POST only
    (r"admin:kolada_(fetchrun|fetchchange|gendersplit)_add", administrators_only(403)),  # written by fetches only
    (r"admin:sso_groupgrant_add", administrators_only(403)),  # written by sign-ins only
    # --- public site and initiatives (public/urls.py, goals/urls.py initiative_*, api/urls.py) ---
    # The public site is open to all; the sample follow-up and report are drafts, so they are not there (404).
    (
        r"public:(start|goals|committees|committee|budget|budget_year|followups|reports|initiatives|"
        r"initiative|initiative_feed|accessibility|annual_reports)",
        same(200),
    ),
    (r"public:(followup|report|report_pdf|goal)", same(404)),  # the sample goal is a draft too
    (r"public:annual_report(_pdf|_xlsx)?", same(404)),  # the sample report date has no published report
    # Employer initiatives: HR editors only write, preview and publish them.
    (r"goals:initiative_(list|create|detail|edit)", signed_in(403) | {"hr_editor": 200}),
    (r"goals:initiative_(publish|schedule|unpublish|archive)", same(405)),  # POST only
    (r"api:(employer_initiatives|employer_initiative|fulfillment_reports)", same(200)),
    (r"api:fulfillment_report", same(404)),  # the sample report is a draft: published ones only, for everyone
    # --- audit (audit/urls.py): auditors, strategists and administrators; the sample report is a compiled draft ---
    (
        r"audit:(index|report|row|evidence_zip|frozen_file|questions|log)",
        signed_in(403) | {"strategist": 200, "administrator": 200, "auditor": 200},
    ),
    (r"audit:(question_ask|question_answer)", same(405)),  # POST only
    # Django admin
    (r"admin:index", administrators_only(200)),
    # Sign-in happens on the portal's page; signed-in non-administrators are refused, not looped.
    (r"admin:login", same(403, but={ANONYMOUS: LOGIN, "administrator": REDIRECT})),
    (
        r"admin:logout",
        same(REDIRECT, but={"administrator": 405}),
    ),  # sign-out is POST only; non-staff are sent to the admin
    # the admin's own password pages send the administrator to the portal's (portal/views_account.py)
    (r"admin:password_change(_done)?", administrators_only(REDIRECT)),
    (r"admin:jsi18n", administrators_only(200)),
    (r"admin:autocomplete", administrators_only(403)),  # 403 without its required parameters
    (r"admin:view_on_site", administrators_only(404)),  # committees have no public page yet
    (r"admin:app_list", administrators_only(200)),
    (r"admin:auth_user_password_change", administrators_only(200)),  # Django names it so for any user model
    (r"admin:axes_\w+_add", administrators_only(403)),  # sign-in records are never made by hand
    # Written by the compilation and the calendar task only: read in the admin, never made or removed there.
    (r"admin:reporting_(compiledreport|calendarevent)_(add|delete)", administrators_only(403)),
    # The internal control's documents and the auditors' records: read in the admin, written by the portal's steps.
    (
        r"admin:(internalcontrol_(riskanalysis|controlplan|yearsummary)|audit_(frozencopy|auditevent|question))"
        r"_(add|delete)",
        administrators_only(403),
    ),
    (
        r"admin:(?!axes_\w+_add|auth_user_password_change|kolada_(fetchrun|fetchchange|gendersplit)_add"
        r"|sso_groupgrant_add|reporting_(compiledreport|calendarevent)_(add|delete)"
        r"|(internalcontrol_(riskanalysis|controlplan|yearsummary)|audit_(frozencopy|auditevent|question))_(add|delete))"
        r"\w+_\w+_(changelist|add|change|delete|history)",
        administrators_only(200),
    ),
    (r"admin:<catch-all>", administrators_only(404)),
]


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "namespace:<catch-all>" for unnamed patterns
    pattern: URLPattern
    namespace: str


def walk(resolvers: list[Any], namespace: str = "") -> Iterator[Route]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or "<catch-all>"
            yield Route(f"{namespace}{name}", entry, namespace)


def expectation_for(route_name: str) -> dict[str, int | str]:
    rows = [answers for pattern, answers in ACCESS if re.fullmatch(pattern, route_name)]
    assert len(rows) == 1, (
        f"{route_name} must match exactly one row of ACCESS in tests/test_access.py, matches {len(rows)}"
    )
    return rows[0]


def url_for(route: Route, sample: dict[str, Any]) -> str:
    if route.name.endswith("<catch-all>"):
        return reverse(f"{route.namespace}index") + "finns-inte/"
    kwargs: dict[str, Any] = {}
    for key in route.pattern.pattern.regex.groupindex:
        if key == "object_id" and route.name == "admin:view_on_site":
            kwargs[key] = sample["objects"]["portal.committee"]
        elif key == "object_id":
            match = re.fullmatch(r"admin:(\w+?)_(\w+)_\w+", route.name)
            assert match, route.name
            model = apps.get_model(match.group(1), match.group(2))
            kwargs[key] = sample["objects"][model._meta.label_lower]
        elif key == "app_label":
            kwargs[key] = "portal"
        elif key == "content_type_id":
            kwargs[key] = ContentType.objects.get_for_model(Committee).pk
        elif key == "id":
            kwargs[key] = sample["objects"]["portal.user"]
        else:
            kwargs[key] = sample[key]
    return reverse(route.name, kwargs=kwargs)


def check(response: Any, expected: int | str) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    if expected == REDIRECT:
        return response.status_code == 302 and not response["Location"].startswith(
            (reverse("portal:login"), reverse("admin:login"))
        )
    return response.status_code == expected


def test_every_url_has_a_row() -> None:
    names = [route.name for route in walk(get_resolver().url_patterns)]
    assert "portal:dashboard" in names and "admin:index" in names
    for name in names:
        expectation_for(name)


def test_every_row_is_used() -> None:
    names = [route.name for route in walk(get_resolver().url_patterns)]
    for pattern, _ in ACCESS:
        assert any(re.fullmatch(pattern, name) for name in names), f"ACCESS row {pattern!r} matches no URL: remove it"


# The provider's groups that give each persona its role (the outsider has none, so the provider cannot sign it in).
PERSONA_GROUPS = {
    "reporter": ("bun-rapportorer", Membership.Role.REPORTER, None),
    "approver": ("bun-godkannare", Membership.Role.APPROVER, None),
    "strategist": ("styrportal-strateger", None, Role.STRATEGIST),
    "hr_editor": ("styrportal-hr", None, Role.HR_EDITOR),
    "viewer": ("styrportal-ledamoter", None, Role.VIEWER),
    "manager": ("styrportal-chefer", None, Role.MANAGER),
    "administrator": ("styrportal-administratorer", None, Role.ADMINISTRATOR),
    "auditor": ("styrportal-revisorer", None, Role.AUDITOR),
}


def signed_in_through_provider(oidc: Provider, committee: Committee) -> dict[str, Client]:
    """A client per persona signed in through the test OpenID provider, its role from the provider's groups."""
    clients = {}
    for persona, (group, committee_role, municipality_role) in PERSONA_GROUPS.items():
        if committee_role:
            GroupMapping.objects.create(group=group, committee=committee, committee_role=committee_role)
        else:
            GroupMapping.objects.create(group=group, municipality_role=municipality_role)
        username = f"sso-{persona}"
        oidc.person(username, name=f"{persona.title()} Testsson", email=f"{persona}@testkommun.se", groups=[group])
        client = Client()
        response = sign_in(client, oidc, username)
        assert response.status_code == 302, response.content.decode()
        assert Identity.objects.filter(user__username=username).exists()
        clients[persona] = client
    return clients


@pytest.mark.django_db
@pytest.mark.parametrize("signin", ["local", "oidc"])
def test_every_url_as_every_role(
    request: pytest.FixtureRequest, committee: Committee, oidc: Provider, signin: str
) -> None:
    # One object of every model, so that every admin page has something to show.
    MunicipalityFactory()
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")
    # One of each budget model, for the budget page and its admin pages.
    document = StatedTotalFactory(document=DocumentTextFactory().document).document
    StatementAmountFactory(line__document=document)
    OperatingBudgetFactory(document=document, committee=committee)
    InvestmentBudgetFactory(document=document, committee=committee)
    TargetFactory(indicator=MeasurementFactory().indicator)
    FocusAreaFactory()
    # One of each reporting model: a report date with an outcome line and an item, the RUR rule, a growth figure.
    report_date = ReportDate.objects.create(year=document.year, kind=ReportKind.INTERIM)
    LineOutcome.objects.create(report=report_date, statement="income", label="Årets resultat", role="result")
    BalanceAdjustment.objects.create(report=report_date, kind="realisation_gains", amount=1, comment="Försäljning")
    EqualisationRule.objects.create()
    TaxBaseGrowth.objects.create(year=document.year, percent=4, source="SKR")
    # The compiled report (not compiled yet), a calendar event and a council's decision not to restore a deficit.
    CompiledReport.objects.create(report=report_date)
    CalendarEvent.objects.create(key=f"open:{document.year}-interim", detail="Perioden öppnades")
    DeficitWaiver.objects.create(year=document.year - 1, reason="Omstrukturering", decision_reference="KF § 1")
    # One of each kolada model, for the Kolada pages and their admin pages.
    binding = KoladaBindingFactory()
    kolada_run = FetchRun.objects.create(trigger=FetchRun.Trigger.NIGHTLY)
    FetchChange.objects.create(run=kolada_run, indicator=binding.indicator, kpi_id="U11901", year=2025, kind="created")
    GenderSplit.objects.create(indicator=binding.indicator, year=2025, values={"T": "60"})
    users: dict[str, User | None] = {ANONYMOUS: None}
    for persona in PERSONAS:
        users[persona] = request.getfixturevalue(persona)
    # Each persona signs in with its password (force_login), or through the provider: the same table holds.
    if signin == "oidc":
        provider_clients = signed_in_through_provider(oidc, committee)
    else:
        provider_clients = {}
        reporter = users["reporter"]
        GroupMapping.objects.create(group="bun-rapportorer", committee=committee, committee_role="reporter")
        Identity.objects.create(issuer=oidc.issuer, subject="rapportor-1", user=reporter)
        GroupGrant.objects.create(user=reporter, committee=committee, role="reporter")
    sample = {
        "objects": {
            model._meta.label_lower: model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            for model in apps.get_models()
        }
    }
    sample["pk"] = sample["goal"] = sample["objects"]["goals.goal"]
    sample["indicator"] = sample["objects"]["goals.indicator"]
    sample["year"] = document.year
    sample["kind"] = report_date.slug
    # An open period with the committee's draft follow-up; a goal of its own gives it an assessment.
    committee_goal = CommitteeGoalFactory(committee=committee)
    IndicatorFactory(goal=committee_goal)
    sample["activity"] = Activity.objects.create(goal=committee_goal, title="Fler lärare", owner="Skolförvaltningen").pk
    sample["assignment"] = AssignmentFactory(owner=committee).pk
    # The committee's draft risk analysis and control plan for the year, with a risk and a control.
    control = ControlFactory(plan__committee=committee, plan__year=document.year, risk__analysis__year=document.year)
    sample |= {"risk": control.risk_id, "control": control.pk}
    YearSummary.objects.create(committee=committee, year=document.year)
    period = ReportingPeriodFactory()
    followup = period_open(period=period, actor=None)[0]
    sample |= {"period": period.pk, "followup": followup.pk, "assessment": followup.assessments.get().pk}
    request.getfixturevalue("settings").MEDIA_ROOT = str(request.getfixturevalue("tmp_path"))
    sample["attachment"] = attachment_add(
        followup=followup,
        actor=request.getfixturevalue("reporter"),
        section="financial",
        section_name="Ekonomiskt utfall",
        upload=SimpleUploadedFile("underlag.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    ).pk
    report = fulfillment_compile_start(year=document.year, as_of=None, actor=None, queue=False)
    fulfillment_compile(report_id=report.pk)
    sample["report"] = report.pk
    # The audit pages: a goal of the sample report, a frozen file, a question (POST only: any id).
    goal_row = ReportRow.objects.filter(report_id=report.pk, kind=ReportRow.Kind.GOAL).order_by("position").first()
    assert goal_row is not None
    sample["subject"] = goal_row.subject_id
    sample["file"] = (
        freeze("fulfillment_report", "Prov", 2026, report.pk, {"prov.pdf": b"%PDF"}, by=None).files.get().pk
    )
    question = Question.objects.create(
        report_id=report.pk, subject_id=goal_row.subject_id, title="Prov", text="Varför?", asked_by=users["auditor"]
    )
    sample["question"] = question.pk
    AuditEvent.objects.create(user=users["auditor"], kind=AuditEvent.Kind.SIGN_IN)
    sample["rest"] = "finns-inte/"
    # The admin pages of the models first made above (the internal control's, the audit's)
    for model in apps.get_models():
        if sample["objects"][model._meta.label_lower] is None:
            sample["objects"][model._meta.label_lower] = (
                model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            )
    sample |= {"uidb64": "MQ", "token": "ingen-giltig-nyckel"}
    sample["run"] = kolada_run.pk
    initiative = EmployerInitiativeFactory(published=True)
    sample |= {"initiative": initiative.pk, "initiative_slug": initiative.slug, "committee": committee.slug}
    sample |= {"focus_area": sample["objects"]["goals.focusarea"], "slug": committee.slug}
    failures = []
    routes = list(walk(get_resolver().url_patterns))
    for persona, user in users.items():
        client = provider_clients.get(persona) or Client()
        if user is not None and persona not in provider_clients:
            client.force_login(user)
        for route in routes:
            url = url_for(route, sample)
            expected = expectation_for(route.name)[persona]
            response = client.get(url)
            if not check(response, expected):
                where = response.get("Location", "")
                failures.append(
                    f"{persona} GET {url} ({route.name}): {response.status_code} {where}, expected {expected}"
                )
    assert not failures, "\n".join(failures)
