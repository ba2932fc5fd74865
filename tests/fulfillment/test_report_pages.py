"""The report pages: the list and start form, the report with its progress, publishing, Excel and PDF."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fulfillment import services, tasks, views_reports
from fulfillment.models import FulfillmentReport
from goals.models import Goal
from portal.models import User
from tests.factories import CommitteeGoalFactory, IndicatorFactory, MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db: None) -> None:
    call_command("load_example", stdout=io.StringIO())


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    ids: list[int] = []
    monkeypatch.setattr(tasks.compile_fulfillment, "delay", ids.append)
    return ids


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def compiled() -> FulfillmentReport:
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=report.pk)
    return FulfillmentReport.objects.get(pk=report.pk)


def test_the_strategist_starts_a_compilation(
    seed: None, strategist: User, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    client = signed_in(strategist)
    assert "Sammanställ måluppfyllelsen" in client.get(reverse("fulfillment:report_list")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fulfillment:report_start"), {"year": "2026", "as_of": "", "counting": "combined"}
        )

    report = FulfillmentReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fulfillment:report_detail", args=[report.pk]
    )
    assert queued == [report.pk]
    page = client.get(response["Location"]).content.decode()
    # Queued: the progress partial polls every second, and a link reloads the page without JavaScript.
    assert 'hx-get="{}"'.format(reverse("fulfillment:report_progress", args=[report.pk])) in page
    assert 'hx-trigger="every 1s"' in page
    assert "Ladda om sidan" in page


def test_a_bad_start_is_refused_with_a_message(seed: None, strategist: User) -> None:
    response = signed_in(strategist).post(reverse("fulfillment:report_start"), {"year": "", "counting": "per_group"})
    assert response.status_code == 400
    assert FulfillmentReport.objects.count() == 0


def test_only_the_strategist_starts_and_publishes(seed: None, viewer: User) -> None:
    report = compiled()
    client = signed_in(viewer)
    assert (
        client.post(reverse("fulfillment:report_start"), {"year": "2026", "counting": "per_group"}).status_code == 403
    )
    assert client.post(reverse("fulfillment:report_publish", args=[report.pk])).status_code == 403
    assert "Sammanställ måluppfyllelsen" not in client.get(reverse("fulfillment:report_list")).content.decode()


def test_progress_partial_while_running_and_a_refresh_when_done(seed: None, strategist: User) -> None:
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    FulfillmentReport.objects.filter(pk=report.pk).update(progress="running", progress_done=3, progress_total=12)
    client = signed_in(strategist)
    url = reverse("fulfillment:report_progress", args=[report.pk])

    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    text = partial.content.decode()
    assert "3 av 12 rader skrivna" in text and 'value="25"' in text and "every 1s" in text
    assert "<html" not in text

    services.fulfillment_compile(report_id=report.pk)  # a stale claim is not needed: progress was faked
    FulfillmentReport.objects.filter(pk=report.pk).update(progress="done")
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_the_report_opens_with_the_verdict_then_the_goals(seed: None, viewer: User) -> None:
    report = compiled()
    page = signed_in(viewer).get(reverse("fulfillment:report_detail", args=[report.pk])).content.decode()

    verdict = page.index("God ekonomisk hushållning")
    assert verdict < page.index("Årets resultat ska uppgå")
    assert "Kan inte avgöras ännu" in page
    assert "Majoriteten räknas så: Majoritet av de finansiella målen och av verksamhetsmålen, var för sig." in page
    assert '<span class="status status-fulfilled">Uppfyllt</span>' in page
    assert "utfall 2025 saknas" in page
    assert "Fokusområde: Vackra miljöer" in page


def test_the_strategist_publishes_and_every_role_reads_it(seed: None, strategist: User, hr_editor: User) -> None:
    report = compiled()
    detail = reverse("fulfillment:report_detail", args=[report.pk])
    assert signed_in(hr_editor).get(detail).status_code == 404  # a draft is for internal readers

    response = signed_in(strategist).post(
        reverse("fulfillment:report_publish", args=[report.pk]),
        {"confirm_caveat": "1"},  # the seed is undecided
    )

    assert response.status_code == 302
    assert FulfillmentReport.objects.get().state == "published"
    assert signed_in(hr_editor).get(detail).status_code == 200
    assert report.pk in [r.pk for r in signed_in(hr_editor).get(reverse("fulfillment:report_list")).context["reports"]]


def test_the_report_as_excel(seed: None, strategist: User) -> None:
    report = compiled()
    response = signed_in(strategist).get(reverse("fulfillment:report_xlsx", args=[report.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="maluppfyllelse-2026-v1.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Sammanfattning", "Mål", "Indikatorer"]
    goals = list(workbook["Mål"].iter_rows(values_only=True))
    result_row = next(row for row in goals if str(row[3]).startswith("Årets resultat ska"))
    assert result_row[4] == "Uppfyllt" and result_row[6] == "budget"
    assert workbook["Sammanfattning"]["B6"].value == report.inputs_digest


def test_the_report_as_pdf(seed: None, strategist: User) -> None:
    report = compiled()
    response = signed_in(strategist).get(reverse("fulfillment:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def _committee_goals(count: int) -> None:
    council = Goal.objects.council().first()
    for _ in range(count):
        goal = CommitteeGoalFactory(status=Goal.Status.ADOPTED)
        goal.contributes_to.add(council)
        indicator = IndicatorFactory(goal=goal)
        TargetFactory(indicator=indicator)
        MeasurementFactory(indicator=indicator)


@pytest.mark.parametrize("extra_goals", [0, 20])
def test_report_page_queries(seed: None, viewer: User, extra_goals: int, django_assert_num_queries) -> None:
    _committee_goals(extra_goals)
    report = compiled()
    client = signed_in(viewer)
    # session, user, the user's groups and memberships, the report (with its period and people), the inputs'
    # version, its goal rows, the shown goals' indicator rows, the version again (fulfillment.inputs.kept), the
    # municipality (layout); the idle timeout's session save (savepoint, update, release).
    url = reverse("fulfillment:report_detail", args=[report.pk])
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200
    council = Goal.objects.council().first()
    with django_assert_num_queries(13 - 3):  # one council goal with its committee goals; the session is fresh
        assert client.get(f"{url}?mal={council.pk}").status_code == 200
    with django_assert_num_queries(13 - 3 - 3):  # the overview again: its tree is kept (a generation never changes)
        assert client.get(url).status_code == 200


def test_the_overview_counts_the_committee_goals_and_links_to_them_in_full(seed: None, viewer: User) -> None:
    _committee_goals(3)
    report = compiled()
    council = Goal.objects.council().first()
    ours = list(Goal.objects.filter(level=Goal.Level.COMMITTEE, contributes_to=council))
    client = signed_in(viewer)
    url = reverse("fulfillment:report_detail", args=[report.pk])

    overview = client.get(url).content.decode()
    assert f'<a href="?mal={council.pk}">Nämndmålen för {council.title}, med underlag</a>' in overview
    assert f"{len(ours)} nämndmål bidrar:" in overview
    assert not any(f"{goal.committee}: {goal.title}</h5>" in overview for goal in ours)

    focused = client.get(f"{url}?mal={council.pk}").content.decode()
    assert all(f"{goal.committee}: {goal.title}</h5>" in focused for goal in ours)
    assert ours[0].indicators.get().name in focused
    assert client.get(f"{url}?mal=999999").status_code == 404
    assert client.get(f"{url}?mal=fristaende").status_code == 200
    assert client.get(f"{url}?mal=skillnader").status_code == 200


def test_a_council_goals_committee_goals_come_a_page_at_a_time(
    seed: None, viewer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _committee_goals(3)
    monkeypatch.setattr(views_reports, "COMMITTEE_GOALS_PER_PAGE", 2)
    report = compiled()
    council = Goal.objects.council().first()
    url = reverse("fulfillment:report_detail", args=[report.pk]) + f"?mal={council.pk}"
    client = signed_in(viewer)
    first, second = client.get(url).content.decode(), client.get(f"{url}&sida=2").content.decode()
    ours = Goal.objects.filter(level=Goal.Level.COMMITTEE, contributes_to=council)
    shown = [sum(f"{goal.committee}: {goal.title}</h5>" in page for goal in ours) for page in (first, second)]
    assert shown == [2, ours.count() - 2]
    assert f'<a href="?mal={council.pk}&amp;sida=2">Sida 2</a>' in first


def test_an_unknown_report_is_404(strategist: User, outsider: User) -> None:
    assert signed_in(strategist).get(reverse("fulfillment:report_detail", args=[999])).status_code == 404
    assert signed_in(outsider).get(reverse("fulfillment:report_detail", args=[999])).status_code == 403


def test_the_report_charts_the_statuses_with_their_data_as_a_table(seed: None, viewer: User) -> None:
    report = compiled()
    response = signed_in(viewer).get(reverse("fulfillment:report_detail", args=[report.pk]))
    tree = response.context["tree"]
    counts = {group.label: {status: count for status, _, count in group.counts} for group in tree.status_groups}
    # The seed alone: result ratio and self-financing met on budget; equity and net cost growth not assessed.
    assert counts["Finansiellt mål för god ekonomisk hushållning"] == {
        "fulfilled": 2,
        "partly": 0,
        "not_fulfilled": 0,
        "not_assessed": 2,
    }
    assert counts["Verksamhetsmål för god ekonomisk hushållning"]["not_assessed"] == 6
    page = response.content.decode()
    assert 'role="img" aria-labelledby="status-chart-title status-chart-desc"' in page
    assert "Antal mål per måluppfyllelse (diagrammets data)" in page
    # Two bars' worth of segments for the financial goals: fulfilled (2 of 4) and not assessed (2 of 4).
    bar = tree.status_chart.bars[
        [g.label for g in tree.status_groups].index("Finansiellt mål för god ekonomisk hushållning")
    ]
    assert [(segment.count, segment.width) for segment in bar.segments] == [(2, 165.0), (2, 165.0)]
    # Coordinates with a decimal point, not the Swedish decimal comma.
    assert '<rect x="300.0" y="' in page and 'width="165.0"' in page
