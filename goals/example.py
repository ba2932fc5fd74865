"""The Alingsås example: Vision 2040 and the council's goals of "Mål och budget 2026".

``manage.py load_example`` calls ``load()``. Everything here is written as the
seed document states it: the vision and its five focus areas, the overarching
goal, and the four financial and six operational goals for sound financial
management, each with its indicator and its target for the budget year. The
seed gives no measurements, so none are loaded. Loading twice changes nothing
the second time.

Two things are sample data, made up so that the demo shows a whole chain, and
every goal they touch carries a ``sample_note`` that the pages show as
"Exempeldata": the seed says the focus areas pervade all goals but links no
goal to one, so each council goal is linked to the focus areas it plainly
serves; and the seed has no committee goals, so Barn- och ungdomsnämnden (the
demo users' committee) gets two, with indicators and targets, for the
reporter to assess in the Q1 follow-up.

The demo's follow-up period is loaded by followups/example.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from goals.models import EmployerInitiative, FocusArea, Goal, Indicator, Target, Vision
from portal.example import LoadReport, upsert
from portal.models import Committee

BUDGET_YEAR = 2026

VISION_TEXT = (
    "Alingsås är Västsveriges vackraste kulturstad i en levande bygd. Genom nytänkande, engagemang och "
    "tillgänglighet skapar vi livskvalitet för alla."
)
VISION_HORIZON = 2040
VISION_DECISION = "KF 2018-03-28 § 55"
VISION_DECISION_DATE = datetime.date(2018, 3, 28)
FOCUS_AREAS = ["Vackra miljöer", "Livskvalitet", "Experimentlust", "Omställning", "Tillsammans"]

OVERARCHING_TITLE = "Att bli Sveriges mest effektiva kommun"
OVERARCHING_TEXT = "\n\n".join(
    [
        "Den offentliga sektorn i Sverige går mot en utmanade framtid med ett utökat behov av kommunal service "
        "samtidigt som resurserna kommer vara mindre. Om Alingsås kommun ska kunna garantera en hög välfärd och "
        "samtidigt kunna nå vision 2040 så behöver ett omställningsarbete genomföras. Av den anledningen har "
        "Alingsås ett övergripande mål – att bli Sveriges mest effektiva kommun.",
        "Målet innebär att Alingsås ska ha en så hög kvalitet som möjligt utifrån kommunens förutsättningar.",
        "För att Alingsås ska nå detta mål behöver kommunen ha bättre resultat än andra liknande kommuner och "
        "samtidigt ha kostnader som inte överstiger kommunens referenskostnad, det vill säga den kostnad "
        "verksamheter förväntas ha utifrån sina förutsättningar. Att infria detta mål åligger samtliga nämnder, "
        "bolag och verksamheter och berör samtliga områden som kommunen ansvarar för. En förutsättning för att "
        "det ska kunna infrias är ett aktivt arbete med metoder för ständiga förbättringar utifrån respektive "
        "grunduppdrag.",
        "Hur arbetet framskrider med att bli Sveriges mest effektiva kommun, är något som kontinuerligt behöver "
        "analyseras. Detta sker genom ordinarie uppföljning av verksamheternas kostnader och resultat från "
        "erkända kvalitetsnyckeltal.",
    ]
)

AVERAGE_OF_MUNICIPALITIES = "genomsnittet för Sveriges kommuner"


@dataclass(frozen=True)
class ExampleIndicator:
    name: str
    source: str
    unit: str = "%"
    decimals: int = 1
    direction: str = Indicator.Direction.HIGHER_IS_BETTER
    ratio_key: str = ""
    external_id: str = ""
    year_rule: str = Indicator.YearRule.SAME_YEAR


@dataclass(frozen=True)
class ExampleTarget:
    comparator: str
    value: Decimal | None = None
    reference_description: str = ""
    reference_indicator: str = ""  # the name of another indicator of the same goal


@dataclass(frozen=True)
class ExampleGoal:
    kind: str
    title: str
    indicators: tuple[ExampleIndicator, ...]
    target: ExampleTarget  # for the first indicator, in the budget year


NET_COST_GROWTH = ExampleIndicator(
    "Nettokostnadsutveckling",
    Indicator.Source.BUDGET_RATIO,
    ratio_key=Indicator.RatioKey.NET_COST_GROWTH,
    direction=Indicator.Direction.LOWER_IS_BETTER,
)
TAX_INCOME_GROWTH = ExampleIndicator(
    "Utveckling av skatteintäkter och generella statsbidrag",
    Indicator.Source.BUDGET_RATIO,
    ratio_key=Indicator.RatioKey.TAX_INCOME_GROWTH,
)

FINANCIAL_GOALS = [
    ExampleGoal(
        Goal.Kind.FINANCIAL,
        "Årets resultat ska uppgå till minst 4 procent av skatteintäkter och generella statsbidrag",
        (
            ExampleIndicator(
                "Årets resultat i förhållande till skatteintäkter och generella statsbidrag",
                Indicator.Source.BUDGET_RATIO,
                ratio_key=Indicator.RatioKey.RESULT_RATIO,
            ),
        ),
        ExampleTarget(
            Target.Comparator.AT_LEAST, Decimal(4), reference_description="av skatteintäkter och generella statsbidrag"
        ),
    ),
    ExampleGoal(
        Goal.Kind.FINANCIAL,
        "Självfinansieringsgraden för årets investeringar i skattefinansierad verksamhet ska uppgå till minst "
        "100 procent",
        (
            ExampleIndicator(
                "Självfinansieringsgrad för årets investeringar i skattefinansierad verksamhet",
                Indicator.Source.BUDGET_RATIO,
                ratio_key=Indicator.RatioKey.SELF_FINANCING_RATIO,
            ),
        ),
        ExampleTarget(Target.Comparator.AT_LEAST, Decimal(100)),
    ),
    ExampleGoal(
        Goal.Kind.FINANCIAL,
        "Nettokostnaden ska inte öka i snabbare takt än summan av skatteintäkter och generella statsbidrag",
        (NET_COST_GROWTH, TAX_INCOME_GROWTH),
        ExampleTarget(
            Target.Comparator.NOT_FASTER_THAN,
            reference_description="summan av skatteintäkter och generella statsbidrag",
            reference_indicator=TAX_INCOME_GROWTH.name,
        ),
    ),
    ExampleGoal(
        Goal.Kind.FINANCIAL,
        "Soliditeten för kommunkoncernen ska vara oförändrad eller öka",
        # The group's figures are not in the budget document: they are entered by hand.
        (ExampleIndicator("Soliditet för kommunkoncernen", Indicator.Source.MANUAL),),
        ExampleTarget(Target.Comparator.UNCHANGED_OR_RISING),
    ),
]

# Sample data: the seed links no goal to a focus area (it says only that the focus areas "genomsyrar såväl
# politiska mål som verksamheternas egna mål"). Each council goal, by its title, to the areas it serves.
COUNCIL_FOCUS_AREAS_NOTE = (
    "Kopplingen till fokusområden är påhittad för demonstration: Mål och budget 2026 kopplar inga mål till "
    "fokusområden."
)
FINANCIAL_FOCUS_AREAS = ("Omställning",)
OPERATIONAL_FOCUS_AREAS = ("Livskvalitet", "Omställning")
OVERARCHING_FOCUS_AREAS = ("Omställning", "Experimentlust")

# The area as the seed names it, and the Kolada KPI id of its efficiency index.
EFFICIENCY_INDICES = [
    ("förskola", "U11901"),
    ("kommunal grundskola", "U15900"),
    ("kommunal gymnasieskola", "U17900"),
    ("LSS (boende och daglig verksamhet)", "U28900"),
    ("ekonomiskt bistånd", "U31904"),
    ("äldreomsorg", "U20900"),
]
OPERATIONAL_GOALS = [
    ExampleGoal(
        Goal.Kind.OPERATIONAL,
        f"Alingsås kommuns effektivitetsindex för {area} ska vara över genomsnittet för Sveriges kommuner",
        (
            ExampleIndicator(
                f"Effektivitetsindex för {area}",
                Indicator.Source.EXTERNAL,
                unit="",
                decimals=2,  # the deciding difference is often in the decimals (50,70 against 51,17)
                external_id=kpi,
                # Kolada publishes a year's index in the autumn of the next: the annual report judges the latest.
                year_rule=Indicator.YearRule.LATEST_PUBLISHED,
            ),
        ),
        ExampleTarget(Target.Comparator.ABOVE_REFERENCE, reference_description=AVERAGE_OF_MUNICIPALITIES),
    )
    for area, kpi in EFFICIENCY_INDICES
]

# Sample data: Mål och budget 2026 has no committee goals. Two for Barn- och ungdomsnämnden, in the form a
# committee's plan would give them, so that the demo's reporter has goals and indicators to assess.
SAMPLE_COMMITTEE = "BUN"
SAMPLE_COMMITTEE_NOTE = (
    "Målet, dess indikator och målvärde är påhittade för demonstration: Mål och budget 2026 har inga nämndmål."
)


@dataclass(frozen=True)
class SampleCommitteeGoal:
    title: str
    indicator: ExampleIndicator
    target: Decimal
    focus_areas: tuple[str, ...]
    contributes_to: str  # the title of a council goal


SAMPLE_COMMITTEE_GOALS = [
    SampleCommitteeGoal(
        "Fler elever i årskurs 9 ska vara behöriga till gymnasiets yrkesprogram",
        ExampleIndicator("Andel elever i årskurs 9 som är behöriga till yrkesprogram", Indicator.Source.MANUAL),
        Decimal(88),
        ("Livskvalitet",),
        OPERATIONAL_GOALS[1].title,  # effektivitetsindex för kommunal grundskola
    ),
    SampleCommitteeGoal(
        "Barn och elever ska känna sig trygga i förskola och skola",
        ExampleIndicator("Andel elever i årskurs 5 som känner sig trygga i skolan", Indicator.Source.MANUAL),
        Decimal(90),
        ("Tillsammans", "Vackra miljöer"),
        OVERARCHING_TITLE,
    ),
]

# The employer initiatives the seed names ("En attraktiv arbetsgivare för dagens och framtidens välfärd"),
# each with the seed's own sentence as its summary and nothing else. The seed names the four programmes
# together as examples of leadership development, career paths and competence development without saying
# which is which, so they share the category competence development.
_PROGRAMMES = (
    "Vi satsar långsiktigt på att vara en attraktiv arbetsgivare genom ledarskapsutveckling, tydliga "
    "karriärvägar och kontinuerlig kompetensutveckling. Några exempel på detta är insatser som "
    "Äldreomsorgslyftet, Yrkesresan, Språkombud och Professionsprogrammet."
)
_TERMS = (
    "Samtidigt fortsätter vi att förbättra våra anställningsvillkor. Genom att satsa på mer konkurrenskraftiga "
    "löner, höjt friskvårdsbidrag (från 1500 kronor till 2200 kronor), klimakterierådgivning, möjlighet till "
    "semesterväxling samt förmåner som cykelförmån och pendlarstöd, stärker vi vår förmåga att både behålla och "
    "rekrytera nya medarbetare."
)
Category = EmployerInitiative.Category
INITIATIVES: list[dict[str, Any]] = [
    {
        "slug": "aldreomsorgslyftet",
        "title": "Äldreomsorgslyftet",
        "category": Category.COMPETENCE,
        "summary": _PROGRAMMES,
    },
    {"slug": "yrkesresan", "title": "Yrkesresan", "category": Category.COMPETENCE, "summary": _PROGRAMMES},
    {"slug": "sprakombud", "title": "Språkombud", "category": Category.COMPETENCE, "summary": _PROGRAMMES},
    {
        "slug": "professionsprogrammet",
        "title": "Professionsprogrammet",
        "category": Category.COMPETENCE,
        "summary": _PROGRAMMES,
    },
    {
        "slug": "medarbetar-och-chefsoverenskommelse",
        "title": "Medarbetar- och chefsöverenskommelse",
        "category": Category.LEADERSHIP,
        "summary": "För att skapa tydlighet i både ansvar och förväntningar har vi en gemensam medarbetar- och "
        "chefsöverenskommelse. Den fungerar som ett stöd i vardagen och bidrar till en tydlig styrning och samsyn "
        "i hela organisationen.",
    },
    {
        "slug": "utbildningar-kring-klimakteriet",
        "title": "Utbildningar kring klimakteriet",
        "category": Category.EQUALITY,
        "summary": "Som en del i vårt jämställdhetsarbete har vi bland annat genomfört utbildningar kring "
        "klimakteriet, i syfte att öka kunskapen, minska stigmat och bättre anpassa arbetsmiljön efter kvinnors "
        "livsvillkor.",
    },
    {
        "slug": "klimakterieradgivning",
        "title": "Klimakterierådgivning",
        "category": Category.BENEFITS,
        "summary": _TERMS,
    },
    {
        "slug": "hojt-friskvardsbidrag",
        "title": "Höjt friskvårdsbidrag",
        "category": Category.BENEFITS,
        "summary": _TERMS,
        "key_figures": [{"label": "Friskvårdsbidrag", "value": "2 200 kr", "previous": "1 500 kr"}],
    },
    {"slug": "semestervaxling", "title": "Semesterväxling", "category": Category.BENEFITS, "summary": _TERMS},
    {"slug": "cykelforman", "title": "Cykelförmån", "category": Category.BENEFITS, "summary": _TERMS},
    {"slug": "pendlarstod", "title": "Pendlarstöd", "category": Category.BENEFITS, "summary": _TERMS},
    {
        "slug": "digitala-losningar-for-introduktion-och-rekrytering",
        "title": "Digitala lösningar för introduktion och rekrytering",
        "category": Category.DIGITAL,
        "summary": "Vi utvecklar nu digitala lösningar för att förenkla introduktion, rekrytering och uppföljning "
        "av arbetsmiljö.",
    },
]


def _load_initiatives(report: LoadReport) -> None:
    """The seed's initiatives, published when first loaded; a status HR has changed since is kept."""
    for order, initiative in enumerate(INITIATIVES, start=1):
        values = {key: value for key, value in initiative.items() if key != "slug"}
        values.setdefault("key_figures", [])
        values["sort_order"] = order * 10
        created = not EmployerInitiative.objects.filter(slug=initiative["slug"]).exists()
        item = upsert(EmployerInitiative, {"slug": initiative["slug"]}, values, report)
        if created:
            item.status = EmployerInitiative.Status.PUBLISHED
            item.publish_at = timezone.now()
            item.save(update_fields=["status", "publish_at"])


