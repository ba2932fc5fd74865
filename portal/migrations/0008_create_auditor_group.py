from __future__ import annotations

from typing import Any

from django.db import migrations


def create_auditor_group(apps: Any, schema_editor: Any) -> None:
    """The auditor's role (portal.models.Role.AUDITOR) is found by its group's name, as the others."""
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="auditor")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_municipality_separation_of_duties"),
    ]

    operations = [migrations.RunPython(create_auditor_group, migrations.RunPython.noop)]
