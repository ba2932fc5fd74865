"""The fulfillment models, moved here from goals with their tables (goals_fulfillmentreport, ...) and rows."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from portal.moving import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("goals", "0006_inputs_version"),
        ("portal", "0004_reportingperiod"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (goals made them): only Django's state learns that the models are here now.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InputsVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("token", models.UUIDField(default=uuid.uuid4, verbose_name="version")),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="ändrat")),
                    ],
                    options={
                        "verbose_name": "version av måluppfyllelsens underlag",
                        "verbose_name_plural": "versioner av måluppfyllelsens underlag",
                        "db_table": "goals_inputsversion",
                    },
                ),
                migrations.CreateModel(
                    name="FulfillmentReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="år")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        (
                            "state",
                            models.CharField(
                                choices=[("draft", "Utkast"), ("published", "Publicerad")],
                                default="draft",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "counting",
                            models.CharField(
                                choices=[
                                    (
                                        "per_group",
                                        "Majoritet av de finansiella målen och av verksamhetsmålen, var för sig",
                                    ),
                                    ("combined", "Majoritet av de finansiella målen och verksamhetsmålen tillsammans"),
                                ],
                                default="per_group",
                                max_length=20,
                                verbose_name="hur majoriteten räknas",
                            ),
                        ),
                        (
                            "verdict_met",
                            models.BooleanField(blank=True, null=True, verbose_name="god ekonomisk hushållning"),
                        ),
                        (
                            "verdict_text",
                            models.TextField(blank=True, verbose_name="bedömning av god ekonomisk hushållning"),
                        ),
                        ("inputs", models.JSONField(blank=True, default=dict, verbose_name="underlag")),
                        (
                            "inputs_digest",
                            models.CharField(blank=True, max_length=64, verbose_name="kontrollsumma för underlaget"),
                        ),
                        (
                            "generation",
                            models.PositiveIntegerField(default=0, editable=False, verbose_name="generation"),
                        ),
                        (
                            "progress",
                            models.CharField(
                                choices=[
                                    ("queued", "Väntar på att sammanställas"),
                                    ("running", "Sammanställs"),
                                    ("done", "Klar"),
                                    ("failed", "Misslyckades"),
                                ],
                                default="queued",
                                max_length=20,
                                verbose_name="förlopp",
                            ),
                        ),
                        ("progress_done", models.PositiveIntegerField(default=0, verbose_name="klart")),
                        ("progress_total", models.PositiveIntegerField(default=0, verbose_name="totalt")),
                        ("error", models.TextField(blank=True, verbose_name="fel")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="försök")),
                        ("heartbeat_at", models.DateTimeField(blank=True, null=True, verbose_name="senast igång")),
                        ("compiled_at", models.DateTimeField(blank=True, null=True, verbose_name="sammanställd")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="skapad")),
                        ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="publicerad")),
                        (
                            "as_of",
                            models.ForeignKey(
                                blank=True,
                                help_text="Tomt: hela året.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="fulfillment_reports",
                                to="portal.reportingperiod",
                                verbose_name="per period",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="skapad av",
                            ),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="publicerad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "sammanställning av måluppfyllelse",
                        "verbose_name_plural": "sammanställningar av måluppfyllelse",
                        "db_table": "goals_fulfillmentreport",
                        "ordering": ["-year", "-version", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ReportRow",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("generation", models.PositiveIntegerField(verbose_name="generation")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("focus_area", "Fokusområde"), ("goal", "Mål"), ("indicator", "Indikator")],
                                max_length=20,
                                verbose_name="slag",
                            ),
                        ),
                        ("position", models.PositiveIntegerField(verbose_name="ordning")),
                        ("subject_id", models.BigIntegerField(verbose_name="id")),
                        ("parent_id", models.BigIntegerField(blank=True, null=True, verbose_name="hör till")),
                        ("title", models.CharField(max_length=500, verbose_name="rubrik")),
                        ("level", models.CharField(blank=True, max_length=20, verbose_name="nivå")),
                        ("goal_kind", models.CharField(blank=True, max_length=20, verbose_name="slag av mål")),
                        ("committee", models.CharField(blank=True, max_length=200, verbose_name="nämnd")),
                        ("rule", models.CharField(blank=True, max_length=20, verbose_name="bedöms")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("fulfilled", "Uppfyllt"),
                                    ("partly", "Delvis uppfyllt"),
                                    ("not_fulfilled", "Ej uppfyllt"),
                                    ("not_assessed", "Ej bedömt"),
                                ],
                                max_length=20,
                                verbose_name="måluppfyllelse",
                            ),
                        ),
                        ("explanation", models.TextField(verbose_name="förklaring")),
                        ("basis", models.CharField(blank=True, max_length=20, verbose_name="grund")),
                        (
                            "assessed_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("fulfilled", "Uppfyllt"),
                                    ("partly", "Delvis uppfyllt"),
                                    ("not_fulfilled", "Ej uppfyllt"),
                                    ("not_assessed", "Ej bedömt"),
                                ],
                                max_length=20,
                                verbose_name="nämndens bedömning",
                            ),
                        ),
                        ("difference", models.TextField(blank=True, verbose_name="skillnad mot nämndens bedömning")),
                        ("inputs", models.JSONField(default=dict, verbose_name="underlag")),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rows",
                                to="fulfillment.fulfillmentreport",
                                verbose_name="sammanställning",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rad i sammanställning",
                        "verbose_name_plural": "rader i sammanställningar",
                        "db_table": "goals_reportrow",
                        "ordering": ["report", "position"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("as_of__isnull", True), ("state", "draft")),
                        fields=("year",),
                        name="fulfillmentreport_one_draft_per_year",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("as_of__isnull", False), ("state", "draft")),
                        fields=("year", "as_of"),
                        name="fulfillmentreport_one_draft_per_year_period",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("as_of__isnull", True)),
                        fields=("year", "version"),
                        name="fulfillmentreport_unique_year_version",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("as_of__isnull", False)),
                        fields=("year", "as_of", "version"),
                        name="fulfillmentreport_unique_year_period_version",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("state__in", ["draft", "published"])), name="fulfillmentreport_state_known"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("progress__in", ["queued", "running", "done", "failed"])),
                        name="fulfillmentreport_progress_known",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("state", "draft"),
                            models.Q(("progress", "done"), ("published_at__isnull", False)),
                            _connector="OR",
                        ),
                        name="fulfillmentreport_published_is_done",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="fulfillmentreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("progress_done__lte", models.F("progress_total"))),
                        name="fulfillmentreport_done_not_above_total",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reportrow",
                    constraint=models.UniqueConstraint(
                        fields=("report", "generation", "position"), name="reportrow_unique_report_generation_position"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reportrow",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("kind__in", ["focus_area", "goal", "indicator"])),
                        name="reportrow_kind_known",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            move_content_types(
                from_app="goals", to_app="fulfillment", models=["fulfillmentreport", "reportrow", "inputsversion"]
            ),
            move_content_types(
                from_app="fulfillment", to_app="goals", models=["fulfillmentreport", "reportrow", "inputsversion"]
            ),
        ),
    ]
