"""The synthetic municipality: the sizes it promises, and the same data from the same seed."""

from __future__ import annotations

import pytest
from django.db import transaction

from bench import generator
from portal.models import Municipality


def _generate_and_digest(seed: int) -> str:
    """Generates inside a savepoint that is rolled back, so that the next generation starts empty."""
    with transaction.atomic():
        generator.generate(seed=seed, scale=0.01)
        result = generator.digest()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_generator_makes_the_promised_counts() -> None:
    generator.generate(seed=1, scale=0.01)

    size = generator.Size.at(0.01)
    assert generator.counts() == size.expected()
    assert Municipality.objects.get().name == "Syntetisk storkommun (testdata)"


def test_full_scale_is_issue_10s_municipality() -> None:
    expected = generator.Size.at(1).expected()

    assert expected["committees"] == 25
    assert expected["council_goals"] == 50
    assert expected["committee_goals"] == 1250
    assert expected["indicators"] == 6250
    assert expected["measurements"] == 125_000
    assert expected["followups"] == 500
    assert expected["assessments"] == 25_000


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    first = _generate_and_digest(seed=7)
    again = _generate_and_digest(seed=7)
    other = _generate_and_digest(seed=8)

    assert first == again
    assert first != other
