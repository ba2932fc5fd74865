from __future__ import annotations

from typing import Any

from django.db import migrations

# The municipality-wide roles (portal.models.Role); frozen here as migrations must be.
ROLE_GROUPS = ["strategist", "hr_editor", "viewer", "manager", "administrator"]


def create_role_groups(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
