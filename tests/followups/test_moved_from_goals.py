"""Upgrading a database from before follow-ups and the fulfillment left goals/ keeps every row.

The models moved apps but kept their tables (``Meta.db_table``); the migrations move them in Django's
state only and move their content types. This test migrates a database full of follow-ups, their
history, notifications and a compiled report back to the schema of goals 0006 (as the last main before
the move had it), writes more rows there through the old models, and migrates forward again: every row
of every moved table is still there, unchanged, the content types keep their ids (and so their
permissions), and the new models read the rows. On SQLite and, in CI's second run, PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from followups import services as followup_services
from followups.models import Assessment, FollowUp, Notification, Transition
from fulfillment import services as fulfillment_services
from fulfillment.models import FulfillmentReport, InputsVersion, ReportRow
from portal.models import User

BEFORE_THE_MOVE = [("goals", "0006_inputs_version"), ("followups", None), ("fulfillment", None)]
MOVED = {
    "followups": [
        "followup",
        "transition",
        "assessment",
        "indicatorvalue",
        "financialoutcome",
        "investmentoutcome",
        "keyevents",
        "notification",
        "historicalassessment",
        "historicalindicatorvalue",
        "historicalfinancialoutcome",
        "historicalinvestmentoutcome",
        "historicalkeyevents",
    ],
    "fulfillment": ["fulfillmentreport", "reportrow", "inputsversion"],
}


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every moved table, as the database holds it, without the stored renderings of Markdown
    (``*_html``, added after the move by followups' 0002_markdown_html, which fills them)."""
    with connection.cursor() as cursor:
        tables = {}
        for models in MOVED.values():
            for model in models:
                table = f"goals_{model}"
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 (names from the list above)
                kept = [n for n, column in enumerate(cursor.description) if not column[0].endswith("_html")]
                tables[table] = [tuple(str(row[n]) for n in kept) for row in cursor.fetchall()]
        return tables


def _migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrates to ``targets`` and returns the models as the first of them had them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([targets[0]]).apps


@pytest.mark.usefixtures("filled_in")  # submitted in the test: filled in first, as a reporter would
# serialized_rollback: the test database is restored afterwards as the browser tests expect it (flushed
# without re-creating content types and permissions, which they restore themselves).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upgrading_from_before_the_move_keeps_every_row(followup: FollowUp, reporter: User, approver: User) -> None:
    # Data on every moved table: sections with history, a submit, a compiled report.
    assessment = followup.assessments.order_by("pk").first()
    assert assessment is not None
    followup_services.section_save(
        section=assessment, actor=reporter, version=assessment.version, values={"analysis": "Det går bra."}
    )
    followup_services.followup_submit(followup=FollowUp.objects.get(pk=followup.pk), actor=reporter)
    report = fulfillment_services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    assert fulfillment_services.fulfillment_compile(report_id=report.pk)
    # An earlier test that flushed the database may have taken the content types and permissions with it.
    for app in MOVED:
        create_permissions(django_apps.get_app_config(app), verbosity=0)
    content_types = {
        (app, model): ContentType.objects.get_for_model(django_apps.get_model(app, model)).pk
        for app, models in MOVED.items()
        for model in models
    }
    permission = Permission.objects.get(
        content_type_id=content_types[("followups", "followup")], codename="view_followup"
    )
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()

    try:
        old_apps = _migrate(BEFORE_THE_MOVE)
        # The old schema: the models are goals', and so are their content types.
        assert not any(
            ContentType.objects.filter(app_label=app, model__in=models).exists() for app, models in MOVED.items()
        )
        for (_, model), pk in content_types.items():
            assert ContentType.objects.get(pk=pk).app_label == "goals", model
        old_followup = old_apps.get_model("goals", "FollowUp").objects.get(pk=followup.pk)
        old_apps.get_model("goals", "Transition").objects.create(
            followup=old_followup,
            action="return",
            from_state="submitted",
            to_state="draft",
            actor_id=reporter.pk,
            comment="Komplettera.",
        )
        old_apps.get_model("goals", "Notification").objects.create(
            kind="submitted",
            followup=old_followup,
            recipient_id=approver.pk,
            email="godkannare@example.se",
            subject="Uppföljningen är inlämnad",
            body="Skriven före flytten.",
        )
        old_apps.get_model("goals", "ReportRow").objects.create(
            report_id=report.pk,
            generation=99,
            kind="goal",
            position=1,
            subject_id=1,
            title="Skriven före flytten",
            status="fulfilled",
            explanation="",
        )
        before = _rows()
        assert all(before.values()), [table for table, rows in before.items() if not rows]
    finally:
        _migrate(leaf)

    assert _rows() == before
    for (app, model), pk in content_types.items():
        assert ContentType.objects.get(pk=pk).app_label == app, model
    assert Permission.objects.get(pk=permission.pk).content_type_id == content_types[("followups", "followup")]
    # The new models read what the old ones wrote.
    assert Transition.objects.filter(followup=followup, comment="Komplettera.").exists()
    assert ReportRow.objects.filter(report=report, title="Skriven före flytten").exists()
    assert Assessment.objects.get(pk=assessment.pk).history.filter(analysis="Det går bra.").exists()
    assert Assessment.objects.get(pk=assessment.pk).analysis_html == "<p>Det går bra.</p>"  # filled on the way up
    assert Notification.objects.filter(followup=followup, body="Skriven före flytten.").exists()
    assert FulfillmentReport.objects.get(pk=report.pk).is_done
    assert InputsVersion.objects.filter(changed_at__lte=timezone.now()).exists()
