"""Whole journeys in real Chromium, each person in a browser of their own, through the pages alone.

(a) A committee's follow-up from draft to the cascade: BUN's reporter fills in the follow-up with the
htmx editor (each section saves on its own) and submits it, the approver approves it with the
committee's decision, the strategist accepts it (the reported value becomes the official outcome),
compiles the year and watches the progress bar until the report is there, and a manager opens the
goal cascade, whose statuses now come from that report.

(b) An HR editor writes an employer initiative and publishes it; an anonymous visitor, who read the
public list before, reads it on the public site at /offentlig/.

What is real: the browser, the live server (pytest-django's, in this process, on the test database),
the sign-in form, htmx, the CSP, and in (a) the compilation: the strategist's "Sammanställ" queues
``goals.compile_fulfillment`` with ``delay`` as in production, on Redis, and a real ``celery worker``
process (tests/workers.py) on the same test database compiles it, while the page's htmx polls the
progress partial and reloads when the run is over. That holds on PostgreSQL and on SQLite alike: the
SQLite test database is a file (portal/settings.py), which the worker opens too. No eager mode, no
call of the task in the test. Two things differ from production, both set by the test: this
process's Celery app publishes to Redis and routes that one task to the worker's own queue (so that
no other worker on the machine takes it; the tests' broker is otherwise the filesystem one unless
REDIS_URL is set), and the worker writes one row a batch with a second's pause after each
(FULFILLMENT_ROW_BATCH_SIZE, FULFILLMENT_TEST_PAUSE_SECONDS), so that the bar is seen part-way and
not only queued and done.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
import redis
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue, KeyEvents, Transition
from followups.services import period_open
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import EmployerInitiative, Goal, Measurement
from portal.celery import app as celery_app
from portal.models import Committee, User
from tests.e2e.conftest import BrowserConsole, sign_in
from tests.factories import (
    BudgetDocumentFactory,
    CommitteeGoalFactory,
    EmployerInitiativeFactory,
    FocusAreaFactory,
    GoalFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
    TargetFactory,
)
from tests.workers import start_worker, stop

pytestmark = pytest.mark.e2e

WORKER_TIMEOUT = 60_000  # ms: the worker's start (seconds, more on a busy machine) and the slowed run (a second a row)


# --- Browsers for more than one person ----------------------------------------------------------


@pytest.fixture
def person(
    browser: Browser, live_server: LiveServer, page: Page, console: BrowserConsole
) -> Iterator[Callable[[User | None], Page]]:
    """Opens a browser context of its own for another person, signed in as ``user`` (None: anonymous).

    Its console goes to the same record as ``page``'s, which fails the test on a CSP violation, an
    uncaught error or an htmx error, whichever person's page it was on.
    """
    contexts = []

    def open_as(user: User | None) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="sv-SE")
        context.set_default_timeout(10_000)
        contexts.append(context)
        other = context.new_page()
        other.on("console", console.record)
        other.on("pageerror", console.record_error)
        if user is not None:
            sign_in(other, user)
        return other

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()


# --- (a) The follow-up, the compilation and the cascade ----------------------------------------------


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis at {url} does not answer ({exc}); the journey needs it for the Celery worker."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} Browser tests must run when CI=true.")
        pytest.skip(message)
    return url


@contextmanager
def compilation_sent_to(redis_url: str, queue: str) -> Iterator[None]:
    """This process's Celery app (the live server's) sends ``goals.compile_fulfillment`` to ``queue`` on Redis.

    The app read its configuration from the settings once (a filesystem broker in the tests); the
    broker and the routes are changed here and put back afterwards, and the app's cached connection
    pools and router are forgotten both times so that the next message uses the configuration of the day.
    """
    keys = ("broker_url", "broker_transport_options", "task_routes")
    saved = {key: celery_app.conf[key] for key in keys}

    def forget_connections() -> None:
        # Only dropped, never closed: kombu shares its pools between apps with the same broker.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app.amqp.flush_routes()
        celery_app.amqp.__dict__.pop("router", None)

    celery_app.conf.update(
        broker_url=redis_url,
        broker_transport_options={},
        task_routes={"goals.compile_fulfillment": {"queue": queue}},
    )
    forget_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        forget_connections()


@pytest.fixture
def compilation_worker(redis_url: str, live_server: LiveServer, transactional_db: None) -> Iterator[str]:
    """A real ``celery worker`` on the test database that compiles what the portal queues; yields its queue."""
    queue = f"e2e-{uuid.uuid4().hex}"
    worker = start_worker(queue, redis_url, FULFILLMENT_ROW_BATCH_SIZE="1", FULFILLMENT_TEST_PAUSE_SECONDS="1")
    try:
        with compilation_sent_to(redis_url, queue):
            yield queue
    finally:
        stop(worker)


@pytest.fixture
def bun_followup(committee: Committee) -> FollowUp:
    """BUN's draft for Q1 2026: two goals of its own under a council goal, an indicator each, a budget."""
    area = FocusAreaFactory(name="Livskvalitet")
    council = GoalFactory(status=Goal.Status.ADOPTED, title="Alla barn lyckas i skolan")
    council.focus_areas.add(area)
    for title, indicator, target in (
        ("Fler elever klarar målen", "Andel behöriga elever", 80),
        ("Eleverna känner sig trygga", "Andel trygga elever", 90),
    ):
        goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED, committee=committee, title=title)
        goal.contributes_to.add(council)
        TargetFactory(indicator__goal=goal, indicator__name=indicator, value=Decimal(target))
    OperatingBudgetFactory(document=BudgetDocumentFactory(), committee=committee, amount=Decimal(1000))
    (followup,) = period_open(period=ReportingPeriodFactory(), actor=None)
    return followup