def _link_focus_areas(goal: Goal, vision: Vision, names: tuple[str, ...]) -> None:
    """Adds the sample links; links an administrator has made or removed since are not undone."""
    if not goal.focus_areas.exists():
        goal.focus_areas.set(FocusArea.objects.filter(vision=vision, name__in=names))


def _load_sample_committee_goals(vision: Vision, report: LoadReport) -> None:
    committee = Committee.objects.filter(abbreviation=SAMPLE_COMMITTEE).first()
    if committee is None:  # the portal's example (the committees) has not been loaded
        return
    for order, example in enumerate(SAMPLE_COMMITTEE_GOALS, start=1):
        goal = upsert(
            Goal,
            {"level": Goal.Level.COMMITTEE, "committee": committee, "title": example.title, "first_year": BUDGET_YEAR},
            {"status": Goal.Status.ADOPTED, "sort_order": order * 10, "sample_note": SAMPLE_COMMITTEE_NOTE},
            report,
        )
        _link_focus_areas(goal, vision, example.focus_areas)
        if not goal.contributes_to.exists():
            goal.contributes_to.set(
                Goal.objects.filter(level=Goal.Level.COUNCIL, title=example.contributes_to, first_year=BUDGET_YEAR)
            )
        indicator = upsert(
            Indicator,
            {"goal": goal, "name": example.indicator.name},
            {
                "unit": example.indicator.unit,
                "decimals": example.indicator.decimals,
                "direction": example.indicator.direction,
                "source": example.indicator.source,
                "sort_order": 10,
            },
            report,
        )
        upsert(
            Target,
            {"indicator": indicator, "year": BUDGET_YEAR},
            {"comparator": Target.Comparator.AT_LEAST, "value": example.target},
            report,
        )


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()

    vision = upsert(
        Vision,
        {"horizon_year": VISION_HORIZON},
        {"text": VISION_TEXT, "decision_reference": VISION_DECISION, "decision_date": VISION_DECISION_DATE},
        report,
    )
    for order, name in enumerate(FOCUS_AREAS, start=1):
        upsert(FocusArea, {"vision": vision, "name": name}, {"sort_order": order * 10}, report)

    overarching = upsert(
        Goal,
        {"level": Goal.Level.COUNCIL, "title": OVERARCHING_TITLE, "first_year": BUDGET_YEAR},
        {
            "kind": Goal.Kind.OVERARCHING,
            "status": Goal.Status.ADOPTED,
            "description": OVERARCHING_TEXT,
            "sort_order": 10,
            "sample_note": COUNCIL_FOCUS_AREAS_NOTE,
        },
        report,
    )
    _link_focus_areas(overarching, vision, OVERARCHING_FOCUS_AREAS)
    for order, example in enumerate([*FINANCIAL_GOALS, *OPERATIONAL_GOALS], start=2):
        goal = upsert(
            Goal,
            {"level": Goal.Level.COUNCIL, "title": example.title, "first_year": BUDGET_YEAR},
            {
                "kind": example.kind,
                "status": Goal.Status.ADOPTED,
                "sort_order": order * 10,
                "sample_note": COUNCIL_FOCUS_AREAS_NOTE,
            },
            report,
        )
        _link_focus_areas(
            goal, vision, FINANCIAL_FOCUS_AREAS if example.kind == Goal.Kind.FINANCIAL else OPERATIONAL_FOCUS_AREAS
        )
        indicators = {}
        for indicator_order, indicator in enumerate(example.indicators, start=1):
            indicators[indicator.name] = upsert(
                Indicator,
                {"goal": goal, "name": indicator.name},
                {
                    "unit": indicator.unit,
                    "decimals": indicator.decimals,
                    "direction": indicator.direction,
                    "source": indicator.source,
                    "ratio_key": indicator.ratio_key,
                    "external_id": indicator.external_id,
                    "year_rule": indicator.year_rule,
                    "sort_order": indicator_order * 10,
                },
                report,
            )
        target = example.target
        upsert(
            Target,
            {"indicator": indicators[example.indicators[0].name], "year": BUDGET_YEAR},
            {
                "comparator": target.comparator,
                "value": target.value,
                "reference_description": target.reference_description,
                "reference_indicator": indicators[target.reference_indicator] if target.reference_indicator else None,
            },
            report,
        )

    _load_sample_committee_goals(vision, report)
    _load_initiatives(report)
    return report
