"""The Alingsås example: "Mål och budget 2026, plan 2027–2028" as the seed prints it.

``manage.py load_example`` calls ``load()`` after ``portal.example`` has made
the committees. Every figure is the seed's, rounded sums included (the
consistency checks show where they differ); nothing the seed does not give is
invented: the council's decision reference and date are left blank. Loading
twice changes nothing the second time.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from budgets.models import (
    Basis,
    BudgetDocument,
    DocumentText,
    InvestmentArea,
    InvestmentBudget,
    LineRole,
    OperatingBudget,
    StatedTotal,
    Statement,
    StatementAmount,
    StatementLine,
)
from portal.example import LoadReport, upsert
from portal.models import Committee

YEAR = 2026
TITLE = "Mål och budget 2026, plan 2027–2028"
STATEMENT_YEARS = (2026, 2027, 2028)
INVESTMENT_YEARS = (2026, 2027, 2028, 2029, 2030)

# label, role, is_total, figures for 2026–2028 (mnkr); a heading has no figures.
# The income statement's last printed line, the result as a share of tax
# income and general grants (4,4 % 3,6 % 3,1 %), is a key ratio, computed by
# budgets.ratios.result_ratio and shown in its place on the page.
STATEMENTS: dict[str, list[tuple[str, str, bool, tuple[int, ...]]]] = {
    Statement.INCOME: [
        ("Verksamhetens nettokostnader", LineRole.NET_COST, False, (-3055, -3163, -3262)),
        ("Avskrivningar", LineRole.DEPRECIATION, False, (-148, -161, -174)),
        ("Skatteintäkter", LineRole.TAX_INCOME, False, (2571, 2687, 2805)),
        ("Generella statsbidrag och utjämning", LineRole.GENERAL_GRANTS, False, (785, 780, 784)),
        ("Finansiella intäkter", LineRole.FINANCIAL_INCOME, False, (130, 144, 157)),
        ("Finansiella kostnader", LineRole.FINANCIAL_COSTS, False, (-136, -163, -196)),
        ("Årets resultat", LineRole.RESULT, True, (146, 125, 113)),
    ],
    Statement.BALANCE: [
        ("Tillgångar", "", False, ()),
        ("Anläggningstillgångar", LineRole.FIXED_ASSETS, False, (3147, 3706, 4289)),
        ("Omsättningstillgångar", LineRole.CURRENT_ASSETS, False, (5136, 5358, 5555)),
        ("Summa tillgångar", LineRole.TOTAL_ASSETS, True, (8283, 9063, 9845)),
        ("Eget kapital, avsättningar och skulder", "", False, ()),
        ("Eget kapital", LineRole.EQUITY, False, (2116, 2241, 2354)),
        ("Avsättningar", LineRole.PROVISIONS, False, (1128, 1118, 1119)),
        ("Långfristiga skulder", LineRole.LONG_TERM_LIABILITIES, False, (3692, 4355, 5019)),
        ("Kortfristiga skulder", LineRole.SHORT_TERM_LIABILITIES, False, (1347, 1350, 1352)),
        (
            "Summa eget kapital, avsättningar och skulder",
            LineRole.TOTAL_EQUITY_AND_LIABILITIES,
            True,
            (8283, 9063, 9845),
        ),
    ],
    Statement.CASH_FLOW: [
        ("Kassaflöde från den löpande verksamheten", LineRole.CASH_FLOW_OPERATING, False, (110, 141, 153)),
        ("Kassaflöde från investeringsverksamheten", LineRole.CASH_FLOW_INVESTING, False, (-586, -719, -755)),
        ("Kassaflöde från finansieringsverksamheten", LineRole.CASH_FLOW_FINANCING, False, (425, 625, 625)),
        ("Årets kassaflöde", LineRole.CASH_FLOW_YEAR, True, (-51, 47, 23)),
    ],
}

# Kommunbidrag per committee, 2026–2028 (tkr).
OPERATING_BUDGET: list[tuple[str, tuple[int, ...]]] = [
    ("Vård- och omsorgsnämnden", (1017829, 1058308, 1101731)),
    ("Socialnämnden", (265836, 275214, 285152)),
    ("Kultur- och utbildningsnämnden", (393467, 414175, 431922)),
    ("Barn- och ungdomsnämnden", (1131226, 1164800, 1197078)),
    ("Bygg- och miljönämnden", (17841, 18394, 18982)),
    ("Tekniska nämnden", (85940, 88604, 91439)),
    ("Kommunstyrelsen", (153695, 162429, 166595)),
    ("Överförmyndarnämnden", (5045, 5202, 5368)),
]
OPERATING_TOTAL = ("Summa kommunbidrag", (3070880, 3187126, 3298267))

# Investments 2026–2030 per committee (tkr) ...
INVESTMENT_BUDGET: list[tuple[str, tuple[int, ...]]] = [
    ("Vård- och omsorgsnämnden", (5800, 5800, 5800, 5850, 5850)),
    ("Socialnämnden", (800, 800, 800, 800, 800)),
    ("Kultur- och utbildningsnämnden", (12340, 9000, 8400, 8600, 8700)),
    ("Barn- och ungdomsnämnden", (18590, 22290, 18990, 17990, 17990)),
    ("Tekniska nämnden", (75695, 75829, 74522, 74519, 73702)),
    ("Kommunstyrelsen", (140750, 79975, 74323, 121915, 146100)),
]
# ... and per area the document lists on its own.
INVESTMENT_AREAS: list[tuple[str, tuple[int, ...]]] = [
    (InvestmentArea.FINANCIAL_LEASING, (25000, 26000, 27000, 28000, 29000)),
    (InvestmentArea.WATER, (308024, 502140, 561084, 449975, 495847)),
    (InvestmentArea.WASTE, (24000, 23650, 11350, 6950, 12850)),
]
INVESTMENT_TOTAL = ("Summa investeringar", (610999, 745484, 782269, 714599, 790839))

# The political priorities, verbatim; the seed's lines joined into paragraphs.
EMPLOYER_TEXT = [
    (
        "För att säkra en välfärd med hög kvalitet i Alingsås måste kommunen vara en arbetsgivare där dagens "
        "medarbetare vill stanna kvar och även utvecklas i sitt arbete och som lockar till sig nya "
        "medarbetare. Därför är arbetet med att vara en attraktiv arbetsgivare en av våra viktigaste "
        "strategiska frågor."
    ),
    (
        "I en tid där konkurrensen om kompetens är tuff och behoven snabbt förändras, tar vi tydliga steg "
        "framåt. Vi vill fortsätta bygga en arbetsplats där utveckling, delaktighet och hållbarhet är i fokus"
        " – med medarbetaren i centrum och ett aktivt, tydligt och närvarande ledarskap."
    ),
    (
        "Vårt arbetsgivarvarumärke betonar nytänkande, samspel mellan chefer och medarbetare – och en "
        "arbetsmiljö som präglas av jämställdhet och mångfald."
    ),
    (
        "Vi satsar långsiktigt på att vara en attraktiv arbetsgivare genom ledarskapsutveckling, tydliga "
        "karriärvägar och kontinuerlig kompetensutveckling. Några exempel på detta är insatser som "
        "Äldreomsorgslyftet, Yrkesresan, Språkombud och Professionsprogrammet."
    ),
    (
        "För att skapa tydlighet i både ansvar och förväntningar har vi en gemensam medarbetar- och "
        "chefsöverenskommelse. Den fungerar som ett stöd i vardagen och bidrar till en tydlig styrning och "
        "samsyn i hela organisationen."
    ),
    (
        "Vi arbetar aktivt för en inkluderande arbetsplats där alla medarbetare ges lika möjligheter att "
        "utvecklas, bidra och må bra. Medarbetare ska känna sig trygga med att brister och utvecklingsområden"
        " de lyfter hanteras respektfullt och systematiskt av kommunen."
    ),
    (
        "Som en del i vårt jämställdhetsarbete har vi bland annat genomfört utbildningar kring klimakteriet, "
        "i syfte att öka kunskapen, minska stigmat och bättre anpassa arbetsmiljön efter kvinnors "
        "livsvillkor."
    ),
    (
        "Genom sådana satsningar stärker vi förståelsen för olika livssituationer och bygger en organisation "
        "där olikheter ses som en tillgång."
    ),
    ("Vi utvecklar nu digitala lösningar för att förenkla introduktion, rekrytering och uppföljning av arbetsmiljö."),
    (
        "Samtidigt fortsätter vi att förbättra våra anställningsvillkor. Genom att satsa på mer "
        "konkurrenskraftiga löner, höjt friskvårdsbidrag (från 1500 kronor till 2200 kronor), "
        "klimakterierådgivning, möjlighet till semesterväxling samt förmåner som cykelförmån och pendlarstöd,"
        " stärker vi vår förmåga att både behålla och rekrytera nya medarbetare."
    ),
    (
        "Grunden i allt vi gör, och fortsatt vill göra, är våra värderingar – här ska alla känna sig "
        "välkomna, ha lika möjligheter och en hållbar arbetsmiljö. Ett nära samarbete med de fackliga "
        "organisationerna är en självklar del i det arbetet. Vi utvecklas bara tillsammans."
    ),
    (
        "Att vara en attraktiv arbetsgivare handlar inte om punktinsatser – det kräver långsiktighet, "
        "systematik och politisk vilja. Vi vill fortsätta investera i människorna som varje dag gör skillnad "
        "för Alingsåsborna."
    ),
]

MUNICIPALITY_TEXT = [
    (
        "Vi vill satsa på våra barn och unga. Vi ser de 30 mkr extra i kommunstyrelsens rambeslut till "
        "Barn-och ungdomsnämnden som oerhört viktiga. Satsningen ger möjlighet till fler lärare, mindre "
        "grupper och mer studiero i skolorna, vilket bör leda till större motivation och därmed bättre "
        "resultat i våra skolor."
    ),
    (
        "Kostnaderna för lokaler ökar ständigt och riskerar tränga ut möjligheterna att satsa på personal, "
        "detta oavsett om det gäller förskolor, skolor, omsorg eller med mera. Alla i verksamheterna bör noga"
        " se över hur man ska få till ändamålsenliga och yteffektiva lokaler så att vi inte behöver lägga mer"
        " pengar än nödvändigt på hyror. Effektiv lokalplanering ska ske med hänsyn till att hela kommunen "
        "fortsatt ska erbjuda service nära invånarna."
    ),
    (
        "Vi vill utveckla samverkan mellan gymnasiet och näringslivet gällande utbildningsinriktningar och "
        "praktik med mera så att våra ungdomar får en så bra grund som möjligt då de går ut i arbetslivet."
    ),
    (
        "Arbetsmarknadsenheten ska fortsätta med sitt tydliga uppdrag – de som kan jobba ska jobba, och de "
        "som idag inte kan ska hjälpas till anställningsbarhet."
    ),
    (
        "Föreningslivet är grunden för en positiv fritid. Alingsås har mängder av föreningar som ger "
        "möjligheter till aktiviteter på alla nivåer vilket är oerhört värdefullt. Kommunen stödjer, och ska "
        "stödja, alla dessa värdefulla aktiviteter och också samverka med föreningslivet gällande "
        "hyressättning, lokalfrågor mm."
    ),
    (
        "Många äldre får allt svårare att klara av sitt boende i sin lägenhet eller sitt hus som inte är "
        "tillgänglighetsanpassat. När nu kommunen givit Alingsåshem ett större finansiellt utrymme bör de "
        "därför skapa fler seniorbostäder så att man kan bo bekvämt och tryggt på ålderns höst."
    ),
    (
        "Alingsås är en vacker kommun med en unik stadskärna, många trevliga samhällen och en mängd unika "
        "naturmiljöer. Vi ska värna alla dessa fantastiska orter och platser, och givetvis ska det kännas "
        "tryggt att under dygnets alla timmar vistas i våra tätorter såväl som i naturen i hela vår kommun. "
        "Kommunen ska bidra till att skapa trygghet för våldsutsatta kvinnor och arbeta för att förebygga "
        "våld i nära relationer, bland annat genom samverkan med relevanta aktörer. Vi vill också att "
        "kommunens vägföreningar ska kompenseras för den allmänna prisutvecklingen genom en årlig uppräkning "
        "av vägbidragen. Kommunen fortsätter arbetet med att utveckla gång- och cykelvägar i hela kommunen "
        "för att främja hållbar mobilitet."
    ),
    (
        "Ett gott näringslivsklimat är kärnan i att företag utvecklas och nya vill etablera sig i kommunen. "
        "Alingsås ska sträva efter att ha goda relationer med företagen genom dialog, lyhördhet och tydlig "
        "och saklig kommunikation. Som en del i detta är vårt mål att ha Sveriges effektivaste bygglov- och "
        "planprocess, utan att ge avkall på lagstiftningen. Vi ska också se till att bevaka kommunens "
        "intressen i nationella och regionala frågor, såsom infrastruktur, utbildning mm. Vi ska klättra "
        "rejält i Näringslivsrankingen."
    ),
    (
        "Ambitionen är att Alingsås ska bli Sveriges mest effektiva kommun, där varje skattekrona är ett "
        "bidrag till en verksamhet av högsta kvalitet i allt det som kommunen gör."
    ),
]

TEXTS: list[tuple[str, list[str]]] = [
    ("En attraktiv arbetsgivare för dagens och framtidens välfärd", EMPLOYER_TEXT),
    ("En attraktiv kommun för dagens och framtidens invånare och företag", MUNICIPALITY_TEXT),
]


def _basis(year: int) -> str:
    return Basis.BUDGET if year == YEAR else Basis.PLAN


def _committees(names: list[str]) -> dict[str, Committee]:
    committees = {committee.name: committee for committee in Committee.objects.filter(name__in=names)}
    missing = sorted(set(names) - set(committees))
    if missing:
        raise Committee.DoesNotExist(f"Load portal.example first: missing committees {', '.join(missing)}")
    return committees


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()
    document = upsert(
        BudgetDocument,
        {"year": YEAR},
        {"title": TITLE, "plan_years": len(STATEMENT_YEARS) - 1, "status": BudgetDocument.Status.ADOPTED},
        report,
    )

    for statement, lines in STATEMENTS.items():
        for order, (label, role, is_total, figures) in enumerate(lines, start=1):
            line = upsert(
                StatementLine,
                {"document": document, "statement": statement, "label": label},
                {"role": role, "is_total": is_total, "sort_order": order * 10},
                report,
            )
            for year, amount in zip(STATEMENT_YEARS, figures, strict=False):
                upsert(
                    StatementAmount,
                    {"line": line, "year": year, "basis": _basis(year)},
                    {"amount": Decimal(amount)},
                    report,
                )

    committees = _committees([name for name, _ in OPERATING_BUDGET + INVESTMENT_BUDGET])
    for name, figures in OPERATING_BUDGET:
        for year, amount in zip(STATEMENT_YEARS, figures, strict=True):
            upsert(
                OperatingBudget,
                {"document": document, "committee": committees[name], "year": year},
                {"basis": _basis(year), "amount": Decimal(amount)},
                report,
            )
    for name, figures in INVESTMENT_BUDGET:
        for year, amount in zip(INVESTMENT_YEARS, figures, strict=True):
            upsert(
                InvestmentBudget,
                {"document": document, "area": InvestmentArea.COMMITTEE, "committee": committees[name], "year": year},
                {"amount": Decimal(amount)},
                report,
            )
    for area, figures in INVESTMENT_AREAS:
        for year, amount in zip(INVESTMENT_YEARS, figures, strict=True):
            upsert(
                InvestmentBudget,
                {"document": document, "area": area, "committee": None, "year": year},
                {"amount": Decimal(amount)},
                report,
            )

    for table, (label, figures), years in (
        (StatedTotal.Table.OPERATING, OPERATING_TOTAL, STATEMENT_YEARS),
        (StatedTotal.Table.INVESTMENT, INVESTMENT_TOTAL, INVESTMENT_YEARS),
    ):
        for year, amount in zip(years, figures, strict=True):
            upsert(
                StatedTotal,
                {"document": document, "table": table, "year": year},
                {"label": label, "amount": Decimal(amount)},
                report,
            )

    for order, (heading, paragraphs) in enumerate(TEXTS, start=1):
        upsert(
            DocumentText,
            {"document": document, "heading": heading},
            {"body": "\n\n".join(paragraphs), "sort_order": order * 10},
            report,
        )
    return report