def test_a_follow_up_from_draft_to_the_cascade(
    page: Page,
    person: Callable[[User | None], Page],
    compilation_worker: str,
    bun_followup: FollowUp,
    reporter: User,
    approver: User,
    strategist: User,
    manager: User,
) -> None:
    followup = bun_followup

    # The reporter: Min sida says what to do; the editor saves each section with htmx.
    sign_in(page, reporter)
    page.get_by_role("link", name="Fyll i och lämna in").click()
    expect(page.get_by_role("heading", name="Uppföljning för Barn- och ungdomsnämnden")).to_be_visible()
    editor_url = page.url

    first = page.locator("section.followup-section").filter(
        has=page.get_by_role("heading", name="Fler elever klarar målen")
    )
    first.get_by_label("Måluppfyllelse").select_option(label="Uppfyllt")
    first.get_by_label("Analys").fill("Fler elever än väntat når **behörighet**.")
    first.get_by_role("button", name="Spara bedömningen").click()
    expect(first.get_by_role("status")).to_contain_text("Sparat kl.")

    second = page.locator("section.followup-section").filter(
        has=page.get_by_role("heading", name="Eleverna känner sig trygga")
    )
    second.get_by_label("Måluppfyllelse").select_option(label="Delvis uppfyllt")
    second.get_by_label("Åtgärder").fill("Fler vuxna på rasterna.")
    second.get_by_role("button", name="Spara bedömningen").click()
    expect(second.get_by_role("status")).to_contain_text("Sparat kl.")

    indicators = page.locator("#indicators")
    indicators.get_by_role("group", name="Andel behöriga elever (%)").get_by_label("Utfall").fill("85")
    indicators.get_by_role("group", name="Andel trygga elever (%)").get_by_label("Utfall").fill("88")
    indicators.get_by_role("group", name="Andel trygga elever (%)").get_by_label("Kommentar").fill("Elevenkäten i mars")
    indicators.get_by_role("button", name="Spara indikatorvärdena").click()
    expect(page.locator("#indicators").get_by_role("status")).to_contain_text("Sparat kl.")

    # A forecast 3 % over the budget needs an explanation: refused in place, then saved with one.
    financial = page.locator("#financial")
    financial.get_by_label("Nettokostnad hittills (tkr)").fill("240")
    financial.get_by_label("Prognos för helåret (tkr)").fill("1030")
    financial.get_by_role("button", name="Spara ekonomiskt utfall").click()
    expect(page.locator("#financial").get_by_role("alert")).to_have_text(
        "Avsnittet sparades inte. Rätta det som är markerat och spara igen."
    )
    assert FinancialOutcome.objects.get(followup=followup).forecast is None
    page.locator("#financial").get_by_label("Förklaring av avvikelsen").fill("Fler barn i förskolan än planerat.")
    page.locator("#financial").get_by_role("button", name="Spara ekonomiskt utfall").click()
    expect(page.locator("#financial").get_by_role("status")).to_contain_text("Sparat kl.")

    page.locator("#events").get_by_label("Väsentliga händelser").fill("Ny skola i Noltorp invigd.")
    page.locator("#events").get_by_role("button", name="Spara händelserna").click()
    expect(page.locator("#events").get_by_role("status")).to_contain_text("Sparat kl.")

    # Every save was an htmx swap: the page was never left, and no message came through a redirect.
    assert page.url == editor_url
    expect(page.locator(".messages")).to_have_count(0)
    first_assessment, second_assessment = Assessment.objects.filter(followup=followup).order_by("goal__sort_order")
    assert (first_assessment.status, first_assessment.analysis, first_assessment.updated_by) == (
        "fulfilled",
        "Fler elever än väntat når **behörighet**.",
        reporter,
    )
    assert (second_assessment.status, second_assessment.measures) == ("partly", "Fler vuxna på rasterna.")
    values = dict(IndicatorValue.objects.filter(followup=followup).values_list("indicator__name", "value"))
    assert values == {"Andel behöriga elever": Decimal(85), "Andel trygga elever": Decimal(88)}
    money = FinancialOutcome.objects.get(followup=followup)
    assert (money.net_cost_to_date, money.forecast, money.version) == (Decimal(240), Decimal(1030), 2)
    assert KeyEvents.objects.get(followup=followup).text == "Ny skola i Noltorp invigd."
    assert not Measurement.objects.exists()  # not the official outcome until the strategist accepts

    page.get_by_role("button", name="Lämna in till nämndens godkännare").click()
    expect(page.get_by_text("Klart: lämnade in.")).to_be_visible()
    expect(page.locator(".state")).to_have_text("Inlämnad")
    expect(page.get_by_role("link", name="Redigera uppföljningen")).to_have_count(0)
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.SUBMITTED

    # The approver approves with the committee's decision.
    approving = person(approver)
    approving.get_by_role("link", name="Godkänn eller skicka tillbaka").click()
    expect(approving.locator(".state")).to_have_text("Inlämnad")
    expect(approving.get_by_text("Fler elever än väntat når behörighet.")).to_be_visible()  # the Markdown, rendered
    approving.get_by_label("Nämndens beslut").fill("BUN 2026-04-22 § 45")
    asked: list[str] = []
    approving.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    approving.get_by_role("button", name="Godkänn").click()
    expect(approving.get_by_text("Klart: godkände.")).to_be_visible()
    assert asked and "Godkänna uppföljningen med nämndens beslut?" in asked[0]  # an irreversible step asks first
    expect(approving.locator(".state")).to_have_text("Godkänd av nämnden")
    expect(approving.locator(".facts")).to_contain_text("BUN 2026-04-22 § 45")
    approved = FollowUp.objects.get(pk=followup.pk)
    assert (approved.state, approved.decision_reference) == (FollowUp.State.APPROVED, "BUN 2026-04-22 § 45")

    # The strategist accepts: the reported values become the year's outcome.
    strategy = person(strategist)
    strategy.get_by_role("link", name="Acceptera eller skicka tillbaka").click()
    expect(strategy.locator(".state")).to_have_text("Godkänd av nämnden")
    strategy.once("dialog", lambda dialog: dialog.accept())
    strategy.get_by_role("button", name="Acceptera").click()
    expect(strategy.get_by_text("Klart: accepterade.")).to_be_visible()
    expect(strategy.locator(".state")).to_have_text("Accepterad")
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.ACCEPTED
    assert list(Transition.objects.filter(followup=followup).order_by("at").values_list("action", "actor")) == [
        ("submit", reporter.pk),
        ("approve", approver.pk),
        ("accept", strategist.pk),
    ]
    outcome = Measurement.objects.get(indicator__name="Andel behöriga elever")
    assert (outcome.year, outcome.period, outcome.basis, outcome.value) == (2026, "Q1", "outcome", Decimal(85))

    # ... compiles the year, and watches the progress bar until the report is there.
    strategy.get_by_role("link", name="Mål", exact=True).click()
    strategy.get_by_role("link", name="Måluppfyllelse och god ekonomisk hushållning").click()
    strategy.get_by_label("År").fill("2026")
    strategy.get_by_role("button", name="Sammanställ", exact=True).click()
    expect(strategy.get_by_role("heading", level=1)).to_contain_text("2026")
    bar = strategy.get_by_role("progressbar", name="Förlopp")
    expect(bar).to_be_visible()
    # Part-way, in one swap of the partial: some rows written and the bar between 1 and 99 %, so not all
    # (the worker writes one row a second, htmx asks every second).
    part_way = strategy.locator(
        "#report-progress",
        has_text=re.compile(r"Sammanställs: [1-9]\d* av \d+ rader skrivna"),
        has=strategy.locator('progress:not([value="0"]):not([value="100"])'),
    )
    expect(part_way).to_be_visible(timeout=WORKER_TIMEOUT)
    # The end: htmx reloads the page, the bar is gone, the report is there.
    expect(bar).to_have_count(0, timeout=WORKER_TIMEOUT)
    expect(strategy.get_by_role("heading", name="God ekonomisk hushållning")).to_be_visible()
    expect(strategy.get_by_role("button", name="Sammanställ igen")).to_be_visible()
    expect(strategy.locator(".facts")).not_to_contain_text("inte ännu")
    # One of the council goal's two committee goals is fulfilled; the committee's own assessment of the
    # other (partly) differs from what its figure shows (not fulfilled), and the report says so.
    council_goal = strategy.get_by_role("article").filter(
        has=strategy.get_by_role("heading", name="Alla barn lyckas i skolan")
    )
    expect(council_goal.first).to_contain_text("Delvis uppfyllt")
    expect(strategy.get_by_role("region", name="Skillnader mot nämndernas bedömningar")).to_contain_text(
        "Barn- och ungdomsnämnden: Eleverna känner sig trygga."
    )
    report = FulfillmentReport.objects.get()
    assert (report.year, report.as_of, report.progress, report.attempts) == (2026, None, "done", 1)
    rows = ReportRow.objects.filter(report=report, generation=report.generation)
    assert rows.count() == report.progress_total == report.progress_done >= 6
    statuses = dict(rows.values_list("title", "status"))
    assert statuses["Fler elever klarar målen"] == "fulfilled"
    assert statuses["Eleverna känner sig trygga"] == "not_fulfilled"
    assert statuses["Alla barn lyckas i skolan"] == "partly"
    strategy.get_by_role("main").get_by_role("link", name="Måluppfyllelse", exact=True).click()
    expect(strategy.get_by_role("row", name=re.compile(r"2026")).get_by_role("cell", name="Klar")).to_be_visible()

    # A manager opens the cascade: the statuses come from the report just compiled.
    managing = person(manager)
    managing.get_by_role("link", name="Målkedja").click()
    managing.get_by_label("År").fill("2026")
    managing.get_by_role("button", name="Visa", exact=True).click()
    expect(managing).to_have_url(re.compile(r"ar=2026"))
    expect(managing.locator(".cascade-source")).to_contain_text("Måluppfyllelsen är hämtad ur")
    expect(managing.locator(".cascade-source").get_by_role("link")).to_have_attribute(
        "href", reverse("fulfillment:report_detail", args=[report.pk])
    )
    for title, status in (("Fler elever klarar målen", "Uppfyllt"), ("Eleverna känner sig trygga", "Ej uppfyllt")):
        node = managing.locator("li.cascade-committee-goal").filter(has_text=title)
        expect(node.locator(":scope > .status")).to_have_text(status)


