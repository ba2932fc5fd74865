"""The Alingsås example's vision and council goals, as the seed states them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from goals import example
from goals.models import FocusArea, Goal, Indicator, Measurement, Target, Vision

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    models = (Vision, FocusArea, Goal, Indicator, Target, Measurement)
    return serializers.serialize("json", [obj for model in models for obj in model.objects.order_by("pk")])


def load() -> str:
    out = StringIO()
    call_command("load_example", stdout=out)
    return out.getvalue()


def test_loads_the_vision_and_its_focus_areas() -> None:
    load()
    vision = Vision.objects.get()
    assert vision.text == (
        "Alingsås är Västsveriges vackraste kulturstad i en levande bygd. Genom nytänkande, engagemang och "
        "tillgänglighet skapar vi livskvalitet för alla."
    )
    assert vision.horizon_year == 2040
    assert vision.decision_reference == "KF 2018-03-28 § 55"
    assert vision.decision_date == datetime.date(2018, 3, 28)
    assert list(vision.focus_areas.values_list("name", flat=True)) == [
        "Vackra miljöer",
        "Livskvalitet",
        "Experimentlust",
        "Omställning",
        "Tillsammans",
    ]


def test_loads_the_council_goals() -> None:
    load()
    goals = Goal.objects.council()
    assert goals.count() == 11
    assert goals.filter(kind=Goal.Kind.OVERARCHING).get().title == "Att bli Sveriges mest effektiva kommun"
    assert goals.filter(kind=Goal.Kind.FINANCIAL).count() == 4
    assert goals.filter(kind=Goal.Kind.OPERATIONAL).count() == 6
    # Adopted by the council with the budget, so the public site and the API may show them.
    assert set(goals.values_list("status", flat=True)) == {Goal.Status.ADOPTED}
    for goal in goals.exclude(kind=Goal.Kind.OVERARCHING):
        assert goal.indicators.exists(), goal
        assert Target.objects.filter(indicator__goal=goal, year=2026).exists(), goal
    # The seed gives no values: none are invented.
    assert not Measurement.objects.exists()


def test_invented_links_and_committee_goals_are_labelled_as_sample_data() -> None:
    """The seed links no goal to a focus area and has no committee goals. The demo makes up both so that
    the chain Vision → focus area → council goal → committee goal is whole, and says so on every goal."""
    load()
    for goal in Goal.objects.council():
        assert goal.focus_areas.exists(), goal
        assert goal.sample_note == example.COUNCIL_FOCUS_AREAS_NOTE
    committee_goals = Goal.objects.filter(level=Goal.Level.COMMITTEE)
    assert [(goal.committee.abbreviation, goal.title) for goal in committee_goals] == [
        ("BUN", "Fler elever i årskurs 9 ska vara behöriga till gymnasiets yrkesprogram"),
        ("BUN", "Barn och elever ska känna sig trygga i förskola och skola"),
    ]
    for goal in committee_goals:
        assert goal.sample_note == example.SAMPLE_COMMITTEE_NOTE
        assert goal.status == Goal.Status.ADOPTED
        assert goal.contributes_to.get().level == Goal.Level.COUNCIL
        indicator = goal.indicators.get()
        assert indicator.source == Indicator.Source.MANUAL
        assert indicator.targets.get(year=2026).value is not None
    # Every focus area serves at least one goal.
    assert not FocusArea.objects.filter(goals__isnull=True).exists()


def test_a_focus_area_link_removed_by_an_administrator_stays_removed() -> None:
    load()
    goal = Goal.objects.get(kind=Goal.Kind.OVERARCHING)
    kept = goal.focus_areas.first()
    goal.focus_areas.set([kept])
    load()
    assert list(goal.focus_areas.all()) == [kept]


def test_sample_goals_say_so_on_their_pages(client) -> None:
    load()
    goal = Goal.objects.get(title="Barn och elever ska känna sig trygga i förskola och skola")
    page = client.get(f"/offentlig/mal/{goal.pk}/").content.decode()
    assert "Exempeldata" in page
    assert example.SAMPLE_COMMITTEE_NOTE in page
    real = Goal.objects.get(kind=Goal.Kind.OVERARCHING)
    Goal.objects.filter(pk=real.pk).update(sample_note="")
    assert "Exempeldata" not in client.get(f"/offentlig/mal/{real.pk}/").content.decode()


def test_targets_as_written() -> None:
    load()
    sentences = {target.indicator.name: target.sentence for target in Target.objects.select_related("indicator")}
    assert sentences["Årets resultat i förhållande till skatteintäkter och generella statsbidrag"] == (
        "Minst 4\u00a0% av skatteintäkter och generella statsbidrag"
    )
    assert sentences["Självfinansieringsgrad för årets investeringar i skattefinansierad verksamhet"] == (
        "Minst 100\u00a0%"
    )
    assert sentences["Nettokostnadsutveckling"] == (
        "Ökar inte snabbare än summan av skatteintäkter och generella statsbidrag"
    )
    assert sentences["Soliditet för kommunkoncernen"] == "Oförändrad eller ökande jämfört med föregående år"
    assert sentences["Effektivitetsindex för förskola"] == "Över genomsnittet för Sveriges kommuner"


def test_indicator_sources() -> None:
    load()
    assert dict(Indicator.objects.filter(source=Indicator.Source.BUDGET_RATIO).values_list("ratio_key", "name")) == {
        "result_ratio": "Årets resultat i förhållande till skatteintäkter och generella statsbidrag",
        "self_financing_ratio": "Självfinansieringsgrad för årets investeringar i skattefinansierad verksamhet",
        "net_cost_growth": "Nettokostnadsutveckling",
        "tax_income_growth": "Utveckling av skatteintäkter och generella statsbidrag",
    }
    # The group's equity ratio is not in the budget document: entered by hand.
    assert Indicator.objects.get(name="Soliditet för kommunkoncernen").source == Indicator.Source.MANUAL
    assert list(
        Indicator.objects.filter(source=Indicator.Source.EXTERNAL)
        .order_by("goal__sort_order")
        .values_list("external_id", flat=True)
    ) == ["U11901", "U15900", "U17900", "U28900", "U31904", "U20900"]
    net_cost_target = Target.objects.get(indicator__ratio_key="net_cost_growth")
    assert net_cost_target.reference_indicator is not None
    assert net_cost_target.reference_indicator.ratio_key == "tax_income_growth"


def test_overarching_goal_text_is_the_seeds() -> None:
    load()
    text = Goal.objects.get(kind=Goal.Kind.OVERARCHING).description
    assert text.startswith("Den offentliga sektorn i Sverige går mot en utmanade framtid")
    assert text.endswith("resultat från erkända kvalitetsnyckeltal.")
    assert text.count("\n\n") == 3


def test_running_twice_changes_nothing() -> None:
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Mål: 0 created, 0 changed." in output


def test_a_changed_target_is_put_back() -> None:
    example.load()
    Target.objects.filter(indicator__ratio_key="result_ratio").update(value=3)
    report = example.load()
    assert (report.created, report.changed) == (0, 1)
    assert Target.objects.get(indicator__ratio_key="result_ratio").value == 4
