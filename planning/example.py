"""The Alingsås example's assignments: the political directions of the seed's Mål och budget 2026.

``manage.py load_example`` calls ``load()`` after the goals' example and
before the follow-ups' (INSTALLED_APPS order), so the opened period carries a
report on each. The texts are the seed's own words (the sentences of the
budget's political direction, "En attraktiv kommun för dagens och framtidens
invånare och företag"). The seed gives no decision reference, no due date and
no status: each assignment names the seed as its source, its owner is the
committee or company the sentence names or (road grants, building permits)
the one whose work it is, and its status is the default, not started.
"""

from __future__ import annotations

from django.db import transaction

from goals.example import BUDGET_YEAR
from planning.models import Assignment
from portal.example import LoadReport, upsert
from portal.models import Committee

SOURCE = "Mål och budget 2026, politisk inriktning (ur exemplets källdokument; beslutsreferens saknas där)"

# (owner's abbreviation, issuer, title, the seed's words)
ASSIGNMENTS: list[tuple[str, str, str, str]] = [
    (
        "BUN",
        Assignment.Issuer.EXECUTIVE_BOARD,
        "30 mkr extra till Barn- och ungdomsnämnden",
        "Vi vill satsa på våra barn och unga. Vi ser de 30 mkr extra i kommunstyrelsens rambeslut till "
        "Barn-och ungdomsnämnden som oerhört viktiga. Satsningen ger möjlighet till fler lärare, mindre grupper "
        "och mer studiero i skolorna, vilket bör leda till större motivation och därmed bättre resultat i våra "
        "skolor.",
    ),
    (
        "Alingsåshem",
        Assignment.Issuer.COUNCIL,
        "Fler seniorbostäder",
        "När nu kommunen givit Alingsåshem ett större finansiellt utrymme bör de därför skapa fler "
        "seniorbostäder så att man kan bo bekvämt och tryggt på ålderns höst.",
    ),
    (
        "TN",
        Assignment.Issuer.COUNCIL,
        "Årlig uppräkning av vägbidragen",
        "Vi vill också att kommunens vägföreningar ska kompenseras för den allmänna prisutvecklingen genom en "
        "årlig uppräkning av vägbidragen.",
    ),
    (
        "BMN",
        Assignment.Issuer.COUNCIL,
        "Sveriges effektivaste bygglov- och planprocess",
        "Som en del i detta är vårt mål att ha Sveriges effektivaste bygglov- och planprocess, utan att ge "
        "avkall på lagstiftningen.",
    ),
]


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()
    for abbreviation, issuer, title, text in ASSIGNMENTS:
        owner = Committee.objects.get(abbreviation=abbreviation)
        upsert(
            Assignment,
            {"owner": owner, "year": BUDGET_YEAR, "title": title},
            {"issuer": issuer, "text": text, "source": SOURCE},
            report,
        )
    return report