# --- (b) An employer initiative, from the HR editor to the public ---------------------------------------


def test_an_employer_initiative_from_the_hr_editor_to_a_visitor(
    page: Page, person: Callable[[User | None], Page], hr_editor: User
) -> None:
    area = FocusAreaFactory(name="Attraktiv arbetsgivare")
    GoalFactory(status=Goal.Status.ADOPTED, title="Kommunen behåller och lockar medarbetare")
    EmployerInitiativeFactory(published=True, title="Cykelförmån", slug="cykelforman")

    # A visitor reads the public list first (so the page is in the public cache).
    visitor = person(None)
    visitor.goto(reverse("public:start"))
    visitor.get_by_role("navigation", name="Offentliga sidor").get_by_role("link", name="Arbetsgivarsatsningar").click()
    expect(visitor.get_by_role("link", name="Cykelförmån")).to_be_visible()
    expect(visitor.get_by_role("link", name="Höjt friskvårdsbidrag")).to_have_count(0)

    # The HR editor writes the initiative: a draft, not public yet.
    sign_in(page, hr_editor)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Arbetsgivarsatsningar").click()
    page.get_by_role("link", name="Ny satsning").click()
    page.get_by_label("Rubrik").fill("Höjt friskvårdsbidrag")
    page.get_by_label("Adressnamn").fill("hojt-friskvardsbidrag")
    page.get_by_label("Kategori").select_option(label="Förmåner och lön")
    page.get_by_label("Sammanfattning").fill("Friskvårdsbidraget höjs för alla medarbetare.")
    page.get_by_label("Text:", exact=True).fill("Bidraget gäller **från 1 januari**.\n\n- gym\n- simhall")
    page.get_by_label("Nyckeltal").fill("Friskvårdsbidrag | 2 200 kr | 1 500 kr")
    page.get_by_label("Kontakt").fill("HR-avdelningen, hr@kommun.example")
    page.get_by_role("checkbox", name="Attraktiv arbetsgivare").check()
    page.get_by_role("checkbox", name="Kommunen behåller och lockar medarbetare").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Utkastet är sparat. Förhandsgranska och publicera när det är klart.")).to_be_visible()
    expect(page.locator(".document-facts")).to_contain_text("Utkast – inte synlig för allmänheten")
    preview = page.get_by_role("region", name="Förhandsgranskning")
    expect(preview.locator("strong")).to_have_text("från 1 januari")
    initiative = EmployerInitiative.objects.get(slug="hojt-friskvardsbidrag")
    assert (initiative.status, initiative.publish_at, initiative.category) == ("draft", None, "benefits")
    assert initiative.key_figures == [{"label": "Friskvårdsbidrag", "value": "2 200 kr", "previous": "1 500 kr"}]
    assert list(initiative.focus_areas.all()) == [area]
    assert [goal.title for goal in initiative.goals.all()] == ["Kommunen behåller och lockar medarbetare"]

    response = visitor.goto(reverse("public:initiative", args=["hojt-friskvardsbidrag"]))
    assert response is not None and response.status == 404

    # Published: the visitor's list shows it at once, and the page reads as the preview did.
    page.get_by_role("button", name="Publicera nu").click()
    expect(page.get_by_text("Satsningen är publicerad på den offentliga webbplatsen.")).to_be_visible()
    expect(page.locator(".document-facts")).to_contain_text("Publicerad – synlig på den offentliga webbplatsen")
    initiative.refresh_from_db()
    assert initiative.status == "published" and initiative.publish_at is not None

    visitor.goto(reverse("public:start"))
    visitor.get_by_role("navigation", name="Offentliga sidor").get_by_role("link", name="Arbetsgivarsatsningar").click()
    visitor.get_by_role("link", name="Höjt friskvårdsbidrag").click()
    expect(visitor).to_have_url(re.compile(r"/offentlig/arbetsgivarsatsningar/hojt-friskvardsbidrag/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Höjt friskvårdsbidrag")
    main = visitor.get_by_role("main")
    expect(main).to_contain_text("Friskvårdsbidraget höjs för alla medarbetare.")
    expect(main).to_contain_text("2 200 kr (tidigare 1 500 kr)")
    expect(main.locator("strong")).to_have_text("från 1 januari")
    expect(main.get_by_role("listitem").filter(has_text="simhall")).to_be_visible()
    expect(main).to_contain_text("Attraktiv arbetsgivare")
    expect(main).to_contain_text("Kommunen behåller och lockar medarbetare")
    expect(main).to_contain_text("HR-avdelningen, hr@kommun.example")
    expect(visitor.get_by_role("button", name=re.compile("Logga ut"))).to_have_count(0)  # anonymous
