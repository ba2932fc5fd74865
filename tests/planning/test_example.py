"""The example's assignments are the seed's political directions, in its own words, labelled as from it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from followups.models import AssignmentReport
from planning.models import Assignment

pytestmark = pytest.mark.django_db


def test_the_seeds_political_directions_are_the_examples_assignments() -> None:
    call_command("load_example", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = {a.owner.abbreviation: a for a in Assignment.objects.select_related("owner")}
    assert set(rows) == {"BUN", "Alingsåshem", "TN", "BMN"}
    assert "30 mkr extra i kommunstyrelsens rambeslut" in rows["BUN"].text
    assert rows["BUN"].issuer == Assignment.Issuer.EXECUTIVE_BOARD
    assert "skapa fler seniorbostäder" in rows["Alingsåshem"].text
    assert "årlig uppräkning av vägbidragen" in rows["TN"].text
    assert "Sveriges effektivaste bygglov- och planprocess" in rows["BMN"].text
    assert all("källdokument" in a.source and a.decision_reference == "" for a in rows.values())
    # The example's open period has a report on each, in its owner's follow-up.
    assert AssignmentReport.objects.count() == 4
    call_command("load_example", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Assignment.objects.count() == 4
